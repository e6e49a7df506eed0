"""HTTP transport to one Axis device: authentication, error mapping, JSON method calls.

The transport uses the ``aiohttp.ClientSession`` it is given (Home Assistant passes its
shared one) and never closes it. Digest authentication is aiohttp's
``DigestAuthMiddleware`` in preemptive mode: after the first challenge every request carries
its ``Authorization`` header, so a call costs one request in steady state. Basic
authentication is available for devices configured that way.

Error messages are built from this module's own words and the request's path, never from the
text of a transport error (which can carry a URL).
"""

import asyncio
import codecs
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
import logging
import re
from typing import Any, Final

import aiohttp
from yarl import URL

from ._parse import as_mapping, loads
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
# Requests in flight to one device at a time. With the event stream, that bounds the open
# connections to a camera at 4 (each request needs its own while it runs).
MAX_CONCURRENT_REQUESTS: Final = 3
# JSON error codes are four-digit numbers; anything else in ``code`` is not one.
_ERROR_CODE = re.compile(r"[0-9]{1,6}")

type Params = Mapping[str, str | int]


class AuthMethod(StrEnum):
    """How the transport authenticates."""

    DIGEST = "digest"
    BASIC = "basic"


@dataclass(frozen=True, slots=True)
class JsonErrorCodes:
    """How one JSON API numbers its errors.

    Thermometry uses 2109/2110 for a user without the rights, DayNight 2105, and the codes
    2105/2106 mean something else in Thermometry, so each API brings its own table. A JSON
    error body means the device's web server accepted the credentials (a wrong password is
    refused before any API runs), so JSON codes never mean "wrong password".
    """

    authorization: frozenset[int]
    not_supported: frozenset[int]


@dataclass(frozen=True, slots=True)
class HttpResponse:
    """A fully read response."""

    status: int
    content_type: str
    body: bytes
    charset: str | None = None

    @property
    def text(self) -> str:
        """The body as text, in the declared charset.

        Axis devices answer the text CGIs in ISO-8859-1, some without saying so: without a
        (known) charset the body is UTF-8 when it is valid UTF-8, else ISO-8859-1.
        """
        if self.charset:
            try:
                codec = codecs.lookup(self.charset)
            except LookupError:
                pass
            else:
                return self.body.decode(codec.name, errors="replace")
        try:
            return self.body.decode("utf-8")
        except UnicodeDecodeError:
            return self.body.decode("iso-8859-1")


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
        stream_session: aiohttp.ClientSession | None = None,
    ) -> None:
        """Prepare requests to ``host``; nothing is sent until a method is called.

        ``stream_session`` opens WebSockets: ``ws_connect`` takes no middlewares of its own,
        so with Digest it must be a session whose middlewares authenticate
        (``aiohttp.DigestAuthMiddleware``); without one the handshake goes out on
        ``session`` with Basic credentials only.
        """
        scheme = "https" if https else "http"
        self._base = URL.build(scheme=scheme, host=host, port=port or (443 if https else 80))
        self._session = session
        self._stream_session = stream_session or session
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._slots = asyncio.Semaphore(MAX_CONCURRENT_REQUESTS)
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

    @property
    def ssl(self) -> bool:
        """``False`` when certificates are not verified (HTTPS with verification off)."""
        return self._ssl

    @property
    def auth_headers(self) -> Mapping[str, str]:
        """Headers every request carries (Basic authentication), for streams opened elsewhere."""
        return self._headers

    @property
    def middlewares(self) -> tuple[aiohttp.DigestAuthMiddleware, ...]:
        """The authentication middlewares, for streams opened elsewhere."""
        return self._middlewares

    def url(self, path: str, params: Params | str | None = None) -> URL:
        """The URL of ``path`` on the device, without credentials.

        ``params`` may be a ready query string, for the 2002 CGIs' bare parameter names.
        """
        url = self._base.with_path(path)
        return url.with_query(params) if params else url

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Params | str | None = None,
        json_body: Mapping[str, Any] | None = None,
        timeout: float | None = None,  # noqa: ASYNC109 - a per-request aiohttp timeout
        max_bytes: int = MAX_TEXT_BYTES,
    ) -> HttpResponse:
        """Send one request and read the whole answer.

        401, 403 and 404 become typed errors whatever their body; every other status is
        returned for the caller to interpret.
        """
        response = await self.send(
            method, path, params=params, json_body=json_body, timeout=timeout, max_bytes=max_bytes
        )
        raise_for_transport_status(response.status, path)
        return response

    async def send(
        self,
        method: str,
        path: str,
        *,
        params: Params | str | None = None,
        json_body: Mapping[str, Any] | None = None,
        timeout: float | None = None,  # noqa: ASYNC109 - a per-request aiohttp timeout
        max_bytes: int = MAX_TEXT_BYTES,
    ) -> HttpResponse:
        """Send one request and read the whole answer, whatever its status.

        The web server's own 401 (not a JSON error) is asked once more: a device that
        refuses a request now and then (nonces it forgot, a busy web server) is not a wrong
        password. A refused request was not carried out, so asking again is safe.
        """
        for attempt in range(2):
            response = await self._send_once(
                method,
                path,
                params=params,
                json_body=json_body,
                timeout=timeout,
                max_bytes=max_bytes,
            )
            if response.status != 401 or response.content_type == "application/json":
                break
            if not attempt:
                _LOGGER.debug("%s: credentials refused; asking once more", path)
        return response

    async def _send_once(
        self,
        method: str,
        path: str,
        *,
        params: Params | str | None,
        json_body: Mapping[str, Any] | None,
        timeout: float | None,  # noqa: ASYNC109 - a per-request aiohttp timeout
        max_bytes: int,
    ) -> HttpResponse:
        client_timeout = self._timeout if timeout is None else aiohttp.ClientTimeout(total=timeout)
        try:
            async with (
                self._slots,
                self._session.request(
                    method,
                    self.url(path, params),
                    json=json_body,
                    headers=self._headers,
                    middlewares=self._middlewares,
                    ssl=self._ssl,
                    timeout=client_timeout,
                    allow_redirects=False,
                ) as response,
            ):
                body = await read_body(response, max_bytes, path)
                return HttpResponse(response.status, response.content_type, body, response.charset)
        except VapixError:
            raise
        except TimeoutError as err:
            raise VapixTimeoutError(f"{path}: no answer in time") from err
        except aiohttp.ClientError as err:
            raise connection_error(path, err) from err

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
            raise VapixTimeoutError(f"{path}: the stream did not open in time") from err
        except aiohttp.ClientError as err:
            raise connection_error(path, err) from err
        if response.status != 200:
            response.release()
            raise_for_transport_status(response.status, path)
            raise VapixServerError(response.status, f"{path} could not be opened")
        return response

    async def websocket(
        self, path: str, params: Params, *, max_frame: int
    ) -> aiohttp.ClientWebSocketResponse:
        """Open a WebSocket (``ws``, or ``wss`` over HTTPS) at ``path``; the caller closes it.

        Authenticated by the stream session's middlewares (Digest) or the Basic header; the
        credentials never go in the URL. Pings and pongs are the caller's (``autoping`` off).
        """
        url = self.url(path, params)
        try:
            async with asyncio.timeout(self._timeout.total):
                return await self._stream_session.ws_connect(
                    url.with_scheme("wss" if url.scheme == "https" else "ws"),
                    headers=self._headers,
                    ssl=self._ssl,
                    autoping=False,
                    max_msg_size=max_frame,
                )
        except aiohttp.WSServerHandshakeError as err:
            raise _handshake_error(path, err.status) from err
        except TimeoutError as err:
            raise VapixTimeoutError(f"{path}: the WebSocket did not open in time") from err
        except aiohttp.ClientError as err:
            raise connection_error(path, err) from err

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

        The HTTP status of a JSON error may be 200, 400, 401, 403 or 500 (the specifications
        disagree), so the body decides: an ``error`` member is mapped to a typed error
        whatever the status. Only a 401/403 without a JSON error is the web server's own
        refusal (wrong credentials, or a user level below the CGI's).
        """
        request: dict[str, Any] = {"context": CONTEXT, "method": method}
        if api_version is not None:
            request["apiVersion"] = api_version
        if params is not None:
            request["params"] = params
        response = await self.send("POST", path, json_body=request)
        try:
            payload = loads(response.body)
        except ValueError, RecursionError:
            payload = None
        if isinstance(payload, Mapping) and "error" in payload:
            raise _json_error(as_mapping(payload["error"], f"{method}.error"), codes, method)
        raise_for_transport_status(response.status, path)
        if payload is None:
            if response.status >= 300:
                raise VapixServerError(response.status, f"{method} failed")
            raise VapixMalformedResponseError(f"{method}: response is not JSON")
        payload = as_mapping(payload, method)
        if response.status >= 300:
            raise VapixServerError(response.status, f"{method} failed")
        return payload.get("data", {})


def raise_for_transport_status(status: int, path: str) -> None:
    """Raise the typed error of a 401, 403 or 404 answer."""
    if status == 401:
        raise VapixAuthenticationError(f"authentication failed for {path}")
    if status == 403:
        raise VapixAuthorizationError(f"the user is not allowed to use {path}")
    if status == 404:
        raise VapixNotSupportedError(f"{path} is not available on this device")


def _handshake_error(path: str, status: int) -> VapixError:
    """A refused WebSocket handshake as a typed error.

    The credentials work for the CGIs, so a 401 here is this API refusing the user, not a
    wrong password: it must not send the user to re-authenticate.
    """
    if status in (401, 403):
        return VapixAuthorizationError(f"the device refused {path} to this user ({status})")
    if status in (400, 404, 405, 426, 501) or status < 300:
        return VapixNotSupportedError(f"{path} is not available on this device ({status})")
    return VapixServerError(status, f"{path} could not be opened")


def connection_error(path: str, err: aiohttp.ClientError) -> VapixConnectionError:
    """A connection error in our words: the kind of failure and the path, nothing else."""
    return VapixConnectionError(f"{path}: connection failed ({type(err).__name__})")


def _json_error(error: Mapping[str, Any], codes: JsonErrorCodes, method: str) -> VapixError:
    """Map a JSON ``error`` object to a typed error."""
    raw_code = error.get("code")
    code: int | None = None
    if isinstance(raw_code, int) and not isinstance(raw_code, bool):
        code = raw_code
    elif isinstance(raw_code, str) and _ERROR_CODE.fullmatch(raw_code.strip()):
        code = int(raw_code.strip())
    message = error.get("message")
    text = message.strip()[:200] if isinstance(message, str) else ""
    if code is None:
        return VapixMalformedResponseError(f"{method}: error without a numeric code")
    if code in codes.authorization:
        return VapixAuthorizationError(text or f"not authorized (error {code})")
    if code in codes.not_supported:
        return VapixNotSupportedError(text or f"not supported (error {code})", code)
    return VapixRequestError(code, text)


async def read_body(response: aiohttp.ClientResponse, max_bytes: int, path: str) -> bytes:
    """Read the whole body, however many segments it arrives in, refusing more than ``max_bytes``.

    A body shorter than its ``Content-Length`` is a broken answer, not a short one.
    """
    declared = response.content_length
    if declared is not None and declared > max_bytes:
        raise VapixMalformedResponseError(f"{path}: answer of {declared} bytes is too large")
    chunks: list[bytes] = []
    size = 0
    async for chunk in response.content.iter_any():
        size += len(chunk)
        if size > max_bytes:
            raise VapixMalformedResponseError(f"{path}: answer larger than {max_bytes} bytes")
        chunks.append(chunk)
    if declared is not None and size != declared:
        raise VapixConnectionError(f"{path}: the answer was cut short")
    return b"".join(chunks)
