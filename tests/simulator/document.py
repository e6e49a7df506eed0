"""The document camera: it answers every documented method with the seeds' example, verbatim.

Whatever 000/004 print as a method's successful answer (or, with ``document_errors``, its
error answer) is sent byte for byte; 003's monitor stream example is streamed as printed. The
camera underneath is shaped after the examples (area 0 "Area 1", group 2, the isotherm levels,
DayNight channel 0, one input and one output of 2002 firmware) so that what the examples do
not cover (parameters, ``check``, snapshots) agrees with them.

One deviation: 000's ``getSupportedVersions`` example answers ``["1.0"]``, but its own
examples use API 1.1 and 1.2 methods (groups). The document camera reports 1.2 so that the
group examples are exercised; the 1.0 example is parsed by the conformance tests directly.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
import time

from tests.conformance.examples import CGI, JSON, Example

from .model import Isotherm, SimArea, SimDayNight, SimGroup, SimSpot, SimulatedCamera, Thermals

SQUARE = [(-0.5, -0.5), (0.5, -0.5), (0.5, 0.5), (-0.5, 0.5)]


def documents() -> dict[tuple[str, str], Example]:
    """The examples by (API, method), as the document camera answers them."""
    answers: dict[tuple[str, str], Example] = {
        (e.api, e.method): e for e in (*JSON, *CGI) if e.method != "error"
    }
    del answers["thermometry", "getSupportedVersions"]  # the deviation: see the module
    return answers


def monitor_stream(example: Example) -> bytes:
    """003's monitor example as the bytes on the wire (its ``\\r\\n`` are printed literally)."""
    assert example.response is not None
    return example.response.replace("\\r\\n\n", "\r\n").replace("\\r\\n", "\r\n").encode()


def document(
    serial: str = "B8A44F00D0C0", clock: Callable[[], float] = time.monotonic
) -> SimulatedCamera:
    """A fixed camera that answers as 000, 003 and 004 print."""
    model = "Q1961-TE"
    thermals = Thermals(
        api_version=(1, 2),
        areas={
            0: SimArea(
                0, "Area 1", True, "below", "minimum", 100, 5, SQUARE, "if_triggered", preset=1
            )
        },
        groups={2: SimGroup(2, "Group 2", True, "minimum", 10, 5, [2, 3])},
        isotherm=Isotherm(high=100, middle=50, low=10, minimum=-40, render_overlay=True),
        spots={0: SimSpot((-0.53, 0.45), True)},
    )
    params: Mapping[str, str] = {
        "Brand.Brand": "AXIS",
        "Brand.ProdFullName": f"AXIS {model} Thermal Camera",
        "Brand.ProdNbr": model,
        "Brand.ProdShortName": f"AXIS {model}",
        "Properties.Firmware.Version": "5.40.9",
        "Properties.System.SerialNumber": serial,
        "Properties.PTZ.PTZ": "no",
        "Properties.Image.Resolution": "640x480,320x240",
        "Image.I0.Appearance.Palette": "Iso-Fire",
    }
    camera = SimulatedCamera(
        serial=serial,
        model=model,
        product_name=params["Brand.ProdFullName"],
        firmware="5.40.9",
        thermals=thermals,
        params=dict(params),
        palettes=("White-hot", "Iso-Fire"),
        daynight={0: SimDayNight()},
        io_ports=[("input", None), ("output", None)],
        ioport_params=False,
        virtual_inputs=8,
        api_discovery=False,
        modern_params=False,
        clock=clock,
    )
    camera.inputs[1] = True  # 003's monitor example: I00:H
    camera.documents = documents()
    return camera
