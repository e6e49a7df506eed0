"""PTZ control (``/axis-cgi/com/ptz.cgi``): server presets, home, current position.

Presets come from ``query=presetposall`` (003); the positions they store come from the
``PTZ.Preset`` parameters where the device has them. A missing or unreadable parameter group
leaves presets without positions, never without presets.
"""

import re
from typing import Final

from ._parse import cut, malformed, parse_decimal, parse_unsigned
from .cgi import check_cgi_answer
from .errors import VapixError, VapixMalformedResponseError
from .models import GuardTour, PtzPosition, PtzPreset
from .params import ParamsApi
from .transport import VapixTransport

PATH: Final = "/axis-cgi/com/ptz.cgi"
# 003: a preset name is "a string with a maximum of 31 characters"; numbers from 1.
MAX_PRESET: Final = 65535

_PRESET_LINE = re.compile(r"presetposno([0-9]{1,5})\s*=\s*(.*)", re.IGNORECASE)
_PRESET_PARAM = re.compile(r"PTZ\.Preset\.P[0-9]{1,2}\.Position\.P([0-9]{1,5})\.Data")
_TOUR_PARAM = re.compile(r"GuardTour\.G([0-9]{1,3})\.(Name|Running|CamNbr)")
_AXES: Final = ("pan", "tilt", "zoom")


def parse_presets(text: str) -> dict[int, str]:
    """Parse ``query=presetposall`` lines (``presetposno<N>=<name>``); other lines are headers."""
    presets: dict[int, str] = {}
    for raw in text.splitlines():
        match = _PRESET_LINE.fullmatch(raw.strip())
        if match:
            number = parse_unsigned(match.group(1), "preset number")
            if not 1 <= number <= MAX_PRESET:
                raise VapixMalformedResponseError(f"preset number {number} is out of range")
            presets[number] = match.group(2).strip()[:64]
    return presets


# 003: pan and tilt are degrees (-180..180), zoom 1..9999; with margin for other heads.
_AXIS_LIMITS: Final = {"pan": 360.0, "tilt": 360.0, "zoom": 99999.0}


def _axes(pairs: list[tuple[str, str]], what: str) -> dict[str, float]:
    values: dict[str, float] = {}
    for key, value in pairs:
        axis = key.strip().lower()
        if axis in _AXES:
            number = parse_decimal(value, what)
            if abs(number) > _AXIS_LIMITS[axis]:
                raise malformed(f"{what} {axis}", value)
            values[axis] = number
    return values


def parse_position(text: str) -> PtzPosition:
    """Parse ``query=position`` lines (``pan=…``, ``tilt=…``, ``zoom=…``)."""
    pairs = [(k, v) for k, sep, v in (line.partition("=") for line in text.splitlines()) if sep]
    values = _axes(pairs, "PTZ position")
    if not values:
        raise VapixMalformedResponseError("the PTZ position answer has no pan, tilt or zoom")
    return PtzPosition(**values)


def parse_position_data(data: str) -> PtzPosition | None:
    """Parse a preset's stored position (``tilt=-5:pan=10:zoom=1``; some axes may be missing)."""
    pairs = [(k, v) for k, sep, v in (part.partition("=") for part in data.split(":")) if sep]
    try:
        values = _axes(pairs, "preset position")
    except VapixMalformedResponseError:
        return None
    return PtzPosition(**values) if values else None


class PtzApi:
    """Server presets and position of one PTZ camera head."""

    def __init__(self, transport: VapixTransport, params: ParamsApi) -> None:
        """Use ``transport`` for requests and ``params`` for stored preset positions."""
        self._transport = transport
        self._params = params

    async def _command(self, params: dict[str, str | int]) -> str:
        return check_cgi_answer(await self._transport.request("GET", PATH, params=params))

    async def presets(self, camera: int = 1) -> tuple[PtzPreset, ...]:
        """Server presets with names and, where the device stores them, positions."""
        names = parse_presets(await self._command({"query": "presetposall", "camera": camera}))
        positions = await self._stored_positions(camera)
        return tuple(
            PtzPreset(number=number, name=name, position=positions.get(number))
            for number, name in sorted(names.items())
        )

    async def _stored_positions(self, camera: int) -> dict[int, PtzPosition]:
        try:
            stored = await self._params.list([f"PTZ.Preset.P{camera - 1}"], missing_ok=True)
        except VapixError:
            return {}  # positions are a bonus: the presets stand without them
        positions: dict[int, PtzPosition] = {}
        for key, value in stored.items():
            match = _PRESET_PARAM.fullmatch(key)
            if match and (position := parse_position_data(value)) is not None:
                positions[int(match.group(1))] = position
        return positions

    async def guard_tours(self, camera: int = 1) -> tuple[GuardTour, ...]:
        """The preset guard tours of ``camera`` (none where the group is absent)."""
        tours: dict[int, dict[str, str]] = {}
        for key, value in (await self._params.list(["GuardTour"], missing_ok=True)).items():
            if match := _TOUR_PARAM.fullmatch(key):
                tours.setdefault(int(match.group(1)), {})[match.group(2)] = value
        return tuple(
            GuardTour(number, cut(fields.get("Name") or f"Guard tour {number + 1}"), _yes(fields))
            for number, fields in sorted(tours.items())
            if fields.get("CamNbr", str(camera)) == str(camera) and "Running" in fields
        )

    async def set_guard_tour(self, number: int, running: bool) -> None:
        """Start or stop guard tour ``number``."""
        await self._params.update({f"GuardTour.G{number}.Running": "yes" if running else "no"})

    async def goto_preset(self, number: int, camera: int = 1) -> None:
        """Move to server preset ``number``."""
        await self._command({"gotoserverpresetno": number, "camera": camera})

    async def home(self, camera: int = 1) -> None:
        """Move to the home position."""
        await self._command({"move": "home", "camera": camera})

    async def position(self, camera: int = 1) -> PtzPosition:
        """The current absolute position."""
        return parse_position(await self._command({"query": "position", "camera": camera}))


def _yes(fields: dict[str, str]) -> bool:
    return fields["Running"].strip().lower() in {"yes", "true", "1"}
