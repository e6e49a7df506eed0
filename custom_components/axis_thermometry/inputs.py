"""Digital inputs: pushed by the camera's event stream or ``io/input.cgi?monitor``, else polled.

:class:`InputStates` holds the inputs' states whatever feeds them (and the virtual inputs'
where the event stream reports them). :class:`InputMonitor` is the fallback for cameras
without the event stream: it opens the monitor stream, reads the states with ``check`` (so no
change falls in between) and follows pushed changes. When a stream fails in any way, the
coordinator polls the inputs until it is back: the states shown stay current, and a reconnect
that finds the same states changes nothing in Home Assistant.
"""

import asyncio
from collections.abc import Callable, Mapping
import logging
from typing import TYPE_CHECKING, Final

from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback

from .reconnect import ReconnectingStream
from .vapix import VapixError
from .vapix.io import MONITOR_IDLE_TIMEOUT, MONITOR_LINE_TIMEOUT, InputEvents

if TYPE_CHECKING:
    from .coordinator import AxisThermometryConfigEntry, ThermometryCoordinator

_LOGGER = logging.getLogger(__name__)

# The client's bounds on the monitor stream (see IoApi.open_input_monitor), passed on
# explicitly: a test can shorten them here.
IDLE_TIMEOUT: Final = MONITOR_IDLE_TIMEOUT
LINE_TIMEOUT: Final = MONITOR_LINE_TIMEOUT


class InputStates:
    """Current states of a camera's digital inputs, and whether they are current."""

    def __init__(self) -> None:
        """No states until the stream or a poll gives them; polled until the stream works."""
        self.states: dict[int, bool] = {}
        self.available = False
        self.polling = True
        self.streaming = False
        self.reconnects = 0
        # Virtual inputs as the event stream reports them (the CGI cannot read them back).
        self.virtual: dict[int, bool] = {}
        self._listeners: list[Callable[[], None]] = []

    @callback
    def async_add_listener(self, listener: Callable[[], None]) -> CALLBACK_TYPE:
        """Call ``listener`` on every change; returns the function that removes it."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def _set(self, states: Mapping[int, bool], available: bool) -> None:
        changed = available != self.available or any(
            self.states.get(port) != active for port, active in states.items()
        )
        self.states.update(states)
        self.available = available
        if changed:
            self._notify()

    def _notify(self) -> None:
        for listener in list(self._listeners):
            listener()

    @callback
    def connected(self, states: Mapping[int, bool]) -> None:
        """The stream is open; ``states`` were read right after it opened."""
        self.streaming, self.polling = True, False
        self._set(states, True)

    @callback
    def streamed(self, port: int, active: bool) -> None:
        """The stream pushed a change."""
        self._set({port: active}, True)

    @callback
    def streamed_virtual(self, port: int, active: bool) -> None:
        """The event stream reported a virtual input."""
        if self.virtual.get(port) is not active:
            self.virtual[port] = active
            self._notify()

    @callback
    def lost(self) -> None:
        """The stream is gone: polling takes over, and the states stand until it answers."""
        self.streaming, self.polling = False, True

    @callback
    def polled(self, states: Mapping[int, bool] | None) -> None:
        """A poll read the inputs (None: it could not)."""
        if self.polling:
            self._set(states or {}, states is not None)


class InputMonitor(ReconnectingStream[InputEvents]):
    """The ``monitor`` stream of one camera, feeding the coordinator's :class:`InputStates`."""

    name = "input monitor stream"
    fallback = "the inputs are polled until it is back"

    def __init__(self, hass: HomeAssistant, coordinator: ThermometryCoordinator) -> None:
        """Watch the inputs ``coordinator`` knows about."""
        super().__init__(hass, coordinator)
        self._inputs = coordinator.inputs

    @property
    def ports(self) -> list[int]:
        """The camera's digital inputs."""
        return [port.number for port in self._coordinator.data.config.inputs]

    def start(self, entry: AxisThermometryConfigEntry) -> asyncio.Task[None] | None:
        """Run while the camera has inputs, until the entry unloads."""
        return super().start(entry) if self.ports else None

    async def _open(self) -> InputEvents:
        io = self._coordinator.device.io
        events = await io.open_input_monitor(
            self.ports, idle_timeout=IDLE_TIMEOUT, line_timeout=LINE_TIMEOUT
        )
        try:
            states = await io.check_inputs(self.ports)
        except BaseException:
            events.close()
            raise
        self._inputs.connected(states)
        return events

    async def _follow(self, stream: InputEvents) -> None:
        async for port, active in stream:
            self._inputs.streamed(port, active)

    def _closed(self) -> None:
        self._inputs.lost()

    def _reconnecting(self) -> None:
        self._inputs.reconnects += 1

    def _refused(self, err: VapixError) -> None:
        _LOGGER.debug("%s has no input monitor stream; polling inputs", self._coordinator.name)
