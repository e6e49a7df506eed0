"""Every config flow path of an exacqVision server, against the simulated server."""

from typing import Any
from unittest.mock import patch

from aiohttp import web
from homeassistant.config_entries import ConfigEntryState
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
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.axis_thermometry.const import (
    CONF_DEVICE_TYPE,
    DEVICE_TYPE_EXACQ,
    DOMAIN,
)
from custom_components.axis_thermometry.exacq import Endpoint
from tests.simulator import CameraServer
from tests.simulator.exacq import ExacqServer
from tests.simulator.http import SimulatorServer

from .conftest import exacq_entry_data
from .test_config_flow import (
    assert_error_then_recovery,
    assert_reauth,
    closed_port,
    start_user_flow,
)

SERIAL = "18-62-66-32-4E-AF"


def form(recorder: SimulatorServer, **changes: object) -> dict[str, object]:
    """What the user types into the form: the entry data without the device type."""
    data = exacq_entry_data(recorder)
    for key in (CONF_DEVICE_TYPE, CONF_SSL, CONF_VERIFY_SSL):
        del data[key]
    return data | {"connection": "http"} | changes


async def test_user_adds_server(hass: HomeAssistant, recorder: ExacqServer) -> None:
    result = await start_user_flow(hass, DEVICE_TYPE_EXACQ)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == DEVICE_TYPE_EXACQ
    result = await hass.config_entries.flow.async_configure(result["flow_id"], form(recorder))
    await hass.async_block_till_done()
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "Plant recorder"
    assert result["data"] == exacq_entry_data(recorder)
    assert result["data"][CONF_DEVICE_TYPE] == "exacqvision_server"
    entry = result["result"]
    assert entry.unique_id == SERIAL
    assert entry.state is ConfigEntryState.LOADED
    assert recorder.logouts == 1  # validation's session was closed
    assert len(recorder.sessions) == 1  # the entry's own


async def test_user_adds_an_older_server_whose_login_names_no_serial(
    hass: HomeAssistant, recorder: ExacqServer
) -> None:
    """Before, such a login was "malformed": the form said this was no exacqVision server."""
    recorder.serial_in = {"servers"}
    result = await start_user_flow(hass, DEVICE_TYPE_EXACQ)
    result = await hass.config_entries.flow.async_configure(result["flow_id"], form(recorder))
    await hass.async_block_till_done()
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["result"].unique_id == SERIAL
    assert result["result"].state is ConfigEntryState.LOADED


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({CONF_PASSWORD: "wrong"}, "invalid_auth"),
        ({CONF_PORT: "closed"}, "cannot_connect"),
        ({"connection": "https"}, "cannot_connect"),
    ],
)
async def test_user_errors_then_recovers(
    hass: HomeAssistant, recorder: ExacqServer, change: dict[str, object], error: str
) -> None:
    await assert_error_then_recovery(hass, DEVICE_TYPE_EXACQ, form(recorder), change, error)


async def test_login_refused_with_http_401(hass: HomeAssistant, recorder: ExacqServer) -> None:
    recorder.login_failure_status = 401
    result = await start_user_flow(hass, DEVICE_TYPE_EXACQ)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], form(recorder, password="wrong")
    )
    assert result["errors"] == {"base": "invalid_auth"}


async def test_user_who_may_not_see_cameras(hass: HomeAssistant, recorder: ExacqServer) -> None:
    recorder.recorder.users["viewer"].cameras = False
    result = await start_user_flow(hass, DEVICE_TYPE_EXACQ)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], form(recorder, username="viewer", password="viewer")
    )
    assert result["errors"] == {"base": "recorder_insufficient_permissions"}
    assert not recorder.sessions


async def test_a_user_who_only_watches_is_told_what_it_cannot_do(
    hass: HomeAssistant, recorder: ExacqServer
) -> None:
    """A viewer account was accepted without a word about PTZ and soft triggers (issue 29,
    11): its role (002 List Users: Live Only) brings a step that says so before adding."""
    result = await start_user_flow(hass, DEVICE_TYPE_EXACQ)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], form(recorder, username="viewer", password="viewer")
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "exacq_viewer"
    assert result["description_placeholders"] == {"username": "viewer", "role": "Live Only"}
    assert not hass.config_entries.async_entries(DOMAIN)  # not yet
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {})
    await hass.async_block_till_done()
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"][CONF_USERNAME] == "viewer"


async def test_a_role_the_server_does_not_list_is_not_guessed(
    hass: HomeAssistant, recorder: ExacqServer
) -> None:
    """Where the user may not list users, nothing is said: the entry is added as before."""
    recorder.users_listed = False
    result = await start_user_flow(hass, DEVICE_TYPE_EXACQ)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], form(recorder, username="viewer", password="viewer")
    )
    await hass.async_block_till_done()
    assert result["type"] is FlowResultType.CREATE_ENTRY


async def test_an_axis_camera_is_not_an_exacq_server(
    hass: HomeAssistant, server: CameraServer
) -> None:
    result = await start_user_flow(hass, DEVICE_TYPE_EXACQ)
    result = await hass.config_entries.flow.async_configure(result["flow_id"], form(server))
    assert result["errors"] == {"base": "not_exacq"}


async def _not_implemented(request: web.Request, handler: Any) -> web.StreamResponse:
    return web.Response(status=501, text="Not Implemented")


@pytest.mark.parametrize("fault", ["missing", "html_200", "post_refused", "post_not_implemented"])
async def test_no_web_service_at_the_address(
    hass: HomeAssistant, recorder: ExacqServer, fault: str
) -> None:
    """Another web server at the address: the form says no exacqVision answers there.

    (A web server that does not take POST answered "Failed to connect": issue 29, 9.)
    """
    if fault == "missing":
        recorder.missing_paths.add(Endpoint.LOGIN)
    elif fault == "html_200":
        recorder.inject("html_200", path=Endpoint.LOGIN)
    elif fault == "post_refused":
        recorder.refused_methods[Endpoint.LOGIN] = {"POST"}
    else:
        recorder.overrides[Endpoint.LOGIN] = _not_implemented
    result = await start_user_flow(hass, DEVICE_TYPE_EXACQ)
    result = await hass.config_entries.flow.async_configure(result["flow_id"], form(recorder))
    assert result["errors"] == {"base": "not_exacq"}


@pytest.mark.unexpected_error_logged
async def test_unexpected_error(hass: HomeAssistant, recorder: ExacqServer) -> None:
    result = await start_user_flow(hass, DEVICE_TYPE_EXACQ)
    with patch(
        "custom_components.axis_thermometry.exacq.ExacqClient.cameras",
        side_effect=RuntimeError("boom"),
    ):
        result = await hass.config_entries.flow.async_configure(result["flow_id"], form(recorder))
    assert result["errors"] == {"base": "unknown"}
    assert not recorder.sessions  # logged out even so


async def test_already_configured_updates_address(
    hass: HomeAssistant, recorder: ExacqServer
) -> None:
    entry = MockConfigEntry(
        domain=DOMAIN, unique_id=SERIAL, data=exacq_entry_data(recorder, host="192.0.2.7")
    )
    entry.add_to_hass(hass)
    result = await start_user_flow(hass, DEVICE_TYPE_EXACQ)
    result = await hass.config_entries.flow.async_configure(result["flow_id"], form(recorder))
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"
    assert entry.data[CONF_HOST] == recorder.host


# ---------------------------------------------------------------------- reauth


async def test_reauth(
    hass: HomeAssistant, recorder: ExacqServer, loaded_exacq: MockConfigEntry
) -> None:
    recorder.recorder.users["admin"].password = "new-secret"
    result = await loaded_exacq.start_reauth_flow(hass)
    assert result["step_id"] == "exacq_reauth_confirm"
    assert result["description_placeholders"] == {
        "name": "Plant recorder",
        "host": recorder.host,
    }
    await assert_reauth(hass, loaded_exacq, result, "admin", "new-secret")


async def test_reauth_on_another_server_is_refused(
    hass: HomeAssistant, recorder: ExacqServer, loaded_exacq: MockConfigEntry
) -> None:
    result = await loaded_exacq.start_reauth_flow(hass)
    recorder.recorder.serial = "00-11-22-33-44-55"
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_USERNAME: "admin", CONF_PASSWORD: "admin256"}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "wrong_device"


# ---------------------------------------------------------------------- reconfigure


async def test_reconfigure_keeps_the_password_when_left_empty(
    hass: HomeAssistant, recorder: ExacqServer, loaded_exacq: MockConfigEntry
) -> None:
    result = await loaded_exacq.start_reconfigure_flow(hass)
    assert result["step_id"] == "exacq_reconfigure"
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], form(recorder, password="", port=closed_port())
    )
    assert result["errors"] == {"base": "cannot_connect"}
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], form(recorder, password="")
    )
    await hass.async_block_till_done()
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    assert loaded_exacq.data == exacq_entry_data(recorder)


async def test_reconfigure_to_another_server_is_refused(
    hass: HomeAssistant, recorder: ExacqServer, loaded_exacq: MockConfigEntry
) -> None:
    result = await loaded_exacq.start_reconfigure_flow(hass)
    recorder.recorder.serial = "00-11-22-33-44-55"
    result = await hass.config_entries.flow.async_configure(result["flow_id"], form(recorder))
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "wrong_device"


async def test_a_version_1_recorder_entry_drops_its_interval(
    hass: HomeAssistant, recorder: ExacqServer
) -> None:
    entry = MockConfigEntry(
        domain=DOMAIN,
        title=recorder.recorder.name,
        unique_id=SERIAL,
        data=exacq_entry_data(recorder),
        options={CONF_SCAN_INTERVAL: 2},
        version=1,
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert (entry.version, entry.options) == (2, {})
    interval = entry.runtime_data.coordinator.update_interval
    assert interval is not None and interval.total_seconds() == 5
    assert await hass.config_entries.async_unload(entry.entry_id)
