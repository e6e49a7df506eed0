"""I/O ports: relay outputs, digital inputs and virtual inputs.

One numbering rule everywhere: the port ``IOPort.I<n>`` (parameters) is port ``"<n>"`` of the
I/O port management API and port ``<n + 1>`` of the 2002 CGIs (``check``, ``action`` and
``monitor``, whose example writes ``I00`` for port 1). :class:`IoPort` numbers are that CGI
number. A device without the ``IOPort`` parameters numbers inputs and outputs separately from
1, as the 2002 document does.

Where API Discovery lists ``io-port-management`` (current firmware), ports are read and set
through ``io/portmanagement.cgi``; ``io/input.cgi`` and ``io/output.cgi`` are the fallback.
"""

import asyncio
from collections.abc import AsyncIterator, Iterable, Mapping, Sequence
from dataclasses import dataclass
import re
from typing import Any, Final

import aiohttp

from ._parse import (
    as_list,
    as_mapping,
    as_name,
    as_str,
    cut,
    malformed,
    optional,
    parse_unsigned,
    required,
)
from .cgi import check_cgi_answer
from .errors import (
    VapixConnectionError,
    VapixError,
    VapixMalformedResponseError,
    VapixNotSupportedError,
    VapixTimeoutError,
    VapixValidationError,
)
from .models import IoPort
from .params import ParamsApi
from .transport import JsonErrorCodes, VapixTransport

INPUT_PATH: Final = "/axis-cgi/io/input.cgi"
OUTPUT_PATH: Final = "/axis-cgi/io/output.cgi"
VIRTUAL_INPUT_PATH: Final = "/axis-cgi/io/virtualinput.cgi"
PORT_MANAGEMENT_PATH: Final = "/axis-cgi/io/portmanagement.cgi"
PORT_MANAGEMENT_ID: Final = "io-port-management"
PORT_MANAGEMENT_VERSION: Final = "1.0"
PORT_MANAGEMENT_CODES: Final = JsonErrorCodes(
    authorization=frozenset(), not_supported=frozenset({2003, 2004})
)
# Axis devices have a handful of ports; more than this is not a port count but garbage.
MAX_PORTS: Final = 64
# The monitor stream: a quiet stream is reopened after this many seconds (its states are
# read again then); a line must be complete this many seconds after its first byte, and no
# longer than this many bytes (its lines are a dozen: "I00:/").
MONITOR_IDLE_TIMEOUT: Final = 300.0
MONITOR_LINE_TIMEOUT: Final = 10.0
MAX_MONITOR_LINE: Final = 1024
MAX_PULSE_MS: Final = 3_600_000

_ACTIVE = {"1", "active", "high", "on", "true", "/", "h"}
_INACTIVE = {"0", "inactive", "low", "off", "false", "\\", "l"}
_CHECK_LINE = re.compile(r"(?:input|output|port|in|out)?\s*([0-9]{1,3})\s*=\s*(\S*)", re.I)
# "I0<n>:<action char>" with n the port index (003's example: I00 is port 1).
_MONITOR_LINE = re.compile(r"I0([0-9]{1,3}):(\S?)")
_IOPORT = re.compile(r"IOPort\.I([0-9]{1,3})\.Direction")


@dataclass(frozen=True, slots=True, kw_only=True)
class IoPorts:
    """A device's digital inputs and relay outputs."""

    inputs: tuple[IoPort, ...] = ()
    outputs: tuple[IoPort, ...] = ()


def _state(value: str, what: str) -> bool:
    text = value.strip().lower()
    if text in _ACTIVE:
        return True
    if text in _INACTIVE:
        return False
    raise VapixMalformedResponseError(f"{what}: unknown port state {value[:20]!r}")


def parse_check(text: str) -> dict[int, bool]:
    """Parse ``check`` answers (``input1=1``, ``output2=0``; ``active``/``inactive`` too)."""
    states: dict[int, bool] = {}
    for raw in text.splitlines():
        match = _CHECK_LINE.fullmatch(raw.strip())
        if match:
            states[int(match.group(1))] = _state(match.group(2), "check")
    return states


def parse_monitor_line(line: str) -> tuple[int, bool] | None:
    r"""Parse one ``monitor`` line into (port, active); None for blank and boundary lines.

    ``I0<n>`` names port index ``n``, which is CGI port ``n + 1`` (003's example for input
    port 1 is ``I00``). Action characters: ``/`` and ``H`` mean active, ``\\`` and ``L``
    inactive; an empty action (``I00:``) carries no state.
    """
    match = _MONITOR_LINE.fullmatch(line.strip())
    if match is None or not match.group(2):
        return None
    port = int(match.group(1)) + 1
    action = match.group(2).lower()
    if action in {"/", "h"}:
        return port, True
    if action in {"\\", "l"}:
        return port, False
    return None


def ports_from_parameters(params: Mapping[str, str]) -> IoPorts:
    """Inputs and outputs from ``IOPort.I<n>`` (port n + 1), else from the 2002 counts."""
    indices = sorted(int(match.group(1)) for key in params if (match := _IOPORT.fullmatch(key)))
    if indices:
        if len(indices) > MAX_PORTS or indices[-1] >= MAX_PORTS:
            raise VapixMalformedResponseError(f"{len(indices)} I/O ports is not a port count")
        inputs: list[IoPort] = []
        outputs: list[IoPort] = []
        for index in indices:
            output = params[f"IOPort.I{index}.Direction"].strip().lower() == "output"
            kind = "Output" if output else "Input"
            name = cut(params.get(f"IOPort.I{index}.{kind}.Name", "").strip()) or None
            (outputs if output else inputs).append(IoPort(number=index + 1, name=name))
        return IoPorts(inputs=tuple(inputs), outputs=tuple(outputs))
    counts = []
    for key in ("Input.NbrOfInputs", "Output.NbrOfOutputs"):
        count = parse_unsigned(params.get(key, "0"), key)
        if count > MAX_PORTS:
            raise VapixMalformedResponseError(f"{key}={count} is not a port count")
        counts.append(count)
    return IoPorts(
        inputs=tuple(IoPort(number=n) for n in range(1, counts[0] + 1)),
        outputs=tuple(IoPort(number=n) for n in range(1, counts[1] + 1)),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ManagedPort:
    """A port as ``getPorts`` reports it."""

    number: int  # CGI number: the management API's "<n>" plus one
    name: str | None
    output: bool
    active: bool
    normal_state: str


def parse_ports(value: object) -> tuple[ManagedPort, ...]:
    """Parse ``getPorts`` data: ``{"numberOfPorts", "items": [{"port": "0", ...}]}``."""
    data = as_mapping(value, "getPorts")
    items = list(required(data, ("items",), as_list, "getPorts"))
    if len(items) > MAX_PORTS:
        raise VapixMalformedResponseError(f"{len(items)} I/O ports is not a port count")
    ports = []
    for raw in items:
        item = as_mapping(raw, "getPorts.items[]")
        index = parse_unsigned(required(item, ("port",), as_str, "port"), "port")
        if index >= MAX_PORTS:
            raise malformed("getPorts port", index)
        direction = required(item, ("direction",), as_str, "port").strip().lower()
        state = required(item, ("state",), as_str, "port").strip().lower()
        normal = optional(item, ("normalState",), as_str, "port") or "open"
        if {state, normal.strip().lower()} - {"open", "closed"}:
            raise malformed("getPorts state", state)
        ports.append(
            ManagedPort(
                number=index + 1,
                name=(optional(item, ("name",), as_name, "port") or "").strip() or None,
                output=direction == "output",
                active=state != normal.strip().lower(),
                normal_state=normal.strip().lower(),
            )
        )
    return tuple(ports)


class IoApi:
    """Relay outputs, digital inputs and virtual inputs."""

    def __init__(self, transport: VapixTransport, params: ParamsApi) -> None:
        """Use ``transport`` for requests and ``params`` for the port list."""
        self._transport = transport
        self._params = params
        self.management = False  # set when API Discovery lists io-port-management
        self._output_method = "POST"  # 003: output.cgi is POST; 405 switches to GET
        self._normal_states: dict[int, str] = {}

    # ------------------------------------------------------------------ plumbing

    async def _cgi(self, path: str, params: dict[str, str | int], method: str = "GET") -> str:
        return check_cgi_answer(await self._transport.request(method, path, params=params))

    async def _output_cgi(self, params: dict[str, str | int]) -> str:
        """``io/output.cgi`` with the method 003 gives (POST); once GET if refused with 405."""
        response = await self._transport.request(self._output_method, OUTPUT_PATH, params=params)
        if response.status == 405:
            other = "GET" if self._output_method == "POST" else "POST"
            response = await self._transport.request(other, OUTPUT_PATH, params=params)
            if response.status != 405:
                self._output_method = other
        return check_cgi_answer(response)

    async def _managed(self, method: str, params: Any = None) -> Any:
        return await self._transport.call_json(
            PORT_MANAGEMENT_PATH,
            method,
            codes=PORT_MANAGEMENT_CODES,
            api_version=PORT_MANAGEMENT_VERSION,
            params=params,
        )

    async def _managed_ports(self) -> tuple[ManagedPort, ...]:
        ports = parse_ports(await self._managed("getPorts"))
        self._normal_states = {port.number: port.normal_state for port in ports}
        return ports

    # ------------------------------------------------------------------ reading

    async def ports(self) -> IoPorts:
        """The device's inputs and outputs, named where the device names them."""
        if self.management:
            managed = await self._managed_ports()
            return IoPorts(
                inputs=tuple(IoPort(number=p.number, name=p.name) for p in managed if not p.output),
                outputs=tuple(IoPort(number=p.number, name=p.name) for p in managed if p.output),
            )
        return ports_from_parameters(
            await self._params.list(["Input", "Output", "IOPort"], missing_ok=True)
        )

    async def states(
        self, inputs: Sequence[int], outputs: Sequence[int]
    ) -> tuple[dict[int, bool], dict[int, bool]]:
        """Whether each of the given inputs and outputs is active.

        Inputs and outputs come back apart: 2002 firmware numbers each from 1. One request
        with port management, one per kind with the CGIs.
        """
        if self.management and (inputs or outputs):
            managed = await self._managed_ports()
            return (
                {p.number: p.active for p in managed if not p.output and p.number in inputs},
                {p.number: p.active for p in managed if p.output and p.number in outputs},
            )

        async def check(path: str, ports: Sequence[int]) -> dict[int, bool]:
            if not ports:
                return {}
            if path == OUTPUT_PATH:
                return parse_check(await self._output_cgi({"check": _ports(ports)}))
            return parse_check(await self._cgi(path, {"check": _ports(ports)}))

        input_states, output_states = await asyncio.gather(
            check(INPUT_PATH, inputs), check(OUTPUT_PATH, outputs)
        )
        return input_states, output_states

    async def check_inputs(self, ports: Sequence[int]) -> dict[int, bool]:
        """Current state of digital inputs."""
        return (await self.states(ports, ()))[0]

    async def check_outputs(self, ports: Sequence[int]) -> dict[int, bool]:
        """Current state of relay outputs."""
        return (await self.states((), ports))[1]

    # ------------------------------------------------------------------ writing

    async def _managed_state(self, port: int, active: bool) -> str:
        """The management API's state word for ``active`` on ``port`` (from its normal state)."""
        if port not in self._normal_states:
            await self._managed_ports()
        normal = self._normal_states.get(port)
        if normal is None:
            raise VapixNotSupportedError(f"the device has no I/O port {port}")
        if not active:
            return normal
        return "closed" if normal == "open" else "open"

    async def set_output(self, port: int, active: bool) -> None:
        r"""Switch a relay output on or off (``N:/`` / ``N:\\``, or ``setPorts``)."""
        if self.management:
            state = await self._managed_state(port, active)
            await self._managed("setPorts", {"ports": [{"port": str(port - 1), "state": state}]})
            return
        await self._output_cgi({"action": _action(port, active)})

    async def pulse_output(self, port: int, duration_ms: int) -> None:
        r"""Switch a relay on for ``duration_ms`` then off again (``N:/<ms>\\``)."""
        if not 1 <= duration_ms <= MAX_PULSE_MS:
            raise VapixValidationError(
                "pulse_out_of_range",
                "the pulse must last 1 ms to 1 hour",
                {"min": 1, "max": MAX_PULSE_MS},
            )
        if self.management:
            on = await self._managed_state(port, True)
            off = await self._managed_state(port, False)
            sequence = [{"state": on, "time": duration_ms}, {"state": off, "time": 0}]
            await self._managed("setStateSequence", {"port": str(port - 1), "sequence": sequence})
            return
        await self._output_cgi({"action": f"{port}:/{duration_ms}\\"})

    async def set_virtual_input(self, port: int, active: bool) -> None:
        """Activate or deactivate a virtual input (its state cannot be read back)."""
        await self._cgi(VIRTUAL_INPUT_PATH, {"action": _action(port, active)})

    # ------------------------------------------------------------------ monitor stream

    async def open_input_monitor(
        self,
        ports: Sequence[int],
        *,
        idle_timeout: float = MONITOR_IDLE_TIMEOUT,
        line_timeout: float = MONITOR_LINE_TIMEOUT,
    ) -> InputEvents:
        """Open the ``monitor`` stream; iterate the result for (port, active) events.

        The stream is open when this returns, so a ``check`` read made afterwards misses no
        change. Raises :class:`VapixNotSupportedError` where the device has no such stream.
        A stream silent for ``idle_timeout`` seconds, or a line not finished within
        ``line_timeout`` seconds of its first byte (a device dripping bytes), ends the
        iteration with :class:`VapixTimeoutError`.
        """
        response = await self._transport.open_stream(
            INPUT_PATH, {"monitor": _ports(ports)}, idle_timeout=idle_timeout
        )
        if not response.content_type.startswith("multipart/"):
            # "Support for this parameter is product/release dependent": such devices answer
            # with a plain "Error: ..." page instead of a stream.
            response.close()
            raise VapixNotSupportedError("the device does not offer the input monitor stream")
        return InputEvents(response, line_timeout=line_timeout)


class InputEvents:
    """Input changes as the device pushes them; ends when the device hangs up.

    Iteration raises only the client's typed errors, whatever breaks in the stream (a line
    too long, a broken chunk, a timeout); :meth:`close` ends it early.
    """

    def __init__(self, response: aiohttp.ClientResponse, *, line_timeout: float) -> None:
        """Read events from an open ``monitor`` response."""
        self._response = response
        self._line_timeout = line_timeout

    def close(self) -> None:
        """Close the stream."""
        self._response.close()

    async def __aiter__(self) -> AsyncIterator[tuple[int, bool]]:
        """Yield (port, active) for every pushed change."""
        try:
            async for raw in self._lines():
                event = parse_monitor_line(raw.decode("ascii", errors="replace"))
                if event is not None:
                    yield event
        except VapixError:
            raise
        except TimeoutError as err:
            raise VapixTimeoutError("the input monitor stream went silent or stalled") from err
        except aiohttp.ClientError as err:
            raise VapixConnectionError(f"input monitor stream: {type(err).__name__}") from err
        except Exception as err:
            # aiohttp's parser errors are not all ClientErrors.
            raise VapixMalformedResponseError(
                f"input monitor stream: {type(err).__name__}"
            ) from err
        finally:
            self.close()

    async def _lines(self) -> AsyncIterator[bytes]:
        """The stream's lines, each bounded in length and in the time it takes to arrive."""
        content = self._response.content
        loop = asyncio.get_running_loop()
        pending = b""
        deadline: float | None = None  # by when the pending line must be complete
        while True:
            async with asyncio.timeout_at(deadline):
                chunk = await content.readany()
            if not chunk:
                return
            *lines, rest = (pending + chunk).split(b"\n")
            for line in lines:
                yield line
            if len(rest) > MAX_MONITOR_LINE:
                raise VapixMalformedResponseError("input monitor stream: a line too long")
            if not rest:
                deadline = None
            elif lines or deadline is None:
                deadline = loop.time() + self._line_timeout
            pending = rest


def _action(port: int, active: bool) -> str:
    return f"{port}:{'/' if active else chr(92)}"


def _ports(ports: Iterable[int]) -> str:
    numbers = [str(port) for port in ports]
    if not numbers:
        raise ValueError("at least one port is needed")
    return ",".join(numbers)
