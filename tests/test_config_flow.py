"""Every path of the config flow, against the simulator."""

from ipaddress import ip_address
import json
from pathlib import Path
import socket
from unittest.mock import patch

from homeassistant.config_entries import (
    SOURCE_DHCP,
    SOURCE_USER,
    SOURCE_ZEROCONF,
    ConfigEntryState,
    ConfigFlowResult,
)
from homeassistant.const import (
    CONF_HOST,
    CONF_PASSWORD,
    CONF_PORT,
    CONF_SCAN_INTERVAL,
    CONF_SSL,
    CONF_USERNAME,
    CONF_VERIFY_SSL,
)
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import device_registry as dr, issue_registry as ir
from homeassistant.helpers.service_info.dhcp import DhcpServiceInfo
from homeassistant.helpers.service_info.zeroconf import ZeroconfServiceInfo
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.axis_thermometry.config_flow import AxisThermometryConfigFlow
from custom_components.axis_thermometry.const import (
    CONF_DEVICE_TYPE,
    DEVICE_TYPE_AXIS,
    DEVICE_TYPE_EXACQ,
    DOMAIN,
)
from tests.simulator import CameraServer, fixed
from tests.simulator.exacq import ExacqServer
from tests.simulator.http import SimulatorServer

from .conftest import entry_data, set_up


def user_input(server: SimulatorServer, **changes: object) -> dict[str, object]:
    return {
        CONF_HOST: server.host,
        CONF_PORT: server.port,
        "connection": "http",
        CONF_USERNAME: "root",
        CONF_PASSWORD: "pass",
    } | changes


async def start_user_flow(hass: HomeAssistant, device_type: str) -> ConfigFlowResult:
    """Start adding from the UI and choose what to add."""
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    return await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": device_type}
    )


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def zeroconf_info(
    server: CameraServer, mac: str | None = None, host: str = "127.0.0.1"
) -> ZeroconfServiceInfo:
    serial = mac or server.camera.serial
    return ZeroconfServiceInfo(
        ip_address=ip_address(host),
        ip_addresses=[ip_address(host)],
        hostname=f"axis-{serial.lower()}.local.",
        name=f"AXIS {server.camera.model} - {serial}._axis-video._tcp.local.",
        port=server.port,
        properties={"macaddress": serial},
        type="_axis-video._tcp.local.",
    )


# ---------------------------------------------------------------------- user


@pytest.mark.parametrize("profile", ["fixed", "legacy", "ptz"])
async def test_user_adds_camera(hass: HomeAssistant, server: CameraServer) -> None:
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    assert result["type"] is FlowResultType.MENU
    assert result["step_id"] == "user"
    assert result["menu_options"] == [DEVICE_TYPE_AXIS, DEVICE_TYPE_EXACQ]
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": DEVICE_TYPE_AXIS}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == DEVICE_TYPE_AXIS
    assert result["errors"] == {}
    result = await hass.config_entries.flow.async_configure(result["flow_id"], user_input(server))
    await hass.async_block_till_done()
    assert result["type"] is FlowResultType.CREATE_ENTRY
    # No name given on the camera (Axis's default host name): model and serial digits.
    assert result["title"] == f"AXIS {server.camera.model} {server.camera.serial[-4:]}"
    assert result["data"] == entry_data(server)
    assert result["data"][CONF_DEVICE_TYPE] == DEVICE_TYPE_AXIS
    entry = result["result"]
    assert entry.unique_id == server.camera.serial
    assert entry.state is ConfigEntryState.LOADED


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({CONF_PASSWORD: "wrong"}, "invalid_auth"),
        ({CONF_USERNAME: "viewer", CONF_PASSWORD: "viewer"}, "insufficient_permissions"),
        ({CONF_PORT: "closed"}, "cannot_connect"),
        ({"connection": "https"}, "cannot_connect"),
    ],
)
async def test_user_errors_then_recovers(
    hass: HomeAssistant, server: CameraServer, change: dict[str, object], error: str
) -> None:
    await assert_error_then_recovery(hass, DEVICE_TYPE_AXIS, user_input(server), change, error)


async def assert_error_then_recovery(
    hass: HomeAssistant,
    device_type: str,
    good: dict[str, object],
    change: dict[str, object],
    error: str,
) -> None:
    """The form shows ``error`` for ``good`` input with ``change``; the good input then works.

    ``{CONF_PORT: "closed"}`` stands for a port nothing listens on.
    """
    if change.get(CONF_PORT) == "closed":
        change = {CONF_PORT: closed_port()}
    result = await start_user_flow(hass, device_type)
    result = await hass.config_entries.flow.async_configure(result["flow_id"], good | change)
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": error}
    result = await hass.config_entries.flow.async_configure(result["flow_id"], good)
    assert result["type"] is FlowResultType.CREATE_ENTRY


async def test_user_not_thermal(hass: HomeAssistant, server: CameraServer) -> None:
    server.camera.thermometry = False
    result = await start_user_flow(hass, DEVICE_TYPE_AXIS)
    result = await hass.config_entries.flow.async_configure(result["flow_id"], user_input(server))
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": "not_thermal"}


@pytest.mark.parametrize("profile", ["legacy"])
async def test_user_not_thermal_without_api_discovery(
    hass: HomeAssistant, server: CameraServer
) -> None:
    """Old firmware is probed: no thermometry.cgi means not thermal."""
    server.camera.thermometry = False
    result = await start_user_flow(hass, DEVICE_TYPE_AXIS)
    result = await hass.config_entries.flow.async_configure(result["flow_id"], user_input(server))
    assert result["errors"] == {"base": "not_thermal"}


async def test_user_not_an_axis_device(hass: HomeAssistant, server: CameraServer) -> None:
    """Something that answers HTML everywhere is not a camera we can use."""
    server.inject("status_500", count=-1)
    result = await start_user_flow(hass, DEVICE_TYPE_AXIS)
    result = await hass.config_entries.flow.async_configure(result["flow_id"], user_input(server))
    assert result["errors"] == {"base": "cannot_connect"}


async def test_camera_form_at_a_recorder_says_what_is_there(
    hass: HomeAssistant, recorder: ExacqServer
) -> None:
    """Not 'not a thermal camera': an exacqVision server answers there."""
    result = await start_user_flow(hass, DEVICE_TYPE_AXIS)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], user_input(recorder, username="admin", password="admin256")
    )
    assert result["errors"] == {"base": "found_exacq"}


async def test_recorder_form_at_a_camera_says_what_is_there(
    hass: HomeAssistant, server: CameraServer
) -> None:
    result = await start_user_flow(hass, DEVICE_TYPE_EXACQ)
    result = await hass.config_entries.flow.async_configure(result["flow_id"], user_input(server))
    assert result["errors"] == {"base": "found_axis"}


@pytest.mark.parametrize(
    ("connection", "port", "ssl", "verify"),
    [
        ("http", None, False, True),
        ("https", None, True, True),
        ("https_unverified", None, True, False),
        ("https", 8443, True, True),
    ],
)
def test_connection_choice_and_standard_ports(
    connection: str, port: int | None, ssl: bool, verify: bool
) -> None:
    """One choice instead of two check boxes; an empty port is the scheme's own."""
    data = AxisThermometryConfigFlow._entry_data(
        {
            CONF_HOST: " cam.local ",
            "connection": connection,
            CONF_PORT: port,
            CONF_USERNAME: "root",
            CONF_PASSWORD: "pass",
        },
        DEVICE_TYPE_AXIS,
    )
    expected_port = port or (443 if ssl else 80)
    assert (data[CONF_HOST], data[CONF_PORT], data[CONF_SSL], data[CONF_VERIFY_SSL]) == (
        "cam.local",
        expected_port,
        ssl,
        verify,
    )


async def test_a_named_camera_is_titled_by_its_name(
    hass: HomeAssistant, server: CameraServer
) -> None:
    server.camera.params["Network.HostName"] = "boiler-room"
    result = await start_user_flow(hass, DEVICE_TYPE_AXIS)
    result = await hass.config_entries.flow.async_configure(result["flow_id"], user_input(server))
    assert result["title"] == "boiler-room"
    await hass.async_block_till_done()
    device = dr.async_get(hass).async_get_device_by_identifier(
        (DOMAIN, server.camera.serial), result["result"].entry_id
    )
    assert device is not None
    assert device.name == "boiler-room"


@pytest.mark.unexpected_error_logged
async def test_user_unexpected_error(hass: HomeAssistant, server: CameraServer) -> None:
    result = await start_user_flow(hass, DEVICE_TYPE_AXIS)
    with patch(
        "custom_components.axis_thermometry.vapix.params.ParamsApi.identity",
        side_effect=RuntimeError("boom"),
    ):
        result = await hass.config_entries.flow.async_configure(
            result["flow_id"], user_input(server)
        )
    assert result["errors"] == {"base": "unknown"}


async def test_user_already_configured_updates_address(
    hass: HomeAssistant, server: CameraServer
) -> None:
    entry = MockConfigEntry(
        domain=DOMAIN,
        unique_id=server.camera.serial,
        data=entry_data(server, host="192.0.2.1", port=8080),
    )
    entry.add_to_hass(hass)
    result = await start_user_flow(hass, DEVICE_TYPE_AXIS)
    result = await hass.config_entries.flow.async_configure(result["flow_id"], user_input(server))
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"
    assert entry.data[CONF_HOST] == server.host
    assert entry.data[CONF_PORT] == server.port


# ---------------------------------------------------------------------- zeroconf


async def test_zeroconf_confirm_adds_camera(hass: HomeAssistant, server: CameraServer) -> None:
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_ZEROCONF}, data=zeroconf_info(server)
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "zeroconf_confirm"
    assert result["description_placeholders"] == {
        "name": f"AXIS Q2101-TE - {server.camera.serial}",
        "host": "127.0.0.1",
    }
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_USERNAME: "root", CONF_PASSWORD: "wrong"}
    )
    assert result["errors"] == {"base": "invalid_auth"}
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_USERNAME: "root", CONF_PASSWORD: "pass"}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"] == entry_data(server)


async def test_zeroconf_not_thermal_aborts_quietly(
    hass: HomeAssistant, server: CameraServer
) -> None:
    server.camera.thermometry = False
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_ZEROCONF}, data=zeroconf_info(server)
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_USERNAME: "root", CONF_PASSWORD: "pass"}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "not_thermal"
    assert hass.config_entries.async_entries(DOMAIN) == []


async def test_zeroconf_known_camera_follows_new_address(
    hass: HomeAssistant, server: CameraServer
) -> None:
    entry = MockConfigEntry(
        domain=DOMAIN,
        unique_id=server.camera.serial,
        data=entry_data(server, host="192.0.2.7", port=443, ssl=True),
    )
    entry.add_to_hass(hass)
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_ZEROCONF}, data=zeroconf_info(server)
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"
    assert entry.data[CONF_HOST] == "127.0.0.1"
    assert entry.data[CONF_PORT] == 443  # the user's HTTPS port is kept


@pytest.mark.parametrize(
    ("mac", "host", "reason"),
    [
        ("001122334455", "127.0.0.1", "not_axis_device"),
        (None, "fe80::1", "link_local_address"),
    ],
)
async def test_zeroconf_ignored(
    hass: HomeAssistant, server: CameraServer, mac: str | None, host: str, reason: str
) -> None:
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_ZEROCONF}, data=zeroconf_info(server, mac, host)
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == reason


# ---------------------------------------------------------------------- DHCP


def dhcp_info(serial: str, ip: str = "127.0.0.1") -> DhcpServiceInfo:
    return DhcpServiceInfo(ip=ip, hostname=f"axis-{serial.lower()}", macaddress=serial.lower())


def test_manifest_follows_registered_cameras_by_dhcp() -> None:
    """As Home Assistant's own Axis integration: known devices, and the Axis prefixes."""
    matchers = json.loads(
        (Path(__file__).parents[1] / "custom_components" / DOMAIN / "manifest.json").read_text()
    )["dhcp"]
    assert {"registered_devices": True} in matchers
    prefixes = {m["macaddress"] for m in matchers if "macaddress" in m}
    assert prefixes == {"00408C*", "ACCC8E*", "B8A44F*", "E82725*"}


@pytest.mark.usefixtures("disable_mock_zeroconf_resolver")  # "localhost" is resolved
# Where "localhost" also names ::1, aiohttp tries it first; the harness allows 127.0.0.1 only,
# so that attempt is refused (with this warning) and 127.0.0.1 answers. (No colon in the
# pattern: pytest splits the filter at colons.)
@pytest.mark.filterwarnings(
    r'ignore:A test tried to use socket\.socket\.connect\(\) with host "\W\W1"'
)
async def test_dhcp_follows_a_camera_to_its_new_address(
    hass: HomeAssistant, server: CameraServer
) -> None:
    """The camera's lease changed and another camera got its old address: the poll raises the
    wrong-device repair; DHCP then reports our camera's MAC at a new address, and the entry
    follows it (host only: port and connection stay) and reloads, with no repair left."""
    ours = server.camera
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="AXIS Q2101-TE",
        unique_id=ours.serial,
        data=entry_data(server, host="localhost"),
    )
    await set_up(hass, entry)
    server.camera = fixed(serial="B8A44F0000FF")  # another camera at the old address
    entry.runtime_data.readings.request_configuration_refresh()
    await entry.runtime_data.readings.async_refresh()
    issue_id = f"wrong_device_{entry.entry_id}"
    assert ir.async_get(hass).async_get_issue(DOMAIN, issue_id) is not None
    # Another device's lease at the entry's address is not this camera: a discovery of its
    # own, and the entry stays where it is, repair and all.
    other = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_DHCP}, data=dhcp_info("B8A44F0000FF")
    )
    assert other["type"] is FlowResultType.FORM and other["step_id"] == "zeroconf_confirm"
    assert entry.data[CONF_HOST] == "localhost"
    assert ir.async_get(hass).async_get_issue(DOMAIN, issue_id) is not None
    # Our camera at its new address (the simulator stands in for it there).
    server.camera = ours
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_DHCP}, data=dhcp_info(ours.serial)
    )
    await hass.async_block_till_done()
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"
    assert entry.data == entry_data(server, host="127.0.0.1")
    assert entry.state is ConfigEntryState.LOADED
    assert ir.async_get(hass).async_get_issue(DOMAIN, issue_id) is None
    assert await hass.config_entries.async_unload(entry.entry_id)


async def test_dhcp_of_an_unknown_axis_camera_asks_for_credentials(
    hass: HomeAssistant, server: CameraServer
) -> None:
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_DHCP}, data=dhcp_info(server.camera.serial)
    )
    assert result["step_id"] == "zeroconf_confirm"
    assert result["description_placeholders"] == {
        "name": f"axis-{server.camera.serial.lower()}",
        "host": "127.0.0.1",
    }
    ignored = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_DHCP}, data=dhcp_info("001122334455")
    )
    assert ignored["reason"] == "not_axis_device"


# ---------------------------------------------------------------------- reauth


async def test_reauth(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: CameraServer
) -> None:
    server.camera.users["root"] = ("new-secret", 3)
    result = await loaded_entry.start_reauth_flow(hass)
    assert result["step_id"] == "reauth_confirm"
    await assert_reauth(hass, loaded_entry, result, "root", "new-secret")


async def assert_reauth(
    hass: HomeAssistant,
    entry: MockConfigEntry,
    result: ConfigFlowResult,
    username: str,
    password: str,
) -> None:
    """A wrong password is refused; ``password`` is stored and the entry reloads."""
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_USERNAME: username, CONF_PASSWORD: "not-it"}
    )
    assert result["errors"] == {"base": "invalid_auth"}
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_USERNAME: username, CONF_PASSWORD: password}
    )
    await hass.async_block_till_done()
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reauth_successful"
    assert entry.data[CONF_PASSWORD] == password
    assert entry.state is ConfigEntryState.LOADED


async def test_reauth_other_camera_is_refused(
    hass: HomeAssistant, loaded_entry: MockConfigEntry
) -> None:
    async with CameraServer(fixed(serial="B8A44F0000FF")) as other:
        hass.config_entries.async_update_entry(loaded_entry, data=entry_data(other))
        result = await loaded_entry.start_reauth_flow(hass)
        result = await hass.config_entries.flow.async_configure(
            result["flow_id"], {CONF_USERNAME: "root", CONF_PASSWORD: "pass"}
        )
        assert result["type"] is FlowResultType.ABORT
        assert result["reason"] == "wrong_device"
        await hass.config_entries.async_unload(loaded_entry.entry_id)


# ---------------------------------------------------------------------- reconfigure


async def test_reconfigure_keeps_password(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: CameraServer
) -> None:
    result = await loaded_entry.start_reconfigure_flow(hass)
    assert result["step_id"] == "reconfigure"
    # The same camera, moved to another port.
    async with CameraServer(fixed(serial=server.camera.serial)) as moved:
        changes = user_input(moved)
        del changes[CONF_PASSWORD]
        result = await hass.config_entries.flow.async_configure(result["flow_id"], changes)
        await hass.async_block_till_done()
        assert result["type"] is FlowResultType.ABORT
        assert result["reason"] == "reconfigure_successful"
        assert loaded_entry.data[CONF_PORT] == moved.port
        assert loaded_entry.data[CONF_PASSWORD] == "pass"
        assert loaded_entry.state is ConfigEntryState.LOADED
        await hass.config_entries.async_unload(loaded_entry.entry_id)


async def test_reconfigure_errors_and_other_camera(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: CameraServer
) -> None:
    result = await loaded_entry.start_reconfigure_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], user_input(server, port=closed_port())
    )
    assert result["errors"] == {"base": "cannot_connect"}
    async with CameraServer(fixed(serial="B8A44F0000FF")) as other:
        result = await hass.config_entries.flow.async_configure(
            result["flow_id"], user_input(other)
        )
        assert result["type"] is FlowResultType.ABORT
        assert result["reason"] == "wrong_device"
    assert loaded_entry.data[CONF_PORT] == server.port


# ---------------------------------------------------------------------- polling


async def test_polling_is_fixed_and_old_entries_drop_their_interval(
    hass: HomeAssistant, server: CameraServer
) -> None:
    """Version 1 entries had a poll interval option: they migrate to version 2 without it, and
    there is no options flow any more (polling is Home Assistant's to disable)."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="AXIS Q2101-TE",
        unique_id=server.camera.serial,
        data=entry_data(server),
        options={CONF_SCAN_INTERVAL: 30},
        version=1,
    )
    await set_up(hass, entry)
    assert entry.version == AxisThermometryConfigFlow.VERSION == 2
    assert entry.options == {}
    assert entry.runtime_data.readings.poll_interval.total_seconds() == 5
    assert not entry.supports_options
    assert await hass.config_entries.async_unload(entry.entry_id)


async def test_an_entry_of_a_newer_release_is_not_set_up(
    hass: HomeAssistant, server: CameraServer
) -> None:
    entry = MockConfigEntry(
        domain=DOMAIN, unique_id=server.camera.serial, data=entry_data(server), version=3
    )
    entry.add_to_hass(hass)
    assert not await hass.config_entries.async_setup(entry.entry_id)
    assert entry.state is ConfigEntryState.MIGRATION_ERROR
