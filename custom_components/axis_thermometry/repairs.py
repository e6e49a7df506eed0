"""Repairs: point an entry at its device's new address when another device answers."""

from typing import Any

from homeassistant.components.repairs import RepairsFlow, RepairsFlowResult
from homeassistant.const import CONF_HOST, CONF_PORT
from homeassistant.core import HomeAssistant
from homeassistant.helpers import selector
import probatio

from .address import InvalidAddressError, parse_address
from .probe import async_probe_for_form

PORT_SELECTOR = selector.NumberSelector(
    selector.NumberSelectorConfig(min=1, max=65535, mode=selector.NumberSelectorMode.BOX)
)


class WrongDeviceRepairFlow(RepairsFlow):
    """Ask where the device is now; accept only an address where this device answers."""

    def __init__(self, entry_id: str, found: str) -> None:
        """Repair the entry ``entry_id``, at whose address device ``found`` answered."""
        self._entry_id = entry_id
        self._found = found

    async def async_step_init(self, user_input: dict[str, Any] | None = None) -> RepairsFlowResult:
        """Start with the address form."""
        return await self.async_step_address()

    async def async_step_address(
        self, user_input: dict[str, Any] | None = None
    ) -> RepairsFlowResult:
        """Host and port of the device; its serial number must be the entry's."""
        entry = self.hass.config_entries.async_get_entry(self._entry_id)
        if entry is None:
            return self.async_abort(reason="entry_removed")
        errors: dict[str, str] = {}
        if user_input is not None:
            try:
                host = parse_address(str(user_input[CONF_HOST])).host
            except InvalidAddressError as err:
                errors[CONF_HOST] = err.reason
            else:
                data = {**entry.data, CONF_HOST: host, CONF_PORT: int(user_input[CONF_PORT])}
                found, errors = await async_probe_for_form(self.hass, data)
                if found is not None and found.unique_id == entry.unique_id:
                    self.hass.config_entries.async_update_entry(entry, data=data)
                    self.hass.config_entries.async_schedule_reload(entry.entry_id)
                    return self.async_create_entry(data={})
                if found is not None:
                    errors["base"] = "wrong_device"
        return self.async_show_form(
            step_id="address",
            data_schema=self.add_suggested_values_to_schema(
                probatio.Schema(
                    {
                        probatio.Required(CONF_HOST): str,
                        probatio.Required(CONF_PORT): PORT_SELECTOR,
                    }
                ),
                user_input or {CONF_HOST: entry.data[CONF_HOST], CONF_PORT: entry.data[CONF_PORT]},
            ),
            description_placeholders={
                "name": entry.title,
                "serial": str(entry.unique_id),
                "host": str(entry.data[CONF_HOST]),
                "found": self._found,
            },
            errors=errors,
        )


async def async_create_fix_flow(
    hass: HomeAssistant, issue_id: str, data: dict[str, str | int | float | None] | None
) -> RepairsFlow:
    """The flow that fixes a ``wrong_device`` issue."""
    assert data is not None  # noqa: S101 - every fixable issue of this integration has data
    return WrongDeviceRepairFlow(str(data["entry_id"]), str(data.get("found") or "?"))
