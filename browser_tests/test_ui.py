"""Add the simulated camera and exacqVision server through Home Assistant's UI, run an
entity action on an area and show the thermal dashboard of docs/."""

import asyncio
import json
from pathlib import Path
import re
from typing import Any

from homeassistant.util.yaml import load_yaml_dict
from playwright.async_api import Locator, Page, expect

from .conftest import HA_URL, RECORDER_PORT, SCREENSHOTS, SIMULATOR_PORT, screenshot


async def start_flow(page: Page, kind: str, title: str) -> None:
    """Open the integration's config flow and choose what to add in its menu."""
    await page.goto(f"{HA_URL}/config/integrations/dashboard/add?domain=axis_thermometry")
    await page.get_by_role("button", name="OK").click()  # "Do you want to set up …?"
    await expect(page.get_by_text("What would you like to add?")).to_be_visible()
    await page.get_by_text(kind, exact=True).click()
    await expect(page.get_by_text(title)).to_be_visible()


async def fill(page: Page, port: int, username: str, password: str) -> None:
    await page.get_by_role("textbox", name="Host").fill("127.0.0.1")
    await page.get_by_role("spinbutton", name="Port").fill(str(port))
    await page.get_by_role("textbox", name="Username").fill(username)
    await page.get_by_role("textbox", name="Password").fill(password)
    await page.get_by_role("button", name="Submit").click()


async def open_device(page: Page, name: str) -> None:
    await page.goto(f"{HA_URL}/config/devices/dashboard")
    await page.get_by_text(name, exact=True).first.click()
    await page.wait_for_url(re.compile(r"/config/devices/device/"))


async def test_add_camera_through_the_config_flow(page: Page) -> None:
    """Wrong password: translated error; right one: the device and its entities appear."""
    await start_flow(page, "Axis thermal camera", "Add an Axis thermal camera")
    await fill(page, SIMULATOR_PORT, "root", "wrong")
    await expect(page.get_by_text("The device rejected the username or password.")).to_be_visible()
    await screenshot(page, "config-flow-error")

    await fill(page, SIMULATOR_PORT, "root", "pass")
    await page.get_by_role("button", name="Skip and finish").click()

    await open_device(page, "AXIS Q8752-E 0001")
    # The PTZ camera stands on the "Furnace" preset: its areas are measured.
    await expect(page.get_by_text("Burner average").first).to_be_visible()
    await expect(page.get_by_text("Burner alarm").first).to_be_visible()
    await expect(page.get_by_text(re.compile(r"\d+(\.\d)? °C")).first).to_be_visible()
    await expect(page.get_by_text("PTZ preset")).to_be_visible()
    # The camera thumbnail comes through Home Assistant's proxy, never the camera's URL.
    thumbnail = page.locator("[style*='/api/camera_proxy/'], img[src*='/api/camera_proxy/']").first
    await expect(thumbnail).to_be_visible()
    source = (await thumbnail.get_attribute("style") or "") + (
        await thumbnail.get_attribute("src") or ""
    )
    assert "pass" not in source
    assert f":{SIMULATOR_PORT}" not in source
    await page.wait_for_timeout(1000)  # let the thumbnail and values settle for the picture
    await screenshot(page, "device-page")


async def test_add_exacq_server_through_the_config_flow(page: Page) -> None:
    """The server and its cameras become devices with soft trigger switches and presets."""
    await start_flow(page, "exacqVision recording server", "Add an exacqVision server")
    await fill(page, RECORDER_PORT, "admin", "admin256")
    await page.get_by_role("button", name="Skip and finish").click()

    await open_device(page, "Furnace thermal")
    await expect(page.get_by_text("Go to Conveyor")).to_be_visible()
    await expect(page.get_by_text("Motion").first).to_be_visible()
    thumbnail = page.locator("[style*='/api/camera_proxy/'], img[src*='/api/camera_proxy/']").first
    await expect(thumbnail).to_be_visible()
    await page.wait_for_timeout(1000)
    await screenshot(page, "exacq-camera-page")

    # The camera is connected via the server's device.
    await page.get_by_role("link", name="Plant recorder").click()
    await expect(page.get_by_text("Fire alarm").first).to_be_visible()
    await expect(page.get_by_text("Connectivity").first).to_be_visible()
    await screenshot(page, "exacq-server-page")


CAMERA = "axis_q8752_e_0001"  # the entity id prefix of the camera added above
DASHBOARD = Path(__file__).resolve().parent.parent / "docs" / "thermal-dashboard.yaml"
DEVELOP_LOG = Path(__file__).resolve().parent.parent / "artifacts" / "develop.log"  # test-browser


async def send(page: Page, message: dict[str, Any]) -> Any:
    """A WebSocket command through the frontend's own connection."""
    return await page.evaluate(
        "message => document.querySelector('home-assistant').hass.connection"
        ".sendMessagePromise(message)",
        message,
    )


async def call_service(
    page: Page, domain: str, service: str, entity_id: str, data: dict[str, Any]
) -> None:
    """An action on ``entity_id``, as the frontend performs it."""
    await send(
        page,
        {
            "type": "call_service",
            "domain": domain,
            "service": service,
            "target": {"entity_id": entity_id},
            "service_data": data,
        },
    )


# How a tile shows an area's ``measured_at`` (the frontend formats the timestamp).
MEASURED_AT = re.compile(r"\d{4}.*\d{1,2}:\d{2}")


async def attribute(page: Page, entity_id: str, name: str) -> Any:
    return await page.evaluate(
        "([entity, name]) => document.querySelector('home-assistant').hass"
        ".states[entity]?.attributes[name]",
        [entity_id, name],
    )


async def test_entity_action_on_an_area(page: Page) -> None:
    """Update temperature area, targeting the area's alarm entity: no ids needed."""
    alarm = f"binary_sensor.{CAMERA}_burner_alarm"
    assert await attribute(page, alarm, "threshold") == 300
    await page.goto(f"{HA_URL}/config/tools/action")
    await expect(page.get_by_text("Perform action").first).to_be_visible()
    await page.get_by_text("YAML mode", exact=True).first.click()
    editor = page.locator("ha-code-editor .cm-content").first
    await editor.click()
    await page.keyboard.press("Control+A")
    await page.keyboard.insert_text(
        "action: axis_thermometry.update_area\n"
        f"target:\n  entity_id: {alarm}\n"
        "data:\n  threshold: 320\n  preset: Furnace\n"
    )
    await expect(page.get_by_text("Update temperature area").first).to_be_visible()
    await page.get_by_role("button", name="Perform action").click()
    await page.wait_for_function(
        "entity => document.querySelector('home-assistant').hass"
        ".states[entity]?.attributes.threshold === 320",
        arg=alarm,
    )
    await open_device(page, "AXIS Q8752-E 0001")
    # The device page's logbook shows the change the action made.
    await expect(
        page.get_by_role("button", name=re.compile(r"Burner threshold 320"))
    ).to_be_visible()
    await page.wait_for_timeout(500)
    await screenshot(page, "device-page-after-action")


async def show_dashboard(page: Page, url_path: str, title: str, config: dict[str, Any]) -> None:
    """A dashboard in the sidebar (made once) showing ``config``."""
    dashboards = await send(page, {"type": "lovelace/dashboards/list"})
    if not any(d["url_path"] == url_path for d in dashboards):
        await send(
            page,
            {
                "type": "lovelace/dashboards/create",
                "url_path": url_path,
                "title": title,
                "icon": "mdi:thermometer",
                "mode": "storage",
                "show_in_sidebar": True,
                "require_admin": False,
            },
        )
    await send(page, {"type": "lovelace/config/save", "url_path": url_path, "config": config})


async def test_thermal_dashboard(page: Page) -> None:
    """The dashboard of docs/ renders with live values; its screenshot is in the README."""
    await show_dashboard(page, "thermal-camera", "Thermal", load_yaml_dict(DASHBOARD))
    # A look at the other preset: its areas keep their readings when the camera comes back.
    select = f"select.{CAMERA}_ptz_preset"
    for preset in ("Conveyor", "Furnace"):
        await call_service(page, "select", "select_option", select, {"option": preset})
    await page.goto(f"{HA_URL}/thermal-camera/thermal")
    await expect(page.get_by_text("Area temperatures")).to_be_visible()
    # The camera and the area map; the last alarm only once there has been one.
    await expect(page.locator("hui-picture-entity-card")).to_have_count(2)
    await expect(page.get_by_text("Burner maximum").first).to_be_visible()
    await expect(page.get_by_text("Unknown")).to_have_count(0)  # every area has a reading
    await expect(page.get_by_text(re.compile(r"\d+(\.\d)? °C")).first).to_be_visible()
    # The Conveyor's areas are not measured now: their tiles say from when (issue 29, 7).
    assert (await attribute(page, f"sensor.{CAMERA}_bearing_maximum", "measuring")) is False
    await expect(page.get_by_text(MEASURED_AT).first).to_be_visible()
    assert "Entity not available" not in json.dumps(await page.content())
    await page.wait_for_timeout(1500)  # the camera image and the graphs
    await screenshot(page, "thermal-dashboard")


async def test_area_map_and_last_alarm(page: Page) -> None:
    """An alarm starts: the area map draws the area in the warning colour and the last
    alarm image is taken; both on the dashboard (their screenshots are in the README)."""
    alarm = f"binary_sensor.{CAMERA}_burner_alarm"
    last_alarm = f"image.{CAMERA}_last_alarm"
    # The burner runs at about 240 °C.
    await call_service(page, "axis_thermometry", "update_area", alarm, {"threshold": 200})
    await page.goto(f"{HA_URL}/thermal-camera/thermal")
    # The camera waits the area's 5 s delay before it raises the alarm; then one poll.
    await page.wait_for_function(
        "entity => document.querySelector('home-assistant')?.hass"
        "?.states?.[entity]?.attributes.area === 'Burner'",
        arg=last_alarm,
        timeout=60_000,
    )
    assert (await attribute(page, alarm, "threshold")) == 200
    await page.wait_for_timeout(2000)  # both images loaded
    cards = page.locator("hui-picture-entity-card")
    await expect(cards).to_have_count(3)  # the camera, the area map, the last alarm
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    await cards.nth(1).screenshot(path=str(SCREENSHOTS / "area-map.png"))
    await cards.nth(2).screenshot(path=str(SCREENSHOTS / "last-alarm.png"))
    await screenshot(page, "thermal-dashboard-alarm")


async def test_live_view_plays_in_the_more_info_dialog(page: Page) -> None:
    """The camera's more-info dialog plays its RTSP stream (HLS through Home Assistant's
    stream): the video's time advances, and its picture changes (issue 27)."""
    camera = f"camera.{CAMERA}"
    capabilities = await send(page, {"type": "camera/capabilities", "entity_id": camera})
    assert "hls" in capabilities["frontend_stream_types"]
    await page.goto(f"{HA_URL}/thermal-camera/thermal")
    await page.locator("hui-picture-entity-card").first.click()  # the camera: more-info
    await expect(page.locator("ha-more-info-dialog")).to_have_count(1)
    video = page.locator("ha-more-info-dialog video")
    await expect(video).to_have_count(1, timeout=30_000)
    await video.evaluate("v => { v.muted = true; return v.play(); }")
    await page.wait_for_function(
        "v => v.readyState >= 2 && v.currentTime > 1",
        arg=await video.element_handle(),
        timeout=90_000,
    )
    first = await video.screenshot()
    await page.wait_for_function(
        "([v, t]) => v.currentTime > t + 1",
        arg=[await video.element_handle(), await video.evaluate("v => v.currentTime")],
        timeout=30_000,
    )
    assert await video.screenshot() != first  # the ball moved: frames, not a still
    await screenshot(page, "live-view")
    await page.keyboard.press("Escape")


async def test_a_recording_plays_in_the_media_browser(page: Page) -> None:
    """Media → exacqVision recordings → the server → a camera → a day → an hour → a
    recording: the media browser's player shows its frames, and they change; so does a
    dashboard's picture card whose image is the recording's media-source id (issue 28)."""
    await page.goto(f"{HA_URL}/media-browser/browser")

    def item(title: str | re.Pattern[str]) -> Locator:
        """A media browser item by its title (the visible one, not its tooltip)."""
        return page.get_by_text(title, exact=True).filter(visible=True)

    for title in ("exacqVision recordings", "Plant recorder", "Furnace thermal"):
        await item(title).first.click()
    # Titles are matched in part: an item's text also holds its tooltip's.
    await item(re.compile(r"\w+day \d{4}-\d{2}-\d{2}")).first.click()
    # The newest hour: the simulator has recorded continuously since it started.
    await item(re.compile(r"\d{2}:00–\d{2}:00")).last.click()
    await item(re.compile(r"\d{2}:\d{2}:\d{2}–\d{2}:\d{2}:\d{2}")).last.click()
    picture = page.locator("hui-dialog-web-browser-play-media img")
    await expect(picture).to_have_count(1, timeout=30_000)
    source = await picture.get_attribute("src") or ""
    assert source.startswith("/api/axis_thermometry/recording/")
    assert f":{RECORDER_PORT}" not in source  # the recorder's address never reaches the browser
    await plays(page, picture)
    await screenshot(page, "recording-in-media-browser")
    await page.keyboard.press("Escape")

    # The same recording in a dashboard's picture card (its image a media-source id).
    entry_id, camera_id, start, end = source.split("?")[0].split("/")[-4:]
    media_id = f"media-source://axis_thermometry/{entry_id}/{camera_id}/{start}-{end}"
    card = {"type": "picture", "image": media_id}
    config = {"views": [{"path": "furnace", "cards": [card]}]}
    await show_dashboard(page, "thermal-recordings", "Recordings", config)
    await page.goto(f"{HA_URL}/thermal-recordings/furnace")
    picture = page.locator("hui-picture-card img")
    await expect(picture).to_have_count(1, timeout=30_000)
    await plays(page, picture)
    await screenshot(page, "recording-on-a-dashboard")


# A picture as the browser shows it now (the <img>'s current frame), as a data URL.
FRAME = (
    "img => { if (!img.naturalWidth) return null; const c = document.createElement('canvas');"
    " c.width = img.naturalWidth; c.height = img.naturalHeight;"
    " c.getContext('2d').drawImage(img, 0, 0); return c.toDataURL(); }"
)


async def plays(page: Page, picture: Locator) -> None:
    """The <img> shows one of the recording's frames, then another: it plays, not a still."""
    source = await picture.get_attribute("src") or ""
    assert source.removeprefix(HA_URL).startswith("/api/axis_thermometry/recording/")
    await page.wait_for_function(FRAME, arg=await picture.element_handle(), timeout=30_000)
    first = await picture.evaluate(FRAME)
    await page.wait_for_function(
        f"([img, first]) => ({FRAME})(img) !== first",
        arg=[await picture.element_handle(), first],
        timeout=30_000,
    )


async def test_restart_from_the_ui_comes_back(page: Page) -> None:
    """Settings → Restart: scripts/develop starts Home Assistant again, the simulators stay,
    and the camera measures again (issue 29, 1). Last: the other tests need no restart."""
    select = f"select.{CAMERA}_ptz_preset"
    started = await send(page, {"type": "get_config"})
    await page.goto(f"{HA_URL}/config/system")
    await page.get_by_role("button", name="Restart Home Assistant").click()
    await page.get_by_text("Interrupts all running automations and scripts.").click()
    await page.get_by_text("Restart", exact=True).click()  # "Restart Home Assistant?"
    # The frontend loses its connection, then reconnects to the new Home Assistant.
    await page.wait_for_function(
        "() => !document.querySelector('home-assistant')?.hass?.connected", timeout=60_000
    )
    await page.wait_for_function(
        "entity => { const hass = document.querySelector('home-assistant')?.hass;"
        " const state = hass?.connected && hass.states?.[entity]?.state;"
        " return state && state !== 'unavailable'; }",
        arg=select,
        timeout=180_000,
    )
    await page.wait_for_function(
        "() => document.querySelector('home-assistant')?.hass?.config?.state === 'RUNNING'",
        timeout=180_000,
    )
    again = await send(page, {"type": "get_config"})
    assert again["version"] == started["version"]
    assert "develop: Home Assistant restarted itself" in await asyncio.to_thread(
        DEVELOP_LOG.read_text
    )
    await screenshot(page, "after-restart")
    # The Conveyor's areas, not measured since the restart, show their kept readings and from
    # when (issue 29, 7): no "Unknown" tiles on the dashboard.
    bearing = f"sensor.{CAMERA}_bearing_maximum"
    await page.wait_for_function(
        "entity => document.querySelector('home-assistant')?.hass"
        "?.states?.[entity]?.attributes?.measuring === false",
        arg=bearing,
        timeout=60_000,
    )
    assert (await attribute(page, bearing, "measured_at")) is not None
    await page.goto(f"{HA_URL}/thermal-camera/thermal")
    await expect(page.get_by_text("Bearing maximum").first).to_be_visible()
    await expect(page.get_by_text(MEASURED_AT).first).to_be_visible()
    await expect(page.get_by_text("Unknown")).to_have_count(0)
    await screenshot(page, "thermal-dashboard-after-restart")
