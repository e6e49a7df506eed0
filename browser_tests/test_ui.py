"""Add the simulated camera through Home Assistant's UI and find its entities."""

import re

from playwright.async_api import Page, expect

from .conftest import HA_URL, SIMULATOR_PORT, screenshot


async def start_flow(page: Page) -> None:
    await page.goto(f"{HA_URL}/config/integrations/dashboard/add?domain=axis_thermometry")
    await page.get_by_role("button", name="OK").click()  # "Do you want to set up …?"
    await expect(page.get_by_text("Add an Axis thermal camera")).to_be_visible()


async def fill(page: Page, password: str) -> None:
    await page.get_by_role("textbox", name="Host").fill("127.0.0.1")
    await page.get_by_role("spinbutton", name="Port").fill(str(SIMULATOR_PORT))
    await page.get_by_role("textbox", name="Username").fill("root")
    await page.get_by_role("textbox", name="Password").fill(password)
    await page.get_by_role("button", name="Submit").click()


async def test_add_camera_through_the_config_flow(page: Page) -> None:
    """Wrong password: translated error; right one: the device and its entities appear."""
    await start_flow(page)
    await fill(page, "wrong")
    await expect(page.get_by_text("The camera rejected the username or password.")).to_be_visible()
    await screenshot(page, "config-flow-error")

    await fill(page, "pass")
    await page.get_by_role("button", name="Skip and finish").click()

    await page.goto(f"{HA_URL}/config/devices/dashboard")
    await page.get_by_text("AXIS Q8752-E").first.click()
    await page.wait_for_url(re.compile(r"/config/devices/device/"))
    # The PTZ camera stands on the "Furnace" preset: its areas are measured.
    await expect(page.get_by_text("Burner average temperature").first).to_be_visible()
    await expect(page.get_by_text("Burner alarm").first).to_be_visible()
    await expect(page.get_by_text(re.compile(r"\d+(\.\d)? °C")).first).to_be_visible()
    await expect(page.get_by_text("Go to Conveyor")).to_be_visible()
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
