"""Snapshots of every platform's entities (registry entries and states) and of diagnostics.

A fixed camera, a PTZ camera and a recorder, every entity enabled, each platform loaded alone
(as Home Assistant core's ``snapshot_platform`` wants it). The simulated scenes stand still
(the cameras' clock is held), so states are the same every run; what differs by nature (a
camera's access token, an image's time of drawing) is shown as ``<varies>``. Snapshots live
in ``tests/snapshots/`` and are reviewed like code: a change to one is a visible diff.

Update them with ``scripts/test tests/test_snapshots.py --snapshot-update`` and read the diff.
"""

from collections.abc import AsyncIterator, Iterator
from typing import Any
from unittest.mock import patch

from homeassistant.const import Platform
from homeassistant.core import HomeAssistant, State
from homeassistant.helpers import entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.syrupy import HomeAssistantSnapshotExtension
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator
from syrupy.assertion import SnapshotAssertion
from syrupy.filters import props

from custom_components.axis_thermometry import EXACQ_PLATFORMS, PLATFORMS
from tests.simulator import CameraServer
from tests.simulator.exacq import ExacqServer

from .conftest import ManualClock, set_up

VARIES = "<varies>"
# Attributes that differ by nature from run to run.
VOLATILE_ATTRIBUTES = frozenset({"access_token", "entity_picture"})
# Diagnostics fields that are moments in time, or the simulator's free port.
VOLATILE_DIAGNOSTICS = ("since", "connected_since", "measured_at", "read_at", "port")


@pytest.fixture
def snapshot(snapshot: SnapshotAssertion) -> SnapshotAssertion:
    """Snapshots in Home Assistant's format (registry entries without their ids and times)."""
    return snapshot.use_extension(HomeAssistantSnapshotExtension)


def shown(state: State) -> dict[str, Any]:
    """A state as the frontend sees it, without what differs from run to run."""
    return {
        "entity_id": state.entity_id,
        "state": VARIES if state.domain == Platform.IMAGE else state.state,
        "attributes": {
            key: VARIES if key in VOLATILE_ATTRIBUTES else value
            for key, value in sorted(state.attributes.items())
        },
    }


async def snapshot_entities(
    hass: HomeAssistant, snapshot: SnapshotAssertion, entry: MockConfigEntry
) -> None:
    """Every entity of ``entry``: its registry entry and its state (``snapshot_platform``)."""
    registry = er.async_get(hass)
    entries = er.async_entries_for_config_entry(registry, entry.entry_id)
    assert entries
    assert len({registry_entry.domain for registry_entry in entries}) == 1
    for registry_entry in sorted(entries, key=lambda e: e.entity_id):
        assert registry_entry.disabled_by is None
        assert registry_entry == snapshot(name=f"{registry_entry.entity_id}-entry")
        state = hass.states.get(registry_entry.entity_id)
        assert state is not None, registry_entry.entity_id
        assert shown(state) == snapshot(name=f"{registry_entry.entity_id}-state")


@pytest.fixture
def only(request: pytest.FixtureRequest) -> Iterator[Platform]:
    """Load one platform only."""
    platform: Platform = request.param
    with (
        patch("custom_components.axis_thermometry.PLATFORMS", [platform]),
        patch("custom_components.axis_thermometry.EXACQ_PLATFORMS", [platform]),
    ):
        yield platform


@pytest.fixture
async def camera_entry(
    hass: HomeAssistant, config_entry: MockConfigEntry, server: CameraServer, clock: ManualClock
) -> AsyncIterator[MockConfigEntry]:
    """The camera's entry, set up with its scene standing still."""
    server.camera.event_stream = False  # pushes would race the snapshot; polls are the same
    yield await set_up(hass, config_entry)
    await hass.config_entries.async_unload(config_entry.entry_id)


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
@pytest.mark.parametrize("profile", ["fixed", "ptz"])
@pytest.mark.parametrize("only", PLATFORMS, indirect=True)
async def test_camera_platforms(
    hass: HomeAssistant,
    snapshot: SnapshotAssertion,
    only: Platform,
    camera_entry: MockConfigEntry,
) -> None:
    """Every entity of each platform, on a fixed and on a PTZ camera."""
    await snapshot_entities(hass, snapshot, camera_entry)


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
@pytest.mark.parametrize("only", EXACQ_PLATFORMS, indirect=True)
async def test_recorder_platforms(
    hass: HomeAssistant,
    snapshot: SnapshotAssertion,
    only: Platform,
    exacq_entry: MockConfigEntry,
    recorder: ExacqServer,
) -> None:
    """Every entity of each platform of an exacqVision server."""
    await set_up(hass, exacq_entry)
    await snapshot_entities(hass, snapshot, exacq_entry)
    await hass.config_entries.async_unload(exacq_entry.entry_id)


@pytest.mark.parametrize("profile", ["fixed", "ptz"])
async def test_camera_diagnostics(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    snapshot: SnapshotAssertion,
    camera_entry: MockConfigEntry,
) -> None:
    """The download, through Home Assistant's diagnostics view: redacted, complete."""
    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, camera_entry)
    assert diagnostics == snapshot(exclude=props(*VOLATILE_DIAGNOSTICS))


async def test_recorder_diagnostics(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    snapshot: SnapshotAssertion,
    exacq_entry: MockConfigEntry,
    recorder: ExacqServer,
) -> None:
    await set_up(hass, exacq_entry)
    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, exacq_entry)
    assert diagnostics == snapshot(exclude=props(*VOLATILE_DIAGNOSTICS))
    await hass.config_entries.async_unload(exacq_entry.entry_id)
