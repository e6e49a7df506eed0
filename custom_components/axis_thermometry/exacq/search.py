"""Stored video on an exacqVision server: metadata searches and searches played frame by frame.

002's *Search*: "Typically a Metadata Search is performed as a first step which will indicate
if there is any stored data and at what times"; a *Search* then has a play head (its reference
time, ``timestamp.web``), a speed (``playspeed.web``, 100 = 1x, 0 = paused) and steps
(``step.web``), and ``video.web`` with its id gives "the next frame ... relative to the current
reference time and playspeed". "When finished with a search a request should be made to
Logout": every search this module opens is closed, and at most :data:`MAX_OPEN_SEARCHES` are
open per server at once.

A search lives in the server session that made it. When that session expires mid-play the
client logs in again and the search is made again from its play head, so a player sees no gap
it did not cause.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
import logging
from typing import TYPE_CHECKING, Any, Final

from .endpoints import Endpoint
from .errors import ExacqMalformedResponseError, ExacqRequestError, ExacqSessionExpiredError
from .models import as_id, as_list, as_mapping, first, malformed

if TYPE_CHECKING:
    from .client import ExacqClient
    from .models import Camera

_LOGGER = logging.getLogger(__name__)

MAX_OPEN_SEARCHES: Final = 2
# 002's playspeed scale: [-12800, 12800], 100 = 1x.
MAX_SPEED: Final = 12800
NORMAL_SPEED: Final = 100
# A metadata search names at most this many ranges per camera: a week of one-minute clips.
MAX_RANGES: Final = 20_000
MAX_FRAMES: Final = 10**9


@dataclass(frozen=True, slots=True)
class Recording:
    """A stretch of stored video of one camera, in UTC."""

    start: datetime
    end: datetime

    def clipped(self, start: datetime, end: datetime) -> Recording | None:
        """The part of this recording between ``start`` and ``end``; None if there is none."""
        begins, ends = max(self.start, start), min(self.end, end)
        return Recording(begins, ends) if begins < ends else None

    def holds(self, moment: datetime) -> bool:
        """Whether ``moment`` is inside this recording."""
        return self.start <= moment <= self.end


@dataclass(frozen=True, slots=True)
class SearchInfo:
    """What *Create a Search* answers: the search's id, its frame count and its times."""

    search_id: str
    frames: int
    start: datetime
    end: datetime


def rfc3339(moment: datetime) -> str:
    """002's time format (IETF RFC 3339), in UTC to the second: ``2018-06-20T13:56:21Z``."""
    if moment.tzinfo is None:
        raise ValueError("a time without a time zone")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_time(value: object, what: str) -> datetime:
    """An RFC 3339 time of an answer (``Z`` or an offset; fractions of a second allowed)."""
    if not isinstance(value, str) or len(value) > 40:
        raise malformed(what, value)
    try:
        moment = datetime.fromisoformat(value.strip().replace("z", "Z"))
    except ValueError:
        raise malformed(what, value) from None
    if moment.tzinfo is None:
        raise malformed(what, value)
    return moment.astimezone(UTC)


def _bounded_int(value: object, what: str, low: int, high: int) -> int:
    """An integer given as a number or a numeric string (002's speed and frame are strings)."""
    if isinstance(value, str) and value.strip().lstrip("+-").isdigit():
        value = int(value.strip())
    if isinstance(value, int) and not isinstance(value, bool) and low <= value <= high:
        return value
    raise malformed(what, value)


def parse_metadata(
    payload: Mapping[str, Any], cameras: Sequence[str]
) -> dict[str, tuple[Recording, ...]]:
    """The stored video per camera of a metadata search's answer.

    002's sample shows ``"cameras": {}`` and lost what a camera holds; ours: per camera id a
    list of ``{"start", "end"}`` (or an object with that list under ``ranges``). A camera that
    was asked for and is not in the answer has no video; a missing ``cameras`` is malformed.
    """
    payload = as_mapping(payload, "metadata search")
    if "cameras" not in payload:
        raise ExacqMalformedResponseError("the metadata search's answer has no cameras")
    listed = as_mapping(payload["cameras"], "metadata search cameras")
    found: dict[str, tuple[Recording, ...]] = {}
    for camera_id in cameras:
        item = listed.get(camera_id)
        if item is None:
            found[camera_id] = ()
            continue
        if isinstance(item, Mapping):
            item = first(item, "ranges", "recordings", "segments")
        ranges = as_list(item, f"camera {camera_id} ranges")
        if len(ranges) > MAX_RANGES:
            raise malformed(f"camera {camera_id} ranges", f"{len(ranges)} ranges")
        recordings = []
        for index, raw in enumerate(ranges):
            span = as_mapping(raw, f"camera {camera_id} range {index}")
            start = parse_time(first(span, "start", "startTime", "start_time"), "range start")
            end = parse_time(first(span, "end", "endTime", "end_time"), "range end")
            if end > start:
                recordings.append(Recording(start, end))
        found[camera_id] = tuple(sorted(recordings, key=lambda r: r.start))
    return found


def parse_search(payload: Mapping[str, Any]) -> SearchInfo:
    """*Create a Search*'s answer: ``search_id``, ``frames``, ``start_time``, ``end_time``."""
    payload = as_mapping(payload, "search")
    return SearchInfo(
        search_id=as_id(first(payload, "search_id", "searchId"), "search.search_id"),
        frames=_bounded_int(payload.get("frames"), "search.frames", 0, MAX_FRAMES),
        start=parse_time(payload.get("start_time"), "search.start_time"),
        end=parse_time(payload.get("end_time"), "search.end_time"),
    )


def _gone(err: ExacqRequestError | ExacqSessionExpiredError) -> bool:
    """Whether an error says the search no longer exists (its session ended)."""
    return isinstance(err, ExacqSessionExpiredError) or "search" in err.message.lower()


class Search:
    """An open search of one camera's stored video; use through :meth:`ExacqClient.search`."""

    def __init__(
        self,
        client: ExacqClient,
        camera: Camera,
        start: datetime,
        end: datetime,
        *,
        paused: bool = False,
    ) -> None:
        """Describe the search; :meth:`open` makes it on the server."""
        self._client = client
        self.camera = camera
        self.start = start
        self.end = end
        self.info: SearchInfo | None = None
        self.speed = 0 if paused else NORMAL_SPEED
        self.renewals = 0
        # Where a renewed search starts again: the play head as last known.
        self.position = start
        self._played = 0

    @property
    def opened(self) -> SearchInfo:
        """What the server said of the open search (its frames and times)."""
        if self.info is None:
            raise RuntimeError("the search is not open")
        return self.info

    @property
    def search_id(self) -> str:
        """The server's id of the search (a secret like the session id)."""
        return self.opened.search_id

    async def open(self) -> SearchInfo:
        """Create the search (002 *Create a Search*), from the play head to the end."""
        params: dict[str, str | int] = {
            "camera": self.camera.camera_id,
            "start": rfc3339(self.position),
            "end": rfc3339(self.end),
            "output": "json",
        }
        if self.speed == 0:
            params["start_paused"] = "true"
        self.info = parse_search(await self._client.request_json(Endpoint.SEARCH, params))
        self._played = 0
        if self.speed not in (0, NORMAL_SPEED):
            await self.set_speed(self.speed)
        return self.info

    async def close(self) -> None:
        """End the search on the server (002: "a request should be made to Logout")."""
        info, self.info = self.info, None
        if info is not None:
            await self._client.end_search(info.search_id)

    async def _renew(self) -> None:
        """Make the search again from its play head (its session ended on the server)."""
        _LOGGER.debug("Search of camera %s ended on the server; searching again", self.camera.name)
        if self.info is not None and self.info.frames and self.speed > 0:
            # The frames played so far, evenly spread over the search: about where it stood.
            share = min(1.0, self._played / self.info.frames)
            self.position = self.info.start + (self.info.end - self.info.start) * share
        self.info = None
        self.renewals += 1
        await self.open()

    async def _renewing[T](self, call: Callable[[], Awaitable[T]]) -> T:
        """``call()``; once more after renewing the search if the server no longer has it."""
        try:
            return await call()
        except (ExacqRequestError, ExacqSessionExpiredError) as err:
            if not _gone(err):
                raise
        await self._renew()
        return await call()

    async def frame(self) -> bytes:
        """The next frame at the play head (``video.web`` with the search's id), as JPEG."""
        image = await self._renewing(
            lambda: self._client.request_image(
                {
                    "search_id": self.search_id,
                    "camera": self.camera.camera_id,
                    "format": self.camera.snapshot_format,
                }
            )
        )
        self._played += 1
        return image

    async def reference_time(self) -> datetime:
        """The play head (002 *Get the Reference Time*)."""
        payload = await self._search_call(Endpoint.TIMESTAMP)
        self.position = parse_time(first(payload, "timeWithMs", "time"), "timestamp.time")
        return self.position

    async def get_speed(self) -> int:
        """The playback speed (002 *Get Playspeed*): 100 is 1x, 0 paused, negative backwards."""
        payload = await self._search_call(Endpoint.PLAYSPEED)
        return _bounded_int(payload.get("speed"), "playspeed.speed", -MAX_SPEED, MAX_SPEED)

    async def set_speed(self, speed: int) -> None:
        """Set the playback speed (002 *Set Playspeed*, the speed in the path)."""
        if not -MAX_SPEED <= speed <= MAX_SPEED:
            raise ValueError(f"speed {speed} is outside [-{MAX_SPEED}, {MAX_SPEED}]")
        await self._search_call(Endpoint.PLAYSPEED, f"{speed}", json_answer=False)
        self.speed = speed

    async def step(self, steps: int) -> int:
        """Step ``steps`` frames forward (or back); the frame number reached (002 *Step Frames*)."""
        payload = await self._search_call(Endpoint.STEP, f"{steps:+d}")
        return _bounded_int(payload.get("frame"), "step.frame", 0, MAX_FRAMES)

    async def _search_call(
        self, endpoint: Endpoint, path: str | None = None, *, json_answer: bool = True
    ) -> Mapping[str, Any]:
        """A call that names the search (``search_id``), renewing the search once if gone."""
        return await self._renewing(
            lambda: self._client.request_search(
                endpoint, self.search_id, path, json_answer=json_answer
            )
        )
