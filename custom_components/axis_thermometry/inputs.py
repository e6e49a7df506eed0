"""The input monitor: digital inputs pushed by ``io/input.cgi?monitor`` (no event stream).

:class:`~.models.InputStates` holds the inputs' states whatever feeds them (and the virtual
inputs' where the event stream reports them). :class:`InputMonitor` is the fallback for cameras
without the event stream: it opens the monitor stream, reads the states with ``check`` (so no
change falls in between) and follows pushed changes. When a stream fails in any way, the
coordinator polls the inputs until it is back: the states shown stay current, and a reconnect
that finds the same states changes nothing in Home Assistant.
"""

import asyncio
import logging
from typing import Final

from homeassistant.core import HomeAssistant

from .coordinator import CameraConfigEntry, ReadingsCoordinator
from .reconnect import ReconnectingStream
from .vapix import VapixError
from .vapix.io import MONITOR_IDLE_TIMEOUT, MONITOR_LINE_TIMEOUT, InputEvents

_LOGGER = logging.getLogger(__name__)

# The client's bounds on the monitor stream (see IoApi.open_input_monitor), passed on
# explicitly: a test can shorten them here.
IDLE_TIMEOUT: Final = MONITOR_IDLE_TIMEOUT
LINE_TIMEOUT: Final = MONITOR_LINE_TIMEOUT


class InputMonitor(ReconnectingStream[InputEvents]):
    """The ``monitor`` stream of one camera, feeding the coordinator's :class:`InputStates`."""

    name = "input monitor stream"
    fallback = "the inputs are polled until it is back"

    def __init__(self, hass: HomeAssistant, coordinator: ReadingsCoordinator) -> None:
        """Watch the inputs ``coordinator`` knows about."""
        super().__init__(hass, coordinator)
        self._inputs = coordinator.inputs

    @property
    def ports(self) -> list[int]:
        """The camera's digital inputs."""
        return [port.number for port in self._coordinator.configuration.data.inputs]

    def start(self, entry: CameraConfigEntry) -> asyncio.Task[None] | None:
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
