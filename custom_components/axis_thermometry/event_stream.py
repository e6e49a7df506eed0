"""The camera's event stream: alarms, readings and inputs pushed into Home Assistant at once.

Where API Discovery lists ``event-streaming-over-websocket``, one WebSocket per camera carries
the thermometry topics of 000, the I/O port topics and the relay outputs' states; it replaces
the input monitor stream, and polls stop reading the outputs it reports.
Events update the coordinator's data without a poll (and without moving the poll schedule);
polls go on and keep everything honest. A camera that refuses the stream (not supported, not
for this user) falls back to the input monitor, and polling serves alarms as before. While
the stream is down, polls serve everything; after a reconnect the camera sends its states
again and a poll reads everything at once, so what Home Assistant shows matches the camera.
"""

import asyncio
import logging

from homeassistant.core import HomeAssistant
import homeassistant.util.dt as dt_util

from .const import CONFIGURATION_REFRESH
from .coordinator import CameraConfigEntry, ReadingsCoordinator
from .inputs import InputMonitor
from .reconnect import ReconnectingStream
from .vapix import VapixAuthorizationError, VapixError, VapixNotSupportedError
from .vapix.event_stream import EventStream
from .vapix.events import (
    AnyAreaEvent,
    AreaEvent,
    CameraEvent,
    DeviationEvent,
    PortEvent,
    RelayEvent,
)

_LOGGER = logging.getLogger(__name__)


def async_start_push(hass: HomeAssistant, entry: CameraConfigEntry) -> None:
    """Follow the camera's event stream where it offers one, else its input monitor."""
    coordinator = entry.runtime_data.readings
    if coordinator.stream.offered:
        CameraEventStream(hass, coordinator, entry).start(entry)
    else:
        InputMonitor(hass, coordinator).start(entry)


type EventKey = tuple[object, ...]


def _key(event: CameraEvent) -> EventKey:
    """What an event is the newest state of: only the newest per key counts in a burst."""
    match event:
        case AreaEvent():
            return ("area", event.area_id, event.active is None)  # alarm and reading apart
        case DeviationEvent():
            return ("group", event.group_id)
        case AnyAreaEvent():
            return ("any_area", event.preset)
        case PortEvent():
            return ("port", event.virtual, event.port)
        case RelayEvent():
            return ("relay", event.port)


class CameraEventStream(ReconnectingStream[EventStream]):
    """One camera's event stream, feeding the coordinator.

    Events are handed on in batches: those received while the event loop is busy wait in
    ``_pending`` (the newest per area, group or port replaces the older) and are handled at
    once when it comes round, so a flooding camera costs a write per area, not per event.
    A refusal (404, or a 401 while the camera restarts) is asked again with backoff, and at
    the configuration cadence once it lasts; the input monitor serves the inputs meanwhile.
    """

    name = "event stream"
    fallback = "alarms and inputs are polled until it is back"
    refusals = (VapixNotSupportedError, VapixAuthorizationError)
    refusal_retry = CONFIGURATION_REFRESH.total_seconds()

    def __init__(
        self,
        hass: HomeAssistant,
        coordinator: ReadingsCoordinator,
        entry: CameraConfigEntry,
    ) -> None:
        """Follow ``coordinator``'s camera; ``entry`` runs the monitor if the camera refuses."""
        super().__init__(hass, coordinator)
        self._entry = entry
        self._health = coordinator.stream
        self._pending: dict[EventKey, CameraEvent] = {}
        self._flushing: asyncio.Handle | None = None
        self._monitor: asyncio.Task[None] | None = None  # while the camera refuses the stream

    async def _open(self) -> EventStream:
        coordinator = self._coordinator
        stream = await coordinator.device.events.open(on_ignored=self._ignored)
        try:
            await self._stop_monitor()  # the stream carries the inputs again
            ports = [port.number for port in coordinator.configuration.data.inputs]
            # The camera sends its states on subscribing; reading the inputs as well costs one
            # request and leaves no gap, whatever the firmware sends.
            coordinator.inputs.connected(
                await coordinator.device.io.check_inputs(ports) if ports else {}
            )
            self._health.connected = True
            self._health.connected_since = dt_util.utcnow()
            coordinator.stream_changed()
            # Whatever changed while the stream was down: one poll now.
            await coordinator.async_request_refresh()
        except BaseException:
            await stream.close()  # also when cancelled (unload, shutdown): nothing left open
            raise
        return stream

    def _ignored(self) -> None:
        self._health.ignored += 1

    async def _follow(self, stream: EventStream) -> None:
        try:
            async for event in stream:
                self._health.events += 1
                key = _key(event)
                self._pending.pop(key, None)  # the newest goes last
                self._pending[key] = event
                if self._flushing is None:
                    self._flushing = self._hass.loop.call_soon(self._flush)
        except asyncio.CancelledError:
            self._pending.clear()  # unloading: nothing more is shown
            raise
        finally:
            if self._flushing is not None:
                self._flushing.cancel()
            self._flush()  # what came before the stream ended

    def _flush(self) -> None:
        self._flushing = None
        pending, self._pending = self._pending, {}
        for event in pending.values():
            self._handle(event)

    def _handle(self, event: CameraEvent) -> None:
        coordinator = self._coordinator
        match event:
            case AreaEvent():
                coordinator.push_area(event)
            case DeviationEvent():
                coordinator.push_group(event)
            case AnyAreaEvent(preset=None):
                coordinator.push_any_area(event.active)
            case PortEvent(virtual=True):
                coordinator.inputs.streamed_virtual(event.port, event.active)
            case PortEvent():
                coordinator.inputs.streamed(event.port, event.active)
            case RelayEvent():
                coordinator.push_output(event.port, event.active)

    def _closed(self) -> None:
        coordinator = self._coordinator
        coordinator.inputs.lost()
        coordinator.outputs_unfollowed()
        was_connected, self._health.connected = self._health.connected, False
        self._health.connected_since = None
        if was_connected:  # the any-area alarm is computed from the areas until it is back
            coordinator.push_any_area(None)
            coordinator.stream_changed()

    def _reconnecting(self) -> None:
        self._health.reconnects += 1

    def _refused(self, err: VapixError) -> None:
        self._health.refused = f"{type(err).__name__}: {err}"
        _LOGGER.info(
            "%s refuses its event stream (%s); alarms come with each poll and inputs from "
            "the input monitor; the stream is asked for again",
            self._coordinator.name,
            self._health.refused,
        )
        if self._monitor is None:
            self._monitor = InputMonitor(self._hass, self._coordinator).start(self._entry)

    async def _stop_monitor(self) -> None:
        self._health.refused = None
        if (monitor := self._monitor) is not None:
            self._monitor = None
            monitor.cancel()
            await asyncio.gather(monitor, return_exceptions=True)
