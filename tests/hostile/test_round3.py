"""Hardening, round 3: what a hostile camera, recorder or user did that round 2 let through.

Each test names the defect of issue 24 it covers (H1-H16, README.md) and fails on the code
before the fix.
"""

import logging
from typing import Any

from aiohttp import web
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import (
    CONF_HOST,
    CONF_PASSWORD,
    CONF_PORT,
    CONF_SSL,
    CONF_USERNAME,
    EVENT_STATE_CHANGED,
    STATE_OFF,
    STATE_ON,
)
from homeassistant.core import Event, EventStateChangedData, HomeAssistant, callback
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import device_registry as dr
from homeassistant.util.unit_system import US_CUSTOMARY_SYSTEM
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.axis_thermometry import event_stream, reconnect
from custom_components.axis_thermometry.address import Address, parse_address
from custom_components.axis_thermometry.const import DEVICE_TYPE_AXIS, DOMAIN
from custom_components.axis_thermometry.diagnostics import async_get_config_entry_diagnostics
from custom_components.axis_thermometry.exacq import Endpoint
from custom_components.axis_thermometry.vapix import event_stream as event_stream_api
from tests.conftest import entry_data, set_number, set_up, state_value, wait_for
from tests.simulator.events import GARBAGE_FRAMES
from tests.simulator.exacq import ExacqCamera, ExacqServer
from tests.simulator.http import Handler, Override
from tests.simulator.server import CameraServer
from tests.test_config_flow import start_user_flow

FIXED = "axis_q2101_te"
TRANSFORMER_ALARM = f"binary_sensor.{FIXED}_transformer_alarm"
PHASE_ALARM = f"binary_sensor.{FIXED}_phase_balance_deviation_alarm"
CABLE_ALARM = f"binary_sensor.{FIXED}_cable_joint_alarm"
STREAM = f"binary_sensor.{FIXED}_event_stream"


def camera_device(hass: HomeAssistant, entry: MockConfigEntry) -> str:
    """The device registry id of ``entry``'s camera."""
    (device,) = dr.async_entries_for_config_entry(dr.async_get(hass), entry.entry_id)
    return device.id


def _form(server: CameraServer, host: str, **changes: Any) -> dict[str, Any]:
    return {
        CONF_HOST: host,
        "connection": "http",
        CONF_USERNAME: "root",
        CONF_PASSWORD: "pass",
        **changes,
    }


# ---------------------------------------------------------------------- H8


@pytest.mark.parametrize("value", ["inf", "-inf", "nan"])
@pytest.mark.parametrize(
    ("service", "target"),
    [
        ("update_area", {"entity_id": TRANSFORMER_ALARM, "threshold": None}),
        ("update_group", {"entity_id": PHASE_ALARM, "threshold": None}),
        ("set_isotherm_levels", {"high": None}),
    ],
)
async def test_h8_infinite_temperatures_are_refused_in_words(  # noqa: PLR0917
    hass: HomeAssistant,
    loaded_entry: MockConfigEntry,
    server: CameraServer,
    service: str,
    target: dict[str, Any],
    value: str,
) -> None:
    """Home Assistant in °F, the camera in °C: inf and nan were OverflowError/ValueError
    ("Unknown error"); now a translated refusal, and nothing is sent."""
    hass.config.units = US_CUSTOMARY_SYSTEM
    data = {key: value if item is None else item for key, item in target.items()}
    if service == "set_isotherm_levels":
        data["device_id"] = camera_device(hass, loaded_entry)
    writes = ("updateArea", "updateGroup", "setIsothermLevels")
    before = {m: server.counters.by_method[m] for m in writes}
    with pytest.raises(ServiceValidationError) as raised:
        await hass.services.async_call(DOMAIN, service, data, blocking=True)
    assert raised.value.translation_key == "not_a_number"
    assert {m: server.counters.by_method[m] for m in writes} == before


@pytest.mark.parametrize("value", [float("inf"), float("nan")])
async def test_h8_infinite_numbers_are_refused_in_words(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, value: float
) -> None:
    hass.config.units = US_CUSTOMARY_SYSTEM
    with pytest.raises(ServiceValidationError) as raised:
        await set_number(hass, f"number.{FIXED}_transformer_threshold", value)
    assert raised.value.translation_key in ("not_a_number", "out_of_range")


# ---------------------------------------------------------------------- H9, H10


@pytest.mark.parametrize(
    ("typed", "host", "port"),
    [
        ("{host}:{port}", "127.0.0.1", None),
        ("http://{host}:{port}", "127.0.0.1", None),
        ("http://{host}:{port}/", "127.0.0.1", None),
        (" {host} ", "127.0.0.1", "{port}"),
    ],
)
async def test_h9_host_field_takes_host_port_and_urls(
    hass: HomeAssistant, server: CameraServer, typed: str, host: str, port: str | None
) -> None:
    result = await start_user_flow(hass, DEVICE_TYPE_AXIS)
    form = _form(server, typed.format(host=server.host, port=server.port))
    if port is not None:
        form[CONF_PORT] = int(port.format(port=server.port))
    result = await hass.config_entries.flow.async_configure(result["flow_id"], form)
    await hass.async_block_till_done()
    assert result["type"] is FlowResultType.CREATE_ENTRY, result.get("errors")
    assert result["data"][CONF_HOST] == host
    assert result["data"][CONF_PORT] == server.port
    assert result["data"][CONF_SSL] is False
    assert await hass.config_entries.async_unload(result["result"].entry_id)


@pytest.mark.parametrize(
    ("typed", "error"),
    [
        ("root:secret@{host}", "credentials_in_host"),
        ("http://root:secret@{host}:{port}", "credentials_in_host"),
        ("ftp://{host}", "invalid_host"),
        ("{host}:99999", "invalid_host"),
        ("camera one", "invalid_host"),
        ("[fe80::1", "invalid_host"),
        ("http://{host}/axis-cgi/", "invalid_host"),
    ],
)
async def test_h9_unusable_hosts_are_refused_and_never_logged(
    hass: HomeAssistant,
    server: CameraServer,
    caplog: pytest.LogCaptureFixture,
    typed: str,
    error: str,
) -> None:
    """Before: "Unknown error", a traceback, and for root:secret@host the password in the log."""
    caplog.set_level(logging.DEBUG)
    result = await start_user_flow(hass, DEVICE_TYPE_AXIS)
    typed = typed.format(host=server.host, port=server.port)
    result = await hass.config_entries.flow.async_configure(result["flow_id"], _form(server, typed))
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {CONF_HOST: error}
    assert "secret" not in caplog.text
    assert server.counters.requests == 0


@pytest.mark.parametrize(
    ("typed", "address"),
    [
        ("[fe80::1]", Address("fe80::1")),
        ("[fe80::1%eth0]:8443", Address("fe80::1%eth0", 8443)),
        ("https://[2001:db8::7]/", Address("2001:db8::7", None, https=True)),
        ("fe80::1", Address("fe80::1")),
        ("Camera.Local.", Address("camera.local")),
        ("HTTP://192.168.1.10:8080", Address("192.168.1.10", 8080, https=False)),
    ],
)
def test_h9_addresses_as_people_paste_them(typed: str, address: Address) -> None:
    """``[fe80::1]`` was "Unknown error" with a traceback (the host went into a URL as is)."""
    assert parse_address(typed) == address


async def test_h10_adding_a_camera_again_over_https_updates_every_connection_field(
    hass: HomeAssistant, server: CameraServer
) -> None:
    """The entry spoke HTTP to the HTTPS port for ever: now the connection follows too."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        unique_id=server.camera.serial,
        data=entry_data(server, host="192.0.2.7", port=443, ssl=True, password="old"),
    )
    entry.add_to_hass(hass)
    result = await start_user_flow(hass, DEVICE_TYPE_AXIS)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], _form(server, f"{server.host}:{server.port}")
    )
    await hass.async_block_till_done()
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"
    assert entry.data == entry_data(server)


# ---------------------------------------------------------------------- H1, H11, H14: the stream


@pytest.fixture
def quick_reconnects(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reconnect, "BACKOFF_START", 0.05)
    monkeypatch.setattr(reconnect, "BACKOFF_MAX", 0.2)
    monkeypatch.setattr(event_stream.CameraEventStream, "refusal_retry", 0.3)


async def _streaming(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    await set_up(hass, entry)
    await wait_for(lambda: state_value(hass, STREAM) == STATE_ON)
    await wait_for(lambda: entry.runtime_data.coordinator.data.any_area_pushed is not None)
    await hass.async_block_till_done()


async def test_h1_a_flood_of_events_is_coalesced_and_lets_the_loop_run(
    hass: HomeAssistant, config_entry: MockConfigEntry, server: CameraServer
) -> None:
    """3 000 alarm events in one burst were handled one by one without yielding (0.65-0.9 s
    of a frozen event loop, 3 000 state writes): now the newest state per area counts, and
    the loop runs between batches. Measured by the bench (flood_loop_lag_ms_p99)."""
    config_entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(config_entry, pref_disable_polling=True)
    await _streaming(hass, config_entry)
    writes: list[str] = []
    turns = 0

    @callback
    def written(event: Event[EventStateChangedData]) -> None:
        if event.data["entity_id"] == CABLE_ALARM and event.data["new_state"] is not None:
            writes.append(event.data["new_state"].state)

    def turn() -> None:
        nonlocal turns
        turns += 1
        if coordinator.stream.events < sent:
            hass.loop.call_soon(turn)

    hass.bus.async_listen(EVENT_STATE_CHANGED, written)
    coordinator = config_entry.runtime_data.coordinator
    sent = coordinator.stream.events + 3001
    server.events.flood(1, 3000)
    hass.loop.call_soon(turn)
    await wait_for(lambda: coordinator.stream.events >= sent, timeout=30)
    await hass.async_block_till_done()
    assert state_value(hass, CABLE_ALARM) == STATE_OFF  # the newest: off
    assert len(writes) < 3000 / 10  # 3 000 before
    assert turns > 3000 / event_stream_api.FRAMES_PER_TURN / 2  # 1 before: no turn at all
    await hass.config_entries.async_unload(config_entry.entry_id)


async def test_h14_ignored_frames_are_counted_as_they_come(
    hass: HomeAssistant, config_entry: MockConfigEntry, server: CameraServer
) -> None:
    """Diagnostics counted frames that are not events only when the stream ended."""
    await _streaming(hass, config_entry)
    await server.events.send_garbage()
    server.events.send_unknown_topic()
    expected = len(GARBAGE_FRAMES) + 1
    coordinator = config_entry.runtime_data.coordinator
    await wait_for(lambda: coordinator.stream.ignored == expected)
    diagnostics = await async_get_config_entry_diagnostics(hass, config_entry)
    assert diagnostics["event_stream"]["connected"] is True
    assert diagnostics["event_stream"]["ignored_frames"] == expected
    await hass.config_entries.async_unload(config_entry.entry_id)


@pytest.mark.usefixtures("quick_reconnects")
@pytest.mark.parametrize("status", [404, 401])
async def test_h11_a_refused_handshake_is_asked_again(
    hass: HomeAssistant,
    config_entry: MockConfigEntry,
    server: CameraServer,
    caplog: pytest.LogCaptureFixture,
    status: int,
) -> None:
    """One 404, or a 401 while the camera restarts, ended push until Home Assistant restarted:
    now the stream is asked for again (with backoff, then at the configuration cadence once
    the refusal lasts), the input monitor serves meanwhile, one log line for the outage."""
    server.events.refuse_status = status
    await set_up(hass, config_entry)
    await wait_for(lambda: any("monitor=" in t for t in server.counters.targets))
    attempts = server.counters.by_path["/vapix/ws-data-stream"]
    await wait_for(lambda: server.counters.by_path["/vapix/ws-data-stream"] >= attempts + 3)
    server.events.refuse_status = None
    await wait_for(lambda: state_value(hass, STREAM) == STATE_ON)
    server.camera.set_area_temperature(1, 95.0)
    await wait_for(lambda: state_value(hass, CABLE_ALARM) == STATE_ON)  # by push
    refusals = [r for r in caplog.records if "refuses its event stream" in r.getMessage()]
    assert len(refusals) == 1
    inputs = config_entry.runtime_data.coordinator.inputs
    assert inputs.streaming and not inputs.polling  # the event stream carries them again
    await hass.config_entries.async_unload(config_entry.entry_id)


# ---------------------------------------------------------------------- H12, H13: the recorder


def _echoing_the_request(status: int = 400) -> Override:
    """An error page that echoes the request line, session id and all (some web servers do)."""

    async def answer(request: web.Request, handler: Handler) -> web.StreamResponse:
        line = f"{request.method} {request.path_qs} HTTP/1.1"
        return web.Response(status=status, text=f"Bad Request: {line}", content_type="text/plain")

    return answer


async def test_h12_no_session_id_in_any_message(
    hass: HomeAssistant,
    exacq_entry: MockConfigEntry,
    recorder: ExacqServer,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A server's error page with ``s=<session>`` became the entry's "not ready" reason (shown
    in the UI) and a log line."""
    caplog.set_level(logging.DEBUG)
    recorder.overrides[Endpoint.STATUS] = _echoing_the_request()
    exacq_entry.add_to_hass(hass)
    assert not await hass.config_entries.async_setup(exacq_entry.entry_id)
    assert exacq_entry.state is ConfigEntryState.SETUP_RETRY
    assert "s=" not in str(exacq_entry.reason)
    for session_id in recorder.issued_sessions:
        assert session_id not in str(exacq_entry.reason)
        assert session_id not in caplog.text


async def test_h13_a_recorder_with_600_cameras_loads(
    hass: HomeAssistant, exacq_entry: MockConfigEntry, recorder: ExacqServer
) -> None:
    """status.web was asked with every camera id in one GET, over the 8 KB request line web
    servers accept (the simulator's aiohttp refuses it as they do): the entry never loaded."""
    for number in range(600):
        camera_id = str(4_600_000 + number)
        recorder.recorder.cameras[camera_id] = ExacqCamera(camera_id, f"Camera {number}")
    recorder.recorder.cameras["4600599"].motion = True
    await set_up(hass, exacq_entry)
    assert recorder.counters.by_path[Endpoint.STATUS] > 1  # asked in parts
    assert state_value(hass, "binary_sensor.camera_599_motion") == STATE_ON
    assert await hass.config_entries.async_unload(exacq_entry.entry_id)
