"""Buttons: go to each PTZ preset, go home, restart the camera; exacqVision camera presets."""

from homeassistant.components.button import ButtonDeviceClass, ButtonEntity, ButtonEntityDescription
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .coordinator import (
    AxisThermometryConfigEntry,
    AxisThermometryRuntime,
    ExacqCoordinator,
    is_exacq,
)
from .entity import AxisThermometryEntity, ResourceEntity, async_add_resource_entities
from .errors import async_write, translated_errors
from .exacq import Camera, PtzPreset
from .exacq_entity import ExacqCameraEntity, async_add_exacq_entities

PARALLEL_UPDATES = 1

GOTO_PRESET = ButtonEntityDescription(key="goto", translation_key="goto_preset")
HOME = ButtonEntityDescription(key="ptz_home", translation_key="ptz_home")
RESTART = ButtonEntityDescription(
    key="restart", device_class=ButtonDeviceClass.RESTART, entity_category=EntityCategory.CONFIG
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: AxisThermometryConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the restart button, and on PTZ cameras home and one button per preset.

    For an exacqVision server: a button per mechanical PTZ preset of each camera.
    """
    if is_exacq(entry):
        server = entry.runtime_data.coordinator
        inventory = server.inventory
        async_add_exacq_entities(
            entry,
            async_add_entities,
            (
                ExacqPresetButton(server, inventory.cameras[camera_id], preset)
                for camera_id, presets in inventory.presets.items()
                for preset in presets
            ),
        )
        return
    async_add_entities([RestartButton(entry.runtime_data, RESTART)])
    async_add_resource_entities(
        entry,
        async_add_entities,
        {
            "preset": lambda runtime, number: [PresetButton(runtime, GOTO_PRESET, number)],
            "ptz": lambda runtime, _: [HomeButton(runtime, HOME)],
        },
    )


class PresetButton(ResourceEntity, ButtonEntity):
    """Go to a server preset; named after it, following renames on the camera.

    Disabled by default: the PTZ preset select does the same from one entity.
    """

    _attr_entity_registry_enabled_default = False

    def __init__(
        self, runtime: AxisThermometryRuntime, description: ButtonEntityDescription, number: int
    ) -> None:
        """Name the button after the preset."""
        super().__init__(runtime, description, ("preset", number))
        preset = runtime.configuration.data.presets[number]
        self._attr_translation_placeholders = {"preset": preset.name}

    @property
    def available(self) -> bool:
        """While the camera answers and still has the preset."""
        return super().available and self.resource_id in self.config.presets

    async def async_press(self) -> None:
        """Move there; areas of that preset become available on the re-read."""
        await async_write(
            self.device.ptz.goto_preset(self.resource_id), self.readings.async_refresh
        )


class HomeButton(AxisThermometryEntity, ButtonEntity):
    """Go to the home position."""

    async def async_press(self) -> None:
        """Move home."""
        await async_write(self.device.ptz.home(), self.readings.async_refresh)


class RestartButton(AxisThermometryEntity, ButtonEntity):
    """Restart the camera; Home Assistant waits out the restart quietly."""

    @property
    def available(self) -> bool:
        """A restart can be asked for whenever the entry is loaded."""
        return True

    async def async_press(self) -> None:
        """Ask the camera to restart (administrator)."""
        await async_write(self.device.media.restart())
        self.readings.expect_restart()


class ExacqPresetButton(ExacqCameraEntity, ButtonEntity):
    """Move a camera recorded by an exacqVision server to a mechanical PTZ preset."""

    def __init__(self, coordinator: ExacqCoordinator, camera: Camera, preset: PtzPreset) -> None:
        """Name the button after the preset."""
        super().__init__(coordinator, GOTO_PRESET, camera, f"preset_{preset.preset_id}")
        self.preset = preset
        self._attr_translation_placeholders = {"preset": preset.name}

    async def async_press(self) -> None:
        """Ask the server to move the camera there."""
        async with translated_errors():
            await self.coordinator.client.apply_preset(self.camera.camera_id, self.preset.preset_id)
