"""Run simulated cameras standalone: ``python -m tests.simulator --port 8080 --profile ptz``."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import signal

from .exacq import ExacqServer
from .profiles import PROFILES
from .rtsp_process import rtsp_server
from .server import CameraServer


def _serial(profile: str, index: int) -> str:
    prefix = {
        "fixed": "B8A44F",
        "bench": "B8A44E",
        "legacy": "00408C",
        "ptz": "E82725",
        "ptz13": "E82726",
        "document": "B8A44D",
    }[profile]
    return f"{prefix}{index + 1:06X}"


async def main(args: argparse.Namespace) -> None:
    servers: list[CameraServer] = []
    for index in range(args.cameras):
        camera = PROFILES[args.profile](serial=_serial(args.profile, index))
        camera.thermals.drift_amplitude_c = args.drift
        server = CameraServer(
            camera, host=args.host, port=args.port + index if args.port else 0, auth=args.auth
        )
        server.latency = args.latency / 1000
        await server.start()
        servers.append(server)
    first, last = servers[0], servers[-1]
    ports = str(first.port) if len(servers) == 1 else f"{first.port}-{last.port}"
    print(  # noqa: T201 - the command's output
        f"Simulated {args.profile} camera(s) on http://{args.host}:{ports} "
        f"(users: root/pass = administrator, operator/operator, viewer/viewer)",
        flush=True,
    )
    streams = contextlib.AsyncExitStack()
    if args.rtsp:
        port = await streams.enter_async_context(rtsp_server(first.camera))
        print(  # noqa: T201 - the command's output
            f"Simulated RTSP server of {first.camera.model} on rtsp://{args.host}:{port}"
            "/axis-media/media.amp (H.264, the camera's users)",
            flush=True,
        )
    recorder: ExacqServer | None = None
    if args.exacq_port is not None:
        recorder = ExacqServer(host=args.host, port=args.exacq_port)
        recorder.latency = args.latency / 1000
        await recorder.start()
        print(  # noqa: T201 - the command's output
            f"Simulated exacqVision server on http://{args.host}:{recorder.port} "
            f"(users: admin/admin256, viewer/viewer without PTZ and soft triggers)",
            flush=True,
        )
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    await streams.aclose()
    for server in servers:
        await server.stop()
    if recorder is not None:
        await recorder.stop()


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m tests.simulator", description=__doc__)
    parser.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)"
    )
    parser.add_argument("--port", type=int, default=8080, help="first port (0: any free port)")
    parser.add_argument("--profile", choices=sorted(PROFILES), default="ptz")
    parser.add_argument("--cameras", type=int, default=1, help="cameras on consecutive ports")
    parser.add_argument("--latency", type=float, default=0.0, help="added latency per request, ms")
    parser.add_argument("--drift", type=float, default=1.5, help="temperature drift amplitude, °C")
    parser.add_argument("--auth", choices=("digest", "basic", "both"), default="digest")
    parser.add_argument(
        "--rtsp",
        action="store_true",
        help="also serve the first camera's RTSP (GStreamer, in the system's Python)",
    )
    parser.add_argument(
        "--exacq-port", type=int, help="also run a simulated exacqVision server on this port"
    )
    return parser.parse_args(argv)


if __name__ == "__main__":
    asyncio.run(main(parse_args()))
