"""Conformance: the client and the simulator against the specifications' literal examples.

- every stored example is verbatim in its seed;
- the client's request for each method equals the document's (modulo ``context`` and
  ``apiVersion``; an empty ``params`` equals none, as 000's syntax and examples differ on it);
- the client parses every response example, raises the typed error for every error example
  (and the typed malformed error for 004's example that is not JSON);
- the simulator's answer to the document's request has the document's shape;
- the integration loads on the document camera with the examples' values as states.
"""

from collections.abc import Awaitable, Callable, Iterator, Mapping
import contextlib
from dataclasses import replace
import json
from pathlib import Path
import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

import aiohttp
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.axis_thermometry.const import DOMAIN
from custom_components.axis_thermometry.exacq import (
    ExacqClient,
    ExacqMalformedResponseError,
    ExacqRequestError,
)
from custom_components.axis_thermometry.exacq.models import (
    parse_cameras,
    parse_login,
    parse_presets,
    parse_servers,
    parse_triggers,
    parse_user_role,
)
from custom_components.axis_thermometry.vapix import (
    AreaOverlay,
    AreaSettings,
    AreaStatus,
    AxisDevice,
    DayNightConfiguration,
    DetectionType,
    GroupMeasurement,
    GroupSettings,
    IsothermLevels,
    Measurement,
    PtzPosition,
    SpotTemperature,
    TemperatureScale,
    TgtConfiguration,
    VapixAuthorizationError,
    VapixError,
    VapixMalformedResponseError,
    VapixNotSupportedError,
    VapixRequestError,
)
from custom_components.axis_thermometry.vapix.io import parse_monitor_line
from custom_components.axis_thermometry.vapix.ptz import parse_position
from custom_components.axis_thermometry.vapix.thermometry import V1_2, parse_area_status
from tests.conftest import entry_data, set_up, state_value
from tests.simulator import CameraServer, fixed, ptz
from tests.simulator.document import document, monitor_stream
from tests.simulator.exacq import ExacqServer

from .examples import CGI, EXACQ, JSON, Example

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"

type Call = Callable[[AxisDevice], Awaitable[Any]]

SQUARE = ((-0.5, -0.5), (0.5, -0.5), (0.5, 0.5), (-0.5, 0.5))

# What the integration calls for each documented method, with the example's arguments.
CALLS: dict[tuple[str, str], Call] = {
    ("thermometry", "getSupportedVersions"): lambda d: d.thermometry.get_supported_versions(),
    ("thermometry", "getConfigurationCapabilities"): lambda d: d.thermometry.get_capabilities(),
    ("thermometry", "setTemperatureScale"): lambda d: d.thermometry.set_temperature_scale(
        TemperatureScale.FAHRENHEIT
    ),
    ("thermometry", "getIsothermLevels"): lambda d: d.thermometry.get_isotherm_levels(),
    ("thermometry", "setIsothermLevels"): lambda d: d.thermometry.set_isotherm_levels(
        high=100, middle=50, low=10, render_overlay=True
    ),
    ("thermometry", "addArea"): lambda d: d.thermometry.add_area(
        AreaSettings(
            name="Area 1",
            detection_type=DetectionType.ABOVE,
            measurement=Measurement.AVERAGE,
            threshold=100,
            delay=5,
            vertices=SQUARE,
            area_overlay=AreaOverlay.ALWAYS,
            temperature_overlay=True,
            preset=1,
        )
    ),
    # The area as listAreas gives it, with only what the example changes.
    ("thermometry", "updateArea"): lambda d: d.thermometry.update_area(
        0, {"area_overlay": AreaOverlay.IF_TRIGGERED, "preset": 2}
    ),
    ("thermometry", "removeAreas"): lambda d: d.thermometry.remove_areas([0, 1, 3]),
    ("thermometry", "listAreas"): lambda d: d.thermometry.list_areas(),
    ("thermometry", "getAreaStatus"): lambda d: d.thermometry.get_area_status(),
    ("thermometry", "addSpotTemperature"): lambda d: d.thermometry.add_spot_temperature(
        (0.37, -0.95)
    ),
    ("thermometry", "getSpotTemperature"): lambda d: d.thermometry.get_spot_temperature(),
    ("thermometry", "removeSpotTemperature"): lambda d: d.thermometry.remove_spot_temperature(),
    ("thermometry", "getTgtConfiguration"): lambda d: d.thermometry.get_tgt_configuration(),
    ("thermometry", "setTgtConfiguration"): lambda d: d.thermometry.set_tgt_configuration(
        pause_on_alarm=True, auto_resume=True
    ),
    ("thermometry", "addGroup"): lambda d: d.thermometry.add_group(
        GroupSettings(
            name="Group 1",
            measurement=GroupMeasurement.AVERAGE,
            threshold=5,
            delay=5,
            area_ids=(0, 1, 2),
            group_overlay=True,
            preset=1,
        )
    ),
    # The group as listGroups gives it, with only what the example changes.
    ("thermometry", "updateGroup"): lambda d: d.thermometry.update_group(
        2, {"name": "Group 1", "area_ids": (3, 4)}
    ),
    ("thermometry", "removeGroup"): lambda d: d.thermometry.remove_group(1),
    ("thermometry", "listGroups"): lambda d: d.thermometry.list_groups(),
    ("thermometry", "getGroupStatus"): lambda d: d.thermometry.get_group_status(),
    ("daynight", "getSupportedVersions"): lambda d: d.daynight.get_supported_versions(),
    ("daynight", "getCapabilities"): lambda d: d.daynight.get_capabilities(0),
    ("daynight", "getConfiguration"): lambda d: d.daynight.get_configuration(0),
    ("daynight", "setConfiguration"): lambda d: d.daynight.set_configuration(0, autotune=True),
}

# Where our request differs from the document's example, and why.
REQUEST_DEVIATIONS: dict[tuple[str, str], tuple[set[str], str]] = {
    ("daynight", "setConfiguration"): (
        {"NightDayShiftLevel"},
        "004: with Autotune true 'it is not possible to [set] NightDayShiftLevel in "
        "setConfiguration', yet its example sends both; we leave it out while autotune is on",
    ),
}

# What the client makes of each successful example (the document camera's answers).
PARSED: dict[tuple[str, str], object] = {
    ("thermometry", "getIsothermLevels"): IsothermLevels(
        high=100, middle=50, low=10, render_overlay=True
    ),
    ("thermometry", "getAreaStatus"): (
        AreaStatus(
            id=0,
            average=5,
            minimum=0,
            maximum=10,
            triggered=True,
            min_position=(-0.63, -0.31),
            max_position=(0.91, 0.12),
        ),
    ),
    ("thermometry", "getSpotTemperature"): SpotTemperature(
        temperature=7, coordinates=(-0.53, 0.45), render_overlay=True
    ),
    ("thermometry", "getTgtConfiguration"): TgtConfiguration(pause_on_alarm=True, auto_resume=True),
    ("thermometry", "addArea"): 0,
    ("thermometry", "addGroup"): (1, True),
    ("thermometry", "updateGroup"): True,
    ("daynight", "getConfiguration"): DayNightConfiguration(
        channel=0,
        day_night_shift_level=50,
        day_night_dwell_time=3,
        night_day_dwell_time=3,
        night_day_shift_level=50,
        autotune=True,
    ),
}

# The typed error each error example is (000's and 004's codes, whatever the HTTP status).
ERRORS: dict[int, type[VapixError]] = {
    1000: VapixRequestError,
    1100: VapixRequestError,
    1200: VapixRequestError,
    2100: VapixNotSupportedError,
    2101: VapixRequestError,
    2102: VapixNotSupportedError,
    2103: VapixRequestError,
    2104: VapixRequestError,
    2107: VapixRequestError,
    3000: VapixNotSupportedError,
    # 2110 in 000's examples: "User is not authorized to this request, permission denied".
    2110: VapixAuthorizationError,
    # DayNight 2105/2106: a JSON answer means the web server took the credentials.
    2105: VapixAuthorizationError,
    2106: VapixAuthorizationError,
}


def _key(example: Example) -> tuple[str, str]:
    return example.api, example.method


def _flat(text: str) -> str:
    return " ".join(text.split())


def _seed(name: str) -> str:
    return (SEEDS / name).read_text(encoding="utf-8")


def _examples(*selected: tuple[Example, ...]) -> Iterator[Any]:
    for group in selected:
        for example in group:
            yield pytest.param(example, id=f"{example.api}:{example.method}:{example.section}")


# ---------------------------------------------------------------------- the data itself


@pytest.mark.parametrize("example", _examples(JSON, CGI, EXACQ))
def test_examples_are_verbatim(example: Example) -> None:
    """Every stored example is in its seed as printed (whitespace aside).

    002's requests are lists of the form's field names, not printed text.
    """
    seed = _flat(_seed(example.seed))
    texts = [example.response, example.error]
    if example.api != "exacq":
        texts.append(example.request)
    for text in texts:
        if text is not None:
            assert _flat(text) in seed, f"not in {example.seed}: {text[:80]}"


# ---------------------------------------------------------------------- JSON requests


def _normalized(request: Mapping[str, Any], ignore: set[str]) -> dict[str, Any]:
    """A request without context and apiVersion; an empty params as none."""
    body = {k: v for k, v in request.items() if k not in ("context", "apiVersion")}
    params = {k: v for k, v in body.pop("params", {}).items() if k not in ignore}
    return body | ({"params": params} if params else {})


@pytest.fixture
async def session() -> Any:
    async with aiohttp.ClientSession() as client_session:
        yield client_session


async def _document_device(
    session: aiohttp.ClientSession, server: CameraServer, *, negotiate: bool = True
) -> AxisDevice:
    device = AxisDevice(session, server.host, port=server.port, username="root", password="pass")
    if negotiate:
        await device.thermometry.negotiate()
    else:
        device.thermometry.version = V1_2
    return device


@pytest.mark.parametrize("example", _examples(tuple(e for e in JSON if e.request)))
async def test_the_client_sends_the_documents_request(
    session: aiohttp.ClientSession, example: Example
) -> None:
    """The request the client sends for a method is the example's (modulo the context)."""
    async with CameraServer(document()) as server:
        device = await _document_device(session, server)
        server.json_requests.clear()
        try:
            await CALLS[_key(example)](device)
        except VapixMalformedResponseError:
            assert example.method == "getSupportedVersions" and example.api == "daynight"
        sent = [body for _, body in server.json_requests if body["method"] == example.method]
        assert sent, f"{example.method} was not sent"
        ignore, _ = REQUEST_DEVIATIONS.get(_key(example), (set(), ""))
        assert example.request is not None
        assert _normalized(sent[-1], ignore) == _normalized(json.loads(example.request), ignore)


# ---------------------------------------------------------------------- JSON responses


@pytest.mark.parametrize("example", _examples(tuple(e for e in JSON if e.method != "error")))
async def test_the_client_parses_the_documents_answers(
    session: aiohttp.ClientSession, example: Example
) -> None:
    """Each example answer parses (004's invalid one raises the typed malformed error)."""
    camera = document()
    assert camera.documents is not None
    camera.documents = {**camera.documents, _key(example): example}  # verbatim, no deviation
    async with CameraServer(camera) as server:
        device = await _document_device(session, server)
        call = CALLS[_key(example)](device)
        if example.api == "daynight" and example.method == "getSupportedVersions":
            with pytest.raises(VapixMalformedResponseError):  # `apiVersions:` unquoted
                await call
            return
        result = await call
        if _key(example) in PARSED:
            assert result == PARSED[_key(example)]


@pytest.mark.parametrize("example", _examples(tuple(e for e in JSON if e.error)))
async def test_the_client_raises_the_documents_errors(
    session: aiohttp.ClientSession, example: Example
) -> None:
    """Each error example becomes the typed error its code stands for."""
    assert example.error is not None
    code = json.loads(example.error)["error"]["code"]
    camera = document()
    assert camera.documents is not None
    if example.method == "error":  # 004's error table: served as getConfiguration's error
        base = camera.documents["daynight", "getConfiguration"]
        example = replace(base, error=example.error)
    # Writes read first: only the method under test answers with its error.
    camera.documents = {
        **{key: replace(value, error=None) for key, value in camera.documents.items()},
        _key(example): example,
    }
    camera.document_errors = True
    async with CameraServer(camera) as server:
        device = await _document_device(session, server, negotiate=False)
        with pytest.raises(ERRORS[code]):
            await CALLS[_key(example)](device)


# ---------------------------------------------------------------------- real firmware's spellings

# The list each list-bearing method answers with, as its example spells the key.
LISTS: dict[tuple[str, str], str] = {
    ("thermometry", "listAreas"): "areaList",
    ("thermometry", "getAreaStatus"): "areaList",
    ("thermometry", "listGroups"): "grouplist",
    ("thermometry", "getGroupStatus"): "grouplist",
}
# How firmware has spelled them: Axis's own clients read "arealist"; any case is one key.
SPELLINGS = ("lower", "upper", "swapcase")


def _respelled(example: Example, key: str, spelling: str | None) -> Example:
    """``example`` with its list key spelled otherwise (None: left out of the answer)."""
    assert example.response is not None
    answer = json.loads(example.response)
    items = answer["data"].pop(key)
    if spelling is not None:
        answer["data"][getattr(key, spelling)()] = items
    return replace(example, response=json.dumps(answer))


async def _parse_served(session: aiohttp.ClientSession, example: Example) -> Any:
    camera = document()
    assert camera.documents is not None
    camera.documents = {**camera.documents, _key(example): example}
    async with CameraServer(camera) as server:
        device = await _document_device(session, server, negotiate=False)
        return await CALLS[_key(example)](device)


@pytest.mark.parametrize("spelling", SPELLINGS)
@pytest.mark.parametrize("example", _examples(tuple(e for e in JSON if _key(e) in LISTS)))
async def test_list_keys_are_read_in_any_case(
    session: aiohttp.ClientSession, example: Example, spelling: str
) -> None:
    """``arealist``, ``AREALIST``, ``AREAlIST``: the same list as the example's ``areaList``."""
    verbatim = await _parse_served(session, example)
    assert verbatim  # every example lists one item
    key = LISTS[_key(example)]
    assert await _parse_served(session, _respelled(example, key, spelling)) == verbatim


@pytest.mark.parametrize("example", _examples(tuple(e for e in JSON if _key(e) in LISTS)))
async def test_a_missing_list_is_a_broken_answer_not_an_empty_one(
    session: aiohttp.ClientSession, example: Example
) -> None:
    """No list key at all raises the malformed error; an empty list is zero items."""
    key = LISTS[_key(example)]
    with pytest.raises(VapixMalformedResponseError, match=key.lower()[:4]):
        await _parse_served(session, _respelled(example, key, None))
    assert example.response is not None
    empty = json.loads(example.response)
    empty["data"][key] = []
    assert await _parse_served(session, replace(example, response=json.dumps(empty))) == ()


# Member names of item objects too, in another case: 000's own text is read.
def test_item_members_are_read_in_any_case() -> None:
    example = next(e for e in JSON if _key(e) == ("thermometry", "getAreaStatus"))
    assert example.response is not None
    item = json.loads(example.response)["data"]["areaList"][0]
    upper = {key.upper(): value for key, value in item.items()}
    assert parse_area_status(upper) == parse_area_status(item)


# ---------------------------------------------------------------------- the simulator's shape

ALTERNATES = {
    "minCoordinates": "minPos",
    "maxCoordinates": "maxPos",
    "imagesource": "imageSource",
    "vertices": "position",
}


def _shape(value: Any) -> Any:
    """Keys (documented spellings made one) and JSON types, recursively."""
    if isinstance(value, dict):
        return {ALTERNATES.get(k, k): _shape(v) for k, v in value.items()}
    if isinstance(value, list):
        shapes = [_shape(item) for item in value]
        if all(isinstance(shape, dict) for shape in shapes):
            return sorted({json.dumps(shape, sort_keys=True) for shape in shapes})
        return sorted({json.dumps(shape) for shape in shapes})
    if isinstance(value, bool):
        return "boolean"
    # 000 gives temperatures as <int> in places and <float> in others: both are numbers.
    return "number" if isinstance(value, int | float) else type(value).__name__


def _lenient(text: str) -> Any:
    """An example that is not JSON only because of 004's unquoted member name."""
    return json.loads(re.sub(r"(?m)^(\s*)(\w+):", r'\1"\2":', text))


SHAPE_SKIPPED = {
    ("daynight", "setConfiguration"): "the example breaks 004's own rule; see the next test",
}


@pytest.mark.parametrize(
    "example",
    _examples(tuple(e for e in JSON if e.response and _key(e) not in SHAPE_SKIPPED)),
)
async def test_the_simulator_answers_the_documents_request_in_its_shape(
    session: aiohttp.ClientSession, example: Example
) -> None:
    """Sent the example's request as printed, the simulator answers in the example's shape."""
    assert example.request is not None and example.response is not None
    request = json.loads(example.request)
    needs_ptz = example.api == "daynight" or "Tgt" in example.method
    camera = ptz() if needs_ptz else fixed()
    # What the examples' requests name must exist: areas 0 to 4, group 2.
    areas = camera.thermals.areas
    for number in (3, 4):
        areas.setdefault(number, replace(areas[1], id=number, name=f"Area {number}"))
    if not needs_ptz:
        camera.thermals.groups.setdefault(2, replace(camera.thermals.groups[1], id=2, name="G2"))
    async with (
        CameraServer(camera) as server,
        session.post(
            f"{server.url}{'/axis-cgi/' + example.api + '.cgi'}",
            json=request,
            middlewares=(aiohttp.DigestAuthMiddleware("root", "pass"),),
        ) as response,
    ):
        answer = await response.json()
    expected = _lenient(example.response)
    assert "error" not in answer, answer
    assert set(answer) == set(expected)
    assert _shape(answer["data"]) == _shape(expected["data"])


async def test_the_simulator_refuses_what_004_forbids(session: aiohttp.ClientSession) -> None:
    """004's setConfiguration example sets NightDayShiftLevel with Autotune true, which its text
    forbids ("Internal error, autotune set to true"): the simulator follows the text."""
    example = next(e for e in JSON if _key(e) == ("daynight", "setConfiguration"))
    assert example.request is not None
    async with (
        CameraServer(ptz()) as server,
        session.post(
            f"{server.url}/axis-cgi/daynight.cgi",
            json=json.loads(example.request),
            middlewares=(aiohttp.DigestAuthMiddleware("root", "pass"),),
        ) as response,
    ):
        answer = await response.json()
    assert answer["error"] == {"code": 1100, "message": "Internal error, autotune set to true."}
    assert answer["context"] == "my context"  # errors echo the context, as 000's do


# ---------------------------------------------------------------------- 003's CGIs


def _query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(_flat(url).replace(" ", "")).query, keep_blank_values=True)


CGI_CALLS: dict[str, Call] = {
    "getparam": lambda d: d.params.list(["Network.IPAddress"]),
    "setparam": lambda d: d.params.update({"Image.Resolution": "320x240"}),
    "snapshot": lambda d: d.media.snapshot(camera=1, resolution=(320, 240)),
    "home": lambda d: d.ptz.home(camera=1),
    "output": lambda d: d.io.set_output(1, True),
    "virtualinput": lambda d: d.io.set_virtual_input(1, True),
    "restart": lambda d: d.media.restart(),
}


@pytest.mark.parametrize("example", _examples(tuple(e for e in CGI if e.method in CGI_CALLS)))
async def test_the_client_sends_the_documents_cgi_requests(
    session: aiohttp.ClientSession, example: Example
) -> None:
    """Path and parameters as 003 writes them (parameters we do not use aside)."""
    assert example.request is not None
    wanted = urlsplit(_flat(example.request).replace(" ", ""))
    async with CameraServer(document()) as server:
        device = await _document_device(session, server, negotiate=False)
        server.counters.targets.clear()
        # The document camera is no PTZ camera and has no Network group: answers may fail.
        with contextlib.suppress(VapixError):
            await CGI_CALLS[example.method](device)
        sent = [t for t in server.counters.targets if urlsplit(t).path == wanted.path]
    assert sent, f"nothing sent to {wanted.path}"
    ours = parse_qs(urlsplit(sent[-1]).query, keep_blank_values=True)
    documented = _query(example.request)
    assert ours.items() <= documented.items()
    assert set(documented) - set(ours) <= {"compression"}  # a parameter we do not set
    if example.method == "getparam":
        assert urlsplit(sent[-1]).query == wanted.query  # 003's bare name, not "name="


def test_the_client_parses_the_documents_cgi_answers() -> None:
    """003's PTZ position answer and its monitor stream lines."""
    position = next(e for e in CGI if e.method == "position")
    assert position.response is not None
    text = position.response.replace("\\r\\n", "\r")
    assert parse_position(text) == PtzPosition(pan=-50, tilt=0, zoom=500)
    stream = monitor_stream(next(e for e in CGI if e.method == "monitor")).decode()
    events = [parse_monitor_line(line) for line in stream.split("\r\n")]
    assert [event for event in events if event] == [(1, True), (1, True)]  # I00:/ and I00:H
    assert parse_monitor_line("I00:") is None  # "I00:" carries no state


# ---------------------------------------------------------------------- 002


def _unbulleted(text: str) -> Any:
    """002's samples are rendered with bullets before each member; the JSON is what remains."""
    return json.loads(text.replace("•", ""))


def test_the_client_parses_the_documents_exacq_samples() -> None:
    samples = {e.method: e for e in EXACQ}

    def sample(method: str) -> Any:
        response = samples[method].response
        assert response is not None
        return _unbulleted(response)

    session_id, server = parse_login(sample("login"), "0")
    assert session_id == "0dff389d-9e47-466b-88da-c9fb175015b1"
    assert (server.serial, server.name, server.model) == ("18-62-66-32-4E-AF", "Server 1", None)
    assert parse_cameras(sample("cameras")) == ()
    assert parse_presets(sample("presets")) == ()
    assert parse_triggers(sample("soft_triggers")) == ()
    assert parse_servers(sample("servers")) == ()
    assert parse_user_role(sample("users"), "admin") is None  # listed no one: no role known


EXACQ_LISTS: dict[str, tuple[str, Callable[[Any], object]]] = {
    "cameras": ("Cameras", parse_cameras),
    "presets": ("Presets", parse_presets),
    "soft_triggers": ("Triggers", parse_triggers),
    "servers": ("list", parse_servers),
    "users": ("users", lambda answer: (parse_user_role(answer, "Seven"),)),
}


@pytest.mark.parametrize("method", sorted(EXACQ_LISTS))
def test_002s_lists_are_read_in_any_case_and_never_missing(method: str) -> None:
    """002's list answers: the list key in any case is the list; without it, malformed."""
    key, parse = EXACQ_LISTS[method]
    sample = next(e for e in EXACQ if e.method == method).response
    assert sample is not None
    answer = _unbulleted(sample)
    answer[key] = [{"id": 7, "name": "Seven"}]
    expected = parse(answer)
    assert len(expected) == 1  # type: ignore[arg-type]
    for spelling in SPELLINGS:
        respelled = {k: v for k, v in answer.items() if k != key}
        respelled[getattr(key, spelling)()] = answer[key]
        assert parse(respelled) == expected
    del answer[key]
    with pytest.raises(ExacqMalformedResponseError):
        parse(answer)


async def test_the_client_sends_002s_forms(session: aiohttp.ClientSession) -> None:
    """Login's fields s, u, p, responseVersion; logout's s (the server id); soft triggers' s,
    tid, state, refused with 002's "Invalid Request"."""
    forms = {e.method: set((e.request or "").split()) for e in EXACQ}
    async with ExacqServer() as recorder:
        client = ExacqClient(
            session, recorder.host, port=recorder.port, username="admin", password="admin256"
        )
        await client.login()
        assert set(recorder.login_forms[-1]) == forms["login"]
        with pytest.raises(ExacqRequestError, match="Invalid Request"):
            await client.set_soft_trigger("99", True)
        assert set(recorder.trigger_forms[-1]) == forms["set_soft_trigger"]
        await client.logout()
        assert set(recorder.logout_forms[-1]) == forms["logout"]


# ---------------------------------------------------------------------- the whole integration


async def test_the_integration_shows_every_example_value(hass: HomeAssistant) -> None:
    """On the document camera every example value the integration reads is a state.

    Not shown: getTgtConfiguration's (the guard tour belongs to PTZ cameras; 003 gives no
    preset list to make one), and NightDayShiftLevel (004: autotune, which is on, controls it).
    """
    async with CameraServer(document()) as server:
        entry = MockConfigEntry(
            domain=DOMAIN,
            title="AXIS Q1961-TE",
            unique_id=server.camera.serial,
            data=entry_data(server),
        )
        await set_up(hass, entry)
        registry = er.async_get(hass)
        for registry_entry in er.async_entries_for_config_entry(registry, entry.entry_id):
            if registry_entry.disabled_by is not None:
                registry.async_update_entity(registry_entry.entity_id, disabled_by=None)
        assert await hass.config_entries.async_reload(entry.entry_id)
        await hass.async_block_till_done()
        camera = "axis_q1961_te"
        expected = {
            # getAreaStatus: avg 5, min 0, max 10, triggered
            f"sensor.{camera}_area_1_average": "5",
            f"sensor.{camera}_area_1_minimum": "0",
            f"sensor.{camera}_area_1_maximum": "10",
            f"binary_sensor.{camera}_area_1_alarm": "on",
            # listAreas: threshold 100, delay 5, enabled
            f"number.{camera}_area_1_threshold": "100",
            f"number.{camera}_area_1_delay": "5",
            f"switch.{camera}_area_1_enabled": "on",
            # getGroupStatus: group 2 triggered, currentDeviation 10.0
            f"sensor.{camera}_group_2_deviation": "10.0",
            f"binary_sensor.{camera}_group_2_deviation_alarm": "on",
            # getSpotTemperature: 7
            f"sensor.{camera}_spot_temperature": "7",
            # getIsothermLevels: 100, 50, 10, renderOverlay
            f"number.{camera}_isotherm_high_level": "100",
            f"number.{camera}_isotherm_middle_level": "50",
            f"number.{camera}_isotherm_low_level": "10",
            f"switch.{camera}_isotherm_palette_overlay": "on",
            # getConfigurationCapabilities: celsius
            f"select.{camera}_temperature_scale": "celsius",
            # DayNight getConfiguration, channel 0: 50, 3, 3, Autotune
            f"number.{camera}_night_switch_level": "50",
            f"number.{camera}_night_switch_delay": "3",
            f"number.{camera}_day_switch_delay": "3",
            f"switch.{camera}_day_switch_autotune": "on",
            # 003's monitor example: I00:/ then I00:H
            f"binary_sensor.{camera}_input_1": "on",
        }
        actual = {entity_id: state_value(hass, entity_id) for entity_id in expected}
        assert {k: float(v) if _number(v) else v for k, v in actual.items()} == {
            k: float(v) if _number(v) else v for k, v in expected.items()
        }
        assert await hass.config_entries.async_unload(entry.entry_id)


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
