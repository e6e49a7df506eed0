"""Real firmware, not the documents: the whole integration on the simulator's "firmware" profile.

The profile answers as Axis's own clients read real cameras: ``arealist``, ``grouplist`` and
``spotmeterlist`` in lower case, the spot meter at ``x``/``y``, event data values as strings.
"""

from dataclasses import replace
from typing import Any

from homeassistant.const import STATE_OFF, STATE_ON, STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.axis_thermometry.capability import Capability
from custom_components.axis_thermometry.const import DOMAIN
from tests.simulator import CameraServer, thermometry

from .conftest import refresh, set_number, set_up, state_value, wait_for

FIXED = "axis_q2101_te"
TRANSFORMER = f"sensor.{FIXED}_transformer_maximum"
CABLE_ALARM = f"binary_sensor.{FIXED}_cable_joint_alarm"
GROUP_ALARM = f"binary_sensor.{FIXED}_phase_balance_deviation_alarm"
SPOT = f"sensor.{FIXED}_spot_temperature"
STREAM = f"binary_sensor.{FIXED}_event_stream"

pytestmark = pytest.mark.parametrize("profile", ["firmware"])


async def test_everything_loads_on_real_firmware_spellings(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: CameraServer
) -> None:
    """Areas, groups and the spot meter are found under the keys firmware sends."""
    assert server.variants.lower_case_lists and server.variants.spot_xy
    assert float(state_value(hass, TRANSFORMER)) == pytest.approx(45, abs=5)
    assert state_value(hass, GROUP_ALARM) == STATE_OFF
    spot = hass.states.get(SPOT)
    assert spot is not None and spot.state != STATE_UNAVAILABLE
    assert spot.attributes["position"] == [0.0, 0.0]  # from "x" and "y"
    registry = er.async_get(hass)
    areas = {
        e.unique_id
        for e in er.async_entries_for_config_entry(registry, loaded_entry.entry_id)
        if "_area_" in e.unique_id and e.unique_id.endswith("_average")
    }
    assert len(areas) == 3
    assert loaded_entry.runtime_data.readings.health.failures == {}


async def test_alarms_come_by_push_and_by_poll(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: CameraServer
) -> None:
    """Event data as strings ("1", "95.00") raises the alarm at once; polls agree."""
    await wait_for(lambda: state_value(hass, STREAM) == STATE_ON)
    server.camera.set_area_temperature(1, 95.0)
    await wait_for(lambda: state_value(hass, CABLE_ALARM) == STATE_ON)
    pushed = [n for n in server.events.sent if n["message"]["data"].get("AlarmActive") == "1"]
    assert pushed, "the camera sent its alarm as the string '1'"
    await refresh(hass, loaded_entry)
    assert state_value(hass, CABLE_ALARM) == STATE_ON
    server.camera.set_area_temperature(1, 30.0)
    await refresh(hass, loaded_entry)
    assert state_value(hass, CABLE_ALARM) == STATE_OFF


async def test_writes_find_the_area_and_the_group(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: CameraServer
) -> None:
    """Before, every area write failed with "the camera has no area 0"."""
    await set_number(hass, f"number.{FIXED}_transformer_threshold", 90)
    assert server.camera.thermals.areas[0].threshold == 90
    assert float(state_value(hass, f"number.{FIXED}_transformer_threshold")) == 90
    await hass.services.async_call(
        DOMAIN,
        "update_group",
        {"entity_id": GROUP_ALARM, "threshold": 12},
        blocking=True,
    )
    assert server.camera.thermals.groups[1].threshold == 12


def _list_areas_answers(monkeypatch: pytest.MonkeyPatch, data: dict[str, Any]) -> None:
    spec = thermometry.METHODS["listAreas"]
    monkeypatch.setitem(thermometry.METHODS, "listAreas", replace(spec, run=lambda *_: data))


async def test_a_list_that_cannot_be_read_keeps_the_areas_as_listed(
    hass: HomeAssistant,
    loaded_entry: MockConfigEntry,
    server: CameraServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """listAreas without its list at a re-read: no area is removed (before, a missing list
    read as "no areas" and every area entity went), temperatures go on, and the area list's
    health says so."""
    coordinator = loaded_entry.runtime_data.readings
    registry = er.async_get(hass)
    before = len(er.async_entries_for_config_entry(registry, loaded_entry.entry_id))
    _list_areas_answers(monkeypatch, {})
    coordinator.request_configuration_refresh()
    await refresh(hass, loaded_entry)
    assert Capability.AREA_LIST in coordinator.health.failures
    assert len(er.async_entries_for_config_entry(registry, loaded_entry.entry_id)) == before
    assert state_value(hass, TRANSFORMER) != STATE_UNAVAILABLE
    server.camera.set_area_temperature(0, 60.0)
    await refresh(hass, loaded_entry)
    assert float(state_value(hass, TRANSFORMER)) == pytest.approx(60, abs=5)


async def test_statuses_of_unlisted_areas_cost_one_re_read(
    hass: HomeAssistant,
    config_entry: MockConfigEntry,
    server: CameraServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A camera whose status names areas its list does not: one re-read, not one a poll
    (before, every poll and every 30-second event read the whole configuration again)."""
    _list_areas_answers(monkeypatch, {"arealist": []})
    await set_up(hass, config_entry)
    reads = server.counters.by_method["listAreas"]
    for _ in range(3):
        await refresh(hass, config_entry)
    assert server.counters.by_method["listAreas"] == reads
    await hass.config_entries.async_unload(config_entry.entry_id)
