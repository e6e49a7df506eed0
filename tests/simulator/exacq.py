"""A simulated exacqVision recording server behind its Web Service (HTTP API v1).

Paths are the integration's own table (``exacq.endpoints``), so the simulator and the client
agree by construction and a corrected path is corrected in one place. Behaviour follows the
specification: sessions from ``login.web`` that expire when idle, soft triggers that fall back
to off ~3 s after the last "on", mechanical presets, status and active events. Time comes from
an injectable clock so tests can hold a trigger for simulated seconds.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from io import BytesIO
import secrets
import time
from typing import Any, Literal

from aiohttp import web
from PIL import Image, ImageDraw

from custom_components.axis_thermometry.exacq.endpoints import VIDEO_PATH_FORM, Endpoint

from .exacq_video import NATIVE_JPEG, TRANSCODED_JPEG, StoredVideo, invalid_request
from .http import Fault, Handler, SimulatorServer

TRIGGER_HOLD_SECONDS = 3.0
H264 = 5

ExpiryAnswer = Literal["401", "redirect", "json"]


@dataclass
class ExacqUser:
    password: str
    ptz: bool = True
    triggers: bool = True
    cameras: bool = True
    role: int = 5  # 002 Create User's roles: 5 Full Admin, 10 Live Only, ...


@dataclass
class ExacqCamera:
    camera_id: str
    name: str
    formats: list[int] = field(default_factory=lambda: [H264, TRANSCODED_JPEG])
    presets: dict[int, str] = field(default_factory=dict)
    current_preset: int | None = None
    motion: bool = False
    video_loss: bool = False
    disabled: bool = False
    reports_status: bool = True  # False: status.web says nothing of motion or loss
    # Stored video: (start, end) in UTC; an end in the future is "recording now" (the stored
    # part ends at the current time). Which device it is, as the server reports it (keys ours).
    recordings: list[tuple[datetime, datetime]] = field(default_factory=list)
    serial: str | None = None
    address: str | None = None

    def stored(self, now: datetime) -> list[tuple[datetime, datetime]]:
        """The recordings as stored by ``now``."""
        return [(start, min(end, now)) for start, end in self.recordings if start < now]

    def recorded(self, moment: datetime, now: datetime) -> bool:
        return any(start <= moment <= end for start, end in self.stored(now))


@dataclass
class ExacqTrigger:
    trigger_id: int
    name: str
    last_on: float | None = None
    history: list[tuple[float, str]] = field(default_factory=list)

    def active(self, now: float) -> bool:
        return self.last_on is not None and now - self.last_on < TRIGGER_HOLD_SECONDS


@dataclass
class ExacqSession:
    user: str
    last_used: float


@dataclass
class ExacqRecorder:
    """The server's state."""

    serial: str = "18-62-66-32-4E-AF"
    name: str = "Plant recorder"
    model: str = "exacqVision A-Series"
    version: str = "24.09.1.0"
    cameras: dict[str, ExacqCamera] = field(default_factory=dict)
    triggers: dict[int, ExacqTrigger] = field(default_factory=dict)
    users: dict[str, ExacqUser] = field(default_factory=dict)
    clock: Callable[[], float] = time.monotonic
    # Stored video: frames per second, and the wall clock that says what is stored by now.
    fps: float = 2.0
    now: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))

    def trigger_active(self, trigger_id: int) -> bool:
        return self.triggers[trigger_id].active(self.clock())


def plant_recordings(now: datetime) -> list[tuple[datetime, datetime]]:
    """Two days of stored video: ten minutes at the top of every hour, and continuous
    recording from half an hour ago on (the recorder is recording now)."""
    hour = now.replace(minute=0, second=0, microsecond=0)
    clips = [
        (hour - timedelta(hours=h), hour - timedelta(hours=h) + timedelta(minutes=10))
        for h in range(48, 0, -1)
    ]
    return [*clips, (now - timedelta(minutes=30), now + timedelta(days=3650))]


def plant_recorder(clock: Callable[[], float] = time.monotonic) -> ExacqRecorder:
    """The default server: a PTZ thermal camera, a fixed thermal camera, a visible camera.

    The PTZ thermal camera is the simulator's bispectral Axis camera (its serial) and has
    stored video; the others have none.
    """
    now = datetime.now(UTC)
    return ExacqRecorder(
        cameras={
            "4590080": ExacqCamera(
                "4590080",
                "Furnace thermal",
                presets={1: "Home", 2: "Furnace", 3: "Conveyor"},
                current_preset=1,
                recordings=plant_recordings(now),
                serial="E82725000003",
                address="127.0.0.1",
            ),
            "4590081": ExacqCamera("4590081", "Cold store thermal", formats=[NATIVE_JPEG, H264]),
            "4590082": ExacqCamera("4590082", "Loading dock", reports_status=False),
        },
        triggers={1: ExacqTrigger(1, "Fire alarm"), 2: ExacqTrigger(2, "Cold-chain alarm")},
        users={
            "admin": ExacqUser("admin256"),
            "viewer": ExacqUser("viewer", ptz=False, triggers=False, role=10),
        },
        clock=clock,
    )


def render(name: str, width: int = 320, height: int = 240) -> bytes:
    """A labelled test frame."""
    picture = Image.new("RGB", (width, height), (24, 32, 48))
    draw = ImageDraw.Draw(picture)
    for x in range(0, width, 16):
        draw.line([(x, 0), (x, height)], fill=(40, 56, 80))
    draw.text((8, 8), name, fill=(255, 255, 255))
    out = BytesIO()
    picture.save(out, format="JPEG", quality=70)
    return out.getvalue()


class ExacqServer(SimulatorServer):
    """Serve one :class:`ExacqRecorder` on ``host:port``."""

    def __init__(
        self, recorder: ExacqRecorder | None = None, *, host: str = "127.0.0.1", port: int = 0
    ) -> None:
        self.recorder = recorder or plant_recorder()
        self.sessions: dict[str, ExacqSession] = {}
        self.issued_sessions: list[str] = []  # every session id handed out, for leak checks
        self.session_ttl: float | None = None  # idle seconds of the recorder's clock
        self.expiry_answer: ExpiryAnswer = "401"
        self.login_failure_status = 200  # 200: {"success": false}; or 401
        self.session_key = "sessionID"  # the specification's; real servers also send sessionId
        self.users_listed = True  # False: List Users refused (a user that may not list them)
        # Where the server reports its serial number: 002's login answer carries it; older web
        # services leave it out there, and then only the servers list or config.web has it.
        self.serial_in: set[Literal["login", "servers", "config"]] = {"login", "servers"}
        self.logouts = 0
        # 002's logout form names the server (s = server id); False: a server that only takes
        # the session id there, as real clients send it.
        self.logout_by_server = True
        self.logout_forms: list[dict[str, list[str]]] = []
        self.login_forms: list[dict[str, str]] = []
        self.trigger_forms: list[dict[str, list[str]]] = []
        # 002's video.web form with session, camera and container in the path; False: an
        # older web service that only has the query form.
        self.video_path_form = True
        self._frames: dict[tuple[str, int, int], bytes] = {}
        self.stored = StoredVideo(self)
        super().__init__(host=host, port=port)

    def _routes(self) -> dict[str, Handler]:
        return {
            VIDEO_PATH_FORM.format(
                session="{s}", camera="{camera}", container="{container}"
            ): self._video_path,
            Endpoint.LOGIN: self._login,
            Endpoint.LOGOUT: self._logout,
            Endpoint.SERVERS: self._servers,
            Endpoint.CAMERAS: self._cameras,
            Endpoint.VIDEO: self._video,
            Endpoint.THUMBNAIL: self._thumbnail,
            Endpoint.PTZ: self._ptz,
            Endpoint.SOFT_TRIGGERS: self._soft_triggers,
            Endpoint.STATUS: self._status,
            Endpoint.EVENTS: self._events,
            Endpoint.USERS: self._users,
            **self.stored.routes(),
        }

    def _device_fault(self, request: web.Request, fault: Fault) -> web.StreamResponse:
        if fault.kind == "wrong_types":
            return web.json_response({"Cameras": "many", "Presets": 7, "Triggers": {}})
        if fault.kind == "unauthorized":
            return self._expired()
        return web.json_response({"success": False, "error": fault.message})

    # ------------------------------------------------------------------ knobs

    def expire_sessions(self) -> None:
        """End every session, as the server does after its login expiration."""
        self.sessions.clear()

    # ------------------------------------------------------------------ sessions

    async def _values(self, request: web.Request) -> dict[str, list[str]]:
        values: dict[str, list[str]] = {}
        for key, value in request.query.items():
            values.setdefault(key, []).append(value)
        if request.method == "POST":
            for key, posted in (await request.post()).items():
                values.setdefault(key, []).append(str(posted))
        return values

    def _expired(self) -> web.Response:
        if self.expiry_answer == "redirect":
            return web.Response(status=302, headers={"Location": "login.web"})
        if self.expiry_answer == "json":
            return web.json_response({"success": False, "error": "Invalid session"})
        return web.json_response({"success": False, "error": "Unauthorized"}, status=401)

    def _session(self, values: Mapping[str, list[str]]) -> ExacqSession | None:
        session = self.sessions.get(values.get("s", [""])[0])
        now = self.recorder.clock()
        if session is None:
            return None
        if self.session_ttl is not None and now - session.last_used > self.session_ttl:
            self.sessions = {k: v for k, v in self.sessions.items() if v is not session}
            return None
        session.last_used = now
        return session

    async def _authorized(
        self, request: web.Request
    ) -> tuple[ExacqUser, dict[str, list[str]]] | web.Response:
        values = await self._values(request)
        session = self._session(values)
        if session is None:
            return self._expired()
        return self.recorder.users[session.user], values

    async def authorized_session(
        self, request: web.Request
    ) -> tuple[str, dict[str, list[str]]] | web.Response:
        """The request's live session id and values; the expiry answer otherwise."""
        values = await self._values(request)
        if self._session(values) is None:
            return self._expired()
        return values["s"][0], values

    def session_alive(self, session_id: str) -> bool:
        """Whether ``session_id`` is a session that has not ended or expired."""
        session = self.sessions.get(session_id)
        return session is not None and (
            self.session_ttl is None
            or self.recorder.clock() - session.last_used <= self.session_ttl
        )

    async def _login(self, request: web.Request) -> web.StreamResponse:
        if request.method != "POST":
            raise web.HTTPMethodNotAllowed(request.method, ["POST"])
        form = await request.post()
        self.login_forms.append({key: str(value) for key, value in form.items()})
        username, password = str(form.get("u", "")), str(form.get("p", ""))
        user = self.recorder.users.get(username)
        if form.get("responseVersion") != "2" or "s" not in form:
            return invalid_request()
        if user is None or not secrets.compare_digest(user.password, password):
            return web.json_response(
                {"success": False, "error": "Invalid username or password"},
                status=self.login_failure_status,
            )
        session_id = secrets.token_hex(16)
        self.sessions[session_id] = ExacqSession(username, self.recorder.clock())
        self.issued_sessions.append(session_id)
        recorder = self.recorder
        return web.json_response(
            {
                "success": True,
                self.session_key: session_id,
                "canAutoLogin": False,
                **self._serial("login"),
                "name": recorder.name,
                "id": str(form["s"]),
                "port": 22609,
                "version": recorder.version,
                "model": recorder.model,
                "user_permissions": {},
                "group": {"cameras": list(recorder.cameras)},
            }
        )

    async def _logout(self, request: web.Request) -> web.StreamResponse:
        """002: ``s`` is "the server ID of the server to logout"; answers 302 to login.web.

        002 does not say which of several sessions a server-id logout ends: the simulator ends
        the newest on that server. The session id form (what real clients send) ends that one.
        """
        values = await self._values(request)
        self.logout_forms.append(values)
        s = values.get("s", [""])[0]
        if self.stored.close(s):  # a search's id: the search ends
            return web.Response(status=302, headers={"Location": "login.web"})
        if s == "0" and self.logout_by_server:
            if self.sessions:
                del self.sessions[next(reversed(self.sessions))]
                self.logouts += 1
        elif self.sessions.pop(s, None) is not None:
            self.logouts += 1
        elif s == "0":
            return invalid_request()
        return web.Response(status=302, headers={"Location": "login.web"})

    async def _servers(self, request: web.Request) -> web.StreamResponse:
        server = {"id": "0", "name": self.recorder.name, **self._serial("servers")}
        return web.json_response({"list": [server], "CSRF": False})

    def _serial(self, where: Literal["login", "servers", "config"]) -> dict[str, str]:
        return {"serial": self.recorder.serial} if where in self.serial_in else {}

    async def _users(self, request: web.Request) -> web.StreamResponse:
        """002 List Users: the accounts with their roles (refused where ``users_listed`` is off)."""
        auth = await self._authorized(request)
        if isinstance(auth, web.Response):
            return auth
        if not self.users_listed:
            return web.Response(status=403, text="Forbidden", content_type="text/plain")
        users = [{"name": name, "role": user.role} for name, user in self.recorder.users.items()]
        return web.json_response({"success": True, "users": users})

    # ------------------------------------------------------------------ cameras and images

    async def _cameras(self, request: web.Request) -> web.StreamResponse:
        auth = await self._authorized(request)
        if isinstance(auth, web.Response):
            return auth
        if not auth[0].cameras:
            return web.Response(status=403, text="Forbidden", content_type="text/plain")
        return web.json_response(
            {
                "timezone": 0,
                "name": self.recorder.name,
                **self._serial("config"),
                "restricted": False,
                "Cameras": [
                    {
                        "id": int(camera.camera_id),
                        "name": camera.name,
                        "formats": camera.formats,
                        "disabled": camera.disabled,
                        **({"serial": camera.serial} if camera.serial else {}),
                        **({"address": camera.address} if camera.address else {}),
                    }
                    for camera in self.recorder.cameras.values()
                ],
            }
        )

    def _camera(self, values: Mapping[str, list[str]]) -> ExacqCamera | None:
        return self.recorder.cameras.get(values.get("camera", [""])[0])

    def _frame(self, camera: ExacqCamera, width: int, height: int) -> web.Response:
        key = (camera.camera_id, width, height)
        if key not in self._frames:
            self._frames[key] = render(camera.name, width, height)
        return web.Response(body=self._frames[key], content_type="image/jpeg")

    async def _video(self, request: web.Request) -> web.StreamResponse:
        auth = await self._authorized(request)
        if isinstance(auth, web.Response):
            return auth
        _, values = auth
        if "search_id" in values:  # a search's context: its next frame
            return self.stored.search_frame(values, values["s"][0])
        camera = self._camera(values)
        fmt = values.get("format", [str(NATIVE_JPEG)])[0]
        if camera is None or not fmt.isdigit() or int(fmt) not in (NATIVE_JPEG, TRANSCODED_JPEG):
            return invalid_request()
        if int(fmt) not in camera.formats or camera.video_loss:
            return invalid_request()
        width = min(int(values.get("w", ["320"])[0]), 1920)
        height = min(int(values.get("h", [str(width * 3 // 4)])[0]), 1080)
        return self._frame(camera, width, height)

    async def _video_path(self, request: web.Request) -> web.StreamResponse:
        """002's "Get Video": session, camera and container (native | transcoded) in the path."""
        if not self.video_path_form:
            raise web.HTTPNotFound
        info = request.match_info
        session = self._session({"s": [info["s"]]})
        if session is None:
            return self._expired()
        camera = self.recorder.cameras.get(info["camera"])
        wanted = {"native": NATIVE_JPEG, "transcoded": TRANSCODED_JPEG}.get(info["container"])
        if camera is None or wanted is None or wanted not in camera.formats or camera.video_loss:
            return invalid_request()
        return self._frame(camera, 320, 240)

    async def _thumbnail(self, request: web.Request) -> web.StreamResponse:
        auth = await self._authorized(request)
        if isinstance(auth, web.Response):
            return auth
        camera = self._camera(auth[1])
        if camera is None:
            return invalid_request()
        side = {"0": 80, "1": 128, "2": 200}.get(auth[1].get("size", ["1"])[0], 128)
        return self._frame(camera, side, side)

    # ------------------------------------------------------------------ PTZ and triggers

    async def _ptz(self, request: web.Request) -> web.StreamResponse:
        auth = await self._authorized(request)
        if isinstance(auth, web.Response):
            return auth
        user, values = auth
        camera = self._camera(values)
        if camera is None:
            return invalid_request()
        if request.method == "GET":
            return web.json_response(
                {"Presets": [{"id": pid, "name": name} for pid, name in camera.presets.items()]}
            )
        if not user.ptz:
            return web.Response(status=403, text="Forbidden", content_type="text/plain")
        preset = values.get("preset", [""])[0]
        if not preset.isdigit() or int(preset) not in camera.presets:
            return invalid_request()
        camera.current_preset = int(preset)
        return web.Response(status=200)

    async def _soft_triggers(self, request: web.Request) -> web.StreamResponse:
        auth = await self._authorized(request)
        if isinstance(auth, web.Response):
            return auth
        user, values = auth
        recorder = self.recorder
        if request.method == "GET":
            return web.json_response(
                {
                    "Triggers": [
                        {"id": trigger.trigger_id, "name": trigger.name}
                        for trigger in recorder.triggers.values()
                    ]
                }
            )
        if not user.triggers:
            return web.Response(status=403, text="Forbidden", content_type="text/plain")
        self.trigger_forms.append(values)
        tid, state = values.get("tid", [""])[0], values.get("state", [""])[0]
        if not tid.isdigit() or int(tid) not in recorder.triggers or state not in ("on", "off"):
            return invalid_request()
        trigger = recorder.triggers[int(tid)]
        now = recorder.clock()
        trigger.last_on = now if state == "on" else None
        trigger.history.append((now, state))
        return web.Response(status=200)

    # ------------------------------------------------------------------ status and events

    async def _status(self, request: web.Request) -> web.StreamResponse:
        auth = await self._authorized(request)
        if isinstance(auth, web.Response):
            return auth
        values = auth[1]
        recorder = self.recorder
        now = recorder.clock()
        cameras: list[dict[str, Any]] = []
        for camera_id in values.get("camera", []):
            camera = recorder.cameras.get(camera_id)
            if camera is None:
                continue
            item: dict[str, Any] = {"id": camera_id}
            if camera.reports_status:
                item |= {"motion": camera.motion, "loss": camera.video_loss}
            cameras.append(item)
        triggers = [
            {"id": tid, "state": "on" if recorder.triggers[int(tid)].active(now) else "off"}
            for tid in values.get("trigger", [])
            if tid.isdigit() and int(tid) in recorder.triggers
        ]
        return web.json_response({"success": True, "camera": cameras, "trigger": triggers})

    async def _events(self, request: web.Request) -> web.StreamResponse:
        auth = await self._authorized(request)
        if isinstance(auth, web.Response):
            return auth
        wanted = {int(value) for value in auth[1].get("filter", []) if value.isdigit()}
        recorder = self.recorder
        now = recorder.clock()
        events: list[dict[str, Any]] = []
        for camera in recorder.cameras.values():
            if camera.motion:
                events.append({"type": 1, "name": "Video motion", "source": camera.camera_id})
            if camera.video_loss:
                events.append({"type": 2, "name": "Video loss", "source": camera.camera_id})
        events.extend(
            {"type": 22, "name": trigger.name, "source": trigger.trigger_id}
            for trigger in recorder.triggers.values()
            if trigger.active(now)
        )
        return web.json_response(
            {"success": True, "events": [e for e in events if not wanted or e["type"] in wanted]}
        )
