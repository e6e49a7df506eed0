"""The simulated exacqVision server's stored video: 002's *Search* family.

Metadata searches (where stored video is), searches with a play head, a speed and steps,
``video.web`` in a search's context, and single recorded frames. A search belongs to the
session that made it: when that session ends (logout, expiry) the search is gone, as on a
server whose searches live in its sessions. Searches are closed with ``logout.web`` and their
id, and at most :attr:`StoredVideo.max_searches` are open at once.

Frames are generated: the camera's name and the frame's time (drawn, and in the JPEG's
comment), on a grid of ``recorder.fps`` frames per second.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from io import BytesIO
import math
import secrets
from typing import TYPE_CHECKING, Any

from aiohttp import web
from PIL import Image, ImageDraw

from custom_components.axis_thermometry.exacq.endpoints import Endpoint

if TYPE_CHECKING:
    from .exacq import ExacqCamera, ExacqServer
    from .http import Handler

NATIVE_JPEG, TRANSCODED_JPEG = 0, 6
MAX_SPEED = 12800


@dataclass
class ExacqSearch:
    """A search (or a metadata search): its session, camera, span and play head."""

    session_id: str
    camera_id: str | None
    start: datetime
    end: datetime
    head: datetime
    speed: int = 100
    frames: int = 0


def render_recorded(name: str, moment: datetime, width: int = 320, height: int = 240) -> bytes:
    """A stored frame: the camera's name and the frame's time, drawn and in a JPEG comment
    (``moment`` in ISO format), so that tests tell one frame from the next."""
    picture = Image.new("RGB", (width, height), (48, 24, 24))
    draw = ImageDraw.Draw(picture)
    second = moment.second + moment.microsecond / 1e6
    x = int(second / 60 * (width - 8))  # a bar that moves with the seconds
    draw.rectangle((x, height - 24, x + 8, height - 8), fill=(255, 200, 0))
    draw.text((8, 8), name, fill=(255, 255, 255))
    draw.text((8, 24), moment.strftime("%Y-%m-%d %H:%M:%S.%f")[:-5] + " UTC", fill=(255, 255, 0))
    out = BytesIO()
    picture.save(out, format="JPEG", quality=70, comment=moment.isoformat())
    return out.getvalue()


def recorded_time(jpeg: bytes) -> datetime:
    """The time :func:`render_recorded` wrote into a stored frame (its JPEG comment)."""
    if jpeg[:2] != b"\xff\xd8":
        raise ValueError("not a JPEG image")
    with Image.open(BytesIO(jpeg)) as image:
        return datetime.fromisoformat(image.info["comment"].decode())


def frame_time(moment: datetime, fps: float) -> datetime:
    """The time of the stored frame at or before ``moment`` (frames on a 1/fps grid)."""
    seconds = moment.timestamp()
    return datetime.fromtimestamp(math.floor(seconds * fps + 1e-6) / fps, UTC)


def invalid_request() -> web.Response:
    """002's plain refusal of a request it cannot read."""
    return web.Response(status=400, text="Invalid Request", content_type="text/plain")


def _bad(message: str) -> web.Response:
    return web.json_response({"success": False, "error": message}, status=400)


def _time(values: Mapping[str, list[str]], key: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(values.get(key, [""])[0])
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def _rfc3339(moment: datetime, ms: bool = False) -> str:
    text = moment.strftime("%Y-%m-%dT%H:%M:%S")
    return f"{text}.{moment.microsecond // 1000:03d}Z" if ms else f"{text}Z"


class StoredVideo:
    """The stored-video handlers of one :class:`ExacqServer`."""

    def __init__(self, server: ExacqServer) -> None:
        self.server = server
        self.searches: dict[str, ExacqSearch] = {}
        self.max_searches = 2  # open searches (and metadata searches) at once
        self.most_open = 0  # the most that were ever open at once
        self.created = 0
        self.closed = 0
        self.refuse = False  # fault: every search refused
        # Every stored-video request: its endpoint (path without path parameters) and the
        # names of its query or form fields, for the conformance checks.
        self.asked: list[tuple[str, set[str]]] = []

    def routes(self) -> dict[str, Handler]:
        return {
            Endpoint.SEARCH: self._search,
            Endpoint.METADATA_SEARCH: self._metadata,
            Endpoint.TIMESTAMP: self._timestamp,
            Endpoint.PLAYSPEED: self._playspeed,
            f"{Endpoint.PLAYSPEED}/{{speed}}": self._playspeed,
            f"{Endpoint.STEP}/{{steps}}": self._step,
            Endpoint.RECORDED_FRAME: self._recorded_frame,
        }

    # ------------------------------------------------------------------ bookkeeping

    def open_searches(self) -> int:
        """Searches still open: not closed, and their session still alive."""
        return sum(1 for search in self.searches.values() if self._alive(search))

    def _alive(self, search: ExacqSearch) -> bool:
        return self.server.session_alive(search.session_id)

    def _live(self, search_id: str) -> ExacqSearch | None:
        search = self.searches.get(search_id)
        return search if search is not None and self._alive(search) else None

    def close(self, search_id: str) -> bool:
        """``logout.web`` with a search's id: the search ends."""
        if self.searches.pop(search_id, None) is None:
            return False
        self.closed += 1
        return True

    def _open(self, search: ExacqSearch) -> str | None:
        """Register ``search``; None when the server's limit is reached."""
        if self.open_searches() >= self.max_searches:
            return None
        search_id = f"0x{secrets.token_hex(4)}"
        self.searches[search_id] = search
        self.created += 1
        self.most_open = max(self.most_open, self.open_searches())
        return search_id

    def _frames(self, camera: ExacqCamera, start: datetime, end: datetime) -> int:
        now = self.server.recorder.now()
        fps = self.server.recorder.fps
        seconds = sum(
            max(0.0, (min(e, end) - max(s, start)).total_seconds()) for s, e in camera.stored(now)
        )
        return int(seconds * fps)

    def _next_stored(self, camera: ExacqCamera, moment: datetime, end: datetime) -> datetime | None:
        """``moment`` if stored, else the start of the next recording before ``end``."""
        now = self.server.recorder.now()
        for start, stop in sorted(camera.stored(now)):
            if moment <= stop and start <= end:
                return max(moment, start)
        return None

    # ------------------------------------------------------------------ handlers

    async def _search(self, request: web.Request) -> web.StreamResponse:
        """002 *Create a Search*: GET s, camera, start, end, start_paused, output."""
        auth = await self.server.authorized_session(request)
        if isinstance(auth, web.Response):
            return auth
        session_id, values = auth
        self.asked.append((Endpoint.SEARCH, set(values)))
        camera = self.server.recorder.cameras.get(values.get("camera", [""])[0])
        start, end = _time(values, "start"), _time(values, "end")
        if camera is None or start is None or end is None or end <= start:
            return invalid_request()
        if self.refuse:
            return _bad("Search refused")
        frames = self._frames(camera, start, end)
        head = self._next_stored(camera, start, end)
        if not frames or head is None:
            return _bad("No video found in the requested range")
        paused = values.get("start_paused", ["false"])[0].lower() in ("true", "1")
        search = ExacqSearch(
            session_id, camera.camera_id, start, end, head, 0 if paused else 100, frames
        )
        search_id = self._open(search)
        if search_id is None:
            return _bad("Too many open searches")
        return web.json_response(
            {
                "search_id": search_id,
                "frames": frames,
                "start_time": _rfc3339(start),
                "end_time": _rfc3339(end),
                "frameCounts": {camera.camera_id: frames},
                "audioInfo": [],
            }
        )

    async def _metadata(self, request: web.Request) -> web.StreamResponse:
        """002 *Create a Metadata Search*: GET s, camera..., start, end, responseVersion."""
        auth = await self.server.authorized_session(request)
        if isinstance(auth, web.Response):
            return auth
        session_id, values = auth
        self.asked.append((Endpoint.METADATA_SEARCH, set(values)))
        start, end = _time(values, "start"), _time(values, "end")
        if not values.get("camera") or start is None or end is None or end <= start:
            return invalid_request()
        if self.refuse:
            return _bad("Search refused")
        search_id = self._open(ExacqSearch(session_id, None, start, end, start))
        if search_id is None:
            return _bad("Too many open searches")
        now = self.server.recorder.now()
        cameras: dict[str, Any] = {}
        for camera_id in values["camera"]:
            camera = self.server.recorder.cameras.get(camera_id)
            if camera is None:
                continue
            spans = [
                {"start": _rfc3339(max(s, start)), "end": _rfc3339(min(e, end))}
                for s, e in camera.stored(now)
                if s < end and e > start
            ]
            if spans:
                cameras[camera_id] = spans
        return web.json_response(
            {"sessionId": search_id, "success": True, "cameras": cameras, "audio": {}}
        )

    def search_frame(self, values: Mapping[str, list[str]], session_id: str) -> web.Response:
        """``video.web`` in a search's context: the frame at the play head, which then moves
        on by one frame at the search's speed (a paused search gives the same frame)."""
        self.asked.append((Endpoint.VIDEO, set(values)))
        search = self._live(values.get("search_id", [""])[0])
        if search is None or search.session_id != session_id:
            return _bad("Invalid search")
        camera = self.server.recorder.cameras[search.camera_id or ""]
        fmt = values.get("format", [str(NATIVE_JPEG)])[0]
        if not fmt.isdigit() or int(fmt) not in (NATIVE_JPEG, TRANSCODED_JPEG):
            return invalid_request()
        head = self._next_stored(camera, search.head, search.end)
        if head is None or head > search.end:
            return _bad("End of search")
        fps = self.server.recorder.fps
        moment = frame_time(head, fps)
        search.head = head + timedelta(seconds=search.speed / 100 / fps)
        return web.Response(body=render_recorded(camera.name, moment), content_type="image/jpeg")

    async def _timestamp(self, request: web.Request) -> web.StreamResponse:
        """002 *Get the Reference Time*: GET search_id, output → time, timeWithMs."""
        self.asked.append((Endpoint.TIMESTAMP, set(request.query)))
        search = self._live(request.query.get("search_id", ""))
        if search is None:
            return _bad("Invalid search")
        return web.json_response(
            {"time": _rfc3339(search.head), "timeWithMs": _rfc3339(search.head, ms=True)}
        )

    async def _playspeed(self, request: web.Request) -> web.StreamResponse:
        """002 *Get Playspeed* / *Set Playspeed* (the speed in the path; the answer null)."""
        self.asked.append((Endpoint.PLAYSPEED, set(request.query)))
        search = self._live(request.query.get("search_id", ""))
        if search is None:
            return _bad("Invalid search")
        speed = request.match_info.get("speed")
        if speed is None:
            return web.json_response({"speed": str(search.speed)})
        if not speed.lstrip("-").isdigit() or abs(int(speed)) > MAX_SPEED:
            return invalid_request()
        search.speed = int(speed)
        return web.json_response(None)

    async def _step(self, request: web.Request) -> web.StreamResponse:
        """002 *Step Frames*: the play head moves ``steps`` frames; the frame number reached."""
        self.asked.append((Endpoint.STEP, set(request.query)))
        search = self._live(request.query.get("search_id", ""))
        steps = request.match_info["steps"]
        if search is None:
            return _bad("Invalid search")
        if not steps.lstrip("+-").isdigit():
            return invalid_request()
        fps = self.server.recorder.fps
        head = search.head + timedelta(seconds=int(steps) / fps)
        search.head = min(max(head, search.start), search.end)
        frame = round((search.head - search.start).total_seconds() * fps)
        return web.json_response({"frame": str(frame)})

    async def _recorded_frame(self, request: web.Request) -> web.StreamResponse:
        """002 *Retrieve Single Recorded Frame*: GET s, camera, time, format (0 or 6)."""
        auth = await self.server.authorized_session(request)
        if isinstance(auth, web.Response):
            return auth
        values = auth[1]
        self.asked.append((Endpoint.RECORDED_FRAME, set(values)))
        camera = self.server.recorder.cameras.get(values.get("camera", [""])[0])
        moment = _time(values, "time")
        fmt = values.get("format", [str(NATIVE_JPEG)])[0]
        if camera is None or moment is None or fmt not in (str(NATIVE_JPEG), str(TRANSCODED_JPEG)):
            return invalid_request()
        if not camera.recorded(moment, self.server.recorder.now()):
            return _bad("No video at the requested time")
        frame = render_recorded(camera.name, frame_time(moment, self.server.recorder.fps))
        return web.Response(body=frame, content_type="image/jpeg")
