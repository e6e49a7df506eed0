"""Service actions: isotherm levels and spot meter of a camera; its areas and groups.

Actions on an existing area or group target its entities (any of them) with Home Assistant's
target picker; no id is needed. Temperatures are given in Home Assistant's unit.
"""

from collections.abc import Awaitable, Callable, Coroutine, Iterable
from typing import Any, Final

from homeassistant.components.switch import DOMAIN as SWITCH_DOMAIN
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant, ServiceCall, ServiceResponse, SupportsResponse
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import (
    config_validation as cv,
    device_registry as dr,
    entity_registry as er,
)
from homeassistant.helpers.entity import Entity
from homeassistant.helpers.entity_platform import async_get_platforms
from homeassistant.helpers.service import async_register_platform_entity_service
from homeassistant.helpers.target import TargetSelection, async_extract_referenced_entity_ids
from homeassistant.helpers.typing import VolSchemaType
from homeassistant.util.json import JsonValueType
import probatio

from .const import DOMAIN
from .coordinator import (
    AxisThermometryConfigEntry,
    AxisThermometryRuntime,
    is_exacq,
)
from .entity import (
    AreaEntity,
    GroupEntity,
    camera_setting,
    isotherm_key,
    show_temperature,
    threshold_key,
)
from .errors import ShowTemperature, async_write, describe_vapix, finite
from .vapix import (
    Area,
    AreaOverlay,
    AreaSettings,
    CoordinateSystem,
    DetectionType,
    Group,
    GroupMeasurement,
    GroupSettings,
    Measurement,
    VapixValidationError,
)
from .vapix.validation import validate_room_on_preset

ATTR_DEVICE_ID: Final = "device_id"
ATTR_AREAS: Final = "areas"
ATTR_PRESET: Final = "preset"
ATTR_THRESHOLD: Final = "threshold"

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

# Temperatures are taken as numbers in Home Assistant's unit. In the camera's own scale they
# are checked for whole degrees by the client, so 70.5 is refused with an explanation rather
# than silently truncated; converted from the other scale they are rounded to whole degrees.
TEMPERATURE = probatio.Coerce(float)
# Vertices are checked by _vertices, which says in words what is expected.
VERTICES = list
NON_NEGATIVE = probatio.All(probatio.Coerce(int), probatio.Range(min=0))
DEVICE = {probatio.Required(ATTR_DEVICE_ID): cv.string}

AREA_FIELDS: dict[Any, Any] = {
    probatio.Optional("name"): cv.string,
    probatio.Optional("vertices"): VERTICES,
    probatio.Optional("detection_type"): probatio.Coerce(DetectionType),
    probatio.Optional("measurement"): probatio.Coerce(Measurement),
    probatio.Optional(ATTR_THRESHOLD): TEMPERATURE,
    probatio.Optional("delay"): NON_NEGATIVE,
    probatio.Optional("enabled"): cv.boolean,
    probatio.Optional("area_overlay"): probatio.Coerce(AreaOverlay),
    probatio.Optional("temperature_overlay"): cv.boolean,
    probatio.Optional(ATTR_PRESET): cv.string,
    probatio.Optional("image_source"): NON_NEGATIVE,
}
GROUP_FIELDS: dict[Any, Any] = {
    probatio.Optional("name"): cv.string,
    probatio.Optional(ATTR_AREAS): cv.entity_ids,
    probatio.Optional("measurement"): probatio.Coerce(GroupMeasurement),
    probatio.Optional(ATTR_THRESHOLD): TEMPERATURE,
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


SCHEMAS: Final[dict[str, VolSchemaType]] = {
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
        {**DEVICE, **_required(AREA_FIELDS, "name", "vertices", ATTR_THRESHOLD)}
    ),
    SERVICE_UPDATE_AREA: cv.make_entity_service_schema(AREA_FIELDS),
    SERVICE_REMOVE_AREA: cv.make_entity_service_schema({}),
    SERVICE_ADD_GROUP: probatio.Schema(
        {
            **_required(GROUP_FIELDS, "name", ATTR_AREAS, ATTR_THRESHOLD),
            probatio.Optional(ATTR_PRESET): cv.string,
        }
    ),
    SERVICE_UPDATE_GROUP: cv.make_entity_service_schema(GROUP_FIELDS),
    SERVICE_REMOVE_GROUP: cv.make_entity_service_schema({}),
}


def _error(key: str, **placeholders: str) -> ServiceValidationError:
    return ServiceValidationError(
        translation_domain=DOMAIN, translation_key=key, translation_placeholders=placeholders
    )


def _camera(call: ServiceCall) -> AxisThermometryRuntime:
    """The loaded camera the call's device field names."""
    hass = call.hass
    device_id = call.data[ATTR_DEVICE_ID]
    device = dr.async_get(hass).async_get(device_id)
    if device is not None:
        entry: AxisThermometryConfigEntry | None = hass.config_entries.async_get_entry(
            device.config_entry_id
        )
        if entry is not None and entry.domain == DOMAIN and not is_exacq(entry):
            if entry.state is not ConfigEntryState.LOADED:
                raise _error("not_loaded", name=entry.title)
            return entry.runtime_data
    name = (device.name_by_user or device.name) if device is not None else None
    raise _error("unknown_device", device=name or device_id)


def _entities[E: AreaEntity | GroupEntity](
    hass: HomeAssistant, entity_ids: Iterable[str], indirect: Iterable[str], kind: type[E]
) -> list[E]:
    """The area (or group) entities named, one per area; other entities named are refused.

    Entities reached through a device, room or label that are not of an area are skipped,
    as Home Assistant does for entity actions.
    """
    ours = {
        entity.entity_id: entity
        for platform in async_get_platforms(hass, DOMAIN)
        for entity in platform.entities.values()
    }
    explicit = set(entity_ids)
    found: dict[tuple[AxisThermometryRuntime, int], E] = {}
    for entity_id in sorted(explicit | set(indirect)):
        entity = ours.get(entity_id)
        if isinstance(entity, kind):
            found.setdefault((entity.runtime, entity.resource_id), entity)
        elif entity_id in explicit:
            raise _not_of_kind(hass, entity_id, kind)
    return list(found.values())


def _not_of_kind(hass: HomeAssistant, entity_id: str, kind: type[Entity]) -> ServiceValidationError:
    """Why an entity named in a call cannot be used: its camera is not loaded, or it is not one."""
    registered = er.async_get(hass).async_get(entity_id)
    if registered is not None and registered.platform == DOMAIN and registered.config_entry_id:
        entry = hass.config_entries.async_get_entry(registered.config_entry_id)
        if entry is not None and entry.state is not ConfigEntryState.LOADED:
            return _error("not_loaded", name=entry.title)
    name = _entity_name(hass, entity_id)
    return (
        _error("not_an_area", entity=name)
        if kind is AreaEntity
        else _error("not_a_group", entity=name)
    )


def _targets[E: AreaEntity | GroupEntity](call: ServiceCall, kind: type[E]) -> list[E]:
    """The area (or group) entities a call targets; at least one."""
    selected = async_extract_referenced_entity_ids(call.hass, TargetSelection(call.data))
    targets = _entities(call.hass, selected.referenced, selected.indirectly_referenced, kind)
    if not targets:
        raise _error("no_area_target") if kind is AreaEntity else _error("no_group_target")
    return targets


def _by_camera[E: AreaEntity | GroupEntity](
    targets: Iterable[E],
) -> dict[AxisThermometryRuntime, list[int]]:
    cameras: dict[AxisThermometryRuntime, list[int]] = {}
    for entity in targets:
        cameras.setdefault(entity.runtime, []).append(entity.resource_id)
    return cameras


async def _reconfigure[T](runtime: AxisThermometryRuntime, write: Awaitable[T]) -> T:
    """Send a change, then re-read the configuration and settings."""
    return await async_write(
        write, runtime.readings.async_reread_configuration, show=_shown_temperatures(runtime)
    )


def _shown_temperatures(runtime: AxisThermometryRuntime) -> ShowTemperature:
    """Temperatures in an error as the user gave them: in Home Assistant's unit."""
    return show_temperature(runtime.readings.hass, runtime.configuration.data)


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
    raise _error("invalid_vertices", value=str(value)[:80])


def _preset(runtime: AxisThermometryRuntime, value: str | None) -> int:
    """The preset named (or numbered); by default the one a PTZ camera stands on."""
    config = runtime.configuration.data
    presets = config.presets
    if not presets:
        if value is None:
            return 0
        raise _error("invalid_unknown_preset", preset=value, presets="-")
    if value is None:
        if (current := runtime.readings.current_preset(config)) is None:
            raise _error("not_on_preset")
        return current.number
    wanted = value.strip().casefold()
    for number, preset in presets.items():
        if preset.name.casefold() == wanted or str(number) == wanted:
            return number
    names = ", ".join(preset.name for _, preset in sorted(presets.items()))
    raise _error("invalid_unknown_preset", preset=value, presets=names)


def _area_changes(
    call: ServiceCall, runtime: AxisThermometryRuntime, area: Area | None
) -> dict[str, Any]:
    """The call's area fields, as the client takes them (ids, camera degrees, points)."""
    changes = {
        key: value
        for key, value in call.data.items()
        if key in {str(field) for field in AREA_FIELDS} and key != ATTR_PRESET
    }
    if "vertices" in changes:
        changes["vertices"] = _vertices(changes["vertices"])
    if area is None or ATTR_PRESET in call.data:
        changes[ATTR_PRESET] = _preset(runtime, call.data.get(ATTR_PRESET))
    if ATTR_THRESHOLD in changes:
        detection = changes.get("detection_type", area.detection_type if area else None)
        rate = detection is not None and DetectionType(detection).is_rate
        key = None if area is None else threshold_key(("area", area.id))
        changes[ATTR_THRESHOLD] = camera_setting(
            call.hass, runtime, key, changes[ATTR_THRESHOLD], delta=rate
        )
    return changes


def _group_areas(
    hass: HomeAssistant, entity_ids: list[str], camera: AxisThermometryRuntime | None
) -> tuple[AxisThermometryRuntime, tuple[int, ...]]:
    """The camera and ids of the areas a group is to hold; all of one camera."""
    areas = _entities(hass, entity_ids, (), AreaEntity)
    cameras = {area.runtime for area in areas} | ({camera} if camera else set())
    if len(cameras) > 1:
        raise _error("areas_of_other_camera")
    if not cameras:
        raise _error("no_area_target")
    return cameras.pop(), tuple(area.resource_id for area in areas)


def _group_changes(
    call: ServiceCall, runtime: AxisThermometryRuntime, group: Group | None
) -> dict[str, Any]:
    """The call's group fields, as the client takes them (area ids, camera degrees)."""
    changes = {
        key: value for key, value in call.data.items() if key in {str(f) for f in GROUP_FIELDS}
    }
    if ATTR_AREAS in changes:
        _, changes["area_ids"] = _group_areas(call.hass, changes.pop(ATTR_AREAS), runtime)
    if ATTR_THRESHOLD in changes:
        key = None if group is None else threshold_key(("group", group.id))
        changes[ATTR_THRESHOLD] = camera_setting(
            call.hass, runtime, key, changes[ATTR_THRESHOLD], delta=True
        )
    return changes


async def _set_isotherm_levels(call: ServiceCall) -> None:
    """Change the levels given; the camera keeps the others (the client reads them first)."""
    runtime = _camera(call)
    levels: dict[str, Any] = {
        key: value
        if key == "render_overlay"
        else camera_setting(call.hass, runtime, isotherm_key(key), value, delta=False)
        for key, value in call.data.items()
        if key != ATTR_DEVICE_ID
    }
    await _reconfigure(runtime, runtime.device.thermometry.set_isotherm_levels(**levels))


async def _set_spot_meter(call: ServiceCall) -> None:
    runtime = _camera(call)
    await _reconfigure(
        runtime,
        runtime.device.thermometry.add_spot_temperature(
            (finite(call.data["x"]), finite(call.data["y"])),
            call.data["coordinate_system"],
            call.data.get("image_source"),
        ),
    )


async def _remove_spot_meter(call: ServiceCall) -> None:
    runtime = _camera(call)
    await _reconfigure(
        runtime,
        runtime.device.thermometry.remove_spot_temperature(call.data.get("image_source")),
    )


async def _add_area(call: ServiceCall) -> ServiceResponse:
    """Add an area; on a PTZ camera to the preset it stands on unless another is named."""
    runtime = _camera(call)
    config = runtime.configuration.data
    capabilities = config.capabilities
    default_delay = capabilities.default_delay if capabilities else 0
    area = AreaSettings(**({"delay": default_delay} | _area_changes(call, runtime, None)))
    _checked(
        lambda: validate_room_on_preset(
            area.preset,
            [a.preset for a in config.areas.values()],
            capabilities.max_areas if capabilities else None,
            "area",
        ),
    )
    area_id = await _reconfigure(runtime, runtime.device.thermometry.add_area(area))
    return {"area_id": area_id}


async def _validated[T](
    checks: Iterable[tuple[AxisThermometryRuntime, Awaitable[T]]],
) -> list[tuple[AxisThermometryRuntime, T]]:
    """Every target's checks (they read the camera, never write), before anything is sent.

    A multi-target action that refuses one target must not have changed another.
    """
    return [
        (runtime, await async_write(check, show=_shown_temperatures(runtime)))
        for runtime, check in checks
    ]


def _changes_by_camera[E: AreaEntity | GroupEntity](
    targets: Iterable[E], changes: Callable[[E], dict[str, Any]]
) -> dict[AxisThermometryRuntime, dict[int, dict[str, Any]]]:
    cameras: dict[AxisThermometryRuntime, dict[int, dict[str, Any]]] = {}
    for entity in targets:
        cameras.setdefault(entity.runtime, {})[entity.resource_id] = changes(entity)
    return cameras


async def _update_area(call: ServiceCall) -> None:
    """Change the given settings of every targeted area; all are checked before any is sent."""
    cameras = _changes_by_camera(
        _targets(call, AreaEntity),
        lambda area: _area_changes(call, area.runtime, area.area_config),
    )
    prepared = await _validated(
        (runtime, runtime.device.thermometry.prepare_area_updates(changes))
        for runtime, changes in cameras.items()
    )
    for runtime, areas in prepared:
        await _reconfigure(runtime, runtime.device.thermometry.send_area_updates(areas))


async def _remove_area(call: ServiceCall) -> None:
    """Remove the targeted areas, one request per camera, once every camera's are checked."""
    cameras = _by_camera(_targets(call, AreaEntity))
    await _validated(
        (runtime, runtime.device.thermometry.check_area_removal(area_ids))
        for runtime, area_ids in cameras.items()
    )
    for runtime, area_ids in cameras.items():
        await _reconfigure(runtime, runtime.device.thermometry.remove_areas(area_ids))


async def _add_group(call: ServiceCall) -> ServiceResponse:
    """Add a group of areas of one camera, on their preset unless another is named."""
    runtime, _ = _group_areas(call.hass, call.data[ATTR_AREAS], None)
    changes = _group_changes(call, runtime, None)
    config = runtime.configuration.data
    presets = {config.areas[area_id].preset for area_id in changes["area_ids"]}
    if ATTR_PRESET in call.data or len(presets) != 1:
        changes[ATTR_PRESET] = _preset(runtime, call.data.get(ATTR_PRESET))
    else:
        changes[ATTR_PRESET] = presets.pop()
    settings = GroupSettings(**changes)
    _checked(
        lambda: validate_room_on_preset(
            settings.preset,
            [g.preset for g in config.groups.values()],
            config.capabilities.max_groups if config.capabilities else None,
            "group",
        ),
    )
    group_id, enabled = await _reconfigure(runtime, runtime.device.thermometry.add_group(settings))
    return {"group_id": group_id, "enabled": enabled}


async def _update_group(call: ServiceCall) -> ServiceResponse:
    """Change the given settings of every targeted group; all are checked before any is sent.

    Answers whether the camera left each group enabled.
    """
    cameras = _changes_by_camera(
        _targets(call, GroupEntity),
        lambda group: _group_changes(call, group.runtime, group.group_config),
    )
    prepared = await _validated(
        (runtime, runtime.device.thermometry.prepare_group_updates(changes))
        for runtime, changes in cameras.items()
    )
    enabled: list[JsonValueType] = []
    for runtime, groups in prepared:
        for group in groups:
            on = await _reconfigure(runtime, runtime.device.thermometry.send_group_update(group))
            enabled.append({"group_id": group.id, "enabled": on})
    return {"groups": enabled}


async def _remove_group(call: ServiceCall) -> None:
    """Remove the targeted groups, once every one is known to the camera."""
    cameras = _by_camera(_targets(call, GroupEntity))
    await _validated(
        (runtime, runtime.device.thermometry.prepare_group_updates({i: {} for i in ids}))
        for runtime, ids in cameras.items()
    )
    for runtime, group_ids in cameras.items():
        for group_id in group_ids:
            await _reconfigure(runtime, runtime.device.thermometry.remove_group(group_id))


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
        raise _error("not_an_output", entity=_entity_name(call.hass, entity.entity_id))
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
