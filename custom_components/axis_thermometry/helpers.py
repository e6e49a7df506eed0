"""Writes to the camera: one place that turns client errors into translated user errors."""

from collections.abc import Awaitable, Callable
from typing import Any

from homeassistant.exceptions import HomeAssistantError, ServiceValidationError

from .const import DOMAIN
from .vapix import (
    VapixAuthenticationError,
    VapixAuthorizationError,
    VapixError,
    VapixNotSupportedError,
    VapixRequestError,
    VapixValidationError,
)


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
