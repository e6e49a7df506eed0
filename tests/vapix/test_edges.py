"""Error paths and primitives not reached through the happy paths."""

import socket

import aiohttp
import pytest

from custom_components.axis_thermometry.vapix import (
    AreaOverlay,
    DetectionType,
    VapixAuthenticationError,
    VapixAuthorizationError,
    VapixConnectionError,
    VapixMalformedResponseError,
    VapixNotSupportedError,
    VapixRequestError,
    VapixServerError,
)
from custom_components.axis_thermometry.vapix._parse import (
    as_enum,
    as_int,
    as_number,
    first_key,
    to_wire_number,
)
from custom_components.axis_thermometry.vapix.cgi import check_cgi_answer
from custom_components.axis_thermometry.vapix.client import AxisDevice
from custom_components.axis_thermometry.vapix.discovery import parse_api_list
from custom_components.axis_thermometry.vapix.models import ApiVersion, PtzPosition
from custom_components.axis_thermometry.vapix.transport import (
    HttpResponse,
    JsonErrorCodes,
    _json_error,
)
from tests.simulator import CameraServer

from .conftest import make_device


def test_numbers() -> None:
    assert as_number(5.0, "x") == 5 and isinstance(as_number(5.0, "x"), int)
    assert as_number(5.5, "x") == 5.5
    for bad in (True, "5", float("nan"), float("inf"), None):
        with pytest.raises(VapixMalformedResponseError):
            as_number(bad, "x")
    with pytest.raises(VapixMalformedResponseError):
        as_int(5.5, "x")
    assert to_wire_number(80.0) == 80 and isinstance(to_wire_number(80.0), int)
    assert to_wire_number(80.5) == 80.5


def test_enums_and_keys() -> None:
    assert as_enum(DetectionType, "above", "x") is DetectionType.ABOVE
    with pytest.raises(VapixMalformedResponseError):
        as_enum(AreaOverlay, "sometimes", "x")
    with pytest.raises(VapixMalformedResponseError, match="a / b"):
        first_key({}, ("a", "b"), "x")


def test_versions() -> None:
    assert ApiVersion.parse(" 1.12 ") == ApiVersion(1, 12)
    assert str(ApiVersion(1, 3)) == "1.3"
    assert ApiVersion(1, 3) > ApiVersion(1, 2)
    with pytest.raises(VapixMalformedResponseError):
        ApiVersion.parse("1.x")


def test_api_list_skips_unparseable_versions() -> None:
    apis = parse_api_list(
        {"apiList": [{"id": "a", "version": "beta"}, {"id": "thermometry", "version": "1.2"}]}
    )
    assert list(apis) == ["thermometry"]


def test_json_error_shapes() -> None:
    codes = JsonErrorCodes(frozenset({2109, 2110}), frozenset({2102}))
    assert isinstance(_json_error({"code": "2110"}, codes, "m"), VapixAuthorizationError)
    error = _json_error({"code": 1100}, codes, "m")
    assert isinstance(error, VapixRequestError) and error.message == ""
    for code in ("boom", "²", "1" * 5000, "-2110"):
        assert isinstance(_json_error({"code": code}, codes, "m"), VapixMalformedResponseError)


def test_cgi_answers() -> None:
    assert check_cgi_answer(HttpResponse(204, "", b"")) == ""
    with pytest.raises(VapixServerError):
        check_cgi_answer(HttpResponse(500, "text/plain", b"oops"))
    with pytest.raises(VapixMalformedResponseError):
        check_cgi_answer(HttpResponse(200, "text/html", b"<html></html>"))
    with pytest.raises(VapixRequestError, match="bad: more detail"):
        check_cgi_answer(HttpResponse(200, "text/plain", b"Error: bad\r\nmore detail\r\n"))


def test_position_tolerance() -> None:
    here = PtzPosition(pan=10, tilt=5, zoom=100)
    assert here.close_to(PtzPosition(pan=10.4, tilt=4.6, zoom=101))
    assert not here.close_to(PtzPosition(pan=11, tilt=5, zoom=100))


async def test_streams_report_typed_errors(session: aiohttp.ClientSession) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    device = AxisDevice(session, "127.0.0.1", port=port, username="root", password="pass")
    with pytest.raises(VapixConnectionError):
        await device.media.open_mjpeg()


@pytest.mark.parametrize("profile", ["ptz"])
async def test_stream_open_statuses(session: aiohttp.ClientSession, server: CameraServer) -> None:
    device = make_device(session, server)
    server.inject("status_503", path="/axis-cgi/mjpg/video.cgi")
    with pytest.raises(VapixServerError):
        await device.media.open_mjpeg()
    server.inject("unauthorized", path="/axis-cgi/io/input.cgi", count=2)
    with pytest.raises(VapixAuthenticationError):
        await device.io.open_input_monitor([1])
    with pytest.raises(ValueError, match="port"):
        await device.io.open_input_monitor([])


@pytest.mark.parametrize("profile", ["legacy"])
async def test_legacy_fallback_on_first_update(
    session: aiohttp.ClientSession, server: CameraServer
) -> None:
    device = make_device(session, server)
    await device.params.update({"Image.I0.Appearance.Palette": "Iron"})
    assert device.params.legacy
    assert server.camera.params["Image.I0.Appearance.Palette"] == "Iron"


async def test_palette_absent(session: aiohttp.ClientSession, server: CameraServer) -> None:
    device = make_device(session, server)
    del server.camera.params["Image.I0.Appearance.Palette"]
    server.camera.params["Image.I0.Appearance.Other"] = "x"
    with pytest.raises(VapixNotSupportedError):
        await device.params.palette()


async def test_unexpected_update_answer(
    session: aiohttp.ClientSession, server: CameraServer
) -> None:
    device = make_device(session, server)
    server.inject("not_json", path="/axis-cgi/param.cgi")
    with pytest.raises(VapixMalformedResponseError):
        await device.params.set_palette("Iron")


async def test_port_count_not_a_number(
    session: aiohttp.ClientSession, server: CameraServer
) -> None:
    device = make_device(session, server)
    server.camera.ioport_params = False
    for count in ("many", "²", "2000000", "-1", "1" * 5000):
        server.camera.params["Input.NbrOfInputs"] = count
        with pytest.raises(VapixMalformedResponseError):
            await device.io.ports()
