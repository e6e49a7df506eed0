"""Camera profiles the simulator can play."""

from __future__ import annotations

from collections.abc import Callable
import time

from .document import document
from .model import (
    Isotherm,
    SimArea,
    SimDayNight,
    SimGroup,
    SimPreset,
    SimSpot,
    SimulatedCamera,
    Thermals,
    Variants,
)

PALETTES = (
    "White-hot",
    "Black-hot",
    "Iron",
    "Rainbow",
    "Iso-Fire",
    "Iso-Planck",
    "Iso-Rainbow",
)

SQUARE_LEFT = [(-0.8, -0.4), (-0.3, -0.4), (-0.3, 0.4), (-0.8, 0.4)]
SQUARE_RIGHT = [(0.3, -0.4), (0.8, -0.4), (0.8, 0.4), (0.3, 0.4)]
TRIANGLE_TOP = [(-0.2, 0.5), (0.2, 0.5), (0.0, 0.9)]


def _base_params(
    serial: str, model: str, product_name: str, firmware: str, *, ptz: bool
) -> dict[str, str]:
    return {
        "Brand.Brand": "AXIS",
        "Brand.ProdFullName": product_name,
        "Brand.ProdNbr": model,
        "Brand.ProdShortName": f"AXIS {model}",
        "Brand.ProdType": "Thermal Network Camera",
        "Brand.ProdVariant": "",
        "Brand.WebURL": "http://www.axis.com",
        "Properties.Firmware.Version": firmware,
        "Properties.System.SerialNumber": serial,
        "Properties.PTZ.PTZ": "yes" if ptz else "no",
        "Network.eth0.MACAddress": ":".join(serial[i : i + 2] for i in range(0, 12, 2)),
        "Network.HostName": f"axis-{serial.lower()}",  # Axis's default: nobody named it
        "Image.I0.Appearance.Palette": "White-hot",
        "Properties.Image.Resolution": "640x480,480x360,320x240,160x120",
    }


def fixed(
    serial: str = "B8A44F000001", clock: Callable[[], float] = time.monotonic
) -> SimulatedCamera:
    """A fixed thermometric camera on Thermometry API 1.2 (groups, no guard tour)."""
    model = "Q2101-TE"
    thermals = Thermals(
        api_version=(1, 2),
        areas={
            0: SimArea(0, "Transformer", True, "above", "maximum", 80, 5, SQUARE_LEFT, base_c=45.0),
            1: SimArea(
                1, "Cable joint", True, "above", "maximum", 60, 0, SQUARE_RIGHT, base_c=38.0
            ),
            2: SimArea(2, "Cold store", True, "below", "minimum", 0, 10, TRIANGLE_TOP, base_c=4.0),
        },
        groups={1: SimGroup(1, "Phase balance", True, "maximum", 15, 5, [0, 1])},
        isotherm=Isotherm(high=100, middle=50, low=10, minimum=-40),
    )
    params = _base_params(serial, model, "AXIS Q2101-TE Thermal Camera", "11.11.73", ptz=False)
    return SimulatedCamera(
        serial=serial,
        model=model,
        product_name=params["Brand.ProdFullName"],
        firmware="11.11.73",
        thermals=thermals,
        params=params,
        palettes=PALETTES,
        io_ports=[("input", "Door contact"), ("output", "Siren")],
        virtual_inputs=8,
        clock=clock,
    )


def legacy(
    serial: str = "00408C000002", clock: Callable[[], float] = time.monotonic
) -> SimulatedCamera:
    """Old firmware: Thermometry 1.0 only, no API Discovery, only the 2002 parameter CGIs."""
    model = "Q1941-E"
    thermals = Thermals(
        api_version=(1, 0),
        areas={0: SimArea(0, "Boiler", True, "above", "average", 70, 5, SQUARE_LEFT, base_c=55.0)},
        groups={},
        max_groups=0,
        isotherm=Isotherm(high=90, middle=40, low=5, minimum=-40),
    )
    params = _base_params(serial, model, "AXIS Q1941-E Thermal Camera", "6.50.1", ptz=False)
    return SimulatedCamera(
        serial=serial,
        model=model,
        product_name=params["Brand.ProdFullName"],
        firmware="6.50.1",
        thermals=thermals,
        params=params,
        palettes=PALETTES[:4],
        io_ports=[("input", None), ("output", None)],
        ioport_params=False,
        virtual_inputs=8,
        api_discovery=False,
        modern_params=False,
        input_monitor=False,
        clock=clock,
    )


def ptz(
    serial: str = "E82725000003", clock: Callable[[], float] = time.monotonic
) -> SimulatedCamera:
    """A bispectral PTZ camera on Thermometry API 1.2 (the seeds' newest): presets, guard
    tour, DayNight on both channels, relays, inputs, the I/O port management API."""
    return _ptz(serial, clock, (1, 2))


def ptz13(
    serial: str = "E82725000013", clock: Callable[[], float] = time.monotonic
) -> SimulatedCamera:
    """The PTZ camera on Thermometry API 1.3 (beyond the seeds): a spot meter per image
    source and overlay channels."""
    return _ptz(serial, clock, (1, 3))


def _ptz(serial: str, clock: Callable[[], float], api_version: tuple[int, int]) -> SimulatedCamera:
    model = "Q8752-E"
    thermals = Thermals(
        api_version=api_version,
        max_c=550,
        areas={
            0: SimArea(
                0, "Burner", True, "above", "maximum", 300, 5, SQUARE_LEFT, preset=2, base_c=240.0
            ),
            1: SimArea(
                1, "Flue", True, "above", "average", 180, 10, SQUARE_RIGHT, preset=2, base_c=150.0
            ),
            2: SimArea(
                2,
                "Belt motor",
                True,
                "increase",
                "maximum",
                10,
                30,
                SQUARE_LEFT,
                preset=3,
                base_c=55.0,
            ),
            3: SimArea(
                3, "Bearing", True, "above", "maximum", 90, 5, SQUARE_RIGHT, preset=3, base_c=62.0
            ),
        },
        groups={
            1: SimGroup(1, "Motor vs bearing", True, "maximum", 20, 10, [2, 3], preset=3),
        },
        spots={0: SimSpot((0.0, 0.0), True), 1: SimSpot((0.5, 0.5), False)},
        image_sources=(0, 1),
        overlay_channels=[1],
        allowed_overlay_channels=(1, 2),
        isotherm=Isotherm(high=300, middle=150, low=50, minimum=-40),
    )
    params = _base_params(serial, model, "AXIS Q8752-E Bispectral PTZ Camera", "12.6.94", ptz=True)
    params |= {  # one preset guard tour, stopped
        "GuardTour.G0.Name": "Inspection round",
        "GuardTour.G0.Running": "no",
        "GuardTour.G0.CamNbr": "1",
        "GuardTour.G0.RandomEnabled": "no",
    }
    presets = {
        1: SimPreset("Home", 0.0, 0.0, 1.0),
        2: SimPreset("Furnace", 45.0, -10.0, 2.0),
        3: SimPreset("Conveyor", -60.0, -5.0, 1.0),
    }
    camera = SimulatedCamera(
        serial=serial,
        model=model,
        product_name=params["Brand.ProdFullName"],
        firmware="12.6.94",
        thermals=thermals,
        params=params,
        palettes=PALETTES,
        presets=presets,
        # Bispectral: DayNight on both channels, the visual one (1) without autotune or a
        # night-to-day level of its own.
        daynight={
            0: SimDayNight(),
            1: SimDayNight(autotune_support=False, night_day_shift_level_support=False),
        },
        io_ports=[
            ("input", "Door contact"),
            ("input", "Smoke detector"),
            ("output", "Siren"),
            ("output", "Sprinkler valve"),
        ],
        port_management=True,
        virtual_inputs=8,
        clock=clock,
    )
    camera.visual_source = 1  # bispectral: thermometry on image source 0, daylight on 1
    camera.goto_preset(2)
    return camera


def bench(
    serial: str = "B8A44F0000B0", clock: Callable[[], float] = time.monotonic
) -> SimulatedCamera:
    """A fixed camera with 10 areas, 2 groups and a spot meter: the benchmark's workload."""
    camera = fixed(serial, clock)
    rules = [("above", "maximum", 80), ("below", "minimum", 0), ("increase", "maximum", 10)]
    areas: dict[int, SimArea] = {}
    for index in range(10):
        detection, measurement, threshold = rules[index % len(rules)]
        x = -0.9 + (index % 5) * 0.36
        y = -0.8 if index < 5 else 0.1
        vertices = [(x, y), (x + 0.3, y), (x + 0.3, y + 0.6), (x, y + 0.6)]
        areas[index] = SimArea(
            index,
            f"Zone {index + 1}",
            True,
            detection,
            measurement,
            threshold,
            5,
            vertices,
            base_c=20.0 + 3 * index,
        )
    camera.thermals.areas = areas
    camera.thermals.groups = {
        1: SimGroup(1, "Row A", True, "maximum", 30, 5, [0, 1, 2, 3, 4]),
        2: SimGroup(2, "Row B", True, "average", 30, 5, [5, 6, 7, 8, 9]),
    }
    return camera


def firmware(
    serial: str = "B8A44F0000F1", clock: Callable[[], float] = time.monotonic
) -> SimulatedCamera:
    """The fixed camera on Thermometry API 1.3 as real firmware answers, the way Axis's own
    clients read it: list keys in lower case (``arealist``, ``grouplist``, ``spotmeterlist``),
    the spot meter at ``x``/``y``, event data values as strings."""
    camera = fixed(serial, clock)
    camera.thermals.api_version = (1, 3)
    camera.variants = Variants(lower_case_lists=True, spot_xy=True)
    return camera


PROFILES: dict[str, Callable[..., SimulatedCamera]] = {
    "bench": bench,
    "document": document,
    "firmware": firmware,
    "fixed": fixed,
    "legacy": legacy,
    "ptz13": ptz13,
    "ptz": ptz,
}
