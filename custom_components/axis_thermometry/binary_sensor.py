"""Binary sensors of cameras (area and group alarms, digital inputs) and recorders.

exacqVision servers get a connectivity sensor, and motion and video loss per camera.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from homeassistant.components.binary_sensor import (
    BinarySensorDeviceClass,
    BinarySensorEntity,
    BinarySensorEntityDescription,
)
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .const import ATTR_AREAS
from .coordinator import (
    AxisThermometryConfigEntry,
    AxisThermometryRuntime,
    ExacqConfigEntry,
    ExacqData,
    is_exacq,
)
from .entity import (
    AreaEntity,
    AxisThermometryEntity,
    GroupEntity,
    ResourceEntity,
    RestoresReading,
    async_add_resource_entities,
)
from .exacq_entity import ExacqCameraEntity, ExacqEntity, async_add_exacq_entities
from .models import ANY_ALARM, STREAM, Resource
from .vapix import DetectionType

# The unit of an alarm's threshold (Home Assistant's), as the alarm events say it.
ATTR_UNIT = "unit"

PARALLEL_UPDATES = 0

AREA_ALARM = BinarySensorEntityDescription(key="alarm", translation_key="area_alarm")
ANY_AREA_ALARM = BinarySensorEntityDescription(
    key="any_area_alarm", translation_key="any_area_alarm"
)
EVENT_STREAM = BinarySensorEntityDescription(
    key="event_stream",
    translation_key="event_stream",
    device_class=BinarySensorDeviceClass.CONNECTIVITY,
    entity_category=EntityCategory.DIAGNOSTIC,
)
GROUP_ALARM = BinarySensorEntityDescription(
    key="alarm", translation_key="group_alarm", device_class=BinarySensorDeviceClass.PROBLEM
)


@dataclass(frozen=True, kw_only=True)
class ExacqCameraBinarySensorDescription(BinarySensorEntityDescription):
    """A state of a recorded camera; ``value_fn`` gives None when the server does not report it."""

    value_fn: Callable[[ExacqData, str], bool | None]


EXACQ_CONNECTIVITY = BinarySensorEntityDescription(
    key="connectivity",
    device_class=BinarySensorDeviceClass.CONNECTIVITY,
    entity_category=EntityCategory.DIAGNOSTIC,
)
EXACQ_CAMERA_SENSORS: tuple[ExacqCameraBinarySensorDescription, ...] = (
    ExacqCameraBinarySensorDescription(
        key="motion",
        device_class=BinarySensorDeviceClass.MOTION,
        value_fn=lambda data, camera_id: data.motion(camera_id),
    ),
    ExacqCameraBinarySensorDescription(
        key="video_loss",
        translation_key="video_loss",
        device_class=BinarySensorDeviceClass.PROBLEM,
        value_fn=lambda data, camera_id: data.video_loss(camera_id),
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: AxisThermometryConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add alarm sensors for every area and group (and new ones), and the digital inputs.

    Per camera: whether any area is in alarm, and whether its event stream is connected
    (where the camera offers one).

    For an exacqVision server: its connectivity, and motion and video loss of each camera
    whose status reports them.
    """
    if is_exacq(entry):
        _async_setup_exacq(entry, async_add_entities)
        return
    runtime = entry.runtime_data
    camera_sensors: list[BinarySensorEntity] = [AnyAreaAlarmBinarySensor(runtime)]
    if runtime.readings.stream.offered:
        camera_sensors.append(EventStreamBinarySensor(runtime))
    async_add_entities(camera_sensors)
    async_add_resource_entities(
        entry,
        async_add_entities,
        {
            "area": lambda runtime, area_id: [AreaAlarmBinarySensor(runtime, AREA_ALARM, area_id)],
            "group": lambda runtime, group_id: [
                GroupAlarmBinarySensor(runtime, GROUP_ALARM, group_id)
            ],
            "input": lambda runtime, port: [DigitalInputBinarySensor(runtime, port)],
        },
    )


def _async_setup_exacq(
    entry: ExacqConfigEntry, async_add_entities: AddConfigEntryEntitiesCallback
) -> None:
    coordinator = entry.runtime_data.coordinator
    data = coordinator.data
    async_add_exacq_entities(
        entry,
        async_add_entities,
        [
            ExacqConnectivityBinarySensor(coordinator, EXACQ_CONNECTIVITY),
            *(
                ExacqCameraBinarySensor(coordinator, description, camera)
                for camera in data.inventory.cameras.values()
                for description in EXACQ_CAMERA_SENSORS
                if description.value_fn(data, camera.camera_id) is not None
            ),
        ],
    )


class AreaAlarmBinarySensor(AreaEntity, RestoresReading, BinarySensorEntity):
    """On while the area's alarm is triggered on the camera."""

    def resources(self) -> Iterable[Resource]:
        """The area's alarm, not its temperatures."""
        return (("area_alarm", self.resource_id),)

    @property
    def device_class(self) -> BinarySensorDeviceClass:
        """Heat for above/increase rules, cold for below/decrease."""
        area = self.config.areas.get(self.resource_id)
        if area is not None and area.detection_type in (
            DetectionType.BELOW,
            DetectionType.DECREASE,
        ):
            return BinarySensorDeviceClass.COLD
        return BinarySensorDeviceClass.HEAT

    @property
    def is_on(self) -> bool | None:
        """Whether the camera reports the alarm as triggered (last reported, off-preset)."""
        reading = self.reading
        return None if reading is None else reading.triggered

    @property
    def extra_state_attributes(self) -> dict[str, Any]:
        """The rule that raises the alarm; ``unit``: the threshold's (for notifications)."""
        return self.rule_attributes() | {ATTR_UNIT: self.user_temperature_unit}


class AnyAreaAlarmBinarySensor(AxisThermometryEntity, BinarySensorEntity):
    """On while any area of the camera is in alarm.

    As the camera pushes it (``TemperatureDetectionAnyArea``) while the event stream is
    connected, else from the areas' alarms.
    """

    _attr_device_class = BinarySensorDeviceClass.PROBLEM

    def __init__(self, runtime: AxisThermometryRuntime) -> None:
        """One per camera."""
        super().__init__(runtime, ANY_AREA_ALARM)

    def resources(self) -> Iterable[Resource]:
        """Every area's alarm, and the camera's own any-area alarm."""
        return (ANY_ALARM,)

    @property
    def is_on(self) -> bool:
        """Whether any area is in alarm: as the camera pushes it, else from the areas."""
        readings = self.readings
        if readings.any_area_pushed is not None:
            return readings.any_area_pushed
        return any(r.status.triggered for r in readings.areas.values() if r.measuring)

    @property
    def extra_state_attributes(self) -> dict[str, Any]:
        """Which areas are in alarm (by name)."""
        areas = self.config.areas
        return {
            ATTR_AREAS: [
                areas[i].name
                for i, r in sorted(self.readings.areas.items())
                if r.measuring and r.status.triggered and i in areas
            ]
        }


class EventStreamBinarySensor(AxisThermometryEntity, BinarySensorEntity):
    """On while the camera's event stream is connected; off while polls serve instead."""

    def __init__(self, runtime: AxisThermometryRuntime) -> None:
        """One per camera that offers the stream."""
        super().__init__(runtime, EVENT_STREAM)

    def resources(self) -> Iterable[Resource]:
        """The stream."""
        return (STREAM,)

    @property
    def available(self) -> bool:
        """Always available: being off is the point."""
        return True

    @property
    def is_on(self) -> bool:
        """Whether the stream is connected."""
        return self.readings.stream.connected


class GroupAlarmBinarySensor(GroupEntity, RestoresReading, BinarySensorEntity):
    """On while a group's temperature deviation alarm is triggered."""

    @property
    def is_on(self) -> bool | None:
        """Whether the camera reports the deviation alarm as triggered (last reported)."""
        reading = self.reading
        return None if reading is None else reading.triggered

    @property
    def extra_state_attributes(self) -> dict[str, Any]:
        """The group's rule and which areas differ most (None: not reported)."""
        reading = self.reading
        warmest = reading.max_area if reading is not None else None
        coolest = reading.min_area if reading is not None else None
        return self.rule_attributes() | {
            ATTR_UNIT: self.user_temperature_unit,
            "warmest_area": warmest.area_id if warmest else None,
            "coolest_area": coolest.area_id if coolest else None,
        }


class DigitalInputBinarySensor(ResourceEntity, BinarySensorEntity):
    """A digital input: pushed by the event or monitor stream, polled while there is none."""

    def __init__(self, runtime: AxisThermometryRuntime, port: int) -> None:
        """Name the sensor after the port's name on the camera, where it has one."""
        config = runtime.configuration.data
        name = next((p.name for p in config.inputs if p.number == port and p.name), None)
        description = BinarySensorEntityDescription(
            key="state", translation_key="input_named" if name else "input"
        )
        # The unique id predates the resource scheme: serial_input_<port>.
        super().__init__(runtime, description, ("input", port))
        self._attr_unique_id = f"{runtime.configuration.serial}_input_{port}"
        self._attr_translation_placeholders = {"name": name or "", "number": str(port)}

    async def async_added_to_hass(self) -> None:
        """Follow the input states too (undone when the entity is removed)."""
        await super().async_added_to_hass()
        self.async_on_remove(self.readings.inputs.async_add_listener(self._async_updated))

    @property
    def available(self) -> bool:
        """While the camera answers and the stream (or the last poll) gives the state."""
        inputs = self.readings.inputs
        return super().available and inputs.available and self.resource_id in inputs.states

    @property
    def is_on(self) -> bool | None:
        """Whether the input is active."""
        return self.readings.inputs.states.get(self.resource_id)


class ExacqConnectivityBinarySensor(ExacqEntity, BinarySensorEntity):
    """On while the server answers; stays available to show that it does not."""

    @property
    def available(self) -> bool:
        """Always available: being off is the point."""
        return True

    @property
    def is_on(self) -> bool:
        """Whether the last poll reached the server."""
        return self.coordinator.last_update_success


class ExacqCameraBinarySensor(ExacqCameraEntity, BinarySensorEntity):
    """Motion or video loss of a recorded camera."""

    entity_description: ExacqCameraBinarySensorDescription

    @property
    def is_on(self) -> bool | None:
        """The state the server reports, joined with its active events."""
        return self.entity_description.value_fn(self.coordinator.data, self.camera.camera_id)

    @property
    def available(self) -> bool:
        """Unavailable while the server stops reporting the state."""
        return super().available and self.is_on is not None
