"""Event entity per camera: *Temperature alarm*, fired when an area's alarm starts or clears.

Fired once per change, whether the event stream pushed it or a poll saw it. The event data
carries what a notification needs: the area (name and id), its preset, the rule, and the
temperatures of the moment in Home Assistant's unit, and, when an exacqVision server records
the camera, the media-source id of the recording around the alarm (``recording``).
"""

from typing import Any

from homeassistant.components.event import EventEntity, EventEntityDescription
from homeassistant.const import CONF_HOST
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .const import (
    ATTR_AREA_ID,
    ATTR_DETECTION_TYPE,
    ATTR_MEASUREMENT,
    ATTR_THRESHOLD,
)
from .coordinator import AxisThermometryRuntime, CameraConfigEntry
from .entity import AxisThermometryEntity, preset_attributes, threshold_key
from .models import AlarmChange
from .recordings import browser_path, note_alarm

ATTR_RECORDING = "recording"
ATTR_RECORDING_URL = "recording_url"

PARALLEL_UPDATES = 0

ALARM_STARTED = "alarm_started"
ALARM_CLEARED = "alarm_cleared"

TEMPERATURE_ALARM = EventEntityDescription(
    key="temperature_alarm",
    translation_key="temperature_alarm",
    event_types=[ALARM_STARTED, ALARM_CLEARED],
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: CameraConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """One *Temperature alarm* event entity per camera (recording servers have none)."""
    async_add_entities([TemperatureAlarmEvent(entry.runtime_data)])


class TemperatureAlarmEvent(AxisThermometryEntity, EventEntity):
    """Fires ``alarm_started`` / ``alarm_cleared`` with the area and its temperatures."""

    def __init__(self, runtime: AxisThermometryRuntime) -> None:
        """One per camera."""
        super().__init__(runtime, TEMPERATURE_ALARM)

    async def async_added_to_hass(self) -> None:
        """Listen to the camera's alarm changes (undone when the entity is removed)."""
        await super().async_added_to_hass()
        self.async_on_remove(self.readings.async_add_alarm_listener(self._alarm_changed))

    @callback
    def _alarm_changed(self, change: AlarmChange) -> None:
        area, status = change.area, change.status
        temperatures = {
            "maximum": status.maximum,
            "minimum": status.minimum,
            "average": status.average,
        }
        data: dict[str, Any] = {
            "area": area.name,
            ATTR_AREA_ID: area.id,
            ATTR_DETECTION_TYPE: str(area.detection_type),
            ATTR_MEASUREMENT: str(area.measurement),
            ATTR_THRESHOLD: self.shown_setting(
                threshold_key(("area", area.id)),
                area.threshold,
                delta=area.detection_type.is_rate,
            ),
            "temperature": self.to_user_unit(temperatures[str(area.measurement)]),
            **{key: self.to_user_unit(value) for key, value in temperatures.items()},
            "unit": self.user_temperature_unit,
            "pushed": change.pushed,
        }
        data |= preset_attributes(self.config, area.preset)
        # The clip of the moment on a recorder that records this camera (None: none does),
        # and where the media browser shows it.
        clip = (
            note_alarm(
                self.hass,
                self.configuration.serial,
                str(self.configuration.config_entry.data[CONF_HOST]),
                area.name,
            )
            if status.triggered
            else None
        )
        data[ATTR_RECORDING] = clip
        data[ATTR_RECORDING_URL] = browser_path(clip) if clip is not None else None
        self._trigger_event(ALARM_STARTED if status.triggered else ALARM_CLEARED, data)
        self.async_write_shown()
