"""PTZ control (``/axis-cgi/com/ptz.cgi``): server presets, home, current position."""

import re
from typing import Final

from .cgi import check_cgi_answer
from .errors import VapixMalformedResponseError
from .models import PtzPosition, PtzPreset
from .params import ParamsApi
from .transport import VapixTransport

PATH: Final = "/axis-cgi/com/ptz.cgi"

_PRESET_LINE = re.compile(r"presetposno(\d+)\s*=\s*(.*)", re.IGNORECASE)
_PRESET_PARAM = re.compile(r"PTZ\.Preset\.P(\d+)\.Position\.P(\d+)\.(Name|Data)")


def parse_presets(text: str) -> dict[int, str]:
    """Parse ``query=presetposall`` lines (``presetposno<N>=<name>``); other lines are headers."""
    presets: dict[int, str] = {}
    for raw in text.splitlines():
        match = _PRESET_LINE.fullmatch(raw.strip())
        if match:
            presets[int(match.group(1))] = match.group(2).strip()
    return presets


def parse_position(text: str) -> PtzPosition:
    """Parse ``query=position`` lines (``pan=…``, ``tilt=…``, ``zoom=…``)."""
    values: dict[str, float] = {}
    for raw in text.splitlines():
        key, sep, value = raw.strip().partition("=")
        if sep and key.strip().lower() in {"pan", "tilt", "zoom"}:
            try:
                values[key.strip().lower()] = float(value)
            except ValueError:
                raise VapixMalformedResponseError(f"PTZ position {raw.strip()!r}") from None
    try:
        return PtzPosition(pan=values["pan"], tilt=values["tilt"], zoom=values["zoom"])
    except KeyError as err:
        raise VapixMalformedResponseError(f"PTZ position without {err.args[0]}") from None


def parse_position_data(data: str) -> PtzPosition | None:
    """Parse a preset's stored position (``tilt=-5:pan=10:zoom=1``); None if incomplete."""
    values: dict[str, float] = {}
    for part in data.split(":"):
        key, sep, value = part.partition("=")
        if sep:
            try:
                values[key.strip().lower()] = float(value)
            except ValueError:
                return None
    if not {"pan", "tilt", "zoom"} <= values.keys():
        return None
    return PtzPosition(pan=values["pan"], tilt=values["tilt"], zoom=values["zoom"])


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
        positions: dict[int, PtzPosition] = {}
        stored = await self._params.list([f"PTZ.Preset.P{camera - 1}"])
        for key, value in stored.items():
            match = _PRESET_PARAM.fullmatch(key)
            if match and match.group(3) == "Data":
                position = parse_position_data(value)
                if position is not None:
                    positions[int(match.group(2))] = position
        return tuple(
            PtzPreset(number=number, name=name, position=positions.get(number))
            for number, name in sorted(names.items())
        )

    async def goto_preset(self, number: int, camera: int = 1) -> None:
        """Move to server preset ``number``."""
        await self._command({"gotoserverpresetno": number, "camera": camera})

    async def home(self, camera: int = 1) -> None:
        """Move to the home position."""
        await self._command({"move": "home", "camera": camera})

    async def position(self, camera: int = 1) -> PtzPosition:
        """The current absolute position."""
        return parse_position(await self._command({"query": "position", "camera": camera}))
