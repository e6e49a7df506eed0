"""Diagnostics download: configuration and readings, with credentials and identifiers redacted."""

from dataclasses import asdict
from typing import Any

from homeassistant.components.diagnostics import async_redact_data
from homeassistant.const import CONF_HOST, CONF_PASSWORD, CONF_USERNAME
from homeassistant.core import HomeAssistant

from .coordinator import AxisThermometryConfigEntry

TO_REDACT = {
    CONF_PASSWORD,
    CONF_USERNAME,
    CONF_HOST,
    "serial_number",
    "mac_address",
    "unique_id",
    "configuration_url",
}


async def async_get_config_entry_diagnostics(
    hass: HomeAssistant, entry: AxisThermometryConfigEntry
) -> dict[str, Any]:
    """Everything worth knowing to debug a camera, minus secrets and identifiers."""
    coordinator = entry.runtime_data.coordinator
    device = entry.runtime_data.device
    data = coordinator.data
    config = data.config
    return async_redact_data(
        {
            "entry": {
                "title": entry.title,
                "unique_id": entry.unique_id,
                "data": dict(entry.data),
                "options": dict(entry.options),
            },
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
