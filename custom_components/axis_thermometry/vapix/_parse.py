"""Primitive readers for device payloads.

Every reader validates the type it returns and raises :class:`VapixMalformedResponseError`
naming the offending field, so a parser built from them cannot leak ``KeyError``,
``TypeError`` or ``ValueError``.
"""

from collections.abc import Callable, Mapping, Sequence
from enum import StrEnum
import math
from typing import Any

from .errors import VapixMalformedResponseError

type Point = tuple[float, float]


def malformed(what: str, value: object) -> VapixMalformedResponseError:
    """Build the error for a field of the wrong type or value."""
    shown = repr(value)
    if len(shown) > 80:
        shown = shown[:77] + "..."
    return VapixMalformedResponseError(f"{what}: unexpected value {shown}")


def as_mapping(value: object, what: str) -> Mapping[str, Any]:
    """Return ``value`` if it is a JSON object."""
    if not isinstance(value, Mapping):
        raise malformed(what, value)
    return value


def as_list(value: object, what: str) -> Sequence[Any]:
    """Return ``value`` if it is a JSON array."""
    if not isinstance(value, list | tuple):
        raise malformed(what, value)
    return value


def as_bool(value: object, what: str) -> bool:
    """Return ``value`` if it is a JSON boolean."""
    if not isinstance(value, bool):
        raise malformed(what, value)
    return value


def as_str(value: object, what: str) -> str:
    """Return ``value`` if it is a JSON string."""
    if not isinstance(value, str):
        raise malformed(what, value)
    return value


def as_number(value: object, what: str) -> float:
    """Return a finite JSON number; integral values come back as ``int``.

    The specifications give temperatures as ``<int>`` in some places and ``<float>`` in
    others, and devices send both; callers get one type to work with.
    """
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise malformed(what, value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise malformed(what, value)
        if value.is_integer() and abs(value) < 2**53:
            return int(value)
    return value


def as_int(value: object, what: str) -> int:
    """Return a JSON integer (an integral float such as ``5.0`` is accepted)."""
    number = as_number(value, what)
    if not isinstance(number, int):
        raise malformed(what, value)
    return number


def as_point(value: object, what: str) -> Point:
    """Return an ``[x, y]`` pair of numbers."""
    items = as_list(value, what)
    if len(items) != 2:
        raise malformed(what, value)
    return (float(as_number(items[0], what)), float(as_number(items[1], what)))


def as_enum[E: StrEnum](enum: type[E], value: object, what: str) -> E:
    """Return the member of ``enum`` whose value is ``value``."""
    text = as_str(value, what)
    try:
        return enum(text)
    except ValueError:
        raise malformed(what, value) from None


def first_key(obj: Mapping[str, Any], keys: Sequence[str], what: str) -> Any:
    """Return the value of the first of ``keys`` present (documented spelling variants)."""
    for key in keys:
        if key in obj:
            return obj[key]
    raise VapixMalformedResponseError(f"{what}: missing field {' / '.join(keys)}")


def optional[T](
    obj: Mapping[str, Any], keys: Sequence[str], reader: Callable[[object, str], T], what: str
) -> T | None:
    """Read the first of ``keys`` present with ``reader``; ``None`` when absent or null."""
    for key in keys:
        if key in obj and obj[key] is not None:
            return reader(obj[key], f"{what}.{key}")
    return None


def required[T](
    obj: Mapping[str, Any], keys: Sequence[str], reader: Callable[[object, str], T], what: str
) -> T:
    """Read the first of ``keys`` present with ``reader``; malformed when none is."""
    value = first_key(obj, keys, what)
    return reader(value, f"{what}.{keys[0]}")


def list_of[T](value: object, reader: Callable[[object, str], T], what: str) -> tuple[T, ...]:
    """Read every item of a JSON array with ``reader``."""
    return tuple(
        reader(item, f"{what}[{index}]") for index, item in enumerate(as_list(value, what))
    )


def to_wire_number(value: float) -> int | float:
    """Send integral values as JSON integers, as the syntax sections specify."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value
