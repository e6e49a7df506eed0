"""Diagnostics download: configuration and readings, with credentials and identifiers redacted."""

from dataclasses import asdict
from typing import Any

from homeassistant.components.diagnostics import async_redact_data
from homeassistant.const import CONF_HOST, CONF_PASSWORD, CONF_USERNAME
from homeassistant.core import HomeAssistant

from .coordinator import AxisThermometryConfigEntry
from .exacq_coordinator import ExacqConfigEntry, is_exacq

TO_REDACT = {
    CONF_PASSWORD,
    CONF_USERNAME,
    CONF_HOST,
    "serial_number",
    "mac_address",
    "unique_id",
    "configuration_url",
    "serial",
}


def _entry(entry: AxisThermometryConfigEntry | ExacqConfigEntry) -> dict[str, Any]:
    return {
        "title": entry.title,
        "unique_id": entry.unique_id,
        "data": dict(entry.data),
        "options": dict(entry.options),
    }


def _exacq_diagnostics(entry: ExacqConfigEntry) -> dict[str, Any]:
    coordinator = entry.runtime_data.coordinator
    data = coordinator.data
    inventory = data.inventory
    return {
        "entry": _entry(entry),
        "server": asdict(inventory.server),
        "last_update_success": coordinator.last_update_success,
        "logins": entry.runtime_data.client.logins,
        "cameras": [asdict(camera) for camera in inventory.cameras.values()],
        "presets": {
            camera_id: [asdict(preset) for preset in presets]
            for camera_id, presets in inventory.presets.items()
        },
        "soft_triggers": [asdict(trigger) for trigger in inventory.triggers.values()],
        "camera_status": {
            camera_id: asdict(status) for camera_id, status in data.status.cameras.items()
        },
        "trigger_status": dict(data.status.triggers),
        "active_events": [asdict(event) for event in data.events],
    }


async def async_get_config_entry_diagnostics(
    hass: HomeAssistant, entry: AxisThermometryConfigEntry | ExacqConfigEntry
) -> dict[str, Any]:
    """Everything worth knowing to debug a camera or server, minus secrets and identifiers."""
    if is_exacq(entry):
        return async_redact_data(_exacq_diagnostics(entry), TO_REDACT)
    coordinator = entry.runtime_data.coordinator
    device = entry.runtime_data.device
    data = coordinator.data
    config = data.config
    return async_redact_data(
        {
            "entry": _entry(entry),
            "device": asdict(coordinator.identity),
            "thermometry_api_version": str(device.thermometry.version),
            "parameter_api": "legacy getparam/setparam" if device.params.legacy else "param.cgi",
            "last_update_success": coordinator.last_update_success,
            "capabilities": asdict(config.capabilities),
            "areas": [asdict(area) for area in config.areas.values()],
            "groups": [asdict(group) for group in config.groups.values()],
            "spot_sources": list(config.spot_sources),
            "area_status": [asdict(status) for status in data.area_status.values()],
            "group_status": [asdict(status) for status in data.group_status.values()],
            "spots": {source: asdict(spot) for source, spot in data.spots.items()},
        },
        TO_REDACT,
    )
