"""Defects found by reading the client against the seeds (issue 12), at the client level."""

import aiohttp
import pytest

from custom_components.axis_thermometry.vapix import (
    AxisDevice,
    VapixAuthorizationError,
)
from custom_components.axis_thermometry.vapix.transport import HttpResponse
from tests.simulator import CameraServer

from .conftest import make_device

LATIN1 = "Entrée Fußgängerüberweg"


@pytest.mark.parametrize(
    ("content_type", "body", "expected"),
    [
        ("text/plain; charset=ISO-8859-1", LATIN1.encode("latin-1"), LATIN1),
        ("text/plain", LATIN1.encode("latin-1"), LATIN1),  # no charset, not UTF-8
        ("text/plain", LATIN1.encode("utf-8"), LATIN1),  # no charset, valid UTF-8
        ("text/plain; charset=utf-8", LATIN1.encode("utf-8"), LATIN1),
        ("text/plain; charset=no-such-codec", LATIN1.encode("latin-1"), LATIN1),
    ],
)
def test_text_is_decoded_with_the_declared_charset(
    content_type: str, body: bytes, expected: str
) -> None:
    """15: ``param.cgi``/``ptz.cgi`` answer in ISO-8859-1, with or without saying so."""
    mime, _, rest = content_type.partition(";")
    charset = rest.split("=", 1)[1].strip() if "=" in rest else None
    assert HttpResponse(200, mime, body, charset).text == expected


@pytest.mark.parametrize("profile", ["ptz"])
async def test_latin1_preset_names_arrive_intact(
    session: aiohttp.ClientSession, server: CameraServer
) -> None:
    """15: a preset named with accents, sent in ISO-8859-1 without a charset."""
    assert server.camera.presets is not None
    server.camera.presets[2].name = "Entrée"
    server.text_charset = "latin-1"
    server.declare_charset = False
    device = make_device(session, server)
    presets = await device.ptz.presets()
    assert [p.name for p in presets] == ["Home", "Entrée", "Conveyor"]


async def test_error_2110_is_an_authorization_problem(
    session: aiohttp.ClientSession, server: CameraServer
) -> None:
    """10: 000's examples answer 2110 "User is not authorized ... permission denied"."""
    server.variants.auth_error_body = "json"
    device: AxisDevice = make_device(session, server, "viewer", "viewer")
    with pytest.raises(VapixAuthorizationError):
        await device.thermometry.list_areas()


@pytest.mark.parametrize("profile", ["legacy"])
async def test_getparam_sends_bare_names(
    session: aiohttp.ClientSession, server: CameraServer
) -> None:
    """11: 003's ``admin/getparam.cgi?<parameter>[&<parameter>...]``, not ``Brand=&...``."""
    device = make_device(session, server)
    identity = await device.identify()
    assert identity.serial_number == server.camera.serial
    assert device.params.legacy


@pytest.mark.parametrize("profile", ["ptz"])
async def test_presets_stand_without_stored_positions(
    session: aiohttp.ClientSession, server: CameraServer
) -> None:
    """5: presets come from presetposall; no PTZ.Preset parameters must not remove them."""
    device = make_device(session, server)
    server.inject("status_500", path="/axis-cgi/param.cgi")
    presets = await device.ptz.presets()
    assert [(p.number, p.name, p.position) for p in presets] == [
        (1, "Home", None),
        (2, "Furnace", None),
        (3, "Conveyor", None),
    ]
    server.hidden_params.add("PTZ.Preset")
    assert [p.name for p in await device.ptz.presets()] == ["Home", "Furnace", "Conveyor"]


@pytest.mark.parametrize("profile", ["ptz13"])
async def test_api_1_3_refused_behaves_as_1_2(
    session: aiohttp.ClientSession, server: CameraServer
) -> None:
    """7: a camera reporting 1.3 whose 1.3 methods answer 2102 is a 1.2 camera."""
    server.camera.thermals.unsupported_methods = {"listSpotMeters"}
    server.camera.thermals.image_source_spots = False
    device = make_device(session, server)
    await device.thermometry.negotiate()
    assert await device.thermometry.spot_sources() == (0,)
    spot = await device.thermometry.get_spot_temperature(image_source=0)
    assert spot.render_overlay
    await device.thermometry.add_spot_temperature((0.2, 0.2), image_source=0)
    assert (await device.thermometry.get_spot_temperature(image_source=0)).coordinates == (
        0.2,
        0.2,
    )
