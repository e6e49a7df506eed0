"""Switches: isotherm palette overlay, per-area enabled, DayNight autotune, guard tour."""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from typing import Any

from homeassistant.components.switch import SwitchEntity, SwitchEntityDescription
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .const import DOMAIN
from .coordinator import AxisThermometryConfigEntry, CameraSettings, SettingsCoordinator
from .entity import AreaSettingEntity, SettingsEntity, async_add_resource_entities
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
