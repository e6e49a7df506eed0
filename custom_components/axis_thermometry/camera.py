"""Camera images: an Axis camera's thermal (and visual) image; each camera a recorder records.

A bispectral Axis camera has a visual image beside the thermal one.

The browser only ever sees Home Assistant's camera proxy URLs (with Home Assistant's own access
token); the integration fetches from the device with the stored credentials. Axis cameras give
snapshots from jpg/image.cgi and MJPEG; exacqVision servers give snapshots (``video.web``, or
the cached thumbnail when the camera has no current frame).
"""

import logging

from aiohttp import web
from aiohttp.hdrs import CONTENT_TYPE
from homeassistant.components.camera import Camera, CameraEntityFeature
from homeassistant.const import CONF_PASSWORD, CONF_USERNAME
from homeassistant.core import HomeAssistant
from homeassistant.helpers.aiohttp_client import async_aiohttp_proxy_stream
from homeassistant.helpers.entity import EntityDescription
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .coordinator import (
    AxisThermometryConfigEntry,
    AxisThermometryRuntime,
    ExacqCoordinator,
    is_exacq,
)
from .entity import AxisThermometryEntity
from .errors import translated_errors
from .exacq import Camera as RecordedCamera
from .exacq_entity import ExacqCameraEntity, async_add_exacq_entities
from .vapix import VapixError, VapixTimeoutError

_LOGGER = logging.getLogger(__name__)

PARALLEL_UPDATES = 0

THERMAL = EntityDescription(key="camera", name=None)
VISUAL = EntityDescription(key="visual_camera", translation_key="visual")
SNAPSHOT = EntityDescription(key="snapshot", name=None)


def snapshot_channel(image_source: int) -> int:
    """The video channel of an image source (thermometry's, DayNight's): N + 1."""
    return image_source + 1


async def async_setup_entry(
    hass: HomeAssistant,
    entry: AxisThermometryConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the thermal image (and a bispectral camera's visual one), or each recorded camera."""
    if is_exacq(entry):
        server = entry.runtime_data.coordinator
        async_add_exacq_entities(
            entry,
            async_add_entities,
            (ExacqCamera(server, camera) for camera in server.inventory.cameras.values()),
        )
        return
    runtime = entry.runtime_data
    media = runtime.device.media
    try:
        rtsp_port = await media.rtsp_port()
    except VapixError as err:  # the stream is optional: snapshots and MJPEG work without it
        _LOGGER.debug("%s: no RTSP settings (%s); no live stream", entry.title, err)
        rtsp_port = None
    thermal = runtime.configuration.data.thermal_sources
    cameras = [AxisCamera(runtime, THERMAL, snapshot_channel(min(thermal)), rtsp_port)]
    # A bispectral camera: its other image source is the visual one.
    visual = [source for source in range(await media.video_sources()) if source not in thermal]
    if visual:
        cameras.append(AxisCamera(runtime, VISUAL, snapshot_channel(visual[0]), rtsp_port))
    async_add_entities(cameras)


class AxisCamera(AxisThermometryEntity, Camera):
    """One video channel of the camera: the thermal one is the device's main entity."""

    def __init__(
        self,
        runtime: AxisThermometryRuntime,
        description: EntityDescription,
        channel: int,
        rtsp_port: int | None,
    ) -> None:
        """Attach to the camera's device; a stream where its RTSP server is on."""
        super().__init__(runtime, description)
        Camera.__init__(self)
        self.channel = channel
        self.rtsp_port = rtsp_port
        if rtsp_port is not None:
            self._attr_supported_features = CameraEntityFeature.STREAM

    async def stream_source(self) -> str | None:
        """The channel's H.264 over RTSP, for Home Assistant's stream (HLS, WebRTC).

        With the entry's credentials in the URL, as Home Assistant's camera integrations hand
        them to its stream, which redacts them in what it logs.
        """
        if self.rtsp_port is None:
            return None
        data = self.configuration.config_entry.data
        url = self.device.media.rtsp_url(self.rtsp_port, self.channel)
        return str(url.with_user(data[CONF_USERNAME]).with_password(data[CONF_PASSWORD]))

    async def async_camera_image(
        self, width: int | None = None, height: int | None = None
    ) -> bytes | None:
        """A JPEG snapshot, at the size the frontend asks for when it gives one."""
        resolution = (width, height) if width and height else None
        async with translated_errors():
            return await self.device.media.snapshot(camera=self.channel, resolution=resolution)

    async def handle_async_mjpeg_stream(self, request: web.Request) -> web.StreamResponse | None:
        """Proxy the camera's MJPEG stream to the browser."""
        try:
            response = await self.device.media.open_mjpeg(camera=self.channel)
        except VapixTimeoutError as err:
            raise web.HTTPGatewayTimeout from err
        except VapixError as err:
            raise web.HTTPBadGateway from err
        try:
            return await async_aiohttp_proxy_stream(
                self.hass, request, response.content, response.headers.get(CONTENT_TYPE)
            )
        finally:
            response.close()


class ExacqCamera(ExacqCameraEntity, Camera):
    """A camera an exacqVision server records, as its device's main entity."""

    def __init__(self, coordinator: ExacqCoordinator, camera: RecordedCamera) -> None:
        """Attach to the camera's device."""
        super().__init__(coordinator, SNAPSHOT, camera)
        Camera.__init__(self)

    async def async_camera_image(
        self, width: int | None = None, height: int | None = None
    ) -> bytes | None:
        """The camera's current frame as JPEG, through the server."""
        async with translated_errors():
            return await self.coordinator.client.snapshot(self.camera, width=width, height=height)
