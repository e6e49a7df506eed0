"""Camera settings as number, switch and select entities, through Home Assistant."""

from homeassistant.const import (
    ATTR_UNIT_OF_MEASUREMENT,
    STATE_OFF,
    STATE_ON,
    STATE_UNAVAILABLE,
    UnitOfTemperature,
)
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import entity_registry as er
from homeassistant.util.unit_system import US_CUSTOMARY_SYSTEM
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.axis_thermometry.const import DOMAIN
from tests.simulator import CameraServer

from .conftest import entry_data, refresh, select, set_number, state_value, switch, wait_for

PTZ = pytest.mark.parametrize("profile", ["ptz"])
LEGACY = pytest.mark.parametrize("profile", ["legacy"])
FIXED = "axis_q2101_te"
Q87 = "axis_q8752_e"


async def setup_as_operator(hass: HomeAssistant, server: CameraServer) -> MockConfigEntry:
    entry = MockConfigEntry(
        domain=DOMAIN,
        title=f"AXIS {server.camera.model}",
        unique_id=server.camera.serial,
        data=entry_data(server, username="operator", password="operator"),
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    return entry


# ---------------------------------------------------------------------- isotherm


async def test_isotherm_level_keeps_the_others(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: CameraServer
) -> None:
    entity = f"number.{FIXED}_isotherm_high_level"
    registry_entry = er.async_get(hass).async_get(entity)
    assert registry_entry is not None
    assert registry_entry.entity_category == "config"
    await set_number(hass, entity, 120)
    iso = server.camera.thermals.isotherm
    assert (iso.low, iso.middle, iso.high, iso.minimum) == (10, 50, 120, -40)
    assert float(state_value(hass, entity)) == 120


async def test_isotherm_order_refused_before_sending(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: CameraServer
) -> None:
    server.counters.reset()
    with pytest.raises(ServiceValidationError) as raised:
        await set_number(hass, f"number.{FIXED}_isotherm_middle_level", 150)  # above high (100)
    assert raised.value.translation_key == "invalid_isotherm_order"
    assert raised.value.translation_placeholders == {  # with the unit the user sees
        "high": "100 °C",
        "middle": "150 °C",
        "low": "10 °C",
        "min": "-40 °C",
    }
    assert str(raised.value) == (
        "Isotherm levels must rise strictly: low (10 °C) < middle (150 °C) < high (100 °C), "
        "and the minimum must be below low"
    )
    assert server.counters.by_method["setIsothermLevels"] == 0
    assert float(state_value(hass, f"number.{FIXED}_isotherm_middle_level")) == 50


async def test_isotherm_range_from_capabilities(
    hass: HomeAssistant, loaded_entry: MockConfigEntry
) -> None:
    state = hass.states.get(f"number.{FIXED}_isotherm_low_level")
    assert state is not None
    assert (state.attributes["min"], state.attributes["max"]) == (-39, 348)  # min+1 … max-2
    with pytest.raises(ServiceValidationError):
        await set_number(hass, f"number.{FIXED}_isotherm_low_level", 349)


async def test_camera_refusal_carries_its_message_and_state_is_reread(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: CameraServer
) -> None:
    server.inject("json_error", method="setIsothermLevels", code=1100, message="Internal error.")
    server.camera.thermals.isotherm.low = 5  # changed meanwhile on the camera
    with pytest.raises(HomeAssistantError) as raised:
        await set_number(hass, f"number.{FIXED}_isotherm_high_level", 130)
    assert raised.value.translation_key == "camera_refused"
    assert str(raised.value) == "The camera refused the request: Internal error."
    assert float(state_value(hass, f"number.{FIXED}_isotherm_high_level")) == 100
    assert float(state_value(hass, f"number.{FIXED}_isotherm_low_level")) == 5


async def test_isotherm_overlay_switch(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: CameraServer
) -> None:
    entity = f"switch.{FIXED}_isotherm_palette_overlay"
    assert state_value(hass, entity) == STATE_OFF
    await switch(hass, entity, True)
    assert server.camera.thermals.isotherm.render_overlay
    assert state_value(hass, entity) == STATE_ON


@LEGACY
async def test_no_isotherm_minimum_before_api_1_2(
    hass: HomeAssistant, loaded_entry: MockConfigEntry
) -> None:
    assert hass.states.get("number.axis_q1941_e_isotherm_high_level") is not None
    assert hass.states.get("number.axis_q1941_e_isotherm_minimum_level") is None


# ---------------------------------------------------------------------- scale & palette


async def test_scale_switch_changes_every_unit(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: CameraServer
) -> None:
    await select(hass, f"select.{FIXED}_temperature_scale", "fahrenheit")
    assert server.camera.thermals.scale == "fahrenheit"
    assert state_value(hass, f"select.{FIXED}_temperature_scale") == "fahrenheit"
    components = hass.data["entity_components"]
    sensor = components["sensor"].get_entity(f"sensor.{FIXED}_transformer_average")
    assert sensor.native_unit_of_measurement == UnitOfTemperature.FAHRENHEIT
    assert sensor.native_value == pytest.approx(113)
    # Settings are in Home Assistant's unit (°C, metric), converted by the integration: the
    # camera's 212 °F and its 662 °F maximum.
    high = components["number"].get_entity(f"number.{FIXED}_isotherm_high_level")
    assert high.native_unit_of_measurement == UnitOfTemperature.CELSIUS
    assert high.native_value == 100
    assert high.native_max_value == 350
    state = hass.states.get(f"number.{FIXED}_isotherm_high_level")
    assert state is not None
    assert state.attributes[ATTR_UNIT_OF_MEASUREMENT] == UnitOfTemperature.CELSIUS
    await set_number(hass, f"number.{FIXED}_isotherm_high_level", 51)  # 123.8 °F
    assert server.camera.thermals.isotherm.high == 124  # whole degrees of the camera's scale
    assert state_value(hass, f"number.{FIXED}_isotherm_high_level") == "51.0"  # as typed
    await select(hass, f"select.{FIXED}_temperature_scale", "celsius")
    assert sensor.native_unit_of_measurement == UnitOfTemperature.CELSIUS


async def test_palette(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: CameraServer
) -> None:
    entity = f"select.{FIXED}_palette"
    state = hass.states.get(entity)
    assert state is not None
    assert state.state == "White-hot"
    assert "Iso-Fire" in state.attributes["options"]
    await select(hass, entity, "Iso-Fire")
    assert server.camera.params["Image.I0.Appearance.Palette"] == "Iso-Fire"
    assert state_value(hass, entity) == "Iso-Fire"


@LEGACY
async def test_no_palette_select_without_definitions(
    hass: HomeAssistant, loaded_entry: MockConfigEntry
) -> None:
    assert hass.states.get("select.axis_q1941_e_palette") is None
    assert hass.states.get("select.axis_q1941_e_temperature_scale") is not None


# ---------------------------------------------------------------------- areas


async def test_area_settings_write_the_whole_area(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: CameraServer
) -> None:
    area = server.camera.thermals.areas[0]
    name, vertices = area.name, list(area.vertices)
    await set_number(hass, f"number.{FIXED}_transformer_threshold", 85)
    await set_number(hass, f"number.{FIXED}_transformer_delay", 12)
    area = server.camera.thermals.areas[0]
    assert (area.threshold, area.delay, area.name, area.vertices) == (85, 12, name, vertices)
    assert float(state_value(hass, f"number.{FIXED}_transformer_threshold")) == 85
    state = hass.states.get(f"binary_sensor.{FIXED}_transformer_alarm")
    assert state is not None
    assert state.attributes["threshold"] == 85


async def test_disabling_an_area(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: CameraServer
) -> None:
    await switch(hass, f"switch.{FIXED}_transformer_enabled", False)
    assert not server.camera.thermals.areas[0].enabled
    assert state_value(hass, f"switch.{FIXED}_transformer_enabled") == STATE_OFF
    state = hass.states.get(f"sensor.{FIXED}_transformer_average")
    assert state is not None
    assert state.attributes["measuring"] is False
    await switch(hass, f"switch.{FIXED}_transformer_enabled", True)
    state = hass.states.get(f"sensor.{FIXED}_transformer_average")
    assert state is not None
    assert state.attributes["measuring"] is True


async def test_area_delay_range(hass: HomeAssistant, loaded_entry: MockConfigEntry) -> None:
    state = hass.states.get(f"number.{FIXED}_transformer_delay")
    assert state is not None
    assert (state.attributes["min"], state.attributes["max"]) == (0, 300)
    with pytest.raises(ServiceValidationError):
        await set_number(hass, f"number.{FIXED}_transformer_delay", 301)


@PTZ
async def test_rate_threshold_and_off_preset_areas(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: CameraServer
) -> None:
    """A rate area's threshold is a change of at least 1; settings work off-preset."""
    entity = f"number.{Q87}_belt_motor_threshold"  # preset 3, camera stands on 2
    state = hass.states.get(entity)
    assert state is not None
    assert state.state == "10.0"  # settings are shown to a tenth
    assert state.attributes["min"] == 1
    await set_number(hass, entity, 15)
    assert server.camera.thermals.areas[2].threshold == 15


async def test_operator_reads_but_cannot_change_areas(
    hass: HomeAssistant, server: CameraServer
) -> None:
    await setup_as_operator(hass, server)
    with pytest.raises(HomeAssistantError) as raised:
        await set_number(hass, f"number.{FIXED}_transformer_threshold", 90)
    assert raised.value.translation_key == "write_not_permitted"
    assert server.camera.thermals.areas[0].threshold == 80
    with pytest.raises(HomeAssistantError):
        await select(hass, f"select.{FIXED}_palette", "Iron")
    await set_number(hass, f"number.{FIXED}_isotherm_high_level", 110)  # operator may
    assert server.camera.thermals.isotherm.high == 110


# ---------------------------------------------------------------------- DayNight


@PTZ
async def test_daynight(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: CameraServer
) -> None:
    assert server.camera.daynight is not None
    channel = server.camera.daynight[0]  # the thermal channel (where the areas are)
    await set_number(hass, f"number.{Q87}_thermal_night_switch_level", 70)
    await set_number(hass, f"number.{Q87}_thermal_day_switch_delay", 25)
    assert (channel.day_night_shift_level, channel.night_day_dwell_time) == (70, 25)
    night_day = f"number.{Q87}_thermal_day_switch_level"
    assert state_value(hass, night_day) == STATE_UNAVAILABLE  # autotune controls it
    await switch(hass, f"switch.{Q87}_thermal_day_switch_autotune", False)
    assert not channel.autotune
    assert float(state_value(hass, night_day)) == 50
    await set_number(hass, night_day, 35)
    assert channel.night_day_shift_level == 35
    # Every write sent the channel whole: what was not touched kept its value (004).
    assert (channel.day_night_shift_level, channel.night_day_dwell_time) == (70, 25)
    # The second channel has its own settings.
    await set_number(hass, f"number.{Q87}_visual_night_switch_level", 20)
    assert server.camera.daynight[1].day_night_shift_level == 20
    assert channel.day_night_shift_level == 70


@PTZ
async def test_daynight_without_autotune_or_night_level(
    hass: HomeAssistant, config_entry: MockConfigEntry, server: CameraServer
) -> None:
    assert server.camera.daynight is not None
    assert not server.camera.daynight[1].autotune_support
    config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(config_entry.entry_id)
    await hass.async_block_till_done()
    assert hass.states.get(f"switch.{Q87}_visual_day_switch_autotune") is None
    assert hass.states.get(f"number.{Q87}_visual_day_switch_level") is None
    assert hass.states.get(f"number.{Q87}_visual_night_switch_level") is not None
    assert hass.states.get(f"switch.{Q87}_thermal_day_switch_autotune") is not None


async def test_no_daynight_without_the_api(
    hass: HomeAssistant, loaded_entry: MockConfigEntry
) -> None:
    assert not [s for s in hass.states.async_entity_ids("number") if "channel" in s]
    assert server_requests_daynight(loaded_entry) is False


def server_requests_daynight(entry: MockConfigEntry) -> bool:
    return bool(entry.runtime_data.readings.configuration.data.daynight)


# ---------------------------------------------------------------------- guard tour


@PTZ
async def test_guard_tour(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: CameraServer
) -> None:
    pause = f"switch.{Q87}_guard_tour_pause_on_alarm"
    resume = f"switch.{Q87}_guard_tour_automatic_resume"
    assert state_value(hass, pause) == STATE_ON
    assert state_value(hass, resume) == STATE_ON
    await switch(hass, pause, False)
    assert not server.camera.thermals.tgt_pause_on_alarm
    assert state_value(hass, resume) == STATE_UNAVAILABLE  # only valid while pausing
    await switch(hass, pause, True)
    await switch(hass, resume, False)
    assert not server.camera.thermals.tgt_auto_resume


async def test_no_guard_tour_on_fixed_cameras(
    hass: HomeAssistant, loaded_entry: MockConfigEntry
) -> None:
    assert hass.states.get(f"switch.{FIXED}_guard_tour_pause_on_alarm") is None


@PTZ
async def test_guard_tour_hidden_from_operators(hass: HomeAssistant, server: CameraServer) -> None:
    """Reading the guard tour needs an administrator; an operator gets no guard tour switches."""
    await setup_as_operator(hass, server)
    assert hass.states.get(f"switch.{Q87}_guard_tour_pause_on_alarm") is None
    assert hass.states.get(f"switch.{Q87}_isotherm_palette_overlay") is not None


# ---------------------------------------------------------------------- refresh cadence


async def test_settings_are_not_polled_with_the_temperatures(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: CameraServer
) -> None:
    # Once the event stream is live (until then each poll confirms the camera's identity).
    await wait_for(lambda: loaded_entry.runtime_data.readings.followed)
    server.counters.reset()
    for _ in range(3):
        await refresh(hass, loaded_entry)
    assert server.counters.by_method["getIsothermLevels"] == 0
    assert server.counters.by_path["/axis-cgi/param.cgi"] == 0


# ---------------------------------------------------------------------- what the user typed


async def reread(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    """Read the camera's settings again now, as the 10-minute read would."""
    await entry.runtime_data.readings.async_reread_configuration()
    await hass.async_block_till_done()


async def test_settings_read_back_as_typed_in_another_unit(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: CameraServer
) -> None:
    """°F in Home Assistant, °C on the camera: 330 °F is 166 °C on the camera, which is
    330.8 °F; it read back as 331 °F, a threshold of 520 °F as 520.0 with 519.8 in the area's
    attributes, 0 °F as "-0.0" (issue 29, 6). What the user typed reads back as typed, the
    same in the number and the attributes, while the camera keeps what it became."""
    hass.config.units = US_CUSTOMARY_SYSTEM
    await set_number(hass, f"number.{FIXED}_isotherm_high_level", 330)
    assert server.camera.thermals.isotherm.high == 166
    assert state_value(hass, f"number.{FIXED}_isotherm_high_level") == "330.0"
    await set_number(hass, f"number.{FIXED}_isotherm_low_level", 0)
    assert server.camera.thermals.isotherm.low == -18
    assert state_value(hass, f"number.{FIXED}_isotherm_low_level") == "0.0"
    await set_number(hass, f"number.{FIXED}_transformer_threshold", 520)
    assert server.camera.thermals.areas[0].threshold == 271
    assert state_value(hass, f"number.{FIXED}_transformer_threshold") == "520.0"
    alarm = hass.states.get(f"binary_sensor.{FIXED}_transformer_alarm")
    assert alarm is not None and alarm.attributes["threshold"] == 520.0
    # Changed on the camera: what it holds now, converted (to a tenth: its whole degrees).
    server.camera.thermals.isotherm.high = 167
    await reread(hass, loaded_entry)
    assert state_value(hass, f"number.{FIXED}_isotherm_high_level") == "332.6"
    # The low level is still the camera's -18 °C: as typed, never "-0.0".
    assert state_value(hass, f"number.{FIXED}_isotherm_low_level") == "0.0"


async def test_scale_switch_that_keeps_values_changes_no_state(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: CameraServer
) -> None:
    """Switching the camera's scale wrote a state (and a logbook entry) for every level and
    threshold whose value did not change: "122.0" → "122" (issue 29, 6)."""
    hass.config.units = US_CUSTOMARY_SYSTEM
    iso = server.camera.thermals.isotherm
    iso.minimum, iso.low, iso.middle, iso.high = -20, 0, 20, 50  # whole °F as well
    server.camera.thermals.areas[0].threshold = 100
    await reread(hass, loaded_entry)
    watched = {
        f"number.{FIXED}_isotherm_high_level": "122.0",
        f"number.{FIXED}_isotherm_middle_level": "68.0",
        f"number.{FIXED}_isotherm_low_level": "32.0",
        f"number.{FIXED}_transformer_threshold": "212.0",
    }
    assert {entity: state_value(hass, entity) for entity in watched} == watched
    written: list[str] = []
    hass.bus.async_listen(
        "state_changed",
        lambda event: (
            written.append(event.data["entity_id"]) if event.data["entity_id"] in watched else None
        ),
    )
    await select(hass, f"select.{FIXED}_temperature_scale", "fahrenheit")
    assert server.camera.thermals.scale == "fahrenheit"
    assert iso.high == 122
    assert {entity: state_value(hass, entity) for entity in watched} == watched
    assert written == []
