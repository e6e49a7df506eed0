"""Attacks by a hostile camera on what it reports (README.md, C1-C6)."""

import asyncio
from typing import Any

from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.axis_thermometry import const
from custom_components.axis_thermometry.capability import Capability
from custom_components.axis_thermometry.const import DOMAIN
from tests.conftest import refresh, set_up, state_value, wait_for
from tests.simulator.server import CameraServer

from .attacks import rewrite_json, rewrite_text

THERMOMETRY = "/axis-cgi/thermometry.cgi"
TRANSFORMER_MAX = "sensor.axis_q2101_te_transformer_maximum"
CABLE_JOINT_MAX = "sensor.axis_q2101_te_cable_joint_maximum"


def _entity_ids(hass: HomeAssistant, entry: MockConfigEntry) -> set[str]:
    registry = er.async_get(hass)
    return {e.entity_id for e in er.async_entries_for_config_entry(registry, entry.entry_id)}


@pytest.mark.parametrize("profile", ["legacy"])
@pytest.mark.parametrize("count", ["²", "٣", "9" * 5000, "2000000"])
async def test_port_counts_that_are_not_counts(
    hass: HomeAssistant, config_entry: MockConfigEntry, server: CameraServer, count: str
) -> None:
    """C1, C4: Input.NbrOfInputs a digit int() refuses, another script's, huge, or too many.

    The I/O capability fails alone; the temperatures load; no port entity is made.
    """
    server.camera.params["Input.NbrOfInputs"] = count
    await set_up(hass, config_entry)
    coordinator = config_entry.runtime_data.readings
    assert Capability.IO_PORTS in coordinator.data.failing
    assert state_value(hass, "sensor.axis_q1941_e_boiler_average") != (STATE_UNAVAILABLE)
    made = _entity_ids(hass, config_entry)
    assert "binary_sensor.axis_q1941_e_input_1" not in made
    assert "switch.axis_q1941_e_output_1" not in made


@pytest.mark.parametrize("profile", ["ptz"])
async def test_preset_numbers_in_other_digits(
    hass: HomeAssistant, config_entry: MockConfigEntry, server: CameraServer
) -> None:
    """C1: presetposno² (str.isdigit() says yes, int() says no) is no preset line at all."""
    server.overrides["/axis-cgi/com/ptz.cgi"] = rewrite_text(
        lambda text: text.replace("presetposno1=", "presetposno²=")
    )
    await set_up(hass, config_entry)
    data = config_entry.runtime_data.readings.data
    config = config_entry.runtime_data.configuration.data
    assert Capability.PTZ not in data.failing
    assert 1 not in config.presets
    assert config.presets  # the other presets stand
    assert data.area_status  # and the areas of the current preset are read


async def test_impossible_temperature_is_that_areas_problem(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: CameraServer
) -> None:
    """C2: an integer temperature of 10**400 (Home Assistant would raise OverflowError)."""

    def huge(data: dict[str, Any]) -> None:
        data["areaList"][0]["max"] = 10**400

    server.overrides[THERMOMETRY] = rewrite_json("getAreaStatus", huge)
    await refresh(hass, loaded_entry)
    assert state_value(hass, TRANSFORMER_MAX) == STATE_UNAVAILABLE  # cannot be read
    assert state_value(hass, CABLE_JOINT_MAX) != STATE_UNAVAILABLE  # the others can
    del server.overrides[THERMOMETRY]
    await refresh(hass, loaded_entry)
    assert float(state_value(hass, TRANSFORMER_MAX)) < 200


async def test_negative_area_id_makes_nothing_and_old_entries_go(
    hass: HomeAssistant,
    config_entry: MockConfigEntry,
    server: CameraServer,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """C3: an area with id -7, and a registry entry an older version made for it."""
    config_entry.add_to_hass(hass)
    registry = er.async_get(hass)
    ghost = registry.async_get_or_create(
        "sensor",
        DOMAIN,
        f"{server.camera.serial}_area_-7_maximum",
        config_entry=config_entry,
        suggested_object_id="ghost_maximum",
    )

    def with_ghost(data: dict[str, Any]) -> None:
        data["areaList"].append({**data["areaList"][0], "id": -7, "name": "Ghost"})

    server.overrides[THERMOMETRY] = rewrite_json("listAreas", with_ghost)
    assert await hass.config_entries.async_setup(config_entry.entry_id)
    await hass.async_block_till_done()
    assert registry.async_get(ghost.entity_id) is None
    assert not [e for e in _entity_ids(hass, config_entry) if "ghost" in e]
    assert state_value(hass, TRANSFORMER_MAX) != STATE_UNAVAILABLE
    caplog.clear()
    for _ in range(3):
        await refresh(hass, config_entry)
    assert not [r for r in caplog.records if r.levelname in ("WARNING", "ERROR")]


@pytest.mark.no_event_stream  # its reconnects poll too: count the polls alone
async def test_no_request_is_left_running_or_piled_up(
    hass: HomeAssistant,
    config_entry: MockConfigEntry,
    server: CameraServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """C5: getAreaStatus fails fast while getGroupStatus hangs, poll after poll."""
    monkeypatch.setattr(const, "REQUEST_TIMEOUT", 1.0)
    await set_up(hass, config_entry)
    server.inject("hang", path=THERMOMETRY, method="getGroupStatus", count=-1)
    server.inject("json_error", path=THERMOMETRY, method="getAreaStatus", count=-1)
    coordinator = config_entry.runtime_data.readings
    asked = server.counters.by_method["getGroupStatus"]
    for _ in range(5):
        await refresh(hass, config_entry)
        assert server.in_flight["getGroupStatus"] == 0  # ended with the failed poll
    assert server.counters.by_method["getGroupStatus"] == asked + 5
    # Refreshes asked for at once (a button, the interval, a service) send one at a time.
    # (The area status hangs now: it is the core, asked every poll, whereas a group status
    # that keeps failing waits for the configuration read.)
    server.faults.clear()
    server.inject("hang", path=THERMOMETRY, method="getAreaStatus", count=-1)
    await asyncio.gather(*(coordinator.async_refresh() for _ in range(3)))
    assert server.most_in_flight["getAreaStatus"] == 1
    # Unloading ends a poll that waits on a hung request.
    task = asyncio.ensure_future(coordinator.async_refresh())
    await wait_for(lambda: server.in_flight["getAreaStatus"] == 1)
    assert await hass.config_entries.async_unload(config_entry.entry_id)
    await wait_for(lambda: server.in_flight["getAreaStatus"] == 0)
    assert task.done()
