"""HTTP transport to one Axis device: authentication, error mapping, JSON method calls.

The transport uses the ``aiohttp.ClientSession`` it is given (Home Assistant passes its
shared one) and never closes it. Digest authentication is aiohttp's
``DigestAuthMiddleware`` in preemptive mode: after the first challenge every request carries
its ``Authorization`` header, so a call costs one request in steady state. Basic
authentication is available for devices configured that way.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
import json
import logging
from typing import Any, Final

import aiohttp
from yarl import URL

from ._parse import as_mapping
from .errors import (
    VapixAuthenticationError,
    VapixAuthorizationError,
    VapixConnectionError,
    VapixError,
    VapixMalformedResponseError,
    VapixNotSupportedError,
    VapixRequestError,
    VapixServerError,
    VapixTimeoutError,
)

_LOGGER = logging.getLogger(__name__)

CONTEXT: Final = "axis_thermometry"
DEFAULT_TIMEOUT: Final = 10.0
MAX_TEXT_BYTES: Final = 2 * 1024 * 1024
MAX_IMAGE_BYTES: Final = 32 * 1024 * 1024

type Params = Mapping[str, str | int]


class AuthMethod(StrEnum):
    """How the transport authenticates."""

    DIGEST = "digest"
    BASIC = "basic"


@dataclass(frozen=True, slots=True)
class JsonErrorCodes:
    """How one JSON API numbers its transport-level errors.

    Thermometry uses 2110/2109 for authentication/authorization, DayNight 2106/2105, and the
    codes 2105/2106 mean something else in Thermometry, so each API brings its own table.
    """

    authentication: frozenset[int]
    authorization: frozenset[int]
    not_supported: frozenset[int]


@dataclass(frozen=True, slots=True)
class HttpResponse:
    """A fully read response."""

    status: int
    content_type: str
    body: bytes

    @property
    def text(self) -> str:
        """The body as text (devices answer in ASCII/UTF-8; stray bytes are replaced)."""
        return self.body.decode("utf-8", errors="replace")


class VapixTransport:
    """Requests to one device over a shared ``aiohttp.ClientSession``."""

    def __init__(
        self,
        session: aiohttp.ClientSession,
        host: str,
        *,
        username: str,
        password: str,
        port: int | None = None,
        https: bool = False,
        verify_ssl: bool = True,
        auth: AuthMethod = AuthMethod.DIGEST,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        """Prepare requests to ``host``; nothing is sent until a method is called."""
        scheme = "https" if https else "http"
        self._base = URL.build(scheme=scheme, host=host, port=port or (443 if https else 80))
        self._session = session
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        # ssl=False disables certificate verification; True means the default context.
        self._ssl: bool = verify_ssl or not https
        self._middlewares: tuple[aiohttp.DigestAuthMiddleware, ...] = ()
        self._headers: dict[str, str] = {}
        if auth is AuthMethod.DIGEST:
            self._middlewares = (aiohttp.DigestAuthMiddleware(username, password),)
        else:
            self._headers = {"Authorization": aiohttp.encode_basic_auth(username, password)}

    @property
    def base_url(self) -> URL:
        """The device's base URL (never carries credentials)."""
        return self._base

    def url(self, path: str, params: Params | None = None) -> URL:
        """The URL of ``path`` on the device, without credentials."""
        url = self._base.with_path(path)
        return url.with_query(params) if params else url

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Params | None = None,
        json_body: Mapping[str, Any] | None = None,
        timeout: float | None = None,  # noqa: ASYNC109 - a per-request aiohttp timeout
        max_bytes: int = MAX_TEXT_BYTES,
    ) -> HttpResponse:
        """Send one request and read the whole answer.

        401, 403 and 404 become typed errors whatever their body; every other status is
        returned for the caller to interpret.
        """
        client_timeout = self._timeout if timeout is None else aiohttp.ClientTimeout(total=timeout)
        try:
            async with self._session.request(
                method,
                self.url(path, params),
                json=json_body,
                headers=self._headers,
                middlewares=self._middlewares,
                ssl=self._ssl,
                timeout=client_timeout,
                allow_redirects=False,
            ) as response:
                self._raise_for_transport_status(response.status, path)
                body = await _read_limited(response, max_bytes)
                return HttpResponse(response.status, response.content_type, body)
        except VapixError:
            raise
        except TimeoutError as err:
            raise VapixTimeoutError(f"{self._base.host} did not answer {path} in time") from err
        except aiohttp.ClientError as err:
            raise VapixConnectionError(
                f"{self._base.host}: {type(err).__name__}: {err}".rstrip(": ")
            ) from err

    async def open_stream(
        self, path: str, params: Params | None = None, *, idle_timeout: float = 300.0
    ) -> aiohttp.ClientResponse:
        """Open a long-lived response (multipart streams); the caller must release it.

        ``idle_timeout`` bounds the wait for each chunk, so a silently dead device is noticed.
        """
        timeout = aiohttp.ClientTimeout(
            total=None, connect=self._timeout.total, sock_read=idle_timeout
        )
        try:
            response = await self._session.get(
                self.url(path, params),
                headers=self._headers,
                middlewares=self._middlewares,
                ssl=self._ssl,
                timeout=timeout,
                allow_redirects=False,
            )
        except TimeoutError as err:
            raise VapixTimeoutError(f"{self._base.host} did not open {path} in time") from err
        except aiohttp.ClientError as err:
            raise VapixConnectionError(f"{self._base.host}: {type(err).__name__}: {err}") from err
        if response.status != 200:
            response.release()
            self._raise_for_transport_status(response.status, path)
            raise VapixServerError(response.status, f"{path} could not be opened")
        return response

    async def call_json(
        self,
        path: str,
        method: str,
        *,
        codes: JsonErrorCodes,
        api_version: str | None,
        params: Mapping[str, Any] | None = None,
    ) -> Any:
        """Call a VAPIX JSON method and return its ``data`` member.

        The HTTP status of a JSON error may be 200, 400 or 500 (the specifications disagree),
        so the body decides: an ``error`` member is mapped to a typed error whatever the status.
        """
        request: dict[str, Any] = {"context": CONTEXT, "method": method}
        if api_version is not None:
            request["apiVersion"] = api_version
        if params is not None:
            request["params"] = params
        response = await self.request("POST", path, json_body=request)
        try:
            payload = json.loads(response.body)
        except ValueError, RecursionError:
            if response.status >= 300:
                raise VapixServerError(response.status, f"{method} failed") from None
            raise VapixMalformedResponseError(f"{method}: response is not JSON") from None
        payload = as_mapping(payload, method)
        if "error" in payload:
            raise _json_error(as_mapping(payload["error"], f"{method}.error"), codes)
        if response.status >= 300:
            raise VapixServerError(response.status, f"{method} failed")
        return payload.get("data", {})

    @staticmethod
    def _raise_for_transport_status(status: int, path: str) -> None:
        if status == 401:
            raise VapixAuthenticationError(f"authentication failed for {path}")
        if status == 403:
            raise VapixAuthorizationError(f"the user is not allowed to use {path}")
        if status == 404:
            raise VapixNotSupportedError(f"{path} is not available on this device")


def _json_error(error: Mapping[str, Any], codes: JsonErrorCodes) -> VapixError:
    """Map a JSON ``error`` object to a typed error."""
    raw_code = error.get("code")
    code: int | None = None
    if isinstance(raw_code, int) and not isinstance(raw_code, bool):
        code = raw_code
    elif isinstance(raw_code, str) and raw_code.strip().isdigit():
        code = int(raw_code)
    message = error.get("message")
    text = message if isinstance(message, str) else ""
    if code is None:
        return VapixMalformedResponseError(f"error without a numeric code: {error!r:.80}")
    if code in codes.authentication:
        return VapixAuthenticationError(text or f"authentication failed (error {code})")
    if code in codes.authorization:
        return VapixAuthorizationError(text or f"not authorized (error {code})")
    if code in codes.not_supported:
        return VapixNotSupportedError(text or f"not supported (error {code})", code)
    return VapixRequestError(code, text)


async def _read_limited(response: aiohttp.ClientResponse, max_bytes: int) -> bytes:
    """Read the body, refusing answers larger than ``max_bytes``."""
    if response.content_length is not None and response.content_length > max_bytes:
        raise VapixMalformedResponseError(f"response of {response.content_length} bytes")
    chunks: list[bytes] = []
    size = 0
    async for chunk in response.content.iter_any():
        size += len(chunk)
        if size > max_bytes:
            raise VapixMalformedResponseError(f"response larger than {max_bytes} bytes")
        chunks.append(chunk)
    return b"".join(chunks)
