"""A faithful simulator of Axis thermal cameras (VAPIX) for tests, the demo and the benchmark.

async with CameraServer(profiles.ptz()) as server:
    server.url, server.camera, server.counters, server.inject("status_500")
"""

from .http import Counters, Fault
from .model import (
    ADMIN,
    OPERATOR,
    VIEWER,
    SimArea,
    SimGroup,
    SimPreset,
    SimulatedCamera,
    Variants,
)
from .profiles import PROFILES, firmware, fixed, legacy, ptz, ptz13
from .server import CameraServer

__all__ = [
    "ADMIN",
    "OPERATOR",
    "PROFILES",
    "VIEWER",
    "CameraServer",
    "Counters",
    "Fault",
    "SimArea",
    "SimGroup",
    "SimPreset",
    "SimulatedCamera",
    "Variants",
    "firmware",
    "fixed",
    "legacy",
    "ptz",
    "ptz13",
]
