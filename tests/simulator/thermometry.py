"""thermometry.cgi and daynight.cgi method handlers of the simulated camera."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
import re
from typing import Any

from .model import (
    ADMIN,
    OPERATOR,
    SimArea,
    SimDayNight,
    SimGroup,
    SimulatedCamera,
    Variants,
    to_scale,
)

DAYNIGHT_ERROR_STATUS = {
    2100: 200,
    2101: 400,
    2102: 200,
    2103: 500,
    2104: 500,
    2105: 403,
    2106: 401,
    2107: 405,
    1100: 500,
}


class SimError(Exception):
    """A JSON error answer."""

    def __init__(self, code: int, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status


class Params:
    """Typed access to a request's ``params`` (2103 when missing, 2104 when wrong)."""

    def __init__(self, raw: object, version: tuple[int, int] = (1, 0)) -> None:
        if raw is None:
            raw = {}
        if not isinstance(raw, dict):
            raise SimError(2104, "Invalid parameter value specified.")
        self.raw: dict[str, Any] = raw
        self.version = version  # the apiVersion the request asked for

    def has(self, key: str) -> bool:
        return key in self.raw

    def get(self, key: str, kind: type | tuple[type, ...], default: Any = ...) -> Any:
        if key not in self.raw:
            if default is ...:
                raise SimError(2103, f"Required parameter missing: '{key}'")
            return default
        value = self.raw[key]
        if isinstance(value, bool) and kind in (int, float, (int, float)):
            raise SimError(2104, f"Invalid parameter for: '{key}'")
        if not isinstance(value, kind):
            raise SimError(2104, f"Invalid parameter for: '{key}'")
        return value

    def integer(self, key: str, default: Any = ...) -> Any:
        value = self.get(key, (int, float), default)
        if isinstance(value, float):
            if not value.is_integer():
                raise SimError(2104, f"Invalid parameter for: '{key}'")
            value = int(value)
        return value

    def choice(self, key: str, choices: tuple[str, ...], default: Any = ...) -> Any:
        value = self.get(key, str, default)
        if value is not default and value not in choices:
            raise SimError(2104, f"Invalid parameter for: '{key}'")
        return value

    def point(self, key: str) -> tuple[float, float]:
        value = self.get(key, list)
        if len(value) != 2 or not all(
            isinstance(v, int | float) and not isinstance(v, bool) for v in value
        ):
            raise SimError(2104, f"Invalid parameter for: '{key}'")
        return float(value[0]), float(value[1])


@dataclass(frozen=True)
class MethodSpec:
    since: tuple[int, int]
    level: int
    run: Callable[[SimulatedCamera, Params, Variants], Any]


def _version(text: object, device: tuple[int, int]) -> tuple[int, int]:
    match = re.fullmatch(r"(\d+)\.(\d+)", text) if isinstance(text, str) else None
    if match is None:
        raise SimError(2100, "API version not supported.")
    version = (int(match.group(1)), int(match.group(2)))
    if version[0] != device[0] or version > device:
        raise SimError(2100, "The requested API version is not supported.")
    return version


def handle_thermometry(
    camera: SimulatedCamera, body: dict[str, Any], level: int, variants: Variants
) -> Any:
    method = body["method"]
    device = camera.thermals.api_version
    if method == "getSupportedVersions":
        if level < OPERATOR:
            raise SimError(2109, "Authorization failed")
        return {"apiVersions": [f"{device[0]}.{device[1]}"]}
    version = _version(body.get("apiVersion"), device)
    spec = METHODS.get(method)
    if spec is None or spec.since > version or method in camera.thermals.unsupported_methods:
        raise SimError(2102, "Method not supported.")
    if level < spec.level:
        raise SimError(2109, "User is not authorized to this request, permission denied.")
    camera.advance()
    return spec.run(camera, Params(body.get("params"), version), variants)


# ---------------------------------------------------------------------- helpers


def _temperature(value: float, variants: Variants) -> float | int:
    return round(value) if variants.integer_temperatures else round(value, 1)


def _status_scale(camera: SimulatedCamera, celsius: float, variants: Variants) -> float | int:
    return _temperature(to_scale(celsius, camera.thermals.scale), variants)


def _check_preset(camera: SimulatedCamera, preset: int) -> None:
    if camera.presets is not None and preset not in camera.presets:
        raise SimError(1200, "Preset does not exist")


def _area_from_params(camera: SimulatedCamera, p: Params, area_id: int) -> SimArea:
    t = camera.thermals
    name = p.get("name", str)
    if len(name) > t.max_name_length:
        raise SimError(2104, "Invalid parameter value: name too long")
    detection = p.choice("detectionType", ("above", "below", "increase", "decrease"))
    measurement = p.choice("measurement", ("maximum", "minimum", "average"))
    threshold = p.integer("threshold")
    delay = p.integer("delay")
    if not 0 <= delay <= t.max_delay:
        raise SimError(2104, "Invalid parameter value: delay")
    if detection in ("increase", "decrease") and threshold <= 0:
        raise SimError(2104, "Invalid parameter value: threshold must be positive")
    raw_vertices = p.get("vertices", list)
    vertices: list[tuple[float, float]] = []
    for vertex in raw_vertices:
        if not (
            isinstance(vertex, list)
            and len(vertex) == 2
            and all(isinstance(v, int | float) and not isinstance(v, bool) for v in vertex)
        ):
            raise SimError(2104, "Invalid parameter value: vertices")
        x, y = float(vertex[0]), float(vertex[1])
        if not (-1 <= x <= 1 and -1 <= y <= 1):
            raise SimError(2104, "Invalid parameter value: vertices")
        vertices.append((x, y))
    if not 3 <= len(vertices) <= t.max_vertices or len(set(vertices)) != len(vertices):
        raise SimError(2104, "Invalid parameter value: vertices")
    overlay = p.choice("areaOverlay", ("none", "always", "if_triggered"), "always")
    image_source = p.integer("imagesource", 0)
    if image_source not in t.image_sources:
        raise SimError(2104, "Invalid parameter value: imagesource")
    preset = p.integer("presetNbr", 0) if camera.presets is not None else 0
    _check_preset(camera, preset)
    old = t.areas.get(area_id)
    return SimArea(
        area_id,
        name,
        p.get("enabled", bool),
        detection,
        measurement,
        threshold,
        delay,
        vertices,
        area_overlay=overlay,
        temperature_overlay=p.get("temperatureOverlay", bool, True),
        preset=preset,
        image_source=image_source,
        base_c=old.base_c if old else t.ambient_c + 5,
        spread_c=old.spread_c if old else 4.0,
    )


def _areas_on(camera: SimulatedCamera, preset: int, skip: int | None = None) -> int:
    return sum(1 for a in camera.thermals.areas.values() if a.preset == preset and a.id != skip)


# ---------------------------------------------------------------------- methods


def capabilities(camera: SimulatedCamera, p: Params, v: Variants) -> Any:
    t = camera.thermals
    data = {
        "currentTemperatureScale": t.scale,
        "minTemperature": t.min_temperature,
        "maxTemperature": t.max_temperature,
        "maxNumberOfAreas": t.max_areas,
        "maxNumberOfVertices": t.max_vertices,
        "maxDelayTime": t.max_delay,
        "defaultDelayTime": t.default_delay,
        "maxNameLength": t.max_name_length,
    }
    if p.version >= (1, 2):  # "maxGroups ... Added in API version 1.2."
        data["maxGroups"] = t.max_groups
    return data


def set_scale(camera: SimulatedCamera, p: Params, v: Variants) -> Any:
    camera.set_scale(p.choice("unit", ("celsius", "fahrenheit")))
    return {}


def _require_iso_palette(camera: SimulatedCamera) -> None:
    palette = camera.params.get("Image.I0.Appearance.Palette", "")
    if camera.thermals.isotherm_needs_iso_palette and not palette.startswith("Iso-"):
        raise SimError(2102, "Method not supported.")


def get_isotherm(camera: SimulatedCamera, p: Params, v: Variants) -> Any:
    _require_iso_palette(camera)
    iso = camera.thermals.isotherm
    data: dict[str, Any] = {"high": iso.high, "middle": iso.middle, "low": iso.low}
    if p.version >= (1, 2):  # "min ... Available in API version 1.2 and onwards."
        data["min"] = iso.minimum
    data["renderOverlay"] = iso.render_overlay
    return data


def set_isotherm(camera: SimulatedCamera, p: Params, v: Variants) -> Any:
    _require_iso_palette(camera)
    t = camera.thermals
    high, middle, low = p.integer("high"), p.integer("middle"), p.integer("low")
    if p.has("min") and p.version < (1, 2):
        raise SimError(2104, "Invalid parameter: 'min'")
    minimum = p.integer("min", t.min_temperature)
    lo, hi = t.min_temperature, t.max_temperature
    ranges = (
        (high, lo + 3, hi),
        (middle, lo + 2, hi - 1),
        (low, lo + 1, hi - 2),
        (minimum, lo, hi - 3),
    )
    if any(not a <= value <= b for value, a, b in ranges):
        raise SimError(2104, "Invalid parameter: level out of range.")
    if not minimum < low < middle < high:
        raise SimError(2104, "Invalid parameter: Levels not in correct order.")
    iso = t.isotherm
    iso.high, iso.middle, iso.low, iso.minimum = high, middle, low, minimum
    iso.render_overlay = p.get("renderOverlay", bool, iso.render_overlay)
    return {}


def add_area(camera: SimulatedCamera, p: Params, v: Variants) -> Any:
    t = camera.thermals
    new_id = next(i for i in range(1000) if i not in t.areas)
    area = _area_from_params(camera, p, new_id)
    if _areas_on(camera, area.preset) >= t.max_areas:
        raise SimError(1200, "Maximum amount of areas in preset reached")
    t.areas[new_id] = area
    return {"id": new_id}


def update_area(camera: SimulatedCamera, p: Params, v: Variants) -> Any:
    t = camera.thermals
    area_id = p.integer("id")
    if area_id not in t.areas:
        raise SimError(1200, f"Area [{area_id}] could not be found")
    area = _area_from_params(camera, p, area_id)
    if _areas_on(camera, area.preset, skip=area_id) >= t.max_areas:
        raise SimError(1200, "Maximum amount of areas in preset reached")
    t.areas[area_id] = area
    return {}


def remove_areas(camera: SimulatedCamera, p: Params, v: Variants) -> Any:
    t = camera.thermals
    ids = p.get("areas", list)
    for area_id in ids:
        if isinstance(area_id, bool) or not isinstance(area_id, int):
            raise SimError(2104, "Invalid parameter for: 'areas'")
        if area_id not in t.areas:
            raise SimError(1200, f"Area [{area_id}] could not be found")
    for area_id in ids:
        del t.areas[area_id]
    for group in t.groups.values():
        group.area_ids = [a for a in group.area_ids if a in t.areas]
        if len(group.area_ids) < 2:
            group.enabled = False
    return {}


def list_areas(camera: SimulatedCamera, p: Params, v: Variants) -> Any:
    preset = p.integer("presetNbr", 0)
    if preset:
        _check_preset(camera, preset)
    areas = [
        a
        for a in camera.thermals.areas.values()
        if not preset or camera.presets is None or a.preset == preset
    ]
    return {
        v.list_key("areaList"): [
            {
                "id": a.id,
                v.image_source_key: a.image_source,
                "enabled": a.enabled,
                "name": a.name,
                "detectionType": a.detection_type,
                "measurement": a.measurement,
                "threshold": a.threshold,
                "delay": a.delay,
                v.vertices_key: [list(vertex) for vertex in a.vertices],
                "areaOverlay": v.if_triggered
                if a.area_overlay == "if_triggered"
                else a.area_overlay,
                "temperatureOverlay": a.temperature_overlay,
                "presetNbr": a.preset,
            }
            for a in sorted(areas, key=lambda a: a.id)
        ]
    }


def area_status(camera: SimulatedCamera, p: Params, v: Variants) -> Any:
    result = []
    min_key, max_key = (
        ("minPos", "maxPos")
        if v.status_positions == "pos"
        else ("minCoordinates", "maxCoordinates")
    )
    for area in sorted(camera.thermals.areas.values(), key=lambda a: a.id):
        if not camera.area_is_live(area):
            continue
        low, avg, high = camera.area_temperatures_c(area)
        hottest, coldest = camera.extreme_pixels(area)
        result.append(
            {
                "id": area.id,
                "avg": _status_scale(camera, avg, v),
                "min": _status_scale(camera, low, v),
                "max": _status_scale(camera, high, v),
                min_key: list(coldest),
                max_key: list(hottest),
                "triggered": area.triggered,
            }
        )
    return {v.list_key("areaList"): result}


def _image_source(camera: SimulatedCamera, p: Params) -> int:
    if not p.has("imageSource"):
        return 0
    if not camera.thermals.supports(1, 3) or not camera.thermals.image_source_spots:
        raise SimError(2104, "Invalid parameter: 'imageSource'")
    source: int = p.integer("imageSource")
    if source not in camera.thermals.spots:
        raise SimError(2104, "Invalid parameter value: imageSource")
    return source


def add_spot(camera: SimulatedCamera, p: Params, v: Variants) -> Any:
    x, y = p.point("spotCoordinates")
    system = p.choice("coordinateSystem", ("coord_neg1_1", "coord_0_1"))
    if system == "coord_0_1":
        if not (0 <= x <= 1 and 0 <= y <= 1):
            raise SimError(2104, "Invalid parameter value: spotCoordinates")
        x, y = 2 * x - 1, 1 - 2 * y
    elif not (-1 <= x <= 1 and -1 <= y <= 1):
        raise SimError(2104, "Invalid parameter value: spotCoordinates")
    spot = camera.thermals.spots[_image_source(camera, p)]
    spot.coordinates, spot.active = (x, y), True
    return {}


def get_spot(camera: SimulatedCamera, p: Params, v: Variants) -> Any:
    system = p.choice("coordinateSystem", ("coord_neg1_1", "coord_0_1"), "coord_neg1_1")
    source = _image_source(camera, p)
    spot = camera.thermals.spots[source]
    if not spot.active:
        # 000's overview: removeSpotTemperature "Remove the spot meter"; nothing is measured
        # until addSpotTemperature places it again.
        raise SimError(1100, "Internal error.")
    x, y = spot.coordinates
    if system == "coord_0_1":
        x, y = (x + 1) / 2, (1 - y) / 2
    data: dict[str, Any] = {
        "spotTemperature": _status_scale(camera, camera.spot_temperature_c(source), v),
        **_spot_position(round(x, 3), round(y, 3), v),
        "renderOverlay": spot.active,
    }
    if p.has("imageSource"):
        data["imageSource"] = source
    return data


def _spot_position(x: float, y: float, v: Variants) -> dict[str, Any]:
    return {"x": x, "y": y} if v.spot_xy else {"spotCoordinates": [x, y]}


def remove_spot(camera: SimulatedCamera, p: Params, v: Variants) -> Any:
    camera.thermals.spots[_image_source(camera, p)].active = False
    return {}


def list_spot_meters(camera: SimulatedCamera, p: Params, v: Variants) -> Any:
    return {
        v.list_key("spotMeterList"): [
            {
                "imageSource": source,
                "active": spot.active,
                **_spot_position(*spot.coordinates, v),
            }
            for source, spot in sorted(camera.thermals.spots.items())
        ]
    }


def list_overlay_channels(camera: SimulatedCamera, p: Params, v: Variants) -> Any:
    return {"overlayChannels": sorted(camera.thermals.overlay_channels)}


def add_overlay_channel(camera: SimulatedCamera, p: Params, v: Variants) -> Any:
    channel = p.integer("channel")
    t = camera.thermals
    if channel not in t.allowed_overlay_channels:
        raise SimError(2104, "Invalid parameter value: channel")
    if channel not in t.overlay_channels:
        t.overlay_channels.append(channel)
    return {}


def remove_overlay_channel(camera: SimulatedCamera, p: Params, v: Variants) -> Any:
    channel = p.integer("channel")
    if channel not in camera.thermals.overlay_channels:
        raise SimError(1200, "Overlay channel does not exist")
    camera.thermals.overlay_channels.remove(channel)
    return {}


def _require_ptz(camera: SimulatedCamera) -> None:
    if camera.presets is None:
        raise SimError(
            1202, "Method not supported: No guard tour settings available since camera is fixed."
        )


def get_tgt(camera: SimulatedCamera, p: Params, v: Variants) -> Any:
    _require_ptz(camera)
    return {
        "pauseOnAlarm": camera.thermals.tgt_pause_on_alarm,
        "autoResume": camera.thermals.tgt_auto_resume,
    }


def set_tgt(camera: SimulatedCamera, p: Params, v: Variants) -> Any:
    _require_ptz(camera)
    camera.thermals.tgt_pause_on_alarm = p.get("pauseOnAlarm", bool)
    camera.thermals.tgt_auto_resume = p.get("autoResume", bool)
    return {}


def _group_fields(camera: SimulatedCamera, p: Params, group_id: int, preset: int) -> SimGroup:
    t = camera.thermals
    name = p.get("name", str)
    if len(name) > t.max_name_length:
        raise SimError(2104, "Invalid parameter for: 'name'")
    if any(g.name == name and g.id != group_id for g in t.groups.values()):
        raise SimError(1200, "Group name is not unique.")
    threshold = p.integer("threshold")
    delay = p.integer("delay")
    if threshold < 1 or not 0 <= delay <= t.max_delay:
        raise SimError(2104, "Invalid parameter for: 'threshold'/'delay'")
    area_ids = p.get("areaIds", list)
    for area_id in area_ids:
        area = (
            t.areas.get(area_id)
            if isinstance(area_id, int) and not isinstance(area_id, bool)
            else None
        )
        if (
            area is None
            or not area.enabled
            or (camera.presets is not None and area.preset != preset)
        ):
            raise SimError(
                1200,
                "Group area configuration is invalid (area(s) disabled, not existing, "
                "not in valid preset, or area limit reached).",
            )
    requested = p.get("enabled", bool)
    return SimGroup(
        group_id,
        name,
        requested and len(area_ids) >= 2,
        p.choice("measurement", ("maximum", "minimum", "average", "inherit")),
        threshold,
        delay,
        list(area_ids),
        group_overlay=p.get("groupOverlay", bool, True),
        preset=preset,
    )


def add_group(camera: SimulatedCamera, p: Params, v: Variants) -> Any:
    t = camera.thermals
    preset = p.integer("presetNbr", 0) if camera.presets is not None else 0
    _check_preset(camera, preset)
    if sum(1 for g in t.groups.values() if g.preset == preset) >= t.max_groups:
        raise SimError(1200, "Maximum number of groups for this preset already reached.")
    group_id = next(i for i in range(1, 1000) if i not in t.groups)
    group = _group_fields(camera, p, group_id, preset)
    t.groups[group_id] = group
    return {"id": group_id, "enabled": group.enabled}


def update_group(camera: SimulatedCamera, p: Params, v: Variants) -> Any:
    t = camera.thermals
    group_id = p.integer("id")
    if group_id not in t.groups:
        raise SimError(1200, "Group ID is invalid.")
    group = _group_fields(camera, p, group_id, t.groups[group_id].preset)
    t.groups[group_id] = group
    return {"enabled": group.enabled}


def remove_group(camera: SimulatedCamera, p: Params, v: Variants) -> Any:
    group_id = p.integer("id")
    if group_id == 0:
        camera.thermals.groups.clear()
    elif camera.thermals.groups.pop(group_id, None) is None:
        raise SimError(1200, "Group ID is invalid.")
    return {}


def list_groups(camera: SimulatedCamera, p: Params, v: Variants) -> Any:
    preset = p.integer("presetNbr", 0)
    if preset:
        _check_preset(camera, preset)
    return {
        v.list_key("grouplist"): [
            {
                "id": g.id,
                "enabled": g.enabled,
                "name": g.name,
                "measurement": g.measurement,
                "threshold": g.threshold,
                "delay": g.delay,
                "areaIds": g.area_ids,
                "groupOverlay": g.group_overlay,
                "presetNbr": g.preset,
            }
            for g in sorted(camera.thermals.groups.values(), key=lambda g: g.id)
            if not preset or camera.presets is None or g.preset == preset
        ]
    }


def group_status(camera: SimulatedCamera, p: Params, v: Variants) -> Any:
    result = []
    for group in sorted(camera.thermals.groups.values(), key=lambda g: g.id):
        if not camera.group_is_live(group):
            continue
        entry: dict[str, Any] = {"id": group.id, "triggered": group.triggered, "details": {}}
        deviation = camera.group_deviation(group)
        if not v.empty_group_details:
            areas = camera.thermals.areas
            details: dict[str, Any] = {
                "name": group.name,
                "currentDeviation": _temperature(deviation[0], v) if deviation else 0.0,
                "memberAreas": [
                    {"areaId": i, "areaName": areas[i].name} for i in group.area_ids if i in areas
                ],
                "maxDeviationAreas": [],
            }
            if deviation:
                details["maxDeviationAreas"] = [
                    {"maxAreaId": deviation[1][0], "maxAreaTemp": _temperature(deviation[1][1], v)},
                    {"minAreaId": deviation[2][0], "minAreaTemp": _temperature(deviation[2][1], v)},
                ]
            entry["details"] = details
        result.append(entry)
    return {v.list_key("grouplist"): result}


METHODS: dict[str, MethodSpec] = {
    "getConfigurationCapabilities": MethodSpec((1, 0), OPERATOR, capabilities),
    "setTemperatureScale": MethodSpec((1, 0), OPERATOR, set_scale),
    "getIsothermLevels": MethodSpec((1, 0), OPERATOR, get_isotherm),
    "setIsothermLevels": MethodSpec((1, 0), OPERATOR, set_isotherm),
    "addArea": MethodSpec((1, 0), ADMIN, add_area),
    "updateArea": MethodSpec((1, 0), ADMIN, update_area),
    "removeAreas": MethodSpec((1, 0), ADMIN, remove_areas),
    "listAreas": MethodSpec((1, 0), OPERATOR, list_areas),
    "getAreaStatus": MethodSpec((1, 0), OPERATOR, area_status),
    "addSpotTemperature": MethodSpec((1, 0), OPERATOR, add_spot),
    "getSpotTemperature": MethodSpec((1, 0), OPERATOR, get_spot),
    "removeSpotTemperature": MethodSpec((1, 0), OPERATOR, remove_spot),
    "getTgtConfiguration": MethodSpec((1, 1), ADMIN, get_tgt),
    "setTgtConfiguration": MethodSpec((1, 1), ADMIN, set_tgt),
    "addGroup": MethodSpec((1, 2), OPERATOR, add_group),
    "updateGroup": MethodSpec((1, 2), ADMIN, update_group),
    "removeGroup": MethodSpec((1, 2), ADMIN, remove_group),
    "listGroups": MethodSpec((1, 2), OPERATOR, list_groups),
    "getGroupStatus": MethodSpec((1, 2), OPERATOR, group_status),
    "listSpotMeters": MethodSpec((1, 3), OPERATOR, list_spot_meters),
    "listOverlayChannels": MethodSpec((1, 3), OPERATOR, list_overlay_channels),
    "addOverlayChannel": MethodSpec((1, 3), ADMIN, add_overlay_channel),
    "removeOverlayChannel": MethodSpec((1, 3), ADMIN, remove_overlay_channel),
}


# ---------------------------------------------------------------------- DayNight


def handle_daynight(camera: SimulatedCamera, body: dict[str, Any], variants: Variants) -> Any:
    """DayNight as 004 specifies it: every method but getSupportedVersions names its channel.

    ``setConfiguration`` replaces the channel's configuration: a setting left out of the
    request returns to its default, so a client must send back what it does not change.
    """
    assert camera.daynight is not None
    method = body["method"]
    if method == "getSupportedVersions":
        return {"apiVersions": ["1.0"]}
    _version(body.get("apiVersion", "1.0"), (1, 0))
    p = Params(body.get("params"))
    channels = camera.daynight
    if method not in ("getCapabilities", "getConfiguration", "setConfiguration"):
        raise SimError(2102, "Method not supported.")
    channel = p.integer("channel")
    if channel not in channels:
        raise SimError(2104, "Invalid parameter value specified.")
    state = channels[channel]
    if method == "getCapabilities":
        return [
            {
                "channel": channel,
                "AutotuneSupport": state.autotune_support,
                "NightDayShiftLevelSupport": state.night_day_shift_level_support,
            }
        ]
    if method == "getConfiguration":
        return [_daynight_config(channel, state)]
    defaults = SimDayNight()
    level = p.integer("DayNightShiftLevel", defaults.day_night_shift_level)
    night_level = p.integer("NightDayShiftLevel", None)
    day_dwell = p.get("DayNightDwellTime", (int, float), defaults.day_night_dwell_time)
    night_dwell = p.get("NightDayDwellTime", (int, float), defaults.night_day_dwell_time)
    autotune = p.get("Autotune", bool, None)
    if not 0 <= level <= 100 or (night_level is not None and not 0 <= night_level <= 100):
        raise SimError(2104, "Invalid parameter value specified.")
    if not (1 <= day_dwell <= 600 and 1 <= night_dwell <= 600):
        raise SimError(2104, "Invalid parameter value specified.")
    if autotune is not None and not state.autotune_support:
        raise SimError(1100, "Internal error, NightDayShiftLevel Autotune not supported.")
    if autotune is None and state.autotune_support:
        autotune = defaults.autotune
    if night_level is not None:
        if not state.night_day_shift_level_support:
            raise SimError(1100, "Internal error, NightDayShiftLevel Autotune not supported.")
        if autotune and state.autotune_support:
            raise SimError(1100, "Internal error, autotune set to true.")
    elif state.night_day_shift_level_support:
        night_level = defaults.night_day_shift_level
    state.day_night_shift_level = level
    state.day_night_dwell_time, state.night_day_dwell_time = day_dwell, night_dwell
    if autotune is not None:
        state.autotune = autotune
    if night_level is not None:
        state.night_day_shift_level = night_level
    return {} if variants.empty_daynight_set else [_daynight_config(channel, state)]


def _daynight_config(channel: int, state: Any) -> dict[str, Any]:
    config: dict[str, Any] = {
        "channel": channel,
        "DayNightDwellTime": state.day_night_dwell_time,
        "DayNightShiftLevel": state.day_night_shift_level,
        "NightDayDwellTime": state.night_day_dwell_time,
    }
    if state.night_day_shift_level_support:
        config["NightDayShiftLevel"] = state.night_day_shift_level
    if state.autotune_support:
        config["Autotune"] = state.autotune
    return config
