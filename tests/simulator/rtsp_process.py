"""Start and stop the simulated camera's RTSP server (``rtsp.py``, in the system's Python)."""

import asyncio
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
import os
from pathlib import Path
import socket
import subprocess

from .model import SimulatedCamera

SCRIPT = Path(__file__).with_name("rtsp.py")
# The Python with GStreamer's GObject bindings (Debian's python3-gi): the system's.
PYTHON = os.environ.get("AXIS_SIM_RTSP_PYTHON", "/usr/bin/python3")


def available() -> bool:
    """Whether the RTSP server can run here (the packages scripts/setup installs)."""
    try:
        check = subprocess.run(  # noqa: S603 - our script, in the configured Python
            [PYTHON, str(SCRIPT), "--check"], check=False, capture_output=True
        )
    except OSError:
        return False
    return check.returncode == 0


def free_port() -> int:
    """A loopback port nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def command(port: int, users: Mapping[str, str]) -> list[str]:
    """The RTSP server on ``port``, for ``users`` (name: password)."""
    return [PYTHON, str(SCRIPT), str(port), *(f"{name}:{word}" for name, word in users.items())]


def advertise(camera: SimulatedCamera, port: int | None) -> None:
    """The camera's ``Network.RTSP`` parameters: on at ``port``, or off (None)."""
    camera.params["Network.RTSP.Enabled"] = "no" if port is None else "yes"
    if port is not None:
        camera.params["Network.RTSP.Port"] = str(port)


@asynccontextmanager
async def rtsp_server(
    camera: SimulatedCamera, users: Mapping[str, str] | None = None
) -> AsyncIterator[int]:
    """The camera's RTSP server, running and advertised in its parameters; yields its port.

    It takes the camera's users, or ``users`` instead (name: password; wrong credentials).
    """
    if users is None:
        users = {name: password for name, (password, _) in camera.users.items()}
    port = free_port()
    process = await asyncio.create_subprocess_exec(
        *command(port, users), stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        assert process.stdout is not None
        line = await asyncio.wait_for(process.stdout.readline(), 30)
        if not line.startswith(b"listening"):
            raise RuntimeError(f"the RTSP server did not start: {line!r}")
        advertise(camera, port)
        yield port
    finally:
        if process.returncode is None:
            process.terminate()
        await process.wait()
