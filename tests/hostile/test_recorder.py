"""Attacks by a hostile exacqVision server (README.md, R1-R5)."""

import json
import logging

from homeassistant.components.camera import async_get_image
from homeassistant.const import STATE_ON, STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.axis_thermometry.const import DOMAIN
from custom_components.axis_thermometry.diagnostics import async_get_config_entry_diagnostics
from custom_components.axis_thermometry.exacq import Endpoint
from tests.conftest import exacq_entry_data, refresh, set_up, state_value
from tests.simulator.exacq import ExacqServer

from .attacks import cut_short, in_two_segments, not_http

FURNACE = "camera.furnace_thermal"
FURNACE_MOTION = "binary_sensor.furnace_thermal_motion"


async def test_answers_in_two_segments_are_read_whole(
    hass: HomeAssistant, exacq_entry: MockConfigEntry, recorder: ExacqServer
) -> None:
    """R1: JSON and JPEG sent in two writes 50 ms apart arrive whole, from setup on."""
    for path in (Endpoint.CAMERAS, Endpoint.STATUS, Endpoint.VIDEO):
        recorder.overrides[path] = in_two_segments()
    recorder.recorder.cameras["4590080"].motion = True
    await set_up(hass, exacq_entry)
    assert len(exacq_entry.runtime_data.coordinator.inventory.cameras) == 3
    assert state_value(hass, FURNACE_MOTION) == STATE_ON
    image = await async_get_image(hass, FURNACE)
    del recorder.overrides[Endpoint.VIDEO]
    whole = await async_get_image(hass, FURNACE)
    assert image.content == whole.content
    assert image.content.endswith(b"\xff\xd9")  # the JPEG's end marker: nothing cut off


async def test_answers_cut_short_are_refused(
    hass: HomeAssistant, loaded_exacq: MockConfigEntry, recorder: ExacqServer
) -> None:
    """R2: a Content-Length the server does not keep: no truncated image, no half a status."""
    recorder.overrides[Endpoint.VIDEO] = cut_short()
    recorder.overrides[Endpoint.THUMBNAIL] = cut_short()
    with pytest.raises(HomeAssistantError, match=r"(?i)connection|answer"):
        await async_get_image(hass, FURNACE)
    recorder.overrides[Endpoint.STATUS] = cut_short()
    await refresh(hass, loaded_exacq)
    assert state_value(hass, FURNACE_MOTION) == STATE_UNAVAILABLE


async def test_session_id_is_never_shown_or_logged(
    hass: HomeAssistant,
    loaded_exacq: MockConfigEntry,
    recorder: ExacqServer,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """R3: an answer that is not HTTP; aiohttp's error text holds the URL with ?s=<session>."""
    caplog.set_level(logging.DEBUG)
    session = loaded_exacq.runtime_data.client.session_id
    assert session
    password = str(loaded_exacq.data["password"])
    for path in (Endpoint.STATUS, Endpoint.VIDEO, Endpoint.THUMBNAIL, Endpoint.SOFT_TRIGGERS):
        recorder.overrides[path] = not_http()
    shown: list[str] = []
    with pytest.raises(HomeAssistantError) as image_error:
        await async_get_image(hass, FURNACE)
    shown.append(str(image_error.value))
    with pytest.raises(HomeAssistantError) as switch_error:
        await hass.services.async_call(
            "switch",
            "turn_on",
            {"entity_id": "switch.plant_recorder_fire_alarm_soft_trigger"},
            blocking=True,
        )
    shown.append(str(switch_error.value))
    await refresh(hass, loaded_exacq)
    coordinator = loaded_exacq.runtime_data.coordinator
    assert coordinator.last_exception is not None
    shown.append(str(coordinator.last_exception))
    assert state_value(hass, FURNACE_MOTION) == STATE_UNAVAILABLE
    diagnostics = await async_get_config_entry_diagnostics(hass, loaded_exacq)
    shown.append(json.dumps(diagnostics))
    shown.extend(
        json.dumps(dict(state.attributes), default=str)
        for state in hass.states.async_all()
        if state.entity_id.startswith(("camera.", "binary_sensor.", "switch.", "button."))
    )
    shown.append(caplog.text)
    for text in shown:
        assert session not in text
        assert password not in text
    assert "status.web: connection failed" in caplog.text  # the failure was logged, in words


async def test_nameless_server_leaves_no_identifier_in_diagnostics(
    hass: HomeAssistant, recorder: ExacqServer
) -> None:
    """R4: a server without a name is titled after its serial; diagnostics show neither."""
    recorder.recorder.name = ""
    serial = recorder.recorder.serial
    entry = MockConfigEntry(
        domain=DOMAIN,
        title=f"exacqVision {serial}",
        unique_id=serial,
        data=exacq_entry_data(recorder),
    )
    await set_up(hass, entry)
    diagnostics = json.dumps(await async_get_config_entry_diagnostics(hass, entry))
    for form in (serial, serial.replace("-", ""), serial.replace("-", ":"), recorder.host):
        assert form.lower() not in diagnostics.lower()
    assert "exacqVision" in diagnostics  # the rest of the title stays
