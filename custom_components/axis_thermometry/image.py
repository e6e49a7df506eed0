"""Images: the *Area map* (the thermal snapshot with the areas drawn on it) and *Last alarm*.

The drawing itself is :mod:`.area_map` (Pillow, run in the executor). This module decides what
to draw and when to fetch: the area map fetches a snapshot only when it is viewed, at most once
per poll interval, and tells the frontend it changed (``image_last_updated``) only when the
drawing does. The last alarm is drawn when an area's alarm turns on and kept in one file per
camera, so it survives a restart.
"""

import asyncio
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import UTC, datetime
import logging
import os
from pathlib import Path
import time
from typing import Any, Final

from homeassistant.components.image import ImageEntity, ImageEntityDescription
from homeassistant.const import UnitOfTemperature
from homeassistant.core import HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.restore_state import RestoreEntity
from homeassistant.helpers.storage import STORAGE_DIR
from homeassistant.util import dt as dt_util
from homeassistant.util.hass_dict import HassKey
from homeassistant.util.unit_conversion import TemperatureConverter

from .area_map import (
    AreaMap,
    MapArea,
    MapSpot,
    SnapshotTooLargeError,
    UnreadableSnapshotError,
    readable,
    render,
)
from .camera import snapshot_channel
from .const import ATTR_AREA_ID, DOMAIN, POLL_INTERVAL
from .coordinator import AxisThermometryRuntime, CameraConfigEntry
from .entity import AxisThermometryEntity, ResourceEntity, async_add_resource_entities
from .errors import translated_errors
from .models import ANY_AREA, POSITION, UNITS, AlarmChange, Resource
from .vapix import AreaStatus, AxisDevice, DetectionType, VapixError

_LOGGER = logging.getLogger(__name__)

# Read-only entities; each fetches on its own, at most once per poll interval.
PARALLEL_UPDATES = 0

AREA_MAP = ImageEntityDescription(key="area_map", translation_key="area_map")
AREA_MAP_OF_SOURCE = replace(AREA_MAP, translation_key="area_map_source")
LAST_ALARM = ImageEntityDescription(key="last_alarm", translation_key="last_alarm")
ATTR_AREA = "area"
# A snapshot serves the area map this long, however often it is viewed: a poll interval.
SNAPSHOT_MAX_AGE: Final = POLL_INTERVAL.total_seconds()
# The size the map asks the camera for (the nearest it lists): the more-info dialog shows the
# map about this wide, and the labels scale with the image (320×240 made 8-pixel text).
MAP_RESOLUTION: Final = (800, 600)


async def map_snapshot(device: AxisDevice, channel: int) -> bytes:
    """A snapshot to draw the map on, at the listed size nearest to :data:`MAP_RESOLUTION`."""
    resolution = await device.media.listed_size(MAP_RESOLUTION)
    return await device.media.snapshot(camera=channel, resolution=resolution)


# One drawing at a time for all cameras: drawing holds Python's global lock for most of its
# ~15 ms, so several at once (alarms starting on many cameras) would hold up the event loop.
DRAWING: HassKey[asyncio.Semaphore] = HassKey(f"{DOMAIN}_drawing")


def last_alarm_path(hass: HomeAssistant, entry_id: str) -> Path:
    """Where a camera's last alarm image is kept (one file per camera, replaced each time)."""
    return Path(hass.config.path(STORAGE_DIR, DOMAIN, f"last_alarm_{entry_id}.jpg"))


def remove_last_alarm(path: Path) -> None:
    """Remove a camera's last alarm image (its entry is removed); run in the executor."""
    path.unlink(missing_ok=True)
    path.with_suffix(".tmp").unlink(missing_ok=True)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: CameraConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the last alarm image, and an area map per image source (and for new ones)."""
    runtime = entry.runtime_data
    async_add_entities([LastAlarmImage(runtime, last_alarm_path(hass, entry.entry_id))])
    async_add_resource_entities(
        entry,
        async_add_entities,
        {"image": lambda runtime, source: [AreaMapImage(runtime, source)]},
    )


def draw_areas(
    runtime: AxisThermometryRuntime,
    image_source: int,
    unit: UnitOfTemperature,
    alarm: AlarmChange | None = None,
) -> AreaMap:
    """What the map of ``image_source`` shows now, temperatures in ``unit``.

    Every enabled area of the preset the camera stands on (or measured now, which is the
    same on a camera that reports its position), with the value its rule uses; markers at
    the hottest pixel and, for "below" rules, the coldest. ``alarm`` is the change that
    started an alarm: its area is drawn with the status that triggered.
    """
    config, readings = runtime.configuration.data, runtime.readings
    camera_unit = UNITS[config.scale]

    def degrees(value: float) -> str:
        return f"{TemperatureConverter.convert(value, camera_unit, unit):.1f} {unit}"

    preset = readings.current_preset(config)
    on_preset = {0, preset.number} if preset is not None else {0}
    areas = []
    for area_id, area in sorted(config.areas.items()):
        reading = readings.area(area_id)
        measuring = reading is not None and reading.measuring
        status: AreaStatus | None = reading.status if reading is not None else None
        if alarm is not None and alarm.area.id == area_id:
            status, measuring = alarm.status, True
        if (
            not area.enabled
            or area.image_source != image_source
            or not (measuring or area.preset in on_preset)
        ):
            continue
        if status is None:
            areas.append(MapArea(area.vertices, area.name, "–"))
            continue
        value = degrees(getattr(status, str(area.measurement)))
        areas.append(
            MapArea(
                area.vertices,
                area.name,
                value,
                alarm=measuring and status.triggered,
                hottest=status.max_position if measuring else None,
                coldest=status.min_position
                if measuring and area.detection_type is DetectionType.BELOW
                else None,
            )
        )
    spot = readings.data.spots.get(image_source)
    return AreaMap(
        areas=tuple(areas),
        spot=MapSpot(spot.coordinates, degrees(spot.temperature))
        if spot is not None and spot.coordinates is not None
        else None,
    )


async def _async_draw[*A](
    hass: HomeAssistant,
    job: Callable[[*A], bytes],
    *args: *A,
    started: Callable[[asyncio.Future[bytes]], None] | None = None,
) -> bytes:
    """Run a drawing job in the executor, after the one running now (see ``DRAWING``).

    A cancelled caller does not stop the thread: ``started`` is given the job's future, for
    whoever must wait until it is done (the last alarm's file is written by it).
    """
    async with hass.data.setdefault(DRAWING, asyncio.Semaphore(1)):
        job_future = hass.async_add_executor_job(job, *args)
        if started is not None:
            started(job_future)
        return await asyncio.shield(job_future)


def _render_readable(snapshot: bytes, overlay: AreaMap) -> bytes:
    try:
        return render(snapshot, overlay)
    except SnapshotTooLargeError as err:
        raise HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key="snapshot_too_large",
            translation_placeholders={"size": str(err)},
        ) from err
    except UnreadableSnapshotError as err:
        raise HomeAssistantError(
            translation_domain=DOMAIN, translation_key="snapshot_unreadable"
        ) from err


class AreaMapImage(ResourceEntity, ImageEntity):
    """The thermal snapshot with the areas of the current preset, their values and alarms."""

    _attr_content_type = "image/jpeg"

    def __init__(self, runtime: AxisThermometryRuntime, image_source: int) -> None:
        """One per image source; named after it when the camera has several."""
        several = len(runtime.configuration.data.image_sources) > 1
        super().__init__(
            runtime, AREA_MAP_OF_SOURCE if several else AREA_MAP, ("image", image_source)
        )
        ImageEntity.__init__(self, runtime.readings.hass)
        if several:
            self._attr_translation_placeholders = {"image_source": str(image_source)}
        self.image_source = image_source
        self._overlay = AreaMap()
        # The last snapshot (monotonic time fetched, JPEG) and the last drawing on it.
        self._snapshot: tuple[float, bytes] | None = None
        self._drawn: tuple[AreaMap, bytes] | None = None
        self._fetching = asyncio.Lock()

    async def async_added_to_hass(self) -> None:
        """Start from what the camera shows now."""
        self._overlay = self._current()
        self._attr_image_last_updated = dt_util.utcnow()
        await super().async_added_to_hass()

    def _current(self) -> AreaMap:
        return draw_areas(self.runtime, self.image_source, self.user_temperature_unit)

    def resources(self) -> Iterable[Resource]:
        """Any area's reading, this source's spot meter, and where the camera stands."""
        return (ANY_AREA, ("spot", self.image_source), POSITION)

    def _shows(self) -> tuple[Any, ...]:
        """A new drawing is a new image: only then does ``image_last_updated`` change."""
        overlay = self._current()
        if overlay != self._overlay:
            self._overlay = overlay
            self._attr_image_last_updated = dt_util.utcnow()
        return super()._shows()

    async def async_image(self) -> bytes | None:
        """The map: a new snapshot when the last is a poll interval old, drawn if needed."""
        async with self._fetching:
            overlay = self._overlay
            now = time.monotonic()
            if self._snapshot is None or now - self._snapshot[0] >= SNAPSHOT_MAX_AGE:
                async with translated_errors():
                    snapshot = await map_snapshot(self.device, snapshot_channel(self.image_source))
                self._snapshot, self._drawn = (now, snapshot), None
            if self._drawn is None or self._drawn[0] != overlay:
                jpeg = await _async_draw(self.hass, _render_readable, self._snapshot[1], overlay)
                self._drawn = (overlay, jpeg)
            return self._drawn[1]


class LastAlarmImage(AxisThermometryEntity, ImageEntity, RestoreEntity):
    """The map as it was when an area's alarm last turned on, kept across restarts.

    Available whenever Home Assistant runs: it is a stored picture, not a reading.
    """

    _attr_content_type = "image/jpeg"

    def __init__(self, runtime: AxisThermometryRuntime, path: Path) -> None:
        """One per camera, kept at ``path``."""
        super().__init__(runtime, LAST_ALARM)
        ImageEntity.__init__(self, runtime.readings.hass)
        self.path = path
        self._image: bytes | None = None
        self._area: dict[str, Any] = {}
        # One capture at a time; of the alarms starting meanwhile, the newest waits its turn.
        self._capturing: asyncio.Task[None] | None = None
        self._next: AlarmChange | None = None
        self._drawing: asyncio.Future[bytes] | None = None  # the executor job writing the file

    @property
    def available(self) -> bool:
        """Always: the last alarm can be shown while the camera is away."""
        return True

    @property
    def extra_state_attributes(self) -> dict[str, Any]:
        """Which area the alarm was in."""
        return self._area

    @property
    def entity_picture(self) -> str | None:
        """None until there is a picture: the frontend shows the icon, not a broken image."""
        return None if self._image is None else super().entity_picture

    async def async_added_to_hass(self) -> None:
        """Load the kept image, and capture each alarm that starts from now on."""
        await super().async_added_to_hass()
        if kept := await self.hass.async_add_executor_job(_read_kept, self.path):
            self._image, taken = kept
            self._attr_image_last_updated = datetime.fromtimestamp(taken, UTC)
            last = await self.async_get_last_state()
            if last is not None and ATTR_AREA in last.attributes:
                self._area = {key: last.attributes.get(key) for key in (ATTR_AREA, ATTR_AREA_ID)}
        self.async_on_remove(self.readings.async_add_alarm_listener(self._alarm_changed))

    async def async_will_remove_from_hass(self) -> None:
        """A capture still running ends with the entity (unload, removal).

        A drawing already in the executor is waited for (it is bounded): once the entity is
        gone nothing writes the file any more, so a removed entry leaves none behind.
        """
        self._next = None
        drawing = self._drawing
        if self._capturing is not None:
            self._capturing.cancel()
        if drawing is not None:
            await asyncio.wait([drawing])
        await super().async_will_remove_from_hass()

    @callback
    def _alarm_changed(self, change: AlarmChange) -> None:
        if not change.status.triggered:
            return
        self._next = change  # an alarm storm queues nothing: the newest is drawn next
        if self._capturing is None:
            self._capturing = self.readings.config_entry.async_create_task(
                self.hass, self._capture_all(), f"{self.entity_id} capture"
            )

    async def _capture_all(self) -> None:
        try:
            while (change := self._next) is not None:
                self._next = None
                await self._capture(change)
        finally:
            self._capturing = None

    async def _capture(self, change: AlarmChange) -> None:
        """Draw the map of the alarm's image source with a caption, keep it, show it.

        The caption's time is when the snapshot was taken: what the picture shows.
        """
        area = change.area
        try:
            snapshot: bytes | None = await map_snapshot(
                self.device, snapshot_channel(area.image_source)
            )
        except VapixError as err:
            _LOGGER.warning(
                "%s: no snapshot for the alarm in %s (%s); drawn without the image",
                self.readings.name,
                area.name,
                type(err).__name__,
            )
            snapshot = None
        at = dt_util.utcnow()
        overlay = replace(
            draw_areas(self.runtime, area.image_source, self.user_temperature_unit, change),
            caption=f"{dt_util.as_local(at):%Y-%m-%d %H:%M:%S}  {area.name}",
        )
        try:
            self._image = await _async_draw(
                self.hass,
                _draw_and_keep,
                self.path,
                snapshot,
                overlay,
                at.timestamp(),
                started=self._started,
            )
        finally:
            self._drawing = None
        self._area = {ATTR_AREA: area.name, ATTR_AREA_ID: area.id}
        self._attr_image_last_updated = at
        self.async_write_shown()

    def _started(self, drawing: asyncio.Future[bytes]) -> None:
        self._drawing = drawing

    async def async_image(self) -> bytes | None:
        """The last alarm's image (none before the first alarm)."""
        return self._image


def _read_kept(path: Path) -> tuple[bytes, float] | None:
    """The kept image and when it was taken (its modification time), if there is a good one.

    A file that is no image (empty, cut short by a crash of an older version, damaged) is no
    last alarm: one warning, and it is removed.
    """
    try:
        image, taken = path.read_bytes(), path.stat().st_mtime
    except FileNotFoundError:
        return None
    except OSError as err:
        _LOGGER.warning("The last alarm image %s cannot be read: %s", path, err)
        return None
    if not readable(image):
        _LOGGER.warning("The last alarm image %s is no image (%d bytes); dropped", path, len(image))
        remove_last_alarm(path)
        return None
    return image, taken


def _draw_and_keep(path: Path, snapshot: bytes | None, overlay: AreaMap, taken: float) -> bytes:
    """Draw the alarm (on black when the snapshot is missing or unreadable) and keep it.

    Written whole or not at all (a new file replaces the old one), dated when it was taken.
    """
    try:
        jpeg = render(snapshot, overlay)
    except UnreadableSnapshotError:
        jpeg = render(None, overlay)
    partial = path.with_suffix(".tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with partial.open("wb") as file:  # durable before it replaces the old one
            file.write(jpeg)
            file.flush()
            os.fsync(file.fileno())
        os.utime(partial, (taken, taken))
        partial.replace(path)
    except OSError as err:
        _LOGGER.warning("The last alarm image cannot be kept at %s: %s", path, err)
    return jpeg
