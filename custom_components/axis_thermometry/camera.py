"""The thermal image: snapshots from jpg/image.cgi and MJPEG through Home Assistant's proxy.

The browser only ever sees Home Assistant's camera proxy URLs (with Home Assistant's own access
token); the integration fetches from the camera with the stored credentials.
"""

from aiohttp import web
from aiohttp.hdrs import CONTENT_TYPE
from homeassistant.components.camera import Camera
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.aiohttp_client import async_aiohttp_proxy_stream
from homeassistant.helpers.entity import EntityDescription
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .const import DOMAIN
from .coordinator import AxisThermometryConfigEntry, ThermometryCoordinator
from .entity import AxisThermometryEntity
from .vapix import VapixError, VapixTimeoutError

PARALLEL_UPDATES = 0

THERMAL = EntityDescription(key="camera", name=None)
# Thermometry image source N is video channel N + 1 (the thermal channel of the camera).
THERMAL_CHANNEL = 1


async def async_setup_entry(
    hass: HomeAssistant,
    entry: AxisThermometryConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the thermal camera image."""
    async_add_entities([ThermalCamera(entry.runtime_data.coordinator)])


class ThermalCamera(AxisThermometryEntity, Camera):
    """The camera's thermal image, as the device's main entity."""

    def __init__(self, coordinator: ThermometryCoordinator) -> None:
        """Attach to the camera's device."""
        super().__init__(coordinator, THERMAL)
        Camera.__init__(self)

    async def async_camera_image(
        self, width: int | None = None, height: int | None = None
    ) -> bytes | None:
        """A JPEG snapshot, at the size the frontend asks for when it gives one."""
        resolution = (width, height) if width and height else None
        try:
            return await self.coordinator.device.media.snapshot(
                camera=THERMAL_CHANNEL, resolution=resolution
            )
        except VapixError as err:
            raise HomeAssistantError(
                translation_domain=DOMAIN,
                translation_key="snapshot_failed",
                translation_placeholders={"error": str(err)},
            ) from err

    async def handle_async_mjpeg_stream(self, request: web.Request) -> web.StreamResponse | None:
        """Proxy the camera's MJPEG stream to the browser."""
        try:
            response = await self.coordinator.device.media.open_mjpeg(camera=THERMAL_CHANNEL)
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
