"""Hypothesis strategies for what a hostile device sends, shared by both clients' tests."""

from collections.abc import Callable, Mapping
import contextlib
import copy
import dataclasses
import math
from typing import Any

from hypothesis import strategies as st

# Numbers a hostile device may send: beyond any float, at the edges of machine integers, and
# strings of digits that str.isdigit() accepts but int() refuses (superscripts) or takes
# (other scripts' digits).
HUGE = st.sampled_from([10**400, -(10**400), 2**63, -(2**63) - 1, 2**53 + 1, 10**20])
DIGITS = st.text(
    alphabet=st.sampled_from("0123456789²³¹٣٤५৬०๑໒" + "-.+e"), min_size=1, max_size=12
) | st.just("9" * 5000)
JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | HUGE
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=12)
    | DIGITS,
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=12), children, max_size=5)
    ),
    max_leaves=25,
)


def only_typed_errors(
    parser: Callable[[Any], object], payload: object, typed: type[Exception]
) -> None:
    """``parser`` raises nothing but the client's ``typed`` errors, and what it accepts is
    a sane value."""
    with contextlib.suppress(typed):
        assert_sane(parser(payload))


def assert_sane(value: object) -> None:
    """Every number in a parsed value is finite and small enough for Home Assistant.

    A number that passes a parser reaches unit conversion and the state machine: 10**400 would
    raise OverflowError there (issue 13, defect 6).
    """
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            assert_sane(getattr(value, field.name))
    elif isinstance(value, Mapping):
        for key, item in value.items():
            assert_sane(key)
            assert_sane(item)
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            assert_sane(item)
    elif isinstance(value, int | float) and not isinstance(value, bool):
        assert math.isfinite(value)
        assert abs(value) <= 100_000, value


@st.composite
def mutated(draw: st.DrawFn, example: Mapping[str, Any]) -> dict[str, Any]:
    """Take a valid payload and break some of its fields (nested ones too)."""
    payload = copy.deepcopy(dict(example))

    def mutate(node: Any) -> Any:
        if isinstance(node, dict):
            for key in list(node):
                choice = draw(st.integers(0, 5))
                if choice == 0:
                    del node[key]
                elif choice == 1:
                    node[key] = draw(JSON)
                else:
                    node[key] = mutate(node[key])
        elif isinstance(node, list):
            return [mutate(item) for item in node]
        return node

    result: dict[str, Any] = mutate(payload)
    return result
