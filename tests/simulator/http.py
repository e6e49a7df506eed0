"""What every simulated HTTP device shares: lifecycle, counters, injected faults, outages."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Awaitable, Callable
import contextlib
from dataclasses import dataclass, field
import time
from typing import Any, Literal, Self

from aiohttp import web

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
# Answers a request in place of the device; gets the device's own handler to delegate to.
Override = Callable[[web.Request, Handler], Awaitable[web.StreamResponse]]

FaultKind = Literal[
    "status_500",
    "status_503",
    "status_404",
    "cgi_error",
    "html_200",
    "not_json",
    "truncated_json",
    "truncated_jpeg",
    "wrong_types",
    "reset",
    "hang",
    "unauthorized",
    "json_error",
]

HTML_PAGE = "<html><head><title>{status}</title></head><body><h1>{status}</h1></body></html>"


@dataclass
class Fault:
    """A misbehaviour for the next ``count`` matching requests (-1: until removed)."""

    kind: FaultKind
    path: str | None = None
    method: str | None = None  # JSON method name
    count: int = 1
    code: int = 1100
    message: str = "Internal error."

    def matches(self, path: str, method: str | None) -> bool:
        if self.count == 0:
            return False
        if self.path is not None and self.path != path:
            return False
        return self.method is None or self.method == method


@dataclass
class Counters:
    """What the device has seen since the last ``reset()``.

    ``connections`` counts TCP connections *opened* (a kept-alive connection opened before the
    reset does not count again).
    """

    requests: int = 0
    challenges: int = 0
    connections: int = 0
    by_path: Counter[str] = field(default_factory=Counter)
    by_method: Counter[str] = field(default_factory=Counter)
    http_methods: dict[str, list[str]] = field(default_factory=dict)  # per path, in order
    targets: list[str] = field(default_factory=list)  # every request's path and query, raw
    known_peers: set[tuple[str, int]] = field(default_factory=set)

    def seen(self, peer: tuple[str, int]) -> None:
        if peer not in self.known_peers:
            self.known_peers.add(peer)
            self.connections += 1

    def reset(self) -> None:
        self.requests = self.challenges = self.connections = 0
        self.by_path.clear()
        self.by_method.clear()
        self.http_methods.clear()
        self.targets.clear()


class SimulatorServer:
    """Serve a simulated device on ``host:port`` (port 0 picks a free one)."""

    def __init__(self, *, host: str = "127.0.0.1", port: int = 0) -> None:
        self.host = host
        self.port = port
        self.latency = 0.0
        self.faults: list[Fault] = []
        self.counters = Counters()
        self.reboot_seconds = 2.0
        self.hang_seconds = 60.0
        self.offline_until = 0.0
        self.missing_paths: set[str] = set()  # answered 404, as by older firmware
        self.refused_methods: dict[str, set[str]] = {}  # path -> HTTP methods answered 405
        # path -> a hostile stand-in for the device's handler, also for the paths under it
        # (tests/hostile).
        self.overrides: dict[str, Override] = {}
        # Hung requests whose client is still connected, and the most at once, per JSON
        # method (or path): a client must not leave requests running or pile them up.
        self.in_flight: Counter[str] = Counter()
        self.most_in_flight: Counter[str] = Counter()
        self._transports: set[asyncio.BaseTransport] = set()
        self._timers: set[asyncio.TimerHandle] = set()
        self._closing = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self.app = web.Application(middlewares=[self._front, *self._middlewares()])
        for path, handler in self._routes().items():
            self.app.router.add_route("*", path, handler)

    def _routes(self) -> dict[str, Handler]:
        raise NotImplementedError

    def _middlewares(self) -> list[Any]:
        return []

    # ------------------------------------------------------------------ lifecycle

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    async def start(self) -> None:
        self._closing.clear()
        self._runner = web.AppRunner(self.app, access_log=None, shutdown_timeout=0.2)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port, reuse_address=True)
        await site.start()
        server = site._server  # the only way to learn an ephemeral port
        assert server is not None
        sockets = getattr(server, "sockets", None) or []
        self.port = sockets[0].getsockname()[1]

    async def stop(self) -> None:
        self._closing.set()
        for timer in self._timers:
            timer.cancel()
        self._timers.clear()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    # ------------------------------------------------------------------ knobs

    def inject(self, kind: FaultKind, **kwargs: Any) -> Fault:
        """Add a fault; see :class:`Fault` for the matching rules."""
        fault = Fault(kind, **kwargs)
        self.faults.append(fault)
        return fault

    def open_connections(self) -> int:
        """TCP connections open now (kept-alive ones and streams)."""
        return sum(1 for transport in self._transports if not transport.is_closing())

    def drop_connections(self) -> None:
        """Close every open TCP connection (streams included), as a rebooting device does."""
        for transport in list(self._transports):
            transport.close()
        self._transports.clear()

    def reboot(self, seconds: float | None = None) -> None:
        """Go offline for ``seconds`` (default ``reboot_seconds``), dropping connections."""
        self.offline_until = time.monotonic() + (
            self.reboot_seconds if seconds is None else seconds
        )
        self.drop_connections()

    async def _sleep(self, seconds: float) -> None:
        """Sleep, but wake up at once when the server stops."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._closing.wait(), seconds)

    def call_later(self, delay: float, callback: Callable[[], None]) -> None:
        loop = asyncio.get_running_loop()

        def run() -> None:
            self._timers.discard(handle)
            callback()

        handle = loop.call_later(delay, run)
        self._timers.add(handle)

    def _take_fault(self, path: str, method: str | None = None) -> Fault | None:
        for fault in self.faults:
            if fault.matches(path, method) and (method is not None or fault.method is None):
                if fault.count > 0:
                    fault.count -= 1
                return fault
        return None

    # ------------------------------------------------------------------ front door

    def _faults_at_front(self, path: str) -> bool:
        """Whether faults for ``path`` apply before its handler (JSON APIs match per method)."""
        return True

    @web.middleware
    async def _front(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        self.counters.requests += 1
        self.counters.by_path[request.path] += 1
        self.counters.http_methods.setdefault(request.path, []).append(request.method)
        self.counters.targets.append(request.raw_path)
        transport = request.transport
        if transport is not None:
            peer = transport.get_extra_info("peername")
            if peer is not None:
                self.counters.seen((peer[0], peer[1]))
            self._transports.add(transport)
        if time.monotonic() < self.offline_until:
            return self._reset(request)
        if self.latency:
            await asyncio.sleep(self.latency)
        if request.path in self.missing_paths:
            raise web.HTTPNotFound
        if request.method in self.refused_methods.get(request.path, ()):
            return web.Response(status=405, text="405: Method Not Allowed")
        if (override := self._override(request.path)) is not None:
            return await override(request, handler)
        if self._faults_at_front(request.path) and (fault := self._take_fault(request.path)):
            return await self._apply_fault(request, fault)
        return await handler(request)

    def _override(self, path: str) -> Override | None:
        """The stand-in for ``path``, or for a path it lies under (``video.web/<session>/…``)."""
        for key, override in self.overrides.items():
            if path == key or path.startswith(key + "/"):
                return override
        return None

    def _reset(self, request: web.Request) -> web.Response:
        if request.transport is not None:
            request.transport.abort()
        return web.Response(status=503)

    async def _apply_fault(self, request: web.Request, fault: Fault) -> web.StreamResponse:
        kind = fault.kind
        if kind == "reset":
            return self._reset(request)
        if kind == "hang":
            await self._hang(request)
            return web.Response(status=504)
        if kind == "status_404":
            return web.Response(
                status=404, text=HTML_PAGE.format(status="404 Not Found"), content_type="text/html"
            )
        if kind == "cgi_error":
            # The 2002 CGIs' own error form: 200 with "Error: <text or code>".
            return web.Response(
                text=f"Error: {fault.code} {fault.message}\r\n", content_type="text/plain"
            )
        if kind in ("status_500", "status_503"):
            status = int(kind[-3:])
            return web.Response(
                status=status, text=HTML_PAGE.format(status=status), content_type="text/html"
            )
        if kind == "html_200":
            return web.Response(text=HTML_PAGE.format(status="Welcome"), content_type="text/html")
        if kind == "not_json":
            return web.Response(text="this is not JSON", content_type="text/plain")
        if kind == "truncated_json":
            return web.Response(text='{"data": {"list": [', content_type="application/json")
        if kind == "truncated_jpeg":  # a JPEG's start (its magic number), then nothing
            return web.Response(body=b"\xff\xd8\xff\xe0\x00\x10JFIF", content_type="image/jpeg")
        return self._device_fault(request, fault)

    async def _hang(self, request: web.Request) -> None:
        """Answer nothing for ``hang_seconds``, or until the client hangs up.

        A request counts as in flight once it has hung for a moment with its client still
        there: a client that gave up on the previous one has hung up by then.
        """
        key = request.get("json_method", request.path)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.hang_seconds
        counted = False
        try:
            while loop.time() < deadline and not self._closing.is_set():
                if request.transport is None or request.transport.is_closing():
                    return
                await asyncio.sleep(0.05)
                if not counted:
                    counted = True
                    self.in_flight[key] += 1
                    self.most_in_flight[key] = max(self.most_in_flight[key], self.in_flight[key])
        finally:
            if counted:
                self.in_flight[key] -= 1

    def _device_fault(self, request: web.Request, fault: Fault) -> web.StreamResponse:
        """Faults in the device's own dialect (wrong types, its error bodies)."""
        raise NotImplementedError(fault.kind)
