"""Base entities of exacqVision servers, and the bookkeeping that removes stale ones."""

from collections.abc import Iterable

from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import device_registry as dr, entity_registry as er
from homeassistant.helpers.entity import Entity, EntityDescription
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.update_coordinator import CoordinatorEntity

from .const import DOMAIN
from .coordinator import ExacqConfigEntry, ExacqCoordinator, camera_identifier
from .exacq import Camera


class ExacqEntity(CoordinatorEntity[ExacqCoordinator]):
    """An entity of the recording server itself."""

    _attr_has_entity_name = True

    def __init__(
        self, coordinator: ExacqCoordinator, description: EntityDescription, key: str | None = None
    ) -> None:
        """Attach to the server's device; the unique id is serial + ``key`` (or the key)."""
        super().__init__(coordinator)
        self.entity_description = description
        self._attr_unique_id = f"{coordinator.serial}_{key or description.key}"
        self._attr_device_info = coordinator.server_device_info


class ExacqCameraEntity(ExacqEntity):
    """An entity of one camera the server records; its device sits under the server's."""

    def __init__(
        self,
        coordinator: ExacqCoordinator,
        description: EntityDescription,
        camera: Camera,
        key: str | None = None,
    ) -> None:
        """Attach to the camera's device."""
        super().__init__(
            coordinator, description, f"camera_{camera.camera_id}_{key or description.key}"
        )
        self.camera = camera
        self._attr_device_info = coordinator.camera_device_info(camera)

    @property
    def available(self) -> bool:
        """Available while the server answers and still records the camera."""
        return super().available and self.camera.camera_id in self.coordinator.inventory.cameras


def async_add_exacq_entities(
    entry: ExacqConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
    entities: Iterable[Entity],
) -> None:
    """Add a platform's entities, noting their unique ids for :func:`async_prune_exacq`."""
    added = list(entities)
    entry.runtime_data.unique_ids.update(e.unique_id for e in added if e.unique_id)
    async_add_entities(added)


@callback
def async_prune_exacq(hass: HomeAssistant, entry: ExacqConfigEntry) -> None:
    """Remove entities and camera devices the server no longer has (after platform setup)."""
    runtime = entry.runtime_data
    entities = er.async_get(hass)
    for registry_entry in er.async_entries_for_config_entry(entities, entry.entry_id):
        if registry_entry.unique_id not in runtime.unique_ids:
            entities.async_remove(registry_entry.entity_id)
    coordinator = runtime.coordinator
    wanted = {(DOMAIN, coordinator.serial)} | {
        camera_identifier(coordinator.serial, camera_id)
        for camera_id in coordinator.inventory.cameras
    }
    devices = dr.async_get(hass)
    for device in dr.async_entries_for_config_entry(devices, entry.entry_id):
        if not device.identifiers & wanted:
            devices.async_remove_device(device.id)
