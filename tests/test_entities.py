"""Sensors and binary sensors through Home Assistant, driven by the simulated scene."""

from datetime import timedelta

from homeassistant.components.sensor import SensorDeviceClass
from homeassistant.const import (
    ATTR_DEVICE_CLASS,
    ATTR_FRIENDLY_NAME,
    ATTR_UNIT_OF_MEASUREMENT,
    STATE_OFF,
    STATE_ON,
    STATE_UNAVAILABLE,
    STATE_UNKNOWN,
    UnitOfTemperature,
)
from homeassistant.core import HomeAssistant, State
from homeassistant.helpers import entity_registry as er
import homeassistant.util.dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    mock_restore_cache_with_extra_data,
)
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from tests.simulator import CameraServer, SimArea, SimGroup

from .conftest import ManualClock, camera_entry, refresh, set_up, state_value

PTZ = pytest.mark.parametrize("profile", ["ptz"])
PTZ13 = pytest.mark.parametrize("profile", ["ptz13"])
LEGACY = pytest.mark.parametrize("profile", ["legacy"])

FIXED = "axis_q2101_te"
Q87 = "axis_q8752_e"


# ---------------------------------------------------------------------- values


async def test_area_sensors_follow_the_scene(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: CameraServer
) -> None:
    entity = f"sensor.{FIXED}_transformer_average"
    assert float(state_value(hass, entity)) == pytest.approx(45.0)
    state = hass.states.get(f"sensor.{FIXED}_transformer_maximum")
    assert state is not None
    assert float(state.state) == pytest.approx(48.0)
    assert state.attributes[ATTR_DEVICE_CLASS] == SensorDeviceClass.TEMPERATURE
    assert state.attributes[ATTR_UNIT_OF_MEASUREMENT] == UnitOfTemperature.CELSIUS
    assert state.attributes[ATTR_FRIENDLY_NAME] == "AXIS Q2101-TE Transformer maximum"
    assert state.attributes["detection_type"] == "above"
    assert state.attributes["measurement"] == "maximum"
    assert state.attributes["threshold"] == 80
    assert state.attributes["delay"] == 5
    assert state.attributes["position"] == [-0.55, 0.0]
    assert state.attributes["preset"] is None  # fixed camera (every key is always there)
    server.camera.set_area_temperature(0, 61.5)
    await refresh(hass, loaded_entry)
    assert float(state_value(hass, entity)) == pytest.approx(61.5)


async def test_less_used_sensors_are_disabled_by_default(
    hass: HomeAssistant, loaded_entry: MockConfigEntry
) -> None:
    """The average and the value each area's rule evaluates are enabled; the rest are not."""
    registry = er.async_get(hass)
    enabled = {
        e.entity_id
        for e in er.async_entries_for_config_entry(registry, loaded_entry.entry_id)
        if e.disabled_by is None and e.domain == "sensor"
    }
    assert f"sensor.{FIXED}_transformer_maximum" in enabled
    assert f"sensor.{FIXED}_transformer_minimum" not in enabled
    assert f"sensor.{FIXED}_cold_store_minimum" in enabled  # a "below" rule
    assert f"sensor.{FIXED}_cold_store_maximum" not in enabled
    assert hass.states.get(f"sensor.{FIXED}_transformer_minimum") is None


async def test_alarm_turns_on_within_one_poll(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: CameraServer, clock: ManualClock
) -> None:
    alarm = f"binary_sensor.{FIXED}_cable_joint_alarm"  # above 60 °C, no delay
    state = hass.states.get(alarm)
    assert state is not None
    assert state.state == STATE_OFF
    assert state.attributes[ATTR_DEVICE_CLASS] == "heat"
    server.camera.set_area_temperature(1, 75.0)
    await refresh(hass, loaded_entry)
    assert state_value(hass, alarm) == STATE_ON
    # With a delay the camera raises the alarm only once the condition has held.
    transformer = f"binary_sensor.{FIXED}_transformer_alarm"  # above 80 °C for 5 s
    server.camera.set_area_temperature(0, 95.0)
    await refresh(hass, loaded_entry)
    assert state_value(hass, transformer) == STATE_OFF
    clock.advance(5)
    await refresh(hass, loaded_entry)
    assert state_value(hass, transformer) == STATE_ON
    server.camera.set_area_temperature(0, 30.0)
    await refresh(hass, loaded_entry)
    assert state_value(hass, transformer) == STATE_OFF


async def test_cold_alarm_device_class(hass: HomeAssistant, loaded_entry: MockConfigEntry) -> None:
    state = hass.states.get(f"binary_sensor.{FIXED}_cold_store_alarm")
    assert state is not None
    assert state.attributes[ATTR_DEVICE_CLASS] == "cold"


async def test_groups(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: CameraServer, clock: ManualClock
) -> None:
    deviation = f"sensor.{FIXED}_phase_balance_deviation"
    alarm = f"binary_sensor.{FIXED}_phase_balance_deviation_alarm"
    assert float(state_value(hass, deviation)) == pytest.approx(7.0)
    state = hass.states.get(deviation)
    assert state is not None
    assert state.attributes[ATTR_DEVICE_CLASS] == SensorDeviceClass.TEMPERATURE_DELTA
    assert state.attributes["areas"] == [0, 1]
    server.camera.set_area_temperature(0, 70.0)
    await refresh(hass, loaded_entry)
    clock.advance(5)
    await refresh(hass, loaded_entry)
    assert state_value(hass, alarm) == STATE_ON
    state = hass.states.get(alarm)
    assert state is not None
    assert state.attributes["warmest_area"] == 0
    assert state.attributes["coolest_area"] == 1


async def test_group_deviation_unknown_when_details_are_empty(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: CameraServer
) -> None:
    server.variants.empty_group_details = True
    await refresh(hass, loaded_entry)
    assert state_value(hass, f"sensor.{FIXED}_phase_balance_deviation") == "unknown"
    assert state_value(hass, f"binary_sensor.{FIXED}_phase_balance_deviation_alarm") == STATE_OFF


async def test_disabled_area_keeps_its_last_reading(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: CameraServer
) -> None:
    """A disabled area is not measured: its last reading stays, saying so; not unavailable."""
    average = f"sensor.{FIXED}_cold_store_average"
    before = state_value(hass, average)
    server.camera.thermals.areas[2].enabled = False
    await refresh(hass, loaded_entry)
    state = hass.states.get(average)
    assert state is not None
    assert state.state == before
    assert state.attributes["measuring"] is False
    assert dt_util.parse_datetime(state.attributes["measured_at"]) is not None
    alarm = hass.states.get(f"binary_sensor.{FIXED}_cold_store_alarm")
    assert alarm is not None
    assert alarm.state == STATE_OFF
    assert alarm.attributes["measuring"] is False
    assert state_value(hass, f"sensor.{FIXED}_transformer_average") != STATE_UNAVAILABLE
    server.camera.thermals.areas[2].enabled = True
    await refresh(hass, loaded_entry)
    state = hass.states.get(average)
    assert state is not None
    assert state.attributes["measuring"] is True
    assert state.attributes["measured_at"] is None  # it is measured now


# ---------------------------------------------------------------------- PTZ


@PTZ
async def test_areas_of_other_presets_keep_their_last_reading(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: CameraServer, clock: ManualClock
) -> None:
    """Guard tours: what the camera does not measure now keeps its last state, never
    unavailable; ``measuring`` and ``measured_at`` say so."""
    burner = f"sensor.{Q87}_burner_average"
    bearing = f"sensor.{Q87}_bearing_average"
    group = f"binary_sensor.{Q87}_motor_vs_bearing_deviation_alarm"
    burner_alarm = f"binary_sensor.{Q87}_burner_alarm"
    assert float(state_value(hass, burner)) == pytest.approx(240)
    assert state_value(hass, bearing) == STATE_UNKNOWN  # never measured since setup
    assert state_value(hass, group) == STATE_UNKNOWN
    state = hass.states.get(burner_alarm)
    assert state is not None
    assert state.attributes["preset"] == "Furnace"
    assert state.attributes["preset_id"] == 2
    assert state.attributes["area_id"] == 0
    assert state.attributes["measuring"] is True
    server.camera.set_area_temperature(0, 400.0)  # the burner overheats...
    await refresh(hass, loaded_entry)
    clock.advance(5)  # (its rule's delay)
    await refresh(hass, loaded_entry)
    assert state_value(hass, burner_alarm) == STATE_ON
    server.camera.goto_preset(3)  # ...and the tour moves on
    await refresh(hass, loaded_entry)
    assert float(state_value(hass, burner)) > 300
    state = hass.states.get(burner_alarm)
    assert state is not None
    assert state.state == STATE_ON  # the camera's last word on it
    assert state.attributes["measuring"] is False
    assert "measured_at" in state.attributes
    assert float(state_value(hass, bearing)) == pytest.approx(62)
    assert state_value(hass, group) == STATE_OFF
    server.camera.move_to(5.0, 5.0, 1.0)  # between presets: nothing is measured
    await refresh(hass, loaded_entry)
    assert float(state_value(hass, bearing)) == pytest.approx(62)
    bearing_state = hass.states.get(bearing)
    assert bearing_state is not None
    assert bearing_state.attributes["measuring"] is False


@PTZ
async def test_readings_of_other_presets_survive_a_restart(
    hass: HomeAssistant, server: CameraServer, clock: ManualClock
) -> None:
    """After a restart of Home Assistant, a PTZ camera's areas of other presets were
    "Unknown" until the tour came back to them (issue 29, 7). Their last readings are
    restored, marked as not measured now, with when they were measured."""
    bearing = f"sensor.{Q87}_bearing_average"
    bearing_alarm = f"binary_sensor.{Q87}_bearing_alarm"
    group = f"binary_sensor.{Q87}_motor_vs_bearing_deviation_alarm"
    measured_at = dt_util.utcnow().replace(microsecond=0) - timedelta(hours=1)
    last = {"scale": "celsius", "measured_at": measured_at.isoformat(), "triggered": True}
    area = last | {"average": 61.5, "minimum": 50.0, "maximum": 70.0}
    mock_restore_cache_with_extra_data(
        hass,
        [
            (State(bearing_alarm, STATE_ON), area),
            (State(group, STATE_OFF), last | {"triggered": False, "current_deviation": 4.0}),
        ],
    )
    entry = await set_up(hass, camera_entry(server))
    state = hass.states.get(bearing)
    assert state is not None
    assert float(state.state) == pytest.approx(61.5)
    assert state.attributes["measuring"] is False
    assert dt_util.parse_datetime(state.attributes["measured_at"]) == measured_at
    alarm = hass.states.get(bearing_alarm)
    assert alarm is not None
    assert alarm.state == STATE_ON  # as it was, marked as not current:
    assert alarm.attributes["measuring"] is False
    assert state_value(hass, f"binary_sensor.{Q87}_any_area_alarm") == STATE_OFF
    assert float(state_value(hass, f"sensor.{Q87}_motor_vs_bearing_deviation")) == 4.0
    # Polls carry it on; a reload keeps it too.
    await refresh(hass, entry)
    assert float(state_value(hass, bearing)) == pytest.approx(61.5)
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    assert float(state_value(hass, bearing)) == pytest.approx(61.5)
    # Measured again: the camera's reading, current.
    server.camera.goto_preset(3)
    await refresh(hass, entry)
    state = hass.states.get(bearing)
    assert state is not None
    assert float(state.state) == pytest.approx(62)
    assert state.attributes["measuring"] is True


@PTZ
async def test_a_reading_in_another_scale_is_not_restored(
    hass: HomeAssistant, server: CameraServer
) -> None:
    """A reading kept in °F is not shown once the camera reports in °C (nor a broken one)."""
    bearing_alarm = f"binary_sensor.{Q87}_bearing_alarm"
    last = {"scale": "fahrenheit", "measured_at": dt_util.utcnow().isoformat()}
    mock_restore_cache_with_extra_data(
        hass,
        [
            (State(bearing_alarm, STATE_ON), last | {"triggered": True, "average": 150}),
            (State(f"binary_sensor.{Q87}_flue_alarm", STATE_ON), {"scale": "celsius"}),
        ],
    )
    await set_up(hass, camera_entry(server))
    assert state_value(hass, bearing_alarm) == STATE_UNKNOWN
    assert state_value(hass, f"sensor.{Q87}_bearing_average") == STATE_UNKNOWN


@PTZ13
async def test_spot_meters_per_image_source(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: CameraServer
) -> None:
    """API 1.3: one sensor per active spot meter; activating one adds a sensor."""
    assert float(state_value(hass, f"sensor.{Q87}_spot_temperature")) == pytest.approx(21)
    assert hass.states.get(f"sensor.{Q87}_spot_temperature_image_source_1") is None
    server.camera.thermals.spots[1].active = True
    loaded_entry.runtime_data.readings.request_configuration_refresh()
    await refresh(hass, loaded_entry)
    assert float(state_value(hass, f"sensor.{Q87}_spot_temperature_image_source_1")) == 21
    server.camera.thermals.spots[1].active = False
    loaded_entry.runtime_data.readings.request_configuration_refresh()
    await refresh(hass, loaded_entry)
    assert hass.states.get(f"sensor.{Q87}_spot_temperature_image_source_1") is None


@LEGACY
async def test_legacy_camera_has_no_groups(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: CameraServer
) -> None:
    assert float(state_value(hass, "sensor.axis_q1941_e_boiler_average")) == 55
    assert float(state_value(hass, "sensor.axis_q1941_e_spot_temperature")) == 21
    assert server.counters.by_method["getGroupStatus"] == 0
    assert server.counters.by_path["/axis-cgi/admin/getparam.cgi"] >= 1


# ---------------------------------------------------------------------- dynamic


async def test_areas_added_and_removed_on_the_camera(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: CameraServer
) -> None:
    registry = er.async_get(hass)
    thermals = server.camera.thermals
    # An area appears: its status names an id we do not know, so configuration is re-read.
    thermals.areas[5] = SimArea(
        5, "Pump", True, "above", "maximum", 70, 0, [(0, 0), (0.2, 0), (0.2, 0.2)], base_c=33.0
    )
    await refresh(hass, loaded_entry)
    assert float(state_value(hass, f"sensor.{FIXED}_pump_average")) == 33
    assert state_value(hass, f"binary_sensor.{FIXED}_pump_alarm") == STATE_OFF
    # A group appears and an area is removed.
    thermals.groups[2] = SimGroup(2, "Pump pair", True, "maximum", 10, 0, [1, 5])
    del thermals.areas[0]
    thermals.groups[1].area_ids = [1, 5]
    loaded_entry.runtime_data.readings.request_configuration_refresh()
    await refresh(hass, loaded_entry)
    assert hass.states.get(f"sensor.{FIXED}_transformer_average") is None
    assert (
        registry.async_get_entity_id("sensor", "axis_thermometry", "B8A44F000001_area_0_average")
        is None
    )
    assert (
        registry.async_get_entity_id(
            "binary_sensor", "axis_thermometry", "B8A44F000001_area_0_alarm"
        )
        is None
    )
    assert state_value(hass, f"binary_sensor.{FIXED}_pump_pair_deviation_alarm") == STATE_OFF
    # The group goes too.
    del thermals.groups[2]
    loaded_entry.runtime_data.readings.request_configuration_refresh()
    await refresh(hass, loaded_entry)
    assert hass.states.get(f"binary_sensor.{FIXED}_pump_pair_deviation_alarm") is None
    unique_ids = {
        e.unique_id for e in er.async_entries_for_config_entry(registry, loaded_entry.entry_id)
    }
    assert not {
        u for u in unique_ids if u.startswith(("B8A44F000001_area_0_", "B8A44F000001_group_2_"))
    }


async def test_orphans_from_while_home_assistant_was_off_are_removed(
    hass: HomeAssistant, config_entry: MockConfigEntry, server: CameraServer
) -> None:
    config_entry.add_to_hass(hass)
    registry = er.async_get(hass)
    registry.async_get_or_create(
        "sensor", "axis_thermometry", "B8A44F000001_area_9_average", config_entry=config_entry
    )
    registry.async_get_or_create(
        "sensor", "axis_thermometry", "B8A44F000001_something_else", config_entry=config_entry
    )
    assert await hass.config_entries.async_setup(config_entry.entry_id)
    await hass.async_block_till_done()
    assert (
        registry.async_get_entity_id("sensor", "axis_thermometry", "B8A44F000001_area_9_average")
        is None
    )
    assert registry.async_get_entity_id("sensor", "axis_thermometry", "B8A44F000001_something_else")


async def test_rename_on_the_camera_renames_entities(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: CameraServer
) -> None:
    server.camera.thermals.areas[1].name = "Busbar"
    loaded_entry.runtime_data.readings.request_configuration_refresh()
    await refresh(hass, loaded_entry)
    await hass.async_block_till_done()
    state = hass.states.get(f"sensor.{FIXED}_cable_joint_average")
    assert state is not None  # the entity id stays, so automations keep working
    assert state.attributes[ATTR_FRIENDLY_NAME] == "AXIS Q2101-TE Busbar average"


# ---------------------------------------------------------------------- units


async def test_fahrenheit_camera_reports_native_fahrenheit(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: CameraServer
) -> None:
    """The camera's scale is the native unit; Home Assistant converts for display."""
    entity = f"sensor.{FIXED}_transformer_average"
    server.camera.set_scale("fahrenheit")
    loaded_entry.runtime_data.readings.request_configuration_refresh()
    await refresh(hass, loaded_entry)
    registry_entry = er.async_get(hass).async_get(entity)
    assert registry_entry is not None
    sensor = hass.data["entity_components"]["sensor"].get_entity(entity)
    assert sensor.native_unit_of_measurement == UnitOfTemperature.FAHRENHEIT
    assert sensor.native_value == pytest.approx(113.0)  # 45 °C
    # Displayed in the system's unit (metric here): the same temperature.
    assert float(state_value(hass, entity)) == pytest.approx(45.0)
    # Everything the user sees is in Home Assistant's unit (issue 15, 8): attributes too, and
    # temperature differences, which Home Assistant would leave in the camera's scale.
    state = hass.states.get(f"binary_sensor.{FIXED}_transformer_alarm")
    assert state is not None
    assert state.attributes["threshold"] == pytest.approx(80)  # 176 °F
    threshold = hass.states.get(f"number.{FIXED}_transformer_threshold")
    assert threshold is not None
    assert float(threshold.state) == pytest.approx(80)
    assert threshold.attributes["unit_of_measurement"] == "°C"
    group = hass.states.get(f"binary_sensor.{FIXED}_phase_balance_deviation_alarm")
    assert group is not None
    assert group.attributes["threshold"] == pytest.approx(15)  # 27 °F of difference
    deviation = hass.states.get(f"sensor.{FIXED}_phase_balance_deviation")
    assert deviation is not None
    assert deviation.attributes["unit_of_measurement"] == "°C"


# ---------------------------------------------------------------------- diagnostics


async def test_diagnostics_are_redacted(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    loaded_entry: MockConfigEntry,
    server: CameraServer,
) -> None:
    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, loaded_entry)
    text = str(diagnostics)
    for secret in ("pass", server.camera.serial, "b8:a4:4f:00:00:01", server.host):
        assert f"'{secret}'" not in text
    assert diagnostics["entry"]["data"]["password"] == "**REDACTED**"
    assert diagnostics["device"]["serial_number"] == "**REDACTED**"
    assert diagnostics["thermometry_api_version"] == "1.2"
    assert [area["name"] for area in diagnostics["areas"]] == [
        "Transformer",
        "Cable joint",
        "Cold store",
    ]
    assert len(diagnostics["area_status"]) == 3
    # What support needs besides (issue 15, 11): settings, I/O, timing, health, readings.
    assert diagnostics["poll_interval_s"] == 5
    assert diagnostics["last_error"] is None
    assert diagnostics["isotherm"]["high"] == 100
    assert diagnostics["palette"]
    assert [port["name"] for port in diagnostics["inputs"]] == ["Door contact"]
    assert diagnostics["measuring"]["area_0"]["measuring"] is True
    assert diagnostics["unreadable"] == []
    assert diagnostics["failing_capabilities"] == {}
