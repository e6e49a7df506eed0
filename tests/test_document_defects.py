"""Issue 12's defects as a Home Assistant user meets them, against cameras that follow the seeds."""

from homeassistant.config_entries import SOURCE_REAUTH
from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import issue_registry as ir
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.axis_thermometry.const import DOMAIN
from tests.simulator import CameraServer

from .conftest import refresh, select, set_up, state_value
from .test_services import act, call

FIXED = "axis_q2101_te"
Q87 = "axis_q8752_e"
PTZ = pytest.mark.parametrize("profile", ["ptz"])


async def test_isotherm_levels_follow_an_isothermal_palette(
    hass: HomeAssistant, config_entry: MockConfigEntry, server: CameraServer
) -> None:
    """2: 000 ties the isotherm levels to isothermal palettes; a camera answering 2102 loads
    without them, and they come when the camera answers (no reload)."""
    server.camera.thermals.isotherm_needs_iso_palette = True
    await set_up(hass, config_entry)
    high = f"number.{FIXED}_isotherm_high_level"
    assert hass.states.get(high) is None
    assert float(state_value(hass, f"sensor.{FIXED}_transformer_average")) == 45
    await select(hass, f"select.{FIXED}_palette", "Iso-Fire")
    assert float(state_value(hass, high)) == 100
    await select(hass, f"select.{FIXED}_palette", "Iron")
    assert state_value(hass, high) == STATE_UNAVAILABLE  # known, but not answered now


async def test_a_removed_spot_meter_is_only_the_spot_meters_problem(
    hass: HomeAssistant, loaded_entry: MockConfigEntry
) -> None:
    """6: after removeSpotTemperature ("Remove the spot meter") only the spot sensor suffers."""
    spot = f"sensor.{FIXED}_spot_temperature"
    await call(hass, loaded_entry, "remove_spot_meter")
    assert state_value(hass, spot) == STATE_UNAVAILABLE
    assert state_value(hass, f"sensor.{FIXED}_transformer_average") != STATE_UNAVAILABLE
    assert state_value(hass, f"binary_sensor.{FIXED}_phase_balance_deviation_alarm") != (
        STATE_UNAVAILABLE
    )
    await call(hass, loaded_entry, "set_spot_meter", x=0, y=0)
    assert state_value(hass, spot) != STATE_UNAVAILABLE


async def test_error_2110_raises_the_permission_issue_not_reauthentication(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: CameraServer
) -> None:
    """10: 000's examples answer a user without rights with 2110 "not authorized"."""
    server.variants.auth_error_body = "json"
    server.camera.users["root"] = ("pass", 1)  # a viewer now
    await refresh(hass, loaded_entry)
    issue_id = f"insufficient_permissions_{loaded_entry.entry_id}"
    assert ir.async_get(hass).async_get_issue(DOMAIN, issue_id) is not None
    flows = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert not [flow for flow in flows if flow["context"]["source"] == SOURCE_REAUTH]


@PTZ
async def test_presets_and_group_limits_are_checked_before_sending(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: CameraServer
) -> None:
    """13: presetNbr "must be an existing preset number for PTZ cameras"; maxGroups per preset."""
    server.counters.reset()
    with pytest.raises(ServiceValidationError) as raised:
        await call(
            hass,
            loaded_entry,
            "add_area",
            name="Stack",
            vertices=[[0, 0], [0.2, 0], [0.2, 0.2]],
            threshold=100,
            preset="Chimney",
        )
    assert raised.value.translation_key == "invalid_unknown_preset"
    assert raised.value.translation_placeholders == {
        "preset": "Chimney",
        "presets": "Home, Furnace, Conveyor",
    }
    server.camera.thermals.max_groups = 1
    loaded_entry.runtime_data.readings.request_configuration_refresh()
    await refresh(hass, loaded_entry)
    with pytest.raises(ServiceValidationError) as raised:
        await act(
            hass,
            "add_group",
            name="Pair",
            areas=[f"binary_sensor.{Q87}_belt_motor_alarm", f"binary_sensor.{Q87}_bearing_alarm"],
            threshold=5,
        )
    assert raised.value.translation_key == "invalid_too_many_groups"
    assert not server.counters.by_method.keys() & {"addArea", "addGroup"}


@PTZ
@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_latin1_preset_names_become_entity_names(
    hass: HomeAssistant, config_entry: MockConfigEntry, server: CameraServer
) -> None:
    """15: ptz.cgi answers in ISO-8859-1, here without saying so."""
    assert server.camera.presets is not None
    server.camera.presets[2].name = "Entrée"
    server.text_charset, server.declare_charset = "latin-1", False
    await set_up(hass, config_entry)
    state = hass.states.get(f"button.{Q87}_go_to_entree")
    assert state is not None
    assert state.attributes["friendly_name"] == "AXIS Q8752-E Go to Entrée"


@PTZ
async def test_presets_stored_with_some_axes_are_recognised(
    hass: HomeAssistant, config_entry: MockConfigEntry, server: CameraServer
) -> None:
    """17: a preset stored as pan and tilt only (zoom missing) still matches the position."""
    assert server.camera.presets is not None
    server.camera.presets[2].stored_axes = ("pan", "tilt")
    await set_up(hass, config_entry)
    assert state_value(hass, f"sensor.{Q87}_current_preset") == "Furnace"
