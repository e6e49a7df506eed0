"""Images and device actions: ``jpg/image.cgi``, ``mjpg/video.cgi``, ``admin/restart.cgi``.

003 says the ``resolution`` values are "product dependent": a requested size is turned into
the nearest one the camera lists in ``Properties.Image.Resolution``, and a camera that
refuses a size anyway is asked for its default image instead.
"""

import re
from typing import Final

import aiohttp
from yarl import URL

from .cgi import check_cgi_answer
from .errors import (
    VapixError,
    VapixMalformedResponseError,
    VapixRequestError,
    VapixServerError,
)
from .params import RESOLUTIONS, ParamsApi
from .transport import MAX_IMAGE_BYTES, Params, VapixTransport

SNAPSHOT_PATH: Final = "/axis-cgi/jpg/image.cgi"
MJPEG_PATH: Final = "/axis-cgi/mjpg/video.cgi"
RESTART_PATH: Final = "/axis-cgi/admin/restart.cgi"
# Axis's RTSP API: H.264 of a channel at rtsp://host[:port]/axis-media/media.amp?camera=N.
RTSP_PATH: Final = "/axis-media/media.amp"
RTSP_GROUP: Final = "Network.RTSP"
RTSP_DEFAULT_PORT: Final = 554
# How many video channels (``camera=1..N``) the camera has: VAPIX's parameter for it (beyond
# the seeds, which say only that ``camera`` "applies only to video servers with more than one
# video input").
VIDEO_SOURCES: Final = "ImageSource.NbrOfSources"
MAX_SIDE: Final = 16384
MAX_VIDEO_SOURCES: Final = 16

_RESOLUTION = re.compile(r"([0-9]{1,5})x([0-9]{1,5})")

type Resolution = tuple[int, int]


def parse_resolutions(text: str) -> tuple[Resolution, ...]:
    """``1920x1080,1280x720,...`` → sizes; entries that are not sizes are skipped."""
    sizes = []
    for item in text.split(","):
        match = _RESOLUTION.fullmatch(item.strip())
        if match:
            width, height = int(match.group(1)), int(match.group(2))
            if 0 < width <= MAX_SIDE and 0 < height <= MAX_SIDE:
                sizes.append((width, height))
    return tuple(sizes)


def nearest(wanted: Resolution, offered: tuple[Resolution, ...]) -> Resolution:
    """The offered size closest to ``wanted``; ``wanted`` itself when nothing is offered."""
    if not offered:
        return wanted
    return min(offered, key=lambda size: abs(size[0] - wanted[0]) + abs(size[1] - wanted[1]))


def _image_params(
    camera: int | None, resolution: Resolution | None, extra: Params | None = None
) -> dict[str, str | int]:
    params: dict[str, str | int] = dict(extra or {})
    if camera is not None:
        params["camera"] = camera
    if resolution is not None:
        params["resolution"] = f"{resolution[0]}x{resolution[1]}"
    return params


class MediaApi:
    """Snapshots, MJPEG and restart."""

    def __init__(self, transport: VapixTransport, params: ParamsApi) -> None:
        """Use ``transport`` for requests and ``params`` for the sizes the camera offers."""
        self._transport = transport
        self._params = params
        self._resolutions: tuple[Resolution, ...] | None = None

    async def resolutions(self) -> tuple[Resolution, ...]:
        """The sizes the camera lists (read once; empty when it lists none)."""
        if self._resolutions is None:
            try:
                params = await self._params.list([RESOLUTIONS], missing_ok=True)
            except VapixError:
                return ()  # asked again next time
            self._resolutions = parse_resolutions(params.get(RESOLUTIONS, ""))
        return self._resolutions

    async def rtsp_port(self) -> int | None:
        """The port of the camera's RTSP server; None while RTSP is off or not configured.

        From ``Network.RTSP`` (``Enabled``, ``Port``): a camera that does not list it is not
        offered as a stream, as one whose RTSP is switched off.
        """
        params = await self._params.list([RTSP_GROUP], missing_ok=True)
        if params.get(f"{RTSP_GROUP}.Enabled", "").strip().lower() not in ("yes", "true", "1"):
            return None
        port = params.get(f"{RTSP_GROUP}.Port", "").strip()
        return int(port) if port.isdigit() and 0 < int(port) < 65536 else RTSP_DEFAULT_PORT

    async def video_sources(self) -> int:
        """How many video channels the camera has: 1 when it does not say (or cannot)."""
        try:
            params = await self._params.list([VIDEO_SOURCES], missing_ok=True)
        except VapixError:
            return 1
        count = params.get(VIDEO_SOURCES, "").strip()
        return int(count) if count.isdigit() and 1 <= int(count) <= MAX_VIDEO_SOURCES else 1

    def rtsp_url(self, port: int, camera: int) -> URL:
        """The H.264 stream of ``camera`` (without credentials)."""
        http = self._transport.url(RTSP_PATH, {"camera": camera, "videocodec": "h264"})
        return http.with_scheme("rtsp").with_port(port)

    async def listed_size(self, wanted: Resolution) -> Resolution | None:
        """The listed size nearest to ``wanted``; None when the camera lists none (its default)."""
        offered = await self.resolutions()
        return nearest(wanted, offered) if offered else None

    async def snapshot(
        self, camera: int | None = None, resolution: Resolution | None = None
    ) -> bytes:
        """A JPEG still image, at the listed size nearest to ``resolution``."""
        size = nearest(resolution, await self.resolutions()) if resolution else None
        try:
            return await self._snapshot(camera, size)
        except VapixRequestError, VapixServerError, VapixMalformedResponseError:
            if size is None:
                raise
            return await self._snapshot(camera, None)  # the camera's default size

    async def _snapshot(self, camera: int | None, size: Resolution | None) -> bytes:
        response = await self._transport.request(
            "GET", SNAPSHOT_PATH, params=_image_params(camera, size), max_bytes=MAX_IMAGE_BYTES
        )
        if response.status == 200 and response.body.startswith(b"\xff\xd8"):
            return response.body
        if response.content_type == "text/plain":
            check_cgi_answer(response)  # raises the device's "Error: ..." message
        if response.status != 200:
            raise VapixServerError(response.status, "no snapshot")
        raise VapixMalformedResponseError("the snapshot is not a JPEG image")

    def mjpeg_url(self, camera: int | None = None, resolution: Resolution | None = None) -> URL:
        """The MJPEG stream's URL, without credentials (authentication is per request)."""
        return self._transport.url(MJPEG_PATH, _image_params(camera, resolution))

    async def open_mjpeg(
        self, camera: int | None = None, resolution: Resolution | None = None
    ) -> aiohttp.ClientResponse:
        """Open the authenticated MJPEG stream; the caller must release the response."""
        return await self._transport.open_stream(
            MJPEG_PATH, _image_params(camera, resolution), idle_timeout=30.0
        )

    async def restart(self) -> None:
        """Restart the device (administrator); it is unreachable for a while afterwards."""
        check_cgi_answer(await self._transport.request("GET", RESTART_PATH))
