"""Connect to a device as a config entry would: which device it is, and whether it can be read.

Used by the config flow (add, reauthenticate, reconfigure) and by the repair flow that points
an entry at its device's new address.
"""

from collections.abc import Mapping
from dataclasses import dataclass
import logging
from typing import Any

from homeassistant.const import CONF_HOST
from homeassistant.core import HomeAssistant

from .const import CONF_DEVICE_TYPE, DEVICE_TYPE_EXACQ
from .coordinator import create_device, create_exacq_client
from .errors import form_error
from .exacq import VIEWER_ROLES, ExacqError
from .vapix import (
    THERMOMETRY,
    AxisDevice,
    DeviceIdentity,
    VapixAuthenticationError,
    VapixError,
    VapixNotSupportedError,
)
from .vapix._parse import cut

HOST_NAME = "Network.HostName"

_LOGGER = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Probed:
    """A device that answered: its unique id and the entry title to use."""

    unique_id: str
    title: str
    # An exacqVision user of a role that only watches (its name): no PTZ, no soft triggers.
    viewer_role: str | None = None


async def async_probe_for_form(
    hass: HomeAssistant, data: Mapping[str, Any]
) -> tuple[Probed | None, dict[str, str]]:
    """Connect as an entry with ``data`` would; return the device, or a form's errors."""
    exacq = data[CONF_DEVICE_TYPE] == DEVICE_TYPE_EXACQ
    try:
        if exacq:
            return await _probe_exacq(hass, data), {}
        return await _probe_axis(hass, data), {}
    except (VapixError, ExacqError) as err:
        _LOGGER.debug("Connecting to %s failed: %s", data[CONF_HOST], err)
        error = form_error(err)
        if error in ("not_thermal", "not_exacq") and await _is_the_other_kind(hass, data, exacq):
            # Say what was found there: the other kind of device this integration adds.
            error = "found_axis" if exacq else "found_exacq"
        return None, {"base": error}
    except Exception:
        _LOGGER.exception("Unexpected error validating %s", data[CONF_HOST])
        return None, {"base": "unknown"}


async def _is_the_other_kind(hass: HomeAssistant, data: Mapping[str, Any], exacq: bool) -> bool:
    """Whether an Axis camera (``exacq``) or an exacqVision web service answers there."""
    try:
        if exacq:
            await create_device(hass, data).identify()
        else:
            await create_exacq_client(hass, data).list_servers()
    except VapixError, ExacqError:
        return False
    return True


async def _probe_axis(hass: HomeAssistant, data: Mapping[str, Any]) -> Probed:
    """The camera's identity, once its area temperatures (the core) answer.

    Whatever else the camera lacks or refuses is the entry's to cope with, not a reason
    to refuse the camera.
    """
    device = create_device(hass, data)
    identity = await device.identify()
    apis = await device.supported_apis()
    if apis is not None and THERMOMETRY not in apis:
        raise VapixNotSupportedError("no Thermometry API")
    try:
        await device.thermometry.negotiate()
    except VapixAuthenticationError:
        raise
    except VapixNotSupportedError:
        if apis is None:
            raise  # old firmware without API Discovery, and no thermometry.cgi either
    except VapixError as err:
        _LOGGER.debug("Thermometry version of %s unknown (%s)", data[CONF_HOST], err)
    await device.thermometry.list_areas()
    return Probed(identity.serial_number, await _camera_title(device, identity))


async def _camera_title(device: AxisDevice, identity: DeviceIdentity) -> str:
    """The camera's name for its entry and device.

    Its host name where someone gave it one, else the model and the last digits of the serial
    number, so two cameras of a model differ.
    """
    try:
        params = await device.params.list([HOST_NAME], missing_ok=True)
    except VapixError:
        params = {}
    name = cut(params.get(HOST_NAME, "").strip())
    if name and name.lower() != f"axis-{identity.serial_number.lower()}":
        return name
    return f"{identity.brand} {identity.model} {identity.serial_number[-4:]}".strip()


async def _probe_exacq(hass: HomeAssistant, data: Mapping[str, Any]) -> Probed:
    """Log in, list the cameras (the user must see them), log out."""
    client = create_exacq_client(hass, data)
    try:
        server = await client.login()
        await client.cameras()
        try:
            role = await client.user_role()
        except ExacqError as err:  # a user that may not list users, an older web service
            _LOGGER.debug("The exacqVision user's role is not known: %s", err)
            role = None
    finally:
        try:
            await client.logout()
        except ExacqError as err:
            _LOGGER.debug("Logout after validation failed: %s", err)
    return Probed(server.serial, server.name, VIEWER_ROLES.get(role) if role else None)
