"""Optional camera capabilities, and the bookkeeping that keeps one's failure its own.

Area temperatures and alarms (``listAreas`` + ``getAreaStatus``) are the core: whenever they
work, the camera loads and updates. Everything else is a :class:`Capability` that fails alone:
its entities are left out (never read yet) or unavailable (read before), one warning names it
and the camera's answer, one line notes its return, and it is tried again on the
configuration cadence.
"""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
import logging
from typing import Any, Final

from homeassistant.util import dt as dt_util

from .vapix import VapixError

# A capability read during a poll that failed this many times in a row waits for the next
# configuration read instead of costing a request (and perhaps a timeout) every poll.
SUSPEND_AFTER: Final = 3


class Capability(StrEnum):
    """A part of the camera that may be missing, refused or broken without harming the rest."""

    IDENTITY = "identity"
    API_VERSIONS = "api_versions"
    AREA_LIST = "area_list"  # re-reads of listAreas: the areas stay as last listed
    LIMITS = "limits"
    GROUPS = "groups"
    SPOT_METER = "spot_meter"
    ISOTHERM = "isotherm"
    PALETTE = "palette"
    DAYNIGHT = "daynight"
    GUARD_TOUR = "guard_tour"
    PTZ = "ptz"
    IO_PORTS = "io_ports"
    INPUTS = "inputs"
    OUTPUTS = "outputs"

    @property
    def label(self) -> str:
        """What the capability is, for log lines."""
        return LABELS[self]


LABELS: Final = {
    Capability.IDENTITY: "the device identity (serial number, model, firmware)",
    Capability.API_VERSIONS: "the Thermometry API version",
    Capability.AREA_LIST: "the area list (the areas stay as last listed)",
    Capability.LIMITS: "the temperature scale and limits",
    Capability.GROUPS: "area groups",
    Capability.SPOT_METER: "the spot meter",
    Capability.ISOTHERM: "isotherm levels",
    Capability.PALETTE: "the palette",
    Capability.DAYNIGHT: "DayNight",
    Capability.GUARD_TOUR: "the thermometric guard tour",
    Capability.PTZ: "PTZ presets and position",
    Capability.IO_PORTS: "I/O ports",
    Capability.INPUTS: "the digital inputs' states",
    Capability.OUTPUTS: "the relay outputs' states",
}


@dataclass(slots=True)
class Failure:
    """A capability that does not work right now.

    A failure of its configuration read stands until the next configuration read: a poll
    that works on the last good configuration does not end it.
    """

    answer: str
    since: datetime
    at_configuration: bool
    count: int = 1


class CapabilityHealth:
    """Which capabilities work, logging each failure once and each recovery once."""

    def __init__(self, name: str, logger: logging.Logger) -> None:
        """Log as ``name`` (the camera's entry) to ``logger``."""
        self._name = name
        self._logger = logger
        self.failures: dict[Capability, Failure] = {}

    def ok(self, capability: Capability) -> bool:
        """Whether ``capability`` worked the last time it was tried (or was never tried)."""
        return capability not in self.failures

    def suspended(self, capability: Capability) -> bool:
        """Whether ``capability`` failed so often that polling waits for the configuration read."""
        failure = self.failures.get(capability)
        return failure is not None and failure.count >= SUSPEND_AFTER

    def failed(self, capability: Capability, err: VapixError, *, at_configuration: bool) -> None:
        """Note a failure; the first of a run is logged as a warning."""
        answer = f"{type(err).__name__}: {err}"
        if (failure := self.failures.get(capability)) is not None:
            failure.count += 1
            failure.answer = answer
            failure.at_configuration |= at_configuration
            return
        self.failures[capability] = Failure(answer, dt_util.utcnow(), at_configuration)
        self._logger.warning(
            "%s: %s is not available (the camera answered %s); the rest of the camera works, "
            "and it is tried again with the configuration",
            self._name,
            capability.label,
            answer,
        )

    def succeeded(self, capability: Capability, *, at_configuration: bool) -> None:
        """Note a success; the first after failures is logged."""
        failure = self.failures.get(capability)
        if failure is None or (failure.at_configuration and not at_configuration):
            return
        del self.failures[capability]
        self._logger.info("%s: %s works again", self._name, capability.label)

    def as_dict(self) -> dict[str, Any]:
        """The failing capabilities, for diagnostics."""
        return {
            str(capability): {
                "answer": failure.answer,
                "since": failure.since.isoformat(),
                "failures": failure.count,
            }
            for capability, failure in self.failures.items()
        }


class Attempts:
    """The optional reads of one refresh: each capability's first error (None: it worked)."""

    def __init__(self) -> None:
        """Nothing tried yet."""
        self.errors: dict[Capability, VapixError | None] = {}

    async def run[T, D](
        self,
        capability: Capability,
        read: Callable[[], Awaitable[T]],
        default: D,
        also: tuple[Capability, ...] = (),
    ) -> T | D:
        """``read()``'s result, or ``default`` when it fails.

        The outcome is noted against ``capability`` and the capabilities ``also`` served.
        ``read`` is called here, not by the caller: a refresh cancelled before this runs
        leaves no request coroutine behind that was never awaited.
        """
        try:
            result = await read()
        except VapixError as err:
            for served in (capability, *also):
                if self.errors.get(served) is None:
                    self.errors[served] = err
            return default
        for served in (capability, *also):
            self.errors.setdefault(served, None)
        return result

    def record(self, health: CapabilityHealth, *, at_configuration: bool) -> None:
        """Note every outcome in ``health`` (the core answered: the rest is theirs)."""
        for capability, error in self.errors.items():
            if error is None:
                health.succeeded(capability, at_configuration=at_configuration)
            else:
                health.failed(capability, error, at_configuration=at_configuration)
