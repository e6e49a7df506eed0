"""One mapping per client from its errors to Home Assistant's, and one wrapper for actions.

Every client error is described once (:func:`describe_vapix`, :func:`describe_exacq`) as a
kind and a translated text. Coordinators, actions and the config flow turn that description
into what they raise or show, so a new error kind is handled in one place. Texts are built from
our words and the error's own safe fields, never from a transport error's text.
"""

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from enum import StrEnum
import math
from typing import Any

from homeassistant.exceptions import HomeAssistantError, ServiceValidationError

from .const import DOMAIN
from .exacq import (
    ExacqAuthenticationError,
    ExacqAuthorizationError,
    ExacqError,
    ExacqMalformedResponseError,
    ExacqNotSupportedError,
    ExacqRequestError,
    ExacqSessionExpiredError,
)
from .vapix import (
    VapixAuthenticationError,
    VapixAuthorizationError,
    VapixError,
    VapixMalformedResponseError,
    VapixNotSupportedError,
    VapixRequestError,
    VapixValidationError,
)


class ErrorKind(StrEnum):
    """What went wrong, as far as Home Assistant needs to know."""

    AUTHENTICATION = "authentication"  # the credentials: reauthentication
    AUTHORIZATION = "authorization"  # the user's rights: a repair issue, not reauthentication
    NOT_SUPPORTED = "not_supported"  # the device lacks the API, method or endpoint
    INVALID = "invalid"  # refused before sending: the user's input breaks a documented rule
    REFUSED = "refused"  # the device refused the request with a message of its own
    MALFORMED = "malformed"  # an answer that could not be read
    CONNECTION = "connection"  # unreachable, timed out, broken connection, unexpected status


@dataclass(frozen=True, slots=True)
class ErrorDescription:
    """A client error described for Home Assistant: its kind and translated text."""

    kind: ErrorKind
    translation_key: str
    placeholders: dict[str, str] = field(default_factory=dict)

    @property
    def kwargs(self) -> dict[str, Any]:
        """Keyword arguments for a translated Home Assistant exception."""
        return {
            "translation_domain": DOMAIN,
            "translation_key": self.translation_key,
            "translation_placeholders": self.placeholders,
        }

    def exception(self) -> HomeAssistantError:
        """The exception an action raises for this error (input errors are validation errors)."""
        if self.kind is ErrorKind.INVALID:
            return ServiceValidationError(**self.kwargs)
        return HomeAssistantError(**self.kwargs)


# Shows a temperature in the camera's scale (True: a difference) as the user sees it.
type ShowTemperature = Callable[[float, bool], str]


def describe_vapix(err: VapixError, show: ShowTemperature | None = None) -> ErrorDescription:
    """The camera client's errors; the temperatures in them shown by ``show`` where given."""
    if isinstance(err, VapixValidationError):
        placeholders = dict(err.placeholders)
        if show is not None:
            for key, difference in err.temperatures.items():
                if key in placeholders:
                    placeholders[key] = show(float(placeholders[key]), difference)
        return ErrorDescription(ErrorKind.INVALID, f"invalid_{err.reason}", placeholders)
    if isinstance(err, VapixAuthenticationError):
        return ErrorDescription(ErrorKind.AUTHENTICATION, "authentication_failed")
    if isinstance(err, VapixAuthorizationError):
        return ErrorDescription(ErrorKind.AUTHORIZATION, "write_not_permitted")
    if isinstance(err, VapixNotSupportedError):
        return ErrorDescription(ErrorKind.NOT_SUPPORTED, "not_supported", {"error": str(err)})
    if isinstance(err, VapixRequestError):
        message = err.message or str(err)
        return ErrorDescription(ErrorKind.REFUSED, "camera_refused", {"message": message})
    malformed = isinstance(err, VapixMalformedResponseError)
    kind = ErrorKind.MALFORMED if malformed else ErrorKind.CONNECTION
    return ErrorDescription(kind, "communication_error", {"error": str(err)})


def describe_exacq(err: ExacqError) -> ErrorDescription:
    """The exacqVision client's errors."""
    if isinstance(err, ExacqAuthenticationError | ExacqSessionExpiredError):
        return ErrorDescription(ErrorKind.AUTHENTICATION, "recorder_authentication_failed")
    if isinstance(err, ExacqAuthorizationError):
        return ErrorDescription(ErrorKind.AUTHORIZATION, "recorder_not_permitted")
    if isinstance(err, ExacqRequestError):
        return ErrorDescription(ErrorKind.REFUSED, "recorder_refused", {"message": err.message})
    kind = (
        ErrorKind.NOT_SUPPORTED
        if isinstance(err, ExacqNotSupportedError)
        else ErrorKind.MALFORMED
        if isinstance(err, ExacqMalformedResponseError)
        else ErrorKind.CONNECTION
    )
    return ErrorDescription(kind, "recorder_communication_error", {"error": str(err)})


def describe(err: VapixError | ExacqError) -> ErrorDescription:
    """Either client's error."""
    return describe_vapix(err) if isinstance(err, VapixError) else describe_exacq(err)


@asynccontextmanager
async def translated_errors() -> AsyncIterator[None]:
    """Turn a client error raised inside into the translated Home Assistant error."""
    try:
        yield
    except (VapixError, ExacqError) as err:
        raise describe(err).exception() from err


def finite(value: float) -> float:
    """``value``, if it is a number at all: ``inf`` and ``nan`` are refused in words.

    Checked before any unit conversion or rounding, which would fail on them with a bare
    Python error ("Unknown error" in the UI).
    """
    if not math.isfinite(value):
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="not_a_number",
            translation_placeholders={"value": str(value)},
        )
    return value


async def async_write[T](
    write: Awaitable[T],
    *refreshes: Callable[[], Awaitable[Any]],
    show: ShowTemperature | None = None,
) -> T:
    """Send a change, then re-read what it affects, whether the device took it or not.

    Nothing is assumed: Home Assistant shows what the device reports afterwards. Input the
    client refuses before sending changes nothing and needs no re-read; its error shows
    temperatures through ``show``, in the user's unit.
    """
    try:
        result = await write
    except VapixValidationError as err:
        raise describe_vapix(err, show).exception() from err
    except (VapixError, ExacqError) as err:
        for refresh in refreshes:
            await refresh()
        raise describe(err).exception() from err
    for refresh in refreshes:
        await refresh()
    return result


# What a setup form shows for each kind of error, per device type.
_CAMERA_FORM_ERRORS: dict[ErrorKind, str] = {
    ErrorKind.AUTHENTICATION: "invalid_auth",
    ErrorKind.AUTHORIZATION: "insufficient_permissions",
    ErrorKind.NOT_SUPPORTED: "not_thermal",
}
_RECORDER_FORM_ERRORS: dict[ErrorKind, str] = {
    ErrorKind.AUTHENTICATION: "invalid_auth",
    ErrorKind.AUTHORIZATION: "recorder_insufficient_permissions",
    ErrorKind.NOT_SUPPORTED: "not_exacq",
    ErrorKind.MALFORMED: "not_exacq",
}


def form_error(err: VapixError | ExacqError) -> str:
    """The error key a config, reauth, reconfigure or repair form shows for ``err``."""
    errors = _CAMERA_FORM_ERRORS if isinstance(err, VapixError) else _RECORDER_FORM_ERRORS
    return errors.get(describe(err).kind, "cannot_connect")
