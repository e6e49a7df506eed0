"""Hostile answers: stand-ins for a simulated device's handler (``SimulatorServer.overrides``).

Each takes the device's own answer and sends it the way a broken or hostile device would, at
the HTTP and TCP level the client really reads.
"""

import asyncio
from collections.abc import Awaitable, Callable
import json
from typing import Any

from aiohttp import web

from tests.simulator.http import Handler, Override


async def _answer_of(request: web.Request, handler: Handler) -> tuple[web.StreamResponse, bytes]:
    """The device's answer, and its body."""
    response = await handler(request)
    assert isinstance(response, web.Response), "only whole answers can be sent back broken"
    body = response.body
    assert isinstance(body, bytes)
    head = web.StreamResponse(status=response.status, reason=response.reason)
    for name, value in response.headers.items():
        if name.lower() not in ("content-length", "transfer-encoding"):
            head.headers.add(name, value)
    return head, body


def in_two_segments(pause: float = 0.05) -> Override:
    """The answer in two TCP writes ``pause`` seconds apart; the first read sees half."""

    async def answer(request: web.Request, handler: Handler) -> web.StreamResponse:
        response, body = await _answer_of(request, handler)
        response.content_length = len(body)
        await response.prepare(request)
        half = len(body) // 2
        await response.write(body[:half])
        await asyncio.sleep(pause)
        await response.write(body[half:])
        await response.write_eof()
        return response

    return answer


def cut_short(missing: int = 1000) -> Override:
    """Promise ``missing`` bytes more than sent (Content-Length), then hang up."""

    async def answer(request: web.Request, handler: Handler) -> web.StreamResponse:
        response, body = await _answer_of(request, handler)
        response.content_length = len(body) + missing
        await response.prepare(request)
        await response.write(body)
        assert request.transport is not None
        request.transport.close()
        return response

    return answer


def not_http(garbage: bytes = b"HTTP/1.1 2OO Fine\r\nX-Broken: yes\r\n\r\n") -> Override:
    """Answer with bytes that are not an HTTP response, then hang up."""

    async def answer(request: web.Request, handler: Handler) -> web.StreamResponse:
        assert request.transport is not None
        request.transport.write(garbage)
        request.transport.close()
        return web.Response()

    return answer


def only_when(
    applies: Callable[[web.Request], bool], attack: Override
) -> Callable[[web.Request, Handler], Awaitable[web.StreamResponse]]:
    """``attack`` for the requests ``applies`` selects; the device answers the others."""

    async def answer(request: web.Request, handler: Handler) -> web.StreamResponse:
        if applies(request):
            return await attack(request, handler)
        return await handler(request)

    return answer


def rewrite_text(change: Callable[[str], str]) -> Override:
    """The device's text answer, rewritten by ``change``."""

    async def answer(request: web.Request, handler: Handler) -> web.StreamResponse:
        response, body = await _answer_of(request, handler)
        return web.Response(
            status=response.status,
            body=change(body.decode()).encode(),
            content_type="text/plain",
        )

    return answer


def rewrite_json(method: str, change: Callable[[dict[str, Any]], None]) -> Override:
    """The device's answer to JSON method ``method``, its ``data`` changed by ``change``."""

    async def answer(request: web.Request, handler: Handler) -> web.StreamResponse:
        if json.loads(await request.read()).get("method") != method:
            return await handler(request)  # the body read here is read again there
        response, body = await _answer_of(request, handler)
        payload = json.loads(body)
        change(payload["data"])
        return web.Response(
            status=response.status, text=json.dumps(payload), content_type="application/json"
        )

    return answer
