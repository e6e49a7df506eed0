"""Service actions against the simulator: success, every refusal, and what the UI then shows."""

from pathlib import Path
from typing import Any

from homeassistant.const import STATE_OFF, STATE_ON
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import device_registry as dr
from homeassistant.util.unit_system import US_CUSTOMARY_SYSTEM
from homeassistant.util.yaml import load_yaml_dict
import probatio
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.axis_thermometry import services as services_module
from custom_components.axis_thermometry.const import DOMAIN
from custom_components.axis_thermometry.services import SCHEMAS
from tests.simulator import CameraServer
from tests.simulator.profiles import ptz

from .conftest import camera_entry_data, refresh, set_up, state_value

PTZ = pytest.mark.parametrize("profile", ["ptz"])
PTZ13 = pytest.mark.parametrize("profile", ["ptz13"])
LEGACY = pytest.mark.parametrize("profile", ["legacy"])
FIXED = "axis_q2101_te"
Q87 = "axis_q8752_e"
SQUARE = [[-0.2, -0.2], [0.2, -0.2], [0.2, 0.2], [-0.2, 0.2]]


def device_id(hass: HomeAssistant, entry: MockConfigEntry) -> str:
    device = dr.async_get(hass).async_get_device_by_identifier(
        (DOMAIN, str(entry.unique_id)), entry.entry_id
    )
    assert device is not None
    return device.id


async def call(hass: HomeAssistant, entry: MockConfigEntry, service: str, **data: Any) -> Any:
    """Call a service on the entry's camera; returns the response of those that give one."""
    return await act(hass, service, device_id=device_id(hass, entry), **data)


async def act(hass: HomeAssistant, service: str, **data: Any) -> Any:
    """Call a service as given (entity targets); returns the response of those that give one."""
    return await hass.services.async_call(
        DOMAIN,
        service,
        data,
        blocking=True,
        return_response=service in {"add_area", "add_group", "update_group"},
    )


# ---------------------------------------------------------------------- isotherm


async def test_set_isotherm_levels(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: CameraServer
) -> None:
    await call(
        hass,
        loaded_entry,
        "set_isotherm_levels",
        high=200,
        middle=100,
        low=20,
        minimum=0,
        render_overlay=True,
    )
    iso = server.camera.thermals.isotherm
    assert (iso.minimum, iso.low, iso.middle, iso.high, iso.render_overlay) == (
        0,
        20,
        100,
        200,
        True,
    )
    assert float(state_value(hass, f"number.{FIXED}_isotherm_high_level")) == 200


@pytest.mark.parametrize(
    ("levels", "key"),
    [
        ({"high": 100, "middle": 100, "low": 20}, "invalid_isotherm_order"),
        ({"high": 100, "middle": 50, "low": 20, "minimum": 30}, "invalid_isotherm_order"),
        ({"high": 400, "middle": 50, "low": 20}, "invalid_out_of_range"),
        ({"high": 100.5, "middle": 50, "low": 20}, "invalid_not_integer"),
    ],
)
async def test_set_isotherm_levels_refused(
    hass: HomeAssistant,
    loaded_entry: MockConfigEntry,
    server: CameraServer,
    levels: dict[str, float],
    key: str,
) -> None:
    server.counters.reset()
    with pytest.raises(ServiceValidationError) as raised:
        await call(hass, loaded_entry, "set_isotherm_levels", **levels)
    assert raised.value.translation_key == key
    assert server.counters.by_method["setIsothermLevels"] == 0
    assert server.camera.thermals.isotherm.high == 100


@LEGACY
async def test_isotherm_minimum_needs_api_1_2(
    hass: HomeAssistant, loaded_entry: MockConfigEntry
) -> None:
    with pytest.raises(ServiceValidationError) as raised:
        await call(hass, loaded_entry, "set_isotherm_levels", high=90, middle=50, low=20, minimum=0)
    assert raised.value.translation_key == "invalid_isotherm_minimum_unsupported"


# ---------------------------------------------------------------------- spot meter


async def test_spot_meter(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: CameraServer
) -> None:
    await call(hass, loaded_entry, "set_spot_meter", x=0.25, y=0.5, coordinate_system="coord_0_1")
    spot = server.camera.thermals.spots[0]
    assert spot.coordinates == (-0.5, 0.0)  # inside "Transformer"
    assert float(state_value(hass, f"sensor.{FIXED}_spot_temperature")) == 45
    await call(hass, loaded_entry, "remove_spot_meter")
    assert not server.camera.thermals.spots[0].active
    with pytest.raises(ServiceValidationError) as raised:
        await call(hass, loaded_entry, "set_spot_meter", x=1.5, y=0)
    assert raised.value.translation_key == "invalid_spot_out_of_range"


@PTZ13
async def test_spot_meter_of_another_image_source(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: CameraServer
) -> None:
    await call(hass, loaded_entry, "set_spot_meter", x=0.1, y=0.1, image_source=1)
    assert server.camera.thermals.spots[1].active
    assert float(state_value(hass, "sensor.axis_q8752_e_spot_temperature_image_source_1")) == 21
    await call(hass, loaded_entry, "remove_spot_meter", image_source=1)
    assert hass.states.get("sensor.axis_q8752_e_spot_temperature_image_source_1") is None


async def test_spot_image_source_needs_api_1_3(
    hass: HomeAssistant, loaded_entry: MockConfigEntry
) -> None:
    with pytest.raises(HomeAssistantError) as raised:
        await call(hass, loaded_entry, "set_spot_meter", x=0, y=0, image_source=1)
    assert raised.value.translation_key == "not_supported"


# ---------------------------------------------------------------------- areas


@pytest.mark.parametrize(
    "vertices",
    [[1, 2, 3], [[0, 0], [1, 0]], [[0, 0], [1, 0], [2, 1]], [[0, 0], [1, 0], ["a", 1]]],
)
async def test_vertices_are_explained_when_wrong(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: CameraServer, vertices: Any
) -> None:
    """Not a raw schema error ("expected a sequence of 2 items at 'vertices[0]'")."""
    before = dict(server.camera.thermals.areas)
    with pytest.raises(ServiceValidationError) as raised:
        await call(hass, loaded_entry, "add_area", name="Pump", vertices=vertices, threshold=70)
    assert raised.value.translation_key == "invalid_vertices"
    assert "at least 3 points [x, y], each coordinate from -1 to 1" in str(raised.value)
    assert server.camera.thermals.areas == before


async def test_area_lifecycle(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: CameraServer
) -> None:
    """Added on the device; changed and removed through its entities, no id needed."""
    response = await call(
        hass,
        loaded_entry,
        "add_area",
        name="Pump",
        vertices=SQUARE,
        threshold=70,
        detection_type="above",
        measurement="maximum",
        area_overlay="if_triggered",
    )
    area_id = response["area_id"]
    area = server.camera.thermals.areas[area_id]
    assert (area.name, area.threshold, area.delay, area.area_overlay) == (
        "Pump",
        70,
        5,
        "if_triggered",
    )
    alarm = f"binary_sensor.{FIXED}_pump_alarm"
    assert state_value(hass, alarm) == STATE_OFF
    state = hass.states.get(alarm)
    assert state is not None
    assert state.attributes["area_id"] == area_id
    await act(hass, "update_area", entity_id=alarm, threshold=75, delay=2)
    area = server.camera.thermals.areas[area_id]
    assert (area.name, area.threshold, area.delay, area.area_overlay) == (
        "Pump",
        75,
        2,
        "if_triggered",
    )
    assert float(state_value(hass, f"number.{FIXED}_pump_threshold")) == 75
    # Any entity of an area names it; two entities of one area are one area.
    await act(
        hass,
        "remove_area",
        entity_id=[alarm, f"sensor.{FIXED}_pump_maximum", f"sensor.{FIXED}_cold_store_minimum"],
    )
    assert set(server.camera.thermals.areas) == {0, 1}
    assert server.counters.by_method["removeAreas"] == 1
    assert hass.states.get(alarm) is None
    assert hass.states.get(f"sensor.{FIXED}_cold_store_average") is None


async def test_area_actions_take_entities_of_areas_only(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: CameraServer
) -> None:
    """Anything else named is refused by its name, before anything is sent."""
    server.counters.reset()
    with pytest.raises(ServiceValidationError) as raised:
        await act(
            hass,
            "update_area",
            entity_id=[
                f"binary_sensor.{FIXED}_transformer_alarm",
                f"sensor.{FIXED}_spot_temperature",
            ],
            threshold=1,
        )
    assert raised.value.translation_key == "not_an_area"
    assert str(raised.value).startswith("AXIS Q2101-TE Spot temperature is not an entity of a")
    with pytest.raises(ServiceValidationError) as raised:
        await act(
            hass, "remove_area", entity_id=f"binary_sensor.{FIXED}_phase_balance_deviation_alarm"
        )
    assert raised.value.translation_key == "not_an_area"
    with pytest.raises(ServiceValidationError) as raised:
        await act(hass, "remove_group", entity_id=f"binary_sensor.{FIXED}_transformer_alarm")
    assert raised.value.translation_key == "not_a_group"
    with pytest.raises(ServiceValidationError) as raised:
        await act(hass, "remove_area", entity_id="sensor.nothing_here")
    assert raised.value.translation_key == "not_an_area"
    assert not server.counters.by_method.keys() & {"updateArea", "removeAreas", "removeGroup"}


async def test_area_actions_on_a_whole_camera(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: CameraServer
) -> None:
    """A device target reaches every area of the camera, as Home Assistant's actions do."""
    await act(hass, "update_area", device_id=device_id(hass, loaded_entry), delay=3)
    assert {area.delay for area in server.camera.thermals.areas.values()} == {3}
    assert server.counters.by_method["updateArea"] == 3
    with pytest.raises(ServiceValidationError) as raised:
        await act(hass, "update_area", area_id="kitchen", delay=3)
    assert raised.value.translation_key == "no_area_target"


async def test_thresholds_are_in_home_assistants_unit(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: CameraServer
) -> None:
    """°F in Home Assistant, °C on the camera: converted (and rounded to whole degrees)."""
    hass.config.units = US_CUSTOMARY_SYSTEM
    alarm = f"binary_sensor.{FIXED}_transformer_alarm"
    await act(hass, "update_area", entity_id=alarm, threshold=212)
    assert server.camera.thermals.areas[0].threshold == 100
    await act(hass, "update_area", entity_id=alarm, detection_type="increase", threshold=18)
    assert server.camera.thermals.areas[0].threshold == 10  # a difference: no offset
    await call(hass, loaded_entry, "set_isotherm_levels", high=200, middle=100, low=33)
    iso = server.camera.thermals.isotherm
    assert (iso.low, iso.middle, iso.high) == (1, 38, 93)
    group = f"binary_sensor.{FIXED}_phase_balance_deviation_alarm"
    await act(hass, "update_group", entity_id=group, threshold=9)
    assert server.camera.thermals.groups[1].threshold == 5


async def test_errors_speak_home_assistants_unit(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: CameraServer
) -> None:
    """°F in Home Assistant, °C on the camera: a refusal shows the numbers the user sees
    (issue 29, 5: "low (204) < middle (160) < high (300)" for 400 typed as °F)."""
    hass.config.units = US_CUSTOMARY_SYSTEM
    iso = server.camera.thermals.isotherm
    before = (iso.low, iso.middle, iso.high)
    with pytest.raises(ServiceValidationError) as raised:
        await call(hass, loaded_entry, "set_isotherm_levels", low=400)
    assert raised.value.translation_key == "invalid_isotherm_order"
    placeholders = raised.value.translation_placeholders or {}
    assert placeholders["low"] == "399 °F"  # 400 °F is 204 °C on the camera, 399.2 °F
    assert placeholders["middle"].endswith(" °F")
    assert (iso.low, iso.middle, iso.high) == before  # nothing sent
    alarm = f"binary_sensor.{FIXED}_transformer_alarm"
    with pytest.raises(ServiceValidationError) as raised:
        await act(hass, "update_area", entity_id=alarm, threshold=5000)
    assert raised.value.translation_key == "invalid_out_of_range"
    placeholders = raised.value.translation_placeholders or {}
    assert placeholders["value"] == "5000 °F"
    assert placeholders["min"].endswith(" °F")
    assert placeholders["max"].endswith(" °F")
    with pytest.raises(ServiceValidationError) as raised:
        await act(hass, "update_area", entity_id=alarm, detection_type="increase", threshold=-9)
    assert (raised.value.translation_placeholders or {})["value"] == "-9 °F"  # a difference


@pytest.mark.parametrize(
    ("fields", "key"),
    [
        ({"name": "x" * 61}, "invalid_name_too_long"),
        ({"vertices": SQUARE * 3}, "invalid_vertex_count"),
        (
            {"vertices": [[-0.5, -0.5], [0.5, 0.5], [0.5, -0.5], [-0.5, 0.5]]},
            "invalid_polygon_self_intersecting",
        ),
        ({"delay": 301}, "invalid_delay_out_of_range"),
        ({"detection_type": "increase", "threshold": -3}, "invalid_threshold_not_positive"),
        ({"threshold": 999}, "invalid_out_of_range"),
    ],
)
async def test_add_area_refused(
    hass: HomeAssistant,
    loaded_entry: MockConfigEntry,
    server: CameraServer,
    fields: dict[str, Any],
    key: str,
) -> None:
    server.counters.reset()
    with pytest.raises(ServiceValidationError) as raised:
        await call(
            hass,
            loaded_entry,
            "add_area",
            **({"name": "Pump", "vertices": SQUARE, "threshold": 70} | fields),
        )
    assert raised.value.translation_key == key
    assert server.counters.by_method["addArea"] == 0


async def test_add_area_schema(hass: HomeAssistant, loaded_entry: MockConfigEntry) -> None:
    with pytest.raises(ServiceValidationError):
        await call(
            hass, loaded_entry, "add_area", name="P", vertices=[[0, 0], [2, 0], [0, 1]], threshold=1
        )
    with pytest.raises(probatio.Invalid):
        await call(
            hass,
            loaded_entry,
            "add_area",
            name="P",
            vertices=SQUARE,
            threshold=1,
            measurement="median",
        )


async def test_camera_limit_is_reported(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: CameraServer
) -> None:
    server.camera.thermals.max_areas = 3
    with pytest.raises(HomeAssistantError) as raised:
        await call(hass, loaded_entry, "add_area", name="Pump", vertices=SQUARE, threshold=70)
    assert raised.value.translation_key == "camera_refused"
    assert "Maximum amount of areas" in str(raised.value)
    # 13: once the limit is known (the write re-read the capabilities) it is checked first.
    server.counters.reset()
    with pytest.raises(ServiceValidationError) as raised:
        await call(hass, loaded_entry, "add_area", name="Pump", vertices=SQUARE, threshold=70)
    assert raised.value.translation_key == "invalid_too_many_areas"
    assert server.counters.by_method["addArea"] == 0


async def test_unloaded_camera_is_named(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: CameraServer
) -> None:
    await hass.config_entries.async_unload(loaded_entry.entry_id)
    with pytest.raises(ServiceValidationError) as raised:
        await act(hass, "remove_area", entity_id=f"binary_sensor.{FIXED}_transformer_alarm")
    assert raised.value.translation_key == "not_loaded"
    assert 0 in server.camera.thermals.areas


# ---------------------------------------------------------------------- groups


async def test_group_lifecycle(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: CameraServer
) -> None:
    response = await act(
        hass,
        "add_group",
        name="Pair",
        areas=[f"binary_sensor.{FIXED}_cable_joint_alarm", f"sensor.{FIXED}_cold_store_minimum"],
        threshold=20,
        measurement="inherit",
    )
    group_id = response["group_id"]
    assert response["enabled"] is True
    # "inherit": Cable joint's maximum (41 °C) vs Cold store's minimum (2 °C), no delay.
    alarm = f"binary_sensor.{FIXED}_pair_deviation_alarm"
    assert state_value(hass, alarm) == STATE_ON
    response = await act(
        hass, "update_group", entity_id=alarm, areas=[f"binary_sensor.{FIXED}_cable_joint_alarm"]
    )
    # One area cannot make a group: the camera disables it.
    assert response == {"groups": [{"group_id": group_id, "enabled": False}]}
    group = server.camera.thermals.groups[group_id]
    assert (group.name, group.threshold, group.area_ids) == ("Pair", 20, [1])
    await act(hass, "remove_group", entity_id=f"sensor.{FIXED}_pair_deviation")
    assert group_id not in server.camera.thermals.groups
    assert hass.states.get(alarm) is None


async def test_group_refusals(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: CameraServer
) -> None:
    transformer, cable = (
        f"binary_sensor.{FIXED}_{a}_alarm" for a in ("transformer", "cable_joint")
    )
    with pytest.raises(HomeAssistantError) as raised:
        await act(hass, "add_group", name="Phase balance", areas=[transformer, cable], threshold=5)
    assert "not unique" in str(raised.value)
    server.counters.reset()
    with pytest.raises(ServiceValidationError) as raised:
        await act(hass, "add_group", name="G", areas=[], threshold=5)
    assert raised.value.translation_key == "no_area_target"
    with pytest.raises(ServiceValidationError) as raised:
        await act(hass, "add_group", name="G", areas=[transformer, "light.kitchen"], threshold=5)
    assert raised.value.translation_key == "not_an_area"
    with pytest.raises(ServiceValidationError) as raised:
        await act(hass, "update_group", entity_id="binary_sensor.gone", threshold=5)
    assert raised.value.translation_key == "not_a_group"
    assert not server.counters.by_method.keys() & {"addGroup", "updateGroup"}


async def test_group_areas_of_one_camera(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: CameraServer
) -> None:
    async with CameraServer(ptz()) as other:
        entry = await set_up(
            hass,
            MockConfigEntry(
                domain=DOMAIN,
                title="Kiln",
                unique_id=other.camera.serial,
                data=camera_entry_data(other.host, other.port),
            ),
        )
        server.counters.reset()
        with pytest.raises(ServiceValidationError) as raised:
            await act(
                hass,
                "add_group",
                name="Mixed",
                areas=[
                    f"binary_sensor.{FIXED}_transformer_alarm",
                    "binary_sensor.kiln_burner_alarm",
                ],
                threshold=5,
            )
        assert raised.value.translation_key == "areas_of_other_camera"
        assert not other.counters.by_method["addGroup"] + server.counters.by_method["addGroup"]
        await hass.config_entries.async_unload(entry.entry_id)


@LEGACY
async def test_groups_need_api_1_2(hass: HomeAssistant, loaded_entry: MockConfigEntry) -> None:
    with pytest.raises(HomeAssistantError) as raised:
        await act(
            hass,
            "add_group",
            name="G",
            areas=["binary_sensor.axis_q1941_e_boiler_alarm"],
            threshold=5,
        )
    assert raised.value.translation_key == "not_supported"


# ---------------------------------------------------------------------- targeting


async def test_unknown_or_unloaded_device(
    hass: HomeAssistant, loaded_entry: MockConfigEntry
) -> None:
    with pytest.raises(ServiceValidationError) as raised:
        await hass.services.async_call(
            DOMAIN, "remove_spot_meter", {"device_id": "nope"}, blocking=True
        )
    assert raised.value.translation_key == "unknown_device"
    # A device of another integration (an exacqVision server, say) is named, not an id.
    other = MockConfigEntry(domain="demo")
    other.add_to_hass(hass)
    foreign = dr.async_get(hass).async_get_or_create(
        config_entry_id=other.entry_id, identifiers={("demo", "nvr")}, name="Plant recorder"
    )
    with pytest.raises(ServiceValidationError) as raised:
        await hass.services.async_call(
            DOMAIN, "remove_spot_meter", {"device_id": foreign.id}, blocking=True
        )
    assert str(raised.value).startswith("Plant recorder is not an Axis thermal camera")
    target = device_id(hass, loaded_entry)
    await hass.config_entries.async_unload(loaded_entry.entry_id)
    with pytest.raises(ServiceValidationError) as raised:
        await hass.services.async_call(
            DOMAIN, "remove_spot_meter", {"device_id": target}, blocking=True
        )
    assert raised.value.translation_key == "not_loaded"


async def test_services_exist_without_entries(
    hass: HomeAssistant, loaded_entry: MockConfigEntry
) -> None:
    """Registered once in async_setup (action-setup), not per entry."""
    await hass.config_entries.async_unload(loaded_entry.entry_id)
    assert hass.services.has_service(DOMAIN, "add_area")


# ---------------------------------------------------------------------- presets by name


@PTZ
async def test_presets_are_named_and_default_to_where_the_camera_stands(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: CameraServer
) -> None:
    """No preset given: the one the camera stands on; between presets, the user must say."""
    server.camera.goto_preset(3)
    await refresh(hass, loaded_entry)
    response = await call(
        hass, loaded_entry, "add_area", name="Gear", vertices=SQUARE, threshold=90
    )
    assert server.camera.thermals.areas[response["area_id"]].preset == 3
    state = hass.states.get(f"binary_sensor.{Q87}_gear_alarm")
    assert state is not None
    assert (state.attributes["preset"], state.attributes["preset_id"]) == ("Conveyor", 3)
    await act(hass, "update_area", entity_id=f"binary_sensor.{Q87}_gear_alarm", preset="furnace")
    assert server.camera.thermals.areas[response["area_id"]].preset == 2
    server.camera.move_to(10.0, 10.0, 1.0)
    await refresh(hass, loaded_entry)
    server.counters.reset()
    with pytest.raises(ServiceValidationError) as raised:
        await call(hass, loaded_entry, "add_area", name="Vent", vertices=SQUARE, threshold=90)
    assert raised.value.translation_key == "not_on_preset"
    response = await call(
        hass, loaded_entry, "add_area", name="Vent", vertices=SQUARE, threshold=90, preset="Home"
    )
    assert server.camera.thermals.areas[response["area_id"]].preset == 1
    assert server.counters.by_method["addArea"] == 1


async def test_a_fixed_camera_has_no_presets(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, server: CameraServer
) -> None:
    with pytest.raises(ServiceValidationError) as raised:
        await call(
            hass, loaded_entry, "add_area", name="Vent", vertices=SQUARE, threshold=9, preset="Home"
        )
    assert raised.value.translation_placeholders == {"preset": "Home", "presets": "-"}
    assert set(server.camera.thermals.areas) == {0, 1, 2}


def _required_fields(schema: Any) -> set[str]:
    if isinstance(schema, probatio.All):
        return set().union(*(_required_fields(part) for part in schema.validators))
    if isinstance(schema, probatio.Schema):
        return _required_fields(schema.schema)
    if isinstance(schema, dict):
        return {str(key) for key in schema if isinstance(key, probatio.Required)}
    return set()


def test_the_ui_requires_what_the_action_requires() -> None:
    """services.yaml marks required exactly the fields the action needs (issue 29, 4).

    ``set_isotherm_levels`` marked high, middle and low required while the action keeps the
    levels not given: the UI refused to set one level.
    """
    services = load_yaml_dict(Path(services_module.__file__).parent / "services.yaml")
    for name, schema in SCHEMAS.items():
        fields = services[name].get("fields", {})
        marked = {field for field, spec in fields.items() if spec.get("required")}
        assert marked == _required_fields(schema), name
