"""The view that plays an exacqVision recording to the browser, as MJPEG.

The media source resolves a clip to this view's path; Home Assistant signs it for the
browser, which shows the MJPEG stream as a moving image. The recorder's session and search
ids stay in Home Assistant: the browser only ever sees this path. Frames come from a search
played at normal speed (002 *Search*, ``video.web`` with the search's id), paced to the
recording's own rate, and the search is closed when the clip ends, the browser goes away or
the recorder's entry unloads.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from http import HTTPStatus
import logging
from typing import Final

from aiohttp import web
from homeassistant.components.http import HomeAssistantView
from homeassistant.core import HomeAssistant

from .exacq import ExacqError
from .recordings import RecordedBy, loaded_recorders

_LOGGER = logging.getLogger(__name__)

BOUNDARY: Final = "frame"
MAX_CLIP: Final = timedelta(hours=24)


def recording_path(entry_id: str, camera_id: str, start: datetime, end: datetime) -> str:
    """The view's path for a clip (whole seconds since the epoch)."""
    return RecordingView.url.format(
        entry_id=entry_id,
        camera_id=camera_id,
        start=int(start.timestamp()),
        end=int(end.timestamp()),
    )


def find_recorded(hass: HomeAssistant, entry_id: str, camera_id: str) -> RecordedBy | None:
    """The loaded recorder ``entry_id`` and its camera ``camera_id``, if both exist."""
    for entry in loaded_recorders(hass):
        if entry.entry_id == entry_id:
            camera = entry.runtime_data.coordinator.inventory.cameras.get(camera_id)
            return RecordedBy(entry, camera) if camera is not None else None
    return None


def clip_times(start: str, end: str) -> tuple[datetime, datetime] | None:
    """A clip's times from a path or an identifier; None unless they make a clip."""
    if not (start.isdigit() and end.isdigit()):
        return None
    begins = datetime.fromtimestamp(int(start), UTC)
    ends = datetime.fromtimestamp(int(end), UTC)
    return (begins, ends) if begins < ends <= begins + MAX_CLIP else None


class RecordingView(HomeAssistantView):
    """``GET`` a clip of a recorded camera as ``multipart/x-mixed-replace`` JPEG frames."""

    url = "/api/axis_thermometry/recording/{entry_id}/{camera_id}/{start}/{end}"
    name = "api:axis_thermometry:recording"
    requires_auth = True

    def __init__(self, hass: HomeAssistant) -> None:
        """Serve the recorders of ``hass``."""
        self.hass = hass

    async def get(
        self, request: web.Request, entry_id: str, camera_id: str, start: str, end: str
    ) -> web.StreamResponse:
        """Stream the clip's frames at the recording's pace; close its search at the end."""
        recorded = find_recorded(self.hass, entry_id, camera_id)
        times = clip_times(start, end)
        if recorded is None or times is None:
            return web.Response(status=HTTPStatus.NOT_FOUND, text="No such recording")
        playing = recorded.entry.runtime_data.playing
        task = asyncio.current_task()
        if task is None:  # not reached: aiohttp runs every request in a task of its own
            return web.Response(status=HTTPStatus.INTERNAL_SERVER_ERROR)
        playing.add(task)  # cancelled if the recorder's entry unloads
        try:
            return await self._play(request, recorded, *times)
        finally:
            playing.discard(task)

    async def _play(
        self, request: web.Request, recorded: RecordedBy, start: datetime, end: datetime
    ) -> web.StreamResponse:
        client = recorded.entry.runtime_data.client
        response = web.StreamResponse(
            headers={"Content-Type": f"multipart/x-mixed-replace;boundary={BOUNDARY}"}
        )
        try:
            async with client.search(recorded.camera, start, end) as search:
                info = search.opened
                # A clip is one recording (the media source lists them so): its frames are
                # spread evenly over its span.
                interval = (info.end - info.start).total_seconds() / max(info.frames, 1)
                await response.prepare(request)
                loop = asyncio.get_running_loop()
                began = loop.time()
                for index in range(info.frames):
                    jpeg = await search.frame()
                    await response.write(
                        f"--{BOUNDARY}\r\nContent-Type: image/jpeg\r\n"
                        f"Content-Length: {len(jpeg)}\r\n\r\n".encode()
                        + jpeg
                        + b"\r\n"
                    )
                    await asyncio.sleep(max(0.0, began + (index + 1) * interval - loop.time()))
        except ExacqError as err:
            _LOGGER.debug("Recording of %s ended: %s", recorded.camera.name, err)
            if not response.prepared:
                return web.Response(status=HTTPStatus.NOT_FOUND, text="No recording there")
        except ConnectionError:
            pass  # the browser went away; the search is closed all the same
        return response
