"""Polling of one camera: its configuration and settings (slowly) and its readings (each poll).

Area temperatures and alarms are the core: ``listAreas`` and ``getAreaStatus``. Every other
read belongs to a :class:`~.capability.Capability` that fails alone: its last good value is
kept (its entities go unavailable) or, never read, it is left out, and it is tried again with
the next configuration read. Reads of one refresh run concurrently in a task group, so a
refresh lasts as long as its slowest read and leaves no request running when it ends.
"""

import asyncio
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
import logging
import time
from typing import Any, Final, Literal, cast
import zlib

from homeassistant.config_entries import ConfigEntry
from homeassistant.const import UnitOfTemperature
from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.exceptions import ConfigEntryAuthFailed
from homeassistant.helpers.device_registry import CONNECTION_NETWORK_MAC, DeviceInfo
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator, UpdateFailed
import homeassistant.util.dt as dt_util
from homeassistant.util.unit_conversion import TemperatureConverter

from . import const
from .capability import Capability, CapabilityHealth
from .const import DOMAIN, MANUFACTURER, RESTART_GRACE
from .errors import ErrorKind, describe_vapix
from .helpers import configuration_due, connection, first_error, poll_interval
from .inputs import InputStates
from .issues import (
    INSUFFICIENT_PERMISSIONS,
    WrongDeviceError,
    async_clear_issue,
    async_report_insufficient_permissions,
    async_right_device,
    async_wrong_device,
)
from .vapix import (
    DAYNIGHT,
    THERMOMETRY,
    ApiVersion,
    Area,
    AreaStatus,
    AxisDevice,
    DayNightCapabilities,
    DayNightConfiguration,
    DeviceIdentity,
    Group,
    GroupStatus,
    GuardTour,
    IoPort,
    IsothermLevels,
    Items,
    PtzPosition,
    PtzPreset,
    SpotTemperature,
    TemperatureScale,
    TgtConfiguration,
    ThermometryCapabilities,
    VapixAuthenticationError,
    VapixError,
    VapixNotSupportedError,
)
from .vapix._parse import pick
from .vapix.daynight import PROBED_CHANNELS
from .vapix.events import AreaEvent, DeviationEvent
from .vapix.io import IoPorts
from .vapix.thermometry import NEWEST_KNOWN, V1_0, V1_1, V1_2

_LOGGER = logging.getLogger(__name__)

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
]
type Resource = tuple[ResourceKind, int]

# Information events (an area's reading every 30 s) are shown within this many seconds, at
# each camera's share of them (see ThermometryCoordinator.push_area).
INFORMATION_SPREAD: Final = 5.0

# Readings that belong to no area: whether the event stream is connected, and the any-area
# alarm the camera pushes over it.
STREAM: Final[Resource] = ("stream", 0)
ANY_AREA: Final[Resource] = ("any_area", 0)

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
            singletons.append(("ptz", 0))
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


def _readings[T: AreaStatus | GroupStatus](
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
class ThermometryData:
    """One poll: the configuration in force and the current readings."""

    config: ThermometryConfig
    area_status: Mapping[int, AreaStatus]
    group_status: Mapping[int, GroupStatus] = field(default_factory=dict)
    # Every known area and group with a reading, measured now or earlier.
    areas: Mapping[int, Reading[AreaStatus]] = field(default_factory=dict)
    groups: Mapping[int, Reading[GroupStatus]] = field(default_factory=dict)
    # Areas and groups whose status the camera sent but that could not be read this poll.
    unreadable: frozenset[Resource] = frozenset()
    spots: Mapping[int, SpotTemperature] = field(default_factory=dict)
    position: PtzPosition | None = None
    outputs: Mapping[int, bool] = field(default_factory=dict)
    # Capabilities failing after this poll: part of the data, so entities follow a change.
    failing: frozenset[Capability] = frozenset()
    # TemperatureDetectionAnyArea as the event stream last pushed it (None: no stream).
    any_area_pushed: bool | None = None

    @property
    def any_area_alarm(self) -> bool:
        """Whether any area is in alarm: as the camera pushes it, else from the areas."""
        if self.any_area_pushed is not None:
            return self.any_area_pushed
        return any(r.status.triggered for r in self.areas.values() if r.measuring)

    @property
    def areas_in_alarm(self) -> list[str]:
        """Names of the areas in alarm now."""
        return [
            self.config.areas[i].name
            for i, r in sorted(self.areas.items())
            if r.measuring and r.status.triggered and i in self.config.areas
        ]

    @property
    def current_preset(self) -> PtzPreset | None:
        """The preset whose stored position the camera is at; None between presets."""
        if self.position is None:
            return None
        return next(
            (
                preset
                for preset in self.config.presets.values()
                if preset.position is not None and preset.position.close_to(self.position)
            ),
            None,
        )


type AxisThermometryConfigEntry = ConfigEntry[AxisThermometryRuntime]


@dataclass(frozen=True, slots=True)
class AlarmChange:
    """An area's alarm turned on or off (seen by a poll or pushed by the camera)."""

    area: Area
    status: AreaStatus
    pushed: bool


def _alarm_changes(
    previous: ThermometryData, data: ThermometryData, *, pushed: bool
) -> list[AlarmChange]:
    changes = []
    for area_id, reading in data.areas.items():
        before = previous.areas.get(area_id)
        area = data.config.areas.get(area_id)
        if (
            before is not None
            and area is not None
            and before.status.triggered != reading.status.triggered
        ):
            changes.append(AlarmChange(area, reading.status, pushed))
    return changes


def _changed_resources(
    previous: ThermometryData, data: ThermometryData
) -> frozenset[Resource] | None:
    """The areas, groups, spot meters and outputs whose readings differ; None: everything.

    Entities of other resources (settings, presets, ports pushed apart) need no state write
    when only readings changed: at 400 cameras, writing every entity every poll is what
    makes the event loop lag.
    """
    if (
        previous.config is not data.config
        or previous.failing != data.failing
        or previous.unreadable != data.unreadable
        or previous.position != data.position
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
            old, new = before.get(item_id), after.get(item_id)
            if (
                old is None
                or new is None
                or (old.status, old.measuring) != (new.status, new.measuring)
            ):
                changed.add((kind, item_id))
    values: tuple[tuple[ResourceKind, Mapping[int, object], Mapping[int, object]], ...] = (
        ("spot", previous.spots, data.spots),
        ("output", previous.outputs, data.outputs),
    )
    for kind, old_values, new_values in values:
        changed.update(
            (kind, key)
            for key in old_values.keys() | new_values.keys()
            if old_values.get(key) != new_values.get(key)
        )
    return frozenset(changed)


@dataclass(slots=True)
class AxisThermometryRuntime:
    """What a loaded config entry holds (``entry.runtime_data``)."""

    device: AxisDevice
    coordinator: ThermometryCoordinator
    # Unique ids of the entities created for each resource, for pruning.
    owned: dict[Resource, set[str]] = field(default_factory=dict)


def create_device(hass: HomeAssistant, data: Mapping[str, object]) -> AxisDevice:
    """A client for the camera described by config entry data, on the shared session."""
    session, host, options = connection(hass, data)
    return AxisDevice(session, host, timeout=const.REQUEST_TIMEOUT, **options)


class _Attempts:
    """Optional reads of one refresh: their results, and each capability's first error."""

    def __init__(self) -> None:
        self.errors: dict[Capability, VapixError | None] = {}
        self.configuration = False  # whether this refresh reads the configuration

    async def run[T, D](
        self,
        capability: Capability,
        read: Awaitable[T],
        default: D,
        also: tuple[Capability, ...] = (),
    ) -> T | D:
        """``read``'s result, or ``default`` when it fails.

        The outcome is noted against ``capability`` and the capabilities ``also`` served.
        """
        try:
            result = await read
        except VapixError as err:
            for served in (capability, *also):
                if self.errors.get(served) is None:
                    self.errors[served] = err
            return default
        for served in (capability, *also):
            self.errors.setdefault(served, None)
        return result


class ThermometryCoordinator(DataUpdateCoordinator[ThermometryData]):
    """Poll area status and the optional readings concurrently; re-read configuration slowly.

    The configuration (capabilities with the temperature scale, areas, groups, spot meters,
    presets, I/O ports and the camera-wide settings) is read on setup, every
    :data:`~.const.CONFIGURATION_REFRESH`, when a status names an id it does not know, and
    after a change made from Home Assistant. The identity is checked with it and after every
    outage: readings of another camera at the same address never appear under this one.
    """

    config_entry: AxisThermometryConfigEntry

    def __init__(
        self, hass: HomeAssistant, entry: AxisThermometryConfigEntry, device: AxisDevice
    ) -> None:
        """Poll ``device`` at the interval the entry's options give."""
        super().__init__(
            hass,
            _LOGGER,
            config_entry=entry,
            name=entry.title,
            update_interval=None,  # polled by poll_forever, at this camera's own offset
            always_update=False,
        )
        self.poll_interval = poll_interval(entry)
        self.device = device
        self.health = CapabilityHealth(entry.title, _LOGGER)
        self.inputs = InputStates()
        self.identity: DeviceIdentity | None = None
        self.apis: Mapping[str, ApiVersion] | None = None
        self.wrong_serial: str | None = None
        self._config: ThermometryConfig | None = None
        self._refresh_config = True
        # Areas and groups a status or event named that the last configuration read did not
        # list, and those named since it.
        self._unlisted: frozenset[Resource] = frozenset()
        self._named: set[Resource] = set()
        self._identity_due = True
        self._negotiated = False
        self._daynight_channels: tuple[int, ...] = ()
        self._permission_issue = False
        self._restart_deadline: float | None = None
        self._restart_seen_away = False
        # One refresh at a time: never two requests to one endpoint in flight.
        self._lock = asyncio.Lock()
        # What the last update changed, while listeners run (None: anything may have).
        self.changed: frozenset[Resource] | None = None
        self._poll_changed: frozenset[Resource] | None = None
        # When the event stream last pushed each area's or group's state (monotonic).
        self._pushed: dict[Resource, float] = {}
        # Information events waiting for their turn (see push_area).
        self._information: dict[int, AreaEvent] = {}
        self._information_timer: asyncio.TimerHandle | None = None
        self._alarm_listeners: list[Callable[[AlarmChange], None]] = []
        self.stream = StreamHealth()

    # ------------------------------------------------------------------ identity

    @property
    def serial(self) -> str:
        """The camera's serial number: the entry's unique id, prefix of every entity's."""
        if self.config_entry.unique_id:
            return self.config_entry.unique_id
        return self.identity.serial_number if self.identity else self.config_entry.entry_id

    @property
    def has_ptz(self) -> bool | None:
        """Whether the camera has PTZ (None while its identity is unknown)."""
        return None if self.identity is None else self.identity.ptz

    @property
    def device_info(self) -> DeviceInfo:
        """The camera as a Home Assistant device, named as its entry.

        The entry's title is the camera's own name, or its model and serial digits, so two
        cameras of a model differ; renaming the entry renames the device.
        """
        info = DeviceInfo(
            identifiers={(DOMAIN, self.serial)},
            manufacturer=MANUFACTURER,
            serial_number=self.serial,
            configuration_url=str(self.device.transport.base_url),
            name=self.config_entry.title,
        )
        if (identity := self.identity) is not None:
            if identity.mac_address:
                info["connections"] = {(CONNECTION_NETWORK_MAC, identity.mac_address)}
            info["model"] = identity.model or None
            info["sw_version"] = identity.firmware_version or None
        return info

    @property
    def followed(self) -> bool:
        """Whether a stream from the camera is live (the event stream or the input monitor).

        Another camera taking the address ends it, so the identity is checked then; without
        one it is checked with every poll.
        """
        return self.stream.connected or self.inputs.streaming

    @property
    def restarting(self) -> bool:
        """Whether the camera is expected to be away, restarted from Home Assistant."""
        return self._restart_deadline is not None

    def capability_ok(self, capability: Capability) -> bool:
        """Whether ``capability`` worked at the last poll (the camera answering at all aside)."""
        return capability not in self.data.failing

    # ------------------------------------------------------------------ polling

    @property
    def spread(self) -> float:
        """This camera's place among cameras, from 0 to 1: stable, spread over cameras.

        Entries set up together would otherwise poll together, and every interval all their
        state writes would land at once (a pushed alarm arriving then waits behind them).
        """
        return zlib.crc32(self.serial.encode()) / 2**32

    @property
    def poll_offset(self) -> float:
        """Where in each interval this camera polls."""
        return self.spread * self.poll_interval.total_seconds()

    async def poll_forever(self) -> None:
        """Poll at ``poll_offset`` into every interval until cancelled (unload, shutdown).

        Ticks follow one grid: a poll that runs long skips the ticks it overran.
        """
        loop = asyncio.get_running_loop()
        interval = self.poll_interval.total_seconds()
        now = loop.time()
        tick = now - (now - self.poll_offset) % interval + interval
        while True:
            await asyncio.sleep(tick - loop.time())
            if not self.config_entry.pref_disable_polling:
                await self.async_refresh()
            tick += interval
            if (behind := loop.time() - tick) > 0:
                tick += (behind // interval + 1) * interval

    # ------------------------------------------------------------------ pushed events

    @callback
    def async_add_alarm_listener(self, listener: Callable[[AlarmChange], None]) -> CALLBACK_TYPE:
        """Call ``listener`` whenever an area's alarm turns on or off."""
        self._alarm_listeners.append(listener)
        return lambda: self._alarm_listeners.remove(listener)

    @callback
    def async_notify(self, data: ThermometryData, changed: frozenset[Resource]) -> None:
        """Show ``data`` now, writing only the entities that show a reading of ``changed``.

        Unlike ``async_set_updated_data`` this leaves the poll schedule alone.
        """
        previous = self.data
        self.data = data
        self._update_listeners(changed)
        self._alarms_changed(previous, data, pushed=True)

    @callback
    def push_area(self, event: AreaEvent) -> None:
        """The camera pushed an area's alarm state or its 30-second information event.

        An alarm event is shown at once. An information event is a reading like a poll's:
        it is shown after this camera's share of ``INFORMATION_SPREAD`` unless a poll reads
        the area first, so that a fleet of cameras sending theirs in step does not write
        every area at once (a pushed alarm would wait behind them).
        """
        area_id = event.area_id
        if area_id not in self.data.config.areas:
            self._named_unknown(("area", area_id))  # an area added on the camera?
            return
        reading = self.data.areas.get(area_id)
        new = _pushed_reading(reading, event, self.data.config.scale)
        if new is None:
            return
        if event.active is None and reading is not None and reading.measuring and new.measuring:
            self._information[area_id] = event
            if self._information_timer is None:
                self._information_timer = self.hass.loop.call_later(
                    self.spread * INFORMATION_SPREAD, self._show_information
                )
            return
        self._information.pop(area_id, None)
        if event.active is not None:
            self._pushed[("area", area_id)] = time.monotonic()
        self._show_areas({area_id: new})

    @callback
    def _show_information(self) -> None:
        """Show the information events no poll has overtaken."""
        self._information_timer = None
        events, self._information = self._information, {}
        data = self.data
        readings = {
            area_id: new
            for area_id, event in events.items()
            if area_id in data.config.areas
            and (new := _pushed_reading(data.areas.get(area_id), event, data.config.scale))
        }
        if readings:
            self._show_areas(readings)

    async def async_shutdown(self) -> None:
        """Drop the information events still waiting (unload, shutdown)."""
        if self._information_timer is not None:
            self._information_timer.cancel()
            self._information_timer = None
        await super().async_shutdown()

    def _show_areas(self, readings: Mapping[int, Reading[AreaStatus]]) -> None:
        data = self.data
        area_status = dict(data.area_status)
        area_status.update(
            (i, reading.status) for i, reading in readings.items() if reading.measuring
        )
        self.async_notify(
            replace(data, areas={**data.areas, **readings}, area_status=area_status),
            frozenset(("area", area_id) for area_id in readings),
        )

    @callback
    def push_group(self, event: DeviationEvent) -> None:
        """The camera pushed a group's deviation alarm."""
        data = self.data
        if event.group_id not in data.config.groups:
            self._named_unknown(("group", event.group_id))
            return
        reading = data.groups.get(event.group_id)
        before = reading.status if reading else GroupStatus(id=event.group_id, triggered=False)
        status = replace(
            before,
            triggered=event.active,
            current_deviation=before.current_deviation
            if event.deviation is None
            else event.deviation,
        )
        if status == before:
            return
        self._pushed[("group", event.group_id)] = time.monotonic()
        self.async_notify(
            replace(
                data, groups={**data.groups, event.group_id: Reading(status, dt_util.utcnow())}
            ),
            frozenset({("group", event.group_id)}),
        )

    @callback
    def push_any_area(self, active: bool) -> None:
        """The camera pushed TemperatureDetectionAnyArea (the event stream resets it on closing)."""
        if self.data.any_area_pushed is not active:
            self.async_notify(replace(self.data, any_area_pushed=active), frozenset({ANY_AREA}))

    def _merge_pushed(self, data: ThermometryData, started: float) -> ThermometryData:
        """Keep alarm states the camera pushed after this poll started: they are newer.

        Only the alarm state: what the poll measured (temperatures, whether the area is
        measured at all) is as new as anything pushed before it answered.
        """
        current = self.data
        areas, groups = dict(data.areas), dict(data.groups)
        for (kind, item_id), at in list(self._pushed.items()):
            if at <= started:
                del self._pushed[(kind, item_id)]
                continue
            readings: dict[int, Reading[Any]] = areas if kind == "area" else groups
            pushed = (current.areas if kind == "area" else current.groups).get(item_id)
            polled = readings.get(item_id)
            if pushed is not None and polled is not None and polled.measuring:
                status = replace(polled.status, triggered=pushed.status.triggered)
                readings[item_id] = replace(polled, status=status)
        return replace(data, areas=areas, groups=groups, any_area_pushed=current.any_area_pushed)

    def _alarms_changed(
        self, previous: ThermometryData | None, data: ThermometryData, *, pushed: bool
    ) -> None:
        if previous is None or not self._alarm_listeners:
            return
        for change in _alarm_changes(previous, data, pushed=pushed):
            for listener in list(self._alarm_listeners):
                listener(change)

    # ------------------------------------------------------------------ refresh control

    def connection_lost(self) -> None:
        """A stream from the camera ended: check who answers before the next readings count.

        A camera that restarted, or another one at its address, may answer the next poll at
        once, before any poll saw the outage.
        """
        self._identity_due = True

    def request_configuration_refresh(self) -> None:
        """Re-read the configuration on the next poll (after a change made elsewhere)."""
        self._refresh_config = True

    def _named_unknown(self, resource: Resource) -> None:
        """An event named an area or group the configuration lacks: re-read it next poll.

        Unless the last read already left it out: a camera whose events name an id its list
        does not (or whose list cannot be read) costs one re-read, not one per event.
        """
        if resource not in self._unlisted:
            self._named.add(resource)
            self._refresh_config = True

    async def async_reread_configuration(self) -> None:
        """Re-read the configuration and poll now (after a change made from Home Assistant)."""
        self._refresh_config = True
        await self.async_refresh()

    def expect_restart(self) -> None:
        """The camera is restarting: be unavailable quietly until it has been away and is back.

        A camera answers for a moment after the restart command before it goes down; a poll
        that succeeds then does not end the restart.
        """
        self._restart_deadline = time.monotonic() + RESTART_GRACE.total_seconds()
        self._restart_seen_away = False
        self.last_update_success = False  # so the outage is not logged as an error
        self.async_update_listeners()

    # ------------------------------------------------------------------ the refresh

    async def _async_update_data(self) -> ThermometryData:
        self._information.clear()  # this poll reads newer values
        if not self.last_update_success:
            self._identity_due = True  # after an outage, another camera may answer
        async with self._lock:
            self._poll_changed = None
            try:
                data = await self._refresh(started=time.monotonic())
            except* WrongDeviceError as group:
                found = first_error(group).serial
                failure = async_wrong_device(
                    self.hass, self.config_entry, found, reported=self.wrong_serial
                )
                self.wrong_serial = found
                raise failure from None
            except* VapixError as group:
                raise self._failed(first_error(group)) from None
        self._recovered()
        if self.last_update_success and self.data is not None:
            self._poll_changed = _changed_resources(self.data, data)
        return data

    @callback
    def async_update_listeners(self) -> None:
        """Update listeners; after a poll, tell them which readings changed."""
        changed, self._poll_changed = self._poll_changed, None
        if self.changed is not None or changed is None or not self.last_update_success:
            super().async_update_listeners()
        else:
            self._update_listeners(changed)

    @callback
    def _update_listeners(self, changed: frozenset[Resource]) -> None:
        """Run the listeners with ``changed`` (what they need to write) set meanwhile."""
        self.changed = changed
        try:
            super().async_update_listeners()
        finally:
            self.changed = None

    async def _refresh(self, started: float) -> ThermometryData:
        attempts = _Attempts()
        config = self._config
        due = config is None or self._refresh_config or configuration_due(config.read_at)
        if config is None or due:
            config = await self._read_configuration(attempts, config)
        elif self._identity_due or self.wrong_serial is not None:
            await self._check_identity(attempts)  # before a reading is shown as this camera's
        # An identity that could not be read (a camera still restarting) is read again next
        # poll: who answers is unsure. One that keeps failing waits for the configuration read.
        self._identity_due = attempts.errors.get(
            Capability.IDENTITY
        ) is not None and not self.health.suspended(Capability.IDENTITY)
        # Without a live stream from the camera nothing would notice another camera taking
        # its address between two polls: its identity is confirmed with every poll then.
        confirm = (
            Capability.IDENTITY not in attempts.errors
            and not self.followed
            and not self.health.suspended(Capability.IDENTITY)
        )
        data = await self._read_status(
            attempts, config, retry_suspended=due, confirm_identity=confirm
        )
        named = self._named | _unlisted(data)
        if named - self._unlisted and not attempts.configuration:
            # Areas or groups added on the camera (a list that left them out is not re-read
            # for them again: that would cost a re-read every poll).
            _LOGGER.debug("%s: status names %s; re-reading", self.name, sorted(named))
            data = replace(data, config=await self._read_configuration(attempts, config))
        if attempts.configuration:
            listed = data.config.resources
            self._unlisted = frozenset(named - listed)
            self._named = set()
        # The core answered: what failed besides is the capabilities' own problem.
        at_configuration = attempts.configuration
        for capability, error in attempts.errors.items():
            if error is None:
                self.health.succeeded(capability, at_configuration=at_configuration)
            else:
                self.health.failed(capability, error, at_configuration=at_configuration)
        previous = cast(ThermometryData | None, self.data)  # None before the first refresh
        now = dt_util.utcnow()
        data = replace(
            data,
            failing=frozenset(self.health.failures),
            areas=_readings(
                previous.areas if previous else {}, data.area_status, data.config.areas, now
            ),
            groups=_readings(
                previous.groups if previous else {}, data.group_status, data.config.groups, now
            ),
        )
        if previous is not None:
            data = self._merge_pushed(data, started)
            self._alarms_changed(previous, data, pushed=False)
        if attempts.configuration:
            self._refresh_config = False
        if self._config is not None and _renamed(self._config, data.config):
            # Entity names come from area/group/preset names; a reload renames them everywhere.
            self.hass.config_entries.async_schedule_reload(self.config_entry.entry_id)
        self._config = data.config
        return data

    async def _check_identity(self, attempts: _Attempts) -> None:
        """Read the identity; raise :class:`WrongDeviceError` if another camera answers.

        Unreadable parameters do not stop the thermometry (the entry's own id stands), unless
        another camera was found there: then nothing is read until this one answers again.
        """
        try:
            identity = await self.device.identify()
        except VapixAuthenticationError:
            raise
        except VapixError as err:
            if self.wrong_serial is not None:
                raise
            attempts.errors[Capability.IDENTITY] = err
            return
        attempts.errors[Capability.IDENTITY] = None
        expected = self.config_entry.unique_id
        if expected is not None and identity.serial_number != expected:
            raise WrongDeviceError(identity.serial_number)
        self.identity = identity

    async def _prepare(self, attempts: _Attempts) -> None:
        """Identity, API Discovery (until read) and the Thermometry version (until known)."""
        api = self.device.thermometry

        async def discover() -> None:
            self.apis = await self.device.supported_apis()

        async with asyncio.TaskGroup() as group:
            group.create_task(self._check_identity(attempts))
            if self.apis is None:
                group.create_task(discover())
        if not self._negotiated:
            try:
                await api.negotiate()
            except VapixAuthenticationError:
                raise
            except VapixError as err:
                attempts.errors[Capability.API_VERSIONS] = err
                known = (self.apis or {}).get(THERMOMETRY)
                api.version = min(known, NEWEST_KNOWN) if known and known.major == 1 else V1_0
            else:
                attempts.errors[Capability.API_VERSIONS] = None
                self._negotiated = True

    async def _read_configuration(
        self, attempts: _Attempts, previous: ThermometryConfig | None
    ) -> ThermometryConfig:
        """Read everything that changes rarely, each capability on its own."""
        attempts.configuration = True
        await self._prepare(attempts)
        api = self.device.thermometry
        version = api.version or V1_0
        old = previous or ThermometryConfig(capabilities=None, areas={})
        run = attempts.run

        async with asyncio.TaskGroup() as group:
            areas = group.create_task(
                # The core: without a first list the camera cannot load. Later, a list that
                # cannot be read leaves the areas as last listed (it never reads as "none").
                run(Capability.AREA_LIST, _by_id(api.list_areas()), old.areas)
                if previous is not None
                else _by_id(api.list_areas())
            )
            capabilities = group.create_task(
                run(Capability.LIMITS, api.get_capabilities(), old.capabilities)
            )
            groups = group.create_task(
                run(Capability.GROUPS, _by_id(api.list_groups()), old.groups)
                if version >= V1_2
                else _value(old.groups)
            )
            spots = group.create_task(
                run(Capability.SPOT_METER, api.spot_sources(), old.spot_sources)
            )
            presets = group.create_task(
                run(Capability.PTZ, self._presets(), old.presets)
                if self.has_ptz is not False
                else _value({})
            )
            ports = group.create_task(
                run(
                    Capability.IO_PORTS,
                    self.device.io.ports(),
                    IoPorts(inputs=old.inputs, outputs=old.outputs),
                )
            )
            isotherm = group.create_task(
                run(Capability.ISOTHERM, api.get_isotherm_levels(), old.isotherm)
            )
            palette = group.create_task(
                run(Capability.PALETTE, self.device.params.palette(), old.palette)
            )
            palettes = group.create_task(
                # 2002 firmware (getparam/setparam) has no parameter definitions to list.
                run(Capability.PALETTE, self.device.params.palettes(), old.palettes)
                if not self.device.params.legacy
                else _value(())
            )
            daynight = group.create_task(run(Capability.DAYNIGHT, self._daynight(), old.daynight))
            tgt = group.create_task(
                run(Capability.GUARD_TOUR, api.get_tgt_configuration(), old.tgt)
                if version >= V1_1 and self.has_ptz
                else _value(None)
            )
            tours = group.create_task(
                run(Capability.GUARD_TOUR, self._guard_tours(), old.guard_tours)
                if self.has_ptz
                else _value({})
            )
        known = old.known | {
            capability for capability, error in attempts.errors.items() if error is None
        }
        config = ThermometryConfig(
            capabilities=capabilities.result(),
            areas=areas.result(),
            groups=groups.result(),
            spot_sources=spots.result(),
            presets=presets.result(),
            inputs=ports.result().inputs,
            outputs=ports.result().outputs,
            isotherm=isotherm.result(),
            palette=palette.result(),
            palettes=palettes.result(),
            daynight=daynight.result(),
            tgt=tgt.result(),
            guard_tours=tours.result(),
            known=known,
        )
        _LOGGER.debug(
            "%s: %d areas, %d groups, spot meters on %s, %d presets, scale %s",
            self.name,
            len(config.areas),
            len(config.groups),
            config.spot_sources,
            len(config.presets),
            config.scale,
        )
        return config

    async def _guard_tours(self) -> dict[int, GuardTour]:
        return {tour.number: tour for tour in await self.device.ptz.guard_tours()}

    async def _presets(self) -> dict[int, PtzPreset]:
        return {preset.number: preset for preset in await self.device.ptz.presets()}

    async def _daynight(self) -> dict[int, DayNightChannel]:
        """DayNight per channel (004 names the channel in every call).

        The channels are found once: from the ``ImageSource.I<n>.DayNight`` parameters, else by
        asking channels 0–3 for their capabilities. A camera whose API Discovery does not list
        DayNight has none.
        """
        if self.apis is not None and DAYNIGHT not in self.apis:
            return {}
        api = self.device.daynight
        if not self._daynight_channels:
            try:
                candidates = await self.device.params.daynight_channels()
            except VapixError:
                candidates = ()
            self._daynight_channels = await api.channels(candidates or PROBED_CHANNELS)
            if not self._daynight_channels and self.apis is not None:
                raise VapixNotSupportedError("API Discovery lists DayNight; no channel answers")

        async def channel(number: int) -> DayNightChannel:
            capabilities, configuration = await asyncio.gather(
                api.get_capabilities(number), api.get_configuration(number)
            )
            return DayNightChannel(capabilities=capabilities, configuration=configuration)

        channels = await asyncio.gather(*(channel(n) for n in self._daynight_channels))
        return dict(zip(self._daynight_channels, channels, strict=True))

    async def _read_status(
        self,
        attempts: _Attempts,
        config: ThermometryConfig,
        *,
        retry_suspended: bool,
        confirm_identity: bool = False,
    ) -> ThermometryData:
        """One poll: every read concurrently, so a cycle lasts as long as its slowest call.

        ``confirm_identity``: the identity is read beside the readings, which are dropped
        (the poll fails) when another camera answers.
        """
        api = self.device.thermometry
        run = attempts.run

        def polled(capability: Capability) -> bool:
            return retry_suspended or not self.health.suspended(capability)

        async def spots() -> dict[int, SpotTemperature]:
            readings = await asyncio.gather(
                *(api.get_spot_temperature(image_source=s) for s in config.spot_sources)
            )
            return dict(zip(config.spot_sources, readings, strict=True))

        io = self.device.io
        inputs = [port.number for port in config.inputs] if self.inputs.polling else []
        outputs = [port.number for port in config.outputs]

        async def port_states() -> tuple[dict[int, bool] | None, dict[int, bool] | None]:
            """Inputs' and outputs' states; None for what could not (or need not) be read."""
            if io.management:  # one getPorts answers for inputs and outputs alike
                if not (inputs or outputs) or not polled(Capability.OUTPUTS):
                    return None, None
                return await run(
                    Capability.OUTPUTS,
                    io.states(inputs, outputs),
                    (None, None),
                    also=(Capability.INPUTS,) if inputs else (),
                )
            return await asyncio.gather(
                run(Capability.INPUTS, io.check_inputs(inputs), None)
                if inputs and polled(Capability.INPUTS)
                else _value(None),
                run(Capability.OUTPUTS, io.check_outputs(outputs), None)
                if outputs and polled(Capability.OUTPUTS)
                else _value(None),
            )

        async with asyncio.TaskGroup() as group:
            if confirm_identity:
                group.create_task(self._check_identity(attempts))
            areas = group.create_task(api.get_area_status())
            groups = group.create_task(
                run(Capability.GROUPS, api.get_group_status(), Items[GroupStatus](()))
                if config.groups and polled(Capability.GROUPS)
                else _value(Items[GroupStatus](()))
            )
            readings = group.create_task(
                run(Capability.SPOT_METER, spots(), {})
                if config.spot_sources and polled(Capability.SPOT_METER)
                else _value({})
            )
            position = group.create_task(
                run(Capability.PTZ, self.device.ptz.position(), None)
                if config.presets and polled(Capability.PTZ)
                else _value(None)
            )
            ports = group.create_task(port_states())
        input_states, output_states = ports.result()
        if inputs:
            self.inputs.polled(input_states)
        area_items, group_items = areas.result(), groups.result()
        return ThermometryData(
            config=config,
            area_status={status.id: status for status in area_items},
            group_status={status.id: status for status in group_items},
            unreadable=frozenset(
                [("area", i) for i in area_items.unreadable]
                + [("group", i) for i in group_items.unreadable]
            ),
            spots=readings.result(),
            position=position.result(),
            outputs=output_states or {},
        )

    # ------------------------------------------------------------------ errors

    def _failed(self, err: VapixError) -> Exception:
        """What a failed refresh raises: reauthentication, or unavailable entities."""
        if self._restart_deadline is not None:
            if time.monotonic() < self._restart_deadline:
                self._restart_seen_away = True
                self.last_update_success = False  # an expected outage: not logged as an error
                return UpdateFailed(translation_domain=DOMAIN, translation_key="restarting")
            _LOGGER.warning("%s has not come back since it was restarted", self.name)
            self._restart_deadline = None
        description = describe_vapix(err)
        if description.kind is ErrorKind.AUTHENTICATION:
            return ConfigEntryAuthFailed(**description.kwargs)
        if description.kind is ErrorKind.AUTHORIZATION:
            self._permission_issue = True
            async_report_insufficient_permissions(self.hass, self.config_entry)
            return UpdateFailed(
                translation_domain=DOMAIN, translation_key="insufficient_permissions"
            )
        return UpdateFailed(**description.kwargs)

    def _recovered(self) -> None:
        if self._restart_seen_away or (
            self._restart_deadline is not None and time.monotonic() >= self._restart_deadline
        ):
            self._restart_deadline = None
            self._restart_seen_away = False
        async_right_device(self.hass, self.config_entry, self.wrong_serial)
        self.wrong_serial = None
        if self._permission_issue:
            self._permission_issue = False
            async_clear_issue(self.hass, self.config_entry, INSUFFICIENT_PERMISSIONS)


async def _value[T](value: T) -> T:
    return value


async def _by_id[T: Area | Group](read: Awaitable[tuple[T, ...]]) -> dict[int, T]:
    return {item.id: item for item in await read}


def _pushed_reading(
    reading: Reading[AreaStatus] | None, event: AreaEvent, scale: TemperatureScale
) -> Reading[AreaStatus] | None:
    """``reading`` with what ``event`` says; None when that changes nothing (or shows nothing).

    An event without temperatures is the camera saying it does not evaluate the area now
    (another preset, disabled): like a poll that does not list it, it keeps the area's last
    reading and marks it as not measured (an alarm it raises is still shown).
    """
    if event.average is None and event.maximum is None and event.minimum is None:
        if reading is None:
            return None
        if event.active:
            new = replace(reading, status=replace(reading.status, triggered=True))
        else:
            new = replace(reading, measuring=False)
    else:
        status = _pushed_status(reading.status if reading else None, event, scale)
        if status is None:
            return None
        new = Reading(status, dt_util.utcnow())
    if reading is not None and (reading.status, reading.measuring) == (new.status, new.measuring):
        return None
    return new


def _pushed_status(
    status: AreaStatus | None, event: AreaEvent, scale: TemperatureScale
) -> AreaStatus | None:
    """``status`` with what ``event`` says; None when there is nothing to show yet."""

    def degrees(value: float | None) -> float | None:
        if value is None or event.scale is None or event.scale is scale:
            return value
        return TemperatureConverter.convert(value, UNITS[event.scale], UNITS[scale])

    average, maximum, minimum = (
        degrees(event.average),
        degrees(event.maximum),
        degrees(event.minimum),
    )
    if status is None:
        if average is None or maximum is None or minimum is None:
            return None  # a first reading needs all three
        status = AreaStatus(
            id=event.area_id, average=average, minimum=minimum, maximum=maximum, triggered=False
        )
    return replace(
        status,
        triggered=status.triggered if event.active is None else event.active,
        average=pick(average, status.average),
        maximum=pick(maximum, status.maximum),
        minimum=pick(minimum, status.minimum),
        max_position=pick(event.max_position, status.max_position),
        min_position=pick(event.min_position, status.min_position),
    )


def _unlisted(data: ThermometryData) -> frozenset[Resource]:
    """Areas and groups ``data``'s status names that its configuration does not list."""
    return frozenset(
        [("area", i) for i in data.area_status.keys() - data.config.areas.keys()]
        + [("group", i) for i in data.group_status.keys() - data.config.groups.keys()]
    )


def _renamed(old: ThermometryConfig, new: ThermometryConfig) -> bool:
    return any(
        before[i].name != item.name
        for before, after in (
            (old.areas, new.areas),
            (old.groups, new.groups),
            (old.presets, new.presets),
        )
        for i, item in after.items()
        if i in before
    )
