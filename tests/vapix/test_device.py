"""Discovery, identity, parameters, PTZ, I/O and media against the simulator."""

import asyncio
from io import BytesIO

import aiohttp
from PIL import Image
import pytest

from custom_components.axis_thermometry.area_map import to_pixel
from custom_components.axis_thermometry.vapix import (
    ApiVersion,
    AxisDevice,
    DayNightConfiguration,
    IoPort,
    PtzPosition,
    VapixAuthorizationError,
    VapixConnectionError,
    VapixMalformedResponseError,
    VapixNotSupportedError,
    VapixRequestError,
    VapixValidationError,
)
from custom_components.axis_thermometry.vapix.daynight import parse_configuration
from custom_components.axis_thermometry.vapix.io import (
    IoPorts,
    parse_check,
    parse_monitor_line,
)
from custom_components.axis_thermometry.vapix.params import (
    parse_definitions_enum,
    parse_parameter_lines,
)
from custom_components.axis_thermometry.vapix.ptz import parse_position_data, parse_presets
from tests.simulator import CameraServer, SimPreset

from .conftest import make_device

PTZ = pytest.mark.parametrize("profile", ["ptz"])
LEGACY = pytest.mark.parametrize("profile", ["legacy"])


# ---------------------------------------------------------------------- discovery & identity


@pytest.mark.parametrize(
    ("profile", "expected"),
    [
        ("fixed", {"thermometry": ApiVersion(1, 2)}),
        ("ptz", {"thermometry": ApiVersion(1, 2), "daynight": ApiVersion(1, 0)}),
        ("legacy", None),
    ],
)
async def test_supported_apis(device: AxisDevice, expected: dict[str, ApiVersion] | None) -> None:
    """API Discovery where present; None on old firmware, whose APIs are probed one by one."""
    apis = await device.supported_apis()
    if expected is None:
        assert apis is None
    else:
        assert apis is not None
        assert {k: v for k, v in apis.items() if k in ("thermometry", "daynight")} == expected


async def test_unreadable_api_discovery_means_probing(
    device: AxisDevice, server: CameraServer
) -> None:
    """8: an answer API Discovery cannot make sense of never fails the device's setup."""
    server.inject("not_json", path="/axis-cgi/apidiscovery.cgi")
    assert await device.supported_apis() is None


@pytest.mark.parametrize(
    ("profile", "serial", "model", "firmware"),
    [
        ("fixed", "B8A44F000001", "Q2101-TE", "11.11.73"),
        ("legacy", "00408C000002", "Q1941-E", "6.50.1"),
        ("ptz", "E82725000003", "Q8752-E", "12.6.94"),
    ],
)
async def test_identity(device: AxisDevice, serial: str, model: str, firmware: str) -> None:
    identity = await device.identify()
    assert (identity.serial_number, identity.model, identity.firmware_version) == (
        serial,
        model,
        firmware,
    )
    assert identity.mac_address == ":".join(serial[i : i + 2] for i in range(0, 12, 2)).lower()
    assert identity.product_name.startswith("AXIS ")


async def test_identity_without_serial_is_malformed(
    device: AxisDevice, server: CameraServer
) -> None:
    del server.camera.params["Properties.System.SerialNumber"]
    with pytest.raises(VapixMalformedResponseError):
        await device.identify()


async def test_viewer_may_read_identity(
    session: aiohttp.ClientSession, server: CameraServer
) -> None:
    device = make_device(session, server, "viewer", "viewer")
    assert (await device.identify()).serial_number == server.camera.serial
    with pytest.raises(VapixAuthorizationError):
        await device.params.palette()


# ---------------------------------------------------------------------- parameters


async def test_palette(device: AxisDevice, server: CameraServer) -> None:
    assert await device.params.palette() == "White-hot"
    palettes = await device.params.palettes()
    assert "Iso-Fire" in palettes and "White-hot" in palettes
    await device.params.set_palette("Iso-Fire")
    assert await device.params.palette() == "Iso-Fire"
    with pytest.raises(VapixRequestError, match="Error setting"):
        await device.params.set_palette("Plaid")
    assert server.camera.params["Image.I0.Appearance.Palette"] == "Iso-Fire"


@LEGACY
async def test_legacy_parameter_cgis(device: AxisDevice, server: CameraServer) -> None:
    """param.cgi is absent: getparam.cgi/setparam.cgi of the 2002 spec take over."""
    assert await device.params.palette() == "White-hot"
    assert device.params.legacy
    await device.params.set_palette("Iron")
    assert server.camera.params["Image.I0.Appearance.Palette"] == "Iron"
    with pytest.raises(VapixRequestError):
        await device.params.set_palette("Plaid")
    with pytest.raises(VapixNotSupportedError):
        await device.params.palettes()
    assert server.counters.by_path["/axis-cgi/admin/setparam.cgi"] == 2


async def test_unknown_group_is_a_device_error(device: AxisDevice) -> None:
    with pytest.raises(VapixRequestError, match="getting param in group"):
        await device.params.list(["NoSuchGroup"])


@pytest.mark.parametrize(
    ("profile", "inputs", "outputs"),
    [
        # IOPort.I0 is an input, IOPort.I1 an output: ports 1 and 2.
        ("fixed", [IoPort(number=1, name="Door contact")], [IoPort(number=2, name="Siren")]),
        # 2002 firmware without IOPort: inputs and outputs are each numbered from 1.
        ("legacy", [IoPort(number=1)], [IoPort(number=1)]),
    ],
)
async def test_io_ports(device: AxisDevice, inputs: list[IoPort], outputs: list[IoPort]) -> None:
    """16: one rule, IOPort.I<n> is port n + 1."""
    assert await device.io.ports() == IoPorts(inputs=tuple(inputs), outputs=tuple(outputs))


@PTZ
@pytest.mark.parametrize("management", [True, False])
async def test_io_ports_of_current_firmware(
    device: AxisDevice, server: CameraServer, management: bool
) -> None:
    """16: the port management API where API Discovery lists it, the CGIs otherwise."""
    server.camera.port_management = management
    await device.supported_apis()
    assert device.io.management is management
    ports = await device.io.ports()
    assert ports == IoPorts(
        inputs=(IoPort(number=1, name="Door contact"), IoPort(number=2, name="Smoke detector")),
        outputs=(IoPort(number=3, name="Siren"), IoPort(number=4, name="Sprinkler valve")),
    )
    server.counters.reset()
    assert await device.io.states([1, 2], [3, 4]) == (
        {1: False, 2: False},
        {3: False, 4: False},
    )
    assert server.counters.requests == (1 if management else 2)
    await device.io.set_output(4, True)
    assert server.camera.outputs == {3: False, 4: True}
    assert await device.io.states([], [4]) == ({}, {4: True})
    await device.io.pulse_output(3, 100)
    assert server.camera.outputs[3]
    await asyncio.sleep(0.25)
    assert not server.camera.outputs[3]


async def test_the_only_output_on_the_fourth_port(
    session: aiohttp.ClientSession, server: CameraServer
) -> None:
    """16: a camera whose only output is IOPort.I3 drives physical port 4, not "output 1"."""
    camera = server.camera
    camera.configure_io([("input", "A"), ("input", "B"), ("input", "C"), ("output", "Relay")])
    device = make_device(session, server)
    ports = await device.io.ports()
    assert ports.outputs == (IoPort(number=4, name="Relay"),)
    await device.io.set_output(4, True)
    assert camera.outputs == {4: True}


async def test_has_ptz(device: AxisDevice) -> None:
    assert not (await device.identify()).ptz


# ---------------------------------------------------------------------- PTZ


@PTZ
async def test_ptz_presets_and_moves(device: AxisDevice, server: CameraServer) -> None:
    assert (await device.identify()).ptz
    presets = await device.ptz.presets()
    assert [(p.number, p.name) for p in presets] == [(1, "Home"), (2, "Furnace"), (3, "Conveyor")]
    assert presets[1].position == PtzPosition(pan=45.0, tilt=-10.0, zoom=2.0)
    assert (await device.ptz.position()).close_to(presets[1].position)
    await device.ptz.goto_preset(3)
    assert server.camera.current_preset == 3
    assert (await device.ptz.position()) == PtzPosition(pan=-60.0, tilt=-5.0, zoom=1.0)
    await device.ptz.home()
    assert server.camera.current_preset == 1
    with pytest.raises(VapixRequestError, match="no such preset"):
        await device.ptz.goto_preset(99)


@PTZ
async def test_ptz_presets_follow_the_camera(device: AxisDevice, server: CameraServer) -> None:
    assert server.camera.presets is not None
    server.camera.presets[4] = SimPreset("Stack", 10.0, 20.0, 3.0)
    server.camera.presets[2].name = "Kiln"
    del server.camera.presets[3]
    presets = await device.ptz.presets()
    assert [(p.number, p.name) for p in presets] == [(1, "Home"), (2, "Kiln"), (4, "Stack")]


async def test_ptz_absent_on_fixed_camera(device: AxisDevice) -> None:
    with pytest.raises(VapixNotSupportedError):
        await device.ptz.presets()


# ---------------------------------------------------------------------- I/O


@PTZ
async def test_outputs(device: AxisDevice, server: CameraServer) -> None:
    assert await device.io.check_outputs([3, 4]) == {3: False, 4: False}
    await device.io.set_output(4, True)
    assert await device.io.check_outputs([4]) == {4: True}
    await device.io.set_output(4, False)
    assert not server.camera.outputs[4]
    with pytest.raises(VapixRequestError):
        await device.io.set_output(9, True)


@PTZ
async def test_output_cgi_is_posted_and_405_switches_to_get(
    device: AxisDevice, server: CameraServer
) -> None:
    """9: 003 says output.cgi is POST; a camera answering 405 gets GET, remembered."""
    server.refused_methods["/axis-cgi/io/output.cgi"] = {"POST"}
    server.counters.reset()
    await device.io.set_output(3, True)
    await device.io.set_output(3, False)
    assert server.camera.outputs[3] is False
    # One POST answered 405, then GET for this camera from then on.
    assert server.counters.http_methods["/axis-cgi/io/output.cgi"] == ["POST", "GET", "GET"]
    server.counters.reset()
    await device.io.set_output(4, True)
    assert server.counters.http_methods["/axis-cgi/io/output.cgi"] == ["GET"]


@PTZ
async def test_output_pulse(device: AxisDevice, server: CameraServer) -> None:
    await device.io.pulse_output(3, 100)
    assert server.camera.outputs[3]
    await asyncio.sleep(0.2)
    assert not server.camera.outputs[3]
    assert [state for _, port, state in server.camera.output_log if port == 3] == [True, False]
    with pytest.raises(VapixValidationError, match="pulse"):
        await device.io.pulse_output(3, 0)


@PTZ
async def test_operator_may_switch_viewer_may_not(
    session: aiohttp.ClientSession, server: CameraServer
) -> None:
    operator = make_device(session, server, "operator", "operator")
    await operator.io.set_output(3, True)
    viewer = make_device(session, server, "viewer", "viewer")
    assert await viewer.io.check_outputs([3]) == {3: True}
    with pytest.raises(VapixAuthorizationError):
        await viewer.io.set_output(3, False)


@PTZ
async def test_inputs_check_and_monitor(device: AxisDevice, server: CameraServer) -> None:
    assert await device.io.check_inputs([1, 2]) == {1: False, 2: False}
    events: list[tuple[int, bool]] = []

    async def watch() -> None:
        async for event in await device.io.open_input_monitor([1, 2]):
            events.append(event)  # noqa: PERF401 - the test watches events arrive one by one

    task = asyncio.create_task(watch())
    for _ in range(50):
        if len(events) >= 2:
            break
        await asyncio.sleep(0.01)
    assert events == [(1, False), (2, False)]  # initial states
    server.camera.set_input(2, True)
    server.camera.set_input(1, True)
    for _ in range(50):
        if len(events) >= 4:
            break
        await asyncio.sleep(0.01)
    assert events[2:] == [(2, True), (1, True)]
    server.drop_connections()
    with pytest.raises(VapixConnectionError):
        await asyncio.wait_for(task, 2)


@PTZ
async def test_monitor_stream_ends_when_device_hangs_up(
    device: AxisDevice, server: CameraServer
) -> None:
    async def collect() -> list[tuple[int, bool]]:
        return [event async for event in await device.io.open_input_monitor([1])]

    task = asyncio.create_task(collect())
    await asyncio.sleep(0.1)
    await server.stop()
    result = await asyncio.wait_for(task, 2)
    assert result == [(1, False)]


@LEGACY
async def test_monitor_not_offered(device: AxisDevice) -> None:
    with pytest.raises(VapixNotSupportedError, match="monitor"):
        await device.io.open_input_monitor([1])


@PTZ
async def test_virtual_inputs(device: AxisDevice, server: CameraServer) -> None:
    await device.io.set_virtual_input(3, True)
    assert server.camera.virtual_inputs[3]
    await device.io.set_virtual_input(3, False)
    assert not server.camera.virtual_inputs[3]
    with pytest.raises(VapixRequestError):
        await device.io.set_virtual_input(99, True)


# ---------------------------------------------------------------------- media & restart


async def test_snapshot(device: AxisDevice, server: CameraServer) -> None:
    image = await device.media.snapshot(resolution=(160, 120))
    assert image.startswith(b"\xff\xd8")
    assert server.resolutions_asked[-1] == "160x120"


async def test_snapshot_size_is_one_the_camera_lists(
    device: AxisDevice, server: CameraServer
) -> None:
    """12: 003's resolution is product dependent: the nearest listed size is asked for."""
    server.camera.params["Properties.Image.Resolution"] = "640x480,320x240,160x120"
    await device.media.snapshot(resolution=(300, 200))
    assert server.resolutions_asked[-1] == "320x240"
    await device.media.snapshot(resolution=(4000, 3000))
    assert server.resolutions_asked[-1] == "640x480"


async def test_refused_size_falls_back_to_the_default(
    device: AxisDevice, server: CameraServer
) -> None:
    """12: a size the camera refuses anyway: its default image, not an error."""
    del server.camera.params["Properties.Image.Resolution"]  # asked for as given, then
    image = await device.media.snapshot(resolution=(99999, 1))
    assert image.startswith(b"\xff\xd8")
    assert server.resolutions_asked[-2:] == ["99999x1", None]


async def test_snapshot_that_is_not_a_jpeg(device: AxisDevice, server: CameraServer) -> None:
    server.inject("html_200", path="/axis-cgi/jpg/image.cgi")
    with pytest.raises(VapixMalformedResponseError):
        await device.media.snapshot()


async def test_mjpeg(device: AxisDevice, server: CameraServer) -> None:
    url = device.media.mjpeg_url(resolution=(320, 240))
    assert url.path == "/axis-cgi/mjpg/video.cgi" and url.user is None
    server.mjpeg_fps = 50
    response = await device.media.open_mjpeg(resolution=(160, 120))
    try:
        assert response.content_type == "multipart/x-mixed-replace"
        chunk = await response.content.readuntil(b"\xff\xd9")
        assert b"--myboundary" in chunk and b"\xff\xd8" in chunk
    finally:
        response.close()


async def test_mjpeg_denied(session: aiohttp.ClientSession, server: CameraServer) -> None:
    device = make_device(session, server, password="nope")
    from custom_components.axis_thermometry.vapix import VapixAuthenticationError

    with pytest.raises(VapixAuthenticationError):
        await device.media.open_mjpeg()


async def test_restart(device: AxisDevice, server: CameraServer) -> None:
    server.reboot_seconds = 0.3
    await device.media.restart()
    await asyncio.sleep(0.1)
    with pytest.raises(VapixConnectionError):
        await device.thermometry.get_area_status()
    await asyncio.sleep(0.35)
    assert await device.thermometry.get_area_status()


# ---------------------------------------------------------------------- text parsers


def test_parameter_lines() -> None:
    text = "root.Brand.ProdNbr=Q2101-TE\r\n\r\nBrand.Brand=AXIS\nheader without equals\n"
    assert parse_parameter_lines(text) == {"Brand.ProdNbr": "Q2101-TE", "Brand.Brand": "AXIS"}
    with pytest.raises(VapixRequestError):
        parse_parameter_lines("Brand.Brand=AXIS\n# Error: Error -1 getting param in group 'X'\n")


def test_definitions() -> None:
    xml = (
        '<parameterDefinitions xmlns="urn:x"><group name="root"><group name="Image">'
        '<group name="I0"><group name="Appearance"><parameter name="Palette">'
        '<type><enum><entry value="A"/><entry value="Iso-B"/></enum></type>'
        "</parameter></group></group></group></group></parameterDefinitions>"
    )
    assert parse_definitions_enum(xml, "Image.I0.Appearance.Palette") == ("A", "Iso-B")
    with pytest.raises(VapixNotSupportedError):
        parse_definitions_enum(xml, "Image.I0.Appearance.Other")
    with pytest.raises(VapixMalformedResponseError):
        parse_definitions_enum("<not xml", "Image")
    no_enum = xml.replace('<entry value="A"/><entry value="Iso-B"/>', "")
    with pytest.raises(VapixNotSupportedError):
        parse_definitions_enum(no_enum, "Image.I0.Appearance.Palette")


def test_ptz_text() -> None:
    assert parse_presets(
        "Preset Positions for camera 1\npresetposno1=Home\npresetposno12= Far \n"
    ) == {
        1: "Home",
        12: "Far",
    }
    assert parse_position_data("tilt=1:pan=2:zoom=3") == PtzPosition(pan=2, tilt=1, zoom=3)
    # 17: real PTZ cameras store presets with only some axes.
    assert parse_position_data("pan=103.09:tilt=0.54") == PtzPosition(pan=103.09, tilt=0.54)
    assert parse_position_data("zoom=1") == PtzPosition(zoom=1)
    assert parse_position_data("tilt=x:pan=2:zoom=1") is None
    assert parse_position_data("focus=3") is None


def test_daynight_entry_parser() -> None:
    assert parse_configuration(
        {"channel": 0, "DayNightShiftLevel": 1, "DayNightDwellTime": 2, "NightDayDwellTime": 3.5}
    ) == DayNightConfiguration(
        channel=0, day_night_shift_level=1, day_night_dwell_time=2, night_day_dwell_time=3.5
    )


def test_check_answers() -> None:
    assert parse_check("input1=1\r\ninput2=0\r\n") == {1: True, 2: False}
    assert parse_check("output1=active\noutput2=inactive\n") == {1: True, 2: False}
    with pytest.raises(VapixMalformedResponseError):
        parse_check("input1=maybe")


@pytest.mark.parametrize(
    ("line", "event"),
    [
        # 003: "I0<n>" and the example's I00 for input port 1: n is the port index.
        ("I00:/", (1, True)),
        ("I00:H", (1, True)),
        ("I00:", None),
        ("I01:/", (2, True)),
        ("I02:\\", (3, False)),
        ("I03:L", (4, False)),
        ("--ioboundary", None),
        ("", None),
        ("I01:?", None),
    ],
)
def test_monitor_lines(line: str, event: tuple[int, bool] | None) -> None:
    assert parse_monitor_line(line) == event


@pytest.mark.parametrize("profile", ["fixed", "ptz"])
async def test_the_snapshot_shows_the_areas_where_list_areas_puts_them(
    device: AxisDevice, server: CameraServer
) -> None:
    """Over HTTP, as the area map sees the camera: each live area's outline (the simulator
    draws it in green, red in alarm) crosses the middle of every edge listAreas gives it."""
    areas = await device.thermometry.list_areas()
    image = Image.open(BytesIO(await device.media.snapshot())).convert("RGB")
    live = [
        area
        for area in areas
        if area.enabled and area.preset in (0, server.camera.current_preset or 0)
    ]
    assert live
    for area in live:
        corners = area.vertices
        for (x1, y1), (x2, y2) in zip(corners, corners[1:] + corners[:1], strict=True):
            x, y = to_pixel(((x1 + x2) / 2, (y1 + y2) / 2), *image.size)
            around = [(round(x) + dx, round(y) + dy) for dx in (-1, 0, 1) for dy in (-1, 0, 1)]
            near = [image.getpixel(at) for at in around]
            assert any(
                isinstance(p, tuple) and max(p[0], p[1]) > 150 and max(p[0], p[1]) - p[2] > 30
                for p in near
            ), (area.name, (x1, y1), (x2, y2))
