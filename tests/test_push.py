"""Push through Home Assistant: the camera's event stream against the simulated camera."""

import asyncio
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import datetime
import logging

from homeassistant.const import EVENT_STATE_CHANGED, STATE_OFF, STATE_ON, STATE_UNAVAILABLE
from homeassistant.core import (
    CoreState,
    Event,
    EventStateChangedData,
    HomeAssistant,
    callback,
)
from homeassistant.helpers import entity_registry as er
import homeassistant.util.dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.axis_thermometry import reconnect
from custom_components.axis_thermometry.coordinator import readings as readings_module
from custom_components.axis_thermometry.diagnostics import async_get_config_entry_diagnostics
from custom_components.axis_thermometry.models import (
    ANY_ALARM,
    ANY_AREA,
    Reading,
    Readings,
    Resource,
    changed_resources,
)
from custom_components.axis_thermometry.vapix import AreaStatus
from custom_components.axis_thermometry.vapix.events import AreaEvent
from tests.simulator import CameraServer

from .conftest import camera_entry, refresh, set_up, state_value, switch, wait_for

FIXED = "axis_q2101_te"
CABLE = f"binary_sensor.{FIXED}_cable_joint_alarm"  # above 60 °C, no delay
ANY = f"binary_sensor.{FIXED}_any_area_alarm"
STREAM = f"binary_sensor.{FIXED}_event_stream"
EVENT = f"event.{FIXED}_temperature_alarm"
DOOR = f"binary_sensor.{FIXED}_door_contact"
CABLE_MAXIMUM = f"sensor.{FIXED}_cable_joint_maximum"
SIREN = f"switch.{FIXED}_siren"  # relay output, IOPort.I1: port 2, RelayToken 1


def output_reads(server: CameraServer) -> list[str]:
    """The requests that read relay outputs since the counters' last reset."""
    return [t for t in server.counters.targets if "output.cgi?check=" in t]


def last_reported(hass: HomeAssistant, entity_id: str) -> datetime:
    state = hass.states.get(entity_id)
    assert state is not None, entity_id
    return state.last_reported


@pytest.fixture(autouse=True)
def quick_reconnects(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reconnect, "BACKOFF_START", 0.05)
    monkeypatch.setattr(reconnect, "BACKOFF_MAX", 0.2)


@pytest.fixture
async def pushed(hass: HomeAssistant, server: CameraServer) -> AsyncIterator[MockConfigEntry]:
    """A camera entry whose polls are paused: whatever changes now came by push."""
    entry = camera_entry(server, pref_disable_polling=True)
    await set_up(hass, entry)
    await wait_for(lambda: state_value(hass, STREAM) == STATE_ON)
    # ... and has sent its states on subscribing (the any-area alarm comes with them).
    await wait_for(lambda: entry.runtime_data.readings.any_area_pushed is not None)
    await hass.async_block_till_done()
    yield entry
    await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()


def changes_of(hass: HomeAssistant, entity_id: str) -> list[str]:
    """The states ``entity_id`` goes through from now on."""
    seen: list[str] = []

    @callback
    def record(event: Event[EventStateChangedData]) -> None:
        new = event.data["new_state"]
        old = event.data["old_state"]
        changed = new is not None and (old is None or old.state != new.state)
        if event.data["entity_id"] == entity_id and new is not None and changed:
            seen.append(new.state)

    hass.bus.async_listen(EVENT_STATE_CHANGED, record)
    return seen


async def test_alarm_on_and_off_by_push(
    hass: HomeAssistant, pushed: MockConfigEntry, server: CameraServer
) -> None:
    """Polls paused: the alarm, any-area alarm and the event entity follow the camera."""
    polls = server.counters.by_method["getAreaStatus"]
    events = changes_of(hass, EVENT)
    assert state_value(hass, CABLE) == STATE_OFF
    assert state_value(hass, ANY) == STATE_OFF
    server.camera.set_area_temperature(1, 95.0)
    await wait_for(lambda: state_value(hass, CABLE) == STATE_ON)
    await wait_for(lambda: state_value(hass, ANY) == STATE_ON)
    any_area = hass.states.get(ANY)
    assert any_area is not None
    assert any_area.attributes["areas"] == ["Cable joint"]
    await wait_for(lambda: len(events) == 1)
    fired = hass.states.get(EVENT)
    assert fired is not None
    assert fired.attributes["event_type"] == "alarm_started"
    assert fired.attributes["area"] == "Cable joint"
    assert fired.attributes["area_id"] == 1
    assert fired.attributes["detection_type"] == "above"
    assert fired.attributes["threshold"] == 60
    assert fired.attributes["temperature"] == pytest.approx(98.0)  # its rule: the maximum
    assert fired.attributes["unit"] == "°C"
    assert fired.attributes["pushed"] is True
    # The reading came with the alarm: the maximum shows it without a poll.
    assert float(state_value(hass, f"sensor.{FIXED}_cable_joint_maximum")) == pytest.approx(98)
    server.camera.set_area_temperature(1, 38.0)
    await wait_for(lambda: state_value(hass, CABLE) == STATE_OFF)
    await wait_for(lambda: state_value(hass, ANY) == STATE_OFF)
    await wait_for(lambda: len(events) == 2)
    cleared = hass.states.get(EVENT)
    assert cleared is not None
    assert cleared.attributes["event_type"] == "alarm_cleared"
    assert server.counters.by_method["getAreaStatus"] == polls  # not one poll


async def test_push_and_poll_agree_without_flapping(
    hass: HomeAssistant, pushed: MockConfigEntry, server: CameraServer
) -> None:
    """An alarm pushed and then polled is one state change and one event, not two."""
    alarm, events = changes_of(hass, CABLE), changes_of(hass, EVENT)
    server.camera.set_area_temperature(1, 95.0)
    await wait_for(lambda: alarm == [STATE_ON])
    for _ in range(3):
        await refresh(hass, pushed)
    assert alarm == [STATE_ON]
    assert len(events) == 1


async def test_a_poll_does_not_undo_a_newer_push(
    hass: HomeAssistant, pushed: MockConfigEntry, server: CameraServer
) -> None:
    """A poll that read the area before the alarm was pushed keeps the pushed alarm."""
    alarm = changes_of(hass, CABLE)
    coordinator = pushed.runtime_data.readings
    server.method_latency["getAreaStatus"] = 0.4
    poll = hass.async_create_task(coordinator.async_refresh())
    await wait_for(lambda: server.counters.by_method["getAreaStatus"] > 0)
    server.camera.set_area_temperature(1, 95.0)  # during the poll, after its read
    await poll
    await hass.async_block_till_done()
    assert state_value(hass, CABLE) == STATE_ON
    assert alarm == [STATE_ON]


async def test_information_events_show_readings_without_a_poll(
    hass: HomeAssistant,
    pushed: MockConfigEntry,
    server: CameraServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Polls paused: the 30-second information event brings the readings, within its spread."""
    monkeypatch.setattr(readings_module, "INFORMATION_SPREAD", 0.1)
    polls = server.counters.by_method["getAreaStatus"]
    server.camera.set_area_temperature(1, 45.0)  # no alarm: only the information tells
    server.events.info_interval = 0.2
    await wait_for(lambda: float(state_value(hass, CABLE_MAXIMUM)) == pytest.approx(48))
    assert state_value(hass, CABLE) == STATE_OFF
    assert server.counters.by_method["getAreaStatus"] == polls


async def test_information_events_are_left_to_the_polls(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Polled every interval, a camera's 30-second readings wait for the next poll: they
    cost no state write of their own (the poll reads newer values)."""
    monkeypatch.setattr(readings_module, "INFORMATION_SPREAD", 0.01)
    readings = loaded_entry.runtime_data.readings
    await wait_for(lambda: readings.stream.connected)
    await hass.async_block_till_done()  # the poll the stream asks for when it connects
    readings.push_area(AreaEvent(area_id=1, active=None, average=40, maximum=47.5, minimum=39))
    await asyncio.sleep(0.05)  # past the information event's turn, were it shown
    await hass.async_block_till_done()
    shown = readings.area(1)
    assert shown is not None
    assert shown.status.maximum != pytest.approx(47.5)
    assert float(state_value(hass, CABLE_MAXIMUM)) != pytest.approx(47.5)


async def test_information_older_than_an_alarm_does_not_clear_it(
    hass: HomeAssistant, pushed: MockConfigEntry, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An information event still waiting when the area's alarm is pushed is dropped."""
    monkeypatch.setattr(readings_module, "INFORMATION_SPREAD", 0.05)
    coordinator = pushed.runtime_data.readings
    coordinator.push_area(AreaEvent(area_id=1, active=None, average=40, maximum=41, minimum=39))
    coordinator.push_area(AreaEvent(area_id=1, active=True, average=90, maximum=95, minimum=85))
    await hass.async_block_till_done()
    assert state_value(hass, CABLE) == STATE_ON
    await asyncio.sleep(0.1)  # past the information event's turn
    await hass.async_block_till_done()
    assert state_value(hass, CABLE) == STATE_ON
    assert float(state_value(hass, CABLE_MAXIMUM)) == pytest.approx(95)


async def test_a_push_writes_only_what_it_changed(
    hass: HomeAssistant, pushed: MockConfigEntry, server: CameraServer
) -> None:
    """An area's alarm writes that area's readings and the any-area alarm, nothing else.

    At hundreds of cameras, every entity written on every event is what makes the event loop
    lag (a write with an unchanged state still costs, and shows as *last reported*).
    """
    quiet = (
        f"camera.{FIXED}",
        STREAM,
        f"sensor.{FIXED}_transformer_maximum",
        f"number.{FIXED}_cable_joint_threshold",
    )
    reported = {entity_id: last_reported(hass, entity_id) for entity_id in quiet}
    written = {entity_id: last_reported(hass, entity_id) for entity_id in (CABLE_MAXIMUM, ANY)}
    server.camera.set_area_temperature(1, 95.0)
    await wait_for(lambda: state_value(hass, ANY) == STATE_ON)
    assert {entity_id: last_reported(hass, entity_id) for entity_id in quiet} == reported
    assert all(last_reported(hass, entity_id) > at for entity_id, at in written.items())


async def test_an_unchanged_state_is_not_written_again(
    hass: HomeAssistant, pushed: MockConfigEntry, server: CameraServer
) -> None:
    """A poll that moves an area's temperature writes its sensors, not its alarm (still off)."""
    alarm, maximum = last_reported(hass, CABLE), last_reported(hass, CABLE_MAXIMUM)
    server.camera.set_area_temperature(1, 45.0)
    await refresh(hass, pushed)
    assert float(state_value(hass, CABLE_MAXIMUM)) == pytest.approx(48)
    assert last_reported(hass, CABLE_MAXIMUM) > maximum
    assert last_reported(hass, CABLE) == alarm


def test_an_areas_alarm_is_told_apart_from_its_temperatures() -> None:
    """A new temperature concerns the area's readings; its alarm entities only when the
    alarm (or whether the area is measured) changes."""
    now = dt_util.utcnow()
    status = AreaStatus(id=1, average=40, minimum=38, maximum=45, triggered=False)
    before = Readings(areas={1: Reading(status, now)})
    warmer = Readings(areas={1: Reading(replace(status, maximum=46), now)})
    alarm = Readings(areas={1: Reading(replace(status, triggered=True), now)})
    away = Readings(areas={1: Reading(status, now, measuring=False)})
    readings: frozenset[Resource] = frozenset({("area", 1), ANY_AREA})
    alarms: frozenset[Resource] = frozenset({("area_alarm", 1), ANY_ALARM})
    assert changed_resources(before, before) == frozenset()
    assert changed_resources(before, warmer) == readings
    assert changed_resources(before, alarm) == readings | alarms
    assert changed_resources(before, away) == readings | alarms


async def test_inputs_and_virtual_inputs_by_push(
    hass: HomeAssistant,
    pushed: MockConfigEntry,
    server: CameraServer,
    entity_registry: er.EntityRegistry,
) -> None:
    """Inputs come over the event stream (no monitor); virtual inputs are read back."""
    assert not any("monitor=" in target for target in server.counters.targets)
    server.camera.set_input(1, True)
    await wait_for(lambda: state_value(hass, DOOR) == STATE_ON)
    virtual = f"switch.{FIXED}_virtual_input_1"
    entity_registry.async_update_entity(virtual, disabled_by=None)
    await hass.config_entries.async_reload(pushed.entry_id)
    await hass.async_block_till_done()
    await wait_for(lambda: state_value(hass, virtual) == STATE_OFF)  # the camera's word
    state = hass.states.get(virtual)
    assert state is not None
    assert not state.attributes.get("assumed_state")
    server.camera.set_virtual_input(1, True)  # an action rule on the camera
    await wait_for(lambda: state_value(hass, virtual) == STATE_ON)
    await switch(hass, virtual, False)
    assert server.camera.virtual_inputs[1] is False
    assert state_value(hass, virtual) == STATE_OFF


async def test_relay_outputs_by_push(
    hass: HomeAssistant, pushed: MockConfigEntry, server: CameraServer
) -> None:
    """The stream reports the relays: they follow the camera, polls stop reading them, a
    switch still reads its relay back; when the stream ends, polls read them again."""
    readings = pushed.runtime_data.readings
    await wait_for(lambda: readings.streamed_outputs == {2})
    server.counters.reset()
    server.camera.set_output(2, True)  # an action rule on the camera
    await wait_for(lambda: state_value(hass, SIREN) == STATE_ON)
    await refresh(hass, pushed)
    assert state_value(hass, SIREN) == STATE_ON
    assert output_reads(server) == []
    await switch(hass, SIREN, False)
    assert output_reads(server) == ["/axis-cgi/io/output.cgi?check=2"]  # the read-back
    assert state_value(hass, SIREN) == STATE_OFF
    diagnostics = await async_get_config_entry_diagnostics(hass, pushed)
    assert diagnostics["outputs_streamed"] == [2]
    server.events.refuse_status = 503
    server.events.drop()
    await wait_for(lambda: state_value(hass, STREAM) == STATE_OFF)
    assert readings.streamed_outputs == frozenset()
    await hass.async_block_till_done()  # the poll the lost stream asked for
    server.counters.reset()
    server.camera.set_output(2, True)
    await refresh(hass, pushed)
    assert state_value(hass, SIREN) == STATE_ON
    assert len(output_reads(server)) == server.counters.by_method["getAreaStatus"] > 0


async def test_relays_of_a_stream_without_their_states_are_polled(
    hass: HomeAssistant, server: CameraServer, config_entry: MockConfigEntry
) -> None:
    """Firmware whose stream sends no relay states: every poll reads the relays."""
    server.events.relay_events = False
    await set_up(hass, config_entry)
    await wait_for(lambda: state_value(hass, STREAM) == STATE_ON)
    readings = config_entry.runtime_data.readings
    await wait_for(lambda: readings.any_area_pushed is not None)  # its states have come
    server.counters.reset()
    server.camera.set_output(2, True)
    await refresh(hass, config_entry)
    assert state_value(hass, SIREN) == STATE_ON
    assert len(output_reads(server)) == server.counters.by_method["getAreaStatus"] > 0
    assert readings.streamed_outputs == frozenset()
    server.inject("status_500", path="/axis-cgi/io/output.cgi")  # the relay cannot be read
    await refresh(hass, config_entry)
    assert state_value(hass, SIREN) == STATE_UNAVAILABLE
    await hass.config_entries.async_unload(config_entry.entry_id)


async def test_a_stream_lost_while_home_assistant_stops_is_no_warning(
    hass: HomeAssistant,
    pushed: MockConfigEntry,
    server: CameraServer,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Issue 29, 10: stopping the demo warned that the event stream failed."""
    hass.set_state(CoreState.stopping)
    server.events.refuse_status = 503
    server.events.drop()
    await wait_for(lambda: state_value(hass, STREAM) == STATE_OFF)
    hass.set_state(CoreState.running)
    assert not [r for r in caplog.records if "the event stream failed" in r.getMessage()]


async def test_dropped_mid_alarm_reconnects_to_the_camera_state(
    hass: HomeAssistant,
    pushed: MockConfigEntry,
    server: CameraServer,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The stream drops during an alarm, the alarm clears meanwhile: after the reconnect
    Home Assistant shows what the camera shows, and one line says the stream was lost."""
    server.camera.set_area_temperature(1, 95.0)
    await wait_for(lambda: state_value(hass, CABLE) == STATE_ON)
    server.events.refuse_status = 503  # down for a moment
    server.events.drop()
    await wait_for(lambda: state_value(hass, STREAM) == STATE_OFF)
    server.camera.set_area_temperature(1, 38.0)  # cleared while the stream is down
    server.camera.set_input(1, True)
    server.events.refuse_status = None
    await wait_for(lambda: state_value(hass, STREAM) == STATE_ON)
    await wait_for(lambda: state_value(hass, CABLE) == STATE_OFF)
    await wait_for(lambda: state_value(hass, DOOR) == STATE_ON)
    lost = [r for r in caplog.records if "the event stream failed" in r.getMessage()]
    assert len(lost) == 1
    assert lost[0].levelno == logging.WARNING
    diagnostics = await async_get_config_entry_diagnostics(hass, pushed)
    assert diagnostics["event_stream"]["connected"] is True
    assert diagnostics["event_stream"]["reconnects"] >= 1


async def test_garbage_and_unknown_topics_change_nothing(
    hass: HomeAssistant, pushed: MockConfigEntry, server: CameraServer
) -> None:
    """Frames that are not events are skipped; the stream stays up and the next alarm counts."""
    await server.events.send_garbage()
    server.events.send_unknown_topic()
    server.camera.set_area_temperature(1, 95.0)
    await wait_for(lambda: state_value(hass, CABLE) == STATE_ON)
    assert state_value(hass, STREAM) == STATE_ON
    assert pushed.runtime_data.readings.stream.reconnects == 0


async def test_topics_spelled_otherwise(
    hass: HomeAssistant, server: CameraServer, config_entry: MockConfigEntry
) -> None:
    """Firmware that spells the topics with other prefixes is understood all the same."""
    server.events.variant_topics = True
    config_entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(config_entry, pref_disable_polling=True)
    await set_up(hass, config_entry)
    await wait_for(lambda: state_value(hass, STREAM) == STATE_ON)
    server.camera.set_area_temperature(1, 95.0)
    await wait_for(lambda: state_value(hass, CABLE) == STATE_ON)
    await hass.config_entries.async_unload(config_entry.entry_id)


async def test_a_stalled_stream_is_noticed(
    hass: HomeAssistant, pushed: MockConfigEntry, server: CameraServer
) -> None:
    """A camera that stops answering (no events, no pongs) loses the stream; polls serve."""
    server.events.stalled = True
    server.events.drop()  # the reconnect gets a stalled camera
    await wait_for(lambda: state_value(hass, STREAM) == STATE_OFF)


@pytest.mark.parametrize("status", [404, 403])
async def test_refused_stream_falls_back_to_monitor_and_polls(
    hass: HomeAssistant, server: CameraServer, config_entry: MockConfigEntry, status: int
) -> None:
    """A camera that lists the API but refuses it: inputs from the monitor, alarms polled."""
    server.events.refuse_status = status
    await set_up(hass, config_entry)
    await wait_for(lambda: "/axis-cgi/io/input.cgi" in str(server.counters.targets))
    await wait_for(lambda: any("monitor=" in t for t in server.counters.targets))
    assert state_value(hass, STREAM) == STATE_OFF
    server.camera.set_input(1, True)
    await wait_for(lambda: state_value(hass, DOOR) == STATE_ON)
    server.camera.set_area_temperature(1, 95.0)
    await refresh(hass, config_entry)
    assert state_value(hass, CABLE) == STATE_ON
    diagnostics = await async_get_config_entry_diagnostics(hass, config_entry)
    assert diagnostics["event_stream"]["refused"]
    await hass.config_entries.async_unload(config_entry.entry_id)


@pytest.mark.no_event_stream
async def test_camera_without_the_stream(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: CameraServer
) -> None:
    """No stream entity, the monitor for inputs, the any-area alarm from the areas."""
    assert hass.states.get(STREAM) is None
    assert not server.events.configure_requests
    server.camera.set_area_temperature(1, 95.0)
    await refresh(hass, loaded_entry)
    assert state_value(hass, ANY) == STATE_ON
    fired = hass.states.get(EVENT)
    assert fired is not None
    assert fired.attributes["event_type"] == "alarm_started"
    assert fired.attributes["pushed"] is False


async def test_unload_closes_the_stream(
    hass: HomeAssistant, pushed: MockConfigEntry, server: CameraServer
) -> None:
    """Nothing of the stream outlives the entry."""
    assert server.events.sessions
    assert await hass.config_entries.async_unload(pushed.entry_id)
    await hass.async_block_till_done()
    await wait_for(lambda: not server.events.sessions)
