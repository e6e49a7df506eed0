"""What the camera's event stream pushed between two polls, and what its events make of it."""

from dataclasses import dataclass, field, replace
from typing import Any

import homeassistant.util.dt as dt_util
from homeassistant.util.unit_conversion import TemperatureConverter

from ..models import UNITS, Reading, Readings, Resource
from ..vapix import AreaStatus, GroupStatus, TemperatureScale
from ..vapix._parse import pick
from ..vapix.events import AreaEvent, DeviationEvent


@dataclass(slots=True)
class Pushed:
    """What was pushed since the last poll: newer than the poll's readings, until the next."""

    areas: dict[int, Reading[AreaStatus]] = field(default_factory=dict)
    groups: dict[int, Reading[GroupStatus]] = field(default_factory=dict)
    outputs: dict[int, bool] = field(default_factory=dict)
    # When each alarm and relay state was pushed (monotonic).
    pushed_at: dict[Resource, float] = field(default_factory=dict)

    def merged(self, data: Readings, started: float) -> Readings:
        """``data`` (a poll) with the alarm and relay states pushed after it started; then forgets.

        Only the alarm state: what the poll measured (temperatures, whether the area is
        measured at all) is as new as anything pushed before it answered. Everything pushed
        is the poll's from then on.
        """
        areas, groups, outputs = dict(data.areas), dict(data.groups), dict(data.outputs)
        for (kind, item_id), at in self.pushed_at.items():
            if at <= started:
                continue
            if kind == "output":
                outputs[item_id] = self.outputs[item_id]
                continue
            readings: dict[int, Reading[Any]] = areas if kind == "area" else groups
            newer = (self.areas if kind == "area" else self.groups).get(item_id)
            polled = readings.get(item_id)
            if newer is not None and polled is not None and polled.measuring:
                status = replace(polled.status, triggered=newer.status.triggered)
                readings[item_id] = replace(polled, status=status)
        self.pushed_at.clear()
        self.areas.clear()
        self.groups.clear()
        self.outputs.clear()
        return replace(data, areas=areas, groups=groups, outputs=outputs)


def pushed_reading(
    reading: Reading[AreaStatus] | None, event: AreaEvent, scale: TemperatureScale
) -> Reading[AreaStatus] | None:
    """``reading`` with what ``event`` says; None when that changes nothing (or shows nothing).

    An event without temperatures is the camera saying it does not evaluate the area now
    (another preset, disabled): like a poll that does not list it, it keeps the area's last
    reading and marks it as not measured (an alarm it raises is still shown).
    """
    if event.average is None and event.maximum is None and event.minimum is None:
        if reading is None:
            return None
        if event.active:
            new = replace(reading, status=replace(reading.status, triggered=True))
        else:
            new = replace(reading, measuring=False)
    else:
        status = _pushed_status(reading.status if reading else None, event, scale)
        if status is None:
            return None
        new = Reading(status, dt_util.utcnow())
    if reading is not None and (reading.status, reading.measuring) == (new.status, new.measuring):
        return None
    return new


def pushed_group(
    reading: Reading[GroupStatus] | None, event: DeviationEvent
) -> Reading[GroupStatus] | None:
    """``reading`` with the deviation alarm ``event`` pushed; None when that changes nothing."""
    before = reading.status if reading else GroupStatus(id=event.group_id, triggered=False)
    status = replace(
        before,
        triggered=event.active,
        current_deviation=pick(event.deviation, before.current_deviation),
    )
    return None if status == before else Reading(status, dt_util.utcnow())


def _pushed_status(
    status: AreaStatus | None, event: AreaEvent, scale: TemperatureScale
) -> AreaStatus | None:
    """``status`` with what ``event`` says; None when there is nothing to show yet."""

    def degrees(value: float | None) -> float | None:
        if value is None or event.scale is None or event.scale is scale:
            return value
        return TemperatureConverter.convert(value, UNITS[event.scale], UNITS[scale])

    average, maximum, minimum = (
        degrees(event.average),
        degrees(event.maximum),
        degrees(event.minimum),
    )
    if status is None:
        if average is None or maximum is None or minimum is None:
            return None  # a first reading needs all three
        status = AreaStatus(
            id=event.area_id, average=average, minimum=minimum, maximum=maximum, triggered=False
        )
    return replace(
        status,
        triggered=status.triggered if event.active is None else event.active,
        average=pick(average, status.average),
        maximum=pick(maximum, status.maximum),
        minimum=pick(minimum, status.minimum),
        max_position=pick(event.max_position, status.max_position),
        min_position=pick(event.min_position, status.min_position),
    )
