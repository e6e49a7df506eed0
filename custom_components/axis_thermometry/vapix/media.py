"""Images and device actions: ``jpg/image.cgi``, ``mjpg/video.cgi``, ``admin/restart.cgi``."""

from typing import Final

import aiohttp
from yarl import URL

from .cgi import check_cgi_answer
from .errors import VapixMalformedResponseError, VapixServerError
from .transport import MAX_IMAGE_BYTES, Params, VapixTransport

SNAPSHOT_PATH: Final = "/axis-cgi/jpg/image.cgi"
MJPEG_PATH: Final = "/axis-cgi/mjpg/video.cgi"
RESTART_PATH: Final = "/axis-cgi/admin/restart.cgi"


def _image_params(
    camera: int | None, resolution: tuple[int, int] | None, extra: Params | None = None
) -> dict[str, str | int]:
    params: dict[str, str | int] = dict(extra or {})
    if camera is not None:
        params["camera"] = camera
    if resolution is not None:
        params["resolution"] = f"{resolution[0]}x{resolution[1]}"
    return params


class MediaApi:
    """Snapshots, MJPEG and restart."""

    def __init__(self, transport: VapixTransport) -> None:
        """Use ``transport`` for every request."""
        self._transport = transport

    async def snapshot(
        self, camera: int | None = None, resolution: tuple[int, int] | None = None
    ) -> bytes:
        """A JPEG still image."""
        response = await self._transport.request(
            "GET",
            SNAPSHOT_PATH,
            params=_image_params(camera, resolution),
            max_bytes=MAX_IMAGE_BYTES,
        )
        if response.status == 200 and response.body.startswith(b"\xff\xd8"):
            return response.body
        if response.content_type == "text/plain":
            check_cgi_answer(response)  # raises the device's "Error: ..." message
        if response.status != 200:
            raise VapixServerError(response.status, "no snapshot")
        raise VapixMalformedResponseError("the snapshot is not a JPEG image")

    def mjpeg_url(
        self, camera: int | None = None, resolution: tuple[int, int] | None = None
    ) -> URL:
        """The MJPEG stream's URL, without credentials (authentication is per request)."""
        return self._transport.url(MJPEG_PATH, _image_params(camera, resolution))

    async def open_mjpeg(
        self, camera: int | None = None, resolution: tuple[int, int] | None = None
    ) -> aiohttp.ClientResponse:
        """Open the authenticated MJPEG stream; the caller must release the response."""
        return await self._transport.open_stream(
            MJPEG_PATH, _image_params(camera, resolution), idle_timeout=30.0
        )

    async def restart(self) -> None:
        """Restart the device (administrator); it is unreachable for a while afterwards."""
        check_cgi_answer(await self._transport.request("GET", RESTART_PATH))
