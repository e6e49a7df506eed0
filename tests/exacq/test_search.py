"""Stored video through the exacqVision client: metadata searches, recorded frames, searches
played frame by frame, and that every search is closed (002 *Search*)."""

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from custom_components.axis_thermometry.exacq import (
    Camera,
    ExacqClient,
    ExacqMalformedResponseError,
    ExacqRequestError,
)
from custom_components.axis_thermometry.exacq.search import (
    MAX_OPEN_SEARCHES,
    parse_metadata,
    parse_time,
    rfc3339,
)
from tests.simulator.exacq import ExacqServer
from tests.simulator.exacq_video import recorded_time

FURNACE = Camera("4590080", "Furnace thermal", (5, 6))
COLD_STORE = Camera("4590081", "Cold store thermal", (0, 5))


def recent() -> tuple[datetime, datetime]:
    """The last ten minutes: inside the simulator's continuous recording."""
    now = datetime.now(UTC).replace(microsecond=0)
    return now - timedelta(minutes=10), now


async def test_the_metadata_search_says_where_video_is_and_is_closed(
    client: ExacqClient, recorder: ExacqServer
) -> None:
    now = datetime.now(UTC)
    found = await client.recordings(
        [FURNACE.camera_id, COLD_STORE.camera_id], now - timedelta(hours=3), now
    )
    assert found[COLD_STORE.camera_id] == ()  # asked for, not in the answer: no video
    furnace = found[FURNACE.camera_id]
    assert len(furnace) >= 3  # two ten-minute clips, and the recording of the last half hour
    since = now.replace(microsecond=0) - timedelta(hours=3)  # 002's times are to the second
    assert all(r.end > r.start and r.start >= since for r in furnace)
    assert furnace[-1].holds(now - timedelta(minutes=5))
    assert not any(r.holds(now - timedelta(minutes=45)) for r in furnace)  # between clips
    assert recorder.stored.created == recorder.stored.closed == 1
    assert recorder.stored.open_searches() == 0


async def test_a_recorded_frame_is_the_one_at_that_time(client: ExacqClient) -> None:
    start, _ = recent()
    moment = start + timedelta(seconds=7.3)
    jpeg = await client.recorded_frame(FURNACE, moment)
    assert recorded_time(jpeg) == start + timedelta(seconds=7)  # the frame at or before it (2 fps)
    with pytest.raises(ExacqRequestError, match="No video"):
        await client.recorded_frame(FURNACE, datetime.now(UTC) - timedelta(minutes=45))
    with pytest.raises(ExacqRequestError, match="No video"):
        await client.recorded_frame(COLD_STORE, start)


async def test_a_search_plays_frames_in_order_and_is_closed(
    client: ExacqClient, recorder: ExacqServer
) -> None:
    start, end = recent()
    async with client.search(FURNACE, start, end) as search:
        assert search.info is not None
        assert search.info.frames == 1200  # ten minutes at 2 frames a second
        times = [recorded_time(await search.frame()) for _ in range(4)]
        assert times == [start + timedelta(seconds=0.5 * n) for n in range(4)]
        assert await search.get_speed() == 100
        await search.set_speed(400)  # 4x: every frame two seconds on
        times = [recorded_time(await search.frame()) for _ in range(2)]
        assert times[1] - times[0] == timedelta(seconds=2)
        await search.set_speed(0)  # paused: the same frame over and over (002)
        assert await search.frame() == await search.frame()
        head = await search.reference_time()
        assert await search.step(+4) == round(((head - start).total_seconds() + 2) * 2)
        assert await search.reference_time() == head + timedelta(seconds=2)
        assert recorder.stored.open_searches() == 1
    assert recorder.stored.open_searches() == 0
    assert recorder.stored.closed == recorder.stored.created == 1


async def test_at_most_two_searches_are_open_at_once(
    client: ExacqClient, recorder: ExacqServer
) -> None:
    start, end = recent()
    release, two_playing = asyncio.Event(), asyncio.Event()
    played: list[datetime] = []

    async def play() -> None:
        async with client.search(FURNACE, start, end) as search:
            played.append(recorded_time(await search.frame()))
            if len(played) == MAX_OPEN_SEARCHES:
                two_playing.set()
            await release.wait()

    tasks = [asyncio.create_task(play()) for _ in range(3)]
    await two_playing.wait()
    # The third waits for one of the two to close: it has not even made its search.
    assert recorder.stored.created == MAX_OPEN_SEARCHES
    release.set()
    await asyncio.gather(*tasks)
    assert len(played) == 3
    assert recorder.stored.most_open == MAX_OPEN_SEARCHES
    assert recorder.stored.open_searches() == 0


async def test_a_search_whose_session_expires_is_renewed_from_its_play_head(
    client: ExacqClient, recorder: ExacqServer
) -> None:
    start, end = recent()
    async with client.search(FURNACE, start, end) as search:
        before = [recorded_time(await search.frame()) for _ in range(6)]
        recorder.expire_sessions()  # the server drops the session, and the search with it
        after = recorded_time(await search.frame())
        assert search.renewals == 1
        assert before[-1] <= after <= before[-1] + timedelta(seconds=1)
        assert recorded_time(await search.frame()) > after
    assert recorder.stored.open_searches() == 0


async def test_refused_searches_and_ranges_without_video_leave_nothing_open(
    client: ExacqClient, recorder: ExacqServer
) -> None:
    now = datetime.now(UTC)
    gap = (now - timedelta(minutes=50), now - timedelta(minutes=40))
    with pytest.raises(ExacqRequestError, match="No video"):
        async with client.search(FURNACE, *gap):
            pass
    recorder.stored.refuse = True
    with pytest.raises(ExacqRequestError, match="refused"):
        async with client.search(FURNACE, *recent()):
            pass
    with pytest.raises(ExacqRequestError, match="refused"):
        await client.recordings([FURNACE.camera_id], *recent())
    assert recorder.stored.open_searches() == 0


async def test_the_client_sends_002s_search_fields(
    client: ExacqClient, recorder: ExacqServer
) -> None:
    """Every field the client sends is one 002 documents for that call."""
    from tests.conformance.examples import EXACQ

    documented = {e.method: set((e.request or "").split()) for e in EXACQ}
    start, end = recent()
    await client.recordings([FURNACE.camera_id], start, end)
    await client.recorded_frame(FURNACE, start, width=640, height=480)
    async with client.search(FURNACE, start, end, paused=True) as search:
        await search.frame()
        await search.reference_time()
        await search.get_speed()
        await search.set_speed(200)
        await search.step(-1)
    expected = {
        "/v1/search.web/metadata": documented["metadata_search"],
        "/v1/search.web": documented["search"],
        "/v1/timestamp.web": documented["timestamp"],
        "/v1/playspeed.web": documented["playspeed"],
        "/v1/step.web": documented["step"],
        "/v1/frame.web": documented["recorded_frame"],
        "/v1/video.web": {"s", "search_id", "camera", "format"},  # 002 Get Video (Legacy)
    }
    assert {path for path, _ in recorder.stored.asked} == set(expected)
    for path, fields in recorder.stored.asked:
        assert fields <= expected[path], path
    search_fields = next(f for p, f in recorder.stored.asked if p == "/v1/search.web")
    assert {"s", "camera", "start", "end", "start_paused", "output"} == search_fields


def test_002s_search_samples_parse() -> None:
    """The samples of *Create a Search* and *Create a Metadata Search*, as printed."""
    from custom_components.axis_thermometry.exacq.search import parse_search
    from tests.conformance.examples import EXACQ
    from tests.conformance.test_conformance import _unbulleted

    samples = {
        e.method: _unbulleted(e.response)
        for e in EXACQ
        if e.response and e.method in ("search", "metadata_search", "timestamp")
    }
    info = parse_search(samples["search"])
    assert (info.search_id, info.frames) == ("0x257a8942", 7866)
    assert info.end - info.start == timedelta(minutes=5)
    assert parse_metadata(samples["metadata_search"], ["1"]) == {"1": ()}
    assert parse_time(samples["timestamp"]["timeWithMs"], "t") == datetime(
        2018, 6, 20, 14, 1, 21, 2000, tzinfo=UTC
    )
    with pytest.raises(ExacqMalformedResponseError):
        parse_metadata({"sessionId": "0x1", "success": True}, ["1"])  # no cameras: broken
    assert rfc3339(datetime(2018, 6, 20, 13, 56, 21, tzinfo=UTC)) == "2018-06-20T13:56:21Z"
