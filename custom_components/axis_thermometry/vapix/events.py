"""Events a thermal camera pushes, and how to read them from event stream notifications.

The topics are 000's ("Temperature area event" ... "Temperature deviation detection event")
and Axis's I/O port topics, with ONVIF's relay topic (``tns1:Device/Trigger/Relay``: a relay
output's ``LogicalState`` by its ``RelayToken``, the port's ``IOPort`` index, as Axis firmware
sends it and Home Assistant core's Axis integration reads it). A topic is matched on its
segments without namespace prefixes and without regard to case: firmware has been seen to spell
``tns1:VideoSource/tns1:Thermometry/tnsaxis:TemperatureDetection`` as
``tns1:VideoSource/tnsaxis:Thermometry/TemperatureDetection``. Field names are matched without
regard to case too, and values come as the event system sends them (strings such as ``"1"``
and ``"21.5"``) or as JSON numbers and booleans.

A notification that cannot be read (an unknown topic, a field of the wrong type, a missing
id) is left out with a debug line: one odd event never ends the stream.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
import logging
from typing import Any, Final

from ._parse import (
    COORDINATE_LIMIT,
    Point,
    as_bounded,
    as_id,
    as_mapping,
    as_name,
    as_number,
    as_str,
    as_temperature,
    as_temperature_delta,
    malformed,
    parse_decimal,
    parse_unsigned,
)
from .errors import VapixMalformedResponseError
from .models import TemperatureScale

_LOGGER = logging.getLogger(__name__)

# What the stream is asked for (ONVIF topic expressions, "//." meaning "and everything under
# it"). The thermometry topics are asked for by their common root, so a firmware that spells
# the lower segments with other prefixes still sends them; the I/O topics as Axis spells them.
TOPIC_FILTERS: Final = (
    "tns1:VideoSource//.",
    "tns1:Device/tnsaxis:IO/Port",
    "tns1:Device/tnsaxis:IO/VirtualInput",
    "tns1:Device/Trigger/Relay",
)


class Topic(StrEnum):
    """The topics this integration reads."""

    AREA_ALARM = "area_alarm"  # RadiometryAlarm/TemperatureDetection (stateful, per area)
    ANY_AREA_ALARM = "any_area_alarm"  # RadiometryAlarm/TemperatureDetectionAnyArea
    PRESET_ALARM = "preset_alarm"  # RadiometryAlarm/TemperatureDetectionAnyAreaOnPreset
    AREA_READING = "area_reading"  # Thermometry/TemperatureDetection (stateless, every 30 s)
    DEVIATION_ALARM = "deviation_alarm"  # RadiometryAlarm/DeviationDetection (per group)
    INPUT = "input"  # Device/IO/Port
    VIRTUAL_INPUT = "virtual_input"  # Device/IO/VirtualInput
    RELAY = "relay"  # Device/Trigger/Relay


_TOPICS: Final[Mapping[tuple[str, ...], Topic]] = {
    ("videosource", "radiometryalarm", "temperaturedetection"): Topic.AREA_ALARM,
    ("videosource", "radiometryalarm", "temperaturedetectionanyarea"): Topic.ANY_AREA_ALARM,
    ("videosource", "radiometryalarm", "temperaturedetectionanyareaonpreset"): (Topic.PRESET_ALARM),
    ("videosource", "thermometry", "temperaturedetection"): Topic.AREA_READING,
    ("videosource", "radiometryalarm", "deviationdetection"): Topic.DEVIATION_ALARM,
    ("device", "io", "port"): Topic.INPUT,
    ("device", "io", "virtualinput"): Topic.VIRTUAL_INPUT,
    ("device", "trigger", "relay"): Topic.RELAY,
}


def topic_of(topic: str) -> Topic | None:
    """The topic ``topic`` names, whatever namespace prefixes it carries; None if unknown."""
    segments = tuple(
        segment.rpartition(":")[2].strip().lower() for segment in topic.strip().split("/")
    )
    return _TOPICS.get(segments)


@dataclass(frozen=True, slots=True, kw_only=True)
class AreaEvent:
    """An area's alarm changed (``active`` set) or its 30-second reading (``active`` None)."""

    area_id: int
    active: bool | None
    name: str | None = None
    preset: int | None = None
    average: float | None = None
    maximum: float | None = None
    minimum: float | None = None
    scale: TemperatureScale | None = None
    max_position: Point | None = None
    min_position: Point | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class AnyAreaEvent:
    """Whether any area (of ``preset``, for the per-preset topic) is in alarm."""

    active: bool
    preset: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class DeviationEvent:
    """A group's deviation alarm changed."""

    group_id: int
    active: bool
    name: str | None = None
    deviation: float | None = None
    threshold: float | None = None
    preset: int | None = None
    preset_name: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class PortEvent:
    """A digital input (CGI numbering, from 1) or a virtual input (from 1) changed."""

    port: int
    active: bool
    virtual: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class RelayEvent:
    """A relay output's state (CGI numbering: the ``RelayToken`` plus one)."""

    port: int
    active: bool


type CameraEvent = AreaEvent | AnyAreaEvent | DeviationEvent | PortEvent | RelayEvent

_TRUE: Final = frozenset({"1", "true", "yes", "on", "active"})
_FALSE: Final = frozenset({"0", "false", "no", "off", "inactive"})


def _flag(value: object, what: str) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        text = value.strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
    raise malformed(what, value)


def _number(value: object, what: str) -> float:
    if isinstance(value, str):
        return parse_decimal(value, what)
    return as_number(value, what)


def _id(value: object, what: str) -> int:
    if isinstance(value, str):
        return as_id(parse_unsigned(value, what), what)
    return as_id(value, what)


def _text(value: object, what: str) -> str:
    return as_name(value, what).strip()


class _Fields:
    """A notification's source, key and data items together, by name (of any case)."""

    def __init__(self, message: Mapping[str, Any]) -> None:
        items: dict[str, object] = {}
        for part in ("source", "key", "data"):
            if isinstance(section := message.get(part), Mapping):
                items.update(section)
        self._items = as_mapping(items, "message")

    def get[T](self, name: str, reader: Callable[[object, str], T]) -> T | None:
        value = self._items.get(name)
        if value is None or value == "":
            return None
        return reader(value, name)

    def need[T](self, name: str, reader: Callable[[object, str], T]) -> T:
        if (result := self.get(name, reader)) is None:
            raise VapixMalformedResponseError(f"event: missing field {name}")
        return result


def _temperature(value: object, what: str) -> float:
    return as_temperature(_number(value, what), what)


def _difference(value: object, what: str) -> float:
    return as_temperature_delta(_number(value, what), what)


def _coordinate(value: object, what: str) -> float:
    return as_bounded(_number(value, what), what, -COORDINATE_LIMIT, COORDINATE_LIMIT)


def _scale(value: object, what: str) -> TemperatureScale:
    text = as_str(value, what).strip().lower()
    for scale in TemperatureScale:
        if text in (scale.value, scale.value[0]):
            return scale
    raise malformed(what, value)


def _position(fields: _Fields, prefix: str) -> Point | None:
    x = fields.get(f"{prefix}PositionX", _coordinate)
    y = fields.get(f"{prefix}PositionY", _coordinate)
    return None if x is None or y is None else (x, y)


def _area_event(fields: _Fields, *, stateful: bool) -> AreaEvent:
    return AreaEvent(
        area_id=fields.need("AreaID", _id),
        active=fields.need("AlarmActive", _flag) if stateful else None,
        name=fields.get("AreaName", _text),
        preset=fields.get("PresetNbr", _id),
        average=fields.get("AverageTemp", _temperature),
        maximum=fields.get("MaximumTemp", _temperature),
        minimum=fields.get("MinimumTemp", _temperature),
        scale=fields.get("TemperatureUnit", _scale),
        max_position=_position(fields, "MaxTemp"),
        min_position=_position(fields, "MinTemp"),
    )


def _port_event(fields: _Fields, *, virtual: bool) -> PortEvent | None:
    raw = fields.get("port", _text)
    if raw is None or raw.startswith("-"):
        return None  # port -1: "any port", a summary of the others
    number = _id(raw, "port")
    if virtual:
        return PortEvent(port=number, active=fields.need("active", _flag), virtual=True)
    # Device/IO/Port numbers ports as IOPort.I<n> does: the CGIs' port n + 1.
    active = fields.get("state", _flag)
    if active is None:
        active = fields.need("active", _flag)
    return PortEvent(port=number + 1, active=active)


def parse_event(topic: Topic, message: Mapping[str, Any]) -> CameraEvent | None:
    """Read one notification's message; raises :class:`VapixMalformedResponseError`."""
    fields = _Fields(message)
    match topic:
        case Topic.AREA_ALARM | Topic.AREA_READING:
            return _area_event(fields, stateful=topic is Topic.AREA_ALARM)
        case Topic.ANY_AREA_ALARM | Topic.PRESET_ALARM:
            return AnyAreaEvent(
                active=fields.need("AlarmActive", _flag),
                preset=fields.get("PresetNbr", _id) if topic is Topic.PRESET_ALARM else None,
            )
        case Topic.DEVIATION_ALARM:
            return DeviationEvent(
                group_id=fields.need("GroupID", _id),
                active=fields.need("AlarmActive", _flag),
                name=fields.get("GroupName", _text),
                deviation=fields.get("DeltaTemp", _difference),
                threshold=fields.get("ThresholdTemp", _difference),
                preset=fields.get("PresetNbr", _id),
                preset_name=fields.get("PresetName", _text),
            )
        case Topic.INPUT | Topic.VIRTUAL_INPUT:
            return _port_event(fields, virtual=topic is Topic.VIRTUAL_INPUT)
        case Topic.RELAY:
            # The token is the IOPort index, as Device/IO/Port's port: the CGIs' port n + 1.
            return RelayEvent(
                port=fields.need("RelayToken", _id) + 1,
                active=fields.need("LogicalState", _flag),
            )


def parse_notification(frame: object) -> CameraEvent | None:
    """The event in an ``events:notify`` frame (decoded JSON); None for anything else.

    Frames of other methods, unknown topics and unreadable events give None.
    """
    try:
        body = as_mapping(frame, "frame")
        if body.get("method") != "events:notify":
            return None
        notification = as_mapping(as_mapping(body.get("params"), "params").get("notification"), "n")
        topic = topic_of(as_str(notification.get("topic"), "topic"))
        if topic is None:
            return None
        return parse_event(topic, as_mapping(notification.get("message"), "message"))
    except VapixMalformedResponseError as err:
        _LOGGER.debug("Ignoring an event notification: %s", err)
        return None
