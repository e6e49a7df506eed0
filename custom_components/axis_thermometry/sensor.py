"""Temperature sensors: per area (average/minimum/maximum), group deviation, spot meters."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Any

from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.const import EntityCategory, UnitOfTemperature
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .capability import Capability
from .const import ATTR_POSITION
from .coordinator import AxisThermometryRuntime, CameraConfigEntry
from .entity import (
    AreaEntity,
    AxisThermometryEntity,
    GroupEntity,
    ResourceEntity,
    async_add_resource_entities,
)
from .models import POSITION, Resource, reading_shown
from .vapix import AreaStatus, Measurement

# Read-only entities fed by the coordinator: no per-entity updates to limit.
PARALLEL_UPDATES = 0


@dataclass(frozen=True, kw_only=True)
class AreaSensorEntityDescription(SensorEntityDescription):
    """An area temperature sensor."""

    measurement: Measurement
    value_fn: Callable[[AreaStatus], float]
    position_fn: Callable[[AreaStatus], tuple[float, float] | None] = lambda _: None


AREA_SENSORS: tuple[AreaSensorEntityDescription, ...] = (
    AreaSensorEntityDescription(
        key="average",
        translation_key="area_average",
        measurement=Measurement.AVERAGE,
        value_fn=lambda status: status.average,
    ),
    AreaSensorEntityDescription(
        key="minimum",
        translation_key="area_minimum",
        measurement=Measurement.MINIMUM,
        value_fn=lambda status: status.minimum,
        position_fn=lambda status: status.min_position,
    ),
    AreaSensorEntityDescription(
        key="maximum",
        translation_key="area_maximum",
        measurement=Measurement.MAXIMUM,
        value_fn=lambda status: status.maximum,
        position_fn=lambda status: status.max_position,
    ),
)
GROUP_DEVIATION = SensorEntityDescription(
    key="deviation",
    translation_key="group_deviation",
    device_class=SensorDeviceClass.TEMPERATURE_DELTA,
    state_class=SensorStateClass.MEASUREMENT,
    suggested_display_precision=1,
)
SPOT = SensorEntityDescription(
    key="temperature",
    translation_key="spot_temperature",
    device_class=SensorDeviceClass.TEMPERATURE,
    state_class=SensorStateClass.MEASUREMENT,
    suggested_display_precision=1,
)
SPOT_OF_SOURCE = replace(SPOT, translation_key="spot_temperature_source")
CURRENT_PRESET = SensorEntityDescription(
    key="current_preset",
    translation_key="current_preset",
    entity_category=EntityCategory.DIAGNOSTIC,
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: CameraConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add sensors for every area, group and spot meter (and new ones), and the PTZ preset."""
    async_add_resource_entities(
        entry,
        async_add_entities,
        {
            "area": lambda runtime, area_id: [
                AreaTemperatureSensor(runtime, description, area_id) for description in AREA_SENSORS
            ],
            "group": lambda runtime, group_id: [
                GroupDeviationSensor(runtime, GROUP_DEVIATION, group_id)
            ],
            "spot": lambda runtime, source: [SpotTemperatureSensor(runtime, source)],
            "ptz": lambda runtime, _: [CurrentPresetSensor(runtime, CURRENT_PRESET)],
        },
    )


class AreaTemperatureSensor(AreaEntity, SensorEntity):
    """Average, minimum or maximum temperature of an area."""

    entity_description: AreaSensorEntityDescription
    _attr_device_class = SensorDeviceClass.TEMPERATURE
    _attr_state_class = SensorStateClass.MEASUREMENT
    _attr_suggested_display_precision = 1
    # The hottest/coldest pixel moves every poll; keep it out of the recorder.
    _unrecorded_attributes = frozenset({ATTR_POSITION})

    def __init__(
        self,
        runtime: AxisThermometryRuntime,
        description: AreaSensorEntityDescription,
        area_id: int,
    ) -> None:
        """Enable by default the average and the value the area's rule evaluates."""
        super().__init__(runtime, description, area_id)
        self._attr_entity_registry_enabled_default = description.measurement in (
            Measurement.AVERAGE,
            self.area_config.measurement,
        )

    @property
    def native_unit_of_measurement(self) -> UnitOfTemperature:
        """The camera's current scale."""
        return self.temperature_unit

    @property
    def native_value(self) -> float | None:
        """The temperature, as last measured; unknown until the area has been measured."""
        reading = self.reading
        return None if reading is None else self.entity_description.value_fn(reading)

    @property
    def extra_state_attributes(self) -> dict[str, Any]:
        """The area's rule, and where in the image the extreme value is (None: unknown)."""
        reading = self.reading
        position = None if reading is None else self.entity_description.position_fn(reading)
        return self.rule_attributes() | {ATTR_POSITION: list(position) if position else None}

    def _shows(self) -> tuple[Any, ...]:
        """What its state and attributes are made of, not them (it is told every poll).

        The value, its place, whether it is measured now, the units and the rule (the same
        object until it changes): a change of the entity's own display options is written
        by Home Assistant.
        """
        if not self.available:
            return (False,)
        reading = self.readings.area(self.resource_id)
        status = None if reading is None else reading.status
        description = self.entity_description
        return (
            True,
            None if status is None else description.value_fn(status),
            None if status is None else description.position_fn(status),
            reading_shown(reading),
            self.native_unit_of_measurement,
            self.user_temperature_unit,
            self.rule(),
        )


class GroupDeviationSensor(GroupEntity, SensorEntity):
    """The current largest temperature difference between a group's areas.

    Home Assistant converts temperatures to its unit by itself but leaves differences in
    the camera's scale: this one is converted here.
    """

    @property
    def native_unit_of_measurement(self) -> UnitOfTemperature:
        """Home Assistant's unit."""
        return self.user_temperature_unit

    @property
    def native_value(self) -> float | None:
        """The deviation; unknown when the camera's details leave it out."""
        reading = self.reading
        if reading is None or reading.current_deviation is None:
            return None
        return self.to_user_unit(reading.current_deviation, delta=True)

    @property
    def extra_state_attributes(self) -> dict[str, Any]:
        """The group's rule."""
        return self.rule_attributes()


class SpotTemperatureSensor(ResourceEntity, SensorEntity):
    """The spot meter's temperature (one per active spot meter on API 1.3)."""

    capabilities = (Capability.SPOT_METER,)
    _unrecorded_attributes = frozenset({ATTR_POSITION})

    def __init__(self, runtime: AxisThermometryRuntime, image_source: int) -> None:
        """Name the sensor after its image source when the camera has several."""
        several = len(runtime.configuration.data.spot_sources) > 1 or image_source != 0
        super().__init__(runtime, SPOT_OF_SOURCE if several else SPOT, ("spot", image_source))
        if several:
            self._attr_translation_placeholders = {"image_source": str(image_source)}

    @property
    def available(self) -> bool:
        """Available while the spot meter is read."""
        return super().available and self.resource_id in self.readings.data.spots

    @property
    def native_unit_of_measurement(self) -> UnitOfTemperature:
        """The camera's current scale."""
        return self.temperature_unit

    @property
    def native_value(self) -> float:
        """The temperature at the spot."""
        return self.readings.data.spots[self.resource_id].temperature

    @property
    def extra_state_attributes(self) -> dict[str, Any]:
        """Where the spot is (coordinates from -1 to 1; None: not reported)."""
        spot = self.readings.data.spots[self.resource_id]
        return {ATTR_POSITION: list(spot.coordinates) if spot.coordinates else None}


class CurrentPresetSensor(AxisThermometryEntity, SensorEntity):
    """Which preset the PTZ camera stands on (unknown between presets), e.g. on a guard tour."""

    capabilities = (Capability.PTZ,)
    _unrecorded_attributes = frozenset({"pan", "tilt", "zoom"})

    def resources(self) -> Iterable[Resource]:
        """The camera's position."""
        return (POSITION,)

    @property
    def native_value(self) -> str | None:
        """The preset's name, derived from the position and the presets' stored positions."""
        preset = self.readings.current_preset(self.config)
        return preset.name if preset else None

    @property
    def extra_state_attributes(self) -> dict[str, Any]:
        """The position itself (None: an axis the camera does not report)."""
        position = self.readings.data.position
        return {
            "pan": position.pan if position else None,
            "tilt": position.tilt if position else None,
            "zoom": position.zoom if position else None,
        }
