"""Fixtures: a simulated camera on loopback and a client pointed at it."""

from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from custom_components.axis_thermometry.vapix import AuthMethod, AxisDevice
from tests.simulator import CameraServer

# Sessions for event streams that make_device opened, closed after each test.
_STREAM_SESSIONS: list[aiohttp.ClientSession] = []


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    """A client session, as Home Assistant would inject."""
    async with aiohttp.ClientSession() as client_session:
        yield client_session
    while _STREAM_SESSIONS:
        await _STREAM_SESSIONS.pop().close()


def make_device(
    session: aiohttp.ClientSession,
    server: CameraServer,
    username: str = "root",
    password: str = "pass",
    **kwargs: Any,
) -> AxisDevice:
    """An AxisDevice pointed at ``server``.

    With Digest, its event stream gets a session whose middleware answers the challenge, as
    the integration gives it (aiohttp's ``ws_connect`` takes no middlewares of its own).
    """
    if kwargs.get("auth", AuthMethod.DIGEST) is AuthMethod.DIGEST:
        stream_session = aiohttp.ClientSession(
            middlewares=(aiohttp.DigestAuthMiddleware(username, password),)
        )
        _STREAM_SESSIONS.append(stream_session)
        kwargs.setdefault("stream_session", stream_session)
    return AxisDevice(
        session,
        server.host,
        port=server.port,
        username=username,
        password=password,
        **kwargs,
    )


@pytest.fixture
async def device(session: aiohttp.ClientSession, server: CameraServer) -> AxisDevice:
    """An administrator's client with the Thermometry API version negotiated."""
    client = make_device(session, server)
    await client.thermometry.negotiate()
    return client


__all__ = ["AuthMethod", "make_device"]
