"""Every Thermometry method against the simulator, on each profile."""

from dataclasses import replace
from typing import Any

import aiohttp
import pytest

from custom_components.axis_thermometry.vapix import (
    ApiVersion,
    AreaOverlay,
    AreaSettings,
    AxisDevice,
    CoordinateSystem,
    DetectionType,
    GroupMeasurement,
    GroupSettings,
    IsothermLevels,
    Measurement,
    TemperatureScale,
    TgtConfiguration,
    VapixMalformedResponseError,
    VapixNotSupportedError,
    VapixRequestError,
    VapixValidationError,
)
from custom_components.axis_thermometry.vapix.thermometry import (
    V1_0,
    V1_2,
    V1_3,
    parse_spot_meter,
    parse_spot_temperature,
)
from tests.simulator import CameraServer

from .conftest import make_device

SQUARE = ((-0.5, -0.5), (0.5, -0.5), (0.5, 0.5), (-0.5, 0.5))
PTZ = pytest.mark.parametrize("profile", ["ptz"])
PTZ13 = pytest.mark.parametrize("profile", ["ptz13"])
LEGACY = pytest.mark.parametrize("profile", ["legacy"])


def new_area(**changes: object) -> AreaSettings:
    base = AreaSettings(
        name="Pump",
        detection_type=DetectionType.ABOVE,
        measurement=Measurement.MAXIMUM,
        threshold=70,
        delay=5,
        vertices=SQUARE,
        area_overlay=AreaOverlay.IF_TRIGGERED,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


# ---------------------------------------------------------------------- versions


@pytest.mark.parametrize(
    ("profile", "expected"),
    [("fixed", V1_2), ("legacy", V1_0), ("ptz", V1_2), ("ptz13", V1_3)],
)
async def test_negotiates_highest_known_version(
    session: aiohttp.ClientSession, server: CameraServer, expected: ApiVersion
) -> None:
    device = make_device(session, server)
    assert device.thermometry.version is None
    assert await device.thermometry.negotiate() == expected
    assert device.thermometry.version == expected


async def test_newer_minor_versions_are_spoken_to_as_the_newest_known(
    session: aiohttp.ClientSession, server: CameraServer
) -> None:
    server.camera.thermals.api_version = (1, 7)
    device = make_device(session, server)
    assert await device.thermometry.negotiate() == V1_3


async def test_unknown_major_version_is_not_supported(
    session: aiohttp.ClientSession, server: CameraServer
) -> None:
    server.camera.thermals.api_version = (2, 0)
    device = make_device(session, server)
    with pytest.raises(VapixNotSupportedError):
        await device.thermometry.negotiate()


async def test_requests_carry_the_negotiated_version(device: AxisDevice) -> None:
    """A method the device's version lacks is refused before anything is sent."""
    device.thermometry.version = V1_0
    with pytest.raises(VapixNotSupportedError, match=r"1\.2"):
        await device.thermometry.list_groups()


# ---------------------------------------------------------------------- capabilities & scale


async def test_capabilities(device: AxisDevice) -> None:
    caps = await device.thermometry.get_capabilities()
    assert caps.temperature_scale is TemperatureScale.CELSIUS
    assert (caps.min_temperature, caps.max_temperature) == (-40, 350)
    assert (caps.max_areas, caps.max_vertices, caps.max_delay) == (10, 10, 300)
    assert (caps.default_delay, caps.max_name_length, caps.max_groups) == (5, 60, 5)
    assert device.thermometry.capabilities == caps


@LEGACY
async def test_capabilities_without_groups(device: AxisDevice) -> None:
    assert (await device.thermometry.get_capabilities()).max_groups is None


async def test_scale_change_converts_everything(device: AxisDevice, server: CameraServer) -> None:
    before = {s.id: s for s in await device.thermometry.get_area_status()}
    await device.thermometry.set_temperature_scale(TemperatureScale.FAHRENHEIT)
    assert device.thermometry.capabilities is None  # dropped: limits changed scale
    caps = await device.thermometry.get_capabilities()
    assert caps.temperature_scale is TemperatureScale.FAHRENHEIT
    assert (caps.min_temperature, caps.max_temperature) == (-40, 662)
    after = {s.id: s for s in await device.thermometry.get_area_status()}
    assert after[0].average == pytest.approx(before[0].average * 9 / 5 + 32, abs=0.2)
    areas = {a.id: a for a in await device.thermometry.list_areas()}
    assert areas[0].threshold == 176  # 80 °C
    levels = await device.thermometry.get_isotherm_levels()
    assert (levels.low, levels.middle, levels.high) == (50, 122, 212)


async def test_scale_rejects_unknown_unit(device: AxisDevice, server: CameraServer) -> None:
    server.inject(
        "json_error", method="setTemperatureScale", code=2104, message="Invalid parameter value."
    )
    with pytest.raises(VapixRequestError) as raised:
        await device.thermometry.set_temperature_scale(TemperatureScale.CELSIUS)
    assert raised.value.code == 2104


# ---------------------------------------------------------------------- isotherm


def levels_of(levels: IsothermLevels) -> dict[str, Any]:
    """``set_isotherm_levels`` keyword arguments for every level of ``levels``."""
    return {
        "high": levels.high,
        "middle": levels.middle,
        "low": levels.low,
        "minimum": levels.minimum,
        "render_overlay": levels.render_overlay,
    }


async def test_isotherm_round_trip(device: AxisDevice) -> None:
    levels = await device.thermometry.get_isotherm_levels()
    assert levels == IsothermLevels(high=100, middle=50, low=10, minimum=-40, render_overlay=False)
    wanted = IsothermLevels(high=120, middle=60, low=20, minimum=0, render_overlay=True)
    assert await device.thermometry.set_isotherm_levels(**levels_of(wanted)) == wanted
    assert await device.thermometry.get_isotherm_levels() == wanted


async def test_isotherm_levels_not_given_keep_their_values(
    device: AxisDevice, server: CameraServer
) -> None:
    """3: setIsothermLevels resets an omitted ``min`` (000); levels not given must not move."""
    await device.thermometry.set_isotherm_levels(minimum=0)
    await device.thermometry.set_isotherm_levels(high=150)
    await device.thermometry.set_isotherm_levels(render_overlay=True)
    assert await device.thermometry.get_isotherm_levels() == IsothermLevels(
        high=150, middle=50, low=10, minimum=0, render_overlay=True
    )


@LEGACY
async def test_isotherm_minimum_needs_api_1_2(device: AxisDevice, server: CameraServer) -> None:
    levels = await device.thermometry.get_isotherm_levels()
    assert levels.minimum is None
    server.counters.reset()
    with pytest.raises(VapixValidationError) as raised:
        await device.thermometry.set_isotherm_levels(minimum=-10)
    assert raised.value.reason == "isotherm_minimum_unsupported"
    assert server.counters.by_method["setIsothermLevels"] == 0
    await device.thermometry.set_isotherm_levels(high=95)
    assert (await device.thermometry.get_isotherm_levels()).high == 95


@pytest.mark.parametrize(
    ("levels", "reason"),
    [
        (IsothermLevels(high=50, middle=50, low=10), "isotherm_order"),
        (IsothermLevels(high=100, middle=10, low=50), "isotherm_order"),
        (IsothermLevels(high=100, middle=50, low=10, minimum=10), "isotherm_order"),
        (IsothermLevels(high=351, middle=50, low=10), "out_of_range"),
        (IsothermLevels(high=360, middle=349, low=10), "out_of_range"),
        (IsothermLevels(high=355, middle=350, low=10), "out_of_range"),
        (IsothermLevels(high=100, middle=50, low=-40), "out_of_range"),
        (IsothermLevels(high=100, middle=50, low=10, minimum=-41), "out_of_range"),
        (IsothermLevels(high=100.5, middle=50, low=10), "not_integer"),
    ],
)
async def test_isotherm_refused_before_sending(
    device: AxisDevice, server: CameraServer, levels: IsothermLevels, reason: str
) -> None:
    server.counters.reset()
    with pytest.raises(VapixValidationError) as raised:
        await device.thermometry.set_isotherm_levels(**levels_of(levels))
    assert raised.value.reason == reason
    assert server.counters.by_method["setIsothermLevels"] == 0


async def test_isotherm_camera_refusal_carries_message(
    device: AxisDevice, server: CameraServer
) -> None:
    """If the camera still refuses (e.g. its limits changed), its message comes through."""
    device.thermometry.capabilities = replace(
        await device.thermometry.get_capabilities(), max_temperature=1000
    )
    with pytest.raises(VapixRequestError, match="level out of range") as raised:
        await device.thermometry.set_isotherm_levels(high=900)
    assert raised.value.code == 2104


# ---------------------------------------------------------------------- areas


async def test_list_areas(device: AxisDevice) -> None:
    areas = await device.thermometry.list_areas()
    assert [a.name for a in areas] == ["Transformer", "Cable joint", "Cold store"]
    first = areas[0]
    assert first.detection_type is DetectionType.ABOVE
    assert first.measurement is Measurement.MAXIMUM
    assert (first.threshold, first.delay, first.enabled) == (80, 5, True)
    assert len(first.vertices) == 4
    assert first.area_overlay is AreaOverlay.ALWAYS


@pytest.mark.parametrize("image_source_key", ["imagesource", "imageSource"])
@pytest.mark.parametrize("vertices_key", ["position", "vertices"])
@pytest.mark.parametrize("if_triggered", ["if_triggered", "if triggered"])
async def test_list_areas_accepts_every_documented_spelling(
    device: AxisDevice,
    server: CameraServer,
    image_source_key: str,
    vertices_key: str,
    if_triggered: str,
) -> None:
    server.variants.image_source_key = image_source_key  # type: ignore[assignment]
    server.variants.vertices_key = vertices_key  # type: ignore[assignment]
    server.variants.if_triggered = if_triggered  # type: ignore[assignment]
    server.camera.thermals.areas[1].area_overlay = "if_triggered"
    server.camera.thermals.areas[1].image_source = 0
    areas = {a.id: a for a in await device.thermometry.list_areas()}
    assert areas[1].area_overlay is AreaOverlay.IF_TRIGGERED
    assert areas[1].vertices == tuple(server.camera.thermals.areas[1].vertices)
    assert areas[1].image_source == 0


@pytest.mark.parametrize("positions", ["coordinates", "pos"])
@pytest.mark.parametrize("integers", [False, True])
async def test_area_status_accepts_both_forms(
    device: AxisDevice, server: CameraServer, positions: str, integers: bool
) -> None:
    server.variants.status_positions = positions  # type: ignore[assignment]
    server.variants.integer_temperatures = integers
    server.camera.set_area_temperature(0, 45.3)
    status = {s.id: s for s in await device.thermometry.get_area_status()}
    transformer = status[0]
    assert transformer.average == (45 if integers else 45.3)
    assert transformer.minimum < transformer.average < transformer.maximum
    assert transformer.min_position == (-0.8, -0.4)
    assert transformer.max_position is not None


async def test_area_alarm_obeys_threshold_and_delay(
    device: AxisDevice, server: CameraServer
) -> None:
    clock = [1000.0]
    server.camera.clock = lambda: clock[0]
    server.camera.set_area_temperature(1, 80.0)  # Cable joint: above 60, delay 0
    server.camera.set_area_temperature(0, 95.0)  # Transformer: above 80, delay 5
    status = {s.id: s for s in await device.thermometry.get_area_status()}
    assert status[1].triggered
    assert not status[0].triggered
    clock[0] += 5
    status = {s.id: s for s in await device.thermometry.get_area_status()}
    assert status[0].triggered
    server.camera.set_area_temperature(0, 40.0)
    status = {s.id: s for s in await device.thermometry.get_area_status()}
    assert not status[0].triggered


async def test_add_update_remove_area(device: AxisDevice) -> None:
    area_id = await device.thermometry.add_area(new_area())
    listed = {a.id: a for a in await device.thermometry.list_areas()}
    assert listed[area_id].name == "Pump"
    assert listed[area_id].area_overlay is AreaOverlay.IF_TRIGGERED
    updated = await device.thermometry.update_area(area_id, {"threshold": 90, "enabled": False})
    listed = {a.id: a for a in await device.thermometry.list_areas()}
    assert listed[area_id] == updated
    assert (updated.threshold, updated.enabled, updated.name) == (90, False, "Pump")
    with pytest.raises(VapixValidationError) as raised:
        await device.thermometry.update_area(77, {"threshold": 90})
    assert raised.value.reason == "unknown_area"
    await device.thermometry.remove_areas([area_id])
    assert area_id not in {a.id for a in await device.thermometry.list_areas()}


async def test_remove_unknown_area_is_a_camera_error(device: AxisDevice) -> None:
    with pytest.raises(VapixRequestError, match=r"Area \[42\]") as raised:
        await device.thermometry.remove_areas([0, 42])
    assert raised.value.code == 1200
    assert 0 in {a.id for a in await device.thermometry.list_areas()}  # nothing half-applied


async def test_area_limit_is_a_camera_error(device: AxisDevice, server: CameraServer) -> None:
    server.camera.thermals.max_areas = 3
    with pytest.raises(VapixRequestError, match="Maximum amount of areas") as raised:
        await device.thermometry.add_area(new_area())
    assert raised.value.code == 1200


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"name": ""}, "name_empty"),
        ({"name": "x" * 61}, "name_too_long"),
        ({"vertices": ((0, 0), (0.5, 0))}, "vertex_count"),
        ({"vertices": tuple((i / 20, (i % 2) / 2) for i in range(11))}, "vertex_count"),
        ({"vertices": ((0, 0), (0.5, 0), (0, 0))}, "vertices_not_unique"),
        ({"vertices": ((0, 0), (1.5, 0), (0, 1))}, "vertex_out_of_range"),
        (
            {"vertices": ((-0.5, -0.5), (0.5, 0.5), (0.5, -0.5), (-0.5, 0.5))},
            "polygon_self_intersecting",
        ),
        ({"delay": 301}, "delay_out_of_range"),
        ({"delay": -1}, "delay_out_of_range"),
        ({"detection_type": DetectionType.INCREASE, "threshold": 0}, "threshold_not_positive"),
        ({"detection_type": DetectionType.DECREASE, "threshold": -5}, "threshold_not_positive"),
        ({"threshold": 351}, "out_of_range"),
        ({"threshold": 70.5}, "not_integer"),
        ({"preset": -1}, "negative_number"),
    ],
)
async def test_area_refused_before_sending(
    device: AxisDevice, server: CameraServer, changes: dict[str, object], reason: str
) -> None:
    server.counters.reset()
    with pytest.raises(VapixValidationError) as raised:
        await device.thermometry.add_area(new_area(**changes))
    assert raised.value.reason == reason
    assert server.counters.by_method["addArea"] == 0


@PTZ
async def test_ptz_area_status_follows_the_preset(device: AxisDevice, server: CameraServer) -> None:
    assert {s.id for s in await device.thermometry.get_area_status()} == {0, 1}
    server.camera.goto_preset(3)
    assert {s.id for s in await device.thermometry.get_area_status()} == {2, 3}
    server.camera.move_to(10.0, 10.0, 1.0)  # between presets
    assert await device.thermometry.get_area_status() == ()
    assert {a.preset for a in await device.thermometry.list_areas(preset=3)} == {3}


@PTZ
async def test_ptz_area_on_unknown_preset(device: AxisDevice) -> None:
    with pytest.raises(VapixRequestError, match="Preset does not exist"):
        await device.thermometry.add_area(new_area(preset=9))


@PTZ
async def test_rate_alarm(device: AxisDevice, server: CameraServer) -> None:
    """Belt motor: increase by 10 °C within 30 s."""
    clock = [0.0]
    server.camera.clock = lambda: clock[0]
    server.camera.goto_preset(3)
    await device.thermometry.get_area_status()
    clock[0] += 30
    server.camera.set_area_temperature(2, 70.0)
    status = {s.id: s for s in await device.thermometry.get_area_status()}
    assert status[2].triggered


# ---------------------------------------------------------------------- spot meter


async def test_spot_meter(device: AxisDevice) -> None:
    spot = await device.thermometry.get_spot_temperature()
    assert spot.render_overlay
    await device.thermometry.add_spot_temperature((0.5, 0.25), CoordinateSystem.ZERO_1)
    spot = await device.thermometry.get_spot_temperature(CoordinateSystem.ZERO_1)
    assert spot.coordinates == (0.5, 0.25)
    spot = await device.thermometry.get_spot_temperature(CoordinateSystem.NEG1_1)
    assert spot.coordinates == (0.0, 0.5)
    await device.thermometry.remove_spot_temperature()
    # 000's overview: "Remove the spot meter": nothing is measured until it is added again.
    with pytest.raises(VapixRequestError):
        await device.thermometry.get_spot_temperature()
    await device.thermometry.add_spot_temperature((0.0, 0.0))
    assert (await device.thermometry.get_spot_temperature()).render_overlay


async def test_spot_reads_the_area_under_it(device: AxisDevice) -> None:
    await device.thermometry.add_spot_temperature((-0.5, 0.0))  # inside "Transformer"
    assert (await device.thermometry.get_spot_temperature()).temperature == pytest.approx(45, abs=1)


@pytest.mark.parametrize(
    ("point", "system"),
    [((1.5, 0.0), CoordinateSystem.NEG1_1), ((-0.5, 0.5), CoordinateSystem.ZERO_1)],
)
async def test_spot_refused_before_sending(
    device: AxisDevice, server: CameraServer, point: tuple[float, float], system: CoordinateSystem
) -> None:
    server.counters.reset()
    with pytest.raises(VapixValidationError) as raised:
        await device.thermometry.add_spot_temperature(point, system)
    assert raised.value.reason == "spot_out_of_range"
    assert server.counters.requests == 0


@PTZ13
async def test_spot_meters_per_image_source(device: AxisDevice) -> None:
    meters = {m.image_source: m for m in await device.thermometry.list_spot_meters()}
    assert meters[0].active and not meters[1].active
    await device.thermometry.add_spot_temperature((0.1, 0.1), image_source=1)
    meters = {m.image_source: m for m in await device.thermometry.list_spot_meters()}
    assert meters[1].active and meters[1].coordinates == (0.1, 0.1)
    spot = await device.thermometry.get_spot_temperature(image_source=1)
    assert spot.image_source == 1
    await device.thermometry.remove_spot_temperature(image_source=1)
    meters = {m.image_source: m for m in await device.thermometry.list_spot_meters()}
    assert not meters[1].active


async def test_spot_meters_need_api_1_3(device: AxisDevice, server: CameraServer) -> None:
    server.counters.reset()
    with pytest.raises(VapixNotSupportedError):
        await device.thermometry.list_spot_meters()
    with pytest.raises(VapixNotSupportedError):
        await device.thermometry.get_spot_temperature(image_source=1)
    assert server.counters.requests == 0


# ---------------------------------------------------------------------- overlay channels


@PTZ13
async def test_overlay_channels(device: AxisDevice) -> None:
    assert await device.thermometry.list_overlay_channels() == (1,)
    await device.thermometry.add_overlay_channel(2)
    assert set(await device.thermometry.list_overlay_channels()) == {1, 2}
    await device.thermometry.remove_overlay_channel(1)
    assert await device.thermometry.list_overlay_channels() == (2,)
    with pytest.raises(VapixRequestError):
        await device.thermometry.add_overlay_channel(7)


# ---------------------------------------------------------------------- guard tour


@PTZ
async def test_tgt(device: AxisDevice) -> None:
    assert await device.thermometry.get_tgt_configuration() == TgtConfiguration(
        pause_on_alarm=True, auto_resume=True
    )
    await device.thermometry.set_tgt_configuration(pause_on_alarm=False)
    # 3: setTgtConfiguration takes both settings; the one not given keeps its value.
    assert await device.thermometry.get_tgt_configuration() == TgtConfiguration(
        pause_on_alarm=False, auto_resume=True
    )


async def test_tgt_on_fixed_camera_is_not_supported(device: AxisDevice) -> None:
    """Fixed cameras answer 1202."""
    with pytest.raises(VapixNotSupportedError) as raised:
        await device.thermometry.get_tgt_configuration()
    assert raised.value.code == 1202


@LEGACY
async def test_tgt_and_groups_absent_on_api_1_0(device: AxisDevice, server: CameraServer) -> None:
    server.counters.reset()
    with pytest.raises(VapixNotSupportedError):
        await device.thermometry.get_tgt_configuration()
    with pytest.raises(VapixNotSupportedError):
        await device.thermometry.get_group_status()
    assert server.counters.requests == 0
    device.thermometry.version = V1_2  # a client that ignored negotiation learns from the camera
    with pytest.raises(VapixNotSupportedError):
        await device.thermometry.get_group_status()


async def test_methods_beyond_the_request_version_are_refused_by_the_camera(
    device: AxisDevice,
) -> None:
    device.thermometry.version = V1_3  # the fixed camera only has 1.2
    with pytest.raises(VapixNotSupportedError) as raised:
        await device.thermometry.get_area_status()
    assert raised.value.code == 2100


# ---------------------------------------------------------------------- groups


async def test_groups_crud(device: AxisDevice) -> None:
    groups = await device.thermometry.list_groups()
    assert [(g.id, g.name, g.area_ids) for g in groups] == [(1, "Phase balance", (0, 1))]
    group_id, enabled = await device.thermometry.add_group(
        GroupSettings(
            name="Pair", measurement=GroupMeasurement.INHERIT, threshold=5, area_ids=(0, 2)
        )
    )
    assert enabled
    single_id, single_enabled = await device.thermometry.add_group(
        GroupSettings(name="Lonely", threshold=5, area_ids=(0,))
    )
    assert not single_enabled  # fewer than two areas lock the group disabled
    listed = {g.id: g for g in await device.thermometry.list_groups()}
    assert listed[group_id].measurement is GroupMeasurement.INHERIT
    assert await device.thermometry.update_group(group_id, {"area_ids": (0,)}) is False
    group = await device.thermometry.group(group_id)
    assert (group.name, group.measurement, group.area_ids) == (
        "Pair",
        GroupMeasurement.INHERIT,
        (0,),
    )
    await device.thermometry.remove_group(single_id)
    assert single_id not in {g.id for g in await device.thermometry.list_groups()}
    await device.thermometry.remove_group(0)
    assert await device.thermometry.list_groups() == ()


async def test_group_errors(device: AxisDevice) -> None:
    with pytest.raises(VapixRequestError, match="not unique"):
        await device.thermometry.add_group(GroupSettings(name="Phase balance", area_ids=(0, 1)))
    with pytest.raises(VapixRequestError, match="area configuration is invalid"):
        await device.thermometry.add_group(GroupSettings(name="Ghost", area_ids=(0, 99)))
    with pytest.raises(VapixRequestError, match="Group ID is invalid"):
        await device.thermometry.remove_group(77)


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"name": ""}, "name_empty"),
        ({"threshold": 0}, "out_of_range"),
        ({"delay": 400}, "delay_out_of_range"),
        ({"area_ids": (0, 0)}, "group_areas_not_unique"),
        ({"area_ids": tuple(range(11))}, "too_many_group_areas"),
    ],
)
async def test_group_refused_before_sending(
    device: AxisDevice, server: CameraServer, changes: dict[str, object], reason: str
) -> None:
    server.counters.reset()
    with pytest.raises(VapixValidationError) as raised:
        await device.thermometry.add_group(
            replace(GroupSettings(name="G", area_ids=(0, 1)), **changes)  # type: ignore[arg-type]
        )
    assert raised.value.reason == reason
    assert server.counters.by_method["addGroup"] == 0


@pytest.mark.parametrize("empty_details", [False, True])
async def test_group_status(device: AxisDevice, server: CameraServer, empty_details: bool) -> None:
    server.variants.empty_group_details = empty_details
    clock = [0.0]
    server.camera.clock = lambda: clock[0]
    server.camera.set_area_temperature(0, 70.0)
    server.camera.set_area_temperature(1, 30.0)
    (status,) = await device.thermometry.get_group_status()
    assert not status.triggered
    clock[0] += 5
    (status,) = await device.thermometry.get_group_status()
    assert status.triggered
    if empty_details:
        assert status.current_deviation is None and status.members == ()
    else:
        assert status.name == "Phase balance"
        assert status.current_deviation == pytest.approx(40, abs=0.5)
        assert [m.area_id for m in status.members] == [0, 1]
        assert status.max_area is not None and status.max_area.area_id == 0
        assert status.min_area is not None and status.min_area.area_id == 1


@PTZ
async def test_ptz_group_status_follows_the_preset(
    device: AxisDevice, server: CameraServer
) -> None:
    assert await device.thermometry.get_group_status() == ()
    server.camera.goto_preset(3)
    assert [g.id for g in await device.thermometry.get_group_status()] == [1]


@pytest.mark.parametrize(
    "position",
    [
        {"spotCoordinates": [0.25, -0.5]},  # 000
        {"x": 0.25, "y": -0.5},  # public flows of real firmware
        {"spotCoordinates": {"x": 0.25, "y": -0.5}},
        {"X": 0.25, "Y": -0.5},
    ],
)
def test_spot_position_in_every_seen_form(position: dict[str, Any]) -> None:
    spot = parse_spot_temperature({"spotTemperature": 21, **position})
    assert spot.coordinates == (0.25, -0.5)
    meter = parse_spot_meter({"imageSource": 1, "active": True, **position})
    assert meter.coordinates == (0.25, -0.5)


@pytest.mark.parametrize("position", [{"x": 0.25}, {"x": 0.25, "y": "north"}, {"x": 2, "y": 0}])
def test_half_or_impossible_spot_positions_are_malformed(position: dict[str, Any]) -> None:
    with pytest.raises(VapixMalformedResponseError):
        parse_spot_temperature({"spotTemperature": 21, **position})
