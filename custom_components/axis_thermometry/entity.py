"""Base entities, and the bookkeeping that adds and removes entities as the camera changes."""

from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import replace
import re
from typing import Any, get_args

from homeassistant.const import EntityCategory, UnitOfTemperature
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.entity import Entity, EntityDescription
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.update_coordinator import CoordinatorEntity

from .const import (
    ATTR_AREAS,
    ATTR_DELAY,
    ATTR_DETECTION_TYPE,
    ATTR_MEASUREMENT,
    ATTR_PRESET,
    ATTR_THRESHOLD,
)
from .coordinator import (
    AxisThermometryConfigEntry,
    Resource,
    ResourceKind,
    SettingsCoordinator,
    ThermometryCoordinator,
)
from .helpers import async_write
from .vapix import Area, Group, TemperatureScale

UNITS = {
    TemperatureScale.CELSIUS: UnitOfTemperature.CELSIUS,
    TemperatureScale.FAHRENHEIT: UnitOfTemperature.FAHRENHEIT,
}


def resource_unique_id(serial: str, resource: Resource, key: str) -> str:
    """Unique id of an entity belonging to an area, group or spot meter."""
    kind, number = resource
    return f"{serial}_{kind}_{number}_{key}"


def parse_resource(serial: str, unique_id: str) -> Resource | None:
    """The resource a unique id belongs to, or None for device-wide entities."""
    kinds = "|".join(get_args(ResourceKind.__value__))
    match = re.fullmatch(rf"{re.escape(serial)}_({kinds})_(\d+)_.+", unique_id)
    if match is None:
        return None
    kind: ResourceKind = match.group(1)  # type: ignore[assignment]
    return kind, int(match.group(2))


class AxisThermometryEntity(CoordinatorEntity[ThermometryCoordinator]):
    """An entity of one camera."""

    _attr_has_entity_name = True

    def __init__(
        self,
        coordinator: ThermometryCoordinator,
        description: EntityDescription,
        unique_id: str | None = None,
    ) -> None:
        """Attach to the camera's device; the unique id defaults to serial + description key."""
        super().__init__(coordinator)
        self.entity_description = description
        self._attr_unique_id = unique_id or f"{coordinator.serial}_{description.key}"
        self._attr_device_info = coordinator.device_info

    @property
    def temperature_unit(self) -> UnitOfTemperature:
        """The unit the camera reports in right now."""
        return UNITS[self.coordinator.data.config.scale]


class ResourceEntity(AxisThermometryEntity):
    """An entity of one area, group or spot meter."""

    def __init__(
        self,
        coordinator: ThermometryCoordinator,
        description: EntityDescription,
        resource: Resource,
    ) -> None:
        """Attach to the camera's device and remember the resource."""
        super().__init__(
            coordinator,
            description,
            resource_unique_id(coordinator.serial, resource, description.key),
        )
        self.resource_id = resource[1]


class SettingsEntity(CoordinatorEntity[SettingsCoordinator]):
    """A camera-wide setting (isotherm, palette, scale, DayNight, guard tour)."""

    _attr_has_entity_name = True
    _attr_entity_category = EntityCategory.CONFIG

    def __init__(
        self, settings: SettingsCoordinator, description: EntityDescription, key: str | None = None
    ) -> None:
        """Attach to the camera's device; ``key`` defaults to the description's."""
        super().__init__(settings)
        self.entity_description = description
        thermometry = settings.thermometry
        self._attr_unique_id = f"{thermometry.serial}_{key or description.key}"
        self._attr_device_info = thermometry.device_info

    @property
    def thermometry(self) -> ThermometryCoordinator:
        """The camera's measurement coordinator (scale and limits live there)."""
        return self.coordinator.thermometry

    @property
    def temperature_unit(self) -> UnitOfTemperature:
        """The unit the camera takes and reports temperatures in right now."""
        return UNITS[self.thermometry.data.config.scale]

    async def async_write_setting(self, write: Awaitable[Any]) -> None:
        """Send a settings change and re-read the settings."""
        await async_write(write, self.coordinator.async_refresh)


class AreaEntity(ResourceEntity):
    """An entity of one temperature area; unavailable while the area is not measured.

    The camera reports status only for enabled areas of the preset it stands on, so an area
    absent from the status is unavailable rather than stale or zero.
    """

    def __init__(
        self, coordinator: ThermometryCoordinator, description: EntityDescription, area_id: int
    ) -> None:
        """Name the entity after the area."""
        super().__init__(coordinator, description, ("area", area_id))
        self._attr_translation_placeholders = {"area": self.area_config.name}

    @property
    def area_config(self) -> Area:
        """The area's configuration."""
        return self.coordinator.data.config.areas[self.resource_id]

    @property
    def available(self) -> bool:
        """Available while the area exists and the camera measures it."""
        data = self.coordinator.data
        return (
            super().available
            and self.resource_id in data.area_status
            and self.resource_id in data.config.areas
        )

    def rule_attributes(self) -> dict[str, Any]:
        """The area's alarm rule, for automations and the more-info dialog."""
        area = self.area_config
        attributes: dict[str, Any] = {
            ATTR_DETECTION_TYPE: str(area.detection_type),
            ATTR_MEASUREMENT: str(area.measurement),
            ATTR_THRESHOLD: area.threshold,
            ATTR_DELAY: area.delay,
        }
        if area.preset:
            attributes[ATTR_PRESET] = area.preset
        return attributes


class AreaSettingEntity(AreaEntity):
    """A setting of one area; available while the area exists, on whatever preset."""

    _attr_entity_category = EntityCategory.CONFIG

    @property
    def available(self) -> bool:
        """Available while the area exists (its settings can change off-preset too)."""
        return (
            self.coordinator.last_update_success
            and self.resource_id in self.coordinator.data.config.areas
        )

    async def async_update_area(self, **changes: Any) -> None:
        """Write the area's whole configuration with ``changes`` (the API replaces)."""
        area = replace(self.area_config, **changes)
        await async_write(
            self.coordinator.device.thermometry.update_area(area),
            self.coordinator.async_reread_configuration,
        )


class GroupEntity(ResourceEntity):
    """An entity of one area group; unavailable while the camera does not evaluate it."""

    def __init__(
        self, coordinator: ThermometryCoordinator, description: EntityDescription, group_id: int
    ) -> None:
        """Name the entity after the group."""
        super().__init__(coordinator, description, ("group", group_id))
        self._attr_translation_placeholders = {"group": self.group_config.name}

    @property
    def group_config(self) -> Group:
        """The group's configuration."""
        return self.coordinator.data.config.groups[self.resource_id]

    def rule_attributes(self) -> dict[str, Any]:
        """The group's rule: threshold, delay and member areas."""
        group = self.group_config
        return {
            ATTR_THRESHOLD: group.threshold,
            ATTR_DELAY: group.delay,
            ATTR_AREAS: list(group.area_ids),
        }

    @property
    def available(self) -> bool:
        """Available while the group exists and the camera evaluates it."""
        data = self.coordinator.data
        return (
            super().available
            and self.resource_id in data.group_status
            and self.resource_id in data.config.groups
        )


type EntityFactory = Callable[[ThermometryCoordinator, int], Iterable[Entity]]


def async_add_resource_entities(
    entry: AxisThermometryConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
    factories: Mapping[ResourceKind, EntityFactory],
) -> None:
    """Add entities for every resource now, and for new ones as they appear on the camera.

    ``factories`` builds a platform's entities for one area, group or spot meter by number.
    """
    coordinator = entry.runtime_data.coordinator
    known: set[Resource] = set()

    @callback
    def add_new() -> None:
        current = coordinator.data.config.resources
        known.intersection_update(current)  # removed ones may come back later
        if new := current - known:
            known.update(new)
            async_add_entities(
                [
                    entity
                    for kind, number in sorted(new)
                    if (factory := factories.get(kind))
                    for entity in factory(coordinator, number)
                ]
            )

    add_new()
    entry.async_on_unload(coordinator.async_add_listener(add_new))


def async_prune_entities(hass: HomeAssistant, entry: AxisThermometryConfigEntry) -> None:
    """Remove entities of areas, groups and spot meters that no longer exist, now and later."""
    coordinator = entry.runtime_data.coordinator
    registry = er.async_get(hass)
    last: frozenset[Resource] | None = None

    @callback
    def prune() -> None:
        nonlocal last
        current = coordinator.data.config.resources
        if current == last:
            return
        last = current
        for registry_entry in er.async_entries_for_config_entry(registry, entry.entry_id):
            resource = parse_resource(coordinator.serial, registry_entry.unique_id)
            if resource is not None and resource not in current:
                registry.async_remove(registry_entry.entity_id)

    prune()
    entry.async_on_unload(coordinator.async_add_listener(prune))
