"""Base entities, and the bookkeeping that adds and removes entities as the camera changes."""

from collections.abc import Awaitable, Callable, Iterable, Mapping
import logging
from typing import Any

from homeassistant.const import EntityCategory, UnitOfTemperature
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.entity import Entity, EntityDescription
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.update_coordinator import CoordinatorEntity
from homeassistant.util.unit_conversion import TemperatureConverter, TemperatureDeltaConverter

from .capability import Capability
from .const import (
    ATTR_AREA_ID,
    ATTR_AREAS,
    ATTR_DELAY,
    ATTR_DETECTION_TYPE,
    ATTR_GROUP_ID,
    ATTR_MEASURED_AT,
    ATTR_MEASUREMENT,
    ATTR_MEASURING,
    ATTR_PRESET,
    ATTR_PRESET_ID,
    ATTR_THRESHOLD,
)
from .coordinator import (
    PRUNABLE,
    UNITS,
    AxisThermometryConfigEntry,
    Reading,
    Resource,
    ResourceKind,
    ThermometryCoordinator,
)
from .errors import async_write
from .vapix import Area, AreaStatus, Group, GroupStatus

_LOGGER = logging.getLogger(__name__)


def camera_degrees(
    hass: HomeAssistant, coordinator: ThermometryCoordinator, value: float, *, delta: bool
) -> float:
    """A temperature (or a difference) in Home Assistant's unit, in the camera's scale."""
    converter = TemperatureDeltaConverter if delta else TemperatureConverter
    camera_unit = UNITS[coordinator.data.config.scale]
    return converter.convert(value, hass.config.units.temperature_unit, camera_unit)


# Which DayNight channel is which on a two-channel (bispectral) camera: the visual sensor is
# the first video channel on Axis bispectral PTZ cameras, the thermal one the second.
DAYNIGHT_CHANNEL_NAMES: dict[int, str] = {0: "Visual", 1: "Thermal"}


def daynight_name(
    coordinator: ThermometryCoordinator, channel: int, translation_key: str | None
) -> tuple[str | None, dict[str, str]]:
    """Translation key and placeholders of a DayNight entity.

    A camera with one channel names no channel; one with two says which ("Thermal ...").
    """
    if translation_key is None or len(coordinator.data.config.daynight) <= 1:
        return translation_key, {}
    label = DAYNIGHT_CHANNEL_NAMES.get(channel, f"Channel {channel}")
    return f"{translation_key}_channel", {"channel": label}


def preset_attributes(coordinator: ThermometryCoordinator, preset: int) -> dict[str, Any]:
    """The preset an area belongs to, by name and number (nothing on fixed cameras)."""
    if not preset:
        return {}
    found = coordinator.data.config.presets.get(preset)
    return {ATTR_PRESET: found.name if found is not None else str(preset), ATTR_PRESET_ID: preset}


def resource_unique_id(serial: str, resource: Resource, key: str) -> str:
    """Unique id of an entity belonging to an area, group, spot meter, port, ..."""
    kind, number = resource
    return f"{serial}_{kind}_{number}_{key}"


class AxisThermometryEntity(CoordinatorEntity[ThermometryCoordinator]):
    """An entity of one camera; ``capabilities`` tie its availability to theirs."""

    _attr_has_entity_name = True
    capabilities: tuple[Capability, ...] = ()

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
        # What the entity showed when its state was last written (by any path).
        self._last_shown: tuple[Any, ...] | None = None
        self._writing: tuple[Any, ...] | None = None

    @callback
    def _handle_coordinator_update(self) -> None:
        """Write the state, unless the update changed nothing this entity shows.

        After a poll or an event (``changed`` set) an entity whose readings changed is still
        written only when its state or attributes did: at hundreds of cameras every write
        counts, an unchanged one included.
        """
        changed = self.coordinator.changed
        if changed is not None:
            if not self._affected_by(changed):
                return
            shown = self._shown_now()
            if shown == self._last_shown:
                return
            self._writing = shown  # what the write below shows: not computed twice
        super()._handle_coordinator_update()

    @callback
    def _async_write_ha_state(self) -> None:
        """Write the state, and remember what it shows."""
        super()._async_write_ha_state()
        self._last_shown = self._writing or self._shown_now()
        self._writing = None

    def _shown_now(self) -> tuple[Any, ...]:
        if not self.available:
            return (False,)
        return (True, self.state, self.extra_state_attributes)

    def _affected_by(self, changed: frozenset[Resource]) -> bool:
        """Whether an update of the readings ``changed`` (the configuration unchanged) shows.

        None of them by default: settings, presets and the camera's own entities change with
        the configuration or availability, which every entity is written for.
        """
        return False

    @property
    def available(self) -> bool:
        """While the camera answers and the capabilities the entity needs work."""
        return super().available and all(
            self.coordinator.capability_ok(capability) for capability in self.capabilities
        )

    @property
    def temperature_unit(self) -> UnitOfTemperature:
        """The unit the camera reports in right now."""
        return UNITS[self.coordinator.data.config.scale]

    @property
    def user_temperature_unit(self) -> UnitOfTemperature:
        """The unit Home Assistant shows temperatures in."""
        return self.hass.config.units.temperature_unit

    def to_user_unit(self, value: float, *, delta: bool = False) -> float:
        """A temperature (or a difference) in the camera's scale, in Home Assistant's unit."""
        converter = TemperatureDeltaConverter if delta else TemperatureConverter
        return round(converter.convert(value, self.temperature_unit, self.user_temperature_unit), 2)

    def from_user_unit(self, value: float, *, delta: bool = False) -> float:
        """A temperature (or a difference) in Home Assistant's unit, in the camera's scale."""
        return camera_degrees(self.hass, self.coordinator, value, delta=delta)

    async def async_write_setting(self, write: Awaitable[Any]) -> None:
        """Send a change, then re-read the configuration and settings it affects."""
        await async_write(write, self.coordinator.async_reread_configuration)


class ConfigEntity(AxisThermometryEntity):
    """A camera setting (isotherm, palette, scale, DayNight, guard tour, area rule)."""

    _attr_entity_category = EntityCategory.CONFIG


class ResourceEntity(AxisThermometryEntity):
    """An entity of one area, group, spot meter, preset, channel or port."""

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
        self.resource = resource
        self.resource_id = resource[1]

    def _affected_by(self, changed: frozenset[Resource]) -> bool:
        return self.resource in changed

    @property
    def available(self) -> bool:
        """Available while the camera answers and this resource's status could be read."""
        return super().available and self.resource not in self.coordinator.data.unreadable


def _reading_attributes(reading: Reading[Any] | None) -> dict[str, Any]:
    """Whether the camera measures it now and, when it does not, from when the reading is."""
    if reading is None:
        return {ATTR_MEASURING: False}
    if reading.measuring:
        return {ATTR_MEASURING: True}
    return {ATTR_MEASURING: False, ATTR_MEASURED_AT: reading.measured_at.isoformat()}


class AreaEntity(ResourceEntity):
    """An entity of one temperature area.

    The camera reports status only for enabled areas of the preset it stands on. An area it
    does not measure right now keeps its last reading (``measuring`` false, ``measured_at``);
    it is unavailable only when the camera cannot be read or the area is gone.
    """

    def __init__(
        self, coordinator: ThermometryCoordinator, description: EntityDescription, area_id: int
    ) -> None:
        """Name the entity after the area."""
        super().__init__(coordinator, description, ("area", area_id))
        self._area = coordinator.data.config.areas[area_id]
        self._attr_translation_placeholders = {"area": self._area.name}

    @property
    def area_config(self) -> Area:
        """The area's configuration (as last listed, while it is being removed)."""
        self._area = self.coordinator.data.config.areas.get(self.resource_id, self._area)
        return self._area

    @property
    def reading(self) -> AreaStatus | None:
        """The area's last status: now, or from before the camera turned to another preset."""
        reading = self.coordinator.data.areas.get(self.resource_id)
        return None if reading is None else reading.status

    @property
    def available(self) -> bool:
        """Available while the camera can be read and the area exists."""
        return super().available and self.resource_id in self.coordinator.data.config.areas

    def rule_attributes(self) -> dict[str, Any]:
        """The area's alarm rule and ids, and whether it is measured now."""
        area = self.area_config
        attributes: dict[str, Any] = {
            ATTR_AREA_ID: area.id,
            ATTR_DETECTION_TYPE: str(area.detection_type),
            ATTR_MEASUREMENT: str(area.measurement),
            ATTR_THRESHOLD: self.to_user_unit(area.threshold, delta=area.detection_type.is_rate),
            ATTR_DELAY: area.delay,
        }
        attributes |= preset_attributes(self.coordinator, area.preset)
        reading = self.coordinator.data.areas.get(self.resource_id)
        return attributes | _reading_attributes(reading)


class AreaSettingEntity(AreaEntity):
    """A setting of one area; available while the area exists, on whatever preset."""

    _attr_entity_category = EntityCategory.CONFIG

    def _affected_by(self, changed: frozenset[Resource]) -> bool:
        return False  # settings change with the configuration only, not the area's readings

    @property
    def available(self) -> bool:
        """Available while the area exists (its settings can change off-preset too)."""
        return (
            self.coordinator.last_update_success
            and self.resource_id in self.coordinator.data.config.areas
        )

    async def async_update_area(self, **changes: Any) -> None:
        """Change the area on the camera; the rest of its settings stay as the camera has them."""
        await self.async_write_setting(
            self.coordinator.device.thermometry.update_area(self.resource_id, changes)
        )


class GroupEntity(ResourceEntity):
    """An entity of one area group; like an area, it keeps its last reading off-preset."""

    capabilities = (Capability.GROUPS,)

    def __init__(
        self, coordinator: ThermometryCoordinator, description: EntityDescription, group_id: int
    ) -> None:
        """Name the entity after the group."""
        super().__init__(coordinator, description, ("group", group_id))
        self._group = coordinator.data.config.groups[group_id]
        self._attr_translation_placeholders = {"group": self._group.name}

    @property
    def group_config(self) -> Group:
        """The group's configuration (as last listed, while it is being removed)."""
        self._group = self.coordinator.data.config.groups.get(self.resource_id, self._group)
        return self._group

    @property
    def reading(self) -> GroupStatus | None:
        """The group's last status."""
        reading = self.coordinator.data.groups.get(self.resource_id)
        return None if reading is None else reading.status

    def rule_attributes(self) -> dict[str, Any]:
        """The group's rule and id, its member areas, and whether it is evaluated now."""
        group = self.group_config
        reading = self.coordinator.data.groups.get(self.resource_id)
        return {
            ATTR_GROUP_ID: group.id,
            ATTR_THRESHOLD: self.to_user_unit(group.threshold, delta=True),
            ATTR_DELAY: group.delay,
            ATTR_AREAS: list(group.area_ids),
        } | _reading_attributes(reading)

    @property
    def available(self) -> bool:
        """Available while the camera's groups can be read and the group exists."""
        return super().available and self.resource_id in self.coordinator.data.config.groups


type EntityFactory = Callable[[ThermometryCoordinator, int], Iterable[Entity]]


def async_add_resource_entities(
    entry: AxisThermometryConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
    factories: Mapping[ResourceKind, EntityFactory],
) -> None:
    """Add entities for every resource now, and for new ones as they appear on the camera.

    ``factories`` builds a platform's entities for one resource by number. A capability that
    works for the first time after setup brings its entities this way, without a reload.
    """
    runtime = entry.runtime_data
    coordinator = runtime.coordinator
    known: set[Resource] = set()

    @callback
    def add_new() -> None:
        if coordinator.changed is not None:
            return  # only readings changed: no resource came or went
        current = {r for r in coordinator.data.config.resources if r[0] in factories}
        known.intersection_update(current)  # removed ones may come back later
        if new := current - known:
            known.update(new)
            entities = []
            for resource in sorted(new):
                made = list(factories[resource[0]](coordinator, resource[1]))
                runtime.owned.setdefault(resource, set()).update(
                    entity.unique_id for entity in made if entity.unique_id
                )
                entities.extend(made)
            async_add_entities(entities)

    add_new()
    entry.async_on_unload(coordinator.async_add_listener(add_new))


def async_prune_entities(hass: HomeAssistant, entry: AxisThermometryConfigEntry) -> None:
    """Remove entities of areas, groups, ports, ... the camera no longer has, now and later.

    Works from the entity registry's records of this entry: an entity of a resource kind is
    stale when the camera's list of that kind was read and the entity is not one of those the
    integration made for a resource on it. Nothing is pruned while another device answers at
    the camera's address, nor for a kind whose list has never been read.
    """
    runtime = entry.runtime_data
    coordinator = runtime.coordinator
    registry = er.async_get(hass)
    prefixes = {kind: f"{coordinator.serial}_{kind}_" for kind in PRUNABLE}

    @callback
    def prune() -> None:
        if coordinator.changed is not None:
            return
        if coordinator.wrong_serial is not None or not coordinator.last_update_success:
            return
        config = coordinator.data.config
        current = config.resources
        for resource in [r for r in runtime.owned if r not in current]:
            del runtime.owned[resource]
        owned = set().union(*runtime.owned.values()) if runtime.owned else set()
        read = {
            kind
            for kind, capability in PRUNABLE.items()
            if capability is None or capability in config.known
        }
        for registry_entry in er.async_entries_for_config_entry(registry, entry.entry_id):
            unique_id = registry_entry.unique_id
            if unique_id in owned:
                continue
            if any(unique_id.startswith(prefixes[kind]) for kind in read):
                _LOGGER.debug("Removing %s: the camera no longer has it", registry_entry.entity_id)
                registry.async_remove(registry_entry.entity_id)

    prune()
    entry.async_on_unload(coordinator.async_add_listener(prune))
