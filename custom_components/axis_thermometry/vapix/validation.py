"""Input rules of the Thermometry API, checked before anything is sent.

Each violated rule raises :class:`VapixValidationError` with a stable ``reason`` (used as a
translation key by the Home Assistant integration) and the values worth showing.
"""

from collections.abc import Collection, Sequence
import itertools
import math
from typing import Literal

from ._parse import Point
from .errors import VapixValidationError
from .models import (
    AreaSettings,
    CoordinateSystem,
    GroupSettings,
    IsothermLevels,
    ThermometryCapabilities,
)


def _require_integer(field: str, value: float) -> None:
    if not math.isfinite(value) or value != int(value):
        raise VapixValidationError(
            "not_integer", f"{field} must be a whole number, not {value}", {"field": field}
        )


def _require_range(
    field: str,
    value: float,
    minimum: float,
    maximum: float,
    *,
    temperature: Literal["absolute", "difference"] | None = None,
) -> None:
    if not minimum <= value <= maximum:
        difference = temperature == "difference"
        raise VapixValidationError(
            "out_of_range",
            f"{field} must be between {minimum} and {maximum}, not {value}",
            {"field": field, "value": value, "min": minimum, "max": maximum},
            dict.fromkeys(("value", "min", "max"), difference) if temperature else None,
        )


def isotherm_ranges(
    capabilities: ThermometryCapabilities,
) -> dict[str, tuple[int, int]]:
    """Allowed range of each isotherm level, exactly as ``setIsothermLevels`` specifies."""
    low_limit, high_limit = capabilities.min_temperature, capabilities.max_temperature
    return {
        "high": (low_limit + 3, high_limit),
        "middle": (low_limit + 2, high_limit - 1),
        "low": (low_limit + 1, high_limit - 2),
        "min": (low_limit, high_limit - 3),
    }


def validate_isotherm_levels(
    levels: IsothermLevels, capabilities: ThermometryCapabilities, *, supports_minimum: bool
) -> None:
    """Check ranges and the strict order ``min < low < middle < high``."""
    ranges = isotherm_ranges(capabilities)
    values: dict[str, float] = {"high": levels.high, "middle": levels.middle, "low": levels.low}
    if levels.minimum is not None:
        if not supports_minimum:
            raise VapixValidationError(
                "isotherm_minimum_unsupported",
                "the isotherm minimum level needs Thermometry API 1.2",
            )
        values["min"] = levels.minimum
    for field, value in values.items():
        _require_integer(field, value)
        _require_range(field, value, *ranges[field], temperature="absolute")
    ordered = [values[key] for key in ("min", "low", "middle", "high") if key in values]
    if any(lower >= upper for lower, upper in itertools.pairwise(ordered)):
        raise VapixValidationError(
            "isotherm_order",
            "isotherm levels must rise strictly: "
            + ("min < " if "min" in values else "")
            + "low < middle < high",
            dict(values),
            dict.fromkeys(values, False),
        )


def validate_name(name: str, capabilities: ThermometryCapabilities) -> None:
    """Names must be non-empty and no longer than ``maxNameLength``."""
    if not name.strip():
        raise VapixValidationError("name_empty", "the name must not be empty")
    if len(name) > capabilities.max_name_length:
        raise VapixValidationError(
            "name_too_long",
            f"the name has {len(name)} characters; the camera allows "
            f"{capabilities.max_name_length}",
            {"length": len(name), "max": capabilities.max_name_length},
        )


def validate_delay(delay: int, capabilities: ThermometryCapabilities) -> None:
    """Delays run from 0 to ``maxDelayTime`` seconds."""
    if not 0 <= delay <= capabilities.max_delay:
        raise VapixValidationError(
            "delay_out_of_range",
            f"the delay must be between 0 and {capabilities.max_delay} s, not {delay}",
            {"value": delay, "max": capabilities.max_delay},
        )


def validate_vertices(vertices: Sequence[Point], capabilities: ThermometryCapabilities) -> None:
    """A simple polygon of 3..maxNumberOfVertices unique points inside [-1, 1]²."""
    count = len(vertices)
    if not 3 <= count <= capabilities.max_vertices:
        raise VapixValidationError(
            "vertex_count",
            f"an area needs 3 to {capabilities.max_vertices} vertices, not {count}",
            {"count": count, "max": capabilities.max_vertices},
        )
    for x, y in vertices:
        if not (math.isfinite(x) and math.isfinite(y) and -1 <= x <= 1 and -1 <= y <= 1):
            raise VapixValidationError(
                "vertex_out_of_range",
                f"vertex [{x}, {y}] is outside the image (-1 to 1)",
                {"x": x, "y": y},
            )
    if len(set(vertices)) != count:
        raise VapixValidationError("vertices_not_unique", "the vertices must all differ")
    if _self_intersecting(vertices):
        raise VapixValidationError(
            "polygon_self_intersecting", "the edges of the area must not cross each other"
        )


def _self_intersecting(vertices: Sequence[Point]) -> bool:
    """Whether two non-adjacent edges of the closed polygon touch or cross."""
    edges = [(vertices[i], vertices[(i + 1) % len(vertices)]) for i in range(len(vertices))]
    for i, (a, b) in enumerate(edges):
        for j in range(i + 1, len(edges)):
            if j == i + 1 or (i == 0 and j == len(edges) - 1):
                continue  # neighbours share a vertex by construction
            c, d = edges[j]
            if _segments_intersect(a, b, c, d):
                return True
    return False


def _orientation(p: Point, q: Point, r: Point) -> float:
    return (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])


def _on_segment(p: Point, q: Point, r: Point) -> bool:
    return min(p[0], r[0]) <= q[0] <= max(p[0], r[0]) and min(p[1], r[1]) <= q[1] <= max(p[1], r[1])


def _segments_intersect(a: Point, b: Point, c: Point, d: Point) -> bool:
    o1, o2 = _orientation(a, b, c), _orientation(a, b, d)
    o3, o4 = _orientation(c, d, a), _orientation(c, d, b)
    if (o1 > 0) != (o2 > 0) and (o3 > 0) != (o4 > 0) and 0 not in (o1, o2, o3, o4):
        return True
    return (
        (o1 == 0 and _on_segment(a, c, b))
        or (o2 == 0 and _on_segment(a, d, b))
        or (o3 == 0 and _on_segment(c, a, d))
        or (o4 == 0 and _on_segment(c, b, d))
    )


def validate_area(area: AreaSettings, capabilities: ThermometryCapabilities) -> None:
    """Check an area against every rule ``addArea``/``updateArea`` document."""
    validate_name(area.name, capabilities)
    validate_vertices(area.vertices, capabilities)
    validate_delay(area.delay, capabilities)
    _require_integer("threshold", area.threshold)
    span = capabilities.max_temperature - capabilities.min_temperature
    if area.detection_type.is_rate:
        if area.threshold <= 0:
            raise VapixValidationError(
                "threshold_not_positive",
                "for increase/decrease detection the threshold is a temperature change and "
                "must be positive",
                {"value": area.threshold},
                {"value": True},
            )
        _require_range("threshold", area.threshold, 1, span, temperature="difference")
    else:
        _require_range(
            "threshold",
            area.threshold,
            capabilities.min_temperature,
            capabilities.max_temperature,
            temperature="absolute",
        )
    for field, number in (("preset", area.preset), ("image source", area.image_source)):
        if number < 0:
            raise VapixValidationError(
                "negative_number", f"the {field} number cannot be negative", {"field": field}
            )


def validate_area_ids(area_ids: Sequence[int], capabilities: ThermometryCapabilities) -> None:
    """``removeAreas`` takes at least one id, each once, at most ``maxNumberOfAreas`` (000)."""
    if not area_ids:
        raise VapixValidationError("no_areas", "name at least one area")
    if len(set(area_ids)) != len(area_ids):
        raise VapixValidationError("area_ids_not_unique", "each area may be named only once")
    if len(area_ids) > capabilities.max_areas:
        raise VapixValidationError(
            "too_many_areas_per_request",
            f"at most {capabilities.max_areas} areas can be removed at once",
            {"count": len(area_ids), "max": capabilities.max_areas},
        )


def validate_group(group: GroupSettings, capabilities: ThermometryCapabilities) -> None:
    """Check a group against the rules ``addGroup``/``updateGroup`` document."""
    validate_name(group.name, capabilities)
    validate_delay(group.delay, capabilities)
    _require_integer("threshold", group.threshold)
    span = capabilities.max_temperature - capabilities.min_temperature
    _require_range("threshold", group.threshold, 1, span, temperature="difference")
    if len(set(group.area_ids)) != len(group.area_ids):
        raise VapixValidationError("group_areas_not_unique", "a group lists each area once")
    if len(group.area_ids) > capabilities.max_areas:
        raise VapixValidationError(
            "too_many_group_areas",
            f"a group holds at most {capabilities.max_areas} areas",
            {"count": len(group.area_ids), "max": capabilities.max_areas},
        )


def validate_spot_coordinates(coordinates: Point, system: CoordinateSystem) -> None:
    """Spot coordinates lie in [-1, 1] or [0, 1] depending on the coordinate system."""
    low = -1.0 if system is CoordinateSystem.NEG1_1 else 0.0
    x, y = coordinates
    if not (math.isfinite(x) and math.isfinite(y) and low <= x <= 1 and low <= y <= 1):
        raise VapixValidationError(
            "spot_out_of_range",
            f"spot coordinates must lie between {low:g} and 1 in {system}",
            {"x": x, "y": y, "min": f"{low:g}"},
        )


def validate_daynight_values(
    *,
    shift_levels: Sequence[int | None] = (),
    dwell_times: Sequence[float | None] = (),
) -> None:
    """DayNight shift levels are 0–100, dwell times 1–600 s."""
    for level in shift_levels:
        if level is not None:
            _require_range("shift level", level, 0, 100)
    for dwell in dwell_times:
        if dwell is not None:
            _require_range("dwell time", dwell, 1, 600)


def validate_known_ids(
    ids: Sequence[int], known: Collection[int], kind: Literal["area", "group"]
) -> None:
    """Every id names an existing area or group, and at least one is given."""
    if not ids:
        if kind == "area":
            raise VapixValidationError("no_areas", "name at least one area")
        raise VapixValidationError("no_groups", "name at least one group")
    if unknown := sorted({i for i in ids if i not in known}):
        listed = ", ".join(map(str, unknown))
        if kind == "area":
            raise VapixValidationError(
                "unknown_area", f"the camera has no area {listed}", {"area_id": listed}
            )
        raise VapixValidationError(
            "unknown_group", f"the camera has no group {listed}", {"group_id": listed}
        )


def validate_preset(preset: int, presets: Collection[int], *, ptz: bool) -> None:
    """``presetNbr`` "must be an existing preset number for PTZ cameras" (000)."""
    if ptz and preset not in presets:
        raise VapixValidationError(
            "unknown_preset",
            f"the camera has no preset {preset}",
            {"preset": preset, "presets": ", ".join(map(str, sorted(presets))) or "-"},
        )


def validate_room_on_preset(
    preset: int, presets_in_use: Sequence[int], limit: int | None, kind: Literal["area", "group"]
) -> None:
    """At most ``maxNumberOfAreas`` areas / ``maxGroups`` groups per preset (000)."""
    if limit is None or sum(1 for p in presets_in_use if p == preset) < limit:
        return
    placeholders = {"max": limit, "preset": preset}
    if kind == "area":
        raise VapixValidationError(
            "too_many_areas", f"the camera allows {limit} areas per preset", placeholders
        )
    raise VapixValidationError(
        "too_many_groups", f"the camera allows {limit} groups per preset", placeholders
    )
