"""*exacqVision recordings* in Home Assistant's media browser.

Server → camera → the days that have video (from a metadata search over the last week) →
hours → the recordings of that hour, each playable. A camera's recent alarm moments come
first. Identifiers (after ``media-source://axis_thermometry/``):

- ``<entry id>``: a server; ``<entry id>/<camera id>``: a camera;
- ``<entry id>/<camera id>/<YYYY-MM-DD>``: a day, ``.../<YYYY-MM-DD>/<HH>``: an hour (local);
- ``<entry id>/<camera id>/<start>-<end>``: a clip, in seconds since the epoch (playable).

Playing a clip streams it through :class:`.recording_view.RecordingView`.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any, Final

from homeassistant.components.media_player import BrowseError, MediaClass, MediaType
from homeassistant.components.media_source import (
    BrowseMediaSource,
    MediaSource,
    MediaSourceItem,
    PlayMedia,
    Unresolvable,
)
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util

from .const import DOMAIN
from .exacq import ExacqError, Recording
from .recording_view import clip_times, find_recorded, recording_path
from .recordings import (
    ALARM_CLIP_AFTER,
    ALARM_CLIP_BEFORE,
    RecordedBy,
    clip_id,
    loaded_recorders,
)

TITLE: Final = "exacqVision recordings"
DAYS_LISTED: Final = 7
MAX_CLIPS_PER_HOUR: Final = 60
# What the browser is told it gets: JPEG frames (multipart/x-mixed-replace), shown as an image.
PLAYED_AS: Final = "image/jpeg"


async def async_get_media_source(hass: HomeAssistant) -> RecordingsMediaSource:
    """The recordings of every loaded exacqVision server."""
    return RecordingsMediaSource(hass)


def _folder(identifier: str, title: str, children_class: MediaClass) -> BrowseMediaSource:
    return BrowseMediaSource(
        domain=DOMAIN,
        identifier=identifier,
        media_class=MediaClass.DIRECTORY,
        media_content_type=MediaType.VIDEO,
        title=title,
        can_play=False,
        can_expand=True,
        children_media_class=children_class,
    )


def _clip(identifier: str, title: str) -> BrowseMediaSource:
    return BrowseMediaSource(
        domain=DOMAIN,
        identifier=identifier,
        media_class=MediaClass.VIDEO,
        media_content_type=MediaType.VIDEO,
        title=title,
        can_play=True,
        can_expand=False,
    )


def _local(moment: datetime) -> datetime:
    return dt_util.as_local(moment)


def _hhmmss(moment: datetime) -> str:
    return _local(moment).strftime("%H:%M:%S")


class RecordingsMediaSource(MediaSource):
    """The recordings tree of the loaded exacqVision servers."""

    name = TITLE

    def __init__(self, hass: HomeAssistant) -> None:
        """Browse and play through ``hass``."""
        super().__init__(DOMAIN)
        self.hass = hass

    async def async_resolve_media(self, item: MediaSourceItem) -> PlayMedia:
        """A clip's stream (the view's path: Home Assistant signs it for the browser)."""
        parts = (item.identifier or "").split("/")
        times = clip_times(*parts[2].split("-", 1)) if len(parts) == 3 and "-" in parts[2] else None
        if times is None:
            raise Unresolvable(
                translation_domain=DOMAIN,
                translation_key="unknown_recording",
                translation_placeholders={"identifier": item.identifier or ""},
            )
        if find_recorded(self.hass, parts[0], parts[1]) is None:
            raise Unresolvable(**self._missing(parts[0], item.identifier or ""))
        return PlayMedia(recording_path(parts[0], parts[1], *times), PLAYED_AS)

    async def async_browse_media(self, item: MediaSourceItem) -> BrowseMediaSource:
        """A level of the tree."""
        parts = item.identifier.split("/") if item.identifier else []
        if not parts:
            return self._root()
        if len(parts) == 1:
            return self._server(parts[0])
        recorded = find_recorded(self.hass, parts[0], parts[1])
        if recorded is None:
            raise BrowseError(**self._missing(parts[0], item.identifier))
        if len(parts) == 2:
            return await self._camera(recorded)
        day = _day(parts[2])
        if day is not None and len(parts) == 3:
            return await self._day(recorded, day)
        if day is not None and len(parts) == 4 and parts[3].isdigit() and int(parts[3]) < 24:
            return await self._hour(recorded, day, int(parts[3]))
        raise BrowseError(
            translation_domain=DOMAIN,
            translation_key="unknown_recording",
            translation_placeholders={"identifier": item.identifier or ""},
        )

    def _missing(self, entry_id: str, identifier: str) -> dict[str, Any]:
        """Why a camera's recordings cannot be found: its server, or the camera itself."""
        if any(entry.entry_id == entry_id for entry in loaded_recorders(self.hass)):
            return {
                "translation_domain": DOMAIN,
                "translation_key": "unknown_recording",
                "translation_placeholders": {"identifier": identifier},
            }
        return {"translation_domain": DOMAIN, "translation_key": "recorder_not_loaded"}

    def _root(self) -> BrowseMediaSource:
        root = _folder("", TITLE, MediaClass.DIRECTORY)
        root.children = [
            _folder(entry.entry_id, entry.title, MediaClass.DIRECTORY)
            for entry in loaded_recorders(self.hass)
        ]
        return root

    def _server(self, entry_id: str) -> BrowseMediaSource:
        for entry in loaded_recorders(self.hass):
            if entry.entry_id == entry_id:
                server = _folder(entry_id, entry.title, MediaClass.DIRECTORY)
                server.children = [
                    _folder(f"{entry_id}/{camera.camera_id}", camera.name, MediaClass.DIRECTORY)
                    for camera in entry.runtime_data.coordinator.inventory.cameras.values()
                ]
                return server
        raise BrowseError(translation_domain=DOMAIN, translation_key="recorder_not_loaded")

    async def _recordings(
        self, recorded: RecordedBy, start: datetime, end: datetime
    ) -> tuple[Recording, ...]:
        try:
            found = await recorded.entry.runtime_data.client.recordings(
                [recorded.camera.camera_id], start, end
            )
        except ExacqError as err:
            raise BrowseError(
                translation_domain=DOMAIN,
                translation_key="recordings_unreadable",
                translation_placeholders={"camera": recorded.camera.name, "error": str(err)},
            ) from err
        return found.get(recorded.camera.camera_id, ())

    async def _camera(self, recorded: RecordedBy) -> BrowseMediaSource:
        entry_id, camera = recorded.entry.entry_id, recorded.camera
        folder = _folder(f"{entry_id}/{camera.camera_id}", camera.name, MediaClass.DIRECTORY)
        now = dt_util.utcnow()
        first_day = _local(now).date() - timedelta(days=DAYS_LISTED - 1)
        recordings = await self._recordings(recorded, _midnight(first_day), now)
        days = sorted({day for r in recordings for day in _days(r)}, reverse=True)
        folder.children = [
            *self._alarm_moments(recorded, recordings),
            *(
                _folder(f"{folder.identifier}/{day.isoformat()}", _day_title(day), MediaClass.VIDEO)
                for day in days
            ),
        ]
        return folder

    def _alarm_moments(
        self, recorded: RecordedBy, recordings: tuple[Recording, ...]
    ) -> list[BrowseMediaSource]:
        """The camera's recent alarms that are recorded, newest first, as clips."""
        moments = recorded.entry.runtime_data.alarm_moments.get(recorded.camera.camera_id, ())
        clips = []
        for moment in moments:
            if not any(r.holds(moment.time) for r in recordings):
                continue
            identifier = clip_id(
                recorded.entry.entry_id,
                recorded.camera.camera_id,
                moment.time - ALARM_CLIP_BEFORE,
                moment.time + ALARM_CLIP_AFTER,
            )
            title = f"Alarm: {moment.area} – {_local(moment.time).strftime('%Y-%m-%d %H:%M:%S')}"
            clips.append(_clip(identifier, title))
        return clips

    async def _day(self, recorded: RecordedBy, day: date) -> BrowseMediaSource:
        entry_id, camera = recorded.entry.entry_id, recorded.camera
        base = f"{entry_id}/{camera.camera_id}/{day.isoformat()}"
        folder = _folder(base, f"{camera.name}: {_day_title(day)}", MediaClass.DIRECTORY)
        start = _midnight(day)
        recordings = await self._recordings(recorded, start, start + timedelta(days=1))
        hours = sorted({hour for r in recordings for hour in _hours(r, day)})
        folder.children = [
            _folder(f"{base}/{hour:02d}", _hour_title(hour), MediaClass.VIDEO) for hour in hours
        ]
        return folder

    async def _hour(self, recorded: RecordedBy, day: date, hour: int) -> BrowseMediaSource:
        entry_id, camera = recorded.entry.entry_id, recorded.camera
        start = _midnight(day) + timedelta(hours=hour)
        end = start + timedelta(hours=1)
        folder = _folder(
            f"{entry_id}/{camera.camera_id}/{day.isoformat()}/{hour:02d}",
            f"{camera.name}: {_day_title(day)} {hour:02d}:00",
            MediaClass.VIDEO,
        )
        clips = [
            clipped
            for r in await self._recordings(recorded, start, end)
            if (clipped := r.clipped(start, end)) is not None
        ][:MAX_CLIPS_PER_HOUR]
        folder.children = [
            _clip(
                clip_id(entry_id, camera.camera_id, clip.start, clip.end),
                f"{_hhmmss(clip.start)}–{_hhmmss(clip.end)}",
            )
            for clip in clips
        ]
        return folder


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _midnight(day: date) -> datetime:
    """The start of a local day, in UTC."""
    return dt_util.as_utc(dt_util.start_of_local_day(day))


def _hour_title(hour: int) -> str:
    return f"{hour:02d}:00–{(hour + 1) % 24:02d}:00"


def _day_title(day: date) -> str:
    return day.strftime("%A %Y-%m-%d")


def _days(recording: Recording) -> set[date]:
    """The local days a recording touches."""
    first, last = _local(recording.start).date(), _local(recording.end).date()
    return {first + timedelta(days=n) for n in range((last - first).days + 1)}


def _hours(recording: Recording, day: date) -> set[int]:
    """The local hours of ``day`` a recording touches."""
    start = _midnight(day)
    clipped = recording.clipped(start, start + timedelta(days=1))
    if clipped is None:
        return set()
    first = int((clipped.start - start).total_seconds() // 3600)
    last = int(((clipped.end - start).total_seconds() - 1e-6) // 3600)
    return set(range(first, last + 1))
