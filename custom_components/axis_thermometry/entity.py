"""Base entities, and the bookkeeping that adds and removes entities as the camera changes.

An entity follows the configuration coordinator (names, rules, settings), and the readings
coordinator for the resources whose readings it shows (an area, a group, a relay, ...). On
each update it works out what it shows and writes its state only when that changed: at
hundreds of cameras an unchanged write is what makes the event loop lag.
"""

from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass
import logging
from typing import Any

from homeassistant.const import EntityCategory, UnitOfTemperature
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.entity import Entity, EntityDescription
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.restore_state import ExtraStoredData, RestoreEntity
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
from .coordinator import AxisThermometryRuntime, CameraConfigEntry
from .errors import ShowTemperature, async_write, finite
from .models import (
    PRUNABLE,
    UNITS,
    Reading,
    Resource,
    ResourceKind,
    ThermometryConfig,
    reading_shown,
    restored_reading,
    stored_reading,
)
from .vapix import Area, AreaStatus, Group, GroupStatus

_LOGGER = logging.getLogger(__name__)


def camera_degrees(
    hass: HomeAssistant, config: ThermometryConfig, value: float, *, delta: bool
) -> float:
    """A temperature (or a difference) in Home Assistant's unit, in the camera's scale."""
    converter = TemperatureDeltaConverter if delta else TemperatureConverter
    return converter.convert(value, hass.config.units.temperature_unit, UNITS[config.scale])


def user_degrees(
    hass: HomeAssistant, config: ThermometryConfig, value: float, *, delta: bool
) -> float:
    """A temperature (or a difference) in the camera's scale, in Home Assistant's unit."""
    converter = TemperatureDeltaConverter if delta else TemperatureConverter
    return converter.convert(value, UNITS[config.scale], hass.config.units.temperature_unit)


def setting_degrees(
    hass: HomeAssistant, config: ThermometryConfig, value: float, *, delta: bool
) -> float:
    """A setting of the camera's (whole degrees of its scale) as shown: Home Assistant's unit.

    To a tenth, as a float in either scale and never ``-0.0``: a scale switch that keeps the
    value, or a value converted to zero, is no change of state.
    """
    return round(float(user_degrees(hass, config, value, delta=delta)), 1) + 0.0


def shown_setting(
    hass: HomeAssistant, runtime: AxisThermometryRuntime, key: str, value: float, *, delta: bool
) -> float:
    """A temperature setting as the user sees it: as typed while the camera keeps it (AsSet)."""
    config = runtime.configuration.data
    unit = hass.config.units.temperature_unit
    typed = runtime.as_set.value(key, config.scale, value, unit)
    return typed if typed is not None else setting_degrees(hass, config, value, delta=delta)


def camera_setting(
    hass: HomeAssistant,
    runtime: AxisThermometryRuntime,
    key: str | None,
    value: float,
    *,
    delta: bool,
) -> float:
    """A temperature the user gave for a setting, in the camera's whole degrees.

    In the camera's own scale it is kept as given (the client checks it); a converted one is
    rounded, and remembered as typed under ``key`` (None: a setting not yet on the camera).
    """
    finite(value)
    config = runtime.configuration.data
    unit = hass.config.units.temperature_unit
    if unit == UNITS[config.scale]:
        return value
    sent = round(camera_degrees(hass, config, value, delta=delta))
    if key is not None:
        runtime.as_set.remember(key, config.scale, sent, unit, value)
    return sent


def show_temperature(hass: HomeAssistant, config: ThermometryConfig) -> ShowTemperature:
    """How an error shows a temperature of the camera's: in Home Assistant's unit."""
    unit = hass.config.units.temperature_unit

    def show(value: float, difference: bool) -> str:
        return f"{round(user_degrees(hass, config, value, delta=difference))} {unit}"

    return show


def daynight_name(
    config: ThermometryConfig, channel: int, translation_key: str | None
) -> tuple[str | None, dict[str, str]]:
    """Translation key and placeholders of a DayNight entity.

    A camera with one channel names no channel; a bispectral one says which ("Thermal ...",
    "Visual ..."): DayNight's channel is the image source, thermal where the thermometry is.
    """
    if translation_key is None or len(config.daynight) <= 1:
        return translation_key, {}
    label = "Thermal" if channel in config.thermal_sources else "Visual"
    return f"{translation_key}_channel", {"channel": label}


def preset_attributes(config: ThermometryConfig, preset: int) -> dict[str, Any]:
    """The preset an area belongs to, by name and number (None on fixed cameras)."""
    if not preset:
        return {ATTR_PRESET: None, ATTR_PRESET_ID: None}
    found = config.presets.get(preset)
    return {ATTR_PRESET: found.name if found is not None else str(preset), ATTR_PRESET_ID: preset}


def isotherm_key(field: str) -> str:
    """What an isotherm level is remembered as, once typed (AsSet): by its action field."""
    return f"isotherm_{field}"


def threshold_key(resource: Resource) -> str:
    """What an area's or group's threshold is remembered as, once typed (AsSet)."""
    kind, number = resource
    return f"{kind}_{number}_threshold"


def resource_unique_id(serial: str, resource: Resource, key: str) -> str:
    """Unique id of an entity belonging to an area, group, spot meter, port, ..."""
    kind, number = resource
    return f"{serial}_{kind}_{number}_{key}"


class AxisThermometryEntity(Entity):
    """An entity of one camera; ``capabilities`` tie its availability to theirs."""

    _attr_has_entity_name = True
    _attr_should_poll = False
    capabilities: tuple[Capability, ...] = ()

    def __init__(
        self,
        runtime: AxisThermometryRuntime,
        description: EntityDescription,
        unique_id: str | None = None,
    ) -> None:
        """Attach to the camera's device; the unique id defaults to serial + description key."""
        self.runtime = runtime
        self.configuration = runtime.configuration
        self.readings = runtime.readings
        self.device = runtime.device
        self.entity_description = description
        self._attr_unique_id = unique_id or f"{self.configuration.serial}_{description.key}"
        self._attr_device_info = self.configuration.device_info
        self._last_shown: tuple[Any, ...] | None = None  # what the last state write showed

    @property
    def config(self) -> ThermometryConfig:
        """The camera's configuration in force."""
        return self.configuration.data

    def resources(self) -> Iterable[Resource]:
        """Whose readings the entity shows (none: settings and the camera's own entities)."""
        return ()

    async def async_added_to_hass(self) -> None:
        """Follow the configuration, and the readings of this entity's resources.

        Home Assistant writes the first state right after this: what it shows is noted now.
        """
        await super().async_added_to_hass()
        self.async_on_remove(self.configuration.async_add_listener(self._async_updated))
        self.async_on_remove(self.readings.async_subscribe(self.resources(), self._async_updated))
        self._last_shown = self._shows()

    @callback
    def _async_updated(self) -> None:
        """Write the state when what the entity shows changed."""
        shown = self._shows()
        if shown != self._last_shown:
            self._last_shown = shown
            self.async_write_ha_state()

    @callback
    def async_write_shown(self) -> None:
        """Write the state now (after an action or an event), noting what it shows."""
        self._last_shown = self._shows()
        self.async_write_ha_state()

    def _shows(self) -> tuple[Any, ...]:
        if not self.available:
            return (False,)
        return (True, self.state, self.extra_state_attributes)

    async def async_update(self) -> None:
        """Poll the camera now (``homeassistant.update_entity``, e.g. with polling disabled)."""
        await self.readings.async_request_refresh()

    @property
    def camera_available(self) -> bool:
        """Whether the camera answers (and is not away restarting)."""
        readings = self.readings
        return (
            readings.last_update_success
            and self.configuration.last_update_success
            and not readings.restarting
        )

    @property
    def available(self) -> bool:
        """While the camera answers and the capabilities the entity needs work."""
        return self.camera_available and all(
            self.readings.capability_ok(capability) for capability in self.capabilities
        )

    @property
    def temperature_unit(self) -> UnitOfTemperature:
        """The unit the camera reports in right now."""
        return UNITS[self.config.scale]

    @property
    def user_temperature_unit(self) -> UnitOfTemperature:
        """The unit Home Assistant shows temperatures in."""
        return self.hass.config.units.temperature_unit

    def to_user_unit(self, value: float, *, delta: bool = False) -> float:
        """A temperature (or a difference) in the camera's scale, in Home Assistant's unit."""
        return round(user_degrees(self.hass, self.config, value, delta=delta), 2) + 0.0

    def from_user_unit(self, value: float, *, delta: bool = False) -> float:
        """A temperature (or a difference) in Home Assistant's unit, in the camera's scale."""
        return camera_degrees(self.hass, self.config, value, delta=delta)

    def shown_setting(self, key: str, value: float, *, delta: bool = False) -> float:
        """A temperature setting of the camera's, as the user sees it (see ``shown_setting``)."""
        return shown_setting(self.hass, self.runtime, key, value, delta=delta)

    def camera_setting(self, key: str, value: float, *, delta: bool = False) -> int:
        """A temperature setting typed in Home Assistant's unit, in the camera's whole degrees."""
        return round(camera_setting(self.hass, self.runtime, key, value, delta=delta))

    async def async_write_setting(self, write: Awaitable[Any]) -> None:
        """Send a change, then re-read the configuration and settings it affects."""
        await async_write(
            write,
            self.readings.async_reread_configuration,
            show=show_temperature(self.hass, self.config),
        )


class ConfigEntity(AxisThermometryEntity):
    """A camera setting (isotherm, palette, scale, DayNight, guard tour, area rule)."""

    _attr_entity_category = EntityCategory.CONFIG

    async def async_update(self) -> None:
        """Read the settings again, and poll."""
        await self.readings.async_reread_configuration()


class ResourceEntity(AxisThermometryEntity):
    """An entity of one area, group, spot meter, preset, channel or port."""

    def __init__(
        self,
        runtime: AxisThermometryRuntime,
        description: EntityDescription,
        resource: Resource,
    ) -> None:
        """Attach to the camera's device and remember the resource."""
        super().__init__(
            runtime,
            description,
            resource_unique_id(runtime.configuration.serial, resource, description.key),
        )
        self.resource = resource
        self.resource_id = resource[1]

    def resources(self) -> Iterable[Resource]:
        """This resource's readings."""
        return (self.resource,)

    @property
    def available(self) -> bool:
        """Available while the camera answers and this resource's status could be read."""
        return super().available and self.resource not in self.readings.data.unreadable


@dataclass(frozen=True, slots=True)
class StoredReading(ExtraStoredData):
    """An area's or group's last reading, kept by Home Assistant across its restarts."""

    stored: dict[str, Any]

    def as_dict(self) -> dict[str, Any]:
        """The reading as JSON."""
        return self.stored


class RestoresReading(ResourceEntity, RestoreEntity):
    """Keeps its area's or group's last reading across restarts of Home Assistant.

    Restored, the reading shows on every entity of the area (``measuring`` false, its
    ``measured_at``) until the camera measures it again: a PTZ camera's areas of other
    presets no longer start "unknown". One entity per area or group keeps it (its alarm).
    """

    @property
    def extra_restore_state_data(self) -> StoredReading | None:
        """The reading shown now."""
        kind, item_id = self.resource
        reading = self.readings.area(item_id) if kind == "area" else self.readings.group(item_id)
        return (
            None if reading is None else StoredReading(stored_reading(reading, self.config.scale))
        )

    async def async_added_to_hass(self) -> None:
        """Show the reading from before the restart, unless the camera measured it since."""
        await super().async_added_to_hass()
        stored = await self.async_get_last_extra_data()
        if stored is not None and (
            reading := restored_reading(self.resource, stored.as_dict(), self.config.scale)
        ):
            self.readings.restore(self.resource, reading)


def _reading_attributes(reading: Reading[Any] | None) -> dict[str, Any]:
    """:func:`reading_shown` as attributes."""
    measuring, measured_at = reading_shown(reading)
    return {
        ATTR_MEASURING: measuring,
        ATTR_MEASURED_AT: None if measured_at is None else measured_at.isoformat(),
    }


class AreaEntity(ResourceEntity):
    """An entity of one temperature area.

    The camera reports status only for enabled areas of the preset it stands on. An area it
    does not measure right now keeps its last reading (``measuring`` false, ``measured_at``);
    it is unavailable only when the camera cannot be read or the area is gone.
    """

    def __init__(
        self, runtime: AxisThermometryRuntime, description: EntityDescription, area_id: int
    ) -> None:
        """Name the entity after the area."""
        super().__init__(runtime, description, ("area", area_id))
        self._area = runtime.configuration.data.areas[area_id]
        self._attr_translation_placeholders = {"area": self._area.name}
        # The rule's attributes, and the configuration and settings they were made of.
        self._rule: tuple[ThermometryConfig, tuple[Any, ...], dict[str, Any]] | None = None

    @property
    def area_config(self) -> Area:
        """The area's configuration (as last listed, while it is being removed)."""
        self._area = self.config.areas.get(self.resource_id, self._area)
        return self._area

    @property
    def reading(self) -> AreaStatus | None:
        """The area's last status: now, or from before the camera turned to another preset."""
        reading = self.readings.area(self.resource_id)
        return None if reading is None else reading.status

    @property
    def available(self) -> bool:
        """Available while the camera can be read and the area exists."""
        return super().available and self.resource_id in self.config.areas

    def rule_attributes(self) -> dict[str, Any]:
        """The area's alarm rule and ids, and whether it is measured now."""
        return self.rule() | _reading_attributes(self.readings.area(self.resource_id))

    def rule(self) -> dict[str, Any]:
        """The area's alarm rule and ids as attributes: the same object until it changes.

        Made again only when what it is made of changes (the configuration, Home
        Assistant's unit, the threshold as typed): it is asked for with every reading.
        """
        key = threshold_key(self.resource)
        config = self.config  # every read is a new object: compared by identity
        made_of = (self.user_temperature_unit, self.runtime.as_set.typed.get(key))
        if self._rule is None or self._rule[0] is not config or self._rule[1] != made_of:
            area = self.area_config
            rule: dict[str, Any] = {
                ATTR_AREA_ID: area.id,
                ATTR_DETECTION_TYPE: str(area.detection_type),
                ATTR_MEASUREMENT: str(area.measurement),
                ATTR_THRESHOLD: self.shown_setting(
                    key, area.threshold, delta=area.detection_type.is_rate
                ),
                ATTR_DELAY: area.delay,
            }
            self._rule = (config, made_of, rule | preset_attributes(config, area.preset))
        return self._rule[2]


class AreaSettingEntity(AreaEntity):
    """A setting of one area; available while the area exists, on whatever preset."""

    _attr_entity_category = EntityCategory.CONFIG

    def resources(self) -> Iterable[Resource]:
        """None: settings change with the configuration, not with the area's readings."""
        return ()

    @property
    def available(self) -> bool:
        """Available while the area exists (its settings can change off-preset too)."""
        return self.camera_available and self.resource_id in self.config.areas

    async def async_update_area(self, **changes: Any) -> None:
        """Change the area on the camera; the rest of its settings stay as the camera has them."""
        await self.async_write_setting(
            self.device.thermometry.update_area(self.resource_id, changes)
        )


class GroupEntity(ResourceEntity):
    """An entity of one area group; like an area, it keeps its last reading off-preset."""

    capabilities = (Capability.GROUPS,)

    def __init__(
        self, runtime: AxisThermometryRuntime, description: EntityDescription, group_id: int
    ) -> None:
        """Name the entity after the group."""
        super().__init__(runtime, description, ("group", group_id))
        self._group = runtime.configuration.data.groups[group_id]
        self._attr_translation_placeholders = {"group": self._group.name}

    @property
    def group_config(self) -> Group:
        """The group's configuration (as last listed, while it is being removed)."""
        self._group = self.config.groups.get(self.resource_id, self._group)
        return self._group

    @property
    def reading(self) -> GroupStatus | None:
        """The group's last status."""
        reading = self.readings.group(self.resource_id)
        return None if reading is None else reading.status

    def rule_attributes(self) -> dict[str, Any]:
        """The group's rule and id, its member areas, and whether it is evaluated now."""
        group = self.group_config
        return {
            ATTR_GROUP_ID: group.id,
            ATTR_THRESHOLD: self.shown_setting(
                threshold_key(self.resource), group.threshold, delta=True
            ),
            ATTR_DELAY: group.delay,
            ATTR_AREAS: list(group.area_ids),
        } | _reading_attributes(self.readings.group(self.resource_id))

    @property
    def available(self) -> bool:
        """Available while the camera's groups can be read and the group exists."""
        return super().available and self.resource_id in self.config.groups


type EntityFactory = Callable[[AxisThermometryRuntime, int], Iterable[Entity]]


def async_add_resource_entities(
    entry: CameraConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
    factories: Mapping[ResourceKind, EntityFactory],
) -> None:
    """Add entities for every resource now, and for new ones as they appear on the camera.

    ``factories`` builds a platform's entities for one resource by number. A capability that
    works for the first time after setup brings its entities this way, without a reload.
    """
    runtime = entry.runtime_data
    configuration = runtime.configuration
    known: set[Resource] = set()

    @callback
    def add_new() -> None:
        current = {r for r in configuration.data.resources if r[0] in factories}
        known.intersection_update(current)  # removed ones may come back later
        if new := current - known:
            known.update(new)
            entities = []
            for resource in sorted(new):
                made = list(factories[resource[0]](runtime, resource[1]))
                runtime.owned.setdefault(resource, set()).update(
                    entity.unique_id for entity in made if entity.unique_id
                )
                entities.extend(made)
            async_add_entities(entities)

    add_new()
    entry.async_on_unload(configuration.async_add_listener(add_new))


def async_prune_entities(hass: HomeAssistant, entry: CameraConfigEntry) -> None:
    """Remove entities of areas, groups, ports, ... the camera no longer has, now and later.

    Works from the entity registry's records of this entry: an entity of a resource kind is
    stale when the camera's list of that kind was read and the entity is not one of those the
    integration made for a resource on it. Nothing is pruned while another device answers at
    the camera's address, nor for a kind whose list has never been read.
    """
    runtime = entry.runtime_data
    configuration = runtime.configuration
    registry = er.async_get(hass)
    prefixes = {kind: f"{configuration.serial}_{kind}_" for kind in PRUNABLE}

    @callback
    def prune() -> None:
        if configuration.wrong_serial is not None or not configuration.last_update_success:
            return
        config = configuration.data
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
    entry.async_on_unload(configuration.async_add_listener(prune))
