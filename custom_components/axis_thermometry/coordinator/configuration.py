"""The configuration coordinator: what a camera is and is configured to measure, read rarely.

Identity, API Discovery and the Thermometry version (negotiated once, in :meth:`_negotiate`),
then areas, groups, spot meters, presets, I/O ports and the camera-wide settings: every
:data:`~..const.CONFIGURATION_REFRESH`, after a change made from Home Assistant, and when the
readings name an area or group it does not list. Areas are the core; every other read is a
:class:`~..capability.Capability` that fails alone, keeping its last good value.

It also answers for who the camera is: another device at the address stops both coordinators
(a repair issue), a user without the rights raises one, wrong credentials start reauthentication.
"""

import asyncio
from collections.abc import Awaitable, Mapping
import logging
from typing import cast

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ConfigEntryAuthFailed, HomeAssistantError
from homeassistant.helpers.device_registry import CONNECTION_NETWORK_MAC, DeviceInfo
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator, UpdateFailed

from ..capability import Attempts, Capability, CapabilityHealth
from ..const import CONFIGURATION_REFRESH, DOMAIN, MANUFACTURER
from ..errors import ErrorKind, describe_vapix
from ..helpers import first_error
from ..issues import (
    INSUFFICIENT_PERMISSIONS,
    WrongDeviceError,
    async_clear_issue,
    async_report_insufficient_permissions,
    async_right_device,
    async_wrong_device,
)
from ..models import DayNightChannel, ThermometryConfig
from ..vapix import (
    DAYNIGHT,
    THERMOMETRY,
    ApiVersion,
    Area,
    AxisDevice,
    DeviceIdentity,
    Group,
    GuardTour,
    PtzPreset,
    VapixAuthenticationError,
    VapixError,
    VapixNotSupportedError,
)
from ..vapix.daynight import PROBED_CHANNELS
from ..vapix.io import IoPorts
from ..vapix.thermometry import NEWEST_KNOWN, V1_0, V1_1, V1_2

_LOGGER = logging.getLogger(__name__)


class ConfigurationCoordinator(DataUpdateCoordinator[ThermometryConfig]):
    """Read a camera's configuration and settings; know who answers at its address."""

    config_entry: ConfigEntry

    def __init__(
        self,
        hass: HomeAssistant,
        entry: ConfigEntry,
        device: AxisDevice,
        health: CapabilityHealth,
    ) -> None:
        """Read ``device`` every :data:`CONFIGURATION_REFRESH` and on demand."""
        super().__init__(
            hass,
            _LOGGER,
            config_entry=entry,
            name=entry.title,
            update_interval=CONFIGURATION_REFRESH,
            always_update=False,
        )
        self.device = device
        self.health = health
        self.identity: DeviceIdentity | None = None
        self.apis: Mapping[str, ApiVersion] | None = None
        self.wrong_serial: str | None = None  # of another device found at the address
        self.due = False  # a re-read was asked for: the next poll makes it
        self._daynight_channels: tuple[int, ...] = ()
        self._permission_issue = False

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

    async def async_check_identity(self, attempts: Attempts) -> None:
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

    # ------------------------------------------------------------------ failures

    def failure(self, group: BaseExceptionGroup[Exception]) -> Exception:
        """What a failed refresh of either coordinator raises, for its first error.

        Another device at the address raises the wrong-device repair issue (once); rejected
        credentials reauthentication; a user without the rights a repair issue.
        """
        err = first_error(group)
        if isinstance(err, WrongDeviceError):
            failure = async_wrong_device(
                self.hass, self.config_entry, err.serial, reported=self.wrong_serial
            )
            self.wrong_serial = err.serial
            return failure
        description = describe_vapix(cast(VapixError, err))
        if description.kind is ErrorKind.AUTHENTICATION:
            return ConfigEntryAuthFailed(**description.kwargs)
        if description.kind is ErrorKind.AUTHORIZATION:
            self._permission_issue = True
            async_report_insufficient_permissions(self.hass, self.config_entry)
            return UpdateFailed(
                translation_domain=DOMAIN, translation_key="insufficient_permissions"
            )
        return UpdateFailed(**description.kwargs)

    def raise_if_failed(self) -> None:
        """Fail a poll as the last configuration read failed (the camera answers no better)."""
        if self.last_update_success:
            return
        err = self.last_exception
        if isinstance(err, HomeAssistantError) and err.translation_key is not None:
            key, placeholders = err.translation_key, err.translation_placeholders or {}
        else:
            key, placeholders = "communication_error", {"error": type(err).__name__}
        kind = ConfigEntryAuthFailed if isinstance(err, ConfigEntryAuthFailed) else UpdateFailed
        raise kind(
            translation_domain=DOMAIN, translation_key=key, translation_placeholders=placeholders
        )

    def recovered(self) -> None:
        """The camera answered as itself: the repair issues of its outage are over."""
        async_right_device(self.hass, self.config_entry, self.wrong_serial)
        self.wrong_serial = None
        if self._permission_issue:
            self._permission_issue = False
            async_clear_issue(self.hass, self.config_entry, INSUFFICIENT_PERMISSIONS)

    # ------------------------------------------------------------------ the refresh

    async def _async_setup(self) -> None:
        """Negotiate, once on setup: API Discovery and the Thermometry version.

        A camera without API Discovery is probed for what it has instead. A version that
        cannot be asked for is API Discovery's, else 1.0 (a reload asks again).
        """
        attempts = Attempts()
        try:
            self.apis = await self.device.supported_apis()
            await self._negotiate(attempts)
        except VapixError as err:
            raise self.failure(ExceptionGroup("setup", [err])) from None
        attempts.record(self.health, at_configuration=True)

    async def _negotiate(self, attempts: Attempts) -> None:
        api = self.device.thermometry
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

    async def _async_update_data(self) -> ThermometryConfig:
        attempts = Attempts()
        previous = cast(ThermometryConfig | None, self.data)  # None before the first read
        try:
            await self.async_check_identity(attempts)
            config = await self._read(attempts, previous)
        except* (WrongDeviceError, VapixError) as group:
            raise self.failure(group) from None
        attempts.record(self.health, at_configuration=True)
        self.due = False
        self.recovered()
        if previous is not None and previous.renamed(config):
            # Entity names come from area/group/preset names; a reload renames them everywhere.
            self.hass.config_entries.async_schedule_reload(self.config_entry.entry_id)
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

    async def _read(
        self, attempts: Attempts, previous: ThermometryConfig | None
    ) -> ThermometryConfig:
        """Read everything that changes rarely, each capability on its own."""
        api = self.device.thermometry
        version = api.version or V1_0
        old = previous or ThermometryConfig(capabilities=None, areas={})
        run = attempts.run
        params = self.device.params

        async with asyncio.TaskGroup() as group:
            areas = group.create_task(
                # The core: without a first list the camera cannot load. Later, a list that
                # cannot be read leaves the areas as last listed (it never reads as "none").
                run(Capability.AREA_LIST, lambda: _by_id(api.list_areas()), old.areas)
                if previous is not None
                else _by_id(api.list_areas())
            )
            capabilities = group.create_task(
                run(Capability.LIMITS, api.get_capabilities, old.capabilities)
            )
            groups = group.create_task(
                run(Capability.GROUPS, lambda: _by_id(api.list_groups()), old.groups)
                if version >= V1_2
                else _value(old.groups)
            )
            spots = group.create_task(
                run(Capability.SPOT_METER, api.spot_sources, old.spot_sources)
            )
            presets = group.create_task(
                run(Capability.PTZ, self._presets, old.presets)
                if self.has_ptz is not False
                else _value({})
            )
            ports = group.create_task(
                run(
                    Capability.IO_PORTS,
                    self.device.io.ports,
                    IoPorts(inputs=old.inputs, outputs=old.outputs),
                )
            )
            isotherm = group.create_task(
                run(Capability.ISOTHERM, api.get_isotherm_levels, old.isotherm)
            )
            palette = group.create_task(run(Capability.PALETTE, params.palette, old.palette))
            palettes = group.create_task(
                # 2002 firmware (getparam/setparam) has no parameter definitions to list.
                run(Capability.PALETTE, params.palettes, old.palettes)
                if not params.legacy
                else _value(())
            )
            daynight = group.create_task(run(Capability.DAYNIGHT, self._daynight, old.daynight))
            tgt = group.create_task(
                run(Capability.GUARD_TOUR, api.get_tgt_configuration, old.tgt)
                if version >= V1_1 and self.has_ptz
                else _value(None)
            )
            tours = group.create_task(
                run(Capability.GUARD_TOUR, self._guard_tours, old.guard_tours)
                if self.has_ptz
                else _value({})
            )
        known = old.known | {
            capability for capability, error in attempts.errors.items() if error is None
        }
        return ThermometryConfig(
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


async def _value[T](value: T) -> T:
    return value


async def _by_id[T: Area | Group](read: Awaitable[tuple[T, ...]]) -> dict[int, T]:
    return {item.id: item for item in await read}
