"""Attacks on the input monitor stream (README.md, M1-M4)."""

import asyncio
from collections.abc import Awaitable, Callable
import logging

from aiohttp import web
from homeassistant.const import EVENT_STATE_CHANGED, STATE_OFF, STATE_ON, STATE_UNAVAILABLE
from homeassistant.core import Event, EventStateChangedData, HomeAssistant, callback
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.axis_thermometry import inputs, reconnect
from custom_components.axis_thermometry.models import InputStates
from tests.conftest import refresh, set_up, state_value, wait_for
from tests.simulator.http import Handler, Override
from tests.simulator.server import CameraServer

from .attacks import rewrite_text

pytestmark = pytest.mark.no_event_stream  # the monitor serves cameras without it

INPUT_CGI = "/axis-cgi/io/input.cgi"
DOOR = "binary_sensor.axis_q2101_te_door_contact"
PART = b"\r\n--ioboundary\r\nContent-Type: text/plain\r\n\r\n"

type Stream = Callable[[web.Request, web.StreamResponse], Awaitable[None]]


def monitor_stream(stream: Stream) -> Override:
    """The ``monitor`` stream as ``stream`` writes it; ``check`` answered by the camera."""

    async def answer(request: web.Request, handler: Handler) -> web.StreamResponse:
        if "monitor" not in request.query:
            return await handler(request)
        response = web.StreamResponse(
            headers={"Content-Type": "multipart/x-mixed-replace; boundary=ioboundary"}
        )
        await response.prepare(request)
        await stream(request, response)
        return response

    return answer


def connected(request: web.Request) -> bool:
    """Whether the client still holds the connection."""
    return request.transport is not None and not request.transport.is_closing()


async def until_hung_up(request: web.Request) -> None:
    """Keep the connection until the client closes it."""
    while connected(request):  # noqa: ASYNC110 - the transport offers no event to wait on
        await asyncio.sleep(0.05)


@pytest.fixture
def fast_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    """Reconnect after 50 ms, doubling up to 200 ms: attacks play out in a second."""
    monkeypatch.setattr(reconnect, "BACKOFF_START", 0.05)
    monkeypatch.setattr(reconnect, "BACKOFF_MAX", 0.2)


def monitor_warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [
        r.getMessage()
        for r in caplog.records
        if r.levelno >= logging.WARNING and "input monitor" in r.getMessage()
    ]


async def polled_meanwhile(
    hass: HomeAssistant, entry: MockConfigEntry, server: CameraServer, *, reconnects: int
) -> InputStates:
    """Set up with the monitor broken: once it failed ``reconnects`` times, the inputs are
    polled, and a change on the camera shows all the same."""
    await set_up(hass, entry)
    states: InputStates = entry.runtime_data.readings.inputs
    await wait_for(lambda: states.reconnects >= reconnects)
    assert states.polling
    server.camera.set_input(1, True)
    await refresh(hass, entry)
    assert state_value(hass, DOOR) == STATE_ON
    return states


async def test_a_line_too_long(
    hass: HomeAssistant,
    config_entry: MockConfigEntry,
    server: CameraServer,
    fast_backoff: None,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """M1: a line without end; the inputs are polled instead, and still right."""

    async def endless_line(request: web.Request, response: web.StreamResponse) -> None:
        await response.write(PART + b"I00:" + b"H" * 200_000)
        await until_hung_up(request)

    server.overrides[INPUT_CGI] = monitor_stream(endless_line)
    states = await polled_meanwhile(hass, config_entry, server, reconnects=2)
    assert len(monitor_warnings(caplog)) == 1  # once per outage, not per reconnect
    del server.overrides[INPUT_CGI]
    await wait_for(lambda: states.streaming)
    server.camera.set_input(1, False)
    await wait_for(lambda: state_value(hass, DOOR) == STATE_OFF, timeout=1.0)


async def test_a_stream_dropped_after_its_first_line(
    hass: HomeAssistant, config_entry: MockConfigEntry, server: CameraServer, fast_backoff: None
) -> None:
    """M2: the backoff grows although every stream starts with a line; no state flaps."""

    async def first_line_only(request: web.Request, response: web.StreamResponse) -> None:
        await response.write(PART + b"I00:L\r\n")

    server.overrides[INPUT_CGI] = monitor_stream(first_line_only)
    await set_up(hass, config_entry)
    changes: list[str] = []

    @callback
    def changed(event: Event[EventStateChangedData]) -> None:
        if event.data["entity_id"] == DOOR:
            new = event.data["new_state"]
            changes.append(new.state if new is not None else "removed")

    hass.bus.async_listen(EVENT_STATE_CHANGED, changed)
    states = config_entry.runtime_data.readings.inputs
    await asyncio.sleep(1.0)
    # 50, 100, 200, 200, 200 ms: about 6 in a second; without the backoff, 20.
    assert 3 <= states.reconnects <= 8
    assert changes == []
    assert state_value(hass, DOOR) == STATE_OFF


async def test_a_stream_that_drips(
    hass: HomeAssistant,
    config_entry: MockConfigEntry,
    server: CameraServer,
    fast_backoff: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """M3: slow-loris: a byte every 50 ms, never a whole line; polled instead."""
    monkeypatch.setattr(inputs, "LINE_TIMEOUT", 0.3)

    async def drip(request: web.Request, response: web.StreamResponse) -> None:
        await response.write(PART)
        while connected(request):
            await response.write(b"I")
            await asyncio.sleep(0.05)

    server.overrides[INPUT_CGI] = monitor_stream(drip)
    await polled_meanwhile(hass, config_entry, server, reconnects=1)


async def test_check_answer_in_other_digits_at_reconnect(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: CameraServer, fast_backoff: None
) -> None:
    """M4: input1=² after a reconnect: unavailable while unreadable, then streamed again."""
    states = loaded_entry.runtime_data.readings.inputs
    await wait_for(lambda: states.streaming)
    server.overrides[INPUT_CGI] = rewrite_text(lambda text: text.replace("input1=", "input1=²"))
    server.drop_connections()
    await wait_for(lambda: states.reconnects >= 2)
    await refresh(hass, loaded_entry)
    assert state_value(hass, DOOR) == STATE_UNAVAILABLE  # the state cannot be read
    del server.overrides[INPUT_CGI]
    await wait_for(lambda: states.streaming)
    assert state_value(hass, DOOR) == STATE_OFF
    server.camera.set_input(1, True)
    await wait_for(lambda: state_value(hass, DOOR) == STATE_ON, timeout=1.0)
