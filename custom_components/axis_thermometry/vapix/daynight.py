"""The VAPIX DayNight API (``/axis-cgi/daynight.cgi``).

``data`` is a list with one entry per channel. Asked without a channel, the device answers
for every channel it has; that is how the channels are discovered.
"""

from collections.abc import Mapping
from typing import Any, Final

from ._parse import as_bool, as_int, as_list, as_mapping, as_number, as_str, optional, required
from .errors import VapixMalformedResponseError
from .models import ApiVersion, DayNightCapabilities, DayNightConfiguration
from .transport import JsonErrorCodes, VapixTransport
from .validation import validate_daynight_values

PATH: Final = "/axis-cgi/daynight.cgi"
API_ID: Final = "daynight"
API_VERSION: Final = "1.0"

ERROR_CODES: Final = JsonErrorCodes(
    authentication=frozenset({2106}),
    authorization=frozenset({2105}),
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

    async def get_capabilities(
        self, channel: int | None = None
    ) -> tuple[DayNightCapabilities, ...]:
        """Capabilities of ``channel``, or of every channel when ``channel`` is None."""
        data = await self._call("getCapabilities", _channel_params(channel))
        return tuple(parse_capabilities(entry) for entry in _entries(data, channel))

    async def get_configuration(
        self, channel: int | None = None
    ) -> tuple[DayNightConfiguration, ...]:
        """Configuration of ``channel``, or of every channel when ``channel`` is None."""
        data = await self._call("getConfiguration", _channel_params(channel))
        return tuple(parse_configuration(entry) for entry in _entries(data, channel))

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
        """Change the given settings of ``channel``; return the configuration now in force."""
        validate_daynight_values(
            shift_levels=(day_night_shift_level, night_day_shift_level),
            dwell_times=(day_night_dwell_time, night_day_dwell_time),
        )
        values = {
            "DayNightShiftLevel": day_night_shift_level,
            "NightDayShiftLevel": night_day_shift_level,
            "DayNightDwellTime": day_night_dwell_time,
            "NightDayDwellTime": night_day_dwell_time,
            "Autotune": autotune,
        }
        params = {"channel": channel} | {k: v for k, v in values.items() if v is not None}
        data = await self._call("setConfiguration", params)
        entries = _entries(data, channel)
        if entries:
            return parse_configuration(entries[0])
        # Devices that answer with empty data: read back what is in force.
        (configuration,) = await self.get_configuration(channel)
        return configuration


def _channel_params(channel: int | None) -> dict[str, Any]:
    return {} if channel is None else {"channel": channel}


def _entries(data: object, channel: int | None) -> list[Mapping[str, Any]]:
    """The per-channel entries of ``data`` (a list, or a single object on some firmware)."""
    if isinstance(data, Mapping) and not data:
        return []
    items = [data] if isinstance(data, Mapping) else list(as_list(data, "data"))
    entries = [as_mapping(item, "data[]") for item in items]
    if channel is None:
        return entries
    matching = [e for e in entries if e.get("channel", channel) == channel]
    if not matching and entries:
        raise VapixMalformedResponseError(f"no entry for channel {channel} in the answer")
    return matching


def parse_capabilities(value: object) -> DayNightCapabilities:
    """Parse one ``getCapabilities`` entry."""
    what = "daynight capabilities"
    entry = as_mapping(value, what)
    return DayNightCapabilities(
        channel=required(entry, ("channel",), as_int, what),
        autotune_support=optional(entry, ("AutotuneSupport",), as_bool, what) or False,
        night_day_shift_level_support=optional(entry, ("NightDayShiftLevelSupport",), as_bool, what)
        or False,
    )


def parse_configuration(value: object) -> DayNightConfiguration:
    """Parse one ``getConfiguration``/``setConfiguration`` entry."""
    what = "daynight configuration"
    entry = as_mapping(value, what)
    return DayNightConfiguration(
        channel=required(entry, ("channel",), as_int, what),
        day_night_shift_level=required(entry, ("DayNightShiftLevel",), as_int, what),
        day_night_dwell_time=required(entry, ("DayNightDwellTime",), as_number, what),
        night_day_dwell_time=required(entry, ("NightDayDwellTime",), as_number, what),
        night_day_shift_level=optional(entry, ("NightDayShiftLevel",), as_int, what),
        autotune=optional(entry, ("Autotune",), as_bool, what),
    )
