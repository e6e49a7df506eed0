"""Selects: temperature scale and palette."""

from homeassistant.components.select import SelectEntity, SelectEntityDescription
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .capability import Capability
from .coordinator import AxisThermometryConfigEntry
from .entity import ConfigEntity, async_add_resource_entities
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
    """Add the scale select, and the palette select once the camera lists its palettes."""
    coordinator = entry.runtime_data.coordinator
    async_add_entities([TemperatureScaleSelect(coordinator, SCALE)])
    async_add_resource_entities(
        entry,
        async_add_entities,
        {"palette": lambda coordinator, _: [PaletteSelect(coordinator, PALETTE)]},
    )


class TemperatureScaleSelect(ConfigEntity, SelectEntity):
    """Celsius or Fahrenheit: the scale the camera measures, alarms and reports in."""

    capabilities = (Capability.LIMITS,)

    @property
    def current_option(self) -> str:
        """The camera's current scale."""
        return str(self.coordinator.data.config.scale)

    async def async_select_option(self, option: str) -> None:
        """Switch the scale; every temperature entity follows on the re-read that follows."""
        await self.async_write_setting(
            self.coordinator.device.thermometry.set_temperature_scale(TemperatureScale(option))
        )


class PaletteSelect(ConfigEntity, SelectEntity):
    """The image palette; isotherm palettes (``Iso-…``) use the isotherm levels."""

    capabilities = (Capability.PALETTE,)

    @property
    def options(self) -> list[str]:
        """The palettes the camera defines."""
        return list(self.coordinator.data.config.palettes)

    @property
    def current_option(self) -> str | None:
        """The palette in use."""
        return self.coordinator.data.config.palette

    async def async_select_option(self, option: str) -> None:
        """Switch the palette (needs an administrator)."""
        await self.async_write_setting(self.coordinator.device.params.set_palette(option))
