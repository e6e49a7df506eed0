"""Attacks on the connection itself (README.md, T1-T2)."""

import asyncio
from collections.abc import AsyncIterator

from aiohttp import web
from homeassistant.config_entries import SOURCE_USER
from homeassistant.const import (
    CONF_HOST,
    CONF_PASSWORD,
    CONF_PORT,
    CONF_USERNAME,
)
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import issue_registry as ir
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.axis_thermometry import const
from custom_components.axis_thermometry.const import (
    DEVICE_TYPE_AXIS,
    DEVICE_TYPE_EXACQ,
    DOMAIN,
)
from tests.conftest import refresh, set_up, state_value
from tests.simulator.http import Handler
from tests.simulator.server import CameraServer

TRANSFORMER_MAX = "sensor.axis_q2101_te_transformer_maximum"


@pytest.fixture
async def silent_listener() -> AsyncIterator[int]:
    """A port that accepts connections and never says a word (no TLS handshake either)."""
    held: list[asyncio.StreamWriter] = []

    async def hold(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        held.append(writer)
        await reader.read()  # until the client gives up

    listener = await asyncio.start_server(hold, "127.0.0.1", 0)
    try:
        yield listener.sockets[0].getsockname()[1]
    finally:
        for writer in held:
            writer.close()
        listener.close()
        await listener.wait_closed()


@pytest.mark.parametrize("device_type", [DEVICE_TYPE_AXIS, DEVICE_TYPE_EXACQ])
async def test_tls_handshake_that_never_completes(
    hass: HomeAssistant,
    silent_listener: int,
    monkeypatch: pytest.MonkeyPatch,
    device_type: str,
) -> None:
    """T1: HTTPS to a port that accepts and stays silent: the form says so, in time."""
    monkeypatch.setattr(const, "REQUEST_TIMEOUT", 0.5)
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": device_type}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {
            CONF_HOST: "127.0.0.1",
            CONF_PORT: silent_listener,
            "connection": "https_unverified",
            CONF_USERNAME: "root",
            CONF_PASSWORD: "pass",
        },
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": "cannot_connect"}


def challenge_every_other(server: CameraServer) -> None:
    """Answer every other request with a fresh digest challenge, credentials or not."""
    turn = 0

    async def answer(request: web.Request, handler: Handler) -> web.StreamResponse:
        nonlocal turn
        turn += 1
        if turn % 2:
            return server._challenge()
        return await handler(request)

    for route in server.app.router.routes():
        path = route.resource.canonical if route.resource is not None else None
        if path is not None:
            server.overrides[path] = answer


async def test_a_challenge_for_every_other_request_is_not_a_wrong_password(
    hass: HomeAssistant, config_entry: MockConfigEntry, server: CameraServer
) -> None:
    """T2: a camera that challenges every other request: readings, no reauthentication."""
    challenge_every_other(server)
    await set_up(hass, config_entry)
    for _ in range(3):
        await refresh(hass, config_entry)
        assert state_value(hass, TRANSFORMER_MAX) != "unavailable"
    assert not hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert not ir.async_get(hass).issues
    assert server.counters.challenges > 10
