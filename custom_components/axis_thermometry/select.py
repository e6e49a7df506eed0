"""Selects: temperature scale, palette, and the PTZ preset the camera stands on."""

from collections.abc import Iterable

from homeassistant.components.select import SelectEntity, SelectEntityDescription
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .capability import Capability
from .coordinator import CameraConfigEntry
from .entity import AxisThermometryEntity, ConfigEntity, async_add_resource_entities
from .errors import async_write
from .models import POSITION, Resource
from .vapix import TemperatureScale

PARALLEL_UPDATES = 1

SCALE = SelectEntityDescription(
    key="temperature_scale",
    translation_key="temperature_scale",
    options=[str(scale) for scale in TemperatureScale],
)
PALETTE = SelectEntityDescription(key="palette", translation_key="palette")
PTZ_PRESET = SelectEntityDescription(key="ptz_preset", translation_key="ptz_preset")


async def async_setup_entry(
    hass: HomeAssistant,
    entry: CameraConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the scale select, and the palette select once the camera lists its palettes."""
    async_add_entities([TemperatureScaleSelect(entry.runtime_data, SCALE)])
    async_add_resource_entities(
        entry,
        async_add_entities,
        {
            "palette": lambda runtime, _: [PaletteSelect(runtime, PALETTE)],
            "ptz": lambda runtime, _: [PtzPresetSelect(runtime, PTZ_PRESET)],
        },
    )


class TemperatureScaleSelect(ConfigEntity, SelectEntity):
    """Celsius or Fahrenheit: the scale the camera measures, alarms and reports in."""

    capabilities = (Capability.LIMITS,)

    @property
    def current_option(self) -> str:
        """The camera's current scale."""
        return str(self.config.scale)

    async def async_select_option(self, option: str) -> None:
        """Switch the scale; every temperature entity follows on the re-read that follows."""
        await self.async_write_setting(
            self.device.thermometry.set_temperature_scale(TemperatureScale(option))
        )


class PaletteSelect(ConfigEntity, SelectEntity):
    """The image palette; isotherm palettes (``Iso-…``) use the isotherm levels."""

    capabilities = (Capability.PALETTE,)

    @property
    def options(self) -> list[str]:
        """The palettes the camera defines."""
        return list(self.config.palettes)

    @property
    def current_option(self) -> str | None:
        """The palette in use."""
        return self.config.palette

    async def async_select_option(self, option: str) -> None:
        """Switch the palette (needs an administrator)."""
        await self.async_write_setting(self.device.params.set_palette(option))


class PtzPresetSelect(AxisThermometryEntity, SelectEntity):
    """The preset the PTZ camera stands on (unknown between presets); choosing one moves it.

    Options are the presets' names (a name the camera uses twice gets its number added).
    """

    capabilities = (Capability.PTZ,)

    def resources(self) -> Iterable[Resource]:
        """The camera's position."""
        return (POSITION,)

    def _presets(self) -> dict[str, int]:
        presets = sorted(self.config.presets.values(), key=lambda p: p.number)
        names = [preset.name for preset in presets]
        return {
            (
                preset.name if names.count(preset.name) == 1 else f"{preset.name} ({preset.number})"
            ): preset.number
            for preset in presets
        }

    @property
    def options(self) -> list[str]:
        """The camera's presets, by name."""
        return list(self._presets())

    @property
    def current_option(self) -> str | None:
        """The preset whose stored position the camera is at."""
        current = self.readings.current_preset(self.config)
        if current is None:
            return None
        return next(
            (name for name, number in self._presets().items() if number == current.number),
            None,
        )

    async def async_select_option(self, option: str) -> None:
        """Move the camera to the preset; its areas are measured from the next poll."""
        await async_write(
            self.device.ptz.goto_preset(self._presets()[option]), self.readings.async_refresh
        )
