"""VAPIX Event streaming over WebSocket (API Discovery id ``event-streaming-over-websocket``).

``/vapix/ws-data-stream?sources=events`` upgraded to a WebSocket, authenticated on the
handshake (Digest, or Basic where the device is configured so), then a JSON-RPC style
``events:configure`` request with an ``eventFilterList`` of topic filters. The device answers
it, then sends an ``events:notify`` frame per event. One connection is one session: after a
reconnect the filters are sent again.
"""

import asyncio
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
import contextlib
import logging
from typing import Any, Final

import aiohttp

from ._parse import as_mapping, loads
from .errors import (
    VapixConnectionError,
    VapixRequestError,
    VapixTimeoutError,
)
from .events import TOPIC_FILTERS, CameraEvent, parse_notification
from .transport import CONTEXT, VapixTransport

_LOGGER = logging.getLogger(__name__)

API_ID: Final = "event-streaming-over-websocket"
PATH: Final = "/vapix/ws-data-stream"
API_VERSION: Final = "1.0"
# The stream pings this often and ends when nothing came for 1.5 of these: a device that
# went away silently (or stalls) is noticed within 30 s.
HEARTBEAT: Final = 20.0
CONFIGURE_TIMEOUT: Final = 10.0
# Event frames are a few hundred bytes; a frame larger than this is not an event.
MAX_FRAME: Final = 64 * 1024
# Frames already received are read without waiting, so a burst (a flooding camera) would be
# read without ever letting the event loop run: it is let run after every this many.
FRAMES_PER_TURN: Final = 32


class EventStreamApi:
    """Opens event streams of one device."""

    def __init__(self, transport: VapixTransport) -> None:
        """Use ``transport``'s address, credentials and TLS settings."""
        self._transport = transport

    async def open(
        self,
        topic_filters: Sequence[str] = TOPIC_FILTERS,
        *,
        heartbeat: float = HEARTBEAT,
        on_ignored: Callable[[], None] | None = None,
    ) -> EventStream:
        """Connect and subscribe; iterate the result for events.

        ``on_ignored`` is called for each frame that is not an event (garbage, unknown
        topics), as it comes.

        Raises :class:`VapixNotSupportedError` or :class:`VapixAuthorizationError` where the
        device refuses the stream, and the connection errors otherwise.
        """
        ws = await self._transport.websocket(PATH, {"sources": "events"}, max_frame=MAX_FRAME)
        try:
            await ws.send_json(
                {
                    "apiVersion": API_VERSION,
                    "context": CONTEXT,
                    "method": "events:configure",
                    "params": {"eventFilterList": [{"topicFilter": f} for f in topic_filters]},
                }
            )
            early = await _configured(ws)
        except BaseException:
            await ws.close()
            raise
        return EventStream(ws, early, heartbeat, on_ignored)


async def _configured(ws: aiohttp.ClientWebSocketResponse) -> list[object]:
    """Wait for the answer to ``events:configure``; the frames that came before it."""
    early: list[object] = []
    try:
        async with asyncio.timeout(CONFIGURE_TIMEOUT):
            while True:
                frame = await _next_frame(ws)
                if isinstance(frame, Mapping) and frame.get("method") == "events:configure":
                    break
                early.append(frame)
    except TimeoutError as err:
        raise VapixTimeoutError("events:configure was not answered in time") from err
    if (error := frame.get("error")) is not None:
        error = as_mapping(error, "events:configure.error")
        code = error.get("code")
        message = str(error.get("message", ""))[:200]
        raise VapixRequestError(code if isinstance(code, int) else None, message)
    return early


_GARBAGE: Final = object()
_PONG: Final = object()


async def _next_frame(ws: aiohttp.ClientWebSocketResponse) -> object:
    """The next frame's JSON; :data:`_GARBAGE` for one that is not, :data:`_PONG` for a pong.

    Pings are answered here (the connection is opened without aiohttp's automatic pings and
    pongs, see :class:`EventStream`). Raises when the connection ends.
    """
    while True:
        try:
            message = await ws.receive()
        except aiohttp.ClientError as err:
            raise VapixConnectionError(f"event stream: {type(err).__name__}") from err
        match message.type:
            case aiohttp.WSMsgType.TEXT:
                try:
                    return loads(message.data)
                except ValueError, RecursionError:
                    return _GARBAGE
            case aiohttp.WSMsgType.BINARY:
                return _GARBAGE
            case aiohttp.WSMsgType.PING:
                await ws.pong(message.data)
            case aiohttp.WSMsgType.PONG:
                return _PONG
            case aiohttp.WSMsgType.ERROR:
                raise VapixConnectionError(f"event stream: {type(message.data).__name__}")
            case _:  # CLOSE, CLOSING, CLOSED
                raise VapixConnectionError("the device closed the event stream")


class EventStream:
    """Events as the device pushes them, until it hangs up (iteration then raises).

    The stream pings the device every ``heartbeat`` seconds and ends when nothing (no event,
    no pong) came for 1.5 heartbeats: a device that went away silently, or stalls, is noticed.
    (aiohttp's own heartbeat re-arms its timer when a frame arrives during the closing
    handshake, leaving a timer behind after the close; this one ends with the iteration.)
    Frames that are not events (garbage, unknown topics) are counted in ``ignored`` and
    reported to ``on_ignored`` as they come. After every :data:`FRAMES_PER_TURN` frames the
    event loop runs: a flood of buffered frames never holds it up.
    """

    def __init__(
        self,
        ws: aiohttp.ClientWebSocketResponse,
        early: list[object],
        heartbeat: float,
        on_ignored: Callable[[], None] | None = None,
    ) -> None:
        """Read from the subscribed ``ws``; ``early``: frames received before the answer."""
        self._ws = ws
        self._early = early
        self._heartbeat = heartbeat
        self._on_ignored = on_ignored
        self.ignored = 0

    async def close(self) -> None:
        """Close the connection."""
        await self._ws.close()

    async def __aiter__(self) -> AsyncIterator[CameraEvent]:
        """Yield every event; raises a :class:`VapixError` when the stream ends."""
        pinger = asyncio.get_running_loop().create_task(self._ping())
        try:
            frames = self._early
            self._early = []
            read = 0
            while True:
                for frame in frames:
                    if (event := self._event(frame)) is not None:
                        yield event
                read += 1
                if read % FRAMES_PER_TURN == 0:
                    await asyncio.sleep(0)  # let the loop run, however many frames wait
                try:
                    async with asyncio.timeout(self._heartbeat * 1.5):
                        frames = [await _next_frame(self._ws)]
                except TimeoutError as err:
                    raise VapixTimeoutError("the event stream went silent") from err
        finally:
            pinger.cancel()
            await self.close()

    async def _ping(self) -> None:
        with contextlib.suppress(Exception):
            while not self._ws.closed:
                await asyncio.sleep(self._heartbeat)
                await self._ws.ping()

    def _event(self, frame: Any) -> CameraEvent | None:
        if frame is _PONG:
            return None
        event = None if frame is _GARBAGE else parse_notification(frame)
        if event is None:
            self.ignored += 1
            if self._on_ignored is not None:
                self._on_ignored()
        return event
