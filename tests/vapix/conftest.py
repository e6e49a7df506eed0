"""Fixtures: a simulated camera on loopback and a client pointed at it."""

from collections.abc import AsyncIterator, Callable

import aiohttp
import pytest

from custom_components.axis_thermometry.vapix import AuthMethod, AxisDevice
from tests.simulator import CameraServer, SimulatedCamera, fixed, legacy, ptz

PROFILES: dict[str, Callable[[], SimulatedCamera]] = {
    "fixed": fixed,
    "legacy": legacy,
    "ptz": ptz,
}


@pytest.fixture
def profile() -> str:
    """The camera profile under test; parametrize indirectly to change it."""
    return "fixed"


@pytest.fixture
async def server(profile: str) -> AsyncIterator[CameraServer]:
    """A simulated camera on a free loopback port."""
    async with CameraServer(PROFILES[profile]()) as running:
        yield running


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    """A client session, as Home Assistant would inject."""
    async with aiohttp.ClientSession() as client_session:
        yield client_session


def make_device(
    session: aiohttp.ClientSession,
    server: CameraServer,
    username: str = "root",
    password: str = "pass",
    **kwargs: object,
) -> AxisDevice:
    """An AxisDevice pointed at ``server``."""
    return AxisDevice(
        session,
        server.host,
        port=server.port,
        username=username,
        password=password,
        **kwargs,  # type: ignore[arg-type]
    )


@pytest.fixture
async def device(session: aiohttp.ClientSession, server: CameraServer) -> AxisDevice:
    """An administrator's client with the Thermometry API version negotiated."""
    client = make_device(session, server)
    await client.thermometry.negotiate()
    return client


__all__ = ["AuthMethod", "make_device"]
