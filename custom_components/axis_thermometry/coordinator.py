"""Polling of thermometry status, and the slower re-reading of the camera's configuration."""

import asyncio
from collections.abc import Awaitable, Mapping
from dataclasses import dataclass, field, replace
import logging
import time
from typing import TYPE_CHECKING, Literal

from homeassistant.config_entries import ConfigEntry
from homeassistant.const import CONF_HOST, CONF_USERNAME
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ConfigEntryAuthFailed, ConfigEntryError
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.device_registry import CONNECTION_NETWORK_MAC, DeviceInfo
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator, UpdateFailed

from .const import DOMAIN, MANUFACTURER, RESTART_GRACE, SETTINGS_REFRESH
from .helpers import configuration_due, connection, poll_interval
from .vapix import (
    DAYNIGHT,
    ApiVersion,
    Area,
    AreaStatus,
    AxisDevice,
    DayNightCapabilities,
    DayNightConfiguration,
    DeviceIdentity,
    Group,
    GroupStatus,
    IoPort,
    IsothermLevels,
    PtzPosition,
    PtzPreset,
    SpotTemperature,
    TemperatureScale,
    TgtConfiguration,
    ThermometryCapabilities,
    VapixAuthenticationError,
    VapixAuthorizationError,
    VapixError,
    VapixNotSupportedError,
    VapixRequestError,
)
from .vapix.thermometry import V1_0, V1_1, V1_2, V1_3

if TYPE_CHECKING:
    from .inputs import InputMonitor

_LOGGER = logging.getLogger(__name__)

type ResourceKind = Literal["area", "group", "spot", "preset"]
type Resource = tuple[ResourceKind, int]


@dataclass(frozen=True, slots=True, kw_only=True)
class ThermometryConfig:
    """What the camera is configured to measure; re-read rarely."""

    capabilities: ThermometryCapabilities
    areas: Mapping[int, Area]
    groups: Mapping[int, Group]
    spot_sources: tuple[int, ...]
    presets: Mapping[int, PtzPreset] = field(default_factory=dict)
    inputs: tuple[IoPort, ...] = ()
    outputs: tuple[IoPort, ...] = ()
    read_at: float = field(default_factory=time.monotonic)

    @property
    def scale(self) -> TemperatureScale:
        """The scale every temperature is reported in."""
        return self.capabilities.temperature_scale

    @property
    def resources(self) -> frozenset[Resource]:
        """Everything that has entities of its own."""
        return frozenset(
            [("area", i) for i in self.areas]
            + [("group", i) for i in self.groups]
            + [("spot", i) for i in self.spot_sources]
            + [("preset", i) for i in self.presets]
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class ThermometryData:
    """One poll: the configuration in force and the current readings."""

    config: ThermometryConfig
    area_status: Mapping[int, AreaStatus]
    group_status: Mapping[int, GroupStatus]
    spots: Mapping[int, SpotTemperature]
    position: PtzPosition | None = None
    outputs: Mapping[int, bool] = field(default_factory=dict)
    inputs: Mapping[int, bool] = field(default_factory=dict)

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
    settings: SettingsCoordinator
    inputs: InputMonitor


async def optional[T, D](read: Awaitable[T], default: D) -> T | D:
    """Read something the camera may lack, or the user may not read; ``default`` then.

    Connection errors still propagate: they mean the camera itself is unreachable.
    """
    try:
        return await read
    except VapixNotSupportedError, VapixAuthorizationError, VapixRequestError:
        return default


def create_device(hass: HomeAssistant, data: Mapping[str, object]) -> AxisDevice:
    """A client for the camera described by config entry data, on the shared session."""
    session, host, options = connection(hass, data)
    return AxisDevice(session, host, **options)


class ThermometryCoordinator(DataUpdateCoordinator[ThermometryData]):
    """Poll area status, group status and spot temperatures concurrently.

    The configuration (capabilities with the temperature scale, areas, groups, spot meters)
    is read on setup, every :data:`CONFIGURATION_REFRESH`, when a status names an id it does
    not know, and when asked after a change made from Home Assistant.
    """

    config_entry: AxisThermometryConfigEntry
    identity: DeviceIdentity
    apis: Mapping[str, ApiVersion]
    has_ptz: bool

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
        self._config: ThermometryConfig | None = None
        self._refresh_config = True
        self._permission_issue = False
        self._restart_deadline: float | None = None
        # Inputs are pushed by the monitor stream where the camera offers it, else polled.
        self.poll_inputs = False

    # ------------------------------------------------------------------ setup

    async def _async_setup(self) -> None:
        """Identify the camera and agree on the API version before the first poll."""
        try:
            self.identity = await self.device.identify()
            self.apis = await self.device.supported_apis()
            self.has_ptz = await self.device.params.has_ptz()
            await self.device.thermometry.negotiate()
        except VapixError as err:
            raise self.translate_error(err) from err
        expected = self.config_entry.unique_id
        if expected is not None and self.identity.serial_number != expected:
            raise ConfigEntryError(
                translation_domain=DOMAIN,
                translation_key="wrong_device",
                translation_placeholders={
                    "host": str(self.config_entry.data[CONF_HOST]),
                    "serial": self.identity.serial_number,
                },
            )

    @property
    def serial(self) -> str:
        """The camera's serial number; prefix of every unique id."""
        return self.identity.serial_number

    @property
    def device_info(self) -> DeviceInfo:
        """The camera as a Home Assistant device."""
        identity = self.identity
        return DeviceInfo(
            identifiers={(DOMAIN, identity.serial_number)},
            connections=(
                {(CONNECTION_NETWORK_MAC, identity.mac_address)} if identity.mac_address else set()
            ),
            manufacturer=MANUFACTURER,
            model=identity.model or None,
            name=f"{identity.brand} {identity.model}".strip(),
            serial_number=identity.serial_number,
            sw_version=identity.firmware_version or None,
            configuration_url=str(self.device.transport.base_url),
        )

    # ------------------------------------------------------------------ polling

    def request_configuration_refresh(self) -> None:
        """Re-read the configuration on the next poll (after a change made elsewhere)."""
        self._refresh_config = True

    async def async_reread_configuration(self) -> None:
        """Re-read the configuration and poll now (after a change made from Home Assistant)."""
        self._refresh_config = True
        await self.async_refresh()

    async def _read_configuration(self) -> ThermometryConfig:
        api = self.device.thermometry
        version = api.version or V1_0

        async def groups() -> tuple[Group, ...]:
            return await api.list_groups() if version >= V1_2 else ()

        async def spot_sources() -> tuple[int, ...]:
            if version < V1_3:
                return (0,)
            return tuple(m.image_source for m in await api.list_spot_meters() if m.active)

        async def presets() -> dict[int, PtzPreset]:
            if not self.has_ptz:
                return {}
            return {p.number: p for p in await optional(self.device.ptz.presets(), ())}

        capabilities, areas, group_list, sources, preset_map, ports = await asyncio.gather(
            api.get_capabilities(),
            api.list_areas(),
            groups(),
            spot_sources(),
            presets(),
            optional(self.device.params.io_ports(), ((), ())),
        )
        _LOGGER.debug(
            "%s: %d areas, %d groups, spot meters on %s, %d presets, scale %s",
            self.name,
            len(areas),
            len(group_list),
            sources,
            len(preset_map),
            capabilities.temperature_scale,
        )
        return ThermometryConfig(
            capabilities=capabilities,
            areas={area.id: area for area in areas},
            groups={group.id: group for group in group_list},
            spot_sources=sources,
            presets=preset_map,
            inputs=ports[0],
            outputs=ports[1],
        )

    async def _read_status(self, config: ThermometryConfig) -> ThermometryData:
        """One poll: every read concurrently, so a cycle lasts as long as its slowest call."""
        api = self.device.thermometry
        io = self.device.io
        version = api.version or V1_0

        async def groups() -> tuple[GroupStatus, ...]:
            return await api.get_group_status() if version >= V1_2 else ()

        async def spot(source: int) -> SpotTemperature:
            return await api.get_spot_temperature(image_source=source if version >= V1_3 else None)

        async def spots() -> dict[int, SpotTemperature]:
            readings = await asyncio.gather(*(spot(s) for s in config.spot_sources))
            return dict(zip(config.spot_sources, readings, strict=True))

        async def position() -> PtzPosition | None:
            return await optional(self.device.ptz.position(), None) if config.presets else None

        async def outputs() -> dict[int, bool]:
            ports = [port.number for port in config.outputs]
            return await optional(io.check_outputs(ports), {}) if ports else {}

        async def inputs() -> dict[int, bool]:
            ports = [port.number for port in config.inputs]
            return await optional(io.check_inputs(ports), {}) if ports and self.poll_inputs else {}

        areas, group_status, readings, where, output_states, input_states = await asyncio.gather(
            api.get_area_status(), groups(), spots(), position(), outputs(), inputs()
        )
        return ThermometryData(
            config=config,
            area_status={s.id: s for s in areas},
            group_status={s.id: s for s in group_status},
            spots=readings,
            position=where,
            outputs=output_states,
            inputs=input_states,
        )

    def expect_restart(self) -> None:
        """The camera is restarting: be unavailable quietly until it answers again."""
        self._restart_deadline = time.monotonic() + RESTART_GRACE.total_seconds()
        self.last_update_success = False  # so the outage is not logged as an error
        self.async_update_listeners()

    async def _async_update_data(self) -> ThermometryData:
        try:
            config = self._config
            if config is None or self._refresh_config or configuration_due(config.read_at):
                config = await self._read_configuration()
                self._refresh_config = False
            data = await self._read_status(config)
            if (
                not data.area_status.keys() <= config.areas.keys()
                or not data.group_status.keys() <= config.groups.keys()
            ):
                _LOGGER.debug("%s: status names unknown areas or groups; re-reading", self.name)
                data = replace(data, config=await self._read_configuration())
        except VapixError as err:
            if self._restart_deadline is not None:
                if time.monotonic() < self._restart_deadline:
                    raise UpdateFailed(
                        translation_domain=DOMAIN, translation_key="restarting"
                    ) from err
                _LOGGER.warning("%s has not come back since it was restarted", self.name)
                self._restart_deadline = None
            raise self.translate_error(err) from err
        self._restart_deadline = None
        if self._permission_issue:
            self._permission_issue = False
            ir.async_delete_issue(
                self.hass, DOMAIN, f"insufficient_permissions_{self.config_entry.entry_id}"
            )
        if self._config is not None and self._renamed(self._config, data.config):
            # Entity names come from area/group names; a reload renames them everywhere.
            self.hass.config_entries.async_schedule_reload(self.config_entry.entry_id)
        self._config = data.config
        return data

    @staticmethod
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

    # ------------------------------------------------------------------ errors

    def translate_error(self, err: VapixError) -> Exception:
        """Map a client error to what Home Assistant expects from a coordinator."""
        if isinstance(err, VapixAuthenticationError):
            return ConfigEntryAuthFailed(
                translation_domain=DOMAIN, translation_key="authentication_failed"
            )
        if isinstance(err, VapixAuthorizationError):
            self._permission_issue = True
            ir.async_create_issue(
                self.hass,
                DOMAIN,
                f"insufficient_permissions_{self.config_entry.entry_id}",
                is_fixable=False,
                severity=ir.IssueSeverity.ERROR,
                translation_key="insufficient_permissions",
                translation_placeholders={
                    "name": self.config_entry.title,
                    "username": str(self.config_entry.data[CONF_USERNAME]),
                },
            )
            return UpdateFailed(
                translation_domain=DOMAIN, translation_key="insufficient_permissions"
            )
        if isinstance(err, VapixNotSupportedError):
            return UpdateFailed(
                translation_domain=DOMAIN,
                translation_key="not_supported",
                translation_placeholders={"error": str(err)},
            )
        return UpdateFailed(
            translation_domain=DOMAIN,
            translation_key="communication_error",
            translation_placeholders={"error": str(err)},
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class DayNightChannel:
    """One DayNight channel: what it supports and how it is set."""

    capabilities: DayNightCapabilities
    configuration: DayNightConfiguration


@dataclass(frozen=True, slots=True, kw_only=True)
class CameraSettings:
    """Camera-wide settings Home Assistant can change; ``None``/empty where absent."""

    isotherm: IsothermLevels
    palette: str | None
    palettes: tuple[str, ...]
    daynight: Mapping[int, DayNightChannel]
    tgt: TgtConfiguration | None


class SettingsCoordinator(DataUpdateCoordinator[CameraSettings]):
    """Isotherm levels, palette, DayNight and guard tour settings.

    Read on setup, after every write from Home Assistant and every
    :data:`SETTINGS_REFRESH`; nothing here changes by itself, so nothing is polled faster.
    Features the camera lacks (or the user may not read: the guard tour needs an
    administrator) are left out rather than failing the rest.
    """

    config_entry: AxisThermometryConfigEntry

    def __init__(
        self,
        hass: HomeAssistant,
        entry: AxisThermometryConfigEntry,
        thermometry: ThermometryCoordinator,
    ) -> None:
        """Read settings of the camera ``thermometry`` polls."""
        super().__init__(
            hass,
            _LOGGER,
            config_entry=entry,
            name=f"{entry.title} settings",
            update_interval=SETTINGS_REFRESH,
            always_update=False,
        )
        self.thermometry = thermometry
        self.device = thermometry.device

    async def _async_update_data(self) -> CameraSettings:
        version = self.device.thermometry.version or V1_0

        async def daynight() -> dict[int, DayNightChannel]:
            if DAYNIGHT not in self.thermometry.apis:
                return {}
            api = self.device.daynight
            capabilities, configurations = await asyncio.gather(
                api.get_capabilities(), api.get_configuration()
            )
            by_channel = {c.channel: c for c in configurations}
            return {
                c.channel: DayNightChannel(capabilities=c, configuration=by_channel[c.channel])
                for c in capabilities
                if c.channel in by_channel
            }

        async def tgt() -> TgtConfiguration | None:
            if version < V1_1 or not self.thermometry.has_ptz:
                return None
            return await optional(self.device.thermometry.get_tgt_configuration(), None)

        try:
            isotherm, palette, palettes, channels, guard_tour = await asyncio.gather(
                self.device.thermometry.get_isotherm_levels(),
                optional(self.device.params.palette(), None),
                optional(self.device.params.palettes(), ()),
                daynight(),
                tgt(),
            )
        except VapixError as err:
            raise self.thermometry.translate_error(err) from err
        return CameraSettings(
            isotherm=isotherm,
            palette=palette,
            palettes=palettes,
            daynight=channels,
            tgt=guard_tour,
        )
