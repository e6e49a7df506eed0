"""PTZ presets, I/O ports, the camera image and the restart button, through Home Assistant."""

import asyncio
import logging

from homeassistant.components.camera import async_get_image
from homeassistant.const import (
    ATTR_ENTITY_ID,
    STATE_OFF,
    STATE_ON,
    STATE_UNAVAILABLE,
    STATE_UNKNOWN,
)
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.axis_thermometry.const import DOMAIN
from tests.simulator import CameraServer, SimPreset

from .conftest import press, refresh, select, state_value, switch, wait_for

PTZ = pytest.mark.parametrize("profile", ["ptz"])
LEGACY = pytest.mark.parametrize("profile", ["legacy"])
FIXED = "axis_q2101_te"
Q87 = "axis_q8752_e"


# ---------------------------------------------------------------------- PTZ


@PTZ
@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_presets_apply_and_areas_follow(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: CameraServer
) -> None:
    current = f"sensor.{Q87}_current_preset"
    registry_entry = er.async_get(hass).async_get(current)
    assert registry_entry is not None
    assert registry_entry.entity_category == "diagnostic"
    assert state_value(hass, current) == "Furnace"
    assert float(state_value(hass, f"sensor.{Q87}_burner_average")) == 240
    await press(hass, f"button.{Q87}_go_to_conveyor")
    assert server.camera.current_preset == 3
    assert state_value(hass, current) == "Conveyor"
    burner = hass.states.get(f"sensor.{Q87}_burner_average")
    assert burner is not None
    assert (float(burner.state), burner.attributes["measuring"]) == (240, False)
    assert float(state_value(hass, f"sensor.{Q87}_bearing_average")) == 62
    state = hass.states.get(current)
    assert state is not None
    assert (state.attributes["pan"], state.attributes["tilt"]) == (-60.0, -5.0)
    await press(hass, f"button.{Q87}_home_position")
    assert server.camera.current_preset == 1
    assert state_value(hass, current) == "Home"
    server.camera.move_to(12.0, 3.0, 1.0)  # a guard tour between presets
    await refresh(hass, loaded_entry)
    assert state_value(hass, current) == STATE_UNKNOWN


@PTZ
async def test_ptz_preset_select(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: CameraServer
) -> None:
    """One control: its state is where the camera stands, choosing a preset moves it."""
    entity = f"select.{Q87}_ptz_preset"
    state = hass.states.get(entity)
    assert state is not None
    assert state.state == "Furnace"
    assert state.attributes["options"] == ["Home", "Furnace", "Conveyor"]
    await select(hass, entity, "Conveyor")
    assert server.camera.current_preset == 3
    assert state_value(hass, entity) == "Conveyor"
    assert float(state_value(hass, f"sensor.{Q87}_bearing_average")) == 62
    server.camera.move_to(12.0, 3.0, 1.0)  # between presets
    await refresh(hass, loaded_entry)
    assert state_value(hass, entity) == STATE_UNKNOWN


@PTZ
@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_presets_follow_the_camera(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: CameraServer
) -> None:
    presets = server.camera.presets
    assert presets is not None
    presets[4] = SimPreset("Stack", 10.0, 20.0, 3.0)
    del presets[3]
    coordinator = loaded_entry.runtime_data.readings
    coordinator.request_configuration_refresh()
    await refresh(hass, loaded_entry)
    assert hass.states.get(f"button.{Q87}_go_to_stack") is not None
    assert hass.states.get(f"button.{Q87}_go_to_conveyor") is None
    assert er.async_get(hass).async_get(f"button.{Q87}_go_to_conveyor") is None
    presets[4].name = "Chimney"
    coordinator.request_configuration_refresh()
    await refresh(hass, loaded_entry)
    await hass.async_block_till_done()
    state = hass.states.get(f"button.{Q87}_go_to_stack")
    assert state is not None
    assert state.attributes["friendly_name"] == "AXIS Q8752-E Go to Chimney"


async def test_no_ptz_entities_on_fixed_cameras(
    hass: HomeAssistant, loaded_entry: MockConfigEntry
) -> None:
    assert hass.states.get(f"sensor.{FIXED}_current_preset") is None
    assert hass.states.get(f"button.{FIXED}_home_position") is None
    assert not [e for e in hass.states.async_entity_ids("button") if "go_to" in e]


# ---------------------------------------------------------------------- relay outputs


async def test_output_switch_reads_back(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: CameraServer
) -> None:
    siren = f"switch.{FIXED}_siren"  # named after the port on the camera
    assert state_value(hass, siren) == STATE_OFF
    await switch(hass, siren, True)
    assert server.camera.outputs == {2: True}  # IOPort.I1: port 2
    assert state_value(hass, siren) == STATE_ON
    server.camera.set_output(2, False)  # e.g. an action rule on the camera: pushed
    await wait_for(lambda: state_value(hass, siren) == STATE_OFF)


async def test_output_that_does_not_switch_is_reported(
    hass: HomeAssistant,
    loaded_entry: MockConfigEntry,
    server: CameraServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(server.camera, "set_output", lambda port, active: None)
    with pytest.raises(HomeAssistantError) as raised:
        await switch(hass, f"switch.{FIXED}_siren", True)
    assert raised.value.translation_key == "output_not_confirmed"
    assert state_value(hass, f"switch.{FIXED}_siren") == STATE_OFF


async def test_output_refused(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: CameraServer
) -> None:
    server.inject("status_500", path="/axis-cgi/io/output.cgi")
    with pytest.raises(HomeAssistantError) as raised:
        await switch(hass, f"switch.{FIXED}_siren", True)
    assert raised.value.translation_key == "communication_error"


@PTZ
async def test_pulse(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: CameraServer
) -> None:
    valve = f"switch.{Q87}_sprinkler_valve"
    await hass.services.async_call(
        DOMAIN, "pulse_output", {ATTR_ENTITY_ID: valve, "duration": 150}, blocking=True
    )
    assert state_value(hass, valve) == STATE_ON
    await asyncio.sleep(0.25)
    assert not server.camera.outputs[4]  # IOPort.I3: port 4
    assert [state for _, port, state in server.camera.output_log if port == 4] == [True, False]
    with pytest.raises(ServiceValidationError) as raised:
        await hass.services.async_call(
            DOMAIN,
            "pulse_output",
            {ATTR_ENTITY_ID: f"switch.{Q87}_burner_enabled", "duration": 150},
            blocking=True,
        )
    assert raised.value.translation_key == "not_an_output"
    assert str(raised.value).startswith("AXIS Q8752-E Burner enabled is not a relay output")
    # The action's picker offers relays only: they alone are switches of class "switch".
    assert hass.states.get(valve).attributes["device_class"] == "switch"  # type: ignore[union-attr]
    burner = hass.states.get(f"switch.{Q87}_burner_enabled")
    assert burner is not None
    assert "device_class" not in burner.attributes


@LEGACY
async def test_unnamed_ports(hass: HomeAssistant, loaded_entry: MockConfigEntry) -> None:
    assert state_value(hass, "switch.axis_q1941_e_output_1") == STATE_OFF
    assert hass.states.get("binary_sensor.axis_q1941_e_input_1") is not None


# ---------------------------------------------------------------------- digital inputs


@pytest.mark.no_event_stream
@PTZ
async def test_inputs_pushed_by_the_monitor_stream(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: CameraServer
) -> None:
    smoke = f"binary_sensor.{Q87}_smoke_detector"
    monitor = loaded_entry.runtime_data.readings.inputs
    await wait_for(lambda: monitor.streaming)
    assert state_value(hass, smoke) == STATE_OFF
    polled = server.counters.by_path["/axis-cgi/io/input.cgi"]
    server.camera.set_input(2, True)
    await wait_for(lambda: hass.states.get(smoke).state == STATE_ON, timeout=1.0)  # type: ignore[union-attr]
    assert server.counters.by_path["/axis-cgi/io/input.cgi"] == polled  # pushed, not polled
    # The camera drops the stream: the monitor reconnects and reads the states again.
    server.drop_connections()
    await wait_for(lambda: monitor.reconnects >= 1)
    await wait_for(lambda: monitor.streaming, timeout=3.0)
    server.camera.set_input(2, False)
    await wait_for(lambda: hass.states.get(smoke).state == STATE_OFF, timeout=1.0)  # type: ignore[union-attr]


@pytest.mark.no_event_stream
@PTZ
async def test_inputs_unavailable_while_the_camera_is_away(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: CameraServer
) -> None:
    door = f"binary_sensor.{Q87}_door_contact"
    monitor = loaded_entry.runtime_data.readings.inputs
    await wait_for(lambda: monitor.streaming)
    server.reboot(1.5)
    await wait_for(lambda: state_value(hass, door) == STATE_UNAVAILABLE)
    await wait_for(lambda: state_value(hass, door) == STATE_OFF, timeout=5.0)


@LEGACY
async def test_inputs_polled_without_the_stream(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: CameraServer
) -> None:
    coordinator = loaded_entry.runtime_data.readings
    await wait_for(lambda: coordinator.inputs.polling)
    await refresh(hass, loaded_entry)
    entity = "binary_sensor.axis_q1941_e_input_1"
    assert state_value(hass, entity) == STATE_OFF
    server.camera.set_input(1, True)
    await refresh(hass, loaded_entry)
    assert state_value(hass, entity) == STATE_ON


@pytest.mark.no_event_stream
async def test_monitor_stops_on_unload(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: CameraServer
) -> None:
    monitor = loaded_entry.runtime_data.readings.inputs
    await wait_for(lambda: monitor.streaming)
    assert await hass.config_entries.async_unload(loaded_entry.entry_id)
    await hass.async_block_till_done()
    server.camera.set_input(1, True)
    await asyncio.sleep(0.1)
    assert not server.camera.input_listeners  # the stream is closed


# ---------------------------------------------------------------------- virtual inputs


async def test_virtual_inputs(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: CameraServer
) -> None:
    registry = er.async_get(hass)
    entity = f"switch.{FIXED}_virtual_input_3"
    registry_entry = registry.async_get(entity)
    assert registry_entry is not None
    assert registry_entry.disabled_by is er.RegistryEntryDisabler.INTEGRATION
    registry.async_update_entity(entity, disabled_by=None)
    await hass.config_entries.async_reload(loaded_entry.entry_id)
    await hass.async_block_till_done()
    assert state_value(hass, entity) == STATE_UNKNOWN  # cannot be read back
    await switch(hass, entity, True)
    assert server.camera.virtual_inputs[3]
    state = hass.states.get(entity)
    assert state is not None
    assert state.state == STATE_ON
    assert state.attributes["assumed_state"] is True


# ---------------------------------------------------------------------- camera image


async def test_snapshot(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: CameraServer
) -> None:
    image = await async_get_image(hass, f"camera.{FIXED}", width=160, height=120)
    assert image.content_type == "image/jpeg"
    assert image.content.startswith(b"\xff\xd8")
    state = hass.states.get(f"camera.{FIXED}")
    assert state is not None
    picture = state.attributes["entity_picture"]
    assert picture.startswith("/api/camera_proxy/")
    assert "pass" not in picture
    assert "root" not in picture
    server.inject("status_503", path="/axis-cgi/jpg/image.cgi")
    with pytest.raises(HomeAssistantError):
        await async_get_image(hass, f"camera.{FIXED}")


async def test_mjpeg_through_the_proxy(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    loaded_entry: MockConfigEntry,
    server: CameraServer,
) -> None:
    server.mjpeg_fps = 20
    client = await hass_client()
    response = await client.get(f"/api/camera_proxy_stream/camera.{FIXED}")
    assert response.status == 200
    assert response.headers["Content-Type"].startswith("multipart/x-mixed-replace")
    chunk = await response.content.readuntil(b"\xff\xd9")
    assert b"--myboundary" in chunk
    response.close()
    server.inject("unauthorized", path="/axis-cgi/mjpg/video.cgi", count=2)
    response = await client.get(f"/api/camera_proxy_stream/camera.{FIXED}")
    assert response.status == 502


# ---------------------------------------------------------------------- restart


@pytest.mark.no_event_stream
async def test_restart_and_quiet_recovery(
    hass: HomeAssistant,
    loaded_entry: MockConfigEntry,
    server: CameraServer,
    caplog: pytest.LogCaptureFixture,
) -> None:
    restart = f"button.{FIXED}_restart"
    registry_entry = er.async_get(hass).async_get(restart)
    assert registry_entry is not None
    assert registry_entry.entity_category == "config"
    server.reboot_seconds = 3600  # away until the test brings it back
    caplog.clear()
    await press(hass, restart)
    transformer = f"sensor.{FIXED}_transformer_average"
    assert state_value(hass, transformer) == STATE_UNAVAILABLE
    await refresh(hass, loaded_entry)  # it may still answer a moment before it goes down
    assert state_value(hass, transformer) == STATE_UNAVAILABLE
    await wait_for(lambda: server.offline_until > 0)
    await refresh(hass, loaded_entry)  # the camera is away
    assert state_value(hass, transformer) == STATE_UNAVAILABLE
    server.offline_until = 0  # back
    await refresh(hass, loaded_entry)
    assert state_value(hass, transformer) != STATE_UNAVAILABLE
    assert not [
        r for r in caplog.records if r.levelno >= logging.WARNING and r.name != "asyncio"
    ]  # (asyncio: "Executing ... took" on a loaded test machine)


async def test_restart_needs_an_administrator(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: CameraServer
) -> None:
    server.camera.users["root"] = ("pass", 2)  # now an operator
    with pytest.raises(HomeAssistantError) as raised:
        await press(hass, f"button.{FIXED}_restart")
    assert raised.value.translation_key == "write_not_permitted"
    assert state_value(hass, f"sensor.{FIXED}_transformer_average") != STATE_UNAVAILABLE


@PTZ
async def test_one_ptz_control_by_default_and_the_guard_tour(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: CameraServer
) -> None:
    """Per-preset buttons exist but are disabled; the select and the home button remain."""
    registry = er.async_get(hass)
    button = registry.async_get(f"button.{Q87}_go_to_home")
    assert button is not None
    assert button.disabled_by is er.RegistryEntryDisabler.INTEGRATION
    assert hass.states.get(f"button.{Q87}_go_to_home") is None
    assert hass.states.get(f"button.{Q87}_home_position") is not None
    tour = f"switch.{Q87}_inspection_round_guard_tour"
    assert state_value(hass, tour) == STATE_OFF
    await switch(hass, tour, True)
    assert server.camera.params["GuardTour.G0.Running"] == "yes"
    assert state_value(hass, tour) == STATE_ON
    await switch(hass, tour, False)
    assert server.camera.params["GuardTour.G0.Running"] == "no"
    assert state_value(hass, tour) == STATE_OFF


async def test_no_guard_tour_switch_without_tours(
    hass: HomeAssistant, loaded_entry: MockConfigEntry
) -> None:
    entities = er.async_entries_for_config_entry(er.async_get(hass), loaded_entry.entry_id)
    assert not [e for e in entities if e.unique_id.endswith("_running")]
