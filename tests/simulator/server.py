"""HTTP front of a simulated camera: auth, knobs, counters and the CGI handlers."""

from __future__ import annotations

import asyncio
import base64
from collections.abc import Callable, Mapping
import functools
import hashlib
import json
import re
import secrets
import time
from typing import Any, Literal
import urllib.parse
from urllib.parse import unquote
from xml.sax.saxutils import quoteattr

from aiohttp import web

from . import image
from .document import monitor_stream
from .events import EventHub
from .http import HTML_PAGE, Fault, Handler, SimulatorServer
from .model import ADMIN, OPERATOR, VIEWER, SimulatedCamera, Variants
from .thermometry import DAYNIGHT_ERROR_STATUS, SimError, handle_daynight, handle_thermometry

# Not a camera API: lets a benchmark in another process change an area's scene.
CONTROL_PATH = "/simulator/area-temperature"
JSON_APIS = {
    "/axis-cgi/thermometry.cgi",
    "/axis-cgi/daynight.cgi",
    "/axis-cgi/apidiscovery.cgi",
    "/axis-cgi/io/portmanagement.cgi",
}


class CameraServer(SimulatorServer):
    """Serve one :class:`SimulatedCamera` on ``host:port`` (port 0 picks a free one)."""

    def __init__(
        self,
        camera: SimulatedCamera,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        auth: Literal["digest", "basic", "both"] = "digest",
    ) -> None:
        self.camera = camera
        self.auth = auth
        self.realm = f"AXIS_{camera.serial}"
        self.method_latency: dict[str, float] = {}
        # Every JSON request body as received, per path (for the conformance tests).
        self.json_requests: list[tuple[str, dict[str, Any]]] = []
        self.nonce_ttl: float | None = None
        self.mjpeg_fps = 2.0
        # Plain-text CGI answers: real Axis devices answer param.cgi/ptz.cgi in ISO-8859-1,
        # some saying so in Content-Type, some not.
        self.text_charset = "utf-8"
        self.declare_charset = True
        # Parameter groups this camera lacks (e.g. "PTZ.Preset" on firmware without them).
        self.hidden_params: set[str] = set()
        # The ``resolution`` of every snapshot asked for (None: the default size).
        self.resolutions_asked: list[str | None] = []
        self._nonces: dict[str, tuple[float, set[str]]] = {}
        self.events = EventHub(self)
        super().__init__(host=host, port=port)

    @property
    def variants(self) -> Variants:
        """The forms the camera sends (its profile's; tests change them)."""
        return self.camera.variants

    async def start(self) -> None:
        self.events.closed = False
        await super().start()

    async def stop(self) -> None:
        await self.events.close()
        await super().stop()
        await self.events.close()  # a stream that connected meanwhile

    def _routes(self) -> dict[str, Handler]:
        return {
            "/axis-cgi/thermometry.cgi": self._thermometry,
            "/axis-cgi/daynight.cgi": self._daynight,
            "/axis-cgi/apidiscovery.cgi": self._apidiscovery,
            "/axis-cgi/param.cgi": self._param,
            "/axis-cgi/admin/getparam.cgi": self._legacy_getparam,
            "/axis-cgi/admin/setparam.cgi": self._legacy_setparam,
            "/axis-cgi/com/ptz.cgi": self._ptz,
            "/axis-cgi/io/input.cgi": self._input,
            "/axis-cgi/io/output.cgi": self._output,
            "/axis-cgi/io/virtualinput.cgi": self._virtual_input,
            "/axis-cgi/io/portmanagement.cgi": self._port_management,
            "/axis-cgi/jpg/image.cgi": self._snapshot,
            "/axis-cgi/mjpg/video.cgi": self._mjpeg,
            "/axis-cgi/admin/restart.cgi": self._restart,
            "/vapix/ws-data-stream": self.events.handle,
            CONTROL_PATH: self._control,
        }

    async def _control(self, request: web.Request) -> web.StreamResponse:
        """Simulator knob over HTTP (for cameras in another process): an area's scene, or
        (``flood=<seconds>&rate=<events/s>``) a flood of its alarm events."""
        query = request.query
        area = int(query["area"])
        if "flood" in query:
            self.events.flood_for(area, int(query["rate"]), float(query["flood"]))
            return web.Response(text="OK")
        if "delay" in query:
            self.camera.thermals.areas[area].delay = int(query["delay"])
        self.camera.set_area_temperature(area, float(query["celsius"]))
        return web.Response(text="OK")

    def _middlewares(self) -> list[Any]:
        return [self._authenticate]

    def _faults_at_front(self, path: str) -> bool:
        return path not in JSON_APIS

    def _device_fault(self, request: web.Request, fault: Fault) -> web.StreamResponse:
        if fault.kind == "wrong_types":
            return web.json_response(
                {"apiVersion": "1.0", "data": {"areaList": "many", "apiVersions": 7, "high": "hot"}}
            )
        if fault.kind == "unauthorized":
            return self._challenge()
        return self._json_error(request.path, fault.code, fault.message)

    def _plain(self, text: str, status: int = 200) -> web.Response:
        """A plain-text CGI answer in the camera's text encoding."""
        response = web.Response(
            status=status,
            body=text.encode(self.text_charset, errors="replace"),
            content_type="text/plain",
        )
        if self.declare_charset:
            response.charset = self.text_charset
        return response

    # ------------------------------------------------------------------ authentication

    def _challenge(self, *, stale: bool = False) -> web.Response:
        self.counters.challenges += 1
        headers: list[tuple[str, str]] = []
        if self.auth in ("digest", "both"):
            nonce = secrets.token_hex(16)
            self._nonces[nonce] = (time.monotonic(), set())
            headers.append(
                (
                    "WWW-Authenticate",
                    f'Digest realm="{self.realm}", nonce="{nonce}", algorithm=MD5, qop="auth"'
                    + (", stale=true" if stale else ""),
                )
            )
        if self.auth in ("basic", "both"):
            headers.append(("WWW-Authenticate", f'Basic realm="{self.realm}"'))
        response = web.Response(
            status=401, text=HTML_PAGE.format(status="401 Unauthorized"), content_type="text/html"
        )
        for name, value in headers:
            response.headers.add(name, value)
        return response

    @web.middleware
    async def _authenticate(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        if request.path == CONTROL_PATH:
            return await handler(request)  # the simulator's own knob, not the camera's API
        header = request.headers.get("Authorization", "")
        user: str | None = None
        stale = False
        if header.startswith("Digest ") and self.auth in ("digest", "both"):
            user, stale = self._check_digest(request, header[7:])
        elif header.startswith("Basic ") and self.auth in ("basic", "both"):
            user = self._check_basic(header[6:])
        if user is None:
            return self._challenge(stale=stale)
        request["level"] = self.camera.users[user][1]
        return await handler(request)

    def _check_basic(self, token: str) -> str | None:
        try:
            username, _, password = base64.b64decode(token).decode().partition(":")
        except ValueError:
            return None
        known = self.camera.users.get(username)
        return username if known and secrets.compare_digest(known[0], password) else None

    def _check_digest(self, request: web.Request, header: str) -> tuple[str | None, bool]:
        fields = {
            m.group(1): m.group(2) if m.group(2) is not None else m.group(3)
            for m in re.finditer(r'(\w+)=(?:"([^"]*)"|([^\s,]+))', header)
        }
        nonce = fields.get("nonce", "")
        issued = self._nonces.get(nonce)
        if issued is None:
            return None, False
        if self.nonce_ttl is not None and time.monotonic() - issued[0] > self.nonce_ttl:
            del self._nonces[nonce]
            return None, True
        username = fields.get("username", "")
        known = self.camera.users.get(username)
        if (
            known is None
            or fields.get("realm") != self.realm
            # The signed URI is the request target; percent-encoding may differ (equivalent).
            or urllib.parse.unquote(fields.get("uri", "")) != urllib.parse.unquote(request.raw_path)
        ):
            return None, False
        nc, cnonce, qop = fields.get("nc", ""), fields.get("cnonce", ""), fields.get("qop", "")
        if nc in issued[1]:
            return None, False  # replayed nonce count

        def md5(text: str) -> str:
            return hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()

        ha1 = md5(f"{username}:{self.realm}:{known[0]}")
        ha2 = md5(f"{request.method}:{fields['uri']}")
        expected = md5(
            f"{ha1}:{nonce}:{nc}:{cnonce}:{qop}:{ha2}" if qop else f"{ha1}:{nonce}:{ha2}"
        )
        if not secrets.compare_digest(expected, fields.get("response", "")):
            return None, False
        issued[1].add(nc)
        return username, False

    def _forbidden(self, path: str) -> web.Response:
        if self.variants.auth_error_body == "json" and path in JSON_APIS:
            if path.endswith("daynight.cgi"):
                return self._json_error(path, 2105, "Authorization failed.", status=403)
            # 000's examples answer a user without the rights with 2110, which the general
            # error table gives HTTP 401.
            return self._json_error(
                path,
                2110,
                "User is not authorized to this request, permission denied.",
                status=401,
            )
        return web.Response(
            status=403, text=HTML_PAGE.format(status="403 Forbidden"), content_type="text/html"
        )

    def _require(self, request: web.Request, level: int) -> web.Response | None:
        return self._forbidden(request.path) if request["level"] < level else None

    # ------------------------------------------------------------------ JSON APIs

    def _json_error(
        self,
        path: str,
        code: int,
        message: str,
        *,
        method: str = "",
        status: int | None = None,
        context: object = "",
    ) -> web.Response:
        """An error answer; it echoes the request's context, as 000's error examples do."""
        if status is None:
            status = self.variants.json_error_status or _error_status(path, code)
        return web.json_response(
            {
                "apiVersion": "1.0",
                "context": context,
                "method": method,
                "error": {"code": code, "message": message},
            },
            status=status,
        )

    async def _read_json(self, request: web.Request) -> dict[str, Any] | web.Response:
        if request.method != "POST":
            code, message = (
                (2107, "Transport level error.")
                if "daynight" in request.path
                else (2106, "Invalid request method")
            )
            return self._json_error(
                request.path, code, message, status=405 if code == 2107 else None
            )
        try:
            body = json.loads(await request.read())
        except ValueError:
            return self._json_error(request.path, 2101, "Invalid JSON format.")
        if not isinstance(body, dict) or not isinstance(body.get("method"), str):
            return self._json_error(request.path, 2101, "Invalid JSON format.")
        self.counters.by_method[body["method"]] += 1
        request["json_method"] = body["method"]
        self.json_requests.append((request.path, body))
        return body

    async def _json_api(
        self,
        request: web.Request,
        run: Callable[[SimulatedCamera, dict[str, Any], web.Request], Any],
    ) -> web.StreamResponse:
        body = await self._read_json(request)
        if isinstance(body, web.Response):
            return body
        method: str = body["method"]
        if extra := self.method_latency.get(method):
            await asyncio.sleep(extra)
        if fault := self._take_fault(request.path, method):
            return await self._apply_fault(request, fault)
        if (documented := self._documented(request.path, method)) is not None:
            return documented
        try:
            data = run(self.camera, body, request)
        except SimError as err:
            if err.code in (2109, 2105):
                return self._forbidden(request.path)
            return self._json_error(
                request.path,
                err.code,
                err.message,
                method=method,
                status=err.status,
                context=body.get("context", ""),
            )
        return web.json_response(
            {
                "apiVersion": body.get("apiVersion", "1.0"),
                "context": body.get("context", ""),
                "method": method,
                "data": data,
            }
        )

    def _documented(self, path: str, method: str) -> web.Response | None:
        """The document camera's answer: the method's example as printed, or its error."""
        documents = self.camera.documents
        api = path.rsplit("/", 1)[-1].removesuffix(".cgi")
        example = None if documents is None else documents.get((api, method))
        if example is None:
            return None
        if self.camera.document_errors and example.error is not None:
            code = json.loads(example.error)["error"]["code"]
            return web.Response(
                text=example.error,
                status=_error_status(path, code),
                content_type="application/json",
            )
        return web.Response(text=example.response, content_type="application/json")

    async def _thermometry(self, request: web.Request) -> web.StreamResponse:
        if not self.camera.thermometry:
            raise web.HTTPNotFound
        return await self._json_api(
            request,
            lambda camera, body, req: handle_thermometry(camera, body, req["level"], self.variants),
        )

    async def _daynight(self, request: web.Request) -> web.StreamResponse:
        if self.camera.daynight is None:
            raise web.HTTPNotFound
        return await self._json_api(
            request, lambda camera, body, req: handle_daynight(camera, body, self.variants)
        )

    async def _apidiscovery(self, request: web.Request) -> web.StreamResponse:
        if not self.camera.api_discovery:
            raise web.HTTPNotFound

        def api_list(camera: SimulatedCamera, body: dict[str, Any], req: web.Request) -> Any:
            if body["method"] != "getApiList":
                raise SimError(2102, "Method not supported.")
            major, minor = camera.thermals.api_version
            apis = []
            if camera.thermometry:
                apis.append(
                    {"id": "thermometry", "version": f"{major}.{minor}", "name": "Thermometry"}
                )
            if camera.daynight is not None:
                apis.append({"id": "daynight", "version": "1.0", "name": "Day night"})
            apis.append({"id": "param-cgi", "version": "1.0", "name": "Legacy Parameter Handling"})
            if camera.has_ptz:
                apis.append({"id": "ptz-control", "version": "1.0", "name": "PTZ Control"})
            if camera.event_stream:
                apis.append(
                    {
                        "id": "event-streaming-over-websocket",
                        "version": "1.0",
                        "name": "Event streaming over WebSocket",
                    }
                )
            if camera.port_management:
                apis.append(
                    {"id": "io-port-management", "version": "1.0", "name": "IO Port Management"}
                )
            return {"apiList": apis}

        return await self._json_api(request, api_list)

    # ------------------------------------------------------------------ parameters

    def all_params(self) -> dict[str, str]:
        camera = self.camera
        params = dict(camera.params)
        params.setdefault("Input.NbrOfInputs", str(len(camera.inputs)))
        params.setdefault("Output.NbrOfOutputs", str(len(camera.outputs)))
        params.setdefault("ImageSource.NbrOfSources", str(self.video_sources))
        if camera.ioport_params:
            for index, (direction, name) in enumerate(camera.io_ports):
                kind = direction.capitalize()
                params[f"IOPort.I{index}.Direction"] = direction
                params[f"IOPort.I{index}.{kind}.Name"] = name or ""
                params[f"IOPort.I{index}.{kind}.Trig"] = "closed"
        # 004: DayNightShiftLevel "is equivalent to the param.cgi parameter
        # root.ImageSource.IX.DayNight.ShiftLevel".
        for channel, state in (self.camera.daynight or {}).items():
            params[f"ImageSource.I{channel}.DayNight.ShiftLevel"] = str(state.day_night_shift_level)
        for number, preset in (self.camera.presets or {}).items():
            prefix = f"PTZ.Preset.P0.Position.P{number}"
            params[f"{prefix}.Name"] = preset.name
            params[f"{prefix}.Data"] = preset.data()
        return {
            key: value
            for key, value in params.items()
            if not any(key == group or key.startswith(group + ".") for group in self.hidden_params)
        }

    def _select(self, groups: list[str]) -> dict[str, str] | str:
        params = self.all_params()
        selected: dict[str, str] = {}
        for group in groups:
            name = group.removeprefix("root.")
            matches = {
                k: v for k, v in params.items() if not name or k == name or k.startswith(name + ".")
            }
            if not matches:
                return group
            selected.update(matches)
        return selected

    async def _query(self, request: web.Request) -> dict[str, str]:
        """Query parameters, plus a POSTed body read as a query string whatever its type.

        Clients post ``action=list&group=...`` as ``text/plain`` too; Axis devices accept it.
        """
        query = dict(request.query)
        if request.method == "POST" and request.can_read_body:
            body = (await request.read()).decode("utf-8", errors="replace")
            query.update(urllib.parse.parse_qsl(body, keep_blank_values=True))
        return query

    async def _param(self, request: web.Request) -> web.StreamResponse:
        if not self.camera.modern_params:
            raise web.HTTPNotFound
        query = await self._query(request)
        action = query.pop("action", "")
        groups = [g for g in query.get("group", "").split(",") if g]
        if action == "list":
            public = (
                all(g.removeprefix("root.").startswith(("Brand", "Properties")) for g in groups)
                and groups
            )
            if denied := self._require(request, VIEWER if public else OPERATOR):
                return denied
            selected = self._select(groups or [""])
            if isinstance(selected, str):
                return web.Response(
                    text=f"# Error: Error -1 getting param in group '{selected}'\r\n"
                )
            return self._plain("".join(f"root.{k}={v}\r\n" for k, v in selected.items()))
        if action == "update":
            if denied := self._require(request, ADMIN):
                return denied
            error = self._update({k.removeprefix("root."): v for k, v in query.items()})
            return self._plain(f"# Error: {error}\r\n" if error else "OK\r\n")
        if action == "listdefinitions":
            if denied := self._require(request, OPERATOR):
                return denied
            return web.Response(text=self._definitions(groups), content_type="text/xml")
        return self._plain("# Error: Invalid action\r\n")

    def _update(self, values: Mapping[str, str]) -> str | None:
        params = self.camera.params
        for name, value in values.items():
            if name not in params:
                return f"Error setting 'root.{name}' to '{value}'!"
            if name == "Image.I0.Appearance.Palette" and value not in self.camera.palettes:
                return f"Error setting 'root.{name}' to '{value}'!"
        params.update(values)
        return None

    def _definitions(self, groups: list[str]) -> str:
        palette = self.camera.params["Image.I0.Appearance.Palette"]
        entries = "".join(f"<entry value={quoteattr(p)}/>" for p in self.camera.palettes)
        return (
            '<?xml version="1.0"?>\n'
            '<parameterDefinitions version="1.0" '
            'xmlns="http://www.axis.com/ParameterDefinitionsSchema">'
            f"<model>{self.camera.model}</model><firmwareVersion>{self.camera.firmware}</firmwareVersion>"
            '<group name="root"><group name="Image"><group name="I0"><group name="Appearance">'
            f'<parameter name="Palette" value={quoteattr(palette)} niceName="Palette">'
            f"<type><enum>{entries}</enum></type></parameter>"
            "</group></group></group></group></parameterDefinitions>"
        )

    async def _legacy_getparam(self, request: web.Request) -> web.StreamResponse:
        if self.camera.modern_params:
            raise web.HTTPNotFound
        if denied := self._require(request, ADMIN):
            return denied
        # 003: "getparam.cgi?<parameter>[&<parameter>...]": bare names. "Brand=" names a
        # parameter "Brand=", which does not exist.
        names = [unquote(item) for item in request.query_string.split("&") if item]
        selected = self._select(names) if all("=" not in name for name in names) else names[0]
        if isinstance(selected, str):
            return self._plain(f"Error: no such parameter or group\r\n{selected}\r\n")
        return self._plain("".join(f"{k}={v}\r\n" for k, v in selected.items()))

    async def _legacy_setparam(self, request: web.Request) -> web.StreamResponse:
        if self.camera.modern_params:
            raise web.HTTPNotFound
        if denied := self._require(request, ADMIN):
            return denied
        values = {k: v for k, v in (await self._query(request)).items() if k != "nosync"}
        error = self._update(values)
        return self._plain(f"Error: {error}\r\n") if error else web.Response(status=204)

    # ------------------------------------------------------------------ PTZ

    async def _ptz(self, request: web.Request) -> web.StreamResponse:
        camera = self.camera
        if camera.presets is None:
            raise web.HTTPNotFound
        query = await self._query(request)
        if "query" in query:
            if denied := self._require(request, VIEWER):
                return denied
            what = query["query"]
            if what in ("presetposall", "presetposcam"):
                lines = ["Preset Positions for camera 1"] + [
                    f"presetposno{n}={p.name}" for n, p in sorted(camera.presets.items())
                ]
                return self._plain("\r\n".join(lines) + "\r\n")
            if what == "position":
                pan, tilt, zoom = camera.position
                return self._plain(f"pan={pan}\r\ntilt={tilt}\r\nzoom={zoom:g}\r\n")
            return self._plain(f"Error: unknown query {what}\r\n")
        if denied := self._require(request, OPERATOR):
            return denied
        if "gotoserverpresetno" in query:
            try:
                number = int(query["gotoserverpresetno"])
                camera.goto_preset(number)
            except ValueError, KeyError:
                return self._plain("Error: no such preset\r\n")
            return web.Response(status=204)
        if "gotoserverpresetname" in query:
            match = [
                n for n, p in camera.presets.items() if p.name == query["gotoserverpresetname"]
            ]
            if not match:
                return self._plain("Error: no such preset\r\n")
            camera.goto_preset(match[0])
            return web.Response(status=204)
        if query.get("move") == "home":
            camera.move_to(0.0, 0.0, 1.0)
            return web.Response(status=204)
        return self._plain("Error: unsupported PTZ command\r\n")

    # ------------------------------------------------------------------ I/O

    def _ports(self, text: str, known: Mapping[int, bool]) -> list[int] | None:
        try:
            ports = [int(p) for p in text.split(",") if p]
        except ValueError:
            return None
        return ports if ports and all(p in known for p in ports) else None

    async def _input(self, request: web.Request) -> web.StreamResponse:
        if denied := self._require(request, VIEWER):
            return denied
        query = request.query
        if "check" in query:
            ports = self._ports(query["check"], self.camera.inputs)
            if ports is None:
                return self._plain("Error: invalid input port\r\n")
            return web.Response(
                text="".join(f"input{p}={int(self.camera.inputs[p])}\r\n" for p in ports)
            )
        if "monitor" in query:
            if not self.camera.input_monitor:
                return self._plain("Error: monitor is not supported\r\n")
            ports = self._ports(query["monitor"], self.camera.inputs)
            if ports is None:
                return self._plain("Error: invalid input port\r\n")
            return await self._monitor(request, ports)
        return self._plain("Error: missing parameter\r\n")

    async def _monitor(self, request: web.Request, ports: list[int]) -> web.StreamResponse:
        boundary = "ioboundary"
        response = web.StreamResponse(
            headers={"Content-Type": f"multipart/x-mixed-replace; boundary={boundary}"}
        )
        await response.prepare(request)
        queue: asyncio.Queue[tuple[int, bool] | None] = asyncio.Queue()

        def listener(port: int, active: bool) -> None:
            if port in ports:
                queue.put_nowait((port, active))

        closing = asyncio.ensure_future(self._closing.wait())
        closing.add_done_callback(lambda _: queue.put_nowait(None))

        async def part(line: str) -> None:
            await response.write(
                f"--{boundary}\r\nContent-Type: text/plain\r\n\r\n{line}\r\n\r\n".encode()
            )

        self.camera.input_listeners.append(listener)
        documents = self.camera.documents or {}
        try:
            if (example := documents.get(("cgi", "monitor"))) is not None:
                # The document camera streams 003's example as printed, then stays quiet.
                await response.write(b"\r\n" + monitor_stream(example))
                await self._closing.wait()
                return response
            await response.write(b"\r\n")
            # 003: "I0<n>" with the example's I00 for port 1: n is the port's index.
            for port in ports:
                await part(f"I0{port - 1}:{'H' if self.camera.inputs[port] else 'L'}")
            while (event := await queue.get()) is not None:
                port, active = event
                await part(f"I0{port - 1}:{'/' if active else chr(92)}")
        except ConnectionError:
            pass
        finally:
            closing.cancel()
            self.camera.input_listeners.remove(listener)
        return response

    async def _output(self, request: web.Request) -> web.StreamResponse:
        query = await self._query(request)
        if "check" in query:
            if denied := self._require(request, VIEWER):
                return denied
            ports = self._ports(query["check"], self.camera.outputs)
            if ports is None:
                return self._plain("Error: invalid output port\r\n")
            return web.Response(
                text="".join(f"output{p}={int(self.camera.outputs[p])}\r\n" for p in ports)
            )
        if "action" in query:
            if denied := self._require(request, OPERATOR):
                return denied
            steps = _parse_output_action(query["action"])
            if steps is None or steps[0] not in self.camera.outputs:
                return self._plain("Error: invalid action\r\n")
            port, actions = steps
            delay = 0.0
            for item in actions:
                if isinstance(item, float):
                    delay += item / 1000
                elif delay == 0:
                    self.camera.set_output(port, item)
                else:
                    self.call_later(delay, functools.partial(self.camera.set_output, port, item))
            return self._plain("OK\r\n")
        return self._plain("Error: missing parameter\r\n")

    async def _port_management(self, request: web.Request) -> web.StreamResponse:
        """The I/O port management API: ports ``"<n>"`` are ``IOPort.I<n>``."""
        camera = self.camera
        if not camera.port_management:
            raise web.HTTPNotFound

        def state(number: int) -> str:
            active = {**camera.inputs, **camera.outputs}[number]
            return "closed" if active else "open"  # Trig=closed: active when closed

        def run(_: SimulatedCamera, body: dict[str, Any], req: web.Request) -> Any:
            method = body["method"]
            if method == "getPorts":
                if req["level"] < VIEWER:
                    raise SimError(2109, "Authorization failed.")
                items = [
                    {
                        "port": str(index),
                        "configurable": False,
                        "usage": "",
                        "name": name or "",
                        "direction": direction,
                        "state": state(index + 1),
                        "normalState": "open",
                    }
                    for index, (direction, name) in enumerate(camera.io_ports)
                ]
                return {"numberOfPorts": len(items), "items": items}
            if req["level"] < OPERATOR:
                raise SimError(2109, "Authorization failed.")
            params = body.get("params")
            if method == "setPorts":
                ports = params.get("ports") if isinstance(params, dict) else None
                if not isinstance(ports, list) or not ports:
                    raise SimError(4002, "Required parameter missing or invalid")
                for item in ports:
                    number = self._managed_output(item)
                    camera.set_output(number, item.get("state") == "closed")
                return {}
            if method == "setStateSequence":
                if not isinstance(params, dict) or not isinstance(params.get("sequence"), list):
                    raise SimError(4002, "Required parameter missing or invalid")
                number = self._managed_output(params)
                delay = 0.0
                for step in params["sequence"]:
                    active = step.get("state") == "closed"
                    if delay == 0:
                        camera.set_output(number, active)
                    else:
                        self.call_later(delay, functools.partial(camera.set_output, number, active))
                    delay += int(step.get("time", 0)) / 1000
                return {}
            raise SimError(2004, "Method not supported")

        return await self._json_api(request, run)

    def _managed_output(self, item: object) -> int:
        port = item.get("port") if isinstance(item, dict) else None
        if not isinstance(port, str) or not port.isdecimal():
            raise SimError(1000, "Invalid parameter value specified")
        number = int(port) + 1
        if number not in self.camera.outputs:
            raise SimError(1000, "Invalid parameter value specified")
        return number

    async def _virtual_input(self, request: web.Request) -> web.StreamResponse:
        if denied := self._require(request, OPERATOR):
            return denied
        steps = _parse_output_action(request.query.get("action", ""))
        if steps is None or steps[0] not in self.camera.virtual_inputs or len(steps[1]) != 1:
            return self._plain("Error: invalid action\r\n")
        port, (active,) = steps
        assert isinstance(active, bool)
        self.camera.set_virtual_input(port, active)
        return self._plain("OK\r\n")

    # ------------------------------------------------------------------ media & admin

    def _resolution(self, request: web.Request) -> tuple[int, int] | None:
        text = request.query.get("resolution", "320x240")
        match = re.fullmatch(r"(\d+)x(\d+)", text)
        if not match:
            return None
        width, height = int(match.group(1)), int(match.group(2))
        if not (16 <= width <= image.MAX_WIDTH and 16 <= height <= image.MAX_HEIGHT):
            return None
        return width, height

    @property
    def video_sources(self) -> int:
        return 1 if self.camera.visual_source is None else 2

    def _image_source(self, request: web.Request) -> int | None:
        """003's ``camera`` (1, ...; the default camera when omitted) as an image source."""
        text = request.query.get("camera", "1")
        if not text.isdigit() or not 1 <= int(text) <= self.video_sources:
            return None
        return int(text) - 1

    def _render(self, source: int, size: tuple[int, int]) -> bytes:
        if source == self.camera.visual_source:
            return image.render_visual(*size)
        return image.render(self.camera, *size)

    async def _snapshot(self, request: web.Request) -> web.StreamResponse:
        if denied := self._require(request, VIEWER):
            return denied
        self.resolutions_asked.append(request.query.get("resolution"))
        size = self._resolution(request)
        if size is None:
            return self._plain("Error: invalid resolution\r\n")
        source = self._image_source(request)
        if source is None:
            return self._plain("Error: invalid camera\r\n")
        self.camera.advance()
        return web.Response(body=self._render(source, size), content_type="image/jpeg")

    async def _mjpeg(self, request: web.Request) -> web.StreamResponse:
        if denied := self._require(request, VIEWER):
            return denied
        size = self._resolution(request)
        source = self._image_source(request)
        if size is None or source is None:
            return self._plain("Error: invalid resolution or camera\r\n")
        frames = int(request.query.get("nbrofframes", "0") or 0)
        response = web.StreamResponse(
            headers={"Content-Type": "multipart/x-mixed-replace;boundary=myboundary"}
        )
        await response.prepare(request)
        sent = 0
        try:
            while not self._closing.is_set() and (frames == 0 or sent < frames):
                self.camera.advance()
                jpeg = self._render(source, size)
                await response.write(
                    b"--myboundary\r\nContent-Type: image/jpeg\r\n"
                    + f"Content-Length: {len(jpeg)}\r\n\r\n".encode()
                    + jpeg
                    + b"\r\n"
                )
                sent += 1
                await self._sleep(1 / self.mjpeg_fps)
        except ConnectionError:
            pass
        return response

    async def _restart(self, request: web.Request) -> web.StreamResponse:
        if denied := self._require(request, ADMIN):
            return denied
        self.call_later(0.05, self.reboot)
        return self._plain("Restarting...\r\n")


def _parse_output_action(text: str) -> tuple[int, list[bool | float]] | None:
    """``[<id>]:<a>[<wait><a>...]`` → (port, [True/False actions and float waits in ms])."""
    port_text, sep, rest = text.partition(":")
    if not sep:
        return None
    try:
        port = int(port_text) if port_text else 1
    except ValueError:
        return None
    items: list[bool | float] = []
    for token in re.findall(r"\d+|[/\\]|.", rest):
        if token == "/":
            items.append(True)
        elif token == "\\":
            items.append(False)
        elif token.isdigit():
            items.append(float(token))
        else:
            return None
    return (port, items) if any(isinstance(i, bool) for i in items) else None


def _error_status(path: str, code: int) -> int:
    """HTTP status of a JSON error per each API's error table."""
    if path.endswith("daynight.cgi"):
        return DAYNIGHT_ERROR_STATUS.get(code, 500)
    return {2109: 403, 2110: 401}.get(code, 400 if 2100 <= code < 2200 else 500)
