"""Typed errors raised by the VAPIX client.

Nothing from aiohttp, asyncio or json leaves the client: every failure is one of these.
"""

from collections.abc import Mapping


class VapixError(Exception):
    """Base class of every error the VAPIX client raises."""


class VapixConnectionError(VapixError):
    """The device could not be reached, or the connection broke mid-request."""


class VapixTimeoutError(VapixConnectionError):
    """The device did not answer in time."""


class VapixAuthenticationError(VapixError):
    """The device's web server refused the credentials (HTTP 401 without a JSON error)."""


class VapixAuthorizationError(VapixError):
    """The user lacks the privileges for the request (HTTP 403; JSON 2109/2110, DayNight 2105)."""


class VapixNotSupportedError(VapixError):
    """The device does not offer this API, method or API version (HTTP 404, JSON 2102/2100)."""

    def __init__(self, message: str, code: int | None = None) -> None:
        """Keep the device's JSON error code when there was one."""
        super().__init__(message)
        self.code = code


class VapixRequestError(VapixError):
    """The device refused the request with an error of its own (JSON code or CGI ``Error:``)."""

    def __init__(self, code: int | None, message: str) -> None:
        """Keep the device's error code (None for plain-text CGI errors) and message."""
        super().__init__(message if code is None else f"{message} (error {code})")
        self.code = code
        self.message = message


class VapixServerError(VapixError):
    """The device answered with an unexpected HTTP status and no usable error body."""

    def __init__(self, status: int, message: str = "") -> None:
        """Keep the HTTP status."""
        super().__init__(f"HTTP {status}{': ' + message if message else ''}")
        self.status = status


class VapixMalformedResponseError(VapixError):
    """The device's answer could not be parsed or had the wrong shape."""


class VapixValidationError(VapixError, ValueError):
    """A request was refused before sending because the input breaks the API's rules.

    ``reason`` is a stable identifier of the broken rule (for translations) and
    ``placeholders`` the values worth showing the user. ``temperatures`` names the
    placeholders that are temperatures in the camera's scale (True: a difference), for a
    caller that shows them in another unit.
    """

    def __init__(
        self,
        reason: str,
        message: str,
        placeholders: Mapping[str, object] | None = None,
        temperatures: Mapping[str, bool] | None = None,
    ) -> None:
        """Record the rule that was broken."""
        super().__init__(message)
        self.reason = reason
        self.placeholders = {key: str(value) for key, value in (placeholders or {}).items()}
        self.temperatures = dict(temperatures or {})
