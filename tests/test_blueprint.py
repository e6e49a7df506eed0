"""The automation blueprint shipped in ``blueprints/``, loaded and run by Home Assistant."""

from pathlib import Path
import shutil
import time

from homeassistant.const import STATE_OFF, STATE_ON, STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_mock_service

from tests.simulator import CameraServer

from .conftest import refresh, state_value

BLUEPRINTS = Path(__file__).parent.parent / "blueprints"
PATH = "axis_thermometry/temperature_alarm_outputs.yaml"
FIXED = "axis_q2101_te"
ALARM = f"binary_sensor.{FIXED}_cable_joint_alarm"  # above 60 °C, no delay
SIREN = f"switch.{FIXED}_siren"
PHONE = "notify.phone"


@pytest.fixture
async def blueprint_automation(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, tmp_path: Path
) -> None:
    """The blueprint imported into a configuration directory and used by one automation."""
    await hass.async_add_executor_job(shutil.copytree, BLUEPRINTS, tmp_path / "blueprints")
    hass.config.config_dir = str(tmp_path)
    assert await async_setup_component(
        hass,
        "automation",
        {
            "automation": [
                {
                    "id": "cable_joint",
                    "alias": "Cable joint alarm",
                    "use_blueprint": {
                        "path": PATH,
                        "input": {"alarm": ALARM, "outputs": [SIREN], "notify": [PHONE]},
                    },
                }
            ]
        },
    )
    await hass.async_block_till_done()
    assert state_value(hass, "automation.cable_joint_alarm") == STATE_ON


@pytest.mark.usefixtures("blueprint_automation")
async def test_outputs_follow_the_alarm_and_survive_an_outage(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: CameraServer
) -> None:
    port = 2
    assert state_value(hass, SIREN) == STATE_OFF
    server.camera.set_area_temperature(1, 75.0)
    await refresh(hass, loaded_entry)
    assert state_value(hass, ALARM) == STATE_ON
    await hass.async_block_till_done()
    assert server.camera.outputs[port] is True
    # The camera away is not an all-clear: the siren stays on.
    server.offline_until = time.monotonic() + 3600
    await refresh(hass, loaded_entry)
    assert state_value(hass, ALARM) == STATE_UNAVAILABLE
    server.offline_until = 0
    await refresh(hass, loaded_entry)
    await hass.async_block_till_done()
    assert server.camera.outputs[port] is True
    server.camera.set_area_temperature(1, 30.0)
    await refresh(hass, loaded_entry)
    await hass.async_block_till_done()
    assert state_value(hass, ALARM) == STATE_OFF
    assert server.camera.outputs[port] is False
    assert state_value(hass, SIREN) == STATE_OFF


@pytest.mark.usefixtures("blueprint_automation")
async def test_the_notification_says_the_unit(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: CameraServer
) -> None:
    """The notification gave "above 60" without a unit (issue 29, 11)."""
    sent = async_mock_service(hass, "notify", "send_message")
    server.camera.set_area_temperature(1, 75.0)
    await refresh(hass, loaded_entry)
    await hass.async_block_till_done()
    assert len(sent) == 1
    assert sent[0].data["entity_id"] == [PHONE]
    assert sent[0].data["message"] == "AXIS Q2101-TE Cable joint alarm: maximum above 60.0 °C"
