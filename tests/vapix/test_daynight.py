"""DayNight API against the PTZ (bispectral) profile."""

import pytest

from custom_components.axis_thermometry.vapix import (
    AxisDevice,
    DayNightConfiguration,
    VapixAuthorizationError,
    VapixNotSupportedError,
    VapixRequestError,
    VapixValidationError,
)
from tests.simulator import CameraServer

pytestmark = pytest.mark.parametrize("profile", ["ptz"])


async def test_versions_and_capabilities(device: AxisDevice) -> None:
    assert [str(v) for v in await device.daynight.get_supported_versions()] == ["1.0"]
    caps = await device.daynight.get_capabilities(0)
    assert caps.channel == 0
    assert caps.autotune_support and caps.night_day_shift_level_support
    second = await device.daynight.get_capabilities(1)
    assert not second.autotune_support and not second.night_day_shift_level_support


async def test_every_call_names_its_channel(device: AxisDevice, server: CameraServer) -> None:
    """1: 004 makes ``channel`` required; a camera that follows it answers 2103 without it."""
    for call in (device.daynight.get_capabilities, device.daynight.get_configuration):
        assert (await call(0)).channel == 0
        assert (await call(1)).channel == 1


async def test_channels_are_found_without_a_channel_less_call(
    device: AxisDevice, server: CameraServer
) -> None:
    """1: probing candidates finds both channels of the bispectral camera, and only those."""
    server.counters.reset()
    assert await device.daynight.channels() == (0, 1)
    assert await device.params.daynight_channels() == (0, 1)
    assert server.camera.daynight is not None
    del server.camera.daynight[0]
    assert await device.daynight.channels() == (1,)
    assert await device.params.daynight_channels() == (1,)


async def test_configuration_round_trip(device: AxisDevice) -> None:
    config = await device.daynight.get_configuration(0)
    assert config == DayNightConfiguration(
        channel=0,
        day_night_shift_level=50,
        day_night_dwell_time=3,
        night_day_dwell_time=3,
        night_day_shift_level=50,
        autotune=True,
    )
    result = await device.daynight.set_configuration(
        0, day_night_shift_level=70, day_night_dwell_time=20, autotune=False
    )
    assert (result.day_night_shift_level, result.day_night_dwell_time, result.autotune) == (
        70,
        20,
        False,
    )
    result = await device.daynight.set_configuration(0, night_day_shift_level=30)
    assert result.night_day_shift_level == 30
    assert await device.daynight.get_configuration(0) == result


async def test_set_configuration_keeps_what_it_does_not_change(
    device: AxisDevice, server: CameraServer
) -> None:
    """3: setConfiguration replaces the channel's settings; the untouched ones stay."""
    await device.daynight.set_configuration(
        0, day_night_shift_level=70, night_day_dwell_time=45, autotune=False
    )
    await device.daynight.set_configuration(0, night_day_shift_level=20)
    await device.daynight.set_configuration(0, day_night_dwell_time=12)
    assert await device.daynight.get_configuration(0) == DayNightConfiguration(
        channel=0,
        day_night_shift_level=70,
        day_night_dwell_time=12,
        night_day_dwell_time=45,
        night_day_shift_level=20,
        autotune=False,
    )
    # The second channel has neither autotune nor a night-to-day level: none is sent.
    second = await device.daynight.set_configuration(1, day_night_shift_level=10)
    assert (second.day_night_shift_level, second.autotune) == (10, None)


async def test_night_day_level_refused_while_autotune(device: AxisDevice) -> None:
    with pytest.raises(VapixRequestError, match="autotune set to true") as raised:
        await device.daynight.set_configuration(0, night_day_shift_level=30)
    assert raised.value.code == 1100


async def test_unsupported_autotune(device: AxisDevice, server: CameraServer) -> None:
    assert server.camera.daynight is not None
    server.camera.daynight[1].autotune_support = False
    server.camera.daynight[1].night_day_shift_level_support = False
    config = await device.daynight.get_configuration(1)
    assert config.autotune is None and config.night_day_shift_level is None
    with pytest.raises(VapixRequestError, match="not supported"):
        await device.daynight.set_configuration(1, autotune=True)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"day_night_shift_level": 101},
        {"night_day_shift_level": -1},
        {"day_night_dwell_time": 0.5},
        {"night_day_dwell_time": 601},
    ],
)
async def test_ranges_refused_before_sending(
    device: AxisDevice, server: CameraServer, kwargs: dict[str, float]
) -> None:
    server.counters.reset()
    with pytest.raises(VapixValidationError):
        await device.daynight.set_configuration(1, **kwargs)  # type: ignore[arg-type]
    assert server.counters.requests == 0


async def test_unknown_channel(device: AxisDevice) -> None:
    with pytest.raises(VapixRequestError) as raised:
        await device.daynight.get_configuration(7)
    assert raised.value.code == 2104


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        (2106, VapixAuthorizationError),
        (2105, VapixAuthorizationError),
        (2102, VapixNotSupportedError),
    ],
)
async def test_daynight_has_its_own_error_codes(
    device: AxisDevice, server: CameraServer, code: int, expected: type[Exception]
) -> None:
    """DayNight numbers its rights errors 2105/2106 (Thermometry uses 2109/2110).

    A JSON error body means the web server accepted the credentials, so neither is a wrong
    password.
    """
    server.inject("json_error", method="getConfiguration", code=code, message="x")
    with pytest.raises(expected):
        await device.daynight.get_configuration(1)


async def test_set_configuration_with_empty_answer_reads_back(
    device: AxisDevice, server: CameraServer
) -> None:
    """Firmware that answers ``data: {}`` still reports what is in force."""
    server.variants.empty_daynight_set = True
    server.counters.reset()
    result = await device.daynight.set_configuration(1, day_night_shift_level=40)
    assert result.day_night_shift_level == 40
    assert server.counters.by_method["getConfiguration"] == 2  # before and after
