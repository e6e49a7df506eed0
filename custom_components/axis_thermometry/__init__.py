"""The Axis Thermometry integration: Axis temperature-calibrated thermal cameras."""

from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import config_validation as cv
from homeassistant.helpers.typing import ConfigType

from .const import DOMAIN
from .coordinator import (
    AxisThermometryConfigEntry,
    AxisThermometryRuntime,
    SettingsCoordinator,
    ThermometryCoordinator,
    create_device,
)
from .entity import async_prune_entities
from .inputs import InputMonitor
from .services import async_setup_services

CONFIG_SCHEMA = cv.config_entry_only_config_schema(DOMAIN)

PLATFORMS: list[Platform] = [
    Platform.BINARY_SENSOR,
    Platform.BUTTON,
    Platform.CAMERA,
    Platform.NUMBER,
    Platform.SELECT,
    Platform.SENSOR,
    Platform.SWITCH,
]


async def async_setup(hass: HomeAssistant, config: ConfigType) -> bool:
    """Register the service actions; cameras are added as config entries from the UI."""
    async_setup_services(hass)
    return True


async def async_setup_entry(hass: HomeAssistant, entry: AxisThermometryConfigEntry) -> bool:
    """Connect to the camera, read it once, and create its entities."""
    device = create_device(hass, entry.data)
    coordinator = ThermometryCoordinator(hass, entry, device)
    await coordinator.async_config_entry_first_refresh()
    settings = SettingsCoordinator(hass, entry, coordinator)
    await settings.async_config_entry_first_refresh()
    inputs = InputMonitor(hass, coordinator)
    entry.runtime_data = AxisThermometryRuntime(
        device=device, coordinator=coordinator, settings=settings, inputs=inputs
    )
    # Registered before the platforms so removed areas leave before their entities update.
    async_prune_entities(hass, entry)
    await hass.config_entries.async_forward_entry_setups(entry, PLATFORMS)
    inputs.start(entry)
    return True


async def async_unload_entry(hass: HomeAssistant, entry: AxisThermometryConfigEntry) -> bool:
    """Unload the platforms; the coordinator stops with its last listener."""
    return await hass.config_entries.async_unload_platforms(entry, PLATFORMS)
