"""The event stream client against the simulated camera, and its parsers against 000's topics."""

import asyncio
from collections.abc import AsyncIterator

import aiohttp
import pytest

from custom_components.axis_thermometry.vapix import (
    VapixAuthorizationError,
    VapixConnectionError,
    VapixNotSupportedError,
    VapixRequestError,
    VapixServerError,
)
from custom_components.axis_thermometry.vapix.event_stream import EventStream
from custom_components.axis_thermometry.vapix.events import (
    TOPIC_FILTERS,
    AnyAreaEvent,
    AreaEvent,
    CameraEvent,
    DeviationEvent,
    PortEvent,
    RelayEvent,
    Topic,
    parse_notification,
    topic_of,
)
from custom_components.axis_thermometry.vapix.models import TemperatureScale
from tests.simulator import CameraServer

from .conftest import AuthMethod, make_device


async def next_event(
    events: AsyncIterator[CameraEvent], kind: type[CameraEvent] | None = None
) -> CameraEvent:
    async with asyncio.timeout(3):
        async for event in events:
            if kind is None or isinstance(event, kind):
                return event
    raise AssertionError("the stream ended")


async def drain(stream: EventStream) -> None:
    async with asyncio.timeout(3):
        async for _ in stream:
            pass


def notify(topic: str, source: dict[str, object], data: dict[str, object]) -> dict[str, object]:
    return {
        "apiVersion": "1.0",
        "method": "events:notify",
        "params": {
            "notification": {
                "topic": topic,
                "timestamp": 1700000000000,
                "message": {"source": source, "key": {}, "data": data},
            }
        },
    }


@pytest.mark.parametrize(
    ("topic", "expected"),
    [
        ("tns1:VideoSource/tns1:RadiometryAlarm/tnsaxis:TemperatureDetection", Topic.AREA_ALARM),
        ("tns1:VideoSource/tnsaxis:Thermometry/TemperatureDetection", Topic.AREA_READING),
        ("VideoSource/RadiometryAlarm/TemperatureDetectionAnyArea", Topic.ANY_AREA_ALARM),
        (
            "tns1:VideoSource/tns1:RadiometryAlarm/tnsaxis:TemperatureDetectionAnyAreaOnPreset",
            Topic.PRESET_ALARM,
        ),
        ("tns1:videosource/tns1:radiometryalarm/tnsaxis:deviationdetection", Topic.DEVIATION_ALARM),
        ("tns1:Device/tnsaxis:IO/Port", Topic.INPUT),
        ("tns1:Device/tnsaxis:IO/VirtualInput", Topic.VIRTUAL_INPUT),
        ("tns1:Device/Trigger/Relay", Topic.RELAY),
        ("tns1:VideoSource/tnsaxis:Thermometry/CalibrationDone", None),
        ("tns1:VideoSource/tns1:RadiometryAlarm", None),
        ("", None),
    ],
)
def test_topics_match_by_segment(topic: str, expected: Topic | None) -> None:
    """Prefixes and case do not matter; the segments do, all of them."""
    assert topic_of(topic) == expected


def test_area_alarm_fields_as_000_lists_them() -> None:
    """Every field of 000's "Temperature area event", as strings the event system sends."""
    event = parse_notification(
        notify(
            "tns1:VideoSource/tns1:RadiometryAlarm/tnsaxis:TemperatureDetection",
            {"AreaID": "3"},
            {
                "AlarmActive": "1",
                "AreaName": "Burner",
                "PresetNbr": "2",
                "AverageTemp": "301.5",
                "MaximumTemp": "324.25",
                "MinimumTemp": "280",
                "TemperatureUnit": "Celsius",
                "MaxTempPositionX": "-0.5",
                "MaxTempPositionY": "0.25",
                "MinTempPositionX": "0.5",
                "MinTempPositionY": "-1",
            },
        )
    )
    assert event == AreaEvent(
        area_id=3,
        active=True,
        name="Burner",
        preset=2,
        average=301.5,
        maximum=324.25,
        minimum=280,
        scale=TemperatureScale.CELSIUS,
        max_position=(-0.5, 0.25),
        min_position=(0.5, -1),
    )


def test_other_topics_and_json_types() -> None:
    """JSON numbers and booleans are read as well as strings; names of fields ignore case."""
    assert parse_notification(
        notify(
            "tns1:VideoSource/tns1:RadiometryAlarm/tnsaxis:DeviationDetection",
            {"groupid": 1},
            {"alarmactive": True, "DeltaTemp": 17.5, "ThresholdTemp": 15, "PresetName": "Hall"},
        )
    ) == DeviationEvent(group_id=1, active=True, deviation=17.5, threshold=15, preset_name="Hall")
    assert parse_notification(
        notify(
            "tns1:VideoSource/tns1:RadiometryAlarm/tnsaxis:TemperatureDetectionAnyAreaOnPreset",
            {"PresetNbr": "4"},
            {"AreaName": "AnyAreaOnPreset", "AlarmActive": "0"},
        )
    ) == AnyAreaEvent(active=False, preset=4)
    # Device/IO/Port numbers ports from 0 (IOPort.I0 is the CGIs' port 1); -1 is "any".
    port = "tns1:Device/tnsaxis:IO/Port"
    assert parse_notification(notify(port, {"port": "0"}, {"state": "1"})) == PortEvent(
        port=1, active=True
    )
    assert parse_notification(notify(port, {"port": "-1"}, {"state": "1"})) is None
    assert parse_notification(
        notify("tns1:Device/tnsaxis:IO/VirtualInput", {"port": "3"}, {"active": "0"})
    ) == PortEvent(port=3, active=False, virtual=True)
    # A relay by its token, the IOPort index (the axis library's fixture: token 3, inactive).
    relay = "tns1:Device/Trigger/Relay"
    assert parse_notification(
        notify(relay, {"RelayToken": "3"}, {"LogicalState": "inactive"})
    ) == RelayEvent(port=4, active=False)
    assert parse_notification(
        notify(relay, {"relaytoken": "0"}, {"LogicalState": "active"})
    ) == RelayEvent(port=1, active=True)
    assert parse_notification(notify(relay, {"RelayToken": "0"}, {})) is None


@pytest.mark.parametrize(
    "frame",
    [
        None,
        [],
        "text",
        {"method": "events:configure", "data": {}},
        {"method": "events:notify"},
        {"method": "events:notify", "params": {"notification": "x"}},
        {"method": "events:notify", "params": {"notification": {"topic": 7}}},
        notify("tns1:VideoSource/tnsaxis:Thermometry/CalibrationDone", {}, {}),
        notify("tns1:VideoSource/tns1:Thermometry/tnsaxis:TemperatureDetection", {}, {}),
        notify(
            "tns1:VideoSource/tns1:RadiometryAlarm/tnsaxis:TemperatureDetection",
            {"AreaID": "0"},
            {"AlarmActive": "maybe"},
        ),
        notify(
            "tns1:VideoSource/tns1:RadiometryAlarm/tnsaxis:TemperatureDetection",
            {"AreaID": "0"},
            {"AlarmActive": "1", "MaximumTemp": "1e400"},
        ),
        notify("tns1:Device/tnsaxis:IO/Port", {"port": "one"}, {"state": "1"}),
    ],
)
def test_unreadable_frames_are_left_out(frame: object) -> None:
    """Garbage, other methods, unknown topics and malformed fields give no event."""
    assert parse_notification(frame) is None


async def test_subscribes_and_streams_what_000_documents(
    session: aiohttp.ClientSession, server: CameraServer
) -> None:
    """Digest on the handshake, the filters in events:configure, states first, then changes."""
    stream = await make_device(session, server).events.open()
    events = aiter(stream)
    try:
        request = server.events.configure_requests[-1]
        assert request["method"] == "events:configure"
        assert request["apiVersion"] == "1.0"
        assert [f["topicFilter"] for f in request["params"]["eventFilterList"]] == list(
            TOPIC_FILTERS
        )
        assert "Authorization" not in str(server.counters.targets)  # nothing in the URL
        assert server.counters.targets[-1] == "/vapix/ws-data-stream?sources=events"
        first = await next_event(events, AreaEvent)
        assert isinstance(first, AreaEvent)
        assert first.active is False
        server.camera.set_area_temperature(1, 95.0)  # Cable joint: above 60, no delay
        raised = await next_event(events, AreaEvent)
        while not (isinstance(raised, AreaEvent) and raised.area_id == 1 and raised.active):
            raised = await next_event(events, AreaEvent)
        assert raised.name == "Cable joint"
        assert raised.maximum == pytest.approx(98.0)
        assert raised.scale is TemperatureScale.CELSIUS
        any_area = await next_event(events, AnyAreaEvent)
        while not (isinstance(any_area, AnyAreaEvent) and any_area.active):
            any_area = await next_event(events, AnyAreaEvent)
        server.camera.set_input(1, True)
        assert await next_event(events, PortEvent) == PortEvent(port=1, active=True)
        server.camera.set_output(2, True)  # IOPort.I1: RelayToken 1
        assert await next_event(events, RelayEvent) == RelayEvent(port=2, active=True)
    finally:
        await stream.close()


async def test_garbage_and_unknown_topics_are_skipped(
    session: aiohttp.ClientSession, server: CameraServer
) -> None:
    """Neither ends the stream; the next real event still arrives."""
    stream = await make_device(session, server).events.open(["tns1:Device/tnsaxis:IO/Port"])
    events = aiter(stream)
    try:
        await server.events.send_garbage()
        server.events.send_unknown_topic()  # not subscribed: the camera filters it out
        server.camera.set_input(1, True)
        event = await next_event(events)
        while event != PortEvent(port=1, active=True):
            event = await next_event(events)
        assert stream.ignored >= 4
    finally:
        await stream.close()


async def test_basic_authentication(session: aiohttp.ClientSession) -> None:
    """A device configured for Basic gets it on the handshake, as on every request."""
    from tests.simulator.profiles import fixed

    async with CameraServer(fixed(), auth="basic") as basic:
        stream = await make_device(session, basic, auth=AuthMethod.BASIC).events.open()
        await stream.close()
        assert basic.counters.challenges == 0


@pytest.mark.parametrize(
    ("status", "error"),
    [
        (404, VapixNotSupportedError),
        (400, VapixNotSupportedError),
        (403, VapixAuthorizationError),
        (503, VapixServerError),
    ],
)
async def test_refused_upgrade(
    session: aiohttp.ClientSession, server: CameraServer, status: int, error: type[Exception]
) -> None:
    """A refusal is a typed error: not supported, not allowed, or the device's trouble."""
    server.events.refuse_status = status
    with pytest.raises(error):
        await make_device(session, server).events.open()


async def test_digest_needs_a_session_that_answers_the_challenge(
    session: aiohttp.ClientSession, server: CameraServer
) -> None:
    """Why the integration gives the stream a session of its own: ``ws_connect`` takes no
    per-request middlewares, so on a plain session the Digest challenge goes unanswered."""
    device = make_device(session, server, stream_session=session)
    with pytest.raises(VapixAuthorizationError):
        await device.events.open()
    stream = await make_device(session, server).events.open()  # a DigestAuthMiddleware session
    await stream.close()


async def test_wrong_password_on_the_handshake(
    session: aiohttp.ClientSession, server: CameraServer
) -> None:
    """A 401 after the answered challenge: the stream is refused to this user."""
    with pytest.raises(VapixAuthorizationError):
        await make_device(session, server, password="wrong").events.open()


async def test_configure_error(session: aiohttp.ClientSession, server: CameraServer) -> None:
    """An error answer to events:configure fails the open, and closes the connection."""
    with pytest.raises(VapixRequestError):
        await make_device(session, server).events.open([7])  # type: ignore[list-item]
    await asyncio.sleep(0.05)
    assert not server.events.sessions


async def test_dropped_connection_ends_iteration(
    session: aiohttp.ClientSession, server: CameraServer
) -> None:
    """A cut connection ends the iteration with a connection error."""
    stream = await make_device(session, server).events.open(["tns1:Device/tnsaxis:IO/Port"])
    server.events.drop()
    with pytest.raises(VapixConnectionError):
        await drain(stream)


async def test_stalled_device_is_noticed(
    session: aiohttp.ClientSession, server: CameraServer
) -> None:
    """A device that stops answering pings ends the stream after 1.5 heartbeats."""
    stream = await make_device(session, server).events.open(
        ["tns1:Device/tnsaxis:IO/Port"], heartbeat=0.2
    )
    server.events.stalled = True
    with pytest.raises(VapixConnectionError):
        await drain(stream)
