"""Helpers: connection settings and cadences from entry data; translated camera-write errors."""

from collections.abc import Awaitable, Callable, Mapping
from datetime import timedelta
import time
from typing import Any, TypedDict

import aiohttp
from homeassistant.config_entries import ConfigEntry
from homeassistant.const import (
    CONF_HOST,
    CONF_PASSWORD,
    CONF_PORT,
    CONF_SCAN_INTERVAL,
    CONF_SSL,
    CONF_USERNAME,
    CONF_VERIFY_SSL,
)
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers.aiohttp_client import async_get_clientsession

from .const import CONFIGURATION_REFRESH, DEFAULT_SCAN_INTERVAL, DOMAIN
from .vapix import (
    VapixAuthenticationError,
    VapixAuthorizationError,
    VapixError,
    VapixNotSupportedError,
    VapixRequestError,
    VapixValidationError,
)


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


def poll_interval(entry: ConfigEntry) -> timedelta:
    """The poll interval the entry's options give."""
    return timedelta(seconds=entry.options.get(CONF_SCAN_INTERVAL, DEFAULT_SCAN_INTERVAL))


def configuration_due(read_at: float) -> bool:
    """Whether a configuration read at ``read_at`` (monotonic) is due to be read again."""
    return time.monotonic() - read_at >= CONFIGURATION_REFRESH.total_seconds()


def write_error(err: VapixError) -> HomeAssistantError:
    """A translated error for a write the camera (or the client, before sending) refused."""
    if isinstance(err, VapixValidationError):
        return ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key=f"invalid_{err.reason}",
            translation_placeholders=err.placeholders,
        )
    if isinstance(err, VapixAuthorizationError):
        return HomeAssistantError(translation_domain=DOMAIN, translation_key="write_not_permitted")
    if isinstance(err, VapixAuthenticationError):
        return HomeAssistantError(
            translation_domain=DOMAIN, translation_key="authentication_failed"
        )
    if isinstance(err, VapixNotSupportedError):
        return HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key="not_supported",
            translation_placeholders={"error": str(err)},
        )
    if isinstance(err, VapixRequestError):
        return HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key="camera_refused",
            translation_placeholders={"message": err.message or str(err)},
        )
    return HomeAssistantError(
        translation_domain=DOMAIN,
        translation_key="communication_error",
        translation_placeholders={"error": str(err)},
    )


async def async_write[T](write: Awaitable[T], *refreshes: Callable[[], Awaitable[Any]]) -> T:
    """Send a change, then re-read what it affects, whether the camera took it or not.

    Nothing is assumed: Home Assistant shows what the camera reports afterwards. Input the
    client refuses before sending changes nothing and needs no re-read.
    """
    try:
        result = await write
    except VapixValidationError as err:
        raise write_error(err) from err
    except VapixError as err:
        for refresh in refreshes:
            await refresh()
        raise write_error(err) from err
    for refresh in refreshes:
        await refresh()
    return result
