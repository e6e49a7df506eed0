"""Fixtures for the browser tests (run by scripts/test-browser, not by scripts/test).

Playwright drives Debian's Chromium (``executable_path``; no browser is downloaded). It was
chosen over Selenium because its locators pierce the open shadow DOM of Home Assistant's web
components and wait for elements by themselves, so the tests read like what a user does.
"""

from collections.abc import AsyncIterator
import os
from pathlib import Path
import re

from playwright.async_api import Browser, Page, async_playwright
import pytest

HA_URL = os.environ.get("HA_URL", "http://127.0.0.1:8123")
SIMULATOR_PORT = int(os.environ.get("SIMULATOR_PORT", "8080"))
RECORDER_PORT = SIMULATOR_PORT + 1  # scripts/develop runs the exacqVision simulator there
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parent.parent / "artifacts" / "screenshots"
# Chromium in a closed, headless sandbox: no GPU, no background network chatter.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    """Headless Chromium."""
    async with async_playwright() as playwright:
        chromium = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        await chromium.close()


@pytest.fixture
async def page(browser: Browser) -> AsyncIterator[Page]:
    """A page logged in to Home Assistant as the demo user, through the login form."""
    context = await browser.new_context(viewport={"width": 1280, "height": 1200})
    context.set_default_timeout(30_000)
    page = await context.new_page()
    await page.goto(HA_URL)
    await page.get_by_role("textbox", name="Username").fill("demo")
    await page.get_by_role("textbox", name="Password").fill("demo")
    await page.get_by_role("button", name="Log in").click()
    await page.wait_for_url(re.compile(r"/(home|lovelace)"))
    yield page
    await context.close()


async def screenshot(page: Page, name: str) -> Path:
    """Save a screenshot under artifacts/screenshots/ (ignored by git)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    await page.screenshot(path=str(path))
    return path
