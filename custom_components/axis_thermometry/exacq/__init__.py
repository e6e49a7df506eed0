"""Async, typed client for the exacqVision Web Service (HTTP API v1).

Home-Assistant-free: it takes an ``aiohttp.ClientSession`` and raises only the errors in
:mod:`.errors`. Every path it uses is in :mod:`.endpoints`.
"""

from .client import ExacqClient
from .endpoints import Endpoint
from .errors import (
    ExacqAuthenticationError,
    ExacqAuthorizationError,
    ExacqConnectionError,
    ExacqError,
    ExacqMalformedResponseError,
    ExacqNotSupportedError,
    ExacqRequestError,
    ExacqServerError,
    ExacqSessionExpiredError,
    ExacqTimeoutError,
)
from .models import (
    VIEWER_ROLES,
    ActiveEvent,
    Camera,
    CameraStatus,
    EventType,
    PtzPreset,
    ServerEntry,
    ServerInfo,
    SoftTrigger,
    Status,
)
from .search import MAX_OPEN_SEARCHES, Recording, Search, SearchInfo

__all__ = [
    "MAX_OPEN_SEARCHES",
    "VIEWER_ROLES",
    "ActiveEvent",
    "Camera",
    "CameraStatus",
    "Endpoint",
    "EventType",
    "ExacqAuthenticationError",
    "ExacqAuthorizationError",
    "ExacqClient",
    "ExacqConnectionError",
    "ExacqError",
    "ExacqMalformedResponseError",
    "ExacqNotSupportedError",
    "ExacqRequestError",
    "ExacqServerError",
    "ExacqSessionExpiredError",
    "ExacqTimeoutError",
    "PtzPreset",
    "Recording",
    "Search",
    "SearchInfo",
    "ServerEntry",
    "ServerInfo",
    "SoftTrigger",
    "Status",
]
