"""Config flow for Axis Thermometry.

Setup is not implemented yet: the flow says so instead of pretending to add a device.
"""

from typing import Any

from homeassistant.config_entries import ConfigFlow, ConfigFlowResult

from .const import DOMAIN


class AxisThermometryConfigFlow(ConfigFlow, domain=DOMAIN):
    """Handle a config flow for Axis Thermometry."""

    VERSION = 1

    async def async_step_user(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Refuse to start: device setup arrives with the thermometry support."""
        return self.async_abort(reason="not_implemented")
