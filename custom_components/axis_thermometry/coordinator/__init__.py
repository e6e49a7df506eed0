"""The coordinators, and what a loaded config entry holds.

Per Axis camera two, as reolink and lamarzocco have: :class:`ConfigurationCoordinator` (what
the camera is and is configured to measure; every 10 minutes and on demand) and
:class:`ReadingsCoordinator` (the 5 s poll of area status, group status, spot meters,
position and relays, which the event stream feeds in between). Per exacqVision server one,
:class:`ExacqCoordinator`. Each entry type has its own typed ``runtime_data``
(:data:`CameraConfigEntry`, :data:`ExacqConfigEntry`); what Home Assistant calls for both takes
:data:`AxisThermometryConfigEntry`, either, told apart by :func:`is_exacq`.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
import logging

import aiohttp
from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant
from homeassistant.helpers.aiohttp_client import async_create_clientsession

from .. import const
from ..capability import CapabilityHealth
from ..helpers import connection
from ..models import AsSet, Resource
from ..vapix import AxisDevice
from .configuration import ConfigurationCoordinator
from .readings import ReadingsCoordinator
from .recorder import (
    AlarmMoment,
    ExacqConfigEntry,
    ExacqCoordinator,
    ExacqData,
    ExacqRuntime,
    async_logout,
    camera_identifier,
    create_exacq_client,
    is_exacq,
)

_LOGGER = logging.getLogger(__name__)

__all__ = [
    "AlarmMoment",
    "AxisThermometryConfigEntry",
    "AxisThermometryRuntime",
    "CameraConfigEntry",
    "ConfigurationCoordinator",
    "ExacqConfigEntry",
    "ExacqCoordinator",
    "ExacqData",
    "ExacqRuntime",
    "ReadingsCoordinator",
    "async_logout",
    "camera_identifier",
    "create_device",
    "create_exacq_client",
    "create_runtime",
    "is_exacq",
]


@dataclass(slots=True, eq=False)
class AxisThermometryRuntime:
    """What a loaded camera entry holds (``entry.runtime_data``); one per camera."""

    device: AxisDevice
    configuration: ConfigurationCoordinator
    readings: ReadingsCoordinator
    # Unique ids of the entities created for each resource, for pruning.
    owned: dict[Resource, set[str]] = field(default_factory=dict)
    # Temperatures the user set in Home Assistant's unit, shown back as typed.
    as_set: AsSet = field(default_factory=AsSet)


type CameraConfigEntry = ConfigEntry[AxisThermometryRuntime]
# Either kind: what the entry points Home Assistant calls for both take.
type AxisThermometryConfigEntry = CameraConfigEntry | ExacqConfigEntry


def create_device(
    hass: HomeAssistant, data: Mapping[str, object], *, streams: bool = False
) -> AxisDevice:
    """A client for the camera described by config entry data, on the shared session.

    ``streams``: also a session for the event stream's WebSocket, whose handshake aiohttp's
    ``DigestAuthMiddleware`` can answer only as a session middleware. Made with Home
    Assistant's ``async_create_clientsession`` (its pool, closed when the entry unloads), so
    only during an entry's setup.
    """
    session, host, options = connection(hass, data)
    stream_session = (
        async_create_clientsession(
            hass,
            verify_ssl=options["verify_ssl"],
            middlewares=(aiohttp.DigestAuthMiddleware(options["username"], options["password"]),),
        )
        if streams
        else None
    )
    return AxisDevice(
        session, host, timeout=const.REQUEST_TIMEOUT, stream_session=stream_session, **options
    )


def create_runtime(hass: HomeAssistant, entry: CameraConfigEntry) -> AxisThermometryRuntime:
    """The client and both coordinators of a camera entry (nothing is read yet)."""
    device = create_device(hass, entry.data, streams=True)
    health = CapabilityHealth(entry.title, _LOGGER)
    configuration = ConfigurationCoordinator(hass, entry, device, health)
    readings = ReadingsCoordinator(hass, entry, device, configuration)
    return AxisThermometryRuntime(device=device, configuration=configuration, readings=readings)
