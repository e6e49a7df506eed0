"""Config flow for Axis Thermometry: add, discover, re-authenticate, reconfigure.

Adding from the UI first asks what to add: an Axis thermal camera or an exacqVision server.
"""

from collections.abc import Mapping
from typing import Any

from homeassistant.config_entries import (
    ConfigFlow,
    ConfigFlowResult,
)
from homeassistant.const import (
    CONF_HOST,
    CONF_PASSWORD,
    CONF_PORT,
    CONF_SSL,
    CONF_USERNAME,
    CONF_VERIFY_SSL,
)
from homeassistant.helpers import selector
from homeassistant.helpers.service_info.dhcp import DhcpServiceInfo
from homeassistant.helpers.service_info.zeroconf import ZeroconfServiceInfo
import probatio

from .address import InvalidAddressError, parse_address
from .const import (
    CONF_DEVICE_TYPE,
    DEFAULT_PORT,
    DEVICE_TYPE_AXIS,
    DEVICE_TYPE_EXACQ,
    DOMAIN,
)
from .probe import Probed, async_probe_for_form

AXIS_MAC_PREFIXES = ("00408C", "ACCC8E", "B8A44F", "E82725")

PORT_SELECTOR = selector.NumberSelector(
    selector.NumberSelectorConfig(min=1, max=65535, mode=selector.NumberSelectorMode.BOX)
)
PASSWORD_SELECTOR = selector.TextSelector(
    selector.TextSelectorConfig(type=selector.TextSelectorType.PASSWORD)
)


# How to connect, as one choice: a certificate check only makes sense with HTTPS.
CONF_CONNECTION = "connection"
HTTP, HTTPS, HTTPS_UNVERIFIED = "http", "https", "https_unverified"
CONNECTION_SELECTOR = selector.SelectSelector(
    selector.SelectSelectorConfig(
        options=[HTTP, HTTPS, HTTPS_UNVERIFIED],
        translation_key=CONF_CONNECTION,
        mode=selector.SelectSelectorMode.DROPDOWN,
    )
)


def _connection(data: Mapping[str, Any]) -> str:
    """The connection choice of entry data."""
    if not data.get(CONF_SSL, False):
        return HTTP
    return HTTPS if data.get(CONF_VERIFY_SSL, True) else HTTPS_UNVERIFIED


def _connection_schema(
    defaults: Mapping[str, Any], *, password_required: bool = True
) -> probatio.Schema:
    """Host, connection, port and credentials, pre-filled from ``defaults``.

    Never the password. An empty port is the connection's standard one (80 or 443).
    """
    port = defaults.get(CONF_PORT)
    return probatio.Schema(
        {
            probatio.Required(CONF_HOST, default=defaults.get(CONF_HOST, probatio.UNDEFINED)): str,
            probatio.Required(
                CONF_CONNECTION, default=defaults.get(CONF_CONNECTION) or _connection(defaults)
            ): CONNECTION_SELECTOR,
            probatio.Optional(
                CONF_PORT, description={"suggested_value": port} if port else None
            ): PORT_SELECTOR,
            probatio.Required(
                CONF_USERNAME, default=defaults.get(CONF_USERNAME, probatio.UNDEFINED)
            ): str,
            (probatio.Required if password_required else probatio.Optional)(
                CONF_PASSWORD
            ): PASSWORD_SELECTOR,
        }
    )


def _credentials_schema(username: str | None = None) -> probatio.Schema:
    return probatio.Schema(
        {
            probatio.Required(CONF_USERNAME, default=username or probatio.UNDEFINED): str,
            probatio.Required(CONF_PASSWORD): PASSWORD_SELECTOR,
        }
    )


class AxisThermometryConfigFlow(ConfigFlow, domain=DOMAIN):
    """Handle a config flow for Axis Thermometry."""

    # 2: polling is fixed (version 1 entries had a poll interval option; see async_migrate_entry)
    VERSION = 2

    def __init__(self) -> None:
        """Start with nothing discovered."""
        self._discovered: dict[str, Any] = {}
        self._viewer: tuple[Probed, dict[str, Any]] | None = None  # to add once confirmed

    @staticmethod
    def _entry_data(user_input: Mapping[str, Any], device_type: str) -> dict[str, Any]:
        """Entry data of a form's input; raises :class:`InvalidAddressError` for the host.

        A URL or ``host:port`` in the host field gives the connection and port (the port
        field, where filled in, wins).
        """
        address = parse_address(str(user_input[CONF_HOST]))
        connection = user_input.get(CONF_CONNECTION) or _connection(user_input)
        if address.https is False:
            connection = HTTP
        elif address.https and connection == HTTP:
            connection = HTTPS
        https = connection != HTTP
        port = user_input.get(CONF_PORT) or address.port
        return {
            CONF_HOST: address.host,
            CONF_PORT: int(port) if port else (443 if https else DEFAULT_PORT),
            CONF_SSL: https,
            CONF_VERIFY_SSL: connection != HTTPS_UNVERIFIED,
            CONF_USERNAME: user_input[CONF_USERNAME],
            CONF_PASSWORD: user_input[CONF_PASSWORD],
            CONF_DEVICE_TYPE: device_type,
        }

    async def _async_probe(
        self, user_input: Mapping[str, Any], device_type: str
    ) -> tuple[dict[str, Any], Probed | None, dict[str, str]]:
        """The entry data of a form's input, the device found with it, and the form's errors."""
        try:
            data = self._entry_data(user_input, device_type)
        except InvalidAddressError as err:
            return {}, None, {CONF_HOST: err.reason}
        found, errors = await async_probe_for_form(self.hass, data)
        return data, found, errors

    # ------------------------------------------------------------------ user

    async def async_step_user(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Ask what to add."""
        return self.async_show_menu(
            step_id="user", menu_options=[DEVICE_TYPE_AXIS, DEVICE_TYPE_EXACQ]
        )

    async def async_step_axis_camera(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask for the camera's address and credentials."""
        return await self._async_add(DEVICE_TYPE_AXIS, user_input)

    async def async_step_exacqvision_server(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask for the exacqVision web service's address and credentials."""
        return await self._async_add(DEVICE_TYPE_EXACQ, user_input)

    async def _async_add(
        self, device_type: str, user_input: dict[str, Any] | None
    ) -> ConfigFlowResult:
        errors: dict[str, str] = {}
        if user_input is not None:
            data, found, errors = await self._async_probe(user_input, device_type)
            if found is not None:
                await self.async_set_unique_id(found.unique_id)
                # Added again: every connection field as it works now (HTTPS instead of HTTP,
                # another port, new credentials), not the address alone.
                self._abort_if_unique_id_configured(updates=data)
                if found.viewer_role is not None:
                    self._viewer = (found, data)
                    return await self.async_step_exacq_viewer()
                return self.async_create_entry(title=found.title, data=data)
        return self.async_show_form(
            step_id=device_type,
            data_schema=self.add_suggested_values_to_schema(
                _connection_schema({}),
                {k: v for k, v in (user_input or {}).items() if k != CONF_PASSWORD},
            ),
            errors=errors,
        )

    async def async_step_exacq_viewer(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """An exacqVision user that only watches: say what it cannot do, then add it."""
        if self._viewer is None:  # only reached from the server's form
            return await self.async_step_exacqvision_server()
        found, data = self._viewer
        if user_input is not None:
            return self.async_create_entry(title=found.title, data=data)
        return self.async_show_form(
            step_id="exacq_viewer",
            description_placeholders={
                "username": data[CONF_USERNAME],
                "role": found.viewer_role or "",
            },
        )

    # ------------------------------------------------------------------ zeroconf

    async def async_step_zeroconf(self, discovery_info: ZeroconfServiceInfo) -> ConfigFlowResult:
        """An Axis device announced itself over mDNS; confirm it with credentials."""
        if discovery_info.ip_address.version == 6 and discovery_info.ip_address.is_link_local:
            return self.async_abort(reason="link_local_address")
        return await self._async_discovered(
            str(discovery_info.properties.get("macaddress", "")),
            str(discovery_info.ip_address),
            discovery_info.port or DEFAULT_PORT,
            discovery_info.name.removesuffix(f".{discovery_info.type}"),
        )

    async def async_step_dhcp(self, discovery_info: DhcpServiceInfo) -> ConfigFlowResult:
        """An Axis device took an address (a configured one: perhaps a new one)."""
        return await self._async_discovered(
            discovery_info.macaddress, discovery_info.ip, DEFAULT_PORT, discovery_info.hostname
        )

    async def _async_discovered(
        self, mac: str, host: str, port: int, name: str
    ) -> ConfigFlowResult:
        """A discovered device: follow a configured camera to its address, else confirm it.

        An Axis camera's serial number is its MAC address. A configured camera keeps its port
        and connection (HTTPS users keep theirs); its entry reloads at the new address.
        """
        serial = mac.replace(":", "").replace("-", "").upper()
        if not serial.startswith(AXIS_MAC_PREFIXES):
            return self.async_abort(reason="not_axis_device")
        await self.async_set_unique_id(serial)
        self._abort_if_unique_id_configured(updates={CONF_HOST: host})
        self._discovered = {
            CONF_HOST: host,
            CONF_PORT: port,
            CONF_SSL: False,
            CONF_VERIFY_SSL: True,
        }
        self.context["title_placeholders"] = {"name": name or host}
        return await self.async_step_zeroconf_confirm()

    async def async_step_zeroconf_confirm(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask for credentials; abort quietly if the device has no thermometry."""
        errors: dict[str, str] = {}
        if user_input is not None:
            data, found, errors = await self._async_probe(
                {**self._discovered, **user_input}, DEVICE_TYPE_AXIS
            )
            if errors.get("base") == "not_thermal":
                return self.async_abort(reason="not_thermal")
            if found is not None:
                await self.async_set_unique_id(found.unique_id)
                self._abort_if_unique_id_configured(updates={CONF_HOST: data[CONF_HOST]})
                return self.async_create_entry(title=found.title, data=data)
        return self.async_show_form(
            step_id="zeroconf_confirm",
            data_schema=_credentials_schema(user_input.get(CONF_USERNAME) if user_input else None),
            description_placeholders={
                "name": self.context["title_placeholders"]["name"],
                "host": self._discovered[CONF_HOST],
            },
            errors=errors,
        )

    # ------------------------------------------------------------------ reauth

    async def async_step_reauth(self, entry_data: Mapping[str, Any]) -> ConfigFlowResult:
        """The camera or server refused the stored credentials."""
        if entry_data.get(CONF_DEVICE_TYPE) == DEVICE_TYPE_EXACQ:
            return await self.async_step_exacq_reauth_confirm()
        return await self.async_step_reauth_confirm()

    async def async_step_reauth_confirm(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask for new credentials for the same camera."""
        return await self._async_reauth("reauth_confirm", user_input)

    async def async_step_exacq_reauth_confirm(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask for new credentials for the same exacqVision server."""
        return await self._async_reauth("exacq_reauth_confirm", user_input)

    async def _async_reauth(
        self, step_id: str, user_input: dict[str, Any] | None
    ) -> ConfigFlowResult:
        entry = self._get_reauth_entry()
        errors: dict[str, str] = {}
        if user_input is not None:
            found, errors = await async_probe_for_form(self.hass, {**entry.data, **user_input})
            if found is not None:
                await self.async_set_unique_id(found.unique_id)
                self._abort_if_unique_id_mismatch(reason="wrong_device")
                return self.async_update_reload_and_abort(entry, data_updates=user_input)
        return self.async_show_form(
            step_id=step_id,
            data_schema=_credentials_schema(entry.data[CONF_USERNAME]),
            description_placeholders={"name": entry.title, "host": entry.data[CONF_HOST]},
            errors=errors,
        )

    # ------------------------------------------------------------------ reconfigure

    async def async_step_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Change the address or credentials of a configured camera (or server)."""
        if self._get_reconfigure_entry().data.get(CONF_DEVICE_TYPE) == DEVICE_TYPE_EXACQ:
            return await self.async_step_exacq_reconfigure(user_input)
        return await self._async_reconfigure("reconfigure", DEVICE_TYPE_AXIS, user_input)

    async def async_step_exacq_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Change the address or credentials of a configured exacqVision server."""
        return await self._async_reconfigure("exacq_reconfigure", DEVICE_TYPE_EXACQ, user_input)

    async def _async_reconfigure(
        self, step_id: str, device_type: str, user_input: dict[str, Any] | None
    ) -> ConfigFlowResult:
        entry = self._get_reconfigure_entry()
        errors: dict[str, str] = {}
        if user_input is not None:
            # An empty password field keeps the stored password.
            data, found, errors = await self._async_probe(
                {CONF_PASSWORD: entry.data[CONF_PASSWORD]}
                | {k: v for k, v in user_input.items() if v not in ("", None)},
                device_type,
            )
            if found is not None:
                await self.async_set_unique_id(found.unique_id)
                self._abort_if_unique_id_mismatch(reason="wrong_device")
                return self.async_update_reload_and_abort(entry, data_updates=data)
        return self.async_show_form(
            step_id=step_id,
            data_schema=_connection_schema(user_input or entry.data, password_required=False),
            description_placeholders={"name": entry.title},
            errors=errors,
        )
