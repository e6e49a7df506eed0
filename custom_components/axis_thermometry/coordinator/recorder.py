"""exacqVision servers: the client, the poll of camera status and soft triggers, the devices.

A server is one config entry. Its cameras, their mechanical PTZ presets and its soft triggers
are read on setup and every :data:`CONFIGURATION_REFRESH`; a change there reloads the entry so
entities and devices follow. Status (motion, video loss, trigger states) and active events are
polled every :data:`POLL_INTERVAL`.
"""

import asyncio
from collections import deque
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
import logging
import time
from typing import Any, TypeIs

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ConfigEntryAuthFailed
from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator, UpdateFailed

from .. import const
from ..const import (
    CONF_DEVICE_TYPE,
    DEVICE_TYPE_EXACQ,
    DOMAIN,
    EXACQ_CAMERA_MODEL,
    EXACQ_MANUFACTURER,
    EXACQ_SERVER_MODEL,
    POLL_INTERVAL,
)
from ..errors import ErrorKind, describe_exacq
from ..exacq import (
    ActiveEvent,
    Camera,
    EventType,
    ExacqAuthorizationError,
    ExacqClient,
    ExacqError,
    ExacqNotSupportedError,
    ExacqRequestError,
    PtzPreset,
    ServerInfo,
    SoftTrigger,
    Status,
)
from ..helpers import configuration_due, connection, first_error
from ..issues import WrongDeviceError, async_right_device, async_wrong_device

_LOGGER = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True, kw_only=True)
class ExacqInventory:
    """What the server records and offers; re-read rarely."""

    server: ServerInfo
    cameras: Mapping[str, Camera]
    presets: Mapping[str, tuple[PtzPreset, ...]]
    triggers: Mapping[str, SoftTrigger]
    read_at: float = field(default_factory=time.monotonic, compare=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class ExacqData:
    """One poll."""

    inventory: ExacqInventory
    status: Status
    events: tuple[ActiveEvent, ...] = ()

    def _event(self, camera_id: str, kind: EventType) -> bool:
        return any(e.event_type == kind and e.source_id == camera_id for e in self.events)

    def motion(self, camera_id: str) -> bool | None:
        """Motion on the camera: its status, or an active motion event; None if not reported."""
        status = self.status.cameras.get(camera_id)
        if status is None or status.motion is None:
            return None
        return status.motion or self._event(camera_id, EventType.VIDEO_MOTION)

    def video_loss(self, camera_id: str) -> bool | None:
        """Video loss of the camera, as for :meth:`motion`."""
        status = self.status.cameras.get(camera_id)
        if status is None or status.video_loss is None:
            return None
        return status.video_loss or self._event(camera_id, EventType.VIDEO_LOSS)


type ExacqConfigEntry = ConfigEntry[ExacqRuntime]


@dataclass(frozen=True, slots=True)
class AlarmMoment:
    """A temperature alarm that started on a camera the server records."""

    time: datetime
    area: str


@dataclass(slots=True)
class ExacqRuntime:
    """What a loaded exacqVision entry holds (``entry.runtime_data``)."""

    client: ExacqClient
    coordinator: ExacqCoordinator
    unique_ids: set[str] = field(default_factory=set)  # of the entities set up
    # What must be undone when Home Assistant stops (soft triggers held on).
    releasers: set[Callable[[], Awaitable[None]]] = field(default_factory=set)
    # Recent temperature alarms per recorded camera id, newest first.
    alarm_moments: dict[str, deque[AlarmMoment]] = field(default_factory=dict)
    # Recordings being played (their searches are open on the server).
    playing: set[asyncio.Task[Any]] = field(default_factory=set)

    async def async_release_and_logout(self) -> None:
        """Stop playing recordings, release what is held on the server, end the session."""
        await self.async_stop_playing()
        await asyncio.gather(*(release() for release in self.releasers))
        await async_logout(self.client)

    async def async_stop_playing(self) -> None:
        """End every recording being played; each closes its search on the way out."""
        for task in self.playing:
            task.cancel()
        await asyncio.gather(*self.playing, return_exceptions=True)


def is_exacq(entry: ConfigEntry[Any]) -> TypeIs[ExacqConfigEntry]:
    """Whether ``entry`` is an exacqVision server (not an Axis camera)."""
    return entry.data.get(CONF_DEVICE_TYPE) == DEVICE_TYPE_EXACQ


def create_exacq_client(hass: HomeAssistant, data: Mapping[str, object]) -> ExacqClient:
    """A client for the server described by config entry data, on the shared session."""
    session, host, options = connection(hass, data)
    return ExacqClient(session, host, timeout=const.REQUEST_TIMEOUT, **options)


async def async_logout(client: ExacqClient) -> None:
    """End the client's session; a server that cannot be reached ends it by itself."""
    try:
        await client.logout()
    except ExacqError as err:
        _LOGGER.debug("Logout from %s failed: %s", client.base_url.host, err)


def camera_identifier(serial: str, camera_id: str) -> tuple[str, str]:
    """The device registry identifier of a camera recorded by server ``serial``."""
    return DOMAIN, f"{serial}_camera_{camera_id}"


class ExacqCoordinator(DataUpdateCoordinator[ExacqData]):
    """Poll status and active events of one server's cameras and soft triggers."""

    config_entry: ExacqConfigEntry

    def __init__(self, hass: HomeAssistant, entry: ExacqConfigEntry, client: ExacqClient) -> None:
        """Poll ``client`` every :data:`POLL_INTERVAL`."""
        super().__init__(
            hass,
            _LOGGER,
            config_entry=entry,
            name=entry.title,
            update_interval=POLL_INTERVAL,
            always_update=False,
        )
        self.client = client
        self.server_device_id = ""  # the server's device registry id, set on setup
        self._inventory: ExacqInventory | None = None
        self._reread_inventory = False
        self._events_supported = True
        self.wrong_serial: str | None = None  # of another server found at the address

    @property
    def inventory(self) -> ExacqInventory:
        """Cameras, presets and soft triggers as last read."""
        return self.data.inventory

    @property
    def serial(self) -> str:
        """The server's serial number; prefix of every unique id."""
        return self.inventory.server.serial

    @property
    def server_device_info(self) -> DeviceInfo:
        """The recording server as a Home Assistant device."""
        server = self.inventory.server
        return DeviceInfo(
            identifiers={(DOMAIN, server.serial)},
            manufacturer=EXACQ_MANUFACTURER,
            model=server.model or EXACQ_SERVER_MODEL,
            name=server.name,
            serial_number=server.serial,
            sw_version=server.version,
            configuration_url=str(self.client.base_url),
        )

    def camera_device_info(self, camera: Camera) -> DeviceInfo:
        """A recorded camera as a device connected through the server's device."""
        return DeviceInfo(
            identifiers={camera_identifier(self.serial, camera.camera_id)},
            manufacturer=EXACQ_MANUFACTURER,
            model=EXACQ_CAMERA_MODEL,
            name=camera.name,
            via_device_id=self.server_device_id,
        )

    def request_configuration_refresh(self) -> None:
        """Re-read cameras, presets and soft triggers on the next poll."""
        self._reread_inventory = True

    def _check_server(self) -> None:
        """Raise :class:`WrongDeviceError` if the client is logged in to another server.

        The client logs in again whenever its session ends, so this follows every recovery.
        """
        server = self.client.server
        expected = self.config_entry.unique_id
        if server is not None and expected is not None and server.serial != expected:
            raise WrongDeviceError(server.serial)

    async def _read_inventory(self) -> ExacqInventory:
        client = self.client
        server = client.server or await client.login()
        self._check_server()

        async def presets(camera_id: str) -> tuple[PtzPreset, ...]:
            try:
                return await client.ptz_presets(camera_id)
            except ExacqNotSupportedError, ExacqRequestError, ExacqAuthorizationError:
                return ()  # a fixed camera, or a user without PTZ rights

        cameras = [camera for camera in await client.cameras() if camera.enabled]
        async with asyncio.TaskGroup() as group:
            preset_reads = [group.create_task(presets(camera.camera_id)) for camera in cameras]
            triggers = group.create_task(client.soft_triggers())
        return ExacqInventory(
            server=server,
            cameras={camera.camera_id: camera for camera in cameras},
            presets={
                camera.camera_id: read.result()
                for camera, read in zip(cameras, preset_reads, strict=True)
                if read.result()
            },
            triggers={trigger.trigger_id: trigger for trigger in triggers.result()},
        )

    async def _read_events(self) -> tuple[ActiveEvent, ...]:
        if not self._events_supported:
            return ()
        try:
            return await self.client.active_events()
        except ExacqNotSupportedError:
            _LOGGER.debug("%s offers no active events; using status alone", self.name)
            self._events_supported = False
            return ()

    async def _read(self) -> tuple[ExacqInventory, Status, tuple[ActiveEvent, ...]]:
        if self.wrong_serial is not None:
            await self.client.login()  # nothing is read until this server answers again
            self._check_server()
        inventory = self._inventory
        if inventory is None or self._reread_inventory or configuration_due(inventory.read_at):
            inventory = await self._read_inventory()
            self._reread_inventory = False
        async with asyncio.TaskGroup() as group:
            status = group.create_task(
                self.client.status(list(inventory.cameras), list(inventory.triggers))
            )
            events = group.create_task(self._read_events())
        self._check_server()  # the client may have logged in again meanwhile
        return inventory, status.result(), events.result()

    async def _async_update_data(self) -> ExacqData:
        try:
            inventory, status, events = await self._read()
        except* WrongDeviceError as group:
            found = first_error(group).serial
            failure = async_wrong_device(
                self.hass, self.config_entry, found, reported=self.wrong_serial
            )
            self.wrong_serial = found
            await async_logout(self.client)  # the next poll logs in afresh: is the server back?
            raise failure from None
        except* ExacqError as group:
            description = describe_exacq(first_error(group))
            if description.kind is ErrorKind.AUTHENTICATION:
                raise ConfigEntryAuthFailed(**description.kwargs) from None
            raise UpdateFailed(**description.kwargs) from None
        async_right_device(self.hass, self.config_entry, self.wrong_serial)
        self.wrong_serial = None
        if self._inventory is not None and inventory != self._inventory:
            # Cameras, presets or triggers came, went or were renamed: entities follow.
            _LOGGER.debug("%s: cameras, presets or soft triggers changed; reloading", self.name)
            self.hass.config_entries.async_schedule_reload(self.config_entry.entry_id)
        self._inventory = inventory
        return ExacqData(inventory=inventory, status=status, events=events)
