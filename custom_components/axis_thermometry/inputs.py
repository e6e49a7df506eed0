"""Digital inputs: pushed by the camera's ``io/input.cgi?monitor`` stream, else polled.

:class:`InputStates` holds the inputs' states whatever feeds them. :class:`InputMonitor` runs
one background task per camera: it opens the stream, reads the states with ``check`` (so no
change falls in between) and follows pushed changes. When the stream fails in any way, the
coordinator polls the inputs until the stream is back: the states shown stay current, and a
reconnect that finds the same states changes nothing in Home Assistant. Reconnects back off
exponentially, and the backoff only starts over once a stream has stayed up for a while, so a
camera that hangs up right after its first line is not hammered.
"""

import asyncio
from collections.abc import Callable, Mapping
import logging
from typing import TYPE_CHECKING, Final

from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback

from .vapix import VapixError, VapixNotSupportedError

if TYPE_CHECKING:
    from .coordinator import AxisThermometryConfigEntry, ThermometryCoordinator

_LOGGER = logging.getLogger(__name__)

BACKOFF_START: Final = 1.0
BACKOFF_MAX: Final = 60.0
# A stream that stayed up this long worked: its next failure starts the backoff over.
STABLE_AFTER: Final = 60.0
# A quiet stream is reopened after this long (its states are read again then); a line must
# be complete this long after its first byte (a camera dripping bytes is not a stream).
IDLE_TIMEOUT: Final = 300.0
LINE_TIMEOUT: Final = 10.0


class InputStates:
    """Current states of a camera's digital inputs, and whether they are current."""

    def __init__(self) -> None:
        """No states until the stream or a poll gives them; polled until the stream works."""
        self.states: dict[int, bool] = {}
        self.available = False
        self.polling = True
        self.streaming = False
        self.reconnects = 0
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
    def lost(self) -> None:
        """The stream is gone: polling takes over, and the states stand until it answers."""
        self.streaming, self.polling = False, True

    @callback
    def polled(self, states: Mapping[int, bool] | None) -> None:
        """A poll read the inputs (None: it could not)."""
        if self.polling:
            self._set(states or {}, states is not None)


class InputMonitor:
    """The ``monitor`` stream of one camera, feeding the coordinator's :class:`InputStates`."""

    def __init__(self, hass: HomeAssistant, coordinator: ThermometryCoordinator) -> None:
        """Watch the inputs ``coordinator`` knows about."""
        self._hass = hass
        self._coordinator = coordinator
        self._inputs = coordinator.inputs
        self._lost = False  # a failure was reported and the stream has not settled since
        self._stable = False  # the current stream has stayed up STABLE_AFTER

    @property
    def ports(self) -> list[int]:
        """The camera's digital inputs."""
        return [port.number for port in self._coordinator.data.config.inputs]

    def start(self, entry: AxisThermometryConfigEntry) -> None:
        """Run until the entry unloads (the task is cancelled then, also at shutdown)."""
        if self.ports:
            entry.async_create_background_task(
                self._hass, self._run(), f"{entry.title} input monitor"
            )

    async def _run(self) -> None:
        io = self._coordinator.device.io
        loop = asyncio.get_running_loop()
        backoff = BACKOFF_START
        while True:
            settled: asyncio.TimerHandle | None = None
            try:
                events = await io.open_input_monitor(
                    self.ports, idle_timeout=IDLE_TIMEOUT, line_timeout=LINE_TIMEOUT
                )
                try:
                    states = await io.check_inputs(self.ports)
                except BaseException:
                    events.close()
                    raise
                self._inputs.connected(states)
                settled = loop.call_later(STABLE_AFTER, self._settled)
                if not self._coordinator.last_update_success:
                    # The camera is back before the next poll: let everything else follow.
                    await self._coordinator.async_refresh()
                async for port, active in events:
                    self._inputs.streamed(port, active)
                _LOGGER.debug("%s closed the input monitor stream", self._coordinator.name)
            except VapixNotSupportedError:
                _LOGGER.debug(
                    "%s has no input monitor stream; polling inputs", self._coordinator.name
                )
                self._inputs.lost()
                return
            except Exception as err:  # noqa: BLE001 - any failure of the stream: poll and retry
                self._failed(err)
            else:
                self._failed(None)
            finally:
                if settled is not None:
                    settled.cancel()
            if self._stable:
                self._stable = False
                backoff = BACKOFF_START  # that stream worked: this is a new outage
            self._inputs.reconnects += 1
            await asyncio.sleep(backoff)
            backoff = min(backoff * 2, BACKOFF_MAX)

    @callback
    def _settled(self) -> None:
        """The stream has stayed up a while: it works (and says so after an outage)."""
        self._stable = True
        if self._lost:
            self._lost = False
            _LOGGER.info("%s: the input monitor stream is back", self._coordinator.name)

    def _failed(self, err: Exception | None) -> None:
        """The stream ended: poll the inputs now, and say so once per outage.

        A stream the camera closed cleanly is simply reopened; a failure is worth a warning.
        """
        self._inputs.lost()
        self._hass.async_create_task(self._coordinator.async_request_refresh())
        if err is None or self._lost or self._coordinator.restarting:
            return
        self._lost = True
        reason = (
            f"{type(err).__name__}: {err}" if isinstance(err, VapixError) else type(err).__name__
        )
        _LOGGER.warning(
            "%s: the input monitor stream failed (%s); the inputs are polled until it is back",
            self._coordinator.name,
            reason,
        )
