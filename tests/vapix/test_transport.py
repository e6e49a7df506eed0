"""Authentication, connection handling and error mapping of the transport."""

import asyncio
import socket

import aiohttp
import pytest

from custom_components.axis_thermometry.vapix import (
    AuthMethod,
    AxisDevice,
    VapixAuthenticationError,
    VapixAuthorizationError,
    VapixConnectionError,
    VapixMalformedResponseError,
    VapixNotSupportedError,
    VapixRequestError,
    VapixServerError,
    VapixTimeoutError,
)
from custom_components.axis_thermometry.vapix.transport import VapixTransport
from tests.simulator import CameraServer

from .conftest import make_device

THERMOMETRY = "/axis-cgi/thermometry.cgi"


async def test_digest_is_preemptive_one_request_per_call(
    session: aiohttp.ClientSession, server: CameraServer
) -> None:
    """After the first challenge every call costs exactly one request and no 401."""
    device = make_device(session, server)
    await device.thermometry.negotiate()
    assert server.counters.challenges == 1
    assert server.counters.requests == 2  # challenge + retry
    server.counters.reset()
    for _ in range(20):
        await device.thermometry.get_area_status()
    assert server.counters.requests == 20
    assert server.counters.challenges == 0


async def test_concurrent_calls_share_one_digest_session(
    session: aiohttp.ClientSession, server: CameraServer
) -> None:
    """Concurrent calls after warm-up neither re-challenge nor open new connections."""
    device = make_device(session, server)
    await device.thermometry.negotiate()
    await asyncio.gather(*(device.thermometry.get_area_status() for _ in range(3)))
    server.counters.reset()
    for _ in range(10):
        await asyncio.gather(
            device.thermometry.get_area_status(),
            device.thermometry.get_group_status(),
            device.thermometry.get_spot_temperature(),
        )
    assert server.counters.requests == 30
    assert server.counters.challenges == 0
    assert server.counters.connections == 0  # the warm-up's kept-alive connections serve all


async def test_stale_nonce_is_renegotiated(
    session: aiohttp.ClientSession, server: CameraServer
) -> None:
    """An expired nonce costs one extra challenge, then calls succeed again."""
    device = make_device(session, server)
    await device.thermometry.negotiate()
    server.nonce_ttl = 0.2
    await asyncio.sleep(0.3)
    server.counters.reset()
    await device.thermometry.get_area_status()
    assert server.counters.challenges == 1
    assert server.counters.requests == 2


async def test_basic_auth(session: aiohttp.ClientSession) -> None:
    """Basic authentication works where the device is configured for it."""
    from tests.simulator import fixed

    async with CameraServer(fixed(), auth="basic") as basic_server:
        device = make_device(session, basic_server, auth=AuthMethod.BASIC)
        assert await device.thermometry.negotiate()
        assert basic_server.counters.challenges == 0


async def test_digest_against_basic_only_device_fails_clearly(
    session: aiohttp.ClientSession,
) -> None:
    """A Digest client meeting a Basic-only device reports an authentication error."""
    from tests.simulator import fixed

    async with CameraServer(fixed(), auth="basic") as basic_server:
        device = make_device(session, basic_server)
        with pytest.raises(VapixAuthenticationError):
            await device.thermometry.negotiate()


@pytest.mark.parametrize("auth", [AuthMethod.DIGEST, AuthMethod.BASIC])
async def test_wrong_password(session: aiohttp.ClientSession, auth: AuthMethod) -> None:
    """Rejected credentials raise the authentication error (401, non-JSON body)."""
    from tests.simulator import fixed

    async with CameraServer(fixed(), auth="both") as both:
        device = make_device(session, both, password="wrong", auth=auth)
        with pytest.raises(VapixAuthenticationError):
            await device.thermometry.get_supported_versions()


async def test_viewer_is_not_authorized_html(
    session: aiohttp.ClientSession, server: CameraServer
) -> None:
    """403 with an HTML body maps to the authorization error."""
    device = make_device(session, server, "viewer", "viewer")
    with pytest.raises(VapixAuthorizationError):
        await device.thermometry.negotiate()


async def test_viewer_is_not_authorized_json(
    session: aiohttp.ClientSession, server: CameraServer
) -> None:
    """403 with JSON error 2109 maps to the authorization error too."""
    server.variants.auth_error_body = "json"
    device = make_device(session, server, "viewer", "viewer")
    with pytest.raises(VapixAuthorizationError):
        await device.thermometry.negotiate()


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        (2110, VapixAuthorizationError),
        (2109, VapixAuthorizationError),
        (2102, VapixNotSupportedError),
        (2100, VapixNotSupportedError),
        (1202, VapixNotSupportedError),
        (1100, VapixRequestError),
        (2104, VapixRequestError),
        (1200, VapixRequestError),
    ],
)
@pytest.mark.parametrize("status", [200, 400, 401, 403, 500])
async def test_json_error_codes(
    device: AxisDevice, server: CameraServer, code: int, expected: type[Exception], status: int
) -> None:
    """A JSON error maps by code, whatever HTTP status carries it (200, 400, 401, 403, 500)."""
    server.variants.json_error_status = status
    server.inject("json_error", method="getAreaStatus", code=code, message="Something.")
    with pytest.raises(expected) as raised:
        await device.thermometry.get_area_status()
    if isinstance(raised.value, VapixRequestError):
        assert raised.value.code == code
        assert raised.value.message == "Something."


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("status_500", VapixServerError),
        ("status_503", VapixServerError),
        ("html_200", VapixMalformedResponseError),
        ("not_json", VapixMalformedResponseError),
        ("truncated_json", VapixMalformedResponseError),
        ("wrong_types", VapixMalformedResponseError),
        ("reset", VapixConnectionError),
        ("unauthorized", VapixAuthenticationError),
    ],
)
async def test_faults_become_typed_errors(
    device: AxisDevice, server: CameraServer, kind: str, expected: type[Exception]
) -> None:
    """Every kind of misbehaviour surfaces as the client's own error, then calls recover."""
    server.inject(kind, method="getAreaStatus", count=-1)  # type: ignore[arg-type]
    with pytest.raises(expected):
        await device.thermometry.get_area_status()
    server.faults.clear()
    assert await device.thermometry.get_area_status()


async def test_a_passing_refusal_is_asked_once_more(
    device: AxisDevice, server: CameraServer
) -> None:
    """401 twice (the digest middleware's own retry included), then an answer: no error."""
    await device.thermometry.get_area_status()
    server.inject("unauthorized", method="getAreaStatus", count=2)
    assert await device.thermometry.get_area_status()
    assert server.counters.by_method["getAreaStatus"] == 4


async def test_timeout(session: aiohttp.ClientSession, server: CameraServer) -> None:
    """A device that never answers raises the timeout error (a connection error)."""
    device = make_device(session, server, timeout=0.3)
    await device.thermometry.negotiate()
    server.inject("hang", method="getAreaStatus")
    with pytest.raises(VapixTimeoutError):
        await device.thermometry.get_area_status()
    assert issubclass(VapixTimeoutError, VapixConnectionError)


async def test_connection_refused(session: aiohttp.ClientSession) -> None:
    """Nothing listening: the connection error, not aiohttp's."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    device = AxisDevice(session, "127.0.0.1", port=port, username="root", password="pass")
    with pytest.raises(VapixConnectionError):
        await device.thermometry.get_supported_versions()


async def test_reboot_drops_connections_then_recovers(
    device: AxisDevice, server: CameraServer
) -> None:
    """A rebooting device resets requests; once up, the same client works again."""
    server.reboot(0.3)
    with pytest.raises(VapixConnectionError):
        await device.thermometry.get_area_status()
    await asyncio.sleep(0.4)
    assert await device.thermometry.get_area_status()


async def test_missing_endpoint_is_not_supported(
    session: aiohttp.ClientSession,
) -> None:
    """404 means the device does not have the API."""
    from tests.simulator import fixed

    async with CameraServer(fixed()) as fixed_server:
        device = make_device(session, fixed_server)
        with pytest.raises(VapixNotSupportedError):
            await device.daynight.get_supported_versions()


async def test_oversized_answer_is_refused(
    session: aiohttp.ClientSession, server: CameraServer
) -> None:
    """Answers beyond the size limit are malformed, not read into memory."""
    transport = VapixTransport(
        session, server.host, port=server.port, username="root", password="pass"
    )
    with pytest.raises(VapixMalformedResponseError):
        await transport.request(
            "GET", "/axis-cgi/jpg/image.cgi", params={"resolution": "640x480"}, max_bytes=100
        )


def test_urls_never_carry_credentials() -> None:
    """URLs handed out (e.g. for MJPEG) have no user info."""
    transport = VapixTransport(
        aiohttp.ClientSession.__new__(aiohttp.ClientSession),
        "camera.local",
        username="root",
        password="secret",
        https=True,
    )
    url = transport.url("/axis-cgi/mjpg/video.cgi", {"resolution": "640x480"})
    assert str(url) == "https://camera.local/axis-cgi/mjpg/video.cgi?resolution=640x480"
    assert "secret" not in str(url)
    assert url.user is None
