"""What the coordinators hold: a camera's configuration, its readings, and their bookkeeping.

:class:`ThermometryConfig` is what the camera is configured to measure (read rarely, by the
configuration coordinator); :class:`Readings` is one poll (the readings coordinator); a
:class:`Reading` is an area's or group's last status with when it was measured. Resources
(``("area", 2)``, ``("output", 3)``, ...) name what has entities of its own, so an update can
say which entities it concerns.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
import time
from typing import Any, Final, Literal

from homeassistant.const import UnitOfTemperature
from homeassistant.core import CALLBACK_TYPE, callback

from .capability import Capability
from .vapix import (
    Area,
    AreaStatus,
    DayNightCapabilities,
    DayNightConfiguration,
    Group,
    GroupStatus,
    GuardTour,
    IoPort,
    IsothermLevels,
    PtzPosition,
    PtzPreset,
    SpotTemperature,
    TemperatureScale,
    TgtConfiguration,
    ThermometryCapabilities,
)

type ResourceKind = Literal[
    "area",
    "group",
    "spot",
    "preset",
    "daynight",
    "input",
    "output",
    "isotherm",
    "palette",
    "tgt",
    "ptz",
    "tour",
    "image",  # an image source with areas or an active spot meter (its area map)
    "stream",
    "any_area",
    # An area's alarm (on or off, measured now or since when), apart from its temperatures:
    # its alarm entities are told only when it changes; "any_alarm": any area's.
    "area_alarm",
    "any_alarm",
]
type Resource = tuple[ResourceKind, int]

# Readings that belong to no area: whether the event stream is connected, any area's reading,
# whether any area is in alarm (pushed by the camera, or from the areas), and where a PTZ
# camera stands.
STREAM: Final[Resource] = ("stream", 0)
ANY_AREA: Final[Resource] = ("any_area", 0)
ANY_ALARM: Final[Resource] = ("any_alarm", 0)
POSITION: Final[Resource] = ("ptz", 0)

# Kinds whose resources come and go with the camera's configuration; their entities are
# pruned when the camera stops listing them (singletons such as "isotherm" never are).
PRUNABLE: Final[Mapping[ResourceKind, Capability | None]] = {
    "area": None,  # the core: always read
    "group": Capability.GROUPS,
    "spot": Capability.SPOT_METER,
    "preset": Capability.PTZ,
    "daynight": Capability.DAYNIGHT,
    "input": Capability.IO_PORTS,
    "output": Capability.IO_PORTS,
    "tour": Capability.GUARD_TOUR,
    "image": None,  # from the areas and spot meters, read with them
}
# Documented default temperature scale (000: "Celsius (default) or Fahrenheit"), used until
# the camera's capabilities can be read.
DEFAULT_SCALE: Final = TemperatureScale.CELSIUS

# Home Assistant's unit for each temperature scale the camera reports in.
UNITS: Final = {
    TemperatureScale.CELSIUS: UnitOfTemperature.CELSIUS,
    TemperatureScale.FAHRENHEIT: UnitOfTemperature.FAHRENHEIT,
}


@dataclass(slots=True)
class StreamHealth:
    """The camera's event stream, as diagnostics and the "Event stream" entity show it."""

    offered: bool = False  # API Discovery lists it
    connected: bool = False
    refused: str | None = None  # why the camera refused it (the monitor and polls serve)
    connected_since: datetime | None = None
    reconnects: int = 0
    events: int = 0
    ignored: int = 0

    def as_dict(self) -> dict[str, Any]:
        """For diagnostics."""
        return {
            "offered": self.offered,
            "connected": self.connected,
            "refused": self.refused,
            "connected_since": self.connected_since.isoformat() if self.connected_since else None,
            "reconnects": self.reconnects,
            "events": self.events,
            "ignored_frames": self.ignored,
        }


class InputStates:
    """Current states of a camera's digital inputs, and whether they are current.

    Fed by the event stream or the input monitor (``inputs.py``), and by polls while neither
    streams; entities of inputs follow it through :meth:`async_add_listener`.
    """

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
        """A stream is open; ``states`` were read right after it opened."""
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


@dataclass(frozen=True, slots=True, kw_only=True)
class DayNightChannel:
    """One DayNight channel: what it supports and how it is set."""

    capabilities: DayNightCapabilities
    configuration: DayNightConfiguration


@dataclass(frozen=True, slots=True, kw_only=True)
class ThermometryConfig:
    """What the camera is configured to measure, and its settings; re-read rarely.

    A capability that could not be read keeps its last good value here; one never read is
    empty (or None).
    """

    capabilities: ThermometryCapabilities | None
    areas: Mapping[int, Area]
    groups: Mapping[int, Group] = field(default_factory=dict)
    spot_sources: tuple[int, ...] = ()
    presets: Mapping[int, PtzPreset] = field(default_factory=dict)
    inputs: tuple[IoPort, ...] = ()
    outputs: tuple[IoPort, ...] = ()
    isotherm: IsothermLevels | None = None
    palette: str | None = None
    palettes: tuple[str, ...] = ()
    daynight: Mapping[int, DayNightChannel] = field(default_factory=dict)
    tgt: TgtConfiguration | None = None
    guard_tours: Mapping[int, GuardTour] = field(default_factory=dict)
    # Capabilities read successfully at least once (their resource lists are the camera's).
    known: frozenset[Capability] = frozenset()
    read_at: float = field(default_factory=time.monotonic, compare=False)

    @property
    def scale(self) -> TemperatureScale:
        """The scale every temperature is reported in (the default until it can be read)."""
        return self.capabilities.temperature_scale if self.capabilities else DEFAULT_SCALE

    @property
    def image_sources(self) -> list[int]:
        """Image sources with areas or an active spot meter (the first one when none has)."""
        sources = {area.image_source for area in self.areas.values()} | set(self.spot_sources)
        return sorted(sources) or [0]

    @property
    def thermal_sources(self) -> frozenset[int]:
        """The image sources that are thermal.

        Where the areas are (the active spot meters where there is no area; the first source
        when neither says).
        On a bispectral camera the other source is the visual one; the camera's own
        thermometry says which is which, not a model table.
        """
        areas = {area.image_source for area in self.areas.values()}
        return frozenset(areas or self.spot_sources or (0,))

    @property
    def resources(self) -> frozenset[Resource]:
        """Everything that has entities of its own."""
        singletons: list[Resource] = []
        if self.isotherm is not None:
            singletons.append(("isotherm", 0))
        if self.palettes:
            singletons.append(("palette", 0))
        if self.tgt is not None:
            singletons.append(("tgt", 0))
        if self.presets:
            singletons.append(POSITION)
        return frozenset(
            [("area", i) for i in self.areas]
            + [("group", i) for i in self.groups]
            + [("spot", i) for i in self.spot_sources]
            + [("preset", i) for i in self.presets]
            + [("daynight", i) for i in self.daynight]
            + [("tour", i) for i in self.guard_tours]
            + [("input", port.number) for port in self.inputs]
            + [("output", port.number) for port in self.outputs]
            + [("image", source) for source in self.image_sources]
            + singletons
        )

    def current_preset(self, position: PtzPosition | None) -> PtzPreset | None:
        """The preset whose stored position is ``position``; None between presets."""
        if position is None:
            return None
        return next(
            (
                preset
                for preset in self.presets.values()
                if preset.position is not None and preset.position.close_to(position)
            ),
            None,
        )

    def renamed(self, new: ThermometryConfig) -> bool:
        """Whether ``new`` names an area, group or preset of this one otherwise."""
        return any(
            before[i].name != item.name
            for before, after in (
                (self.areas, new.areas),
                (self.groups, new.groups),
                (self.presets, new.presets),
            )
            for i, item in after.items()
            if i in before
        )


@dataclass(slots=True)
class AsSet:
    """Temperatures the user set in another unit than the camera's, as they typed them.

    The camera keeps whole degrees of its own scale: 330 °F typed becomes 166 °C, which is
    330.8 °F. While the camera keeps the value a setting became, the setting reads back as it
    was typed; once the camera holds another value (changed elsewhere, another scale), it
    reads as converted. ``key`` names the setting (``isotherm_high``, ``area_3_threshold``).
    """

    typed: dict[str, tuple[TemperatureScale, float, UnitOfTemperature, float]] = field(
        default_factory=dict
    )

    def remember(
        self,
        key: str,
        scale: TemperatureScale,
        camera_value: float,
        unit: UnitOfTemperature,
        value: float,
    ) -> None:
        """The user typed ``value`` (in ``unit``, not the camera's); it sends ``camera_value``."""
        self.typed[key] = (scale, camera_value, unit, round(value, 1) + 0.0)

    def value(
        self, key: str, scale: TemperatureScale, camera_value: float, unit: UnitOfTemperature
    ) -> float | None:
        """What the user typed, while the camera keeps what it became; else None."""
        typed = self.typed.get(key)
        if typed is None or typed[:3] != (scale, camera_value, unit):
            return None
        return typed[3]


@dataclass(frozen=True, slots=True)
class Reading[T: AreaStatus | GroupStatus]:
    """The last status the camera reported for an area or group.

    A PTZ camera reports only the areas and groups of the preset it stands on (and no camera
    reports disabled ones): the others keep their last reading, ``measuring`` False, and
    ``measured_at`` says from when it is.
    """

    status: T
    measured_at: datetime
    measuring: bool = True


def stored_reading(reading: Reading[Any], scale: TemperatureScale) -> dict[str, Any]:
    """What is kept of an area's or group's reading across a restart of Home Assistant."""
    status = reading.status
    values: dict[str, Any] = {
        "scale": str(scale),
        "measured_at": reading.measured_at.isoformat(),
        "triggered": status.triggered,
    }
    if isinstance(status, AreaStatus):
        return values | {
            "average": status.average,
            "minimum": status.minimum,
            "maximum": status.maximum,
        }
    return values | {"current_deviation": status.current_deviation}


def restored_reading(
    resource: Resource, stored: Mapping[str, Any], scale: TemperatureScale
) -> Reading[Any] | None:
    """A reading kept across a restart, as not measured now; None: another scale, or unusable."""
    kind, item_id = resource
    try:
        if stored["scale"] != str(scale):
            return None  # its temperatures are in a scale the camera no longer reports in
        measured_at = datetime.fromisoformat(stored["measured_at"])
        triggered = bool(stored["triggered"])
        status: AreaStatus | GroupStatus
        if kind == "area":
            status = AreaStatus(
                id=item_id,
                average=float(stored["average"]),
                minimum=float(stored["minimum"]),
                maximum=float(stored["maximum"]),
                triggered=triggered,
            )
        else:
            deviation = stored["current_deviation"]
            status = GroupStatus(
                id=item_id,
                triggered=triggered,
                current_deviation=None if deviation is None else float(deviation),
            )
    except KeyError, TypeError, ValueError:
        return None
    return Reading(status, measured_at, measuring=False)


def readings_of[T: AreaStatus | GroupStatus](
    previous: Mapping[int, Reading[T]],
    current: Mapping[int, T],
    known: Iterable[int],
    now: datetime,
) -> dict[int, Reading[T]]:
    """Readings of the ``known`` ids: measured now, else the last one, marked as not measuring."""
    readings: dict[int, Reading[T]] = {}
    for item_id in known:
        if (status := current.get(item_id)) is not None:
            readings[item_id] = Reading(status, now)
        elif (last := previous.get(item_id)) is not None:
            readings[item_id] = last if not last.measuring else replace(last, measuring=False)
    return readings


@dataclass(frozen=True, slots=True, kw_only=True)
class Readings:
    """One poll: every known area and group with its reading, and the other readings."""

    areas: Mapping[int, Reading[AreaStatus]] = field(default_factory=dict)
    groups: Mapping[int, Reading[GroupStatus]] = field(default_factory=dict)
    # Areas and groups whose status the camera sent but that could not be read this poll.
    unreadable: frozenset[Resource] = frozenset()
    spots: Mapping[int, SpotTemperature] = field(default_factory=dict)
    position: PtzPosition | None = None
    outputs: Mapping[int, bool] = field(default_factory=dict)
    # Capabilities failing after this poll: part of the data, so entities follow a change.
    failing: frozenset[Capability] = frozenset()
    # The camera is restarting (from Home Assistant) and away: expected, so not an error.
    away: bool = False

    @property
    def area_status(self) -> dict[int, AreaStatus]:
        """The statuses measured now (diagnostics)."""
        return {i: r.status for i, r in self.areas.items() if r.measuring}

    @property
    def group_status(self) -> dict[int, GroupStatus]:
        """The group statuses evaluated now (diagnostics)."""
        return {i: r.status for i, r in self.groups.items() if r.measuring}


@dataclass(frozen=True, slots=True)
class AlarmChange:
    """An area's alarm turned on or off (seen by a poll or pushed by the camera)."""

    area: Area
    status: AreaStatus
    pushed: bool


def alarm_changes(
    before: Mapping[int, Reading[AreaStatus]],
    after: Mapping[int, Reading[AreaStatus]],
    areas: Mapping[int, Area],
    *,
    pushed: bool,
) -> list[AlarmChange]:
    """The areas whose alarm differs between ``before`` and ``after``."""
    changes = []
    for area_id, reading in after.items():
        old = before.get(area_id)
        area = areas.get(area_id)
        if (
            old is not None
            and area is not None
            and old.status.triggered != reading.status.triggered
        ):
            changes.append(AlarmChange(area, reading.status, pushed))
    return changes


def reading_shown(reading: Reading[Any] | None) -> tuple[bool, datetime | None]:
    """Whether the camera measures it now and, when it does not, from when the reading is."""
    measuring = reading is not None and reading.measuring
    return measuring, None if reading is None or measuring else reading.measured_at


def alarm_shown(reading: Reading[Any] | None) -> tuple[Any, ...] | None:
    """What an area's alarm entity shows of its reading: on or off, measured now or since when."""
    if reading is None:
        return None
    return (reading.status.triggered, *reading_shown(reading))


def reading_changes(
    kind: ResourceKind,
    item_id: int,
    old: Reading[Any] | None,
    new: Reading[Any] | None,
) -> set[Resource]:
    """The resources a change of an area's or group's reading concerns (none: unchanged)."""
    if old and new and (old.status, old.measuring) == (new.status, new.measuring):
        return set()
    changed: set[Resource] = {(kind, item_id)}
    if kind == "area":
        changed.add(ANY_AREA)
        if alarm_shown(old) != alarm_shown(new):
            changed |= {("area_alarm", item_id), ANY_ALARM}
    return changed


def changed_resources(previous: Readings, data: Readings) -> frozenset[Resource] | None:
    """The areas, groups, spot meters and outputs whose readings differ; None: everything.

    Entities of other resources need no state write when only readings changed: at 400
    cameras, writing every entity every poll is what makes the event loop lag. An area's
    alarm is a resource of its own (``area_alarm``; ``any_alarm`` for any area's): its
    temperatures change every poll, its alarm seldom.
    """
    if (
        previous.failing != data.failing
        or previous.unreadable != data.unreadable
        or previous.position != data.position
        or previous.away != data.away
    ):
        return None
    changed: set[Resource] = set()
    readings: tuple[
        tuple[ResourceKind, Mapping[int, Reading[Any]], Mapping[int, Reading[Any]]], ...
    ] = (
        ("area", previous.areas, data.areas),
        ("group", previous.groups, data.groups),
    )
    for kind, before, after in readings:
        for item_id in before.keys() | after.keys():
            changed |= reading_changes(kind, item_id, before.get(item_id), after.get(item_id))
    values: tuple[tuple[ResourceKind, Mapping[int, object], Mapping[int, object]], ...] = (
        ("spot", previous.spots, data.spots),
        ("output", previous.outputs, data.outputs),
    )
    for value_kind, old_values, new_values in values:
        changed.update(
            (value_kind, key)
            for key in old_values.keys() | new_values.keys()
            if old_values.get(key) != new_values.get(key)
        )
    return frozenset(changed)
