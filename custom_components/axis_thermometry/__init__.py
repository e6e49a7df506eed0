"""The Axis Thermometry integration: Axis thermal cameras and exacqVision recording servers."""

import asyncio
import logging

from homeassistant.const import CONF_SCAN_INTERVAL, EVENT_HOMEASSISTANT_STOP, Platform
from homeassistant.core import Event, HomeAssistant
from homeassistant.helpers import config_validation as cv, device_registry as dr
from homeassistant.helpers.typing import ConfigType

from .const import DOMAIN, SHUTDOWN_TIMEOUT
from .coordinator import (
    AxisThermometryConfigEntry,
    ExacqConfigEntry,
    ExacqCoordinator,
    ExacqRuntime,
    async_logout,
    create_exacq_client,
    create_runtime,
    is_exacq,
)
from .entity import async_prune_entities
from .event_stream import async_start_push
from .exacq_entity import async_prune_exacq
from .image import last_alarm_path, remove_last_alarm
from .issues import WRONG_DEVICE, async_clear_issue, async_clear_issues
from .recording_view import RecordingView
from .recordings import async_setup_recorded_frame
from .services import async_setup_services
from .vapix.event_stream import API_ID as EVENT_STREAM

_LOGGER = logging.getLogger(__name__)

CONFIG_SCHEMA = cv.config_entry_only_config_schema(DOMAIN)

PLATFORMS: list[Platform] = [
    Platform.BINARY_SENSOR,
    Platform.BUTTON,
    Platform.CAMERA,
    Platform.EVENT,
    Platform.IMAGE,
    Platform.NUMBER,
    Platform.SELECT,
    Platform.SENSOR,
    Platform.SWITCH,
]
EXACQ_PLATFORMS: list[Platform] = [
    Platform.BINARY_SENSOR,
    Platform.BUTTON,
    Platform.CAMERA,
    Platform.SWITCH,
]


async def async_setup(hass: HomeAssistant, config: ConfigType) -> bool:
    """Register the actions and the recordings' view; devices are added from the UI."""
    async_setup_services(hass)
    async_setup_recorded_frame(hass)
    hass.http.register_view(RecordingView(hass))
    return True


async def async_migrate_entry(hass: HomeAssistant, entry: AxisThermometryConfigEntry) -> bool:
    """Version 1 entries had a poll interval option: polling is fixed now, the option goes."""
    if entry.version > 2:
        return False  # a newer release's entry
    if entry.version == 1:
        options = {k: v for k, v in entry.options.items() if k != CONF_SCAN_INTERVAL}
        hass.config_entries.async_update_entry(entry, options=options, version=2)
        _LOGGER.debug("Migrated %s to version 2 (fixed polling)", entry.title)
    return True


async def async_setup_entry(hass: HomeAssistant, entry: AxisThermometryConfigEntry) -> bool:
    """Connect to the camera (or recording server), read it once, and create its entities."""
    if is_exacq(entry):
        entry.runtime_data = await _async_connect_recorder(hass, entry)
        _async_release_on_stop(hass, entry)
        await hass.config_entries.async_forward_entry_setups(entry, EXACQ_PLATFORMS)
        async_prune_exacq(hass, entry)
        return True
    entry.runtime_data = runtime = create_runtime(hass, entry)
    await runtime.configuration.async_config_entry_first_refresh()
    await runtime.readings.async_config_entry_first_refresh()
    # The camera answers at the entry's address (one that followed it by discovery, say):
    # a wrong-device issue from before the reload is over.
    async_clear_issue(hass, entry, WRONG_DEVICE)
    runtime.readings.stream.offered = EVENT_STREAM in (runtime.configuration.apis or {})
    await hass.config_entries.async_forward_entry_setups(entry, PLATFORMS)
    # After the platforms: every entity of a resource the camera lists is known by then.
    async_prune_entities(hass, entry)
    async_start_push(hass, entry)
    return True


async def _async_connect_recorder(hass: HomeAssistant, entry: ExacqConfigEntry) -> ExacqRuntime:
    """Log in and read the recording server once; its device before its cameras'."""
    client = create_exacq_client(hass, entry.data)
    coordinator = ExacqCoordinator(hass, entry, client)
    try:
        await coordinator.async_config_entry_first_refresh()
    except Exception:
        await async_logout(client)  # Home Assistant retries with a new session
        raise
    server = dr.async_get(hass).async_get_or_create(
        config_entry_id=entry.entry_id, **coordinator.server_device_info
    )
    coordinator.server_device_id = server.id
    return ExacqRuntime(client=client, coordinator=coordinator)


def _async_release_on_stop(hass: HomeAssistant, entry: ExacqConfigEntry) -> None:
    """Release held soft triggers and log out when Home Assistant stops (no unload then)."""

    async def _async_stop(event: Event) -> None:
        try:
            async with asyncio.timeout(SHUTDOWN_TIMEOUT):
                await entry.runtime_data.async_release_and_logout()
        except TimeoutError:
            _LOGGER.debug("%s did not answer while Home Assistant stopped", entry.title)

    entry.async_on_unload(hass.bus.async_listen(EVENT_HOMEASSISTANT_STOP, _async_stop))


async def async_unload_entry(hass: HomeAssistant, entry: AxisThermometryConfigEntry) -> bool:
    """Unload the platforms; the coordinators stop with the entry.

    An exacqVision server is logged out of once its soft triggers are released and the
    recordings being played have closed their searches.
    """
    if not is_exacq(entry):
        return await hass.config_entries.async_unload_platforms(entry, PLATFORMS)
    if unloaded := await hass.config_entries.async_unload_platforms(entry, EXACQ_PLATFORMS):
        await entry.runtime_data.async_stop_playing()
        await async_logout(entry.runtime_data.client)
    return unloaded


async def async_remove_entry(hass: HomeAssistant, entry: AxisThermometryConfigEntry) -> None:
    """A removed entry leaves no repair issue, and a camera no last alarm image, behind."""
    async_clear_issues(hass, entry)
    if not is_exacq(entry):
        await hass.async_add_executor_job(remove_last_alarm, last_alarm_path(hass, entry.entry_id))
