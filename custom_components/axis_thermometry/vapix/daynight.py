"""The VAPIX DayNight API (``/axis-cgi/daynight.cgi``).

Every method but ``getSupportedVersions`` names its ``channel`` (004: only ``context`` is
optional). ``data`` is a list with one entry per channel. The channels a device has are
found by asking each candidate channel for its capabilities.

``setConfiguration`` is sent as a whole: the channel's current values are read first and sent
back for every setting the caller does not change, so nothing else moves.
"""

import asyncio
from collections.abc import Iterable, Mapping
from typing import Any, Final

from ._parse import (
    as_bool,
    as_bounded,
    as_bounded_int,
    as_int,
    as_list,
    as_mapping,
    as_str,
    optional,
    pick,
    required,
)
from .errors import VapixMalformedResponseError, VapixNotSupportedError, VapixRequestError
from .models import ApiVersion, DayNightCapabilities, DayNightConfiguration
from .transport import JsonErrorCodes, VapixTransport
from .validation import validate_daynight_values

PATH: Final = "/axis-cgi/daynight.cgi"
API_ID: Final = "daynight"
API_VERSION: Final = "1.0"
# Channels probed when the device does not say which it has (ImageSource.I<n> parameters).
PROBED_CHANNELS: Final = (0, 1, 2, 3)
MAX_CHANNEL: Final = 63

ERROR_CODES: Final = JsonErrorCodes(
    # 2105 "Authorization failed"; 2106 "Authentication failed" can only come from the API
    # itself once the web server accepted the credentials, so it is a rights problem too.
    authorization=frozenset({2105, 2106}),
    not_supported=frozenset({2100, 2102}),
)


class DayNightApi:
    """DayNight methods."""

    def __init__(self, transport: VapixTransport) -> None:
        """Use ``transport`` for every request."""
        self._transport = transport

    async def _call(self, method: str, params: Mapping[str, Any] | None = None) -> Any:
        return await self._transport.call_json(
            PATH, method, codes=ERROR_CODES, api_version=API_VERSION, params=params
        )

    async def get_supported_versions(self) -> tuple[ApiVersion, ...]:
        """List the API versions the device supports."""
        data = as_mapping(await self._call("getSupportedVersions"), "getSupportedVersions")
        versions = required(data, ("apiVersions",), as_list, "getSupportedVersions")
        return tuple(ApiVersion.parse(as_str(item, "apiVersions[]")) for item in versions)

    async def get_capabilities(self, channel: int) -> DayNightCapabilities:
        """Capabilities of ``channel``."""
        data = await self._call("getCapabilities", {"channel": channel})
        return parse_capabilities(_entry(data, channel))

    async def get_configuration(self, channel: int) -> DayNightConfiguration:
        """Configuration of ``channel``."""
        data = await self._call("getConfiguration", {"channel": channel})
        return parse_configuration(_entry(data, channel))

    async def channels(self, candidates: Iterable[int] = PROBED_CHANNELS) -> tuple[int, ...]:
        """The channels among ``candidates`` that answer ``getCapabilities``.

        A channel the device does not have is refused with a request error (2104 "Invalid
        parameter value") or "not supported"; any other error (connection, rights) is the
        API's and propagates.
        """

        async def probe(channel: int) -> int | None:
            try:
                await self.get_capabilities(channel)
            except VapixRequestError, VapixNotSupportedError:
                return None
            return channel

        found = await asyncio.gather(*(probe(channel) for channel in sorted(set(candidates))))
        return tuple(channel for channel in found if channel is not None)

    async def set_configuration(
        self,
        channel: int,
        *,
        day_night_shift_level: int | None = None,
        night_day_shift_level: int | None = None,
        day_night_dwell_time: float | None = None,
        night_day_dwell_time: float | None = None,
        autotune: bool | None = None,
    ) -> DayNightConfiguration:
        """Change the given settings of ``channel``, keeping the others; return what is in force.

        The channel's configuration is read first and sent back whole with the changes, so
        settings the caller leaves alone keep their values whatever the device does with
        omitted ones. ``NightDayShiftLevel`` is sent only where the channel has it and, unless
        it is the change, only while autotune is off (004: the device refuses it otherwise).
        """
        validate_daynight_values(
            shift_levels=(day_night_shift_level, night_day_shift_level),
            dwell_times=(day_night_dwell_time, night_day_dwell_time),
        )
        current = await self.get_configuration(channel)
        params: dict[str, Any] = {
            "channel": channel,
            "DayNightDwellTime": pick(day_night_dwell_time, current.day_night_dwell_time),
            "DayNightShiftLevel": pick(day_night_shift_level, current.day_night_shift_level),
            "NightDayDwellTime": pick(night_day_dwell_time, current.night_day_dwell_time),
        }
        tuned = pick(autotune, current.autotune)
        if night_day_shift_level is not None:
            params["NightDayShiftLevel"] = night_day_shift_level
        elif current.night_day_shift_level is not None and not tuned:
            params["NightDayShiftLevel"] = current.night_day_shift_level
        if tuned is not None:
            params["Autotune"] = tuned
        data = await self._call("setConfiguration", params)
        if isinstance(data, Mapping | list) and not data:
            # Devices that answer with empty data: read back what is in force.
            return await self.get_configuration(channel)
        return parse_configuration(_entry(data, channel))


def _entry(data: object, channel: int) -> Mapping[str, Any]:
    """The entry of ``channel`` in ``data`` (a list per channel, or one object on some firmware)."""
    items = [data] if isinstance(data, Mapping) else list(as_list(data, "data"))
    entries = [as_mapping(item, "data[]") for item in items]
    for entry in entries:
        if entry.get("channel", channel) == channel:
            return entry
    raise VapixMalformedResponseError(f"no entry for channel {channel} in the answer")


def _channel(entry: Mapping[str, Any], what: str) -> int:
    channel = required(entry, ("channel",), as_int, what)
    if not 0 <= channel <= MAX_CHANNEL:
        raise VapixMalformedResponseError(f"{what}: channel {channel} is out of range")
    return channel


def parse_capabilities(value: object) -> DayNightCapabilities:
    """Parse one ``getCapabilities`` entry."""
    what = "daynight capabilities"
    entry = as_mapping(value, what)
    return DayNightCapabilities(
        channel=_channel(entry, what),
        autotune_support=optional(entry, ("AutotuneSupport",), as_bool, what) or False,
        night_day_shift_level_support=optional(entry, ("NightDayShiftLevelSupport",), as_bool, what)
        or False,
    )


def parse_configuration(value: object) -> DayNightConfiguration:
    """Parse one ``getConfiguration``/``setConfiguration`` entry."""
    what = "daynight configuration"
    entry = as_mapping(value, what)
    return DayNightConfiguration(
        channel=_channel(entry, what),
        day_night_shift_level=required(entry, ("DayNightShiftLevel",), _shift_level, what),
        day_night_dwell_time=required(entry, ("DayNightDwellTime",), _dwell_time, what),
        night_day_dwell_time=required(entry, ("NightDayDwellTime",), _dwell_time, what),
        night_day_shift_level=optional(entry, ("NightDayShiftLevel",), _shift_level, what),
        autotune=optional(entry, ("Autotune",), as_bool, what),
    )


def _shift_level(value: object, what: str) -> int:
    """Shift levels run 0–100 (004)."""
    return as_bounded_int(value, what, 0, 100)


def _dwell_time(value: object, what: str) -> float:
    """Dwell times are "measured between 1 and 600 seconds" (004); 0 is tolerated."""
    return as_bounded(value, what, 0, 600)
