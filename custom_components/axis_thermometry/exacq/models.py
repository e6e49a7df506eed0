"""What the exacqVision Web Service reports, as typed values, and the parsers that read it.

The specification's response samples lost the shape of every list item, so the parsers accept
the plausible forms: ids as numbers or strings (kept as strings), flags as booleans, 0/1 or
"on"/"off". Every JSON object finds its keys without regard to case (``sessionID`` and
``sessionId`` alike), as the camera client's do: decoded by :func:`loads` into aiohttp's
case-insensitive mapping, or made one by :func:`as_mapping`. A list the answer should carry
and does not is a broken answer, never "none".
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import IntEnum
import json
import re
from typing import Any, Final

from multidict import CIMultiDict

from .errors import ExacqMalformedResponseError


class EventType(IntEnum):
    """Active event types of ``events.web`` (the ``filter`` values)."""

    VIDEO_MOTION = 1
    VIDEO_LOSS = 2
    INPUT_TRIGGER = 3
    DEVICE_FAILURE = 7
    DEVICE_TEMPERATURE = 8
    STORAGE_ALARM = 11
    DEVICE_DISCONNECTED = 21
    SOFT_TRIGGER = 22
    ANALYTIC_RULE = 24


# Video formats of ``video.web`` that are JPEG images.
FORMAT_NATIVE_JPEG = 0
FORMAT_TRANSCODED_JPEG = 6


@dataclass(frozen=True, slots=True)
class ServerInfo:
    """The recording server a session is logged in to."""

    server_id: str
    serial: str
    name: str
    model: str | None
    version: str | None


@dataclass(frozen=True, slots=True)
class ServerEntry:
    """A recording server the web service knows (``servers.web``)."""

    server_id: str
    name: str
    serial: str | None = None  # where the list reports it


@dataclass(frozen=True, slots=True)
class Camera:
    """A camera recorded by the server."""

    camera_id: str
    name: str
    formats: tuple[int, ...] = ()
    enabled: bool = True
    # Which device it is, where the server says (keys ours: 002 lost the camera object):
    # its serial number (letters and digits only, upper case) and its network address.
    serial: str | None = None
    address: str | None = None

    @property
    def snapshot_format(self) -> int:
        """The JPEG format to ask ``video.web`` for: native when the camera has it."""
        return FORMAT_NATIVE_JPEG if FORMAT_NATIVE_JPEG in self.formats else FORMAT_TRANSCODED_JPEG


@dataclass(frozen=True, slots=True)
class PtzPreset:
    """A mechanical PTZ preset of one camera."""

    preset_id: str
    name: str


@dataclass(frozen=True, slots=True)
class SoftTrigger:
    """A soft trigger: a virtual input that event linking and monitoring react to."""

    trigger_id: str
    name: str


@dataclass(frozen=True, slots=True)
class CameraStatus:
    """What ``status.web`` says of a camera; None where it says nothing."""

    motion: bool | None = None
    video_loss: bool | None = None


@dataclass(frozen=True, slots=True)
class Status:
    """``status.web`` for the cameras and soft triggers asked about."""

    cameras: Mapping[str, CameraStatus]
    triggers: Mapping[str, bool]


@dataclass(frozen=True, slots=True)
class ActiveEvent:
    """An event that is active now (``events.web``)."""

    event_type: int
    source_id: str | None
    name: str


# ---------------------------------------------------------------------- primitive readers


def malformed(what: str, value: object) -> ExacqMalformedResponseError:
    """The error for a field of the wrong type or value."""
    shown = repr(value)
    return ExacqMalformedResponseError(f"{what}: unexpected value {shown[:80]}")


def loads(data: bytes | str) -> Any:
    """Decode the server's JSON; every object in it finds its keys without regard to case.

    Raises :class:`ValueError` (not JSON) or :class:`RecursionError` (nested too deep).
    """
    return json.loads(data, object_pairs_hook=CIMultiDict)


def as_mapping(value: object, what: str) -> Mapping[str, Any]:
    """``value`` if it is a JSON object, finding its keys without regard to case."""
    if isinstance(value, CIMultiDict):
        return value
    if not isinstance(value, Mapping) or not all(isinstance(key, str) for key in value):
        raise malformed(what, value)
    return CIMultiDict(value)


def as_list(value: object, what: str) -> Sequence[Any]:
    """``value`` if it is a JSON array (a missing one is malformed, not empty)."""
    if not isinstance(value, list):
        raise malformed(what, value)
    return value


def list_at(payload: Mapping[str, Any], key: str) -> Sequence[Any]:
    """The list ``payload[key]``: malformed when the answer does not carry it."""
    payload = as_mapping(payload, key)
    if key not in payload:
        raise ExacqMalformedResponseError(f"the answer has no {key} list")
    return as_list(payload[key], key)


def first(payload: Mapping[str, Any], *keys: str) -> Any:
    """The value of the first of ``keys`` present in ``payload`` (None if none is).

    ``keys`` are different words (``id``/``serverId``), never cases of one.
    """
    payload = as_mapping(payload, "answer")
    return next((payload[key] for key in keys if key in payload), None)


# Ids end up in URLs (query and path): letters, digits and a few separators, nothing else.
_ID = re.compile(r"[A-Za-z0-9_.:-]{1,64}")
_TYPE = re.compile(r"[0-9]{1,4}")
# Video format codes are small numbers (1 native JPEG, ...); anything else is ignored.
MAX_FORMAT = 1000


def as_id(value: object, what: str) -> str:
    """An id given as a number (0 or more) or a short string of safe characters, as a string."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 10**12:
        return str(value)
    if isinstance(value, str) and _ID.fullmatch(value.strip()):
        return value.strip()
    raise malformed(what, value)


# Names a server supplies are cut to this: never stored or drawn whole.
MAX_TEXT: Final = 256


def as_text(value: object, default: str) -> str:
    """A display string (bounded to :data:`MAX_TEXT`); anything else gives ``default``."""
    return value.strip()[:MAX_TEXT] if isinstance(value, str) and value.strip() else default


def as_flag(value: object, what: str) -> bool:
    """A state given as a boolean, 0/1, or "on"/"off"/"true"/"false"/"1"/"0"."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        lowered = value.strip().lower()
        if lowered in ("on", "true", "1", "active", "yes"):
            return True
        if lowered in ("off", "false", "0", "inactive", "no"):
            return False
    raise malformed(what, value)


def _optional_flag(item: Mapping[str, Any], keys: Iterable[str], what: str) -> bool | None:
    value = first(item, *keys)
    return None if value is None else as_flag(value, what)


def plain_serial(text: str) -> str:
    """A serial number or MAC address as letters and digits, in upper case."""
    return re.sub(r"[^0-9A-Za-z]", "", text).upper()


# ---------------------------------------------------------------------- parsers


def serial_of(payload: Mapping[str, Any], what: str) -> str | None:
    """The serial number an answer reports (login, a servers list entry, config.web), if any."""
    value = first(payload, "serial", "serialNumber")
    return None if value is None else as_id(value, f"{what}.serial").upper()


def parse_session(payload: Mapping[str, Any]) -> str:
    """The session id of a ``login.web`` answer."""
    return as_id(first(payload, "sessionID", "session_id"), "login.sessionID")


def parse_login(
    payload: Mapping[str, Any], server_id: str, serial: str | None = None
) -> tuple[str, ServerInfo]:
    """The session id and the server from a ``login.web`` answer (``responseVersion=2``).

    The serial number is the answer's own; older web services leave it out, and then it is
    ``serial``, found where else the server reports it. Without either the answer is malformed.
    """
    payload = as_mapping(payload, "login")
    session_id = parse_session(payload)
    serial = serial_of(payload, "login") or serial
    if serial is None:
        raise ExacqMalformedResponseError("login: the server reports no serial number")
    model = as_text(payload.get("model"), "")
    return session_id, ServerInfo(
        server_id=as_text(payload.get("id"), server_id),
        serial=serial,
        name=as_text(payload.get("name"), f"exacqVision {serial}"),
        model=None if model.lower() in ("", "unknown") else model,
        version=as_text(payload.get("version"), "") or None,
    )


def _items(
    payload: Mapping[str, Any], key: str, id_keys: tuple[str, ...], label: str
) -> list[tuple[str, str, Mapping[str, Any]]]:
    """Id, display name and object of each item of the list ``payload[key]``."""
    items = []
    for index, raw in enumerate(list_at(payload, key)):
        item = as_mapping(raw, f"{key}[{index}]")
        item_id = as_id(first(item, *id_keys), f"{key}[{index}].id")
        items.append((item_id, as_text(item.get("name"), f"{label} {item_id}"), item))
    return items


def parse_servers(payload: Mapping[str, Any]) -> tuple[ServerEntry, ...]:
    """The servers of ``servers.web``."""
    return tuple(
        ServerEntry(server_id, name, serial_of(item, f"server {server_id}"))
        for server_id, name, item in _items(payload, "list", ("id", "serverId"), "Server")
    )


def parse_cameras(payload: Mapping[str, Any]) -> tuple[Camera, ...]:
    """The cameras of ``config.web``."""
    cameras = []
    for camera_id, name, item in _items(payload, "Cameras", ("id", "camera"), "Camera"):
        # A camera's formats are an attribute some servers leave out, not a list answer.
        listed = item.get("formats")
        listed = () if listed is None else as_list(listed, f"camera {camera_id} formats")
        formats = tuple(
            value
            for value in listed
            if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_FORMAT
        )
        disabled = item.get("disabled")
        enabled = disabled is None or not as_flag(disabled, f"camera {camera_id} disabled")
        serial = first(item, "serial", "serialNumber", "mac")
        serial = plain_serial(serial)[:32] if isinstance(serial, str) else ""
        address = as_text(first(item, "address", "ip", "ipAddress", "host"), "")
        cameras.append(
            Camera(camera_id, name, formats, enabled, serial or None, address.lower() or None)
        )
    return tuple(cameras)


def parse_presets(payload: Mapping[str, Any]) -> tuple[PtzPreset, ...]:
    """The mechanical PTZ presets of one camera."""
    return tuple(
        PtzPreset(preset_id, name)
        for preset_id, name, _ in _items(payload, "Presets", ("id", "preset"), "Preset")
    )


def parse_triggers(payload: Mapping[str, Any]) -> tuple[SoftTrigger, ...]:
    """The soft triggers of the server."""
    return tuple(
        SoftTrigger(trigger_id, name)
        for trigger_id, name, _ in _items(payload, "Triggers", ("id", "tid"), "Soft trigger")
    )


# 002 Create User's built-in roles that watch only: no PTZ control, no soft triggers.
VIEWER_ROLES: Final = {10: "Live Only", 11: "Search Only", 12: "Live & Search"}


def parse_user_role(payload: Mapping[str, Any], username: str) -> int | None:
    """The role of ``username`` in 002's *List Users* answer; None: not listed, or no role."""
    for index, raw in enumerate(list_at(payload, "users")):
        item = as_mapping(raw, f"users[{index}]")
        if str(item.get("name", "")).casefold() == username.casefold():
            role = item.get("role")
            return int(role) if isinstance(role, int | str) and str(role).isdigit() else None
    return None


def parse_status(
    payload: Mapping[str, Any], *, cameras_asked: bool = True, triggers_asked: bool = True
) -> Status:
    """The items of a ``status.web`` answer; the lists of what was asked about must be there."""
    cameras: dict[str, CameraStatus] = {}
    for index, raw in enumerate(list_at(payload, "camera") if cameras_asked else ()):
        item = as_mapping(raw, f"status.camera[{index}]")
        what = f"status.camera[{index}]"
        cameras[as_id(item.get("id"), f"{what}.id")] = CameraStatus(
            motion=_optional_flag(item, ("motion",), f"{what}.motion"),
            video_loss=_optional_flag(item, ("loss", "videoLoss"), f"{what}.loss"),
        )
    triggers: dict[str, bool] = {}
    for index, raw in enumerate(list_at(payload, "trigger") if triggers_asked else ()):
        item = as_mapping(raw, f"status.trigger[{index}]")
        what = f"status.trigger[{index}]"
        state = _optional_flag(item, ("state", "active", "triggered"), f"{what}.state")
        triggers[as_id(item.get("id"), f"{what}.id")] = bool(state)
    return Status(cameras=cameras, triggers=triggers)


def parse_events(payload: Mapping[str, Any]) -> tuple[ActiveEvent, ...]:
    """The active events of ``events.web``."""
    events = []
    for index, raw in enumerate(list_at(payload, "events")):
        item = as_mapping(raw, f"events[{index}]")
        event_type = first(item, "type", "eventType")
        if isinstance(event_type, str) and _TYPE.fullmatch(event_type.strip()):
            event_type = int(event_type)
        if not isinstance(event_type, int) or isinstance(event_type, bool):
            raise malformed(f"events[{index}].type", event_type)
        if not 0 <= event_type < 10_000:
            raise malformed(f"events[{index}].type", event_type)
        source = first(item, "camera", "source", "sourceId")
        events.append(
            ActiveEvent(
                event_type=event_type,
                source_id=None if source is None else as_id(source, f"events[{index}].source"),
                name=as_text(item.get("name"), f"Event {event_type}"),
            )
        )
    return tuple(events)
