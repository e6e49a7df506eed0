"""Helpers: connection settings and cadences from config entry data."""

from collections.abc import Mapping
import time
from typing import TypedDict

import aiohttp
from homeassistant.const import (
    CONF_HOST,
    CONF_PASSWORD,
    CONF_PORT,
    CONF_SSL,
    CONF_USERNAME,
    CONF_VERIFY_SSL,
)
from homeassistant.core import HomeAssistant
from homeassistant.helpers.aiohttp_client import async_get_clientsession

from .const import CONFIGURATION_REFRESH


class ConnectionOptions(TypedDict):
    """How both clients (VAPIX and exacqVision) are told to reach their device."""

    port: int
    username: str
    password: str
    https: bool
    verify_ssl: bool


def connection(
    hass: HomeAssistant, data: Mapping[str, object]
) -> tuple[aiohttp.ClientSession, str, ConnectionOptions]:
    """Home Assistant's shared session, the host and the options of config entry data."""
    verify_ssl = bool(data[CONF_VERIFY_SSL])
    return (
        async_get_clientsession(hass, verify_ssl=verify_ssl),
        str(data[CONF_HOST]),
        ConnectionOptions(
            port=int(str(data[CONF_PORT])),
            username=str(data[CONF_USERNAME]),
            password=str(data[CONF_PASSWORD]),
            https=bool(data[CONF_SSL]),
            verify_ssl=verify_ssl,
        ),
    )


def configuration_due(read_at: float) -> bool:
    """Whether a configuration read at ``read_at`` (monotonic) is due to be read again."""
    return time.monotonic() - read_at >= CONFIGURATION_REFRESH.total_seconds()


def first_error[E: Exception](group: BaseExceptionGroup[E]) -> E:
    """The first error of a task group (the read whose failure ended the others)."""
    error = group.exceptions[0]
    return first_error(error) if isinstance(error, BaseExceptionGroup) else error
