"""exacqVision servers through Home Assistant, against the simulated server."""

from datetime import timedelta
import logging

from homeassistant.components.camera import async_get_image
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import (
    CONF_PORT,
    EVENT_HOMEASSISTANT_STOP,
    STATE_OFF,
    STATE_ON,
    STATE_UNAVAILABLE,
    EntityCategory,
)
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import (
    device_registry as dr,
    entity_registry as er,
    issue_registry as ir,
)
import homeassistant.util.dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.axis_thermometry.const import DOMAIN
from custom_components.axis_thermometry.diagnostics import async_get_config_entry_diagnostics
from custom_components.axis_thermometry.exacq import Endpoint
from tests.simulator.exacq import ExacqServer, plant_recorder

from .conftest import (
    ManualClock,
    exacq_entry_data,
    fix_address_through_repairs,
    press,
    refresh,
    set_up,
    state_value,
    switch,
)

FIRE_ALARM = "switch.plant_recorder_fire_alarm_soft_trigger"
COLD_CHAIN = "switch.plant_recorder_cold_chain_alarm_soft_trigger"
CONNECTIVITY = "binary_sensor.plant_recorder_connectivity"
FURNACE = "camera.furnace_thermal"
FURNACE_MOTION = "binary_sensor.furnace_thermal_motion"


async def tick(hass: HomeAssistant, clock: ManualClock, seconds: int = 1) -> None:
    """Let ``seconds`` pass, one at a time, for Home Assistant and the server alike."""
    for _ in range(seconds):
        clock.advance(1)
        async_fire_time_changed(hass, dt_util.utcnow() + timedelta(seconds=1.05))
        # The hold re-sends from a background task, as Home Assistant runs interval actions.
        await hass.async_block_till_done(wait_background_tasks=True)


def soft_trigger_sets(recorder: ExacqServer) -> int:
    return recorder.counters.by_path[Endpoint.SOFT_TRIGGERS]


# ---------------------------------------------------------------------- devices and entities


async def test_server_and_cameras_become_devices(
    hass: HomeAssistant, loaded_exacq: MockConfigEntry, recorder: ExacqServer
) -> None:
    devices = dr.async_get(hass)
    server = devices.async_get_device_by_identifier(
        (DOMAIN, "18-62-66-32-4E-AF"), loaded_exacq.entry_id
    )
    assert server is not None
    assert (server.name, server.manufacturer, server.model, server.sw_version) == (
        "Plant recorder",
        "Exacq Technologies",
        "exacqVision A-Series",
        "24.09.1.0",
    )
    cameras = [
        device
        for device in dr.async_entries_for_config_entry(devices, loaded_exacq.entry_id)
        if device.id != server.id
    ]
    assert sorted(device.name or "" for device in cameras) == [
        "Cold store thermal",
        "Furnace thermal",
        "Loading dock",
    ]
    assert all(device.via_device_id == server.id for device in cameras)
    assert {(device.manufacturer, device.model) for device in cameras} == {
        ("Exacq Technologies", "Camera recorded by exacqVision")
    }
    trigger = hass.states.get(FIRE_ALARM)
    assert trigger is not None
    assert trigger.attributes["friendly_name"] == "Plant recorder Fire alarm soft trigger"

    assert state_value(hass, CONNECTIVITY) == STATE_ON
    assert state_value(hass, FIRE_ALARM) == STATE_OFF
    assert state_value(hass, COLD_CHAIN) == STATE_OFF
    assert state_value(hass, "binary_sensor.furnace_thermal_motion") == STATE_OFF
    assert state_value(hass, "binary_sensor.cold_store_thermal_video_loss") == STATE_OFF
    for preset in ("home", "furnace", "conveyor"):
        assert hass.states.get(f"button.furnace_thermal_go_to_{preset}") is not None
    assert hass.states.get("button.cold_store_thermal_go_to_home") is None  # a fixed camera
    for camera in (FURNACE, "camera.cold_store_thermal", "camera.loading_dock"):
        assert hass.states.get(camera) is not None
    # The loading dock's status reports neither motion nor loss: no sensors to go stale.
    assert hass.states.get("binary_sensor.loading_dock_motion") is None
    assert hass.states.get("binary_sensor.loading_dock_video_loss") is None
    registry = er.async_get(hass)
    connectivity = registry.async_get(CONNECTIVITY)
    assert connectivity is not None
    assert connectivity.entity_category is EntityCategory.DIAGNOSTIC
    assert connectivity.device_id == server.id


async def test_motion_and_video_loss(
    hass: HomeAssistant, loaded_exacq: MockConfigEntry, recorder: ExacqServer
) -> None:
    recorder.recorder.cameras["4590080"].motion = True
    recorder.recorder.cameras["4590081"].video_loss = True
    await refresh(hass, loaded_exacq)
    assert state_value(hass, "binary_sensor.furnace_thermal_motion") == STATE_ON
    assert state_value(hass, "binary_sensor.cold_store_thermal_video_loss") == STATE_ON
    recorder.recorder.cameras["4590080"].reports_status = False
    await refresh(hass, loaded_exacq)
    assert state_value(hass, "binary_sensor.furnace_thermal_motion") == STATE_UNAVAILABLE


async def test_unreachable_server_is_shown_not_hidden(
    hass: HomeAssistant, loaded_exacq: MockConfigEntry, recorder: ExacqServer
) -> None:
    """Connectivity stays available and turns off; everything else becomes unavailable."""
    recorder.inject("status_503", count=-1)
    await refresh(hass, loaded_exacq)
    assert state_value(hass, CONNECTIVITY) == STATE_OFF
    assert state_value(hass, "binary_sensor.furnace_thermal_motion") == STATE_UNAVAILABLE
    assert state_value(hass, FIRE_ALARM) == STATE_UNAVAILABLE
    assert state_value(hass, FURNACE) == STATE_UNAVAILABLE
    recorder.faults.clear()
    await refresh(hass, loaded_exacq)
    assert state_value(hass, CONNECTIVITY) == STATE_ON
    assert state_value(hass, FIRE_ALARM) == STATE_OFF


async def test_older_web_service_without_events_or_ptz(
    hass: HomeAssistant, exacq_entry: MockConfigEntry, recorder: ExacqServer
) -> None:
    """Missing endpoints leave their features out; status alone drives the sensors."""
    recorder.missing_paths |= {Endpoint.EVENTS, Endpoint.PTZ}
    await set_up(hass, exacq_entry)
    assert hass.states.async_entity_ids("button") == []
    recorder.recorder.cameras["4590080"].motion = True
    await refresh(hass, exacq_entry)
    await refresh(hass, exacq_entry)
    assert state_value(hass, "binary_sensor.furnace_thermal_motion") == STATE_ON
    assert recorder.counters.by_path[Endpoint.EVENTS] == 1  # asked once, then not again


# ---------------------------------------------------------------------- soft triggers


async def test_soft_trigger_is_held_while_on_and_drops_after_off(
    hass: HomeAssistant,
    loaded_exacq: MockConfigEntry,
    recorder: ExacqServer,
    recorder_clock: ManualClock,
) -> None:
    """On for 10 simulated seconds stays on at the server; off releases it at once."""
    server = recorder.recorder
    await switch(hass, FIRE_ALARM, True)
    assert state_value(hass, FIRE_ALARM) == STATE_ON
    for _ in range(10):
        await tick(hass, recorder_clock)
        assert server.trigger_active(1)
    assert sum(state == "on" for _, state in server.triggers[1].history) >= 10
    assert not server.trigger_active(2)

    await switch(hass, FIRE_ALARM, False)
    assert state_value(hass, FIRE_ALARM) == STATE_OFF
    assert not server.trigger_active(1)
    sent = soft_trigger_sets(recorder)
    await tick(hass, recorder_clock, 5)
    assert soft_trigger_sets(recorder) == sent  # nothing re-sent after off


async def test_soft_trigger_drops_within_3_s_when_off_cannot_be_sent(
    hass: HomeAssistant,
    loaded_exacq: MockConfigEntry,
    recorder: ExacqServer,
    recorder_clock: ManualClock,
) -> None:
    server = recorder.recorder
    await switch(hass, FIRE_ALARM, True)
    await tick(hass, recorder_clock, 2)
    recorder.inject("status_500", path=Endpoint.SOFT_TRIGGERS)
    with pytest.raises(HomeAssistantError, match="Error communicating with the exacqVision"):
        await switch(hass, FIRE_ALARM, False)
    assert state_value(hass, FIRE_ALARM) == STATE_OFF
    assert server.trigger_active(1)  # the "off" was lost...
    await tick(hass, recorder_clock, 3)
    assert not server.trigger_active(1)  # ...and the server dropped the trigger itself


async def test_hold_survives_a_failed_resend(
    hass: HomeAssistant,
    loaded_exacq: MockConfigEntry,
    recorder: ExacqServer,
    recorder_clock: ManualClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    await switch(hass, FIRE_ALARM, True)
    recorder.inject("reset", path=Endpoint.SOFT_TRIGGERS, count=2)
    await tick(hass, recorder_clock, 2)  # two re-sends lost; the trigger is still on...
    assert recorder.recorder.trigger_active(1)
    await tick(hass, recorder_clock, 2)  # ...and held again before it could lapse
    assert recorder.recorder.trigger_active(1)
    assert state_value(hass, FIRE_ALARM) == STATE_ON
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1  # logged once, not every second
    assert "Holding switch.plant_recorder_fire_alarm_soft_trigger on again" in caplog.text
    await switch(hass, FIRE_ALARM, False)


async def test_turning_on_a_refused_trigger_fails_clearly(
    hass: HomeAssistant, recorder: ExacqServer
) -> None:
    """A user without PTZ and soft trigger permissions sees why nothing happens."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        unique_id=recorder.recorder.serial,
        data=exacq_entry_data(recorder, username="viewer", password="viewer"),
    )
    await set_up(hass, entry)
    with pytest.raises(HomeAssistantError) as raised:
        await switch(hass, FIRE_ALARM, True)
    assert raised.value.translation_key == "recorder_not_permitted"
    assert state_value(hass, FIRE_ALARM) == STATE_OFF
    assert not recorder.recorder.trigger_active(1)
    with pytest.raises(HomeAssistantError) as raised:
        await press(hass, "button.furnace_thermal_go_to_conveyor")
    assert raised.value.translation_key == "recorder_not_permitted"


# ---------------------------------------------------------------------- sessions and unload


async def test_session_expiry_is_survived_without_errors(
    hass: HomeAssistant,
    loaded_exacq: MockConfigEntry,
    recorder: ExacqServer,
    recorder_clock: ManualClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    recorder.session_ttl = 30
    await switch(hass, FIRE_ALARM, True)
    recorder.expire_sessions()
    await tick(hass, recorder_clock, 3)
    await refresh(hass, loaded_exacq)
    assert recorder.recorder.trigger_active(1)
    assert state_value(hass, FIRE_ALARM) == STATE_ON
    assert state_value(hass, CONNECTIVITY) == STATE_ON
    await press(hass, "button.furnace_thermal_go_to_furnace")
    assert recorder.recorder.cameras["4590080"].current_preset == 2
    assert loaded_exacq.runtime_data.client.logins == 2
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
    await switch(hass, FIRE_ALARM, False)


async def test_unload_releases_triggers_logs_out_and_stops_every_timer(
    hass: HomeAssistant,
    loaded_exacq: MockConfigEntry,
    recorder: ExacqServer,
    recorder_clock: ManualClock,
) -> None:
    await switch(hass, FIRE_ALARM, True)
    await switch(hass, COLD_CHAIN, True)
    await tick(hass, recorder_clock, 2)
    assert await hass.config_entries.async_unload(loaded_exacq.entry_id)
    await hass.async_block_till_done()
    assert loaded_exacq.state is ConfigEntryState.NOT_LOADED
    assert not recorder.recorder.trigger_active(1)
    assert not recorder.recorder.trigger_active(2)
    assert recorder.logouts == 1
    assert not recorder.sessions
    recorder.counters.reset()
    await tick(hass, recorder_clock, 10)
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(minutes=30))
    await hass.async_block_till_done()
    assert recorder.counters.requests == 0


async def test_home_assistant_stop_releases_triggers_and_logs_out(
    hass: HomeAssistant,
    loaded_exacq: MockConfigEntry,
    recorder: ExacqServer,
    recorder_clock: ManualClock,
) -> None:
    """Home Assistant does not unload entries when it stops: the stop event must do it."""
    await switch(hass, FIRE_ALARM, True)
    await tick(hass, recorder_clock, 2)
    assert recorder.recorder.trigger_active(1)
    hass.bus.async_fire(EVENT_HOMEASSISTANT_STOP)
    await hass.async_block_till_done()
    assert not recorder.recorder.trigger_active(1)
    assert recorder.recorder.triggers[1].history[-1][1] == "off"
    assert recorder.logouts == 1
    assert not recorder.sessions
    recorder.counters.reset()
    await tick(hass, recorder_clock, 5)
    assert recorder.counters.requests == 0  # the hold is over


async def test_setup_retries_when_the_server_is_away(
    hass: HomeAssistant, exacq_entry: MockConfigEntry, recorder: ExacqServer
) -> None:
    recorder.inject("status_503", path=Endpoint.CAMERAS)
    exacq_entry.add_to_hass(hass)
    await hass.config_entries.async_setup(exacq_entry.entry_id)
    await hass.async_block_till_done()
    assert exacq_entry.state is ConfigEntryState.SETUP_RETRY
    assert not recorder.sessions  # the half-open session was closed


async def test_rejected_credentials_start_reauth(
    hass: HomeAssistant, exacq_entry: MockConfigEntry, recorder: ExacqServer
) -> None:
    recorder.recorder.users["admin"].password = "changed"
    exacq_entry.add_to_hass(hass)
    await hass.config_entries.async_setup(exacq_entry.entry_id)
    await hass.async_block_till_done()
    assert exacq_entry.state is ConfigEntryState.SETUP_ERROR
    flows = hass.config_entries.flow.async_progress()
    assert [flow["step_id"] for flow in flows] == ["exacq_reauth_confirm"]


async def test_setup_waits_for_its_own_server(
    hass: HomeAssistant, exacq_entry: MockConfigEntry, recorder: ExacqServer
) -> None:
    """Another server at the address: setup retries, a repair issue names both serials."""
    recorder.recorder.serial = "00-11-22-33-44-55"
    exacq_entry.add_to_hass(hass)
    await hass.config_entries.async_setup(exacq_entry.entry_id)
    await hass.async_block_till_done()
    assert exacq_entry.state is ConfigEntryState.SETUP_RETRY
    assert exacq_entry.reason is not None
    assert "00-11-22-33-44-55" in exacq_entry.reason
    issue = ir.async_get(hass).async_get_issue(DOMAIN, f"wrong_device_{exacq_entry.entry_id}")
    assert issue is not None and issue.is_fixable
    assert issue.translation_placeholders is not None
    assert issue.translation_placeholders["found"] == "00-11-22-33-44-55"
    assert not recorder.sessions  # logged out of the other server


async def test_another_server_at_the_address_stops_reading_and_keeps_everything(
    hass: HomeAssistant,
    loaded_exacq: MockConfigEntry,
    recorder: ExacqServer,
    hass_client: ClientSessionGenerator,
) -> None:
    """Its address given to another server: nothing of that server shows up here."""
    registry = er.async_get(hass)

    def entities() -> set[str]:
        return {
            e.entity_id for e in er.async_entries_for_config_entry(registry, loaded_exacq.entry_id)
        }

    before = entities()
    ours = recorder.recorder
    other = plant_recorder()
    other.serial = "00-11-22-33-44-55"
    other.cameras["4590080"].motion = True  # were it read, motion would show
    recorder.recorder = other
    recorder.sessions.clear()  # the other server never issued our session
    await refresh(hass, loaded_exacq)
    assert state_value(hass, FURNACE_MOTION) == STATE_UNAVAILABLE
    assert entities() == before
    issue_id = f"wrong_device_{loaded_exacq.entry_id}"
    issue = ir.async_get(hass).async_get_issue(DOMAIN, issue_id)
    assert issue is not None and issue.translation_placeholders is not None
    assert issue.translation_placeholders["expected"] == ours.serial
    # Reading stopped: each poll only logs in to see whether the server is back.
    recorder.counters.reset()
    await refresh(hass, loaded_exacq)
    assert set(recorder.counters.by_path) == {Endpoint.LOGIN.value, Endpoint.LOGOUT.value}
    assert not recorder.sessions
    # The server moved: the repair flow takes its new address.
    async with ExacqServer(ours) as moved:
        await fix_address_through_repairs(hass, hass_client, issue_id, recorder, moved)
        assert loaded_exacq.data[CONF_PORT] == moved.port
        assert loaded_exacq.state is ConfigEntryState.LOADED
        assert state_value(hass, FURNACE_MOTION) != STATE_UNAVAILABLE
        assert ir.async_get(hass).async_get_issue(DOMAIN, issue_id) is None
        assert await hass.config_entries.async_unload(loaded_exacq.entry_id)


async def test_its_server_coming_back_resumes_by_itself(
    hass: HomeAssistant, loaded_exacq: MockConfigEntry, recorder: ExacqServer
) -> None:
    ours = recorder.recorder
    other = plant_recorder()
    other.serial = "00-11-22-33-44-55"
    recorder.recorder = other
    recorder.sessions.clear()
    await refresh(hass, loaded_exacq)
    assert loaded_exacq.runtime_data.coordinator.wrong_serial == "00-11-22-33-44-55"
    recorder.recorder = ours
    await refresh(hass, loaded_exacq)
    assert loaded_exacq.runtime_data.coordinator.wrong_serial is None
    assert state_value(hass, FURNACE_MOTION) != STATE_UNAVAILABLE
    issue_id = f"wrong_device_{loaded_exacq.entry_id}"
    assert ir.async_get(hass).async_get_issue(DOMAIN, issue_id) is None


# ---------------------------------------------------------------------- presets and images


async def test_preset_buttons_move_the_camera(
    hass: HomeAssistant, loaded_exacq: MockConfigEntry, recorder: ExacqServer
) -> None:
    await press(hass, "button.furnace_thermal_go_to_conveyor")
    assert recorder.recorder.cameras["4590080"].current_preset == 3
    recorder.recorder.cameras["4590080"].presets.pop(3)  # deleted on the server meanwhile
    with pytest.raises(HomeAssistantError, match="refused the request: Invalid Request"):
        await press(hass, "button.furnace_thermal_go_to_conveyor")


async def test_snapshots_are_served(
    hass: HomeAssistant, loaded_exacq: MockConfigEntry, recorder: ExacqServer
) -> None:
    image = await async_get_image(hass, FURNACE)
    assert image.content_type == "image/jpeg"
    assert image.content.startswith(b"\xff\xd8")
    recorder.recorder.cameras["4590081"].video_loss = True
    thumbnail = await async_get_image(hass, "camera.cold_store_thermal")
    assert thumbnail.content.startswith(b"\xff\xd8")
    assert recorder.counters.by_path[Endpoint.THUMBNAIL] == 1
    recorder.inject("status_500", count=3)  # both video.web forms and the thumbnail
    with pytest.raises(HomeAssistantError, match="communicating with the exacqVision server"):
        await async_get_image(hass, FURNACE)


# ---------------------------------------------------------------------- changes on the server


async def test_cameras_and_triggers_removed_on_the_server_leave(
    hass: HomeAssistant, loaded_exacq: MockConfigEntry, recorder: ExacqServer
) -> None:
    """A changed inventory reloads the entry; removed cameras leave with their entities."""
    del recorder.recorder.cameras["4590082"]
    del recorder.recorder.triggers[2]
    recorder.recorder.cameras["4590080"].presets[4] = "Stack"
    loaded_exacq.runtime_data.coordinator.request_configuration_refresh()
    await refresh(hass, loaded_exacq)
    await hass.async_block_till_done()
    assert loaded_exacq.state is ConfigEntryState.LOADED
    registry = er.async_get(hass)
    assert registry.async_get("camera.loading_dock") is None
    assert registry.async_get(COLD_CHAIN) is None
    assert registry.async_get(FIRE_ALARM) is not None
    assert hass.states.get("button.furnace_thermal_go_to_stack") is not None
    names = {
        device.name
        for device in dr.async_entries_for_config_entry(dr.async_get(hass), loaded_exacq.entry_id)
    }
    assert names == {"Plant recorder", "Furnace thermal", "Cold store thermal"}


async def test_service_actions_refuse_exacq_devices(
    hass: HomeAssistant, loaded_exacq: MockConfigEntry
) -> None:
    device = dr.async_get(hass).async_get_device_by_identifier(
        (DOMAIN, "18-62-66-32-4E-AF"), loaded_exacq.entry_id
    )
    assert device is not None
    with pytest.raises(ServiceValidationError, match="not an Axis thermal camera"):
        await hass.services.async_call(
            DOMAIN, "remove_spot_meter", {"device_id": device.id}, blocking=True
        )


async def test_diagnostics_redact_identifiers(
    hass: HomeAssistant, loaded_exacq: MockConfigEntry
) -> None:
    diagnostics = await async_get_config_entry_diagnostics(hass, loaded_exacq)
    assert diagnostics["entry"]["data"]["password"] == "**REDACTED**"
    assert diagnostics["server"]["serial"] == "**REDACTED**"
    assert len(diagnostics["cameras"]) == 3
    assert [p["name"] for p in diagnostics["presets"]["4590080"]] == ["Home", "Furnace", "Conveyor"]
    assert diagnostics["trigger_status"] == {"1": False, "2": False}
    assert "18-62-66-32-4E-AF" not in str(diagnostics)
