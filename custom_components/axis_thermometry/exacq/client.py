"""Async client for one exacqVision recording server through its Web Service (HTTP API v1).

It uses the ``aiohttp.ClientSession`` it is given and never closes it. A session id from
``login.web`` authorizes every other call; when the server lets the session expire (HTTP 401,
a redirect to the login page, or ``"success": false`` naming the session) the client logs in
again once and repeats the call, so callers never see an expired session.

The session id travels in URLs, so no error message is ever built from a transport error's
text (aiohttp's carries the URL): messages are our words and the endpoint's path.
"""

import asyncio
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
import logging
import re
from typing import Any, Final
from urllib.parse import quote

import aiohttp
from yarl import URL

from .endpoints import VIDEO_PATH_FORM, Endpoint
from .errors import (
    ExacqAuthenticationError,
    ExacqAuthorizationError,
    ExacqConnectionError,
    ExacqError,
    ExacqMalformedResponseError,
    ExacqNotSupportedError,
    ExacqRequestError,
    ExacqServerError,
    ExacqSessionExpiredError,
    ExacqTimeoutError,
)
from .models import (
    FORMAT_NATIVE_JPEG,
    ActiveEvent,
    Camera,
    EventType,
    PtzPreset,
    ServerEntry,
    ServerInfo,
    SoftTrigger,
    Status,
    as_id,
    as_mapping,
    first,
    loads,
    parse_cameras,
    parse_events,
    parse_login,
    parse_presets,
    parse_servers,
    parse_session,
    parse_status,
    parse_triggers,
    parse_user_role,
    serial_of,
)
from .search import MAX_OPEN_SEARCHES, Recording, Search, parse_metadata, rfc3339

_LOGGER = logging.getLogger(__name__)

DEFAULT_TIMEOUT: Final = 10.0
MAX_TEXT_BYTES: Final = 2 * 1024 * 1024
MAX_IMAGE_BYTES: Final = 16 * 1024 * 1024
THUMBNAIL_SIZE: Final = 2  # 200 x 200 px
# Characters of ids per status.web query: far below the 8 KB request line servers accept.
QUERY_BUDGET: Final = 2000
REDIRECTS: Final = frozenset({301, 302, 303, 307, 308})
SESSION_WORDS: Final = re.compile(r"session|log ?in|expired", re.IGNORECASE)

type QueryValue = str | int | Sequence[str | int]


@dataclass(frozen=True, slots=True)
class HttpResponse:
    """A fully read response."""

    status: int
    content_type: str
    body: bytes
    location: str
    challenge: bool  # WWW-Authenticate: HTTP authentication, which exacqVision never asks for

    @property
    def text(self) -> str:
        """The body as text (stray bytes replaced)."""
        return self.body.decode("utf-8", errors="replace").strip()

    def json_object(self) -> Mapping[str, Any] | None:
        """The body as a JSON object (keys found whatever their case), or None if not one."""
        try:
            payload = loads(self.body)
        except ValueError, RecursionError:
            return None
        return payload if isinstance(payload, Mapping) else None


class ExacqClient:
    """One exacqVision server behind a web service, over a shared ``aiohttp.ClientSession``."""

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
        server_id: str = "0",
        timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        """Prepare requests to the web service at ``host``; nothing is sent yet."""
        scheme = "https" if https else "http"
        self._base = URL.build(scheme=scheme, host=host, port=port or (443 if https else 80))
        self._http = session
        self._username = username
        self._password = password
        self._server_id = server_id
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._ssl: bool = verify_ssl or not https
        self._session_id: str | None = None
        self._server: ServerInfo | None = None
        self._login_lock = asyncio.Lock()
        # Which video.web form the server answers with a frame: None until one has.
        self._video_path_form: bool | None = None
        self._searches = asyncio.Semaphore(MAX_OPEN_SEARCHES)
        self.logins = 0

    @property
    def base_url(self) -> URL:
        """The web service's base URL."""
        return self._base

    @property
    def server(self) -> ServerInfo | None:
        """The server of the current or last session."""
        return self._server

    @property
    def session_id(self) -> str | None:
        """The current session id (a secret: never to be logged or shown)."""
        return self._session_id

    @property
    def logged_in(self) -> bool:
        """Whether the client holds a session id."""
        return self._session_id is not None

    # ------------------------------------------------------------------ session

    async def login(self) -> ServerInfo:
        """Log in (again) and return the server's identity."""
        async with self._login_lock:
            return (await self._login())[1]

    async def _login(self) -> tuple[str, ServerInfo]:
        response = await self._send(
            "POST",
            Endpoint.LOGIN,
            form={
                "u": self._username,
                "p": self._password,
                "s": self._server_id,
                "responseVersion": "2",
            },
        )
        if response.challenge:
            raise ExacqNotSupportedError("HTTP authentication: not an exacqVision web service")
        if response.status in NOT_A_WEB_SERVICE:  # a web server that takes no login form
            raise ExacqNotSupportedError(
                f"login answered HTTP {response.status}: not an exacqVision web service"
            )
        if response.status in (401, 403):
            raise ExacqAuthenticationError("the server refused the username or password")
        payload = _json_object(_checked(response, "login"), "login")
        if payload.get("success") is False:
            raise ExacqAuthenticationError(
                _shown(_message(payload)) or "the server refused the username or password"
            )
        serial = serial_of(payload, "login")
        if serial is None:  # older web services: the server reports it elsewhere
            serial = await self._reported_serial(parse_session(payload))
        session_id, server = parse_login(payload, self._server_id, serial)
        self._session_id, self._server = session_id, server
        self.logins += 1
        return session_id, server

    async def _reported_serial(self, session_id: str) -> str | None:
        """The serial number of a server whose login answer has none (older web services).

        Where the server reports it: its entry in the servers list (002's *List Servers*),
        else the cameras' answer (``config.web``). None when it reports it nowhere.
        """
        try:
            servers = await self.list_servers()
        except ExacqError as err:
            _LOGGER.debug("No servers list for the serial number: %s", err)
        else:
            for entry in servers:
                if entry.server_id == self._server_id and entry.serial is not None:
                    return entry.serial
        try:
            response = await self._send(
                "GET", Endpoint.CAMERAS, params={"s": session_id, "output": "json"}
            )
            return serial_of(_json_object(_checked(response, Endpoint.CAMERAS), "config"), "config")
        except ExacqError as err:
            _LOGGER.debug("No camera configuration for the serial number: %s", err)
        return None

    async def logout(self) -> None:
        """End the session; "an HTTP response of 302 is sufficient to know" it ended (002).

        002 documents the form's ``s`` as the server id; a server that refuses that form is
        sent the session id instead, as real clients do.
        """
        session_id, self._session_id = self._session_id, None
        if session_id is None:
            return
        for s in (self._server_id, session_id):
            response = await self._send("POST", Endpoint.LOGOUT, form={"s": s})
            if response.status in REDIRECTS or (
                response.status < 300 and (response.json_object() or {}).get("success") is not False
            ):
                return
        raise ExacqServerError(response.status, "logout failed")

    async def _session(self) -> str:
        async with self._login_lock:
            if self._session_id is not None:
                return self._session_id
            return (await self._login())[0]

    async def _relogin(self, expired: str) -> None:
        async with self._login_lock:
            if self._session_id == expired:  # concurrent calls log in once
                _LOGGER.debug("Session on %s expired; logging in again", self._base.host)
                self._session_id = None
                await self._login()

    @staticmethod
    def _expired(response: HttpResponse) -> bool:
        if response.status == 401:
            return True
        if response.status in REDIRECTS:
            return "login" in response.location.lower()
        payload = response.json_object()
        return (
            payload is not None
            and payload.get("success") is False
            and SESSION_WORDS.search(_message(payload)) is not None
        )

    async def _call(
        self,
        method: str,
        endpoint: Endpoint,
        values: Mapping[str, QueryValue] | None = None,
        *,
        max_bytes: int | None = None,
        path: Callable[[str], str] | None = None,
    ) -> HttpResponse:
        """Send with the session id (query for GET, form for POST); log in again if needed.

        ``path`` builds a path that carries the session itself (002's video.web form).
        """
        for attempt in range(2):
            session_id = await self._session()
            if path is not None:
                response = await self._send(
                    method, endpoint, url_path=path(session_id), max_bytes=max_bytes
                )
            elif method == "GET":
                response = await self._send(
                    method,
                    endpoint,
                    params={"s": session_id, **(values or {})},
                    max_bytes=max_bytes,
                )
            else:
                form = {
                    "s": session_id,
                    **{key: str(value) for key, value in (values or {}).items()},
                }
                response = await self._send(method, endpoint, form=form, max_bytes=max_bytes)
            if not self._expired(response):
                return response
            if attempt == 0:
                await self._relogin(session_id)
        raise ExacqSessionExpiredError(f"{endpoint}: the session expired again after logging in")

    async def _get_json(
        self, endpoint: Endpoint, params: Mapping[str, QueryValue] | None = None
    ) -> Mapping[str, Any]:
        response = _checked(await self._call("GET", endpoint, params), endpoint)
        payload = _json_object(response, endpoint)
        if payload.get("success") is False:
            raise ExacqRequestError(_shown(_message(payload)) or f"{endpoint} failed")
        return payload

    async def _post(self, endpoint: Endpoint, form: Mapping[str, str | int]) -> None:
        """An action: success is a 2xx answer that is not an error message."""
        response = _checked(await self._call("POST", endpoint, form), endpoint)
        payload = response.json_object()
        if payload is not None and payload.get("success") is False:
            raise ExacqRequestError(_shown(_message(payload)) or f"{endpoint} failed")
        if payload is None and response.text.lower().startswith("invalid"):
            raise ExacqRequestError(_shown(response.text) or f"{endpoint} refused")

    async def _get_image(
        self,
        endpoint: Endpoint,
        params: Mapping[str, QueryValue] | None = None,
        path: Callable[[str], str] | None = None,
    ) -> bytes:
        response = _checked(
            await self._call("GET", endpoint, params, max_bytes=MAX_IMAGE_BYTES, path=path),
            endpoint,
        )
        if response.body.startswith(b"\xff\xd8"):
            return response.body
        raise ExacqMalformedResponseError(f"{endpoint}: the answer is not a JPEG image")

    async def _send(
        self,
        method: str,
        endpoint: str,
        *,
        params: Mapping[str, QueryValue] | None = None,
        form: Mapping[str, str] | None = None,
        max_bytes: int | None = None,
        url_path: str | None = None,
    ) -> HttpResponse:
        """One request; errors name ``endpoint``, never the URL (it may carry the session)."""
        max_bytes = max_bytes or MAX_TEXT_BYTES
        url = self._base.with_path(url_path or endpoint, encoded=url_path is not None)
        if params:
            url = url.with_query(params)
        try:
            async with self._http.request(
                method,
                url,
                data=form,
                ssl=self._ssl,
                timeout=self._timeout,
                allow_redirects=False,
            ) as response:
                body = await _read_body(response, max_bytes, endpoint)
                return HttpResponse(
                    response.status,
                    response.content_type,
                    body,
                    response.headers.get("Location", ""),
                    "WWW-Authenticate" in response.headers,
                )
        except TimeoutError as err:
            raise ExacqTimeoutError(f"{endpoint}: no answer in time") from err
        except aiohttp.ClientError as err:
            raise ExacqConnectionError(
                f"{endpoint}: connection failed ({type(err).__name__})"
            ) from err

    # ------------------------------------------------------------------ API

    async def list_servers(self) -> tuple[ServerEntry, ...]:
        """The recording servers the web service connects to (no session needed)."""
        response = await self._send("GET", Endpoint.SERVERS, params={"output": "json"})
        return parse_servers(_json_object(_checked(response, Endpoint.SERVERS), Endpoint.SERVERS))

    async def cameras(self) -> tuple[Camera, ...]:
        """The cameras of the server."""
        return parse_cameras(await self._get_json(Endpoint.CAMERAS, {"output": "json"}))

    async def snapshot(
        self, camera: Camera, *, width: int | None = None, height: int | None = None
    ) -> bytes:
        """The camera's current frame as JPEG; the cached thumbnail when no frame comes.

        002 prefers ``video.web`` with session, camera and container in the path over the
        query form it will deprecate: the path form first, the query form where the server
        gives no frame that way, and whichever gave a frame is used from then on.
        """
        container = "native" if camera.snapshot_format == FORMAT_NATIVE_JPEG else "transcoded"

        def path_form(session_id: str) -> str:
            return VIDEO_PATH_FORM.format(
                session=quote(session_id, safe=""),
                camera=quote(camera.camera_id, safe=""),
                container=container,
            )

        params: dict[str, QueryValue] = {
            "camera": camera.camera_id,
            "format": camera.snapshot_format,
        }
        if width:
            params["w"] = width
        if height:
            params["h"] = height
        forms = [True, False] if self._video_path_form is None else [self._video_path_form]
        for use_path in forms:
            try:
                if use_path:
                    image = await self._get_image(Endpoint.VIDEO, path=path_form)
                else:
                    image = await self._get_image(Endpoint.VIDEO, params)
            except (
                ExacqNotSupportedError,
                ExacqRequestError,
                ExacqServerError,
                ExacqMalformedResponseError,
            ) as err:
                _LOGGER.debug(
                    "No frame from camera %s (%s form: %s)",
                    camera.name,
                    "path" if use_path else "query",
                    err,
                )
                continue
            self._video_path_form = use_path
            return image
        return await self.thumbnail(camera.camera_id)

    async def thumbnail(self, camera_id: str, size: int = THUMBNAIL_SIZE) -> bytes:
        """The server's cached thumbnail of the camera (0: 80, 1: 128, 2: 200 px square)."""
        return await self._get_image(Endpoint.THUMBNAIL, {"camera": camera_id, "size": size})

    async def user_role(self) -> int | None:
        """This user's role (002 *List Users*); None where the server does not list it."""
        return parse_user_role(await self._get_json(Endpoint.USERS), self._username)

    async def ptz_presets(self, camera_id: str) -> tuple[PtzPreset, ...]:
        """The camera's mechanical PTZ presets (none for a fixed camera)."""
        return parse_presets(await self._get_json(Endpoint.PTZ, {"camera": camera_id}))

    async def apply_preset(self, camera_id: str, preset_id: str) -> None:
        """Move the camera to a mechanical PTZ preset."""
        await self._post(Endpoint.PTZ, {"camera": camera_id, "preset": preset_id})

    async def soft_triggers(self) -> tuple[SoftTrigger, ...]:
        """The server's soft triggers."""
        return parse_triggers(await self._get_json(Endpoint.SOFT_TRIGGERS))

    async def set_soft_trigger(self, trigger_id: str, on: bool) -> None:
        """Set a soft trigger; "on" lasts ~3 s unless set again (about once a second)."""
        await self._post(
            Endpoint.SOFT_TRIGGERS, {"tid": trigger_id, "state": "on" if on else "off"}
        )

    async def status(self, cameras: Sequence[str] = (), triggers: Sequence[str] = ()) -> Status:
        """Motion and video loss of ``cameras``, and the state of soft ``triggers``.

        The ids go in the query, and most web servers refuse a request line over 8 KB: a
        recorder with hundreds of cameras is asked in several requests, each within
        :data:`QUERY_BUDGET`, concurrently.
        """
        if not cameras and not triggers:
            return Status(cameras={}, triggers={})
        asked = [("camera", camera) for camera in cameras] + [
            ("trigger", trigger) for trigger in triggers
        ]
        answers = await asyncio.gather(*(self._status(part) for part in _within_budget(asked)))
        return Status(
            cameras={k: v for answer in answers for k, v in answer.cameras.items()},
            triggers={k: v for answer in answers for k, v in answer.triggers.items()},
        )

    async def _status(self, asked: Sequence[tuple[str, str]]) -> Status:
        params: dict[str, QueryValue] = {}
        for key in ("camera", "trigger"):
            if ids := [value for asked_key, value in asked if asked_key == key]:
                params[key] = ids
        return parse_status(
            await self._get_json(Endpoint.STATUS, params),
            cameras_asked="camera" in params,
            triggers_asked="trigger" in params,
        )

    async def active_events(
        self, types: Sequence[EventType] = (EventType.VIDEO_MOTION, EventType.VIDEO_LOSS)
    ) -> tuple[ActiveEvent, ...]:
        """The events active now, of ``types`` (every type when empty)."""
        params: dict[str, QueryValue] = {"filter": [int(kind) for kind in types]} if types else {}
        return parse_events(await self._get_json(Endpoint.EVENTS, params))

    # ------------------------------------------------------------------ stored video

    async def recordings(
        self, camera_ids: Sequence[str], start: datetime, end: datetime
    ) -> dict[str, tuple[Recording, ...]]:
        """Where each camera has stored video between ``start`` and ``end``.

        002's *Create a Metadata Search*; the metadata search is closed before this returns.
        """
        async with self._searches:
            payload = await self._get_json(
                Endpoint.METADATA_SEARCH,
                {
                    "camera": list(camera_ids),
                    "start": rfc3339(start),
                    "end": rfc3339(end),
                    "responseVersion": 2,
                },
            )
            search_id = first(payload, "sessionId", "session_id", "search_id")
            try:
                return parse_metadata(payload, camera_ids)
            finally:
                if search_id is not None:
                    await self.end_search(as_id(search_id, "metadata search.sessionId"))

    async def recorded_frame(
        self,
        camera: Camera,
        moment: datetime,
        *,
        width: int | None = None,
        height: int | None = None,
    ) -> bytes:
        """The stored frame closest to ``moment`` as JPEG.

        002's *Retrieve Single Recorded Frame*; the size only where the server transcodes.
        """
        params: dict[str, QueryValue] = {
            "camera": camera.camera_id,
            "time": rfc3339(moment),
            "format": camera.snapshot_format,
        }
        if width and camera.snapshot_format != FORMAT_NATIVE_JPEG:
            params["w"] = width
        if height and camera.snapshot_format != FORMAT_NATIVE_JPEG:
            params["h"] = height
        return await self._get_image(Endpoint.RECORDED_FRAME, params)

    @asynccontextmanager
    async def search(
        self, camera: Camera, start: datetime, end: datetime, *, paused: bool = False
    ) -> AsyncIterator[Search]:
        """An open search of ``camera`` from ``start`` to ``end``, closed on leaving.

        At most :data:`MAX_OPEN_SEARCHES` are open at once on this server: another waits.
        """
        async with self._searches:
            search = Search(self, camera, start, end, paused=paused)
            await search.open()
            try:
                yield search
            finally:
                await search.close()

    async def end_search(self, search_id: str) -> None:
        """Close a search: ``logout.web`` with the search's id; a 302 or a 2xx answer ends it.

        002: "When finished with a search a request should be made to Logout".
        """
        response = await self._send("POST", Endpoint.LOGOUT, form={"s": search_id})
        if response.status not in REDIRECTS and response.status >= 300:
            raise ExacqServerError(response.status, "closing the search failed")

    async def request_json(
        self, endpoint: Endpoint, params: Mapping[str, QueryValue]
    ) -> Mapping[str, Any]:
        """A session call's JSON answer (for :mod:`.search`)."""
        return await self._get_json(endpoint, params)

    async def request_image(self, params: Mapping[str, QueryValue]) -> bytes:
        """A frame from ``video.web`` (for :mod:`.search`: with the search's id)."""
        return await self._get_image(Endpoint.VIDEO, params)

    async def request_search(
        self, endpoint: Endpoint, search_id: str, path: str | None, *, json_answer: bool
    ) -> Mapping[str, Any]:
        """A call that names only the search (``search_id``), with an optional path part."""
        url_path = f"{endpoint}/{quote(path, safe='+-')}" if path is not None else None
        response = _checked(
            await self._send(
                "GET",
                endpoint,
                params={"search_id": search_id, "output": "json"},
                url_path=url_path,
            ),
            endpoint,
        )
        payload = response.json_object()
        if payload is not None and payload.get("success") is False:
            raise ExacqRequestError(_shown(_message(payload)) or f"{endpoint} failed")
        if payload is None and json_answer:
            raise ExacqMalformedResponseError(f"{endpoint}: the answer is not a JSON object")
        return as_mapping(payload, endpoint) if payload is not None else {}


async def _read_body(response: aiohttp.ClientResponse, max_bytes: int, endpoint: str) -> bytes:
    """The whole body, however many segments it arrives in, bounded by ``max_bytes``.

    A body shorter than its ``Content-Length`` is a broken answer, never a short image.
    """
    declared = response.content_length
    if declared is not None and declared > max_bytes:
        raise ExacqMalformedResponseError(f"{endpoint}: answer of {declared} bytes is too large")
    chunks: list[bytes] = []
    size = 0
    async for chunk in response.content.iter_any():
        size += len(chunk)
        if size > max_bytes:
            raise ExacqMalformedResponseError(f"{endpoint}: answer larger than {max_bytes} bytes")
        chunks.append(chunk)
    if declared is not None and size != declared:
        raise ExacqConnectionError(f"{endpoint}: the answer was cut short")
    return b"".join(chunks)


def _within_budget(asked: Sequence[tuple[str, str]]) -> list[list[tuple[str, str]]]:
    """``asked`` (query keys and ids) in parts whose query stays within :data:`QUERY_BUDGET`."""
    parts: list[list[tuple[str, str]]] = [[]]
    used = 0
    for key, value in asked:
        cost = len(key) + len(quote(value, safe="")) + 2  # "key=value&"
        if parts[-1] and used + cost > QUERY_BUDGET:
            parts.append([])
            used = 0
        parts[-1].append((key, value))
        used += cost
    return parts


# What a web server that is not an exacqVision web service answers the login form's POST:
# no such page, no POST there, no POST at all.
NOT_A_WEB_SERVICE: Final = frozenset({404, 405, 501})


def _checked(response: HttpResponse, what: str) -> HttpResponse:
    """``response`` if its status is a success; otherwise the matching typed error."""
    status = response.status
    if status < 300:
        return response
    if status == 403:
        raise ExacqAuthorizationError(f"the user is not allowed to use {what}")
    if status == 404:
        raise ExacqNotSupportedError(f"{what} is not available on this server")
    if 400 <= status < 500:
        payload = response.json_object()
        text = _message(payload) if payload is not None else response.text
        raise ExacqRequestError(_shown(text) or f"{what} refused (HTTP {status})")
    raise ExacqServerError(status, what)


def _json_object(response: HttpResponse, what: str) -> Mapping[str, Any]:
    payload = response.json_object()
    if payload is None:
        raise ExacqMalformedResponseError(f"{what}: the answer is not a JSON object")
    return as_mapping(payload, what)


# What a server's own text must not contain to be shown or logged: a request line or URL (it
# carries ``s=<session id>``), a session id itself (a UUID or a long token), a session field.
_UNSHOWABLE: Final = re.compile(
    r"[?&;]\s*s\s*=|\bs=|/v1/|://|session_?id|[0-9a-f]{8}-[0-9a-f]{4}-|\b(?=\w*\d)\w{16,}",
    re.IGNORECASE,
)


def _shown(text: str) -> str:
    """A server's error text, if it can be shown to a user and logged; else "" (our words then).

    A server may echo the request (with the session id) in its error page: that text never
    reaches a message, an entry's "not ready" reason or a log line.
    """
    text = " ".join(text.split())[:200]
    return "" if _UNSHOWABLE.search(text) else text


def _message(payload: Mapping[str, Any]) -> str:
    """The error text of a ``"success": false`` answer, whatever it is called."""
    for key in ("error", "message", "msg", "reason"):
        value = payload.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""
