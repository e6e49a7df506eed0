"""I/O ports of the 2002 HTTP API.

``io/output.cgi``, ``io/input.cgi`` (check and the ``monitor`` stream) and
``io/virtualinput.cgi``.
"""

from collections.abc import AsyncIterator, Sequence
import re
from typing import Final

import aiohttp

from .cgi import check_cgi_answer
from .errors import (
    VapixConnectionError,
    VapixMalformedResponseError,
    VapixNotSupportedError,
    VapixTimeoutError,
)
from .transport import VapixTransport

INPUT_PATH: Final = "/axis-cgi/io/input.cgi"
OUTPUT_PATH: Final = "/axis-cgi/io/output.cgi"
VIRTUAL_INPUT_PATH: Final = "/axis-cgi/io/virtualinput.cgi"

_ACTIVE = {"1", "active", "high", "on", "true", "/", "h"}
_INACTIVE = {"0", "inactive", "low", "off", "false", "\\", "l"}
_CHECK_LINE = re.compile(r"(?:input|output|port|in|out)?\s*(\d+)\s*=\s*(\S*)", re.IGNORECASE)
# "I0<n>:<action char>"; the spec's own example writes I00 for port 1 (see parse_monitor_line).
_MONITOR_LINE = re.compile(r"I0(\d+):(\S?)")


def _state(value: str, what: str) -> bool:
    text = value.strip().lower()
    if text in _ACTIVE:
        return True
    if text in _INACTIVE:
        return False
    raise VapixMalformedResponseError(f"{what}: unknown port state {value!r}")


def parse_check(text: str) -> dict[int, bool]:
    """Parse ``check`` answers (``input1=1``, ``output2=0``; ``active``/``inactive`` too)."""
    states: dict[int, bool] = {}
    for raw in text.splitlines():
        match = _CHECK_LINE.fullmatch(raw.strip())
        if match:
            states[int(match.group(1))] = _state(match.group(2), raw.strip())
    return states


def parse_monitor_line(line: str) -> tuple[int, bool] | None:
    r"""Parse one ``monitor`` line into (port, active); None for blank and boundary lines.

    The syntax gives ``I0<n>`` with ``n`` the port number, but the specification's example
    for input port 1 writes ``I00``: port number 0 cannot exist (ports count from 1), so it is
    read as port 1. Action characters: ``/`` and ``H`` mean active, ``\\`` and ``L`` inactive;
    an empty action carries no state.
    """
    match = _MONITOR_LINE.fullmatch(line.strip())
    if match is None or not match.group(2):
        return None
    port = int(match.group(1)) or 1
    action = match.group(2).lower()
    if action in {"/", "h"}:
        return port, True
    if action in {"\\", "l"}:
        return port, False
    return None


def _action(port: int, active: bool) -> str:
    return f"{port}:{'/' if active else chr(92)}"


class IoApi:
    """Relay outputs, digital inputs and virtual inputs."""

    def __init__(self, transport: VapixTransport) -> None:
        """Use ``transport`` for every request."""
        self._transport = transport

    async def _get(self, path: str, params: dict[str, str | int], *, post: bool = False) -> str:
        response = await self._transport.request("POST" if post else "GET", path, params=params)
        return check_cgi_answer(response)

    async def check_inputs(self, ports: Sequence[int]) -> dict[int, bool]:
        """Current state of digital inputs."""
        return parse_check(await self._get(INPUT_PATH, {"check": _ports(ports)}))

    async def check_outputs(self, ports: Sequence[int]) -> dict[int, bool]:
        """Current state of relay outputs."""
        return parse_check(await self._get(OUTPUT_PATH, {"check": _ports(ports)}))

    async def set_output(self, port: int, active: bool) -> None:
        r"""Switch a relay output on (``N:/``) or off (``N:\\``); the spec says POST."""
        await self._get(OUTPUT_PATH, {"action": _action(port, active)}, post=True)

    async def pulse_output(self, port: int, duration_ms: int) -> None:
        r"""Switch a relay on for ``duration_ms`` then off again (``N:/<ms>\\``)."""
        if not 1 <= duration_ms <= 3_600_000:
            raise ValueError("the pulse must last 1 ms to 1 hour")
        await self._get(OUTPUT_PATH, {"action": f"{port}:/{duration_ms}\\"}, post=True)

    async def set_virtual_input(self, port: int, active: bool) -> None:
        """Activate or deactivate a virtual input (its state cannot be read back)."""
        await self._get(VIRTUAL_INPUT_PATH, {"action": _action(port, active)})

    async def open_input_monitor(
        self, ports: Sequence[int], *, idle_timeout: float = 300.0
    ) -> InputEvents:
        """Open the ``monitor`` stream; iterate the result for (port, active) events.

        The stream is open when this returns, so a ``check`` read made afterwards misses no
        change. Raises :class:`VapixNotSupportedError` where the device has no such stream.
        """
        response = await self._transport.open_stream(
            INPUT_PATH, {"monitor": _ports(ports)}, idle_timeout=idle_timeout
        )
        if not response.content_type.startswith("multipart/"):
            # "Support for this parameter is product/release dependent": such devices answer
            # with a plain "Error: ..." page instead of a stream.
            response.close()
            raise VapixNotSupportedError("the device does not offer the input monitor stream")
        return InputEvents(response)


class InputEvents:
    """Input changes as the device pushes them; ends when the device hangs up.

    Iteration raises the client's typed errors; :meth:`close` ends the stream early.
    """

    def __init__(self, response: aiohttp.ClientResponse) -> None:
        """Read events from an open ``monitor`` response."""
        self._response = response

    def close(self) -> None:
        """Close the stream."""
        self._response.close()

    async def __aiter__(self) -> AsyncIterator[tuple[int, bool]]:
        """Yield (port, active) for every pushed change."""
        try:
            async for raw in self._response.content:
                event = parse_monitor_line(raw.decode("ascii", errors="replace"))
                if event is not None:
                    yield event
        except TimeoutError as err:
            raise VapixTimeoutError("the input monitor stream went silent") from err
        except aiohttp.ClientError as err:
            raise VapixConnectionError(f"input monitor stream: {type(err).__name__}") from err
        except ValueError as err:  # a line longer than the reader's limit
            raise VapixMalformedResponseError(f"input monitor stream: {err}") from err
        finally:
            self.close()


def _ports(ports: Sequence[int]) -> str:
    if not ports:
        raise ValueError("at least one port is needed")
    return ",".join(str(port) for port in ports)
