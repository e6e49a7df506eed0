"""The simulated camera's state and physics.

Temperatures live in Celsius internally and are converted to the camera's current scale at
the edge. Time comes from an injectable clock, and alarms are evaluated lazily whenever the
camera is asked: an area's condition must have held for ``delay`` seconds of that clock.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
import math
import time
from typing import Any, Literal

Point = tuple[float, float]
Scale = Literal["celsius", "fahrenheit"]

VIEWER, OPERATOR, ADMIN = 1, 2, 3


def c_to_f(value: float) -> float:
    return value * 9 / 5 + 32


def f_to_c(value: float) -> float:
    return (value - 32) * 5 / 9


def to_scale(celsius: float, scale: Scale) -> float:
    return c_to_f(celsius) if scale == "fahrenheit" else celsius


def from_scale(value: float, scale: Scale) -> float:
    return f_to_c(value) if scale == "fahrenheit" else value


def delta_to_scale(celsius_delta: float, scale: Scale) -> float:
    return celsius_delta * 9 / 5 if scale == "fahrenheit" else celsius_delta


def point_in_polygon(point: Point, polygon: list[Point]) -> bool:
    x, y = point
    inside = False
    for i, (x1, y1) in enumerate(polygon):
        x2, y2 = polygon[(i + 1) % len(polygon)]
        if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
            inside = not inside
    return inside


@dataclass
class Variants:
    """Which of the specification's contradictory forms the camera sends, and how real
    firmware spells what the documents spell otherwise."""

    status_positions: Literal["coordinates", "pos"] = "coordinates"
    image_source_key: Literal["imagesource", "imageSource"] = "imagesource"
    vertices_key: Literal["position", "vertices"] = "position"
    if_triggered: Literal["if_triggered", "if triggered"] = "if_triggered"
    integer_temperatures: bool = False
    empty_group_details: bool = False
    json_error_status: int | None = None  # None: the general error table's statuses
    auth_error_body: Literal["html", "json"] = "html"
    empty_daynight_set: bool = False  # setConfiguration answers ``data: {}``
    # Real firmware, as Axis's own clients read it: "arealist", "grouplist", "spotmeterlist".
    lower_case_lists: bool = False
    # The spot meter's position as "x" and "y" (public flows), not 000's "spotCoordinates".
    spot_xy: bool = False

    def list_key(self, documented: str) -> str:
        """The key of a list answer: as documented, or as the firmware spells it."""
        return documented.lower() if self.lower_case_lists else documented


@dataclass
class SimArea:
    """A configured area plus the scene temperature the simulator gives it."""

    id: int
    name: str
    enabled: bool
    detection_type: str
    measurement: str
    threshold: int  # in the camera's current scale (a change for increase/decrease)
    delay: int
    vertices: list[Point]
    area_overlay: str = "always"
    temperature_overlay: bool = True
    preset: int = 0
    image_source: int = 0
    base_c: float = 20.0
    spread_c: float = 6.0
    condition_since: float | None = None
    triggered: bool = False
    history: deque[tuple[float, float]] = field(default_factory=lambda: deque(maxlen=4096))


@dataclass
class SimGroup:
    id: int
    name: str
    enabled: bool
    measurement: str
    threshold: int  # a temperature difference in the current scale
    delay: int
    area_ids: list[int]
    group_overlay: bool = True
    preset: int = 0
    condition_since: float | None = None
    triggered: bool = False


@dataclass
class SimSpot:
    coordinates: Point = (0.0, 0.0)  # coord_neg1_1
    active: bool = True


@dataclass
class SimPreset:
    name: str
    pan: float
    tilt: float
    zoom: float
    # The axes the camera stores in PTZ.Preset...Data (real PTZ cameras store some only).
    stored_axes: tuple[str, ...] = ("tilt", "pan", "zoom")

    def data(self) -> str:
        """The stored position as ``PTZ.Preset.P0.Position.P<n>.Data`` gives it."""
        return ":".join(f"{axis}={getattr(self, axis):g}" for axis in self.stored_axes)


@dataclass
class SimDayNight:
    autotune_support: bool = True
    night_day_shift_level_support: bool = True
    day_night_shift_level: int = 50
    night_day_shift_level: int = 50
    day_night_dwell_time: float = 3
    night_day_dwell_time: float = 3
    autotune: bool = True


@dataclass
class Isotherm:
    high: int = 100
    middle: int = 50
    low: int = 10
    minimum: int = -40
    render_overlay: bool = False


@dataclass
class Thermals:
    """Everything thermometry.cgi reads and writes."""

    api_version: tuple[int, int]
    scale: Scale = "celsius"
    min_c: int = -40
    max_c: int = 350
    max_areas: int = 10
    max_vertices: int = 10
    max_delay: int = 300
    default_delay: int = 5
    max_name_length: int = 60
    max_groups: int = 5
    isotherm: Isotherm = field(default_factory=Isotherm)
    areas: dict[int, SimArea] = field(default_factory=dict)
    groups: dict[int, SimGroup] = field(default_factory=dict)
    spots: dict[int, SimSpot] = field(default_factory=lambda: {0: SimSpot()})
    image_sources: tuple[int, ...] = (0,)
    overlay_channels: list[int] = field(default_factory=list)
    allowed_overlay_channels: tuple[int, ...] = ()
    tgt_pause_on_alarm: bool = True
    tgt_auto_resume: bool = True
    # 000: getIsothermLevels/setIsothermLevels "should only be used together with isothermal
    # palettes"; a camera that enforces it answers 2102 while another palette is in use.
    isotherm_needs_iso_palette: bool = False
    # Methods this camera answers with 2102 "Method not supported" (e.g. 1.3 methods on a
    # camera that reports 1.3 but lacks them).
    unsupported_methods: set[str] = field(default_factory=set)
    # API 1.3's imageSource on spot methods; False: refused with 2104 as by a 1.2 camera.
    image_source_spots: bool = True
    ambient_c: float = 21.0
    drift_amplitude_c: float = 0.0
    drift_period_s: float = 120.0

    @property
    def min_temperature(self) -> int:
        return round(to_scale(self.min_c, self.scale))

    @property
    def max_temperature(self) -> int:
        return round(to_scale(self.max_c, self.scale))

    def supports(self, major: int, minor: int) -> bool:
        return self.api_version >= (major, minor)


class SimulatedCamera:
    """One camera: state, physics, security, knobs. Handlers live in :mod:`.camera`."""

    def __init__(
        self,
        *,
        serial: str,
        model: str,
        product_name: str,
        firmware: str,
        thermals: Thermals,
        params: dict[str, str],
        palettes: tuple[str, ...],
        presets: dict[int, SimPreset] | None = None,
        daynight: dict[int, SimDayNight] | None = None,
        io_ports: list[tuple[str, str | None]] | None = None,
        ioport_params: bool = True,
        port_management: bool = False,
        virtual_inputs: int = 0,
        api_discovery: bool = True,
        modern_params: bool = True,
        input_monitor: bool = True,
        event_stream: bool = True,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """``io_ports``: (direction, name) of ``IOPort.I0``, ``IOPort.I1``, ...

        With ``ioport_params`` the ports are numbered as current firmware numbers them
        everywhere: ``IOPort.I<n>`` is port ``n + 1`` of ``check``, ``action`` and
        ``monitor``. Without, the device is 2002 firmware: only ``Input.NbrOfInputs`` and
        ``Output.NbrOfOutputs``, inputs and outputs each numbered from 1.
        """
        self.serial = serial
        self.model = model
        self.product_name = product_name
        self.firmware = firmware
        self.thermals = thermals
        self.params = params
        self.palettes = palettes
        self.presets = presets  # None: not a PTZ camera
        self.daynight = daynight  # None: no DayNight API
        self.port_management = port_management
        self.inputs: dict[int, bool] = {}
        self.outputs: dict[int, bool] = {}
        self.configure_io(io_ports or [], ioport_params=ioport_params)
        self.virtual_inputs = dict.fromkeys(range(1, virtual_inputs + 1), False)
        self.api_discovery = api_discovery
        self.modern_params = modern_params
        self.input_monitor = input_monitor
        # Event streaming over WebSocket (API Discovery lists it; needs API Discovery).
        self.event_stream = event_stream and api_discovery
        self.thermometry = True  # False: an Axis camera without the Thermometry API
        # A bispectral camera's visual image source (video channel source + 1); None: thermal
        # only. ``ImageSource.NbrOfSources`` counts it.
        self.visual_source: int | None = None
        # The document camera's examples by (API, method): answered verbatim when set.
        self.documents: Mapping[tuple[str, str], Any] | None = None
        self.document_errors = False  # answer with the examples' error answers instead
        self.variants = Variants()
        self.clock = clock
        self.users: dict[str, tuple[str, int]] = {
            "root": ("pass", ADMIN),
            "operator": ("operator", OPERATOR),
            "viewer": ("viewer", VIEWER),
        }
        self.position: tuple[float, float, float] = (0.0, 0.0, 1.0)
        self.current_preset: int | None = None
        self.input_listeners: list[Callable[[int, bool], None]] = []
        self.virtual_input_listeners: list[Callable[[int, bool], None]] = []
        self.output_listeners: list[Callable[[int, bool], None]] = []
        # Called with ("area" | "group", id) for every alarm that turned on or off.
        self.alarm_listeners: list[Callable[[list[tuple[str, int]]], None]] = []
        self.output_log: list[tuple[float, int, bool]] = []
        if presets:
            self.goto_preset(min(presets))

    def configure_io(
        self, io_ports: list[tuple[str, str | None]], *, ioport_params: bool = True
    ) -> None:
        """Test knob: lay out the I/O ports (see ``__init__``); every port starts inactive."""
        self.io_ports = list(io_ports)
        self.ioport_params = ioport_params
        self.inputs.clear()
        self.outputs.clear()
        for index, (direction, _) in enumerate(self.io_ports):
            states = self.outputs if direction == "output" else self.inputs
            states[index + 1 if ioport_params else len(states) + 1] = False

    # ------------------------------------------------------------------ scene

    @property
    def has_ptz(self) -> bool:
        return self.presets is not None

    def area_is_live(self, area: SimArea) -> bool:
        """Enabled and (on PTZ cameras) on the preset the camera stands on."""
        if not area.enabled:
            return False
        return not self.has_ptz or area.preset == self.current_preset

    def _drift(self, key: float) -> float:
        t = self.thermals
        if not t.drift_amplitude_c:
            return 0.0
        return t.drift_amplitude_c * math.sin(2 * math.pi * self.clock() / t.drift_period_s + key)

    def area_temperatures_c(self, area: SimArea) -> tuple[float, float, float]:
        """(min, avg, max) in Celsius."""
        avg = area.base_c + self._drift(area.id)
        return avg - area.spread_c / 2, avg, avg + area.spread_c / 2

    def extreme_pixels(self, area: SimArea) -> tuple[Point, Point]:
        """Where the area's hottest and coldest pixels are: its vertices' mean and its first
        vertex. The same for getAreaStatus and the events, as on a camera (one image)."""
        vertices = area.vertices or [(0.0, 0.0)]
        xs, ys = [x for x, _ in vertices], [y for _, y in vertices]
        hottest = (round(sum(xs) / len(xs), 2), round(sum(ys) / len(ys), 2))
        return hottest, (round(xs[0], 2), round(ys[0], 2))

    def measure_c(self, area: SimArea, measurement: str | None = None) -> float:
        low, avg, high = self.area_temperatures_c(area)
        kind = measurement or area.measurement
        return {"minimum": low, "average": avg, "maximum": high}[kind]

    def spot_temperature_c(self, image_source: int = 0) -> float:
        spot = self.thermals.spots.get(image_source, SimSpot())
        for area in self.thermals.areas.values():
            if (
                area.image_source == image_source
                and self.area_is_live(area)
                and point_in_polygon(spot.coordinates, area.vertices)
            ):
                return self.measure_c(area, "average")
        return self.thermals.ambient_c + self._drift(99)

    def set_area_temperature(self, area_id: int, celsius: float) -> None:
        """Test knob: what the scene looks like inside an area.

        With an event stream listening, alarms are evaluated at once (the camera raises an
        alarm the moment its condition holds, not when it is next asked).
        """
        self.thermals.areas[area_id].base_c = celsius
        if self.alarm_listeners:
            self.advance()

    # ------------------------------------------------------------------ alarms

    def advance(self) -> None:
        """Bring alarm states up to the clock's now."""
        before = {
            **{("area", a.id): a.triggered for a in self.thermals.areas.values()},
            **{("group", g.id): g.triggered for g in self.thermals.groups.values()},
        }
        self._evaluate()
        changed = [
            key
            for key, was in before.items()
            if (item := self._alarm_item(key)) is not None and item.triggered != was
        ]
        if changed:
            for listener in list(self.alarm_listeners):
                listener(changed)

    def _alarm_item(self, key: tuple[str, int]) -> SimArea | SimGroup | None:
        kind, item_id = key
        return (self.thermals.areas if kind == "area" else self.thermals.groups).get(item_id)

    def _evaluate(self) -> None:
        now = self.clock()
        scale = self.thermals.scale
        for area in self.thermals.areas.values():
            if not self.area_is_live(area):
                area.condition_since, area.triggered = None, False
                area.history.clear()
                continue
            value = to_scale(self.measure_c(area), scale)
            area.history.append((now, value))
            if area.detection_type in ("increase", "decrease"):
                window = max(area.delay, 1)
                past = next(
                    (v for t, v in reversed(area.history) if now - t >= window), area.history[0][1]
                )
                change = value - past if area.detection_type == "increase" else past - value
                area.triggered = change >= area.threshold
                continue
            holds = (
                value > area.threshold if area.detection_type == "above" else value < area.threshold
            )
            if not holds:
                area.condition_since, area.triggered = None, False
            else:
                if area.condition_since is None:
                    area.condition_since = now
                area.triggered = now - area.condition_since >= area.delay
        for group in self.thermals.groups.values():
            deviation = self.group_deviation(group)
            if deviation is None or deviation[0] <= group.threshold:
                group.condition_since, group.triggered = None, False
                continue
            if group.condition_since is None:
                group.condition_since = now
            group.triggered = now - group.condition_since >= group.delay

    def group_members(self, group: SimGroup) -> list[SimArea]:
        return [
            self.thermals.areas[i]
            for i in group.area_ids
            if i in self.thermals.areas and self.area_is_live(self.thermals.areas[i])
        ]

    def group_is_live(self, group: SimGroup) -> bool:
        return group.enabled and (not self.has_ptz or group.preset == self.current_preset)

    def group_deviation(
        self, group: SimGroup
    ) -> tuple[float, tuple[int, float], tuple[int, float]] | None:
        """(deviation, (max area, temp), (min area, temp)) in the current scale."""
        if not self.group_is_live(group):
            return None
        members = self.group_members(group)
        if len(members) < 2:
            return None
        scale = self.thermals.scale
        values = [
            (
                area.id,
                to_scale(
                    self.measure_c(
                        area, None if group.measurement == "inherit" else group.measurement
                    ),
                    scale,
                ),
            )
            for area in members
        ]
        highest = max(values, key=lambda item: item[1])
        lowest = min(values, key=lambda item: item[1])
        return highest[1] - lowest[1], highest, lowest

    # ------------------------------------------------------------------ scale

    def set_scale(self, scale: Scale) -> None:
        """Switch scale and convert every stored temperature setting."""
        old = self.thermals.scale
        if scale == old:
            return

        def level(value: float) -> int:
            return round(to_scale(from_scale(value, old), scale))

        def delta(value: float) -> int:
            factor = (9 / 5) if scale == "fahrenheit" else (5 / 9)
            return max(1, round(value * factor))

        t = self.thermals
        for area in t.areas.values():
            is_rate = area.detection_type in ("increase", "decrease")
            area.threshold = delta(area.threshold) if is_rate else level(area.threshold)
            area.history.clear()
        for group in t.groups.values():
            group.threshold = delta(group.threshold)
        iso = t.isotherm
        levels = [level(iso.minimum), level(iso.low), level(iso.middle), level(iso.high)]
        for index in range(1, len(levels)):  # rounding may collapse neighbours
            levels[index] = max(levels[index], levels[index - 1] + 1)
        iso.minimum, iso.low, iso.middle, iso.high = levels
        t.scale = scale

    # ------------------------------------------------------------------ PTZ

    def goto_preset(self, number: int) -> None:
        assert self.presets is not None
        preset = self.presets[number]
        self.position = (preset.pan, preset.tilt, preset.zoom)
        self.current_preset = number
        self.advance()

    def move_to(self, pan: float, tilt: float, zoom: float) -> None:
        """Test knob: stand somewhere that may not be a preset."""
        self.position = (pan, tilt, zoom)
        self.current_preset = next(
            (
                number
                for number, p in (self.presets or {}).items()
                if (p.pan, p.tilt, p.zoom) == self.position
            ),
            None,
        )
        self.advance()

    # ------------------------------------------------------------------ I/O

    def set_input(self, port: int, active: bool) -> None:
        """Test knob: a digital input changes."""
        if self.inputs.get(port) == active:
            return
        self.inputs[port] = active
        for listener in list(self.input_listeners):
            listener(port, active)

    def set_virtual_input(self, port: int, active: bool) -> None:
        changed = self.virtual_inputs.get(port) != active
        self.virtual_inputs[port] = active
        if changed:
            for listener in list(self.virtual_input_listeners):
                listener(port, active)

    def set_output(self, port: int, active: bool) -> None:
        changed = self.outputs.get(port) != active
        self.outputs[port] = active
        self.output_log.append((self.clock(), port, active))
        if changed:
            for listener in list(self.output_listeners):
                listener(port, active)
