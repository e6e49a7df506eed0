"""Selects: temperature scale and palette."""

from homeassistant.components.select import SelectEntity, SelectEntityDescription
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .coordinator import AxisThermometryConfigEntry
from .entity import SettingsEntity
from .helpers import async_write
from .vapix import TemperatureScale

PARALLEL_UPDATES = 1

SCALE = SelectEntityDescription(
    key="temperature_scale",
    translation_key="temperature_scale",
    options=[str(scale) for scale in TemperatureScale],
)
PALETTE = SelectEntityDescription(key="palette", translation_key="palette")


async def async_setup_entry(
    hass: HomeAssistant,
    entry: AxisThermometryConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the scale select, and the palette select where the camera lists its palettes."""
    settings = entry.runtime_data.settings
    entities: list[SelectEntity] = [TemperatureScaleSelect(settings, SCALE)]
    if settings.data.palettes:
        entities.append(PaletteSelect(settings, PALETTE))
    async_add_entities(entities)


class TemperatureScaleSelect(SettingsEntity, SelectEntity):
    """Celsius or Fahrenheit: the scale the camera measures, alarms and reports in."""

    @property
    def current_option(self) -> str:
        """The camera's current scale."""
        return str(self.thermometry.data.config.scale)

    async def async_select_option(self, option: str) -> None:
        """Switch the scale; every temperature entity follows on the re-read that follows."""
        await async_write(
            self.thermometry.device.thermometry.set_temperature_scale(TemperatureScale(option)),
            self.thermometry.async_reread_configuration,
            self.coordinator.async_refresh,
        )

    async def async_added_to_hass(self) -> None:
        """Also follow the measurement coordinator, where the scale lives."""
        await super().async_added_to_hass()
        self.async_on_remove(self.thermometry.async_add_listener(self._handle_coordinator_update))


class PaletteSelect(SettingsEntity, SelectEntity):
    """The image palette; isotherm palettes (``Iso-…``) use the isotherm levels."""

    @property
    def options(self) -> list[str]:
        """The palettes the camera defines."""
        return list(self.coordinator.data.palettes)

    @property
    def current_option(self) -> str | None:
        """The palette in use."""
        return self.coordinator.data.palette

    async def async_select_option(self, option: str) -> None:
        """Switch the palette (needs an administrator)."""
        await self.async_write_setting(self.thermometry.device.params.set_palette(option))
