"""The VAPIX Thermometry API (``/axis-cgi/thermometry.cgi``), versions 1.0 to 1.3.

Responses are parsed liberally: every spelling the specification documents is accepted
(``minCoordinates``/``minPos``, ``imagesource``/``imageSource``, ``vertices``/``position``,
``if_triggered``/``"if triggered"``, integer or float temperatures, empty group details).
Requests use the form the syntax sections give.
"""

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any, Final

from ._parse import (
    MAX_ID,
    Items,
    Point,
    as_bool,
    as_bounded_int,
    as_enum,
    as_id,
    as_list,
    as_mapping,
    as_name,
    as_point,
    as_str,
    as_temperature,
    as_temperature_delta,
    first_key,
    items_of,
    list_of,
    malformed,
    optional,
    pick,
    required,
    to_wire_number,
)
from .errors import VapixNotSupportedError, VapixValidationError
from .models import (
    ApiVersion,
    Area,
    AreaOverlay,
    AreaSettings,
    AreaStatus,
    AreaTemperature,
    CoordinateSystem,
    DetectionType,
    Group,
    GroupMeasurement,
    GroupMember,
    GroupSettings,
    GroupStatus,
    IsothermLevels,
    Measurement,
    SpotMeter,
    SpotTemperature,
    TemperatureScale,
    TgtConfiguration,
    ThermometryCapabilities,
)
from .transport import JsonErrorCodes, VapixTransport
from .validation import (
    validate_area,
    validate_area_ids,
    validate_group,
    validate_isotherm_levels,
    validate_spot_coordinates,
)

PATH: Final = "/axis-cgi/thermometry.cgi"
API_ID: Final = "thermometry"

V1_0: Final = ApiVersion(1, 0)
V1_1: Final = ApiVersion(1, 1)  # thermometric guard tour
V1_2: Final = ApiVersion(1, 2)  # groups, isotherm minimum
V1_3: Final = ApiVersion(1, 3)  # spot meter per image source, overlay channels
NEWEST_KNOWN: Final = V1_3
MAX_IMAGE_SOURCE: Final = 63

ERROR_CODES: Final = JsonErrorCodes(
    # 2109 "Authorization failed" and 2110, which 000's table calls "Authentication failed"
    # but its examples use for "User is not authorized to this request, permission denied".
    authorization=frozenset({2109, 2110}),
    # 2100 "API version not supported", 2102 "Method not supported", 1202 "Method not
    # supported: no guard tour settings available since camera is fixed", and 3000 which the
    # getConfigurationCapabilities example uses for an unsupported version.
    not_supported=frozenset({2100, 2102, 1202, 3000}),
)


class ThermometryApi:
    """Thermometry methods; call :meth:`negotiate` (or set ``version``) before the rest."""

    def __init__(self, transport: VapixTransport) -> None:
        """Use ``transport`` for every request."""
        self._transport = transport
        self.version: ApiVersion | None = None
        self.capabilities: ThermometryCapabilities | None = None
        # API 1.3's spot meter per image source; False once a 1.3 camera refuses it (2102),
        # after which the spot meter is used the 1.0 way.
        self.spot_per_source = True

    # ------------------------------------------------------------------ plumbing

    async def _call(
        self, method: str, params: Mapping[str, Any] | None = None, *, since: ApiVersion = V1_0
    ) -> Any:
        version = self.version or V1_0
        if version < since:
            raise VapixNotSupportedError(
                f"{method} needs Thermometry API {since}; the camera offers {version}"
            )
        return await self._transport.call_json(
            PATH,
            method,
            codes=ERROR_CODES,
            api_version=str(version),
            params={} if params is None else params,
        )

    async def _capabilities(self) -> ThermometryCapabilities:
        return self.capabilities or await self.get_capabilities()

    # ------------------------------------------------------------------ versions & capabilities

    async def get_supported_versions(self) -> tuple[ApiVersion, ...]:
        """List the API versions the camera supports (highest minor per major)."""
        data = await self._transport.call_json(
            PATH, "getSupportedVersions", codes=ERROR_CODES, api_version=None
        )
        versions = required(
            as_mapping(data, "getSupportedVersions"), ("apiVersions",), as_list, "data"
        )
        return tuple(ApiVersion.parse(as_str(item, "apiVersions[]")) for item in versions)

    async def negotiate(self) -> ApiVersion:
        """Pick the highest version the camera offers that this client knows, and use it.

        A camera offering ``1.4`` is spoken to as ``1.3``: minor versions are compatible.
        """
        offered = [v for v in await self.get_supported_versions() if v.major == 1]
        if not offered:
            raise VapixNotSupportedError("the camera offers no Thermometry API 1.x")
        self.version = min(max(offered), NEWEST_KNOWN)
        return self.version

    async def get_capabilities(self) -> ThermometryCapabilities:
        """Read the limits and the current temperature scale (and cache them)."""
        self.capabilities = parse_capabilities(await self._call("getConfigurationCapabilities"))
        return self.capabilities

    async def set_temperature_scale(self, scale: TemperatureScale) -> None:
        """Switch the camera between Celsius and Fahrenheit.

        Every temperature the camera reports or accepts changes scale, so cached capabilities
        are dropped.
        """
        await self._call("setTemperatureScale", {"unit": str(scale)})
        self.capabilities = None

    # ------------------------------------------------------------------ isotherm

    async def get_isotherm_levels(self) -> IsothermLevels:
        """Read the isotherm palette levels."""
        return parse_isotherm_levels(await self._call("getIsothermLevels"))

    async def set_isotherm_levels(
        self,
        *,
        high: float | None = None,
        middle: float | None = None,
        low: float | None = None,
        minimum: float | None = None,
        render_overlay: bool | None = None,
    ) -> IsothermLevels:
        """Change the given isotherm levels, keeping the others; return the levels sent.

        ``setIsothermLevels`` takes every level at once and resets an omitted ``min`` to the
        lowest temperature (000), so the current levels are read first and sent back for
        every level not given. Validated against the capabilities before sending.
        """
        current = await self.get_isotherm_levels()
        levels = IsothermLevels(
            high=pick(high, current.high),
            middle=pick(middle, current.middle),
            low=pick(low, current.low),
            minimum=pick(minimum, current.minimum),
            render_overlay=pick(render_overlay, current.render_overlay),
        )
        capabilities = await self._capabilities()
        validate_isotherm_levels(
            levels, capabilities, supports_minimum=(self.version or V1_0) >= V1_2
        )
        params: dict[str, Any] = {
            "high": to_wire_number(levels.high),
            "middle": to_wire_number(levels.middle),
            "low": to_wire_number(levels.low),
        }
        if levels.minimum is not None:
            params["min"] = to_wire_number(levels.minimum)
        params["renderOverlay"] = levels.render_overlay
        await self._call("setIsothermLevels", params)
        return levels

    # ------------------------------------------------------------------ areas

    async def list_areas(self, preset: int = 0) -> tuple[Area, ...]:
        """List areas of ``preset`` (0: every preset)."""
        data = as_mapping(await self._call("listAreas", {"presetNbr": preset}), "listAreas")
        return items_of(first_key(data, ("areaList",), "listAreas"), parse_area, "areaList")

    async def get_area_status(self) -> Items[AreaStatus]:
        """Current temperatures of the active areas (on PTZ cameras: the current preset's)."""
        data = as_mapping(await self._call("getAreaStatus"), "getAreaStatus")
        return items_of(
            first_key(data, ("areaList",), "getAreaStatus"), parse_area_status, "areaList"
        )

    async def add_area(self, area: AreaSettings) -> int:
        """Add an area and return its id."""
        validate_area(area, await self._capabilities())
        data = as_mapping(await self._call("addArea", area_params(area)), "addArea")
        return required(data, ("id",), as_id, "addArea")

    async def area(self, area_id: int) -> Area:
        """One area's configuration as the camera holds it now."""
        return (await self.prepare_area_updates({area_id: {}}))[0]

    async def prepare_area_updates(
        self, changes: Mapping[int, Mapping[str, Any]]
    ) -> tuple[Area, ...]:
        """The areas as ``updateArea`` would send them, validated; nothing is sent.

        Each is read from the camera and ``changes`` (fields of :class:`AreaSettings`, per
        area id) applied. A write to several areas is sent only once every area is known to
        be valid (:meth:`send_area_updates`), so a refused one leaves none half-applied.
        """
        listed = {area.id: area for area in await self.list_areas()}
        capabilities = await self._capabilities()
        areas = []
        for area_id, change in changes.items():
            if area_id not in listed:
                raise VapixValidationError(
                    "unknown_area", f"the camera has no area {area_id}", {"area_id": area_id}
                )
            area = replace(listed[area_id], **change)
            validate_area(area, capabilities)
            areas.append(area)
        return tuple(areas)

    async def send_area_updates(self, areas: Sequence[Area]) -> None:
        """Send areas :meth:`prepare_area_updates` made, one ``updateArea`` each."""
        for area in areas:
            await self._call("updateArea", {"id": area.id, **area_params(area)})

    async def update_area(self, area_id: int, changes: Mapping[str, Any]) -> Area:
        """Change the given settings of an area, keeping the others; return the area sent.

        ``updateArea`` replaces the whole area, so the area is read from the camera first
        and sent back with only ``changes`` (fields of :class:`AreaSettings`) applied.
        """
        (area,) = await self.prepare_area_updates({area_id: changes})
        await self.send_area_updates((area,))
        return area

    async def check_area_removal(self, area_ids: Sequence[int]) -> None:
        """Validate a ``removeAreas`` before anything is sent."""
        validate_area_ids(area_ids, await self._capabilities())

    async def remove_areas(self, area_ids: Sequence[int]) -> None:
        """Remove areas by id (at most ``maxNumberOfAreas`` per request, 000 says)."""
        await self.check_area_removal(area_ids)
        await self._call("removeAreas", {"areas": list(area_ids)})

    # ------------------------------------------------------------------ spot meter

    async def add_spot_temperature(
        self,
        coordinates: Point,
        coordinate_system: CoordinateSystem = CoordinateSystem.NEG1_1,
        image_source: int | None = None,
    ) -> None:
        """Move the spot meter (per image source from API 1.3) and render it."""
        validate_spot_coordinates(coordinates, coordinate_system)
        params: dict[str, Any] = {
            "spotCoordinates": [coordinates[0], coordinates[1]],
            "coordinateSystem": str(coordinate_system),
        }
        params, since = self._spot_source(params, image_source)
        await self._call("addSpotTemperature", params, since=since)

    async def get_spot_temperature(
        self,
        coordinate_system: CoordinateSystem = CoordinateSystem.NEG1_1,
        image_source: int | None = None,
    ) -> SpotTemperature:
        """Read the spot meter's temperature (of one image source from API 1.3)."""
        params, since = self._spot_source(
            {"coordinateSystem": str(coordinate_system)}, image_source
        )
        spot = parse_spot_temperature(await self._call("getSpotTemperature", params, since=since))
        if spot.image_source is None and image_source is not None:
            spot = replace(spot, image_source=image_source)
        return spot

    async def remove_spot_temperature(self, image_source: int | None = None) -> None:
        """Remove the spot meter (of one image source from API 1.3)."""
        params, since = self._spot_source({}, image_source)
        await self._call("removeSpotTemperature", params, since=since)

    def _spot_source(
        self, params: dict[str, Any], image_source: int | None
    ) -> tuple[dict[str, Any], ApiVersion]:
        """``params`` with ``imageSource`` where the camera takes it, and the version needed.

        Image source 0 on a camera without per-source spot meters is its only spot meter.
        """
        if image_source is None or (image_source == 0 and not self.per_source_spots):
            return params, V1_0
        return {**params, "imageSource": image_source}, V1_3

    @property
    def per_source_spots(self) -> bool:
        """Whether spot meters are per image source (API 1.3, unless the camera refused it)."""
        return (self.version or V1_0) >= V1_3 and self.spot_per_source

    async def spot_sources(self) -> tuple[int, ...]:
        """Image sources with an active spot meter: from ``listSpotMeters`` on API 1.3.

        A 1.3 camera that answers "not supported" is treated as a 1.2 camera from then on:
        one spot meter, on image source 0.
        """
        if not self.per_source_spots:
            return (0,)
        try:
            meters = await self.list_spot_meters()
        except VapixNotSupportedError:
            self.spot_per_source = False
            return (0,)
        return tuple(meter.image_source for meter in meters if meter.active)

    async def list_spot_meters(self) -> tuple[SpotMeter, ...]:
        """List the spot meter of every image source (API 1.3)."""
        data = as_mapping(await self._call("listSpotMeters", since=V1_3), "listSpotMeters")
        return list_of(
            required(data, ("spotMeterList", "spotMeters"), as_list, "listSpotMeters"),
            parse_spot_meter,
            "spotMeterList",
        )

    # ------------------------------------------------------------------ overlay channels (1.3)

    async def list_overlay_channels(self) -> tuple[int, ...]:
        """Video channels the thermometry overlays are drawn on (API 1.3)."""
        data = as_mapping(
            await self._call("listOverlayChannels", since=V1_3), "listOverlayChannels"
        )
        channels = required(data, ("overlayChannels", "channels"), as_list, "listOverlayChannels")
        return tuple(as_id(channel, "overlayChannels[]") for channel in channels)

    async def add_overlay_channel(self, channel: int) -> None:
        """Draw the thermometry overlays on ``channel`` too (API 1.3)."""
        await self._call("addOverlayChannel", {"channel": channel}, since=V1_3)

    async def remove_overlay_channel(self, channel: int) -> None:
        """Stop drawing the thermometry overlays on ``channel`` (API 1.3)."""
        await self._call("removeOverlayChannel", {"channel": channel}, since=V1_3)

    # ------------------------------------------------------------------ guard tour (1.1)

    async def get_tgt_configuration(self) -> TgtConfiguration:
        """Read the thermometric guard tour settings (PTZ cameras; 1202 on fixed ones)."""
        data = as_mapping(
            await self._call("getTgtConfiguration", since=V1_1), "getTgtConfiguration"
        )
        return TgtConfiguration(
            pause_on_alarm=required(data, ("pauseOnAlarm",), as_bool, "tgt"),
            auto_resume=required(data, ("autoResume",), as_bool, "tgt"),
        )

    async def set_tgt_configuration(
        self, *, pause_on_alarm: bool | None = None, auto_resume: bool | None = None
    ) -> TgtConfiguration:
        """Change the given guard tour settings, keeping the other; return what was sent.

        ``setTgtConfiguration`` takes both settings, so the current ones are read first.
        """
        current = await self.get_tgt_configuration()
        config = TgtConfiguration(
            pause_on_alarm=pick(pause_on_alarm, current.pause_on_alarm),
            auto_resume=pick(auto_resume, current.auto_resume),
        )
        await self._call(
            "setTgtConfiguration",
            {"pauseOnAlarm": config.pause_on_alarm, "autoResume": config.auto_resume},
            since=V1_1,
        )
        return config

    # ------------------------------------------------------------------ groups (1.2)

    async def list_groups(self, preset: int = 0) -> tuple[Group, ...]:
        """List groups of ``preset`` (0: every preset)."""
        data = as_mapping(
            await self._call("listGroups", {"presetNbr": preset}, since=V1_2), "listGroups"
        )
        return items_of(first_key(data, ("grouplist",), "listGroups"), parse_group, "grouplist")

    async def get_group_status(self) -> Items[GroupStatus]:
        """Trigger state of the active groups (on PTZ cameras: the current preset's)."""
        data = as_mapping(await self._call("getGroupStatus", since=V1_2), "getGroupStatus")
        return items_of(
            first_key(data, ("grouplist",), "getGroupStatus"), parse_group_status, "grouplist"
        )

    async def add_group(self, group: GroupSettings) -> tuple[int, bool]:
        """Add a group; return its id and whether the camera actually enabled it."""
        validate_group(group, await self._capabilities())
        params = {**group_params(group), "presetNbr": group.preset}
        data = as_mapping(await self._call("addGroup", params, since=V1_2), "addGroup")
        group_id = required(data, ("id",), _group_id, "addGroup")
        enabled = optional(data, ("enabled",), as_bool, "addGroup")
        return group_id, group.enabled if enabled is None else enabled

    async def group(self, group_id: int) -> Group:
        """One group's configuration as the camera holds it now."""
        return (await self.prepare_group_updates({group_id: {}}))[0]

    async def prepare_group_updates(
        self, changes: Mapping[int, Mapping[str, Any]]
    ) -> tuple[Group, ...]:
        """The groups as ``updateGroup`` would send them, each validated; nothing is sent.

        As :meth:`prepare_area_updates`; an empty change only checks the group exists.
        """
        listed = {group.id: group for group in await self.list_groups()}
        capabilities = await self._capabilities()
        groups = []
        for group_id, change in changes.items():
            if group_id not in listed:
                raise VapixValidationError(
                    "unknown_group", f"the camera has no group {group_id}", {"group_id": group_id}
                )
            group = replace(listed[group_id], **change)
            if change:
                validate_group(group, capabilities)
            groups.append(group)
        return tuple(groups)

    async def send_group_update(self, group: Group) -> bool:
        """Send a group :meth:`prepare_group_updates` made; whether the camera left it enabled."""
        data = as_mapping(
            await self._call("updateGroup", {"id": group.id, **group_params(group)}, since=V1_2),
            "updateGroup",
        )
        enabled = optional(data, ("enabled",), as_bool, "updateGroup")
        return group.enabled if enabled is None else enabled

    async def update_group(self, group_id: int, changes: Mapping[str, Any]) -> bool:
        """Change the given settings of a group, keeping the others.

        ``updateGroup`` replaces the whole group, so the group is read from the camera first.
        Returns whether the camera left the group enabled.
        """
        (group,) = await self.prepare_group_updates({group_id: changes})
        return await self.send_group_update(group)

    async def remove_group(self, group_id: int) -> None:
        """Remove one group (``0`` removes every group of every preset)."""
        await self._call("removeGroup", {"id": group_id}, since=V1_2)


# ---------------------------------------------------------------------- request bodies


def area_params(area: AreaSettings) -> dict[str, Any]:
    """The ``addArea``/``updateArea`` parameters, spelled as the syntax section spells them."""
    return {
        "imagesource": area.image_source,
        "enabled": area.enabled,
        "name": area.name,
        "detectionType": str(area.detection_type),
        "measurement": str(area.measurement),
        "threshold": to_wire_number(area.threshold),
        "delay": area.delay,
        "vertices": [[x, y] for x, y in area.vertices],
        "areaOverlay": str(area.area_overlay),
        "temperatureOverlay": area.temperature_overlay,
        "presetNbr": area.preset,
    }


def group_params(group: GroupSettings) -> dict[str, Any]:
    """The ``addGroup``/``updateGroup`` parameters (``presetNbr`` only on add)."""
    return {
        "enabled": group.enabled,
        "name": group.name,
        "measurement": str(group.measurement),
        "threshold": to_wire_number(group.threshold),
        "delay": group.delay,
        "areaIds": list(group.area_ids),
        "groupOverlay": group.group_overlay,
    }


# ---------------------------------------------------------------------- response parsers


def parse_capabilities(value: object) -> ThermometryCapabilities:
    """Parse ``getConfigurationCapabilities`` data."""
    what = "capabilities"
    data = as_mapping(value, what)
    return ThermometryCapabilities(
        temperature_scale=required(
            data,
            ("currentTemperatureScale",),
            lambda v, w: as_enum(TemperatureScale, _lower(v), w),
            what,
        ),
        min_temperature=required(data, ("minTemperature",), _whole_temperature, what),
        max_temperature=required(data, ("maxTemperature",), _whole_temperature, what),
        max_areas=required(data, ("maxNumberOfAreas",), as_id, what),
        max_vertices=required(data, ("maxNumberOfVertices",), as_id, what),
        max_delay=required(data, ("maxDelayTime",), as_id, what),
        default_delay=optional(data, ("defaultDelayTime",), as_id, what) or 0,
        max_name_length=required(data, ("maxNameLength",), as_id, what),
        max_groups=optional(data, ("maxGroups", "maxNumberOfGroups"), as_id, what),
    )


def _whole_temperature(value: object, what: str) -> int:
    temperature = as_temperature(value, what)
    if not isinstance(temperature, int):
        raise malformed(what, value)
    return temperature


def parse_isotherm_levels(value: object) -> IsothermLevels:
    """Parse ``getIsothermLevels`` data."""
    what = "isothermLevels"
    data = as_mapping(value, what)
    return IsothermLevels(
        high=required(data, ("high",), as_temperature, what),
        middle=required(data, ("middle",), as_temperature, what),
        low=required(data, ("low",), as_temperature, what),
        minimum=optional(data, ("min",), as_temperature, what),
        render_overlay=optional(data, ("renderOverlay",), as_bool, what) or False,
    )


def _lower(value: object) -> object:
    return value.strip().lower() if isinstance(value, str) else value


def _area_overlay(value: object, what: str) -> AreaOverlay:
    # listAreas examples spell it "if triggered"; the syntax says "if_triggered".
    text = as_str(value, what).strip().lower().replace(" ", "_").replace("-", "_")
    return as_enum(AreaOverlay, text, what)


def parse_area(value: object, what: str = "area") -> Area:
    """Parse one ``listAreas`` entry."""
    data = as_mapping(value, what)
    vertices = required(data, ("vertices", "position", "positions"), as_list, what)
    return Area(
        id=required(data, ("id",), as_id, what),
        image_source=optional(data, ("imagesource", "imageSource"), _image_source, what) or 0,
        enabled=required(data, ("enabled",), as_bool, what),
        name=required(data, ("name",), as_name, what),
        detection_type=required(
            data, ("detectionType",), lambda v, w: as_enum(DetectionType, _lower(v), w), what
        ),
        measurement=required(
            data, ("measurement",), lambda v, w: as_enum(Measurement, _lower(v), w), what
        ),
        threshold=required(data, ("threshold",), as_temperature, what),
        delay=required(data, ("delay",), as_id, what),
        vertices=tuple(
            as_point(point, f"{what}.vertices[{index}]") for index, point in enumerate(vertices)
        ),
        area_overlay=optional(data, ("areaOverlay",), _area_overlay, what) or AreaOverlay.NONE,
        temperature_overlay=optional(data, ("temperatureOverlay",), as_bool, what) or False,
        preset=optional(data, ("presetNbr", "preset"), as_id, what) or 0,
    )


def _image_source(value: object, what: str) -> int:
    return as_bounded_int(value, what, 0, MAX_IMAGE_SOURCE)


def parse_area_status(value: object, what: str = "areaStatus") -> AreaStatus:
    """Parse one ``getAreaStatus`` entry (``minCoordinates`` or ``minPos`` alike)."""
    data = as_mapping(value, what)
    return AreaStatus(
        id=required(data, ("id",), as_id, what),
        average=required(data, ("avg", "average"), as_temperature, what),
        minimum=required(data, ("min", "minimum"), as_temperature, what),
        maximum=required(data, ("max", "maximum"), as_temperature, what),
        triggered=required(data, ("triggered",), as_bool, what),
        min_position=optional(data, ("minCoordinates", "minPos"), as_point, what),
        max_position=optional(data, ("maxCoordinates", "maxPos"), as_point, what),
    )


def parse_spot_temperature(value: object) -> SpotTemperature:
    """Parse ``getSpotTemperature`` data."""
    what = "spotTemperature"
    data = as_mapping(value, what)
    return SpotTemperature(
        temperature=required(data, ("spotTemperature", "temperature"), as_temperature, what),
        coordinates=_spot_position(data, what),
        render_overlay=optional(data, ("renderOverlay",), as_bool, what) or False,
        image_source=optional(data, ("imageSource", "imagesource"), _image_source, what),
    )


def parse_spot_meter(value: object, what: str = "spotMeter") -> SpotMeter:
    """Parse one ``listSpotMeters`` entry."""
    data = as_mapping(value, what)
    return SpotMeter(
        image_source=required(data, ("imageSource", "imagesource"), _image_source, what),
        active=required(data, ("active",), as_bool, what),
        coordinates=_spot_position(data, what),
    )


def _spot_position(data: Mapping[str, Any], what: str) -> Point | None:
    """Where a spot meter is: 000's ``spotCoordinates`` (or ``coordinates``), else ``x``/``y``.

    Public clients of real firmware read the position as ``x`` and ``y``, beside or in place
    of the documented pair.
    """
    position = optional(data, ("spotCoordinates", "coordinates"), as_point, what)
    if position is None and ("x" in data or "y" in data):
        return as_point(data, what)
    return position


def parse_group(value: object, what: str = "group") -> Group:
    """Parse one ``listGroups`` entry."""
    data = as_mapping(value, what)
    return Group(
        id=required(data, ("id",), _group_id, what),
        enabled=required(data, ("enabled",), as_bool, what),
        name=required(data, ("name",), as_name, what),
        measurement=required(
            data, ("measurement",), lambda v, w: as_enum(GroupMeasurement, _lower(v), w), what
        ),
        threshold=required(data, ("threshold",), as_temperature_delta, what),
        delay=required(data, ("delay",), as_id, what),
        area_ids=required(data, ("areaIds",), lambda v, w: list_of(v, as_id, w), what),
        group_overlay=optional(data, ("groupOverlay",), as_bool, what) or False,
        preset=optional(data, ("presetNbr",), as_id, what) or 0,
    )


def parse_group_status(value: object, what: str = "groupStatus") -> GroupStatus:
    """Parse one ``getGroupStatus`` entry; ``details`` may be empty or absent."""
    data = as_mapping(value, what)
    details = as_mapping(data.get("details") or {}, f"{what}.details")
    members = tuple(
        GroupMember(
            area_id=required(member, ("areaId",), as_id, "memberAreas[]"),
            area_name=optional(member, ("areaName",), as_name, "memberAreas[]") or "",
        )
        for member in list_of(details.get("memberAreas", []), as_mapping, "memberAreas")
    )
    max_area: AreaTemperature | None = None
    min_area: AreaTemperature | None = None
    for entry in list_of(details.get("maxDeviationAreas", []), as_mapping, "maxDeviationAreas"):
        if "maxAreaId" in entry:
            max_area = _area_temperature(entry, "max")
        elif "minAreaId" in entry:
            min_area = _area_temperature(entry, "min")
        else:
            raise malformed("maxDeviationAreas[]", entry)
    return GroupStatus(
        id=required(data, ("id",), _group_id, what),
        triggered=required(data, ("triggered",), as_bool, what),
        name=optional(details, ("name",), as_name, what),
        current_deviation=optional(details, ("currentDeviation",), as_temperature_delta, what),
        members=members,
        max_area=max_area,
        min_area=min_area,
    )


def _area_temperature(entry: Mapping[str, Any], end: str) -> AreaTemperature:
    what = f"maxDeviationAreas.{end}"
    return AreaTemperature(
        area_id=required(entry, (f"{end}AreaId",), as_id, what),
        temperature=required(entry, (f"{end}AreaTemp",), as_temperature, what),
    )


def _group_id(value: object, what: str) -> int:
    """Group ids start at 1; "0 is never used as an ID" (000)."""
    return as_bounded_int(value, what, 1, MAX_ID)
