"""Diagnostics download: configuration, readings and health, with every identifier redacted.

Keys that hold credentials or identifiers are redacted by name, and every identifier's value
is then scrubbed wherever else it appears (a title built from a serial number, a URL with the
host, a name that repeats the serial): what support needs stays, what identifies a site goes.
"""

from collections.abc import Iterable
from dataclasses import asdict
import re
from typing import Any

from homeassistant.components.diagnostics import REDACTED, async_redact_data
from homeassistant.const import CONF_HOST, CONF_PASSWORD, CONF_USERNAME
from homeassistant.core import HomeAssistant

from .const import POLL_INTERVAL
from .coordinator import AxisThermometryConfigEntry, CameraConfigEntry, ExacqConfigEntry, is_exacq

TO_REDACT = {
    CONF_PASSWORD,
    CONF_USERNAME,
    CONF_HOST,
    "serial_number",
    "mac_address",
    "unique_id",
    "configuration_url",
    "serial",
    "title",
}


def _scrub(value: dict[str, Any], secrets: Iterable[str]) -> dict[str, Any]:
    """``value`` with every occurrence of each identifier replaced in its strings."""
    patterns = [re.escape(secret) for secret in sorted(set(secrets), key=len, reverse=True)]
    if not patterns:
        return value
    pattern = re.compile("|".join(patterns), re.IGNORECASE)

    def scrub(item: Any) -> Any:
        if isinstance(item, str):
            return pattern.sub(REDACTED, item)
        if isinstance(item, dict):
            return {key: scrub(inner) for key, inner in item.items()}
        if isinstance(item, list | tuple):
            return [scrub(inner) for inner in item]
        return item

    scrubbed: dict[str, Any] = scrub(value)
    return scrubbed


def _identifiers(entry: AxisThermometryConfigEntry, *more: str | None) -> set[str]:
    """The identifying values of an entry: its unique id and host, and ``more``.

    Credentials are redacted by their keys; they are not searched for inside other text,
    where a short password would match ordinary words.
    """
    values = {entry.unique_id, str(entry.data.get(CONF_HOST, "")), *more}
    found = {value for value in values if value and len(value) >= 4}
    # MAC-shaped serials also appear with separators.
    for value in list(found):
        if re.fullmatch(r"[0-9A-Fa-f]{12}", value):
            pairs = [value[i : i + 2] for i in range(0, 12, 2)]
            found |= {":".join(pairs), "-".join(pairs)}
    return found


def _entry(entry: AxisThermometryConfigEntry) -> dict[str, Any]:
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
        "poll_interval_s": POLL_INTERVAL.total_seconds(),
        "last_update_success": coordinator.last_update_success,
        "last_error": _error(coordinator.last_exception),
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


def _error(err: BaseException | None) -> str | None:
    """The last refresh's error in its own words (translated errors carry no secrets)."""
    return None if err is None else f"{type(err).__name__}: {err}"


def _camera_diagnostics(entry: CameraConfigEntry) -> dict[str, Any]:
    runtime = entry.runtime_data
    configuration, readings, device = runtime.configuration, runtime.readings, runtime.device
    config = configuration.data
    data = readings.data
    inputs = readings.inputs
    preset = readings.current_preset(config)
    return {
        "entry": _entry(entry),
        "device": asdict(configuration.identity) if configuration.identity else None,
        "apis": {api: str(version) for api, version in (configuration.apis or {}).items()},
        "thermometry_api_version": str(device.thermometry.version),
        "parameter_api": "legacy getparam/setparam" if device.params.legacy else "param.cgi",
        "io_api": "port management" if device.io.management else "io/*.cgi",
        "poll_interval_s": readings.poll_interval.total_seconds(),
        "poll_phase_s": readings.phase,
        "last_update_success": readings.last_update_success,
        "last_error": _error(readings.last_exception),
        "configuration_last_update_success": configuration.last_update_success,
        "configuration_last_error": _error(configuration.last_exception),
        "failing_capabilities": configuration.health.as_dict(),
        "capabilities": asdict(config.capabilities) if config.capabilities else None,
        "temperature_scale": str(config.scale),
        "areas": [asdict(area) for area in config.areas.values()],
        "groups": [asdict(group) for group in config.groups.values()],
        "spot_sources": list(config.spot_sources),
        "presets": [asdict(preset) for preset in config.presets.values()],
        "inputs": [asdict(port) for port in config.inputs],
        "outputs": [asdict(port) for port in config.outputs],
        "isotherm": asdict(config.isotherm) if config.isotherm else None,
        "palette": config.palette,
        "palettes": list(config.palettes),
        "daynight": {channel: asdict(state) for channel, state in config.daynight.items()},
        "guard_tour": asdict(config.tgt) if config.tgt else None,
        "area_status": [asdict(status) for status in data.area_status.values()],
        "group_status": [asdict(status) for status in data.group_status.values()],
        "spots": {source: asdict(spot) for source, spot in data.spots.items()},
        "position": asdict(data.position) if data.position else None,
        "current_preset": preset.name if preset else None,
        "measuring": {
            f"{kind}_{item_id}": {
                "measuring": reading.measuring,
                "measured_at": reading.measured_at.isoformat(),
            }
            for kind, shown in (("area", readings.areas), ("group", readings.groups))
            for item_id, reading in shown.items()
        },
        "unreadable": sorted(f"{kind}_{item_id}" for kind, item_id in data.unreadable),
        "output_states": dict(readings.outputs),
        "outputs_streamed": sorted(readings.streamed_outputs),
        "input_states": {
            "states": dict(inputs.states),
            "available": inputs.available,
            "source": "stream" if inputs.streaming else "polling",
            "reconnects": inputs.reconnects,
            "virtual": dict(inputs.virtual),
        },
        "event_stream": readings.stream.as_dict(),
    }


async def async_get_config_entry_diagnostics(
    hass: HomeAssistant, entry: AxisThermometryConfigEntry
) -> dict[str, Any]:
    """Everything worth knowing to debug a camera or server, minus secrets and identifiers."""
    if is_exacq(entry):
        server = entry.runtime_data.coordinator.data.inventory.server
        secrets = _identifiers(entry, server.serial, entry.runtime_data.client.session_id)
        return _scrub(async_redact_data(_exacq_diagnostics(entry), TO_REDACT), secrets)
    identity = entry.runtime_data.configuration.identity
    secrets = _identifiers(
        entry,
        identity.serial_number if identity else None,
        identity.mac_address if identity else None,
    )
    return _scrub(async_redact_data(_camera_diagnostics(entry), TO_REDACT), secrets)
