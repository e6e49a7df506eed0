"""Recordings of exacqVision servers: who records an Axis camera, alarm moments, frames.

Which recorder records an Axis camera, the alarm moments noted on it, clips as media-source
ids, and the *Recorded frame* action. An Axis camera is matched to a recorded camera by its
serial number as the recorder reports it, else by its address. When a temperature alarm
starts on a camera that a loaded recorder records, the moment is noted on that recorder (the
media browser lists it first) and the alarm's event carries the media-source id of the clip
around it.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Final
from urllib.parse import quote

from homeassistant.components.media_player import MediaType
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import ATTR_ENTITY_ID, CONF_HOST
from homeassistant.core import HomeAssistant, ServiceCall, ServiceResponse, SupportsResponse
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import (
    config_validation as cv,
    device_registry as dr,
    entity_registry as er,
)
from homeassistant.util import dt as dt_util
import probatio

from .const import DOMAIN
from .coordinator import AlarmMoment, ExacqConfigEntry, camera_identifier, is_exacq
from .errors import describe
from .exacq import Camera, ExacqError, ExacqRequestError
from .exacq.models import plain_serial

# A clip of an alarm: from a little before it started to a while after.
ALARM_CLIP_BEFORE: Final = timedelta(seconds=10)
ALARM_CLIP_AFTER: Final = timedelta(seconds=30)
ALARM_MOMENTS_KEPT: Final = 20
MEDIA_SOURCE_PREFIX: Final = f"media-source://{DOMAIN}"

SERVICE_RECORDED_FRAME: Final = "recorded_frame"
ATTR_TIME: Final = "time"
ATTR_FILENAME: Final = "filename"


@dataclass(frozen=True, slots=True)
class RecordedBy:
    """A recorded camera and the loaded recorder entry that records it."""

    entry: ExacqConfigEntry
    camera: Camera


def clip_id(entry_id: str, camera_id: str, start: datetime, end: datetime) -> str:
    """The media-source identifier (after the domain) of a clip: whole seconds, epoch."""
    return f"{entry_id}/{camera_id}/{int(start.timestamp())}-{int(end.timestamp())}"


def browser_path(clip: str) -> str:
    """Where the media browser shows a clip's camera, its alarm moments first.

    A path the frontend (and the companion app's notifications) open, in the frontend's form:
    the panel, the player ("browser": this browser), then each folder as ``type,id``,
    URI-encoded.
    """
    camera_folder = clip.rsplit("/", 1)[0]
    return f"/media-browser/browser/{quote(f'{MediaType.VIDEO},{camera_folder}', safe='')}"


def loaded_recorders(hass: HomeAssistant) -> list[ExacqConfigEntry]:
    """The exacqVision entries that are loaded."""
    return [
        entry
        for entry in hass.config_entries.async_entries(DOMAIN)
        if is_exacq(entry) and entry.state is ConfigEntryState.LOADED
    ]


def recorder_of(hass: HomeAssistant, serial: str, host: str) -> RecordedBy | None:
    """The recorder that records the Axis camera ``serial`` at ``host``, if one does."""
    by_address = None
    for entry in loaded_recorders(hass):
        for camera in entry.runtime_data.coordinator.inventory.cameras.values():
            if camera.serial is not None and camera.serial == plain_serial(serial):
                return RecordedBy(entry, camera)
            if by_address is None and camera.address is not None and camera.address == host.lower():
                by_address = RecordedBy(entry, camera)
    return by_address


def note_alarm(hass: HomeAssistant, serial: str, host: str, area: str) -> str | None:
    """Note an alarm that starts now; the media-source id of its clip, if it is recorded."""
    recorded = recorder_of(hass, serial, host)
    if recorded is None:
        return None
    now = dt_util.utcnow().replace(microsecond=0)
    moments = recorded.entry.runtime_data.alarm_moments.setdefault(
        recorded.camera.camera_id, deque(maxlen=ALARM_MOMENTS_KEPT)
    )
    moments.appendleft(AlarmMoment(now, area))
    clip = clip_id(
        recorded.entry.entry_id,
        recorded.camera.camera_id,
        now - ALARM_CLIP_BEFORE,
        now + ALARM_CLIP_AFTER,
    )
    return f"{MEDIA_SOURCE_PREFIX}/{clip}"


def _error(key: str, **placeholders: str) -> ServiceValidationError:
    return ServiceValidationError(
        translation_domain=DOMAIN, translation_key=key, translation_placeholders=placeholders
    )


def recorded_camera(hass: HomeAssistant, entity_id: str) -> RecordedBy:
    """The recorded camera behind a camera entity.

    An exacqVision camera, or an Axis camera that a loaded recorder records.
    """
    registry_entry = er.async_get(hass).async_get(entity_id)
    entry = (
        hass.config_entries.async_get_entry(registry_entry.config_entry_id)
        if registry_entry is not None and registry_entry.config_entry_id
        else None
    )
    if registry_entry is None or entry is None or entry.domain != DOMAIN:
        raise _error("not_recorded", entity=entity_id)
    if entry.state is not ConfigEntryState.LOADED:
        raise _error("not_loaded", name=entry.title)
    if is_exacq(entry):
        coordinator = entry.runtime_data.coordinator
        device = (
            dr.async_get(hass).async_get(registry_entry.device_id)
            if registry_entry.device_id
            else None
        )
        for camera in coordinator.inventory.cameras.values():
            identifier = camera_identifier(coordinator.serial, camera.camera_id)
            if device is not None and identifier in device.identifiers:
                return RecordedBy(entry, camera)
    elif entry.unique_id is not None:
        found = recorder_of(hass, entry.unique_id, str(entry.data[CONF_HOST]))
        if found is not None:
            return found
    raise _error("not_recorded", entity=entity_id)


async def _recorded_frame(call: ServiceCall) -> ServiceResponse:
    """Save the recorded frame at ``time`` of a camera to ``filename``."""
    hass = call.hass
    entity_id: str = call.data[ATTR_ENTITY_ID]
    moment = _aware(call.data[ATTR_TIME])
    filename: str = call.data[ATTR_FILENAME]
    recorded = recorded_camera(hass, entity_id)
    if not hass.config.is_allowed_path(filename):
        raise _error("path_not_allowed", filename=filename)
    client = recorded.entry.runtime_data.client
    shown = dt_util.as_local(moment).strftime("%Y-%m-%d %H:%M:%S")
    try:
        image = await client.recorded_frame(recorded.camera, moment)
    except ExacqRequestError as err:  # a valid request refused: no video at that time
        raise _error("no_recording", camera=recorded.camera.name, time=shown) from err
    except ExacqError as err:
        raise describe(err).exception() from err
    await hass.async_add_executor_job(_write, filename, image)
    return {"filename": filename, "camera": recorded.camera.name, "time": moment.isoformat()}


def _aware(moment: datetime) -> datetime:
    """A time as UTC; one without a time zone is in Home Assistant's."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt_util.get_default_time_zone())
    return dt_util.as_utc(moment)


def _write(filename: str, image: bytes) -> None:
    Path(filename).write_bytes(image)


def async_setup_recorded_frame(hass: HomeAssistant) -> None:
    """Register *Recorded frame* (once, for every recorder)."""
    hass.services.async_register(
        DOMAIN,
        SERVICE_RECORDED_FRAME,
        _recorded_frame,
        schema=probatio.Schema(
            {
                probatio.Required(ATTR_ENTITY_ID): cv.entity_id,
                probatio.Required(ATTR_TIME): cv.datetime,
                probatio.Required(ATTR_FILENAME): cv.string,
            }
        ),
        supports_response=SupportsResponse.OPTIONAL,
    )
