"""Digital inputs pushed by the camera's ``io/input.cgi?monitor`` stream.

The stream is read by one background task per camera. On every (re)connect it opens the
stream, then reads the states with ``check`` (so no change falls in between), follows pushed
changes, and reconnects with exponential backoff when
the camera hangs up. Cameras without the stream are polled by the coordinator instead.
"""

import asyncio
from collections.abc import Callable
import logging
from typing import Final

from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback

from .coordinator import AxisThermometryConfigEntry, ThermometryCoordinator
from .vapix import VapixError, VapixNotSupportedError

_LOGGER = logging.getLogger(__name__)

BACKOFF_START: Final = 1.0
BACKOFF_MAX: Final = 60.0


class InputMonitor:
    """Current states of a camera's digital inputs, as the camera pushes them."""

    def __init__(self, hass: HomeAssistant, coordinator: ThermometryCoordinator) -> None:
        """Watch the inputs ``coordinator`` knows about."""
        self._hass = hass
        self._coordinator = coordinator
        self._listeners: list[Callable[[], None]] = []
        self.states: dict[int, bool] = {}
        self.connected = False
        self.reconnects = 0

    @property
    def ports(self) -> list[int]:
        """The camera's digital inputs."""
        return [port.number for port in self._coordinator.data.config.inputs]

    @callback
    def async_add_listener(self, listener: Callable[[], None]) -> CALLBACK_TYPE:
        """Call ``listener`` on every change; returns the function that removes it."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    @callback
    def _notify(self) -> None:
        for listener in list(self._listeners):
            listener()

    def start(self, entry: AxisThermometryConfigEntry) -> None:
        """Run until the entry unloads (the task is cancelled then, also at shutdown)."""
        if self.ports:
            entry.async_create_background_task(
                self._hass, self._run(), f"{entry.title} input monitor"
            )

    async def _run(self) -> None:
        io = self._coordinator.device.io
        backoff = BACKOFF_START
        while True:
            try:
                events = await io.open_input_monitor(self.ports)
                try:
                    self.states = await io.check_inputs(self.ports)
                except BaseException:
                    events.close()
                    raise
                self.connected = True
                self._notify()
                async for port, active in events:
                    backoff = BACKOFF_START  # the stream works: start over when it drops
                    if self.states.get(port) != active:
                        self.states[port] = active
                        self._notify()
                _LOGGER.debug("%s closed the input monitor stream", self._coordinator.name)
            except VapixNotSupportedError:
                _LOGGER.debug(
                    "%s has no input monitor stream; polling inputs", self._coordinator.name
                )
                self.connected = False
                self._coordinator.poll_inputs = True
                self._notify()
                await self._coordinator.async_request_refresh()
                return
            except VapixError as err:
                _LOGGER.debug("%s input monitor: %s", self._coordinator.name, err)
            if self.connected:
                self.connected = False
                self._notify()
            self.reconnects += 1
            await asyncio.sleep(backoff)
            backoff = min(backoff * 2, BACKOFF_MAX)
