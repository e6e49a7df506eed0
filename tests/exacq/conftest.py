"""Fixtures: a simulated exacqVision server on loopback and a client pointed at it."""

from collections.abc import AsyncIterator

import aiohttp
import pytest

from custom_components.axis_thermometry.exacq import ExacqClient
from tests.simulator.exacq import ExacqServer


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    """A client session, as Home Assistant would inject."""
    async with aiohttp.ClientSession() as client_session:
        yield client_session


def make_client(
    session: aiohttp.ClientSession,
    recorder: ExacqServer,
    username: str = "admin",
    password: str = "admin256",
    **kwargs: object,
) -> ExacqClient:
    """An ExacqClient pointed at ``recorder``."""
    return ExacqClient(
        session,
        recorder.host,
        port=recorder.port,
        username=username,
        password=password,
        **kwargs,  # type: ignore[arg-type]
    )


@pytest.fixture
def client(session: aiohttp.ClientSession, recorder: ExacqServer) -> ExacqClient:
    """An administrator's client (not yet logged in)."""
    return make_client(session, recorder)
