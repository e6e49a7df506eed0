"""Property-based tests: random and mutated payloads never escape as anything but VapixError."""

from collections.abc import Callable, Mapping
import contextlib
import json
from typing import Any

from hypothesis import HealthCheck, given, settings, strategies as st
import pytest

from custom_components.axis_thermometry.vapix import (
    VapixError,
    daynight,
    discovery,
    io,
    media,
    params,
    ptz,
    thermometry as th,
)
from custom_components.axis_thermometry.vapix.models import ApiVersion
from custom_components.axis_thermometry.vapix.transport import HttpResponse, VapixTransport
from tests.strategies import DIGITS, JSON, mutated, only_typed_errors

AREA = {
    "id": 0,
    "imageSource": 0,
    "enabled": True,
    "name": "Area 1",
    "detectionType": "below",
    "measurement": "minimum",
    "threshold": 100,
    "delay": 5,
    "position": [[-0.5, -0.5], [0.5, -0.5], [0.5, 0.5], [-0.5, 0.5]],
    "areaOverlay": "if triggered",
    "temperatureOverlay": True,
    "presetNbr": 1,
}
STATUS = {
    "id": 0,
    "avg": 5,
    "min": 0,
    "max": 10.5,
    "maxPos": [0.91, 0.12],
    "minCoordinates": [-0.63, -0.31],
    "triggered": True,
}
GROUP = {
    "id": 2,
    "enabled": True,
    "name": "Group 2",
    "measurement": "minimum",
    "threshold": 10,
    "delay": 5,
    "areaIds": [2, 3],
    "groupOverlay": True,
    "presetNbr": 0,
}
GROUP_STATUS = {
    "id": 2,
    "triggered": True,
    "details": {
        "name": "Group1",
        "currentDeviation": 10.0,
        "memberAreas": [{"areaId": 1, "areaName": "Area1"}, {"areaId": 3, "areaName": "Area3"}],
        "maxDeviationAreas": [
            {"maxAreaId": 1, "maxAreaTemp": 25.3},
            {"minAreaId": 3, "minAreaTemp": 15.3},
        ],
    },
}
CAPABILITIES = {
    "currentTemperatureScale": "celsius",
    "minTemperature": -40,
    "maxTemperature": 350,
    "maxNumberOfAreas": 10,
    "maxNumberOfVertices": 10,
    "maxDelayTime": 300,
    "defaultDelayTime": 5,
    "maxNameLength": 60,
    "maxGroups": 5,
}
ISOTHERM = {"high": 100, "middle": 50, "low": 10, "min": -40, "renderOverlay": True}
SPOT = {"spotTemperature": 7, "spotCoordinates": [-0.53, 0.45], "renderOverlay": True}
SPOT_METER = {"imageSource": 1, "active": False, "spotCoordinates": [0.1, 0.2]}
DAYNIGHT_CAPS = {"channel": 0, "AutotuneSupport": True, "NightDayShiftLevelSupport": True}
DAYNIGHT_CONFIG = {
    "channel": 0,
    "DayNightDwellTime": 3,
    "DayNightShiftLevel": 50,
    "NightDayDwellTime": 3,
    "NightDayShiftLevel": 50,
    "Autotune": True,
}
API_LIST = {"apiList": [{"id": "thermometry", "version": "1.2", "name": "Thermometry"}]}

PARSERS: dict[str, tuple[Callable[[Any], object], Mapping[str, Any]]] = {
    "area": (th.parse_area, AREA),
    "area_status": (th.parse_area_status, STATUS),
    "group": (th.parse_group, GROUP),
    "group_status": (th.parse_group_status, GROUP_STATUS),
    "capabilities": (th.parse_capabilities, CAPABILITIES),
    "isotherm": (th.parse_isotherm_levels, ISOTHERM),
    "spot": (th.parse_spot_temperature, SPOT),
    "spot_meter": (th.parse_spot_meter, SPOT_METER),
    "daynight_capabilities": (daynight.parse_capabilities, DAYNIGHT_CAPS),
    "daynight_configuration": (daynight.parse_configuration, DAYNIGHT_CONFIG),
    "api_list": (discovery.parse_api_list, API_LIST),
    "ports": (
        io.parse_ports,
        {
            "numberOfPorts": 1,
            "items": [
                {
                    "port": "0",
                    "configurable": False,
                    "usage": "",
                    "name": "PIR sensor",
                    "direction": "input",
                    "state": "open",
                    "normalState": "open",
                }
            ],
        },
    ),
}


@pytest.mark.parametrize("name", sorted(PARSERS))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_parsers_reject_garbage_with_typed_errors(name: str, data: st.DataObject) -> None:
    parser, example = PARSERS[name]
    parser(example)  # the documented example itself parses
    only_typed_errors(parser, data.draw(JSON), VapixError)
    only_typed_errors(parser, data.draw(mutated(example)), VapixError)


TEXT = (
    st.text(max_size=200)
    | st.builds(
        lambda key, value: f"{key}={value}",
        st.sampled_from(["presetposno", "input", "output", "pan", "tilt", "zoom", "I0"]).flatmap(
            lambda prefix: DIGITS.map(lambda digits: prefix + digits)
        ),
        DIGITS,
    )
    | st.builds(lambda digits: f"I0{digits}:/", DIGITS)
    | st.builds(lambda digits: f"pan={digits}:tilt={digits}", DIGITS)
)


@settings(max_examples=300, deadline=None)
@given(text=TEXT)
def test_text_parsers_reject_garbage_with_typed_errors(text: str) -> None:
    for parser in (
        media.parse_resolutions,
        lambda t: io.ports_from_parameters({"Input.NbrOfInputs": t, "Output.NbrOfOutputs": "1"}),
        lambda t: io.ports_from_parameters({f"IOPort.I{t}.Direction": "input"}),
        params.parse_parameter_lines,
        ptz.parse_presets,
        ptz.parse_position,
        ptz.parse_position_data,
        io.parse_check,
        io.parse_monitor_line,
        ApiVersion.parse,
        lambda t: params.parse_definitions_enum(t, "Image.I0.Appearance.Palette"),
    ):
        only_typed_errors(parser, text, VapixError)


class _CannedTransport(VapixTransport):
    """A transport whose HTTP layer returns a canned answer (mocked: the property is the
    decoding, and a real peer cannot be made to send every byte string)."""

    answer = HttpResponse(200, "application/json", b"{}")

    async def send(self, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.answer

    async def request(self, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.answer


@settings(max_examples=300, deadline=None)
@given(
    status=st.sampled_from([200, 204, 400, 500, 502, 503]),
    body=st.one_of(
        st.binary(max_size=200),
        JSON.map(lambda value: json.dumps(value).encode()),
        st.builds(
            lambda code, message: json.dumps(
                {"error": {"code": code, "message": message}}
            ).encode(),
            JSON,
            JSON,
        ),
    ),
)
async def test_json_calls_only_raise_typed_errors(status: int, body: bytes) -> None:
    transport = _CannedTransport.__new__(_CannedTransport)
    transport.answer = HttpResponse(status, "application/json", body)
    api = th.ThermometryApi(transport)
    api.version = ApiVersion(1, 3)
    for call in (
        api.get_supported_versions,
        api.get_capabilities,
        api.get_area_status,
        api.list_areas,
        api.get_group_status,
        api.list_spot_meters,
        api.get_isotherm_levels,
        api.get_tgt_configuration,
        api.list_overlay_channels,
    ):
        with contextlib.suppress(VapixError):
            await call()
