"""A long-lived stream from the camera, reopened with backoff whenever it ends.

The input monitor and the event stream share this loop. Reconnects back off exponentially,
and the backoff only starts over once a stream has stayed up for a while, so a camera that
hangs up right after its first message is not hammered. A failure is logged once per outage
(a stream the camera closed cleanly is simply reopened) and the return once, when the stream
has stayed up a while. While a stream is down, the coordinator's polls serve what it carried.
"""

import asyncio
import logging
from typing import Final

from homeassistant.core import HomeAssistant, callback

from .coordinator import CameraConfigEntry, ReadingsCoordinator
from .vapix import VapixError, VapixNotSupportedError

_LOGGER = logging.getLogger(__name__)

BACKOFF_START: Final = 1.0
BACKOFF_MAX: Final = 60.0
# A refusal (not supported, not for this user) this many times in a row lasts: it is tried
# again at the configuration cadence, not with the backoff of a broken connection.
LASTING_REFUSAL: Final = 3
# A stream that stayed up this long worked: its next failure starts the backoff over.
STABLE_AFTER: Final = 60.0


class ReconnectingStream[S]:
    """One background task per camera: open, follow, and after any end, reopen."""

    # For log lines: "<camera>: the <name> failed (...); <fallback>".
    name: str = "stream"
    fallback: str = ""
    # Refusals: ``_refused`` decides what serves instead. Asked again after ``refusal_retry``
    # seconds once lasting (None: a refusal ends the loop for good).
    refusals: tuple[type[VapixError], ...] = (VapixNotSupportedError,)
    refusal_retry: float | None = None

    def __init__(self, hass: HomeAssistant, coordinator: ReadingsCoordinator) -> None:
        """Follow ``coordinator``'s camera."""
        self._hass = hass
        self._coordinator = coordinator
        self._lost = False  # a failure was reported and the stream has not settled since
        self._stable = False  # the current stream has stayed up STABLE_AFTER

    def start(self, entry: CameraConfigEntry) -> asyncio.Task[None] | None:
        """Run until the entry unloads (the task is cancelled then, also at shutdown)."""
        return entry.async_create_background_task(
            self._hass, self._run(), f"{entry.title} {self.name}"
        )

    async def _open(self) -> S:
        """Open the stream and read the states it will then follow."""
        raise NotImplementedError

    async def _follow(self, stream: S) -> None:
        """Follow the open stream until it ends (raising, or returning if closed cleanly)."""
        raise NotImplementedError

    def _closed(self) -> None:
        """The stream ended (any way): the polls serve until it is back."""

    def _refused(self, err: VapixError) -> None:
        """The camera refuses the stream (the first refusal of a run)."""

    def _reconnecting(self) -> None:
        """About to open the stream again (for the counters diagnostics show)."""

    async def _run(self) -> None:
        coordinator = self._coordinator
        loop = asyncio.get_running_loop()
        backoff = BACKOFF_START
        refused = 0  # refusals in a row
        while True:
            settled: asyncio.TimerHandle | None = None
            wait: float | None = None
            try:
                try:
                    stream = await self._open()
                    refused = 0
                    settled = loop.call_later(STABLE_AFTER, self._settled)
                    if not coordinator.last_update_success:
                        # The camera is back before the next poll: let everything else follow.
                        await coordinator.async_refresh()
                    await self._follow(stream)
                finally:
                    self._closed()
                _LOGGER.debug("%s closed the %s", coordinator.name, self.name)
            except self.refusals as err:
                if self.refusal_retry is None:
                    self._refused(err)
                    return
                refused += 1
                if refused == 1:
                    self._refused(err)
                    self._lost = True  # its return is logged, once
                if refused >= LASTING_REFUSAL:
                    wait = self.refusal_retry
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
            self._reconnecting()
            coordinator.connection_lost()
            await coordinator.async_request_refresh()  # the polls serve meanwhile
            await asyncio.sleep(backoff if wait is None else wait)
            backoff = min(backoff * 2, BACKOFF_MAX)

    @callback
    def _settled(self) -> None:
        """The stream has stayed up a while: it works (and says so after an outage)."""
        self._stable = True
        if self._lost:
            self._lost = False
            _LOGGER.info("%s: the %s is back", self._coordinator.name, self.name)

    def _failed(self, err: Exception | None) -> None:
        """The stream ended: say so once per outage (the loop polls at once).

        A stream the camera closed cleanly is simply reopened; a failure is worth a warning,
        except while Home Assistant stops (cameras and the network may go first).
        """
        coordinator = self._coordinator
        if err is None or self._lost or coordinator.restarting or self._hass.is_stopping:
            return
        self._lost = True
        reason = (
            f"{type(err).__name__}: {err}" if isinstance(err, VapixError) else type(err).__name__
        )
        _LOGGER.warning(
            "%s: the %s failed (%s); %s", coordinator.name, self.name, reason, self.fallback
        )
