"""The simulated camera's Event streaming over WebSocket (``/vapix/ws-data-stream``).

As the Axis documentation describes it: an authenticated HTTP upgrade, an ``events:configure``
request whose ``eventFilterList`` chooses the topics, its answer, then an ``events:notify``
frame per event. Topic filters are matched as a camera matches them: literally, prefixes
included, ``//.`` meaning "this topic and everything under it".

The thermometry topics and fields are 000's: an area's alarm when it changes (and its state
when a client subscribes), any area / any area on the preset, the information event of every
live area every ``info_interval`` seconds, a group's deviation alarm; the I/O port and
virtual input topics; and each relay output's state on ONVIF's relay topic, as Axis firmware
sends it (``RelayToken``: the ``IOPort`` index; ``LogicalState``: active or inactive; the
``axis`` library's fixture). Knobs: refuse the upgrade, drop the connections, send garbage
frames, send an unknown topic, stall (no events, no pongs), spell the topics as some firmware
does (``variant_topics``), send no relay states (``relay_events``).
"""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass, field
import json
import time
from typing import TYPE_CHECKING, Any

from aiohttp import WSMsgType, web

from .model import SimArea, SimGroup, to_scale

if TYPE_CHECKING:
    from .server import CameraServer

AREA_ALARM = "tns1:VideoSource/tns1:RadiometryAlarm/tnsaxis:TemperatureDetection"
ANY_AREA = "tns1:VideoSource/tns1:RadiometryAlarm/tnsaxis:TemperatureDetectionAnyArea"
ANY_AREA_ON_PRESET = (
    "tns1:VideoSource/tns1:RadiometryAlarm/tnsaxis:TemperatureDetectionAnyAreaOnPreset"
)
AREA_INFO = "tns1:VideoSource/tns1:Thermometry/tnsaxis:TemperatureDetection"
DEVIATION = "tns1:VideoSource/tns1:RadiometryAlarm/tnsaxis:DeviationDetection"
INPUT_PORT = "tns1:Device/tnsaxis:IO/Port"
VIRTUAL_INPUT = "tns1:Device/tnsaxis:IO/VirtualInput"
RELAY = "tns1:Device/Trigger/Relay"
# How public clients have seen some firmware spell them.
VARIANTS = {
    AREA_INFO: "tns1:VideoSource/tnsaxis:Thermometry/TemperatureDetection",
    AREA_ALARM: "tns1:VideoSource/tnsaxis:RadiometryAlarm/TemperatureDetection",
}
UNKNOWN_TOPIC = "tns1:VideoSource/tnsaxis:Thermometry/CalibrationDone"
GARBAGE_FRAMES: tuple[str | bytes, ...] = (
    "}{ this is not JSON",
    b"\x00\xff\x10binary",
    "[]",
    '{"method": "events:notify", "params": {"notification": "none"}}',
    json.dumps(
        {
            "method": "events:notify",
            "params": {
                "notification": {
                    "topic": AREA_ALARM,
                    "message": {"source": {"AreaID": "x"}, "data": {"AlarmActive": "maybe"}},
                }
            },
        }
    ),
)


def _matches(topic_filter: str, topic: str) -> bool:
    for raw in topic_filter.split("|"):
        alternative = raw.strip()
        if alternative.endswith("//."):
            root = alternative[:-3]
            if topic == root or topic.startswith(root + "/"):
                return True
        elif alternative == topic:
            return True
    return False


def _text(value: float | bool | str) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


@dataclass(eq=False)
class Session:
    """One client's connection and what it subscribed to."""

    request: web.Request
    ws: web.WebSocketResponse
    filters: list[str] = field(default_factory=list)

    def wants(self, topic: str) -> bool:
        return any(_matches(f, topic) for f in self.filters)


class EventHub:
    """The event streams of one :class:`CameraServer`."""

    def __init__(self, server: CameraServer) -> None:
        self.server = server
        self.camera = server.camera
        self.sessions: set[Session] = set()
        self.refuse_status: int | None = None  # answer the upgrade with this status
        self.stalled = False  # neither events nor pongs
        self.variant_topics = False
        self.relay_events = True  # False: a firmware that sends no relay states
        self.info_interval = 30.0
        self.tick = 0.2  # how often alarms are evaluated while a client listens
        self.configure_requests: list[dict[str, Any]] = []
        self.sent: list[dict[str, Any]] = []  # every notification sent, in order
        self._ticker: asyncio.Task[None] | None = None
        self.closed = False
        self._any_area: bool | None = None
        self._any_on_preset: dict[int, bool] = {}
        self._floods: set[asyncio.Task[None]] = set()

    # ------------------------------------------------------------------ knobs

    def drop(self) -> None:
        """Cut every event stream's connection."""
        for session in list(self.sessions):
            if session.request.transport is not None:
                session.request.transport.close()

    async def close(self) -> None:
        """The camera stops: its streams end."""
        self.closed = True
        self.drop()
        if self._ticker is not None:
            self._ticker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._ticker

    async def send_garbage(self) -> None:
        for session in list(self.sessions):
            for frame in GARBAGE_FRAMES:
                if isinstance(frame, bytes):
                    await session.ws.send_bytes(frame)
                else:
                    await session.ws.send_str(frame)

    def flood(self, area_id: int, count: int) -> None:
        """Send ``count`` alarm events of one area at once, on and off by turns, ending off: a
        flooding camera (its frames reach the client as one burst)."""
        area = self.camera.thermals.areas[area_id]
        source, data = self._area_fields(area, alarm=True)
        for index in range(count):
            self._publish(self._topic(AREA_ALARM), source, data | {"AlarmActive": index % 2 == 0})
        self._publish(self._topic(AREA_ALARM), source, data | {"AlarmActive": False})

    def flood_for(self, area_id: int, rate: int, seconds: float) -> None:
        """Flood at ``rate`` events per second for ``seconds``, in bursts ten times a second."""

        async def run() -> None:
            loop = asyncio.get_running_loop()
            end = loop.time() + seconds
            while loop.time() < end:
                self.flood(area_id, rate // 10)
                await asyncio.sleep(0.1)

        task = asyncio.get_running_loop().create_task(run())
        self._floods.add(task)
        task.add_done_callback(self._floods.discard)

    def send_unknown_topic(self) -> None:
        self._publish(UNKNOWN_TOPIC, {"AreaID": 0}, {"Done": True})

    # ------------------------------------------------------------------ the endpoint

    async def handle(self, request: web.Request) -> web.StreamResponse:
        if self.refuse_status is not None or self.closed:
            return web.Response(status=self.refuse_status or 503, text="refused")
        if not self.camera.event_stream:
            raise web.HTTPNotFound
        ws = web.WebSocketResponse(autoping=False)
        if not ws.can_prepare(request).ok:
            return web.Response(status=400, text="not a WebSocket request")
        await ws.prepare(request)
        session = Session(request, ws)
        self.sessions.add(session)
        self._start()
        try:
            async for message in ws:
                if message.type is WSMsgType.PING:
                    if not self.stalled:
                        await ws.pong(message.data)
                elif message.type is WSMsgType.TEXT:
                    await self._request(session, message.data)
        finally:
            self.sessions.discard(session)
        return ws

    async def _request(self, session: Session, text: str) -> None:
        try:
            body = json.loads(text)
        except ValueError:
            body = None
        if not isinstance(body, dict):
            await session.ws.send_json({"apiVersion": "1.0", "error": {"code": 4002}})
            return
        self.configure_requests.append(body)
        answer: dict[str, Any] = {"apiVersion": "1.0", "method": body.get("method")}
        if "context" in body:
            answer["context"] = body["context"]
        filters = (body.get("params") or {}).get("eventFilterList")
        if body.get("method") != "events:configure":
            answer["error"] = {"code": 4004, "message": "Method not found"}
        elif not isinstance(filters, list) or not all(
            isinstance(f, dict) and isinstance(f.get("topicFilter"), str) for f in filters
        ):
            answer["error"] = {"code": 4002, "message": "Invalid params"}
        else:
            session.filters = [f["topicFilter"] for f in filters]
            answer["data"] = {}
        await session.ws.send_json(answer)
        if "data" in answer:
            self._initial_states(session)

    # ------------------------------------------------------------------ events

    def _start(self) -> None:
        if self._ticker is None or self._ticker.done():
            self._ticker = asyncio.get_running_loop().create_task(self._tick())
            self.camera.alarm_listeners.append(self._alarms_changed)
            self.camera.input_listeners.append(self._input_changed)
            self.camera.virtual_input_listeners.append(self._virtual_input_changed)
            self.camera.output_listeners.append(self._output_changed)

    async def _tick(self) -> None:
        """Evaluate alarms (delays elapse without requests) and send the information events."""
        last_info = time.monotonic()
        try:
            while self.sessions:
                await asyncio.sleep(self.tick)
                self.camera.advance()
                if time.monotonic() - last_info >= self.info_interval:  # a change applies now
                    last_info = time.monotonic()
                    for area in self._live_areas():
                        self._publish(self._topic(AREA_INFO), *self._area_fields(area))
        finally:
            self.camera.alarm_listeners.remove(self._alarms_changed)
            self.camera.input_listeners.remove(self._input_changed)
            self.camera.virtual_input_listeners.remove(self._virtual_input_changed)
            self.camera.output_listeners.remove(self._output_changed)

    def _live_areas(self) -> list[SimArea]:
        return [a for a in self.camera.thermals.areas.values() if self.camera.area_is_live(a)]

    def _topic(self, topic: str) -> str:
        return VARIANTS.get(topic, topic) if self.variant_topics else topic

    def _area_fields(
        self, area: SimArea, *, alarm: bool = False
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        low, avg, high = self.camera.area_temperatures_c(area)
        scale = self.camera.thermals.scale
        data: dict[str, Any] = {"AreaName": area.name}
        if alarm:
            data["AlarmActive"] = area.triggered
        if self.camera.has_ptz:
            data["PresetNbr"] = area.preset
        if self.camera.area_is_live(area):
            data |= {
                "AverageTemp": to_scale(avg, scale),
                "MaximumTemp": to_scale(high, scale),
                "MinimumTemp": to_scale(low, scale),
                "TemperatureUnit": scale.capitalize(),
            }
            (max_x, max_y), (min_x, min_y) = self.camera.extreme_pixels(area)
            data |= {
                "MaxTempPositionX": float(max_x),
                "MaxTempPositionY": float(max_y),
                "MinTempPositionX": float(min_x),
                "MinTempPositionY": float(min_y),
            }
        return {"AreaID": area.id}, data

    def _group_fields(self, group: SimGroup) -> tuple[dict[str, Any], dict[str, Any]]:
        data: dict[str, Any] = {
            "AlarmActive": group.triggered,
            "GroupName": group.name,
            "ThresholdTemp": float(group.threshold),
        }
        if (deviation := self.camera.group_deviation(group)) is not None:
            data["DeltaTemp"] = deviation[0]
        if self.camera.has_ptz and self.camera.presets:
            data["PresetNbr"] = group.preset
            if (preset := self.camera.presets.get(group.preset)) is not None:
                data["PresetName"] = preset.name
        return {"GroupID": group.id}, data

    def _initial_states(self, session: Session) -> None:
        """What a camera sends a new subscriber: the state of every stateful topic."""
        for area in self.camera.thermals.areas.values():
            self._publish(self._topic(AREA_ALARM), *self._area_fields(area, alarm=True), session)
        self._publish(ANY_AREA, {}, self._any_area_data(), session)
        for group in self.camera.thermals.groups.values():
            self._publish(DEVIATION, *self._group_fields(group), session)
        for port, active in self.camera.inputs.items():
            self._publish(INPUT_PORT, {"port": port - 1}, {"state": active}, session)
        for port, active in self.camera.virtual_inputs.items():
            self._publish(VIRTUAL_INPUT, {"port": port}, {"active": active}, session)
        for port, active in self.camera.outputs.items():
            self._output_changed(port, active, session)

    def _any_area_data(self) -> dict[str, Any]:
        active = any(a.triggered for a in self.camera.thermals.areas.values())
        self._any_area = active
        return {"AreaName": "AnyArea", "AlarmActive": active}

    def _alarms_changed(self, changed: list[tuple[str, int]]) -> None:
        thermals = self.camera.thermals
        for kind, item_id in changed:
            if kind == "area" and (area := thermals.areas.get(item_id)) is not None:
                self._publish(self._topic(AREA_ALARM), *self._area_fields(area, alarm=True))
            elif kind == "group" and (group := thermals.groups.get(item_id)) is not None:
                self._publish(DEVIATION, *self._group_fields(group))
        previous = self._any_area
        if (data := self._any_area_data())["AlarmActive"] != previous:
            self._publish(ANY_AREA, {}, data)
        if self.camera.presets:
            for number in self.camera.presets:
                active = any(a.triggered and a.preset == number for a in thermals.areas.values())
                if self._any_on_preset.get(number, False) != active:
                    self._any_on_preset[number] = active
                    self._publish(
                        ANY_AREA_ON_PRESET,
                        {"PresetNbr": number},
                        {"AreaName": "AnyAreaOnPreset", "AlarmActive": active},
                    )

    def _input_changed(self, port: int, active: bool) -> None:
        # Device/IO/Port numbers ports as IOPort.I<n>: the CGIs' port n + 1.
        self._publish(INPUT_PORT, {"port": port - 1}, {"state": active})

    def _virtual_input_changed(self, port: int, active: bool) -> None:
        self._publish(VIRTUAL_INPUT, {"port": port}, {"active": active})

    def _output_changed(self, port: int, active: bool, only: Session | None = None) -> None:
        if self.relay_events:
            state = "active" if active else "inactive"
            self._publish(RELAY, {"RelayToken": port - 1}, {"LogicalState": state}, only)

    def _publish(
        self,
        topic: str,
        source: dict[str, Any],
        data: dict[str, Any],
        only: Session | None = None,
    ) -> None:
        if self.stalled:
            return
        notification = {
            "topic": topic,
            "timestamp": int(time.time() * 1000),
            "message": {
                "source": {k: _text(v) for k, v in source.items()},
                "key": {},
                "data": {k: _text(v) for k, v in data.items()},
            },
        }
        frame = {
            "apiVersion": "1.0",
            "method": "events:notify",
            "params": {"notification": notification},
        }
        for session in [only] if only is not None else list(self.sessions):
            if session.wants(topic) and not session.ws.closed:
                self.sent.append(notification)
                task = asyncio.get_running_loop().create_task(session.ws.send_json(frame))
                task.add_done_callback(_ignore)


def _ignore(task: asyncio.Task[None]) -> None:
    with contextlib.suppress(Exception, asyncio.CancelledError):
        task.result()
