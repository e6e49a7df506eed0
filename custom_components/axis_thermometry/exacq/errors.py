"""Typed errors raised by the exacqVision client.

Nothing from aiohttp, asyncio or json leaves the client: every failure is one of these.
"""


class ExacqError(Exception):
    """Base class of every error the exacqVision client raises."""


class ExacqConnectionError(ExacqError):
    """The web service could not be reached, or the connection broke mid-request."""


class ExacqTimeoutError(ExacqConnectionError):
    """The web service did not answer in time."""


class ExacqAuthenticationError(ExacqError):
    """The server refused the username or password."""


class ExacqSessionExpiredError(ExacqError):
    """The session ended and logging in again did not bring it back."""


class ExacqAuthorizationError(ExacqError):
    """The user lacks the permission for the request (HTTP 403)."""


class ExacqNotSupportedError(ExacqError):
    """The web service does not offer this endpoint (HTTP 404)."""


class ExacqRequestError(ExacqError):
    """The server refused the request (HTTP 400, ``"success": false``, "Invalid Request")."""

    def __init__(self, message: str) -> None:
        """Keep the server's message."""
        super().__init__(message)
        self.message = message


class ExacqServerError(ExacqError):
    """The web service answered with an unexpected HTTP status."""

    def __init__(self, status: int, message: str = "") -> None:
        """Keep the HTTP status."""
        super().__init__(f"HTTP {status}{': ' + message if message else ''}")
        self.status = status


class ExacqMalformedResponseError(ExacqError):
    """The answer could not be parsed or had the wrong shape."""
