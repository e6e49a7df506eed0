"""exacqVision recordings in Home Assistant: the media browser's tree, playing a recording,
alarm moments, the *Recorded frame* action, and that no search is left open (issue 28)."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import unquote

import aiohttp
from homeassistant.components.media_player import BrowseMedia
from homeassistant.components.media_source import (
    URI_SCHEME,
    BrowseMediaSource,
    async_browse_media,
    async_resolve_media,
)
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_mock_service
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.axis_thermometry.const import DOMAIN
from tests.simulator import CameraServer
from tests.simulator.exacq import ExacqServer
from tests.simulator.exacq_video import recorded_time

from .conftest import ManualClock, refresh, set_up, wait_for
from .test_image import overheat_the_burner, readme_automation

ROOT = f"{URI_SCHEME}{DOMAIN}"
FURNACE, COLD_STORE = "4590080", "4590081"
ALARM_EVENT = "event.axis_q8752_e_temperature_alarm"


@pytest.fixture(autouse=True)
async def media_source(hass: HomeAssistant) -> None:
    assert await async_setup_component(hass, "media_source", {})


def children(item: BrowseMedia) -> list[BrowseMediaSource]:
    """A level's children, each with its identifier."""
    assert item.children is not None
    assert all(isinstance(child, BrowseMediaSource) for child in item.children)
    return [child for child in item.children if isinstance(child, BrowseMediaSource)]


@asynccontextmanager
async def playing(
    hass: HomeAssistant, hass_client: ClientSessionGenerator, media_id: str
) -> AsyncIterator[aiohttp.StreamReader]:
    """The recording ``media_id`` resolved and opened as the browser opens it."""
    resolved = await async_resolve_media(hass, media_id, None)
    assert resolved.mime_type == "image/jpeg"  # the frontend shows it as a (moving) image
    assert resolved.url.startswith("/api/axis_thermometry/recording/")
    client = await hass_client()
    response = await client.get(resolved.url)
    assert response.status == 200
    assert response.headers["Content-Type"].startswith("multipart/x-mixed-replace")
    try:
        yield response.content
    finally:
        response.close()


async def next_frame(content: aiohttp.StreamReader) -> bytes:
    await content.readuntil(b"\r\n\r\n")  # the boundary and the part's headers
    return b"\xff\xd8" + (await content.readuntil(b"\xff\xd9")).split(b"\xff\xd8", 1)[1]


def recent_clip(entry: MockConfigEntry, seconds: int = 60) -> str:
    """The media id of the last minute of the furnace camera (it records continuously)."""
    end = int(datetime.now(UTC).timestamp()) - 5
    return f"{ROOT}/{entry.entry_id}/{FURNACE}/{end - seconds}-{end}"


async def test_the_tree_lists_servers_cameras_days_hours_and_recordings(
    hass: HomeAssistant, loaded_exacq: MockConfigEntry, recorder: ExacqServer
) -> None:
    root = await async_browse_media(hass, ROOT)
    assert root.title == "exacqVision recordings"
    assert [child.title for child in children(root)] == ["Plant recorder"]
    server = await async_browse_media(hass, f"{ROOT}/{loaded_exacq.entry_id}")
    assert [child.title for child in children(server)] == [
        "Furnace thermal",
        "Cold store thermal",
        "Loading dock",
    ]
    camera = await async_browse_media(hass, f"{ROOT}/{loaded_exacq.entry_id}/{FURNACE}")
    days = [child for child in children(camera) if child.can_expand]
    assert 2 <= len(days) <= 3  # two days of clips back from now, newest first
    assert str(days[0].identifier) > str(days[-1].identifier)
    day = await async_browse_media(hass, f"{ROOT}/{days[0].identifier}")
    assert children(day)
    hour = await async_browse_media(hass, f"{ROOT}/{children(day)[0].identifier}")
    clips = children(hour)
    assert clips and all(clip.can_play and not clip.can_expand for clip in clips)
    assert "–" in clips[0].title  # "13:00:00–13:10:00"
    empty = await async_browse_media(hass, f"{ROOT}/{loaded_exacq.entry_id}/{COLD_STORE}")
    assert children(empty) == []
    assert recorder.stored.open_searches() == 0  # each metadata search was closed
    with pytest.raises(HomeAssistantError) as raised:
        await async_browse_media(hass, f"{ROOT}/{loaded_exacq.entry_id}/nonesuch")
    assert raised.value.translation_key == "unknown_recording"  # the server is there


async def test_a_recording_plays_frame_after_frame_and_its_search_is_closed(
    hass: HomeAssistant,
    loaded_exacq: MockConfigEntry,
    recorder: ExacqServer,
    hass_client: ClientSessionGenerator,
) -> None:
    media_id = recent_clip(loaded_exacq)
    start = datetime.fromtimestamp(int(media_id.rsplit("/", 1)[1].split("-")[0]), UTC)
    async with playing(hass, hass_client, media_id) as content:
        times = [recorded_time(await next_frame(content)) for _ in range(3)]
        assert times == [start + timedelta(seconds=0.5 * n) for n in range(3)]
        assert recorder.stored.open_searches() == 1
    await wait_for(lambda: recorder.stored.open_searches() == 0)
    # The browser never sees the recorder's session or search ids.
    resolved = await async_resolve_media(hass, media_id, None)
    assert all(session not in resolved.url for session in recorder.issued_sessions)


async def test_an_expired_session_is_renewed_while_playing(
    hass: HomeAssistant,
    loaded_exacq: MockConfigEntry,
    recorder: ExacqServer,
    hass_client: ClientSessionGenerator,
) -> None:
    async with playing(hass, hass_client, recent_clip(loaded_exacq)) as content:
        before = recorded_time(await next_frame(content))
        recorder.expire_sessions()
        after = recorded_time(await next_frame(content))
        # Made again from its play head (to the second, 002's time format): no gap.
        assert before <= after <= before + timedelta(seconds=1)
        assert recorded_time(await next_frame(content)) > before
    await wait_for(lambda: recorder.stored.open_searches() == 0)


async def test_unloading_the_server_stops_playing_and_closes_every_search(
    hass: HomeAssistant,
    loaded_exacq: MockConfigEntry,
    recorder: ExacqServer,
    hass_client: ClientSessionGenerator,
) -> None:
    async with playing(hass, hass_client, recent_clip(loaded_exacq)) as content:
        await next_frame(content)
        assert await hass.config_entries.async_unload(loaded_exacq.entry_id)
        assert recorder.stored.open_searches() == 0
        assert recorder.stored.closed == recorder.stored.created
    with pytest.raises(HomeAssistantError) as raised:
        await async_resolve_media(hass, recent_clip(loaded_exacq), None)
    assert raised.value.translation_key == "recorder_not_loaded"


async def test_bad_recordings_are_refused(
    hass: HomeAssistant, loaded_exacq: MockConfigEntry, hass_client: ClientSessionGenerator
) -> None:
    entry_id = loaded_exacq.entry_id
    for identifier in (f"{entry_id}/{FURNACE}/x-y", f"{entry_id}/nonesuch/1-2", "nonesuch/1/1-2"):
        with pytest.raises(HomeAssistantError):
            await async_resolve_media(hass, f"{ROOT}/{identifier}", None)
    # A span without video: the view says so instead of streaming nothing.
    end = int(datetime.now(UTC).timestamp()) - 45 * 60
    resolved = await async_resolve_media(
        hass, f"{ROOT}/{entry_id}/{FURNACE}/{end - 60}-{end}", None
    )
    client = await hass_client()
    assert (await client.get(resolved.url)).status == 404
    # Without Home Assistant's signature or token, nothing is served.
    async with aiohttp.ClientSession() as anonymous:
        url = str(client.make_url(resolved.url.split("?")[0]))
        assert (await anonymous.get(url)).status == 401


@pytest.mark.parametrize("profile", ["ptz"])
async def test_an_alarm_carries_its_recording_and_comes_first_in_the_tree(  # noqa: PLR0917
    hass: HomeAssistant,
    server: CameraServer,
    config_entry: MockConfigEntry,
    clock: ManualClock,
    loaded_exacq: MockConfigEntry,
    hass_client: ClientSessionGenerator,
) -> None:
    """The recorder records the PTZ camera (its serial): the alarm's event names the clip."""
    entry = await set_up(hass, config_entry)
    started = datetime.now(UTC).replace(microsecond=0)
    await overheat_the_burner(hass, server, entry, clock)
    event = hass.states.get(ALARM_EVENT)
    assert event is not None and event.attributes["event_type"] == "alarm_started"
    media_id = event.attributes["recording"]
    assert media_id.startswith(f"{ROOT}/{loaded_exacq.entry_id}/{FURNACE}/")
    camera = await async_browse_media(hass, f"{ROOT}/{loaded_exacq.entry_id}/{FURNACE}")
    assert children(camera)[0].title.startswith("Alarm: Burner")
    assert f"{ROOT}/{children(camera)[0].identifier}" == media_id
    async with playing(hass, hass_client, media_id) as content:
        first = recorded_time(await next_frame(content))
    assert started - timedelta(seconds=11) <= first <= started - timedelta(seconds=9)


async def test_an_alarm_of_a_camera_no_recorder_records_has_no_recording(
    hass: HomeAssistant, server: CameraServer, config_entry: MockConfigEntry, clock: ManualClock
) -> None:
    entry = await set_up(hass, config_entry)  # the fixed camera; no recorder loaded
    server.camera.set_area_temperature(0, 95)  # the transformer, above its 80 °C
    await refresh(hass, entry)
    clock.advance(6)
    await refresh(hass, entry)
    event = hass.states.get("event.axis_q2101_te_temperature_alarm")
    assert event is not None and event.attributes["event_type"] == "alarm_started"
    assert event.attributes["recording"] is None


@pytest.mark.parametrize("profile", ["ptz"])
async def test_the_recorded_frame_action_saves_the_frame_of_that_time(
    hass: HomeAssistant,
    config_entry: MockConfigEntry,
    loaded_exacq: MockConfigEntry,
    tmp_path: Path,
) -> None:
    await set_up(hass, config_entry)
    hass.config.allowlist_external_dirs = {str(tmp_path)}
    moment = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=3)
    target = tmp_path / "alarm.jpg"
    for entity_id in ("camera.axis_q8752_e", "camera.furnace_thermal"):  # Axis or recorder's
        answer = await hass.services.async_call(
            DOMAIN,
            "recorded_frame",
            {"entity_id": entity_id, "time": moment.isoformat(), "filename": str(target)},
            blocking=True,
            return_response=True,
        )
        assert answer is not None and answer["camera"] == "Furnace thermal"
        jpeg = await hass.async_add_executor_job(target.read_bytes)
        assert recorded_time(jpeg) == moment
        target.unlink()
    cases = {
        "no_recording": {
            "entity_id": "camera.furnace_thermal",
            "time": (moment - timedelta(minutes=42)).isoformat(),
        },
        "not_recorded": {"entity_id": "camera.loading_dock_nonesuch", "time": moment.isoformat()},
        "path_not_allowed": {
            "entity_id": "camera.furnace_thermal",
            "time": moment.isoformat(),
            "filename": "/etc/x.jpg",
        },
    }
    for key, data in cases.items():
        with pytest.raises(ServiceValidationError) as raised:
            await hass.services.async_call(
                DOMAIN,
                "recorded_frame",
                {"filename": str(target)} | data,
                blocking=True,
                return_response=True,
            )
        assert raised.value.translation_key == key
    assert not target.exists()


@pytest.mark.parametrize("profile", ["ptz"])
async def test_the_readme_notification_opens_the_alarms_recording(  # noqa: PLR0917
    hass: HomeAssistant,
    server: CameraServer,
    config_entry: MockConfigEntry,
    clock: ManualClock,
    loaded_exacq: MockConfigEntry,
    hass_client: ClientSessionGenerator,
) -> None:
    """The README's "Alarm recording on the phone": one notification per alarm start, whose
    link is the media browser at the camera, the alarm's clip first."""
    entry = await set_up(hass, config_entry)
    automation = readme_automation("Alarm recording on the phone")
    sent = async_mock_service(hass, "notify", "mobile_app_my_phone")
    assert await async_setup_component(hass, "automation", {"automation": [automation]})
    await hass.async_block_till_done()
    await overheat_the_burner(hass, server, entry, clock)
    await refresh(hass, entry)  # still in alarm: nothing more
    assert len(sent) == 1
    data = sent[0].data
    assert data["title"] == "Thermal alarm: Burner"
    url = data["data"]["url"]
    assert data["data"]["clickAction"] == url
    # The frontend's form: /media-browser/<player>/<type,id URI-encoded>.
    player, folder = url.removeprefix("/media-browser/").split("/")
    kind, media_id = unquote(folder).split(",", 1)
    assert (player, kind) == ("browser", "video")
    camera = await async_browse_media(hass, media_id)
    first = children(camera)[0]
    assert first.title.startswith("Alarm: Burner")
    async with playing(hass, hass_client, f"{ROOT}/{first.identifier}") as content:
        assert recorded_time(await next_frame(content))
