"""The simulated camera's RTSP server: H.264 video per channel, digest authentication.

GStreamer's RTSP server (Debian's ``gir1.2-gst-rtsp-server-1.0``, ``python3-gi`` and the
GStreamer plugins ``scripts/setup`` installs) in a process of the system's Python, which has
the GObject bindings: ``/usr/bin/python3 tests/simulator/rtsp.py PORT USER:PASSWORD ...``
(``--check``: exit 0 when it can run here). It serves Axis's RTSP path,
``/axis-media/media.amp``, for ``camera=1`` and ``camera=2`` (a bispectral camera's channels),
each a moving test pattern so that a player sees frames change. It prints ``listening`` once
it accepts connections.

Tests start it through :func:`tests.simulator.rtsp_process.rtsp_server`; nothing here is
imported by the integration or its tests.
"""
# mypy: ignore-errors

import signal
import sys

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtsp", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtsp, GstRtspServer  # noqa: E402

PATH = "/axis-media/media.amp"
ELEMENTS = ("videotestsrc", "x264enc", "rtph264pay")
# One look per channel: the thermal one (1) a white ball on black, a bispectral camera's
# visual one (2) an orange ball on blue.
PATTERNS = {
    "1": "pattern=ball",
    "2": "pattern=ball foreground-color=0xffd0a000 background-color=0xff3070c0",
}


class ChannelFactory(GstRtspServer.RTSPMediaFactory):
    """The stream of the channel the URL's ``camera`` asks for (1 when it names none)."""

    def do_create_element(self, url):
        query = dict(part.split("=", 1) for part in (url.query or "").split("&") if "=" in part)
        pattern = PATTERNS.get(query.get("camera", "1"), PATTERNS["1"])
        return Gst.parse_launch(
            f"( videotestsrc is-live=true {pattern} "
            "! video/x-raw,width=320,height=240,framerate=10/1 "
            "! x264enc tune=zerolatency speed-preset=ultrafast key-int-max=10 "
            "! rtph264pay name=pay0 pt=96 config-interval=1 )"
        )


def main(port: str, users: list[str]) -> None:
    Gst.init(None)
    server = GstRtspServer.RTSPServer()
    server.set_address("127.0.0.1")
    server.set_service(port)
    auth = GstRtspServer.RTSPAuth()
    auth.set_supported_methods(GstRtsp.RTSPAuthMethod.DIGEST)
    for user in users:
        name, password = user.split(":", 1)
        token = GstRtspServer.RTSPToken()
        token.set_string("media.factory.role", "viewer")
        auth.add_digest(name, password, token)
    server.set_auth(auth)
    factory = ChannelFactory()
    factory.set_shared(False)
    permissions = GstRtspServer.RTSPPermissions()
    permissions.add_permission_for_role("viewer", "media.factory.access", True)
    permissions.add_permission_for_role("viewer", "media.factory.construct", True)
    factory.set_permissions(permissions)
    server.get_mount_points().add_factory(PATH, factory)
    server.attach(None)
    loop = GLib.MainLoop()
    signal.signal(signal.SIGTERM, lambda *_: loop.quit())
    sys.stdout.write("listening\n")
    sys.stdout.flush()
    loop.run()


def check() -> bool:
    """Whether the elements the streams are made of are installed."""
    Gst.init(None)
    return all(Gst.ElementFactory.find(name) for name in ELEMENTS)


if __name__ == "__main__":
    if sys.argv[1:] == ["--check"]:
        sys.exit(0 if check() else 1)
    main(sys.argv[1], sys.argv[2:])
