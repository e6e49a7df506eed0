"""Fault isolation (issue 12, part 1): one capability's failure is that capability's problem.

A matrix: for each endpoint the integration calls, each kind of fault (HTTP 500, HTTP 404,
error 2102, error 2103, a malformed body, a timeout), injected before setup and in a later
poll. Area temperatures and alarms (the core) always keep values; only the entities of the
capability behind the endpoint may be missing or unavailable; its failure is logged once.
"""

import asyncio
from collections.abc import Coroutine
from dataclasses import dataclass
import logging
from typing import Any

from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import STATE_UNAVAILABLE, STATE_UNKNOWN
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.axis_thermometry import const
from custom_components.axis_thermometry.capability import Attempts, Capability
from custom_components.axis_thermometry.const import DOMAIN
from tests.simulator import CameraServer
from tests.simulator.http import FaultKind

from .conftest import PROFILES, entry_data, refresh

THERMOMETRY = "/axis-cgi/thermometry.cgi"
DAYNIGHT = "/axis-cgi/daynight.cgi"

# A witness entity per capability: (platform, unique id after the serial).
WITNESSES: dict[str, tuple[str, str]] = {
    "area_temperature": ("sensor", "area_0_average"),
    "area_alarm": ("binary_sensor", "area_0_alarm"),
    "group": ("binary_sensor", "group_1_alarm"),
    "spot": ("sensor", "spot_0_temperature"),
    "isotherm": ("number", "isotherm_high"),
    "scale": ("select", "temperature_scale"),
    "palette": ("select", "palette"),
    "input": ("binary_sensor", "input_1"),
    "daynight": ("number", "daynight_0_day_night_shift_level"),
    "guard_tour": ("switch", "tgt_pause_on_alarm"),
    "preset": ("select", "ptz_preset"),
    "current_preset": ("sensor", "current_preset"),
}
CORE = ("area_temperature", "area_alarm")
PROFILE_WITNESSES: dict[str, dict[str, tuple[str, str]]] = {
    "fixed": {
        **{k: WITNESSES[k] for k in (*CORE, "group", "spot", "isotherm", "scale", "palette")},
        "input": WITNESSES["input"],
        "output": ("switch", "output_2"),
    },
    # The PTZ camera stands on preset 2, whose areas are measured; its group is on preset 3.
    "ptz": {
        **{
            k: WITNESSES[k]
            for k in (*CORE, "spot", "isotherm", "scale", "palette", "input", "daynight")
        },
        **{k: WITNESSES[k] for k in ("guard_tour", "preset", "current_preset")},
        "output": ("switch", "output_3"),
    },
    "ptz13": {k: WITNESSES[k] for k in (*CORE, "spot", "isotherm", "daynight")},
}


@dataclass(frozen=True)
class Endpoint:
    """Where a fault goes, and which witnesses it may take down."""

    profile: str
    path: str
    method: str | None  # the JSON method; None for a CGI (every request to the path)
    affects: frozenset[str] = frozenset()
    # Witnesses that must be unavailable once the fault hits a poll (not merely allowed to).
    poll_unavailable: frozenset[str] = frozenset()

    @property
    def id(self) -> str:
        return f"{self.profile}:{self.method or self.path.rsplit('/', 1)[-1]}"


def _e(
    profile: str,
    path: str,
    method: str | None,
    affects: str = "",
    poll_unavailable: str = "",
) -> Endpoint:
    return Endpoint(
        profile,
        path,
        method,
        frozenset(affects.split()),
        frozenset(poll_unavailable.split()),
    )


ENDPOINTS = [
    _e("fixed", "/axis-cgi/apidiscovery.cgi", "getApiList"),
    _e("fixed", THERMOMETRY, "getSupportedVersions"),
    _e("fixed", THERMOMETRY, "getConfigurationCapabilities", "scale isotherm", "scale"),
    _e("fixed", THERMOMETRY, "listGroups", "group", "group"),
    _e("fixed", THERMOMETRY, "getGroupStatus", "group", "group"),
    _e("fixed", THERMOMETRY, "getSpotTemperature", "spot", "spot"),
    _e("fixed", THERMOMETRY, "getIsothermLevels", "isotherm", "isotherm"),
    # The port list cannot be re-read, but the ports' states can: they stay current.
    _e("fixed", "/axis-cgi/param.cgi", None, "palette input output", "palette"),
    _e("fixed", "/axis-cgi/io/input.cgi", None, "input", "input"),
    # The event stream reports the relays (polls no longer read them): they may stay current.
    _e("fixed", "/axis-cgi/io/output.cgi", None, "output"),
    _e("ptz", THERMOMETRY, "getTgtConfiguration", "guard_tour", "guard_tour"),
    _e("ptz", DAYNIGHT, "getCapabilities", "daynight", "daynight"),
    _e("ptz", DAYNIGHT, "getConfiguration", "daynight", "daynight"),
    _e("ptz", "/axis-cgi/com/ptz.cgi", None, "preset current_preset", "current_preset"),
    _e("ptz", "/axis-cgi/io/portmanagement.cgi", "getPorts", "input output"),
    _e("ptz13", THERMOMETRY, "listSpotMeters", "spot"),
]


def _inject(server: CameraServer, endpoint: Endpoint, fault: str) -> None:
    """Make ``endpoint`` fail with ``fault`` for every request from now on."""
    json_api = endpoint.method is not None
    kind: FaultKind
    code = 1100
    if fault == "http_500":
        kind = "status_500"
    elif fault == "http_404":
        kind = "status_404"
    elif fault in ("error_2102", "error_2103"):
        kind, code = ("json_error" if json_api else "cgi_error"), int(fault[-4:])
    elif fault == "malformed":
        kind = "truncated_json" if json_api else "html_200"
    else:
        kind = "hang"
    server.inject(
        kind,
        path=endpoint.path,
        method=endpoint.method,
        count=-1,
        code=code,
        message="Method not supported." if code == 2102 else "Required parameter missing.",
    )


FAULTS = ["http_500", "http_404", "error_2102", "error_2103", "malformed", "timeout"]


@pytest.fixture(autouse=True)
def short_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    """A timeout fault costs a second, not ten (but more than a slow coverage run needs)."""
    monkeypatch.setattr(const, "REQUEST_TIMEOUT", 1.0)


def _witness_states(
    hass: HomeAssistant, entry: MockConfigEntry, witnesses: dict[str, tuple[str, str]]
) -> dict[str, str | None]:
    """Each witness's state; None for a witness that has no entity."""
    registry = er.async_get(hass)
    states: dict[str, str | None] = {}
    for name, (platform, suffix) in witnesses.items():
        entity_id = registry.async_get_entity_id(platform, DOMAIN, f"{entry.unique_id}_{suffix}")
        state = hass.states.get(entity_id) if entity_id else None
        states[name] = None if state is None else state.state
    return states


def _check(states: dict[str, str | None], endpoint: Endpoint, *, phase: str) -> None:
    for name, state in states.items():
        if name in endpoint.affects:
            if phase == "poll" and name in endpoint.poll_unavailable:
                assert state == STATE_UNAVAILABLE, f"{name} should be unavailable: {state}"
            continue
        assert state not in (None, STATE_UNAVAILABLE), f"{name} lost to {endpoint.id}: {state}"
        if name in CORE:
            assert state != STATE_UNKNOWN, f"{name} has no value"


def _warnings(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [
        record
        for record in caplog.records
        if record.name.startswith("custom_components.axis_thermometry")
        and record.levelno >= logging.WARNING
    ]


@pytest.mark.parametrize("phase", ["setup", "poll"])
@pytest.mark.parametrize("fault", FAULTS)
@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda endpoint: endpoint.id)
async def test_one_endpoint_failing_leaves_the_rest(
    hass: HomeAssistant,
    caplog: pytest.LogCaptureFixture,
    endpoint: Endpoint,
    fault: str,
    phase: str,
) -> None:
    """Setup and polls go on; the core has values; only the endpoint's capability suffers."""
    async with CameraServer(PROFILES[endpoint.profile]()) as server:
        server.hang_seconds = 5.0
        entry = MockConfigEntry(
            domain=DOMAIN,
            title=f"AXIS {server.camera.model}",
            unique_id=server.camera.serial,
            data=entry_data(server),
        )
        entry.add_to_hass(hass)
        if phase == "setup":
            _inject(server, endpoint, fault)
        assert await hass.config_entries.async_setup(entry.entry_id)
        await hass.async_block_till_done()
        assert entry.state is ConfigEntryState.LOADED
        if phase == "poll":
            _check(
                _witness_states(hass, entry, PROFILE_WITNESSES[endpoint.profile]),
                endpoint,
                phase="before",
            )
            _inject(server, endpoint, fault)
            entry.runtime_data.readings.request_configuration_refresh()
        caplog.clear()
        for _ in range(2):
            await refresh(hass, entry)
        _check(
            _witness_states(hass, entry, PROFILE_WITNESSES[endpoint.profile]), endpoint, phase=phase
        )
        # No error-level log, and no capability complains twice.
        warnings = _warnings(caplog)
        assert not [r for r in warnings if r.levelno >= logging.ERROR], warnings
        messages = [r.getMessage() for r in warnings]
        assert len(messages) == len(set(messages)), messages
        assert await hass.config_entries.async_unload(entry.entry_id)
        await hass.async_block_till_done()


async def test_a_poll_cancelled_before_a_read_leaves_no_request_unawaited() -> None:
    """A refresh cancelled (unload, shutdown) before one of its reads started left that
    read's request coroutine unawaited ("coroutine IoApi.check_outputs was never awaited"):
    a read is made only when it runs."""
    made: list[str] = []

    async def read() -> bool:
        return True

    def request() -> Coroutine[Any, Any, bool]:
        made.append("request")
        return read()

    attempts = Attempts()
    pending = asyncio.ensure_future(attempts.run(Capability.OUTPUTS, request, None))
    pending.cancel()
    with pytest.raises(asyncio.CancelledError):
        await pending
    assert made == []
    assert await attempts.run(Capability.OUTPUTS, request, None) is True
    assert made == ["request"]
