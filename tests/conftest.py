"""Shared fixtures.

The repository's ``custom_components`` package is imported here, before Home Assistant's test
harness runs, so that Home Assistant finds this integration rather than the ``custom_components``
package bundled with pytest-homeassistant-custom-component.
"""

import asyncio
from collections.abc import AsyncIterator, Callable, Iterator
import logging
from pathlib import Path
import traceback
from typing import Any
from unittest.mock import PropertyMock, patch

from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import (
    CONF_HOST,
    CONF_PASSWORD,
    CONF_PORT,
    CONF_SSL,
    CONF_USERNAME,
    CONF_VERIFY_SSL,
)
from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

import custom_components.axis_thermometry  # noqa: F401
from custom_components.axis_thermometry.const import (
    CONF_DEVICE_TYPE,
    DEVICE_TYPE_AXIS,
    DEVICE_TYPE_EXACQ,
    DOMAIN,
)
from custom_components.axis_thermometry.coordinator import is_exacq
from tests.simulator import CameraServer, SimulatedCamera, firmware, fixed, legacy, ptz, ptz13
from tests.simulator.exacq import ExacqServer, plant_recorder
from tests.simulator.http import SimulatorServer

PROFILES: dict[str, Callable[[], SimulatedCamera]] = {
    "firmware": firmware,
    "fixed": fixed,
    "legacy": legacy,
    "ptz": ptz,
    "ptz13": ptz13,
}


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(enable_custom_integrations: None) -> None:
    """Let Home Assistant load integrations from custom_components/ in every test."""


@pytest.fixture(autouse=True)
def config_dir_per_test(request: pytest.FixtureRequest, tmp_path: Path) -> None:
    """Files the integration keeps (the last alarm images) go to this test's own directory,
    not to the shared test configuration in the installed test package."""
    if "hass" in request.fixturenames:
        hass: HomeAssistant = request.getfixturevalue("hass")
        hass.config.config_dir = str(tmp_path)


class _Tracebacks(logging.Handler):
    """Collects log records that show the integration failing unexpectedly."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.found: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        ours = record.name.startswith("custom_components.axis_thermometry")
        trace = ""
        if record.exc_info:
            trace = "".join(traceback.format_exception(*record.exc_info))
        if "Unexpected error" in message and (ours or "axis_thermometry" in trace):
            self.found.append(f"{record.name}: {message}")
        elif "custom integration 'axis_thermometry'" in message and "Detected" in message:
            self.found.append(f"{record.name}: {message}")  # a deprecated API in our code
        elif trace and (ours or "custom_components/axis_thermometry" in trace):
            self.found.append(f"{record.name}: {message}\n{trace}")


@pytest.fixture(autouse=True)
def no_tracebacks_from_the_integration(request: pytest.FixtureRequest) -> Iterator[None]:
    """Fail any test in which the integration logs a traceback or an "Unexpected error", or
    Home Assistant reports our use of a deprecated API ("Detected that custom integration").

    Client errors are expected and logged in words; a traceback means something escaped.
    A test that injects a programming error on purpose marks itself
    `unexpected_error_logged`, and then the traceback must appear.
    """
    handler = _Tracebacks()
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield
    finally:
        root.removeHandler(handler)
    if request.node.get_closest_marker("unexpected_error_logged"):
        assert handler.found, "expected the injected error to be logged with its traceback"
    else:
        assert not handler.found, "\n\n".join(handler.found)


@pytest.fixture(autouse=True)
def loopback_sockets(socket_enabled: None) -> None:
    """Allow sockets: tests talk HTTP to the simulator.

    pytest-homeassistant-custom-component keeps ``connect`` limited to 127.0.0.1, so nothing
    beyond loopback is reachable.
    """


@pytest.fixture
def entity_registry_enabled_by_default() -> Iterator[None]:
    """Every entity enabled, also those the integration disables by default."""
    with patch(
        "homeassistant.helpers.entity.Entity.entity_registry_enabled_default",
        return_value=True,
        new_callable=PropertyMock,
    ):
        yield


@pytest.fixture
def profile() -> str:
    """The camera profile under test; parametrize to change it."""
    return "fixed"


@pytest.fixture
async def server(profile: str, request: pytest.FixtureRequest) -> AsyncIterator[CameraServer]:
    """A simulated camera on a free loopback port.

    ``@pytest.mark.no_event_stream``: a camera without the event stream (the input monitor
    and polls serve), for tests of those.
    """
    camera = PROFILES[profile]()
    if request.node.get_closest_marker("no_event_stream"):
        camera.event_stream = False
    async with CameraServer(camera) as running:
        yield running


class ManualClock:
    """A clock tests move by hand, for the simulator's alarm delays."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock(server: CameraServer) -> ManualClock:
    """Drive the simulated camera's clock by hand."""
    manual = ManualClock()
    server.camera.clock = manual
    return manual


@pytest.fixture
def recorder_clock() -> ManualClock:
    """The simulated exacqVision server's clock, moved by hand."""
    return ManualClock()


@pytest.fixture
async def recorder(recorder_clock: ManualClock) -> AsyncIterator[ExacqServer]:
    """A simulated exacqVision server on a free loopback port."""
    async with ExacqServer(plant_recorder(recorder_clock)) as running:
        yield running


def exacq_entry_data(recorder: SimulatorServer, **changes: object) -> dict[str, object]:
    """Config entry data pointing at ``recorder`` as its administrator."""
    return camera_entry_data(recorder.host, recorder.port) | {
        CONF_USERNAME: "admin",
        CONF_PASSWORD: "admin256",
        CONF_DEVICE_TYPE: DEVICE_TYPE_EXACQ,
        **changes,
    }


@pytest.fixture
def exacq_entry(recorder: ExacqServer) -> MockConfigEntry:
    """A config entry for the simulated exacqVision server (not yet added)."""
    return MockConfigEntry(
        domain=DOMAIN,
        title=recorder.recorder.name,
        unique_id=recorder.recorder.serial,
        data=exacq_entry_data(recorder),
    )


@pytest.fixture
async def loaded_exacq(hass: HomeAssistant, exacq_entry: MockConfigEntry) -> MockConfigEntry:
    """The exacqVision entry, set up."""
    return await set_up(hass, exacq_entry)


def entry_data(server: CameraServer, **changes: object) -> dict[str, object]:
    """Config entry data pointing at ``server`` as administrator."""
    return camera_entry_data(server.host, server.port) | changes


def camera_entry_data(host: str, port: int, **changes: object) -> dict[str, object]:
    """Config entry data for a simulated camera at ``host:port``, as administrator."""
    return {
        CONF_HOST: host,
        CONF_PORT: port,
        CONF_SSL: False,
        CONF_VERIFY_SSL: True,
        CONF_USERNAME: "root",
        CONF_PASSWORD: "pass",
        CONF_DEVICE_TYPE: DEVICE_TYPE_AXIS,
    } | changes


def camera_entry(server: CameraServer, **options: Any) -> MockConfigEntry:
    """A config entry for the simulated camera (``pref_disable_polling=True``, say)."""
    return MockConfigEntry(
        domain=DOMAIN,
        title=f"AXIS {server.camera.model}",
        unique_id=server.camera.serial,
        data=entry_data(server),
        **options,
    )


@pytest.fixture
def config_entry(server: CameraServer) -> MockConfigEntry:
    """A config entry for the simulated camera (not yet added to Home Assistant)."""
    return camera_entry(server)


@pytest.fixture
async def loaded_entry(
    hass: HomeAssistant, config_entry: MockConfigEntry
) -> AsyncIterator[MockConfigEntry]:
    """The config entry, set up; unloaded after the test, before the camera goes away."""
    yield await set_up(hass, config_entry)
    if config_entry.state is ConfigEntryState.LOADED:
        assert await hass.config_entries.async_unload(config_entry.entry_id)
        await hass.async_block_till_done()


async def set_up(hass: HomeAssistant, entry: MockConfigEntry) -> MockConfigEntry:
    """Add ``entry`` to Home Assistant and set it up; it must load."""
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    return entry


async def refresh(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    """Poll the camera (or recorder) now, as the next interval would."""
    runtime = entry.runtime_data
    coordinator = runtime.coordinator if is_exacq(entry) else runtime.readings
    await coordinator.async_refresh()
    await hass.async_block_till_done()


def state_value(hass: HomeAssistant, entity_id: str) -> str:
    """The state of ``entity_id``, which must exist."""
    state = hass.states.get(entity_id)
    assert state is not None, f"{entity_id} does not exist"
    return state.state


async def wait_for(condition: Callable[[], bool], timeout: float = 3.0) -> None:  # noqa: ASYNC109
    """Let the event loop run until ``condition`` holds (pushed updates, background tasks).

    Polling is deliberate: the conditions are on simulator and Home Assistant state that
    offers no event to wait on.
    """
    async with asyncio.timeout(timeout):
        while not condition():  # noqa: ASYNC110
            await asyncio.sleep(0.01)


async def switch(hass: HomeAssistant, entity_id: str, on: bool) -> None:
    """Turn a switch on or off through Home Assistant."""
    await hass.services.async_call(
        "switch", "turn_on" if on else "turn_off", {"entity_id": entity_id}, blocking=True
    )


async def set_number(hass: HomeAssistant, entity_id: str, value: float) -> None:
    """Set a number through Home Assistant."""
    await hass.services.async_call(
        "number", "set_value", {"entity_id": entity_id, "value": value}, blocking=True
    )


async def select(hass: HomeAssistant, entity_id: str, option: str) -> None:
    """Choose a select option through Home Assistant."""
    await hass.services.async_call(
        "select", "select_option", {"entity_id": entity_id, "option": option}, blocking=True
    )


async def press(hass: HomeAssistant, entity_id: str) -> None:
    """Press a button through Home Assistant."""
    await hass.services.async_call("button", "press", {"entity_id": entity_id}, blocking=True)


async def fix_address_through_repairs(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    issue_id: str,
    other: SimulatorServer,
    moved: SimulatorServer,
) -> None:
    """Fix a ``wrong_device`` issue as the UI does: ``other``'s address is refused (another
    device answers there), ``moved``'s is taken."""
    assert await async_setup_component(hass, "repairs", {})
    client = await hass_client()
    started = await client.post(
        "/api/repairs/issues/fix", json={"handler": DOMAIN, "issue_id": issue_id}
    )
    flow = await started.json()
    assert flow["step_id"] == "address"
    wrong = await client.post(
        f"/api/repairs/issues/fix/{flow['flow_id']}",
        json={CONF_HOST: other.host, CONF_PORT: other.port},
    )
    assert (await wrong.json())["errors"] == {"base": "wrong_device"}
    done = await client.post(
        f"/api/repairs/issues/fix/{flow['flow_id']}",
        json={CONF_HOST: moved.host, CONF_PORT: moved.port},
    )
    assert (await done.json())["type"] == "create_entry"
    await hass.async_block_till_done()
