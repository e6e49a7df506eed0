"""Typed, immutable models of what Axis devices report."""

from dataclasses import dataclass
from enum import StrEnum
import re
from typing import Self

from ._parse import Point
from .errors import VapixMalformedResponseError

# --------------------------------------------------------------------------- versions


@dataclass(frozen=True, slots=True, order=True)
class ApiVersion:
    """A ``<major>.<minor>`` API version."""

    major: int
    minor: int

    @classmethod
    def parse(cls, text: str) -> Self:
        """Parse ``"1.2"``; raise :class:`VapixMalformedResponseError` for anything else."""
        match = re.fullmatch(r"\s*([0-9]{1,4})\.([0-9]{1,4})\s*", text)
        if match is None:
            raise VapixMalformedResponseError(f"not an API version: {text!r}")
        return cls(int(match.group(1)), int(match.group(2)))

    def __str__(self) -> str:
        """Format as the devices do."""
        return f"{self.major}.{self.minor}"


# --------------------------------------------------------------------------- thermometry


class TemperatureScale(StrEnum):
    """The temperature scale a camera measures and reports in."""

    CELSIUS = "celsius"
    FAHRENHEIT = "fahrenheit"


class DetectionType(StrEnum):
    """When an area alarm triggers."""

    ABOVE = "above"
    BELOW = "below"
    INCREASE = "increase"
    DECREASE = "decrease"

    @property
    def is_rate(self) -> bool:
        """Whether the threshold is a change over the delay time rather than a level."""
        return self in (DetectionType.INCREASE, DetectionType.DECREASE)


class Measurement(StrEnum):
    """Which area temperature an area rule evaluates."""

    MAXIMUM = "maximum"
    MINIMUM = "minimum"
    AVERAGE = "average"


class GroupMeasurement(StrEnum):
    """Which area temperature a group compares; ``inherit`` uses each area's own setting."""

    MAXIMUM = "maximum"
    MINIMUM = "minimum"
    AVERAGE = "average"
    INHERIT = "inherit"


class AreaOverlay(StrEnum):
    """When an area is drawn in the video."""

    NONE = "none"
    ALWAYS = "always"
    IF_TRIGGERED = "if_triggered"


class CoordinateSystem(StrEnum):
    """Coordinate systems of the spot meter."""

    NEG1_1 = "coord_neg1_1"
    ZERO_1 = "coord_0_1"


@dataclass(frozen=True, slots=True, kw_only=True)
class ThermometryCapabilities:
    """``getConfigurationCapabilities``: limits in the camera's current scale."""

    temperature_scale: TemperatureScale
    min_temperature: int
    max_temperature: int
    max_areas: int
    max_vertices: int
    max_delay: int
    default_delay: int
    max_name_length: int
    max_groups: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class IsothermLevels:
    """Isotherm palette levels; ``minimum`` exists from API 1.2."""

    high: float
    middle: float
    low: float
    minimum: float | None = None
    render_overlay: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class AreaSettings:
    """Everything that configures a temperature detection area."""

    name: str
    enabled: bool = True
    detection_type: DetectionType = DetectionType.ABOVE
    measurement: Measurement = Measurement.MAXIMUM
    threshold: float = 0
    delay: int = 0
    vertices: tuple[Point, ...] = ()
    area_overlay: AreaOverlay = AreaOverlay.ALWAYS
    temperature_overlay: bool = True
    preset: int = 0
    image_source: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class Area(AreaSettings):
    """A configured area as ``listAreas`` reports it."""

    id: int


@dataclass(frozen=True, slots=True, kw_only=True)
class AreaStatus:
    """``getAreaStatus``: current temperatures and trigger state of one active area."""

    id: int
    average: float
    minimum: float
    maximum: float
    triggered: bool
    min_position: Point | None = None
    max_position: Point | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class SpotTemperature:
    """``getSpotTemperature``."""

    temperature: float
    coordinates: Point | None
    render_overlay: bool
    image_source: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class SpotMeter:
    """``listSpotMeters`` (API 1.3): the spot meter of one image source."""

    image_source: int
    active: bool
    coordinates: Point | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class TgtConfiguration:
    """Thermometric guard tour settings (API 1.1, PTZ cameras)."""

    pause_on_alarm: bool
    auto_resume: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class GroupSettings:
    """Everything that configures an area group (API 1.2)."""

    name: str
    enabled: bool = True
    measurement: GroupMeasurement = GroupMeasurement.AVERAGE
    threshold: float = 1
    delay: int = 0
    area_ids: tuple[int, ...] = ()
    group_overlay: bool = True
    preset: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class Group(GroupSettings):
    """A configured group as ``listGroups`` reports it."""

    id: int


@dataclass(frozen=True, slots=True, kw_only=True)
class GroupMember:
    """An area of a group, as ``getGroupStatus`` details name it."""

    area_id: int
    area_name: str


@dataclass(frozen=True, slots=True, kw_only=True)
class AreaTemperature:
    """One end of a group's deviation: an area and its temperature."""

    area_id: int
    temperature: float


@dataclass(frozen=True, slots=True, kw_only=True)
class GroupStatus:
    """``getGroupStatus``; ``details`` "may be empty", so only ``id`` and ``triggered`` are sure."""

    id: int
    triggered: bool
    name: str | None = None
    current_deviation: float | None = None
    members: tuple[GroupMember, ...] = ()
    max_area: AreaTemperature | None = None
    min_area: AreaTemperature | None = None


# --------------------------------------------------------------------------- daynight


@dataclass(frozen=True, slots=True, kw_only=True)
class DayNightCapabilities:
    """DayNight ``getCapabilities`` for one channel."""

    channel: int
    autotune_support: bool
    night_day_shift_level_support: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class DayNightConfiguration:
    """DayNight ``getConfiguration`` for one channel."""

    channel: int
    day_night_shift_level: int
    day_night_dwell_time: float
    night_day_dwell_time: float
    night_day_shift_level: int | None = None
    autotune: bool | None = None


# --------------------------------------------------------------------------- device


@dataclass(frozen=True, slots=True, kw_only=True)
class ApiDescription:
    """One entry of API Discovery's ``getApiList``."""

    id: str
    version: ApiVersion
    name: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class DeviceIdentity:
    """Who the device is, read from its parameters."""

    serial_number: str
    model: str
    product_name: str
    firmware_version: str
    mac_address: str | None
    brand: str = "AXIS"
    ptz: bool = False  # Properties.PTZ.PTZ


@dataclass(frozen=True, slots=True, kw_only=True)
class IoPort:
    """A physical I/O port, numbered as ``io/input.cgi`` / ``io/output.cgi`` number it (1-based)."""

    number: int
    name: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class PtzPreset:
    """A server preset position of a PTZ camera."""

    number: int
    name: str
    position: PtzPosition | None = None


@dataclass(frozen=True, slots=True)
class GuardTour:
    """A preset guard tour of a PTZ camera (``GuardTour.G<n>`` parameters)."""

    number: int
    name: str
    running: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class PtzPosition:
    """A pan/tilt/zoom position; a stored preset may give only some of the axes."""

    pan: float | None = None
    tilt: float | None = None
    zoom: float | None = None

    def close_to(self, other: PtzPosition, *, angle: float = 0.5, zoom: float = 2.0) -> bool:
        """Whether two positions agree, within the tolerances, on every axis both have."""
        compared = False
        for mine, theirs, tolerance in (
            (self.pan, other.pan, angle),
            (self.tilt, other.tilt, angle),
            (self.zoom, other.zoom, zoom),
        ):
            if mine is None or theirs is None:
                continue
            if abs(mine - theirs) > tolerance:
                return False
            compared = True
        return compared
