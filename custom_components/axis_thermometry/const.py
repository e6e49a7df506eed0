"""Constants for the Axis Thermometry integration."""

from datetime import timedelta
from typing import Final

DOMAIN: Final = "axis_thermometry"
MANUFACTURER: Final = "Axis"

CONF_DEVICE_TYPE: Final = "device_type"
DEVICE_TYPE_AXIS: Final = "axis_camera"
DEVICE_TYPE_EXACQ: Final = "exacqvision_server"
EXACQ_MANUFACTURER: Final = "Exacq Technologies"
# Models shown where the server does not name one, and for the cameras it records.
EXACQ_SERVER_MODEL: Final = "exacqVision server"
EXACQ_CAMERA_MODEL: Final = "Camera recorded by exacqVision"

DEFAULT_PORT: Final = 80
DEFAULT_HTTPS_PORT: Final = 443
# How often cameras and recorders are polled. Fixed, as Home Assistant wants it: alarms and
# inputs are pushed by the camera; who wants fewer polls disables polling for the entry and
# asks with homeassistant.update_entity.
POLL_INTERVAL: Final = timedelta(seconds=5)
# How long a request to a device may take before it counts as failed.
REQUEST_TIMEOUT: Final = 10.0
# What a device may take to release what Home Assistant holds on it when Home Assistant stops.
SHUTDOWN_TIMEOUT: Final = 10.0

# Areas, groups and spot meters change rarely: re-read them at this cadence, and at once when
# a status names an id we do not know.
CONFIGURATION_REFRESH: Final = timedelta(minutes=10)
# After a restart from Home Assistant the camera is expected to be away this long at most.
RESTART_GRACE: Final = timedelta(minutes=5)
# Camera-wide settings (isotherm, palette, DayNight, guard tour): read after writes and rarely.
SETTINGS_REFRESH: Final = timedelta(minutes=10)
# exacqVision drops a soft trigger ~3 s after the last "on"; re-sent at the recommended 1 Hz.
SOFT_TRIGGER_REFRESH: Final = timedelta(seconds=1)

ATTR_DETECTION_TYPE: Final = "detection_type"
ATTR_MEASUREMENT: Final = "measurement"
ATTR_THRESHOLD: Final = "threshold"
ATTR_DELAY: Final = "delay"
ATTR_PRESET: Final = "preset"
ATTR_POSITION: Final = "position"
ATTR_AREAS: Final = "areas"
ATTR_AREA_ID: Final = "area_id"
ATTR_GROUP_ID: Final = "group_id"
ATTR_PRESET_ID: Final = "preset_id"
ATTR_MEASURING: Final = "measuring"
ATTR_MEASURED_AT: Final = "measured_at"
