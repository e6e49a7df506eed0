"""The repair issues an entry raises: a user without rights, another device at the address.

Each issue belongs to one entry (its id ends in the entry id) and is removed when the cause
goes away or the entry is removed.
"""

import logging

from homeassistant.config_entries import ConfigEntry
from homeassistant.const import CONF_HOST, CONF_USERNAME
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.update_coordinator import UpdateFailed

from .const import DOMAIN

_LOGGER = logging.getLogger(__name__)

INSUFFICIENT_PERMISSIONS = "insufficient_permissions"
WRONG_DEVICE = "wrong_device"


def _issue_id(kind: str, entry: ConfigEntry) -> str:
    return f"{kind}_{entry.entry_id}"


class WrongDeviceError(Exception):
    """Another device answers at the entry's address."""

    def __init__(self, serial: str) -> None:
        """Keep the serial number found there."""
        super().__init__(serial)
        self.serial = serial


@callback
def async_report_insufficient_permissions(hass: HomeAssistant, entry: ConfigEntry) -> None:
    """The entry's camera user may no longer read what the entry shows."""
    ir.async_create_issue(
        hass,
        DOMAIN,
        _issue_id(INSUFFICIENT_PERMISSIONS, entry),
        is_fixable=False,
        severity=ir.IssueSeverity.ERROR,
        translation_key=INSUFFICIENT_PERMISSIONS,
        translation_placeholders={
            "name": entry.title,
            "username": str(entry.data[CONF_USERNAME]),
        },
    )


@callback
def async_wrong_device(
    hass: HomeAssistant, entry: ConfigEntry, found: str, *, reported: str | None
) -> UpdateFailed:
    """Device ``found`` answers at the entry's address: what the poll raises.

    The first time (``found`` is not the ``reported`` one) this is logged and a fixable issue
    asks for the device's new address. Entities and registry entries stay as they are.
    """
    host = str(entry.data[CONF_HOST])
    if found != reported:
        _LOGGER.warning(
            "%s: the device at %s is %s, not %s; reading stops until it is back or the "
            "entry is repaired",
            entry.title,
            host,
            found,
            entry.unique_id,
        )
        ir.async_create_issue(
            hass,
            DOMAIN,
            _issue_id(WRONG_DEVICE, entry),
            is_fixable=True,
            severity=ir.IssueSeverity.ERROR,
            translation_key=WRONG_DEVICE,
            translation_placeholders={
                "name": entry.title,
                "host": host,
                "expected": str(entry.unique_id),
                "found": found,
            },
            data={"entry_id": entry.entry_id, "found": found},
        )
    return UpdateFailed(
        translation_domain=DOMAIN,
        translation_key=WRONG_DEVICE,
        translation_placeholders={"host": host, "serial": found},
    )


@callback
def async_right_device(hass: HomeAssistant, entry: ConfigEntry, reported: str | None) -> None:
    """The entry's own device answers (again): end a ``reported`` wrong-device issue."""
    if reported is not None:
        async_clear_issue(hass, entry, WRONG_DEVICE)
        _LOGGER.info("%s answers at its address again", entry.title)


@callback
def async_clear_issue(hass: HomeAssistant, entry: ConfigEntry, kind: str) -> None:
    """The cause of the entry's issue ``kind`` is gone."""
    ir.async_delete_issue(hass, DOMAIN, _issue_id(kind, entry))


@callback
def async_clear_issues(hass: HomeAssistant, entry: ConfigEntry) -> None:
    """The entry is removed: so are its issues."""
    for kind in (INSUFFICIENT_PERMISSIONS, WRONG_DEVICE):
        async_clear_issue(hass, entry, kind)
