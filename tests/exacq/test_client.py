"""The exacqVision client: sessions, every call it offers, and its typed errors."""

import asyncio
import socket
from typing import Any

import aiohttp
import pytest

from custom_components.axis_thermometry.exacq import (
    Camera,
    CameraStatus,
    Endpoint,
    EventType,
    ExacqAuthenticationError,
    ExacqAuthorizationError,
    ExacqClient,
    ExacqConnectionError,
    ExacqMalformedResponseError,
    ExacqNotSupportedError,
    ExacqRequestError,
    ExacqServerError,
    ExacqSessionExpiredError,
    ExacqTimeoutError,
    PtzPreset,
    ServerEntry,
    ServerInfo,
    SoftTrigger,
)
from custom_components.axis_thermometry.exacq.models import (
    as_flag,
    parse_cameras,
    parse_events,
    parse_login,
    parse_status,
)
from tests.conftest import ManualClock
from tests.simulator.exacq import ExacqServer

from .conftest import make_client

# ---------------------------------------------------------------------- sessions


@pytest.mark.parametrize("key", ["sessionID", "sessionId"])
async def test_login_reads_server_and_either_session_key(
    client: ExacqClient, recorder: ExacqServer, key: str
) -> None:
    """The specification's ``sessionID`` and the ``sessionId`` real servers send both work."""
    recorder.session_key = key
    server = await client.login()
    assert server == ServerInfo(
        server_id="0",
        serial="18-62-66-32-4E-AF",
        name="Plant recorder",
        model="exacqVision A-Series",
        version="24.09.1.0",
    )
    assert client.logged_in
    assert len(recorder.sessions) == 1


@pytest.mark.parametrize(
    ("serial_in", "extra_requests"),
    [({"servers"}, [Endpoint.SERVERS]), ({"config"}, [Endpoint.SERVERS, Endpoint.CAMERAS])],
)
async def test_login_without_a_serial_finds_it_where_the_server_reports_it(
    client: ExacqClient,
    recorder: ExacqServer,
    serial_in: set[Any],
    extra_requests: list[Endpoint],
) -> None:
    """Older web services answer login.web without ``serial``: the servers list (002's List
    Servers), else config.web, names it. Before, such a login was a malformed answer."""
    recorder.serial_in = serial_in
    server = await client.login()
    assert server.serial == "18-62-66-32-4E-AF"
    assert server.name == "Plant recorder"
    assert [p for p in recorder.counters.by_path if p != Endpoint.LOGIN] == extra_requests


async def test_a_server_that_reports_no_serial_anywhere_is_malformed(
    client: ExacqClient, recorder: ExacqServer
) -> None:
    recorder.serial_in = set()
    with pytest.raises(ExacqMalformedResponseError, match="serial"):
        await client.login()


@pytest.mark.parametrize("status", [200, 401])
async def test_login_refused(client: ExacqClient, recorder: ExacqServer, status: int) -> None:
    recorder.login_failure_status = status
    bad = ExacqClient(
        aiohttp.ClientSession(), recorder.host, port=recorder.port, username="admin", password="x"
    )
    try:
        with pytest.raises(ExacqAuthenticationError):
            await bad.login()
    finally:
        await bad._http.close()
    assert not recorder.sessions


async def test_first_call_logs_in_and_logout_ends_the_session(
    client: ExacqClient, recorder: ExacqServer
) -> None:
    assert [camera.name for camera in await client.cameras()] == [
        "Furnace thermal",
        "Cold store thermal",
        "Loading dock",
    ]
    assert client.logins == 1
    await client.logout()
    assert not recorder.sessions
    assert recorder.logouts == 1
    assert not client.logged_in
    await client.logout()  # nothing to end: no request
    assert recorder.counters.by_path[Endpoint.LOGOUT] == 1


@pytest.mark.parametrize("answer", ["401", "redirect", "json"])
async def test_expired_session_is_renewed_transparently(
    client: ExacqClient, recorder: ExacqServer, recorder_clock: ManualClock, answer: Any
) -> None:
    """However the server says so, an expired session means one new login and a retry."""
    recorder.expiry_answer = answer
    recorder.session_ttl = 30
    await client.soft_triggers()
    recorder_clock.advance(31)
    triggers = await client.soft_triggers()
    assert [t.name for t in triggers] == ["Fire alarm", "Cold-chain alarm"]
    assert client.logins == 2


async def test_concurrent_calls_on_an_expired_session_log_in_once(
    client: ExacqClient, recorder: ExacqServer
) -> None:
    await client.login()
    recorder.expire_sessions()
    await asyncio.gather(*(client.status(cameras=["4590080"]) for _ in range(5)))
    assert client.logins == 2
    assert len(recorder.sessions) == 1


async def test_relogin_with_changed_password_is_an_authentication_error(
    client: ExacqClient, recorder: ExacqServer
) -> None:
    await client.login()
    recorder.expire_sessions()
    recorder.recorder.users["admin"].password = "changed"
    with pytest.raises(ExacqAuthenticationError):
        await client.cameras()


async def test_session_that_keeps_expiring_is_an_error(
    client: ExacqClient, recorder: ExacqServer
) -> None:
    recorder.inject("unauthorized", path=Endpoint.CAMERAS, count=-1)
    with pytest.raises(ExacqSessionExpiredError):
        await client.cameras()
    assert client.logins == 2


# ---------------------------------------------------------------------- inventory


async def test_list_servers_needs_no_session(client: ExacqClient, recorder: ExacqServer) -> None:
    assert await client.list_servers() == (ServerEntry("0", "Plant recorder", "18-62-66-32-4E-AF"),)
    assert not recorder.sessions


async def test_cameras_presets_and_triggers(client: ExacqClient) -> None:
    cameras = await client.cameras()
    assert cameras[0] == Camera(
        "4590080",
        "Furnace thermal",
        (5, 6),
        enabled=True,
        serial="E82725000003",
        address="127.0.0.1",
    )
    assert (cameras[1].serial, cameras[1].address) == (None, None)  # not reported: unknown
    assert await client.ptz_presets("4590080") == (
        PtzPreset("1", "Home"),
        PtzPreset("2", "Furnace"),
        PtzPreset("3", "Conveyor"),
    )
    assert await client.ptz_presets("4590081") == ()
    assert await client.soft_triggers() == (
        SoftTrigger("1", "Fire alarm"),
        SoftTrigger("2", "Cold-chain alarm"),
    )


async def test_apply_preset(client: ExacqClient, recorder: ExacqServer) -> None:
    await client.apply_preset("4590080", "3")
    assert recorder.recorder.cameras["4590080"].current_preset == 3
    with pytest.raises(ExacqRequestError, match="Invalid Request"):
        await client.apply_preset("4590080", "9")


async def test_viewer_may_not_move_cameras_or_set_triggers(
    session: aiohttp.ClientSession, recorder: ExacqServer
) -> None:
    viewer = make_client(session, recorder, "viewer", "viewer")
    with pytest.raises(ExacqAuthorizationError):
        await viewer.apply_preset("4590080", "2")
    with pytest.raises(ExacqAuthorizationError):
        await viewer.set_soft_trigger("1", True)
    assert recorder.recorder.cameras["4590080"].current_preset == 1


# ---------------------------------------------------------------------- triggers and status


async def test_soft_trigger_falls_back_to_off_unless_refreshed(
    client: ExacqClient, recorder: ExacqServer, recorder_clock: ManualClock
) -> None:
    """The simulated server follows the specification: "on" lasts ~3 s unless set again."""
    await client.set_soft_trigger("1", True)
    recorder_clock.advance(2.5)
    assert (await client.status(triggers=["1"])).triggers == {"1": True}
    recorder_clock.advance(1)
    assert (await client.status(triggers=["1"])).triggers == {"1": False}
    await client.set_soft_trigger("1", True)
    await client.set_soft_trigger("1", False)
    assert not recorder.recorder.trigger_active(1)
    with pytest.raises(ExacqRequestError):
        await client.set_soft_trigger("7", True)


async def test_status_and_active_events(client: ExacqClient, recorder: ExacqServer) -> None:
    cameras = recorder.recorder.cameras
    cameras["4590080"].motion = True
    cameras["4590081"].video_loss = True
    status = await client.status(cameras=list(cameras), triggers=["1", "2"])
    assert status.cameras == {
        "4590080": CameraStatus(motion=True, video_loss=False),
        "4590081": CameraStatus(motion=False, video_loss=True),
        "4590082": CameraStatus(),
    }
    assert status.triggers == {"1": False, "2": False}
    events = await client.active_events()
    assert {(e.event_type, e.source_id) for e in events} == {
        (EventType.VIDEO_MOTION, "4590080"),
        (EventType.VIDEO_LOSS, "4590081"),
    }
    await client.set_soft_trigger("2", True)
    every = await client.active_events(types=())
    assert (EventType.SOFT_TRIGGER, "2") in {(e.event_type, e.source_id) for e in every}
    assert (await client.status()).cameras == {}  # nothing asked, nothing sent


# ---------------------------------------------------------------------- images


async def test_snapshot_uses_the_format_the_camera_has(
    client: ExacqClient, recorder: ExacqServer
) -> None:
    cameras = {camera.camera_id: camera for camera in await client.cameras()}
    transcoded = await client.snapshot(cameras["4590080"], width=640)
    native = await client.snapshot(cameras["4590081"])
    assert transcoded.startswith(b"\xff\xd8")
    assert native.startswith(b"\xff\xd8")
    assert recorder.counters.by_path[Endpoint.THUMBNAIL] == 0


async def test_snapshot_falls_back_to_the_thumbnail(
    client: ExacqClient, recorder: ExacqServer
) -> None:
    """A camera with video loss has no frame; the server's cached thumbnail stands in."""
    recorder.recorder.cameras["4590080"].video_loss = True
    camera = (await client.cameras())[0]
    assert (await client.snapshot(camera)).startswith(b"\xff\xd8")
    assert recorder.counters.by_path[Endpoint.THUMBNAIL] == 1


async def test_image_that_is_not_jpeg(client: ExacqClient, recorder: ExacqServer) -> None:
    recorder.inject("html_200", path=Endpoint.THUMBNAIL)
    with pytest.raises(ExacqMalformedResponseError):
        await client.thumbnail("4590080")


# ---------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("fault", "error"),
    [
        ("status_500", ExacqServerError),
        ("status_503", ExacqServerError),
        ("html_200", ExacqMalformedResponseError),
        ("not_json", ExacqMalformedResponseError),
        ("truncated_json", ExacqMalformedResponseError),
        ("wrong_types", ExacqMalformedResponseError),
        ("json_error", ExacqRequestError),
        ("reset", ExacqConnectionError),
    ],
)
async def test_faults_become_typed_errors(
    client: ExacqClient, recorder: ExacqServer, fault: Any, error: type[Exception]
) -> None:
    await client.login()
    # aiohttp repeats a GET once when a kept-alive connection drops.
    recorder.inject(fault, path=Endpoint.CAMERAS, count=2 if fault == "reset" else 1)
    with pytest.raises(error):
        await client.cameras()
    assert len(await client.cameras()) == 3  # the next call works


async def test_unknown_endpoint_is_not_supported(
    session: aiohttp.ClientSession, recorder: ExacqServer
) -> None:
    recorder.missing_paths.add(Endpoint.EVENTS)  # an older web service
    client = make_client(session, recorder)
    with pytest.raises(ExacqNotSupportedError):
        await client.active_events()


async def test_timeout(session: aiohttp.ClientSession, recorder: ExacqServer) -> None:
    client = make_client(session, recorder, timeout=0.2)
    recorder.hang_seconds = 2
    recorder.inject("hang", path=Endpoint.LOGIN)
    with pytest.raises(ExacqTimeoutError):
        await client.login()


async def test_nothing_listening(session: aiohttp.ClientSession) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    client = ExacqClient(session, "127.0.0.1", port=port, username="a", password="b")
    with pytest.raises(ExacqConnectionError):
        await client.login()


async def test_oversized_answer_is_refused(
    session: aiohttp.ClientSession, recorder: ExacqServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("custom_components.axis_thermometry.exacq.client.MAX_TEXT_BYTES", 64)
    with pytest.raises(ExacqMalformedResponseError, match="bytes"):
        await make_client(session, recorder).cameras()


async def test_logout_failure_is_reported(client: ExacqClient, recorder: ExacqServer) -> None:
    await client.login()
    recorder.inject("status_500", path=Endpoint.LOGOUT, count=2)  # both forms
    with pytest.raises(ExacqServerError):
        await client.logout()


async def test_logout_names_the_server_as_002_documents(
    client: ExacqClient, recorder: ExacqServer
) -> None:
    """14: 002's logout form: ``s`` is "the server ID of the server to logout"."""
    await client.login()
    recorder.counters.reset()
    await client.logout()
    assert recorder.logout_forms == [{"s": ["0"]}]
    assert recorder.logouts == 1 and not recorder.sessions


async def test_logout_falls_back_to_the_session_id(
    client: ExacqClient, recorder: ExacqServer
) -> None:
    """14: a server that refuses the server id there gets the session id, as real clients send."""
    recorder.logout_by_server = False
    await client.login()
    session_id = next(iter(recorder.sessions))
    await client.logout()
    assert recorder.logout_forms == [{"s": ["0"]}, {"s": [session_id]}]
    assert not recorder.sessions


async def test_video_path_form_first(client: ExacqClient, recorder: ExacqServer) -> None:
    """14: 002 prefers video.web with session, camera and container in the path."""
    cameras = {camera.camera_id: camera for camera in await client.cameras()}
    recorder.counters.reset()
    for _ in range(2):
        assert (await client.snapshot(cameras["4590081"])).startswith(b"\xff\xd8")
    session_id = next(iter(recorder.sessions))
    assert list(recorder.counters.by_path) == [f"/v1/video.web/{session_id}/4590081/native"]
    assert recorder.counters.by_path[f"/v1/video.web/{session_id}/4590081/native"] == 2


async def test_video_query_form_where_the_path_form_is_missing(
    client: ExacqClient, recorder: ExacqServer
) -> None:
    """14: an older web service without the path form: the legacy query form, remembered."""
    recorder.video_path_form = False
    camera = (await client.cameras())[0]
    recorder.counters.reset()
    for _ in range(3):
        assert (await client.snapshot(camera)).startswith(b"\xff\xd8")
    assert recorder.counters.by_path[Endpoint.VIDEO] == 3
    assert sum(recorder.counters.by_path.values()) == 4  # one path-form try, then the query


async def test_https_without_verification_builds_the_url(session: aiohttp.ClientSession) -> None:
    client = ExacqClient(
        session, "recorder.example", username="u", password="p", https=True, verify_ssl=False
    )
    assert str(client.base_url) == "https://recorder.example"
    assert client.server is None


# ---------------------------------------------------------------------- lenient parsing


def test_parsers_accept_the_plausible_forms() -> None:
    session_id, server = parse_login(
        {"sessionId": 17, "serialNumber": "ab-cd", "model": "unknown", "version": ""}, "3"
    )
    assert session_id == "17"
    assert server == ServerInfo("3", "AB-CD", "exacqVision AB-CD", None, None)
    assert parse_cameras({"Cameras": [{"id": 5, "disabled": "1", "formats": [0, True]}]}) == (
        Camera("5", "Camera 5", (0,), enabled=False),
    )
    status = parse_status(
        {"camera": [{"id": 1, "motion": "on", "videoLoss": 0}], "trigger": [{"id": 2}]}
    )
    assert status.cameras["1"] == CameraStatus(motion=True, video_loss=False)
    assert status.triggers == {"2": False}
    assert parse_events({"events": [{"eventType": "2", "camera": 9}]})[0].source_id == "9"
    assert parse_events({"events": []}) == ()


@pytest.mark.parametrize(
    "payload",
    [
        {"success": True},  # no session id
        {"sessionID": "x"},  # no serial (the client looks for it elsewhere first)
        {"sessionID": "", "serial": "s"},
    ],
)
def test_login_without_session_or_serial_is_malformed(payload: dict[str, Any]) -> None:
    with pytest.raises(ExacqMalformedResponseError):
        parse_login(payload, "0")


@pytest.mark.parametrize("value", ["maybe", 2, None, 1.5])
def test_flags_refuse_other_values(value: object) -> None:
    with pytest.raises(ExacqMalformedResponseError):
        as_flag(value, "flag")


@pytest.mark.parametrize(
    "payload",
    [
        {"events": [{"type": "motion"}]},
        {"events": "none"},
        {"events": [7]},
        {},  # no list at all: a broken answer, not "no events"
    ],
)
def test_malformed_events(payload: dict[str, Any]) -> None:
    with pytest.raises(ExacqMalformedResponseError):
        parse_events(payload)
