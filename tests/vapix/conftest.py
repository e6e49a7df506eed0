"""Fixtures: a simulated camera on loopback and a client pointed at it."""

from collections.abc import AsyncIterator

import aiohttp
import pytest

from custom_components.axis_thermometry.vapix import AuthMethod, AxisDevice
from tests.simulator import CameraServer


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
