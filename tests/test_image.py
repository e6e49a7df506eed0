"""The area map and last alarm images through Home Assistant, against the simulated camera."""

import asyncio
from datetime import datetime, timedelta
from io import BytesIO
from pathlib import Path
import re
from typing import Any

from homeassistant.components.image.const import DATA_COMPONENT
from homeassistant.const import UnitOfTemperature
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.setup import async_setup_component
from homeassistant.util.unit_system import US_CUSTOMARY_SYSTEM
from homeassistant.util.yaml import parse_yaml
from PIL import Image
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_mock_service
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.axis_thermometry import image as image_module
from custom_components.axis_thermometry.area_map import ALARM, COLDEST, OUTLINE, to_pixel
from custom_components.axis_thermometry.image import AreaMapImage, last_alarm_path
from tests.simulator import CameraServer
from tests.simulator.image import render as simulator_snapshot

from .conftest import ManualClock, refresh, set_up, state_value, wait_for

FIXED = "axis_q2101_te"
AREA_MAP = f"image.{FIXED}_area_map"
LAST_ALARM = f"image.{FIXED}_last_alarm"
# The fixed profile's areas (tests/simulator/profiles.py).
TRANSFORMER = ((-0.8, -0.4), (-0.3, -0.4), (-0.3, 0.4), (-0.8, 0.4))
CABLE_JOINT = ((0.3, -0.4), (0.8, -0.4), (0.8, 0.4), (0.3, 0.4))
CABLE_JOINT_ID, COLD_STORE_ID = 1, 2
SIZE = (640, 480)  # the listed size nearest to the map's 800×600


async def fetch(hass_client: ClientSessionGenerator, hass: HomeAssistant, entity_id: str) -> bytes:
    """The image as the frontend gets it: its entity picture URL, with the access token."""
    state = hass.states.get(entity_id)
    assert state is not None
    client = await hass_client()
    response = await client.get(state.attributes["entity_picture"])
    assert response.status == 200, await response.text()
    assert response.content_type == "image/jpeg"
    body: bytes = await response.read()
    return body


def decoded(jpeg: bytes) -> Image.Image:
    return Image.open(BytesIO(jpeg)).convert("RGB")


def towards(
    image: Image.Image, raw: Image.Image, point: tuple[float, float], want: tuple[int, ...]
) -> float:
    """How far (0: not at all, 1: all the way) the pixel at ``point`` moved from the camera's
    own snapshot towards ``want``, the most within a pixel around it (JPEG softens lines)."""
    x, y = (round(v) for v in to_pixel(point, *image.size))
    best = 0.0
    for dx in (-1, 0, 1):
        for dy in (-1, 0, 1):
            at = (x + dx, y + dy)
            drawn, before = image.getpixel(at), raw.getpixel(at)
            assert isinstance(drawn, tuple) and isinstance(before, tuple)
            direction = [w - b for w, b in zip(want, before, strict=True)]
            length = sum(d * d for d in direction) or 1
            moved = sum((d - b) * t for d, b, t in zip(drawn, before, direction, strict=True))
            best = max(best, moved / length)
    return best


def middle(a: tuple[float, float], b: tuple[float, float]) -> tuple[float, float]:
    return (a[0] + b[0]) / 2, (a[1] + b[1]) / 2


def inside(polygon: tuple[tuple[float, float], ...]) -> tuple[float, float]:
    """A point well inside ``polygon`` (clear of its label in the upper left corner)."""
    xs, ys = [x for x, _ in polygon], [y for _, y in polygon]
    return (min(xs) + 3 * max(xs)) / 4, (3 * min(ys) + max(ys)) / 4


def area_map(hass: HomeAssistant, entity_id: str = AREA_MAP) -> AreaMapImage:
    entity = hass.data[DATA_COMPONENT].get_entity(entity_id)
    assert isinstance(entity, AreaMapImage)
    return entity


@pytest.fixture
async def mapped(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, clock: ManualClock
) -> MockConfigEntry:
    """The fixed camera, set up, its scene still (the clock stands)."""
    return loaded_entry


async def test_no_snapshot_is_fetched_until_the_map_is_viewed(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    mapped: MockConfigEntry,
    server: CameraServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    before = state_value(hass, AREA_MAP)
    server.camera.set_area_temperature(CABLE_JOINT_ID, 45)  # no alarm (above 60 °C)
    await refresh(hass, mapped)
    await refresh(hass, mapped)
    assert state_value(hass, AREA_MAP) != before
    assert server.resolutions_asked == []  # polled, redrawn: nobody looked
    await fetch(hass_client, hass, AREA_MAP)
    await fetch(hass_client, hass, AREA_MAP)
    assert server.resolutions_asked == [
        "640x480"
    ]  # once per poll interval, however often viewed; legible (issue 29, 8)
    monkeypatch.setattr(image_module, "SNAPSHOT_MAX_AGE", 0)
    await fetch(hass_client, hass, AREA_MAP)
    assert server.resolutions_asked == ["640x480", "640x480"]


async def test_the_map_shows_areas_values_and_alarms_where_the_camera_lists_them(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    mapped: MockConfigEntry,
    server: CameraServer,
) -> None:
    """Outlines over the camera's own snapshot at listAreas' vertices; only the area in alarm
    is outlined in the warning colour and filled; the "below" area's coldest pixel ringed."""
    server.camera.set_area_temperature(CABLE_JOINT_ID, 90)
    await refresh(hass, mapped)
    raw = decoded(simulator_snapshot(server.camera, *SIZE))
    image = decoded(await fetch(hass_client, hass, AREA_MAP))
    assert image.size == SIZE
    for corner in range(4):
        edge = middle(TRANSFORMER[corner], TRANSFORMER[(corner + 1) % 4])
        assert towards(image, raw, edge, OUTLINE) > 0.5, edge
        assert towards(image, raw, edge, ALARM) < 0.25, edge
        edge = middle(CABLE_JOINT[corner], CABLE_JOINT[(corner + 1) % 4])
        assert towards(image, raw, edge, ALARM) > 0.5, edge
    assert towards(image, raw, inside(CABLE_JOINT), ALARM) > 0.15  # filled, translucently
    assert towards(image, raw, inside(TRANSFORMER), ALARM) < 0.05  # not filled
    status = mapped.runtime_data.readings.data.areas[COLD_STORE_ID].status
    assert status.min_position is not None
    radius = 3 * round(min(SIZE) / 160)
    x, y = status.min_position
    ring = (x + 2 * radius / SIZE[0], y)  # on the ring, right of the coldest pixel
    assert towards(image, raw, ring, COLDEST) > 0.5


async def test_the_image_changes_only_when_the_drawing_does(
    hass: HomeAssistant, mapped: MockConfigEntry, server: CameraServer
) -> None:
    before = state_value(hass, AREA_MAP)
    datetime.fromisoformat(before)  # image entities' state: when the image last changed
    await refresh(hass, mapped)
    assert state_value(hass, AREA_MAP) == before  # the same readings draw the same map
    server.camera.set_area_temperature(CABLE_JOINT_ID, 41)
    await refresh(hass, mapped)
    assert state_value(hass, AREA_MAP) != before


async def test_values_are_drawn_in_the_unit_home_assistant_shows(
    hass: HomeAssistant, server: CameraServer, config_entry: MockConfigEntry, clock: ManualClock
) -> None:
    hass.config.units = US_CUSTOMARY_SYSTEM
    await set_up(hass, config_entry)
    overlay = area_map(hass)._current()
    cable = next(area for area in overlay.areas if area.name == "Cable joint")
    assert cable.value == "105.8 °F"  # its maximum: 41 °C (38 °C, 6 °C between min and max)
    assert overlay.spot is not None and overlay.spot.label.endswith(UnitOfTemperature.FAHRENHEIT)
    await hass.config_entries.async_unload(config_entry.entry_id)


@pytest.mark.parametrize("profile", ["ptz13"])
async def test_one_map_per_image_source_with_the_current_preset_only(
    hass: HomeAssistant, server: CameraServer, config_entry: MockConfigEntry
) -> None:
    """Two image sources with an active spot meter each: two maps, named after them; on
    preset 2 only its two areas are drawn, and after the camera turns to preset 3, only
    preset 3's."""
    server.camera.thermals.spots[1].active = True
    loaded_entry = await set_up(hass, config_entry)
    camera = "axis_q8752_e"
    first = area_map(hass, f"image.{camera}_area_map_image_source_0")
    second = area_map(hass, f"image.{camera}_area_map_image_source_1")
    assert [area.name for area in first._current().areas] == ["Burner", "Flue"]
    assert second._current().areas == ()  # no areas there, its spot meter only
    server.camera.goto_preset(3)
    await refresh(hass, loaded_entry)
    assert [area.name for area in first._current().areas] == ["Belt motor", "Bearing"]

    # The second source's spot meter is switched off: its map goes (no orphan), and comes
    # back when the spot meter does.
    second_id = f"image.{camera}_area_map_image_source_1"
    registry = er.async_get(hass)
    for active, present in ((False, False), (True, True)):
        server.camera.thermals.spots[1].active = active
        await loaded_entry.runtime_data.readings.async_reread_configuration()
        await hass.async_block_till_done()
        assert (registry.async_get(second_id) is not None) is present
        assert (hass.states.get(second_id) is not None) is present
    await hass.config_entries.async_unload(loaded_entry.entry_id)


async def test_last_alarm_is_captured_when_an_alarm_starts_and_kept_across_a_restart(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    mapped: MockConfigEntry,
    server: CameraServer,
) -> None:
    state = hass.states.get(LAST_ALARM)
    assert state is not None and state.state == "unknown"  # no alarm yet:
    # no picture, so the frontend shows the icon, not a broken image (issue 29, 11).
    assert "entity_picture" not in state.attributes
    server.camera.set_area_temperature(CABLE_JOINT_ID, 90)
    await refresh(hass, mapped)
    state = hass.states.get(LAST_ALARM)
    assert state is not None and state.attributes["area"] == "Cable joint"
    assert state.attributes["entity_picture"].startswith(f"/api/image_proxy/{LAST_ALARM}")
    assert state.attributes["area_id"] == CABLE_JOINT_ID
    taken = datetime.fromisoformat(state.state)
    raw = decoded(simulator_snapshot(server.camera, *SIZE))
    jpeg = await fetch(hass_client, hass, LAST_ALARM)
    image = decoded(jpeg)
    edge = middle(CABLE_JOINT[0], CABLE_JOINT[1])
    assert towards(image, raw, edge, ALARM) > 0.5
    assert image.getpixel((SIZE[0] - 2, 1)) == pytest.approx((0, 0, 0), abs=24)  # caption
    path = last_alarm_path(hass, mapped.entry_id)
    assert path.read_bytes() == jpeg

    # Still in alarm: no new capture. Home Assistant restarts: the image comes back.
    await refresh(hass, mapped)
    assert state_value(hass, LAST_ALARM) == state.state
    assert await hass.config_entries.async_reload(mapped.entry_id)
    await hass.async_block_till_done()
    restored = hass.states.get(LAST_ALARM)
    assert restored is not None
    assert abs(datetime.fromisoformat(restored.state) - taken) < timedelta(milliseconds=1)
    assert restored.attributes["area"] == "Cable joint"
    assert await fetch(hass_client, hass, LAST_ALARM) == jpeg

    # The next alarm replaces it: one file per camera.
    server.camera.set_area_temperature(CABLE_JOINT_ID, 40)
    await refresh(hass, mapped)
    server.camera.set_area_temperature(0, 95)
    await refresh(hass, mapped)  # the transformer's 5 s delay has not passed
    server.camera.set_area_temperature(CABLE_JOINT_ID, 90)
    await refresh(hass, mapped)
    assert state_value(hass, LAST_ALARM) != restored.state
    assert path.read_bytes() != jpeg
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]


async def test_an_alarm_is_kept_even_when_the_camera_gives_no_snapshot(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    mapped: MockConfigEntry,
    server: CameraServer,
    caplog: pytest.LogCaptureFixture,
) -> None:
    server.inject("status_500", path="/axis-cgi/jpg/image.cgi", count=-1)
    server.camera.set_area_temperature(CABLE_JOINT_ID, 90)
    await refresh(hass, mapped)
    assert "no snapshot for the alarm in Cable joint" in caplog.text
    image = decoded(await fetch(hass_client, hass, LAST_ALARM))
    assert image.size == (640, 480)  # drawn on black
    edge = middle(CABLE_JOINT[0], CABLE_JOINT[1])
    black = Image.new("RGB", image.size)
    assert towards(image, black, edge, ALARM) > 0.5
    # The area map cannot be drawn without a snapshot: the image view answers an error.
    client = await hass_client()
    picture = hass.states.get(AREA_MAP)
    assert picture is not None
    response = await client.get(picture.attributes["entity_picture"])
    assert response.status == 500


async def test_removing_the_camera_removes_its_last_alarm_image(
    hass: HomeAssistant, mapped: MockConfigEntry, server: CameraServer
) -> None:
    server.camera.set_area_temperature(CABLE_JOINT_ID, 90)
    await refresh(hass, mapped)
    path = last_alarm_path(hass, mapped.entry_id)
    assert path.exists()
    await hass.config_entries.async_remove(mapped.entry_id)
    await hass.async_block_till_done()
    assert not path.exists()
    assert er.async_get(hass).async_get(LAST_ALARM) is None


async def test_a_broken_snapshot_is_an_error_for_the_map_and_black_for_the_last_alarm(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    mapped: MockConfigEntry,
    server: CameraServer,
) -> None:
    server.inject("truncated_jpeg", path="/axis-cgi/jpg/image.cgi", count=-1)
    client = await hass_client()
    picture = hass.states.get(AREA_MAP)
    assert picture is not None
    response = await client.get(picture.attributes["entity_picture"])
    assert response.status == 500
    server.camera.set_area_temperature(CABLE_JOINT_ID, 90)
    await refresh(hass, mapped)
    assert decoded(await fetch(hass_client, hass, LAST_ALARM)).size == (640, 480)


def readme_automation(alias: str) -> dict[str, Any]:
    """The README's example automation called ``alias``, as YAML it shows."""
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    for block in re.findall(r"```yaml\n(.*?)```", readme, flags=re.DOTALL):
        if f'alias: "{alias}"' in block:
            parsed = parse_yaml(block)
            assert isinstance(parsed, dict)
            automations = parsed["automation"]
            assert isinstance(automations, list)
            automation: dict[str, Any] = automations[0]
            return automation
    raise AssertionError(f"no automation {alias!r} in the README")


async def overheat_the_burner(
    hass: HomeAssistant, server: CameraServer, entry: MockConfigEntry, clock: ManualClock
) -> None:
    """The PTZ camera's burner above its rule's 300 °C for its 5 s delay: its alarm is on."""
    server.camera.set_area_temperature(0, 320)
    await refresh(hass, entry)
    clock.advance(6)
    await refresh(hass, entry)


@pytest.mark.parametrize("profile", ["ptz"])
async def test_the_readme_notification_example(
    hass: HomeAssistant, server: CameraServer, config_entry: MockConfigEntry, clock: ManualClock
) -> None:
    """One notification per alarm start, with the area and the image; none for an alarm that
    goes on, none when the entity comes back after a reload."""
    entry = await set_up(hass, config_entry)  # "AXIS Q8752-E": the README's entity ids
    automation = readme_automation("Thermal alarm with picture")
    sent = async_mock_service(hass, "notify", "mobile_app_my_phone")
    assert await async_setup_component(hass, "automation", {"automation": [automation]})
    await hass.async_block_till_done()

    await overheat_the_burner(hass, server, entry, clock)
    await refresh(hass, entry)  # still in alarm
    assert len(sent) == 1
    assert sent[0].data["title"] == "Thermal alarm: Burner"
    assert sent[0].data["data"] == {"image": "/api/image_proxy/image.axis_q8752_e_last_alarm"}
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    assert state_value(hass, "image.axis_q8752_e_last_alarm") != "unknown"  # shown again
    assert len(sent) == 1
    await hass.config_entries.async_unload(entry.entry_id)


async def test_a_capture_under_way_ends_with_the_entry(
    hass: HomeAssistant, mapped: MockConfigEntry, server: CameraServer
) -> None:
    """The camera does not answer the snapshot: unloading does not wait for it, nor fail."""
    server.inject("hang", path="/axis-cgi/jpg/image.cgi", count=-1)
    server.camera.set_area_temperature(CABLE_JOINT_ID, 90)
    await mapped.runtime_data.readings.async_refresh()  # the capture starts, and hangs
    await wait_for(lambda: server.in_flight["/axis-cgi/jpg/image.cgi"] > 0)
    async with asyncio.timeout(2):
        assert await hass.config_entries.async_unload(mapped.entry_id)
    await hass.async_block_till_done()
    assert not last_alarm_path(hass, mapped.entry_id).exists()
