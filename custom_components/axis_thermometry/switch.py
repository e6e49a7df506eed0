"""Switches: isotherm palette overlay, per-area enabled, DayNight autotune, guard tour."""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from typing import Any

from homeassistant.components.switch import SwitchEntity, SwitchEntityDescription
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .const import DOMAIN
from .coordinator import (
    AxisThermometryConfigEntry,
    CameraSettings,
    SettingsCoordinator,
    ThermometryCoordinator,
)
from .entity import (
    AreaSettingEntity,
    AxisThermometryEntity,
    SettingsEntity,
    async_add_resource_entities,
)
from .helpers import async_write
from .vapix import AxisDevice, TgtConfiguration

PARALLEL_UPDATES = 1


@dataclass(frozen=True, kw_only=True)
class SettingSwitchEntityDescription(SwitchEntityDescription):
    """A camera-wide on/off setting."""

    exists_fn: Callable[[CameraSettings], bool]
    value_fn: Callable[[CameraSettings], bool]
    available_fn: Callable[[CameraSettings], bool] = lambda _: True
    set_fn: Callable[[AxisDevice, CameraSettings, bool], Awaitable[Any]]


def _tgt(settings: CameraSettings) -> TgtConfiguration:
    if settings.tgt is None:  # the guard tour could not be read at the last refresh
        raise HomeAssistantError(translation_domain=DOMAIN, translation_key="setting_unknown")
    return settings.tgt


SETTING_SWITCHES: tuple[SettingSwitchEntityDescription, ...] = (
    SettingSwitchEntityDescription(
        key="isotherm_overlay",
        translation_key="isotherm_overlay",
        exists_fn=lambda _: True,
        value_fn=lambda s: s.isotherm.render_overlay,
        set_fn=lambda device, s, on: device.thermometry.set_isotherm_levels(
            replace(s.isotherm, render_overlay=on)
        ),
    ),
    SettingSwitchEntityDescription(
        key="tgt_pause_on_alarm",
        translation_key="tgt_pause_on_alarm",
        exists_fn=lambda s: s.tgt is not None,
        value_fn=lambda s: s.tgt is not None and s.tgt.pause_on_alarm,
        set_fn=lambda device, s, on: device.thermometry.set_tgt_configuration(
            replace(_tgt(s), pause_on_alarm=on)
        ),
    ),
    SettingSwitchEntityDescription(
        key="tgt_auto_resume",
        translation_key="tgt_auto_resume",
        exists_fn=lambda s: s.tgt is not None,
        value_fn=lambda s: s.tgt is not None and s.tgt.auto_resume,
        # "Only valid if pauseOnAlarm is true."
        available_fn=lambda s: s.tgt is not None and s.tgt.pause_on_alarm,
        set_fn=lambda device, s, on: device.thermometry.set_tgt_configuration(
            replace(_tgt(s), auto_resume=on)
        ),
    ),
)
# The 2002 API cannot tell how many virtual inputs a camera has; Axis cameras have at least 8.
VIRTUAL_INPUTS = 8
AREA_ENABLED = SwitchEntityDescription(key="enabled", translation_key="area_enabled")
AUTOTUNE = SwitchEntityDescription(key="autotune", translation_key="autotune")


async def async_setup_entry(
    hass: HomeAssistant,
    entry: AxisThermometryConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the switches the camera supports, and one per area to enable it."""
    settings = entry.runtime_data.settings
    entities: list[SwitchEntity] = [
        SettingSwitch(settings, description)
        for description in SETTING_SWITCHES
        if description.exists_fn(settings.data)
    ]
    entities.extend(
        AutotuneSwitch(settings, channel_id)
        for channel_id, channel in settings.data.daynight.items()
        if channel.capabilities.autotune_support
    )
    coordinator = entry.runtime_data.coordinator
    entities.extend(
        RelayOutputSwitch(coordinator, port.number, port.name)
        for port in coordinator.data.config.outputs
    )
    entities.extend(
        VirtualInputSwitch(coordinator, number) for number in range(1, VIRTUAL_INPUTS + 1)
    )
    async_add_entities(entities)
    async_add_resource_entities(
        entry,
        async_add_entities,
        {
            "area": lambda coordinator, area_id: [
                AreaEnabledSwitch(coordinator, AREA_ENABLED, area_id)
            ]
        },
    )


class SettingSwitch(SettingsEntity, SwitchEntity):
    """A camera-wide on/off setting."""

    entity_description: SettingSwitchEntityDescription

    @property
    def available(self) -> bool:
        """Unavailable while the setting has no effect."""
        return super().available and self.entity_description.available_fn(self.coordinator.data)

    @property
    def is_on(self) -> bool:
        """The setting in force."""
        return self.entity_description.value_fn(self.coordinator.data)

    async def async_turn_on(self, **kwargs: Any) -> None:
        """Turn the setting on."""
        await self._set(True)

    async def async_turn_off(self, **kwargs: Any) -> None:
        """Turn the setting off."""
        await self._set(False)

    async def _set(self, on: bool) -> None:
        await self.async_write_setting(
            self.entity_description.set_fn(self.thermometry.device, self.coordinator.data, on)
        )


class AutotuneSwitch(SettingsEntity, SwitchEntity):
    """DayNight autotune of one channel (it then controls the night-to-day level)."""

    def __init__(self, settings: SettingsCoordinator, channel: int) -> None:
        """Name the switch after its channel."""
        super().__init__(settings, AUTOTUNE, f"daynight_{channel}_autotune")
        self.channel = channel
        self._attr_translation_placeholders = {"channel": str(channel)}

    @property
    def available(self) -> bool:
        """Available while the channel is reported."""
        return super().available and self.channel in self.coordinator.data.daynight

    @property
    def is_on(self) -> bool:
        """Whether autotune is on."""
        channel = self.coordinator.data.daynight.get(self.channel)
        return bool(channel and channel.configuration.autotune)

    async def async_turn_on(self, **kwargs: Any) -> None:
        """Turn autotune on."""
        await self._set(True)

    async def async_turn_off(self, **kwargs: Any) -> None:
        """Turn autotune off (the night-to-day level becomes settable)."""
        await self._set(False)

    async def _set(self, on: bool) -> None:
        await self.async_write_setting(
            self.thermometry.device.daynight.set_configuration(self.channel, autotune=on)
        )


class AreaEnabledSwitch(AreaSettingEntity, SwitchEntity):
    """Whether the camera monitors an area."""

    @property
    def is_on(self) -> bool:
        """Whether the area is enabled."""
        return self.area_config.enabled

    async def async_turn_on(self, **kwargs: Any) -> None:
        """Enable the area."""
        await self.async_update_area(enabled=True)

    async def async_turn_off(self, **kwargs: Any) -> None:
        """Disable the area (its measurements become unavailable)."""
        await self.async_update_area(enabled=False)


class RelayOutputSwitch(AxisThermometryEntity, SwitchEntity):
    """A relay output; its state is read back from the camera after every switch."""

    def __init__(self, coordinator: ThermometryCoordinator, port: int, name: str | None) -> None:
        """Name the switch after the port's name on the camera, where it has one."""
        description = SwitchEntityDescription(
            key=f"output_{port}", translation_key="output_named" if name else "output"
        )
        super().__init__(coordinator, description)
        self.port = port
        self._attr_translation_placeholders = {"name": name or "", "number": str(port)}

    @property
    def available(self) -> bool:
        """Available while the camera reports the output's state."""
        return super().available and self.port in self.coordinator.data.outputs

    @property
    def is_on(self) -> bool | None:
        """Whether the relay is active, as the camera last reported."""
        return self.coordinator.data.outputs.get(self.port)

    async def async_turn_on(self, **kwargs: Any) -> None:
        """Activate the relay."""
        await self._set(True)

    async def async_turn_off(self, **kwargs: Any) -> None:
        """Deactivate the relay."""
        await self._set(False)

    async def _set(self, on: bool) -> None:
        await async_write(
            self.coordinator.device.io.set_output(self.port, on), self.coordinator.async_refresh
        )
        if self.coordinator.data.outputs.get(self.port) is not on:
            raise HomeAssistantError(
                translation_domain=DOMAIN,
                translation_key="output_not_confirmed",
                translation_placeholders={"entity": self.entity_id},
            )

    async def async_pulse(self, duration: int) -> None:
        """Activate the relay for ``duration`` milliseconds (the camera times it)."""
        await async_write(
            self.coordinator.device.io.pulse_output(self.port, duration),
            self.coordinator.async_refresh,
        )


class VirtualInputSwitch(AxisThermometryEntity, SwitchEntity):
    """A virtual input, for the camera's action rules.

    The API cannot read a virtual input back, so the state is assumed from the last change
    made here. Disabled by default.
    """

    _attr_assumed_state = True
    _attr_entity_registry_enabled_default = False

    def __init__(self, coordinator: ThermometryCoordinator, number: int) -> None:
        """Number the virtual input as the camera does (1-based)."""
        super().__init__(
            coordinator,
            SwitchEntityDescription(key=f"virtual_input_{number}", translation_key="virtual_input"),
        )
        self.number = number
        self._attr_translation_placeholders = {"number": str(number)}
        self._attr_is_on = None

    async def async_turn_on(self, **kwargs: Any) -> None:
        """Activate the virtual input."""
        await self._set(True)

    async def async_turn_off(self, **kwargs: Any) -> None:
        """Deactivate the virtual input."""
        await self._set(False)

    async def _set(self, on: bool) -> None:
        await async_write(self.coordinator.device.io.set_virtual_input(self.number, on))
        self._attr_is_on = on
        self.async_write_ha_state()
