"""Primitive readers for device payloads.

Every JSON object a device sends finds its keys without regard to case: firmware spells keys
unlike the documents (Axis's own clients read ``listAreas`` under ``arealist``, 000 writes
``areaList``; 000 itself writes ``grouplist`` and ``groupList``). :func:`loads` decodes objects
into aiohttp's case-insensitive mapping (:class:`multidict.CIMultiDict`) and :func:`as_mapping`
makes any other object one, so ``data["areaList"]``, ``"AREALIST" in data`` and
``data.get("arealist")`` find the same member: parsers name each key once, as documented.

Every reader validates the type (and, where the documents give one, the range) of what it
returns and raises :class:`VapixMalformedResponseError` naming the offending field, so a
parser built from them cannot leak ``KeyError``, ``TypeError``, ``ValueError`` or
``OverflowError``, nor hand Home Assistant a number it cannot convert.
"""

from collections.abc import Callable, Iterable, Mapping, Sequence
import contextlib
from enum import StrEnum
import json
import logging
import math
import re
from typing import Any, Final

from multidict import CIMultiDict

from .errors import VapixMalformedResponseError

_LOGGER = logging.getLogger(__name__)

type Point = tuple[float, float]

# 000 gives temperatures as -40..700; in Fahrenheit 700 °C is 1292 °F. With margin:
TEMPERATURE_RANGE: Final = (-100, 1500)
# Ids, counts and preset numbers: the documents give no upper bound; this is a sane one.
MAX_ID: Final = 65535
# Names are at most 60 characters in 000's examples (maxNameLength); a device's longer text is
# cut to this, never stored or drawn whole (a 300 000-character area name took 10 s to draw).
MAX_TEXT: Final = 256
# Image coordinates span -1..1 (000); a little slack for rounding.
COORDINATE_LIMIT: Final = 1.01
# Digits as devices send them: ASCII only, and never more than a number of this many.
_UNSIGNED = re.compile(r"[0-9]{1,9}")
_DECIMAL = re.compile(r"[-+]?(?:[0-9]{1,9}(?:\.[0-9]{0,9})?|\.[0-9]{1,9})")


def malformed(what: str, value: object) -> VapixMalformedResponseError:
    """Build the error for a field of the wrong type or value."""
    shown = repr(value)
    if len(shown) > 80:
        shown = shown[:77] + "..."
    return VapixMalformedResponseError(f"{what}: unexpected value {shown}")


def loads(data: bytes | str) -> Any:
    """Decode a device's JSON; every object in it finds its keys without regard to case.

    Raises :class:`ValueError` (not JSON) or :class:`RecursionError` (nested too deep).
    """
    return json.loads(data, object_pairs_hook=CIMultiDict)


def as_mapping(value: object, what: str) -> Mapping[str, Any]:
    """Return ``value`` if it is a JSON object, finding its keys without regard to case."""
    if isinstance(value, CIMultiDict):
        return value
    if not isinstance(value, Mapping) or not all(isinstance(key, str) for key in value):
        raise malformed(what, value)
    return CIMultiDict(value)


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


def cut(text: str) -> str:
    """A text the device supplies (a name), bounded to :data:`MAX_TEXT` characters."""
    return text[:MAX_TEXT]


def as_name(value: object, what: str) -> str:
    """Return a JSON string naming something (an area, a group, a port), bounded."""
    return cut(as_str(value, what))


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


def as_bounded(value: object, what: str, low: float, high: float) -> float:
    """Return a JSON number within ``low``..``high``."""
    number = as_number(value, what)
    if not low <= number <= high:
        raise malformed(what, value)
    return number


def as_bounded_int(value: object, what: str, low: int, high: int) -> int:
    """Return a JSON integer within ``low``..``high``."""
    number = as_int(value, what)
    if not low <= number <= high:
        raise malformed(what, value)
    return number


def as_temperature(value: object, what: str) -> float:
    """Return a temperature (of either scale) within :data:`TEMPERATURE_RANGE`."""
    return as_bounded(value, what, *TEMPERATURE_RANGE)


def as_temperature_delta(value: object, what: str) -> float:
    """Return a temperature difference: 0 up to the widest documented span."""
    return as_bounded(value, what, 0, TEMPERATURE_RANGE[1] - TEMPERATURE_RANGE[0])


def as_id(value: object, what: str) -> int:
    """Return an id, count or preset number: an integer from 0 to :data:`MAX_ID`."""
    return as_bounded_int(value, what, 0, MAX_ID)


def as_coordinate(value: object, what: str) -> float:
    """Return one image coordinate (-1..1)."""
    return float(as_bounded(value, what, -COORDINATE_LIMIT, COORDINATE_LIMIT))


def as_point(value: object, what: str) -> Point:
    """Return a point of image coordinates (-1..1): ``[x, y]``, or ``{"x": …, "y": …}``.

    The documents write pairs; public clients of real firmware read ``x`` and ``y``.
    """
    if isinstance(value, Mapping):
        data = as_mapping(value, what)
        return required(data, ("x",), as_coordinate, what), required(
            data, ("y",), as_coordinate, what
        )
    items = as_list(value, what)
    if len(items) != 2:
        raise malformed(what, value)
    return as_coordinate(items[0], what), as_coordinate(items[1], what)


def parse_unsigned(text: str, what: str) -> int:
    """An unsigned decimal number in ASCII digits, as text CGIs send them."""
    stripped = text.strip()
    if not _UNSIGNED.fullmatch(stripped):
        raise malformed(what, text)
    return int(stripped)


def parse_decimal(text: str, what: str) -> float:
    """A decimal number in ASCII digits (``-50``, ``103.09``), as text CGIs send them."""
    stripped = text.strip()
    if not _DECIMAL.fullmatch(stripped):
        raise malformed(what, text)
    return float(stripped)


def as_enum[E: StrEnum](enum: type[E], value: object, what: str) -> E:
    """Return the member of ``enum`` whose value is ``value``."""
    text = as_str(value, what)
    try:
        return enum(text)
    except ValueError:
        raise malformed(what, value) from None


def first_key(obj: Mapping[str, Any], keys: Sequence[str], what: str) -> Any:
    """Return the value of the first of ``keys`` present (documented spelling variants).

    ``keys`` are different words (``minCoordinates``/``minPos``), never different cases of
    one: ``obj`` comes from :func:`as_mapping`, which finds every case.
    """
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


class Items[T](tuple[T, ...]):
    """The well-formed items of a list answer, and the ids of the items that were not."""

    unreadable: frozenset[int]

    def __new__(cls, items: Iterable[T], unreadable: Iterable[int] = ()) -> Items[T]:
        """Hold ``items``; ``unreadable``: ids of the items left out."""
        self = super().__new__(cls, items)
        self.unreadable = frozenset(unreadable)
        return self


def items_of[T](value: object, reader: Callable[[object, str], T], what: str) -> Items[T]:
    """Read the items of a JSON array with ``reader``, leaving out the malformed ones.

    One area with an impossible value is that area's problem: the others are still read, and
    the ids of those left out (where their id itself is readable) are kept in ``unreadable``.
    An answer whose every item is malformed is itself malformed.
    """
    items: list[T] = []
    unreadable: set[int] = set()
    errors: list[VapixMalformedResponseError] = []
    for index, item in enumerate(as_list(value, what)):
        try:
            items.append(reader(item, f"{what}[{index}]"))
        except VapixMalformedResponseError as err:
            _LOGGER.debug("Leaving out %s[%d]: %s", what, index, err)
            errors.append(err)
            with contextlib.suppress(VapixMalformedResponseError):
                unreadable.add(as_id(as_mapping(item, what).get("id"), what))
    if errors and not items:
        raise errors[0]
    return Items(items, unreadable)


def to_wire_number(value: float) -> int | float:
    """Send integral values as JSON integers, as the syntax sections specify."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def pick[T](change: T | None, current: T) -> T:
    """``change`` where given, else ``current``: merging a partial write into what is set."""
    return current if change is None else change
