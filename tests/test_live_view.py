"""Live view: the camera's RTSP stream through Home Assistant's stream integration (issue 27).

The simulator's RTSP server is GStreamer's (``tests/simulator/rtsp.py``), with H.264 and digest
authentication; Home Assistant's ``stream`` opens it with its real ``av`` and makes HLS.
"""

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from io import BytesIO
import logging
from pathlib import Path

import av
from homeassistant.components.camera import CameraEntityFeature
from homeassistant.const import ATTR_SUPPORTED_FEATURES
from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
from PIL import Image
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.axis_thermometry.camera import AxisCamera
from tests.simulator import CameraServer
from tests.simulator.rtsp_process import advertise, free_port, rtsp_server

from .conftest import ManualClock, camera_entry, set_up, state_value, wait_for
from .test_image import overheat_the_burner, readme_automation

FIXED = "camera.axis_q2101_te"
THERMAL, VISUAL = "camera.axis_q8752_e", "camera.axis_q8752_e_visual"


@pytest.fixture
async def rtsp(server: CameraServer) -> AsyncIterator[int]:
    """The camera's RTSP server, on and advertised."""
    async with rtsp_server(server.camera) as port:
        yield port


@pytest.fixture
async def streaming(hass: HomeAssistant) -> None:
    assert await async_setup_component(hass, "stream", {})


def camera_entity(hass: HomeAssistant, entity_id: str = FIXED) -> AxisCamera:
    entity = hass.data["entity_components"]["camera"].get_entity(entity_id)
    assert isinstance(entity, AxisCamera)
    return entity


@asynccontextmanager
async def playing(hass: HomeAssistant, entity_id: str = FIXED) -> AsyncIterator[str]:
    """The camera's stream opened as the frontend's HLS player opens it, once it has its
    first segment: yields the playlist's path."""
    stream = await camera_entity(hass, entity_id).async_create_stream()
    assert stream is not None
    provider = stream.add_provider("hls")
    await stream.start()
    try:
        async with asyncio.timeout(60):
            while not await provider.recv():
                pass
        yield stream.endpoint_url("hls")
    finally:
        await stream.remove_provider(provider)  # its idle timer too; the stream stops


@pytest.mark.usefixtures("rtsp", "streaming")
async def test_the_stream_opens_and_gives_hls_segments(
    hass: HomeAssistant,
    server: CameraServer,
    hass_client: ClientSessionGenerator,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The thermal channel's H.264 over RTSP (digest authentication) becomes HLS."""
    caplog.set_level(logging.DEBUG)
    await set_up(hass, camera_entry(server))
    state = hass.states.get(FIXED)
    assert state is not None
    assert state.attributes[ATTR_SUPPORTED_FEATURES] & CameraEntityFeature.STREAM
    source = await camera_entity(hass).stream_source()
    assert source is not None
    assert source.startswith("rtsp://root:pass@127.0.0.1:")
    assert "/axis-media/media.amp?camera=1&videocodec=h264" in source
    client = await hass_client()
    async with playing(hass) as master:
        response = await client.get(master)
        assert response.status == 200
        assert "#EXTM3U" in await response.text()
        response = await client.get(master.replace("master_playlist", "playlist"))
        playlist = await response.text()
        assert ".m4s" in playlist  # a segment of H.264 from the camera
    assert ":pass@" not in caplog.text  # the credentials are nowhere in the log


async def wait_unavailable(hass: HomeAssistant) -> None:
    """Open the stream and wait until Home Assistant's stream says it does not play."""
    stream = await camera_entity(hass).async_create_stream()
    assert stream is not None
    failed = asyncio.Event()
    stream.set_update_callback(lambda: None if stream.available else failed.set())
    provider = stream.add_provider("hls")
    await stream.start()
    try:
        async with asyncio.timeout(60):
            await failed.wait()
    finally:
        await stream.remove_provider(provider)


@pytest.mark.usefixtures("streaming")
async def test_wrong_credentials_fail_without_logging_them(
    hass: HomeAssistant, server: CameraServer, caplog: pytest.LogCaptureFixture
) -> None:
    """The RTSP server refuses the entry's user: the stream fails; the password is in no
    log line."""
    async with rtsp_server(server.camera, users={"someone": "else"}):
        await set_up(hass, camera_entry(server))
        await wait_unavailable(hass)
    assert "Error from stream worker" in caplog.text
    assert ":pass@" not in caplog.text and "root:pass" not in caplog.text


@pytest.mark.usefixtures("streaming")
async def test_a_closed_rtsp_port_fails_without_logging_credentials(
    hass: HomeAssistant, server: CameraServer, caplog: pytest.LogCaptureFixture
) -> None:
    advertise(server.camera, free_port())  # nothing listens there
    await set_up(hass, camera_entry(server))
    await wait_unavailable(hass)
    assert ":pass@" not in caplog.text and "root:pass" not in caplog.text


async def test_without_rtsp_the_camera_keeps_snapshots_and_no_stream(
    hass: HomeAssistant,
    server: CameraServer,
    hass_client: ClientSessionGenerator,
) -> None:
    """RTSP off (or not listed): no stream feature; snapshots as before."""
    advertise(server.camera, None)
    await set_up(hass, camera_entry(server))
    state = hass.states.get(FIXED)
    assert state is not None
    assert not state.attributes.get(ATTR_SUPPORTED_FEATURES, 0) & CameraEntityFeature.STREAM
    assert await camera_entity(hass).stream_source() is None
    client = await hass_client()
    response = await client.get(f"/api/camera_proxy/{FIXED}")
    assert response.status == 200
    assert (await response.read())[:2] == b"\xff\xd8"


@pytest.mark.parametrize("profile", ["ptz"])
@pytest.mark.usefixtures("rtsp", "streaming")
async def test_the_readme_records_a_clip_on_alarm(
    hass: HomeAssistant,
    server: CameraServer,
    config_entry: MockConfigEntry,
    clock: ManualClock,
    tmp_path: Path,
) -> None:
    """The README's automation: the burner's alarm records a clip with ``camera.record``
    (into this test's folder instead of /media/thermal)."""
    entry = await set_up(hass, config_entry)  # "AXIS Q8752-E": the README's entity ids
    automation = readme_automation("Record the burner on alarm")
    data = automation["actions"][0]["data"]
    data["filename"] = data["filename"].replace("/media/thermal", str(tmp_path))
    hass.config.allowlist_external_dirs = {str(tmp_path)}
    assert await async_setup_component(hass, "automation", {"automation": [automation]})
    await hass.async_block_till_done()
    await overheat_the_burner(hass, server, entry, clock)
    assert state_value(hass, "binary_sensor.axis_q8752_e_burner_alarm") == "on"
    await wait_for(lambda: recorded_clip(tmp_path) is not None, timeout=60)
    assert await hass.async_add_executor_job(codec_of, recorded_clip(tmp_path)) == "h264"
    await hass.config_entries.async_unload(entry.entry_id)


def recorded_clip(folder: Path) -> Path | None:
    """The clip ``camera.record`` wrote, once it is complete (the recorder renames it then)."""
    return next((clip for clip in folder.glob("burner_*.mp4") if clip.stat().st_size), None)


def codec_of(clip: Path | None) -> str:
    assert clip is not None
    with av.open(str(clip)) as recorded:
        return str(recorded.streams.video[0].codec_context.name)


def corner(jpeg: bytes) -> tuple[int, int, int]:
    """The top-left pixel: the simulator's visual channel has blue sky there, its thermal
    channel a grey of the white-hot palette."""
    with Image.open(BytesIO(jpeg)) as image:
        pixel = image.convert("RGB").getpixel((2, 2))
    assert isinstance(pixel, tuple)
    return int(pixel[0]), int(pixel[1]), int(pixel[2])


@pytest.mark.parametrize("profile", ["ptz"])
@pytest.mark.usefixtures("rtsp")
async def test_a_bispectral_camera_has_its_visual_channel_beside_the_thermal_one(
    hass: HomeAssistant,
    server: CameraServer,
    config_entry: MockConfigEntry,
    hass_client: ClientSessionGenerator,
) -> None:
    """Two image sources: the thermal one (where the areas are) stays the device's camera,
    the other is "Visual", with its own snapshots, MJPEG and stream."""
    await set_up(hass, config_entry)
    state = hass.states.get(VISUAL)
    assert state is not None
    assert state.attributes["friendly_name"] == "AXIS Q8752-E Visual"
    assert state.attributes[ATTR_SUPPORTED_FEATURES] & CameraEntityFeature.STREAM
    assert "camera=1&" in str(await camera_entity(hass, THERMAL).stream_source())
    assert "camera=2&" in str(await camera_entity(hass, VISUAL).stream_source())
    client = await hass_client()
    pictures = {}
    for entity_id in (THERMAL, VISUAL):
        response = await client.get(f"/api/camera_proxy/{entity_id}")
        assert response.status == 200
        pictures[entity_id] = corner(await response.read())
    red, _, blue = pictures[VISUAL]
    assert blue > red + 60  # sky
    red, _, blue = pictures[THERMAL]
    assert abs(red - blue) < 20  # grey
    server.mjpeg_fps = 20
    response = await client.get(f"/api/camera_proxy_stream/{VISUAL}")
    assert response.status == 200
    await response.content.readuntil(b"\r\n\r\n")  # boundary and part headers
    red, _, blue = corner(await response.content.readuntil(b"\xff\xd9"))
    assert blue > red + 60
    response.close()


async def test_a_camera_with_one_image_source_has_no_visual_camera(
    hass: HomeAssistant, server: CameraServer
) -> None:
    await set_up(hass, camera_entry(server))
    assert hass.states.get(FIXED) is not None
    assert hass.states.async_entity_ids("camera") == [FIXED]
