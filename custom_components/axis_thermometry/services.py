"""Service actions: isotherm levels, spot meter, areas and groups of a camera device."""

from collections.abc import Awaitable, Callable, Coroutine
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
from .errors import async_write, describe_vapix
from .exacq_coordinator import ExacqConfigEntry, is_exacq
from .vapix import (
    AreaOverlay,
    AreaSettings,
    CoordinateSystem,
    DetectionType,
    GroupMeasurement,
    GroupSettings,
    Measurement,
    VapixValidationError,
)
from .vapix.validation import validate_known_ids, validate_preset, validate_room_on_preset

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
# Vertices are checked by _vertices, which says in words what is expected.
VERTICES = list
NON_NEGATIVE = probatio.All(probatio.Coerce(int), probatio.Range(min=0))
# Group ids start at 1; 000's special id 0 ("every group of every preset") is not offered.
GROUP_ID = probatio.All(probatio.Coerce(int), probatio.Range(min=1))
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


SCHEMAS: Final[dict[str, probatio.Schema | probatio.All[Any]]] = {
    SERVICE_SET_ISOTHERM_LEVELS: probatio.All(
        probatio.Schema(
            {
                **DEVICE,
                probatio.Optional("high"): TEMPERATURE,
                probatio.Optional("middle"): TEMPERATURE,
                probatio.Optional("low"): TEMPERATURE,
                probatio.Optional("minimum"): TEMPERATURE,
                probatio.Optional("render_overlay"): cv.boolean,
            }
        ),
        cv.has_at_least_one_key("high", "middle", "low", "minimum", "render_overlay"),
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
        {**DEVICE, probatio.Required(ATTR_GROUP_ID): GROUP_ID, **GROUP_FIELDS}
    ),
    SERVICE_REMOVE_GROUP: probatio.Schema({**DEVICE, probatio.Required(ATTR_GROUP_ID): GROUP_ID}),
}


def _camera(call: ServiceCall) -> AxisThermometryRuntime:
    """The loaded camera the call targets."""
    hass = call.hass
    device_id = call.data[ATTR_DEVICE_ID]
    device = dr.async_get(hass).async_get(device_id)
    if device is not None:
        entry: AxisThermometryConfigEntry | ExacqConfigEntry | None = (
            hass.config_entries.async_get_entry(device.config_entry_id)
        )
        if entry is not None and entry.domain == DOMAIN and not is_exacq(entry):
            if entry.state is not ConfigEntryState.LOADED:
                raise ServiceValidationError(
                    translation_domain=DOMAIN,
                    translation_key="not_loaded",
                    translation_placeholders={"name": entry.title},
                )
            return entry.runtime_data
    name = (device.name_by_user or device.name) if device is not None else None
    raise ServiceValidationError(
        translation_domain=DOMAIN,
        translation_key="unknown_device",
        translation_placeholders={"device": name or device_id},
    )


async def _reconfigure[T](camera: AxisThermometryRuntime, write: Awaitable[T]) -> T:
    """Send a change, then re-read the configuration and settings."""
    return await async_write(write, camera.coordinator.async_reread_configuration)


def _checked(*checks: Callable[[], None]) -> None:
    """Run input checks; a broken rule is a translated validation error, nothing is sent."""
    try:
        for check in checks:
            check()
    except VapixValidationError as err:
        raise describe_vapix(err).exception() from err


def _vertices(value: list[Any]) -> tuple[tuple[float, float], ...]:
    """At least three [x, y] points in image coordinates (-1..1), or a translated error."""
    points: list[tuple[float, float]] = []
    for point in value:
        if not isinstance(point, list | tuple) or len(point) != 2:
            break
        try:
            x, y = float(point[0]), float(point[1])
        except TypeError, ValueError:
            break
        if not (-1 <= x <= 1 and -1 <= y <= 1):
            break
        points.append((x, y))
    else:
        if len(points) >= 3:
            return tuple(points)
    raise ServiceValidationError(
        translation_domain=DOMAIN,
        translation_key="invalid_vertices",
        translation_placeholders={"value": str(value)[:80]},
    )


def _changes(call: ServiceCall, *skip: str) -> dict[str, Any]:
    changes = {k: v for k, v in call.data.items() if k not in {ATTR_DEVICE_ID, *skip}}
    if "vertices" in changes:
        changes["vertices"] = _vertices(changes["vertices"])
    if "area_ids" in changes:
        changes["area_ids"] = tuple(changes["area_ids"])
    return changes


async def _set_isotherm_levels(call: ServiceCall) -> None:
    """Change the levels given; the camera keeps the others (the client reads them first)."""
    camera = _camera(call)
    await _reconfigure(camera, camera.device.thermometry.set_isotherm_levels(**_changes(call)))


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
    config = camera.coordinator.data.config
    capabilities = config.capabilities
    default_delay = capabilities.default_delay if capabilities else 0
    area = AreaSettings(**({"delay": default_delay} | _changes(call)))
    _checked(
        lambda: validate_preset(area.preset, config.presets, ptz=bool(config.presets)),
        lambda: validate_room_on_preset(
            area.preset,
            [a.preset for a in config.areas.values()],
            capabilities.max_areas if capabilities else None,
            "area",
        ),
    )
    area_id = await _reconfigure(camera, camera.device.thermometry.add_area(area))
    return {"area_id": area_id}


async def _update_area(call: ServiceCall) -> None:
    camera = _camera(call)
    config = camera.coordinator.data.config
    area_id = call.data[ATTR_AREA_ID]
    changes = _changes(call, ATTR_AREA_ID)
    _checked(lambda: validate_known_ids([area_id], config.areas, "area"))
    if "preset" in changes:
        _checked(
            lambda: validate_preset(changes["preset"], config.presets, ptz=bool(config.presets))
        )
    await _reconfigure(camera, camera.device.thermometry.update_area(area_id, changes))


async def _remove_area(call: ServiceCall) -> None:
    camera = _camera(call)
    area_ids = call.data[ATTR_AREA_ID]
    _checked(lambda: validate_known_ids(area_ids, camera.coordinator.data.config.areas, "area"))
    await _reconfigure(camera, camera.device.thermometry.remove_areas(area_ids))


async def _add_group(call: ServiceCall) -> ServiceResponse:
    camera = _camera(call)
    config = camera.coordinator.data.config
    settings = GroupSettings(**_changes(call))
    _checked(
        lambda: validate_known_ids(settings.area_ids, config.areas, "area"),
        lambda: validate_preset(settings.preset, config.presets, ptz=bool(config.presets)),
        lambda: validate_room_on_preset(
            settings.preset,
            [g.preset for g in config.groups.values()],
            config.capabilities.max_groups if config.capabilities else None,
            "group",
        ),
    )
    group_id, enabled = await _reconfigure(camera, camera.device.thermometry.add_group(settings))
    return {"group_id": group_id, "enabled": enabled}


async def _update_group(call: ServiceCall) -> ServiceResponse:
    camera = _camera(call)
    config = camera.coordinator.data.config
    group_id = call.data[ATTR_GROUP_ID]
    changes = _changes(call, ATTR_GROUP_ID)
    _checked(lambda: validate_known_ids([group_id], config.groups, "group"))
    if "area_ids" in changes:
        _checked(lambda: validate_known_ids(changes["area_ids"], config.areas, "area"))
    enabled = await _reconfigure(camera, camera.device.thermometry.update_group(group_id, changes))
    return {"group_id": group_id, "enabled": enabled}


async def _remove_group(call: ServiceCall) -> None:
    camera = _camera(call)
    group_id = call.data[ATTR_GROUP_ID]
    _checked(lambda: validate_known_ids([group_id], camera.coordinator.data.config.groups, "group"))
    await _reconfigure(camera, camera.device.thermometry.remove_group(group_id))


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
            translation_placeholders={"entity": _entity_name(call.hass, entity.entity_id)},
        )
    await entity.async_pulse(call.data[ATTR_DURATION])


def _entity_name(hass: HomeAssistant, entity_id: str) -> str:
    """What the user sees an entity called."""
    state = hass.states.get(entity_id)
    return str(state.attributes.get("friendly_name", entity_id)) if state else entity_id


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
