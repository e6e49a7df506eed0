"""Property-based tests: random and mutated answers never escape as anything but ExacqError."""

from collections.abc import Callable, Mapping
from typing import Any

from hypothesis import HealthCheck, given, settings, strategies as st
import pytest

from custom_components.axis_thermometry.exacq import ExacqError, models
from tests.strategies import JSON, mutated, only_typed_errors

PARSERS: dict[str, tuple[Callable[[Any], object], Mapping[str, Any]]] = {
    "login": (
        lambda payload: models.parse_login(payload, "0"),
        {"success": True, "sessionID": "A1B2C3", "serial": "18-62-66-32-4E-AF", "name": "NVR"},
    ),
    "servers": (models.parse_servers, {"list": [{"id": "0", "name": "NVR"}]}),
    "cameras": (
        models.parse_cameras,
        {"Cameras": [{"id": 4590080, "name": "Furnace", "formats": [1, 2], "disabled": 0}]},
    ),
    "presets": (models.parse_presets, {"Presets": [{"id": 1, "name": "Home"}]}),
    "triggers": (models.parse_triggers, {"Triggers": [{"id": 1, "name": "Fire alarm"}]}),
    "status": (
        models.parse_status,
        {
            "camera": [{"id": "4590080", "motion": True, "loss": "off"}],
            "trigger": [{"id": 1, "state": "on"}],
        },
    ),
    "events": (
        models.parse_events,
        {"events": [{"type": "1", "camera": "4590080", "name": "Video motion"}]},
    ),
}


@pytest.mark.parametrize("name", sorted(PARSERS))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_parsers_reject_garbage_with_typed_errors(name: str, data: st.DataObject) -> None:
    parser, example = PARSERS[name]
    parser(example)  # the example itself parses
    # The client hands parsers JSON objects only (anything else is refused before).
    keys = st.sampled_from(sorted(example)) | st.text(max_size=8)
    only_typed_errors(parser, data.draw(st.dictionaries(keys, JSON, max_size=4)), ExacqError)
    only_typed_errors(parser, data.draw(mutated(example)), ExacqError)
