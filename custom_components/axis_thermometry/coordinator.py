"""Polling of one camera: its configuration and settings (slowly) and its readings (each poll).

Area temperatures and alarms are the core: ``listAreas`` and ``getAreaStatus``. Every other
read belongs to a :class:`~.capability.Capability` that fails alone: its last good value is
kept (its entities go unavailable) or, never read, it is left out, and it is tried again with
the next configuration read. Reads of one refresh run concurrently in a task group, so a
refresh lasts as long as its slowest read and leaves no request running when it ends.
"""

import asyncio
from collections.abc import Awaitable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
import logging
import time
from typing import Final, Literal, cast

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ConfigEntryAuthFailed
from homeassistant.helpers.device_registry import CONNECTION_NETWORK_MAC, DeviceInfo
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator, UpdateFailed
import homeassistant.util.dt as dt_util

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
from .vapix.daynight import PROBED_CHANNELS
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
]
type Resource = tuple[ResourceKind, int]

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
}
# Documented default temperature scale (000: "Celsius (default) or Fahrenheit"), used until
# the camera's capabilities can be read.
DEFAULT_SCALE: Final = TemperatureScale.CELSIUS


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
            update_interval=poll_interval(entry),
            always_update=False,
        )
        self.device = device
        self.health = CapabilityHealth(entry.title, _LOGGER)
        self.inputs = InputStates()
        self.identity: DeviceIdentity | None = None
        self.apis: Mapping[str, ApiVersion] | None = None
        self.wrong_serial: str | None = None
        self._config: ThermometryConfig | None = None
        self._refresh_config = True
        self._identity_due = True
        self._negotiated = False
        self._daynight_channels: tuple[int, ...] = ()
        self._permission_issue = False
        self._restart_deadline: float | None = None
        self._restart_seen_away = False
        # One refresh at a time: never two requests to one endpoint in flight.
        self._lock = asyncio.Lock()

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
    def restarting(self) -> bool:
        """Whether the camera is expected to be away, restarted from Home Assistant."""
        return self._restart_deadline is not None

    def capability_ok(self, capability: Capability) -> bool:
        """Whether ``capability`` worked at the last poll (the camera answering at all aside)."""
        return capability not in self.data.failing

    # ------------------------------------------------------------------ refresh control

    def request_configuration_refresh(self) -> None:
        """Re-read the configuration on the next poll (after a change made elsewhere)."""
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
        if not self.last_update_success:
            self._identity_due = True  # after an outage, another camera may answer
        async with self._lock:
            try:
                data = await self._refresh()
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
        return data

    async def _refresh(self) -> ThermometryData:
        attempts = _Attempts()
        config = self._config
        due = config is None or self._refresh_config or configuration_due(config.read_at)
        if config is None or due:
            config = await self._read_configuration(attempts, config)
        elif self._identity_due or self.wrong_serial is not None:
            await self._check_identity(attempts)  # before a reading is shown as this camera's
        self._identity_due = False
        data = await self._read_status(attempts, config, retry_suspended=due)
        if (
            not data.area_status.keys() <= config.areas.keys()
            or not data.group_status.keys() <= config.groups.keys()
        ):
            _LOGGER.debug("%s: status names unknown areas or groups; re-reading", self.name)
            data = replace(data, config=await self._read_configuration(attempts, config))
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
        if due:
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
            areas = group.create_task(api.list_areas())
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
            areas={area.id: area for area in areas.result()},
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
        self, attempts: _Attempts, config: ThermometryConfig, *, retry_suspended: bool
    ) -> ThermometryData:
        """One poll: every read concurrently, so a cycle lasts as long as its slowest call."""
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


async def _by_id[T: Group | GroupStatus](read: Awaitable[tuple[T, ...]]) -> dict[int, T]:
    return {item.id: item for item in await read}


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
