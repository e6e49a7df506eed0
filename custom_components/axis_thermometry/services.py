"""Service actions: isotherm levels, spot meter, areas and groups of a camera device."""

from collections.abc import Awaitable, Callable, Coroutine, Mapping
from dataclasses import replace
from typing import Any, Final

from homeassistant.components.switch.const import DOMAIN as SWITCH_DOMAIN
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant, ServiceCall, ServiceResponse, SupportsResponse
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import config_validation as cv, device_registry as dr
from homeassistant.helpers.entity import Entity
from homeassistant.helpers.service import async_register_platform_entity_service
import probatio

from .const import DOMAIN
from .coordinator import AxisThermometryConfigEntry, AxisThermometryRuntime
from .exacq_coordinator import ExacqConfigEntry, is_exacq
from .helpers import async_write
from .vapix import (
    AreaOverlay,
    AreaSettings,
    CoordinateSystem,
    DetectionType,
    GroupMeasurement,
    GroupSettings,
    IsothermLevels,
    Measurement,
)

ATTR_DEVICE_ID: Final = "device_id"
ATTR_AREA_ID: Final = "area_id"
ATTR_GROUP_ID: Final = "group_id"

SERVICE_SET_ISOTHERM_LEVELS: Final = "set_isotherm_levels"
SERVICE_SET_SPOT_METER: Final = "set_spot_meter"
SERVICE_REMOVE_SPOT_METER: Final = "remove_spot_meter"
SERVICE_ADD_AREA: Final = "add_area"
SERVICE_UPDATE_AREA: Final = "update_area"
SERVICE_REMOVE_AREA: Final = "remove_area"
SERVICE_ADD_GROUP: Final = "add_group"
SERVICE_UPDATE_GROUP: Final = "update_group"
SERVICE_REMOVE_GROUP: Final = "remove_group"
SERVICE_PULSE_OUTPUT: Final = "pulse_output"
ATTR_DURATION: Final = "duration"

# Temperatures are taken as numbers and checked for whole degrees by the client, so 70.5 is
# refused with an explanation rather than silently truncated.
TEMPERATURE = probatio.Coerce(float)
COORDINATE = probatio.All(probatio.Coerce(float), probatio.Range(min=-1, max=1))
VERTICES = probatio.All([probatio.ExactSequence([COORDINATE, COORDINATE])], probatio.Length(min=3))
NON_NEGATIVE = probatio.All(probatio.Coerce(int), probatio.Range(min=0))
DEVICE = {probatio.Required(ATTR_DEVICE_ID): cv.string}

AREA_FIELDS: dict[Any, Any] = {
    probatio.Optional("name"): cv.string,
    probatio.Optional("vertices"): VERTICES,
    probatio.Optional("detection_type"): probatio.Coerce(DetectionType),
    probatio.Optional("measurement"): probatio.Coerce(Measurement),
    probatio.Optional("threshold"): TEMPERATURE,
    probatio.Optional("delay"): NON_NEGATIVE,
    probatio.Optional("enabled"): cv.boolean,
    probatio.Optional("area_overlay"): probatio.Coerce(AreaOverlay),
    probatio.Optional("temperature_overlay"): cv.boolean,
    probatio.Optional("preset"): NON_NEGATIVE,
    probatio.Optional("image_source"): NON_NEGATIVE,
}
GROUP_FIELDS: dict[Any, Any] = {
    probatio.Optional("name"): cv.string,
    probatio.Optional("area_ids"): [NON_NEGATIVE],
    probatio.Optional("measurement"): probatio.Coerce(GroupMeasurement),
    probatio.Optional("threshold"): TEMPERATURE,
    probatio.Optional("delay"): NON_NEGATIVE,
    probatio.Optional("enabled"): cv.boolean,
    probatio.Optional("group_overlay"): cv.boolean,
}


def _required(fields: dict[Any, Any], *names: str) -> dict[Any, Any]:
    """``fields`` with ``names`` made required."""
    return {
        (probatio.Required(str(key)) if str(key) in names else key): value
        for key, value in fields.items()
    }


SCHEMAS: Final = {
    SERVICE_SET_ISOTHERM_LEVELS: probatio.Schema(
        {
            **DEVICE,
            probatio.Required("high"): TEMPERATURE,
            probatio.Required("middle"): TEMPERATURE,
            probatio.Required("low"): TEMPERATURE,
            probatio.Optional("minimum"): TEMPERATURE,
            probatio.Optional("render_overlay"): cv.boolean,
        }
    ),
    SERVICE_SET_SPOT_METER: probatio.Schema(
        {
            **DEVICE,
            probatio.Required("x"): probatio.Coerce(float),
            probatio.Required("y"): probatio.Coerce(float),
            probatio.Optional(
                "coordinate_system", default=str(CoordinateSystem.NEG1_1)
            ): probatio.Coerce(CoordinateSystem),
            probatio.Optional("image_source"): NON_NEGATIVE,
        }
    ),
    SERVICE_REMOVE_SPOT_METER: probatio.Schema(
        {**DEVICE, probatio.Optional("image_source"): NON_NEGATIVE}
    ),
    SERVICE_ADD_AREA: probatio.Schema(
        {**DEVICE, **_required(AREA_FIELDS, "name", "vertices", "threshold")}
    ),
    SERVICE_UPDATE_AREA: probatio.Schema(
        {**DEVICE, probatio.Required(ATTR_AREA_ID): NON_NEGATIVE, **AREA_FIELDS}
    ),
    SERVICE_REMOVE_AREA: probatio.Schema(
        {**DEVICE, probatio.Required(ATTR_AREA_ID): probatio.All(cv.ensure_list, [NON_NEGATIVE])}
    ),
    SERVICE_ADD_GROUP: probatio.Schema(
        {
            **DEVICE,
            **_required(GROUP_FIELDS, "name", "area_ids", "threshold"),
            probatio.Optional("preset"): NON_NEGATIVE,
        }
    ),
    SERVICE_UPDATE_GROUP: probatio.Schema(
        {**DEVICE, probatio.Required(ATTR_GROUP_ID): NON_NEGATIVE, **GROUP_FIELDS}
    ),
    SERVICE_REMOVE_GROUP: probatio.Schema(
        {**DEVICE, probatio.Required(ATTR_GROUP_ID): NON_NEGATIVE}
    ),
}


def _camera(call: ServiceCall) -> AxisThermometryRuntime:
    """The loaded camera the call targets."""
    hass = call.hass
    device_id = call.data[ATTR_DEVICE_ID]
    device = dr.async_get(hass).async_get(device_id)
    if device is not None:
        for entry_id in device.config_entries:
            entry: AxisThermometryConfigEntry | ExacqConfigEntry | None = (
                hass.config_entries.async_get_entry(entry_id)
            )
            if entry is None or entry.domain != DOMAIN or is_exacq(entry):
                continue
            if entry.state is not ConfigEntryState.LOADED:
                raise ServiceValidationError(
                    translation_domain=DOMAIN,
                    translation_key="not_loaded",
                    translation_placeholders={"name": entry.title},
                )
            return entry.runtime_data
    raise ServiceValidationError(
        translation_domain=DOMAIN,
        translation_key="unknown_device",
        translation_placeholders={"device_id": device_id},
    )


def _existing[T](items: Mapping[int, T], item_id: int, kind: str) -> T:
    """The configured area or group ``item_id``; a clear error when the camera has none."""
    if (item := items.get(item_id)) is None:
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key=f"unknown_{kind}",
            translation_placeholders={f"{kind}_id": str(item_id)},
        )
    return item


async def _reconfigure[T](camera: AxisThermometryRuntime, write: Awaitable[T]) -> T:
    """Send a change to areas, groups or spot meters, then re-read the configuration."""
    return await async_write(write, camera.coordinator.async_reread_configuration)


def _changes(call: ServiceCall, *skip: str) -> dict[str, Any]:
    changes = {k: v for k, v in call.data.items() if k not in {ATTR_DEVICE_ID, *skip}}
    if "vertices" in changes:
        changes["vertices"] = tuple((float(x), float(y)) for x, y in changes["vertices"])
    if "area_ids" in changes:
        changes["area_ids"] = tuple(changes["area_ids"])
    return changes


async def _set_isotherm_levels(call: ServiceCall) -> None:
    camera = _camera(call)
    current = camera.settings.data.isotherm
    levels = IsothermLevels(
        high=call.data["high"],
        middle=call.data["middle"],
        low=call.data["low"],
        minimum=call.data.get("minimum"),
        render_overlay=call.data.get("render_overlay", current.render_overlay),
    )
    await async_write(
        camera.device.thermometry.set_isotherm_levels(levels), camera.settings.async_refresh
    )


async def _set_spot_meter(call: ServiceCall) -> None:
    camera = _camera(call)
    await _reconfigure(
        camera,
        camera.device.thermometry.add_spot_temperature(
            (call.data["x"], call.data["y"]),
            call.data["coordinate_system"],
            call.data.get("image_source"),
        ),
    )


async def _remove_spot_meter(call: ServiceCall) -> None:
    camera = _camera(call)
    await _reconfigure(
        camera,
        camera.device.thermometry.remove_spot_temperature(call.data.get("image_source")),
    )


async def _add_area(call: ServiceCall) -> ServiceResponse:
    camera = _camera(call)
    capabilities = camera.coordinator.data.config.capabilities
    area = AreaSettings(**{"delay": capabilities.default_delay} | _changes(call))
    area_id = await _reconfigure(camera, camera.device.thermometry.add_area(area))
    return {"area_id": area_id}


async def _update_area(call: ServiceCall) -> None:
    camera = _camera(call)
    area = _existing(camera.coordinator.data.config.areas, call.data[ATTR_AREA_ID], "area")
    await _reconfigure(
        camera,
        camera.device.thermometry.update_area(replace(area, **_changes(call, ATTR_AREA_ID))),
    )


async def _remove_area(call: ServiceCall) -> None:
    camera = _camera(call)
    await _reconfigure(
        camera,
        camera.device.thermometry.remove_areas(call.data[ATTR_AREA_ID]),
    )


async def _add_group(call: ServiceCall) -> ServiceResponse:
    camera = _camera(call)
    group_id, enabled = await _reconfigure(
        camera,
        camera.device.thermometry.add_group(GroupSettings(**_changes(call))),
    )
    return {"group_id": group_id, "enabled": enabled}


async def _update_group(call: ServiceCall) -> ServiceResponse:
    camera = _camera(call)
    group_id = call.data[ATTR_GROUP_ID]
    group = _existing(camera.coordinator.data.config.groups, group_id, "group")
    enabled = await _reconfigure(
        camera,
        camera.device.thermometry.update_group(replace(group, **_changes(call, ATTR_GROUP_ID))),
    )
    return {"group_id": group_id, "enabled": enabled}


async def _remove_group(call: ServiceCall) -> None:
    camera = _camera(call)
    await _reconfigure(
        camera,
        camera.device.thermometry.remove_group(call.data[ATTR_GROUP_ID]),
    )


type Handler = Callable[[ServiceCall], Coroutine[Any, Any, ServiceResponse]]

HANDLERS: Final[dict[str, tuple[Handler, SupportsResponse]]] = {
    SERVICE_SET_ISOTHERM_LEVELS: (_set_isotherm_levels, SupportsResponse.NONE),
    SERVICE_SET_SPOT_METER: (_set_spot_meter, SupportsResponse.NONE),
    SERVICE_REMOVE_SPOT_METER: (_remove_spot_meter, SupportsResponse.NONE),
    SERVICE_ADD_AREA: (_add_area, SupportsResponse.OPTIONAL),
    SERVICE_UPDATE_AREA: (_update_area, SupportsResponse.NONE),
    SERVICE_REMOVE_AREA: (_remove_area, SupportsResponse.NONE),
    SERVICE_ADD_GROUP: (_add_group, SupportsResponse.OPTIONAL),
    SERVICE_UPDATE_GROUP: (_update_group, SupportsResponse.OPTIONAL),
    SERVICE_REMOVE_GROUP: (_remove_group, SupportsResponse.NONE),
}


async def _pulse_output(entity: Entity, call: ServiceCall) -> None:
    """Pulse a relay output switch; other switches of the integration are refused."""
    from .switch import RelayOutputSwitch  # noqa: PLC0415 - the platform imports this module

    if not isinstance(entity, RelayOutputSwitch):
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="not_an_output",
            translation_placeholders={"entity": entity.entity_id},
        )
    await entity.async_pulse(call.data[ATTR_DURATION])


def async_setup_services(hass: HomeAssistant) -> None:
    """Register the service actions (once, for every camera)."""
    for name, (handler, supports_response) in HANDLERS.items():
        hass.services.async_register(
            DOMAIN, name, handler, schema=SCHEMAS[name], supports_response=supports_response
        )
    async_register_platform_entity_service(
        hass,
        DOMAIN,
        SERVICE_PULSE_OUTPUT,
        entity_domain=SWITCH_DOMAIN,
        schema={
            probatio.Required(ATTR_DURATION): probatio.All(
                probatio.Coerce(int), probatio.Range(min=1, max=3_600_000)
            )
        },
        func=_pulse_output,
    )
