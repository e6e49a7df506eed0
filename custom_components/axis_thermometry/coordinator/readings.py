"""The readings coordinator: area and group status, spot meters, position, relays; the 5 s poll.

Home Assistant's scheduler runs the poll. Each camera polls at its own phase of the interval
(0 to 5 s, from its serial number; the next poll is always scheduled for it, whatever started
the last), so the polls of cameras set up together stay spread over the interval. The reads
of one poll run concurrently against the configuration in force.

The camera's event stream pushes alarms and readings between polls through the ``push_*``
methods: what they bring is kept beside the poll's data (:meth:`area`, :meth:`group` give the
newest) and only the entities of that area or group are told (:meth:`async_subscribe`, as
unifiprotect's per-device subscriptions); the next poll takes it over. A relay output whose
state the stream reports is followed from then on and no longer read by polls, until the
stream ends. After a poll, :mod:`.subscribers` tells only the entities whose readings changed.
"""

import asyncio
from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import timedelta
from functools import partial
import logging
import time
from typing import Any, Final, cast
import zlib

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator
import homeassistant.util.dt as dt_util

from ..capability import Attempts, Capability, CapabilityHealth
from ..const import POLL_INTERVAL
from ..issues import WrongDeviceError
from ..models import (
    ANY_ALARM,
    STREAM,
    InputStates,
    Reading,
    Readings,
    Resource,
    StreamHealth,
    ThermometryConfig,
    alarm_changes,
    reading_changes,
    readings_of,
)
from ..vapix import (
    AreaStatus,
    AxisDevice,
    GroupStatus,
    PtzPreset,
    VapixError,
)
from ..vapix.events import AreaEvent, DeviationEvent
from .configuration import ConfigurationCoordinator
from .pushed import Pushed, pushed_group, pushed_reading
from .restart import Restart
from .status import read_status
from .subscribers import AlarmListener, Subscriber, Subscribers

_LOGGER = logging.getLogger(__name__)

# Information events (an area's reading every 30 s) are shown within this many seconds, at
# each camera's share of them (see push_area).
INFORMATION_SPREAD: Final = 5.0

_NOTHING: Final = Readings()


class ReadingsCoordinator(DataUpdateCoordinator[Readings]):
    """Poll a camera's readings; take what its event stream pushes in between."""

    config_entry: ConfigEntry

    def __init__(
        self,
        hass: HomeAssistant,
        entry: ConfigEntry,
        device: AxisDevice,
        configuration: ConfigurationCoordinator,
    ) -> None:
        """Poll ``device`` every :data:`POLL_INTERVAL`, at the camera's own phase."""
        self.spread = zlib.crc32(configuration.serial.encode()) / 2**32
        super().__init__(
            hass,
            _LOGGER,
            config_entry=entry,
            name=entry.title,
            update_interval=POLL_INTERVAL,
            always_update=False,
        )
        self.device = device
        self.configuration = configuration
        self.health: CapabilityHealth = configuration.health
        self.inputs = InputStates()
        self.stream = StreamHealth()
        self.identity_due = True  # who answers must be checked before readings count
        # Areas and groups a status or event named that the last configuration read did not
        # list, and those named since it.
        self._unlisted: frozenset[Resource] = frozenset()
        self._named: set[Resource] = set()
        self._config_seen: float | None = None  # read_at of the configuration last polled
        self._pushed = Pushed()  # what the event stream pushed since the last poll
        # Relay outputs whose state the event stream reports (polls leave them out), and
        # whether the next poll reads every output all the same (after a switch).
        self._streamed_outputs: set[int] = set()
        self._outputs_due = False
        self.any_area_pushed: bool | None = None  # TemperatureDetectionAnyArea, while pushed
        self._information: dict[int, AreaEvent] = {}
        self._information_timer: asyncio.TimerHandle | None = None
        # Entities by the resources they show; those of none are told of every change.
        self._subscribers = Subscribers(
            self.async_add_listener,
            lambda: (self.data, (self.last_update_success, self.restarting)),
        )
        # A restart asked for from Home Assistant: away quietly until back (or the deadline).
        self._restart = Restart()

    # ------------------------------------------------------------------ schedule

    @property
    def phase(self) -> float:
        """Seconds into every interval at which this camera polls (0 to 5 for 5 s).

        Fractions included: Home Assistant's scheduler alone keeps polls on whole seconds
        plus a fraction of at most half a second, so many cameras would poll at once.
        """
        return round(self.spread * POLL_INTERVAL.total_seconds(), 3)

    @property
    def poll_interval(self) -> timedelta:
        """How often the camera is polled."""
        return POLL_INTERVAL

    @property
    def followed(self) -> bool:
        """Whether a stream from the camera is live (the event stream or the input monitor).

        Another camera taking the address ends it, so the identity is checked then; without
        one it is checked with every poll.
        """
        return self.stream.connected or self.inputs.streaming

    @property
    def restarting(self) -> bool:
        """Whether the camera is away restarting (asked for from Home Assistant)."""
        return self._restart.under_way

    def capability_ok(self, capability: Capability) -> bool:
        """Whether ``capability`` works (the camera answering at all aside)."""
        return self.health.ok(capability)

    # ------------------------------------------------------------------ what is shown

    @property
    def polled(self) -> Readings:
        """The last poll's readings (none before the first)."""
        return cast(Readings | None, self.data) or _NOTHING

    def area(self, area_id: int) -> Reading[AreaStatus] | None:
        """An area's newest reading: pushed since the last poll, else the poll's."""
        return self._pushed.areas.get(area_id) or self.polled.areas.get(area_id)

    def group(self, group_id: int) -> Reading[GroupStatus] | None:
        """A group's newest reading."""
        return self._pushed.groups.get(group_id) or self.polled.groups.get(group_id)

    @property
    def areas(self) -> dict[int, Reading[AreaStatus]]:
        """Every area's newest reading."""
        return {**self.polled.areas, **self._pushed.areas}

    @property
    def groups(self) -> dict[int, Reading[GroupStatus]]:
        """Every group's newest reading."""
        return {**self.polled.groups, **self._pushed.groups}

    @property
    def outputs(self) -> dict[int, bool]:
        """Every relay output's newest state (those that could be read)."""
        return {**self.polled.outputs, **self._pushed.outputs}

    @property
    def streamed_outputs(self) -> frozenset[int]:
        """The relay outputs whose state the event stream reports."""
        return frozenset(self._streamed_outputs)

    def current_preset(self, config: ThermometryConfig) -> PtzPreset | None:
        """The preset the camera stands on; None between presets."""
        return config.current_preset(self.polled.position)

    # ------------------------------------------------------------------ who is told

    @callback
    def async_subscribe(
        self, resources: Iterable[Resource], subscriber: Subscriber
    ) -> CALLBACK_TYPE:
        """Call ``subscriber`` when readings of ``resources`` change; returns the unsubscribe.

        Every subscriber is called when the camera's availability changes, or whatever may
        have (no resources: only then).
        """
        return self._subscribers.add(resources, subscriber)

    @callback
    def async_add_alarm_listener(self, listener: AlarmListener) -> CALLBACK_TYPE:
        """Call ``listener`` whenever an area's alarm turns on or off."""
        return self._subscribers.add_alarm_listener(listener)

    def _alarms_changed(
        self,
        before: Mapping[int, Reading[AreaStatus]],
        after: Mapping[int, Reading[AreaStatus]],
        *,
        pushed: bool,
    ) -> None:
        if self._subscribers.alarm_listeners:
            areas = self.configuration.data.areas
            self._subscribers.alarms(alarm_changes(before, after, areas, pushed=pushed))

    # ------------------------------------------------------------------ pushed events

    @callback
    def push_area(self, event: AreaEvent) -> None:
        """The camera pushed an area's alarm state or its 30-second information event.

        An alarm event is shown at once. An information event is a reading like a poll's:
        while Home Assistant polls the camera it is left to the next poll (at most an
        interval away, it reads newer values), so it costs no state write of its own. With
        polling disabled it is shown after this camera's share of ``INFORMATION_SPREAD``,
        so that a fleet of cameras sending theirs in step does not write every area at once
        (a pushed alarm would wait behind them).
        """
        config = self.configuration.data
        area_id = event.area_id
        if area_id not in config.areas:
            self._named_unknown(("area", area_id))  # an area added on the camera?
            return
        reading = self.area(area_id)
        new = pushed_reading(reading, event, config.scale)
        if new is None:
            return
        if event.active is None and reading is not None and reading.measuring and new.measuring:
            if not self.config_entry.pref_disable_polling:
                return  # the next poll shows newer values
            self._information[area_id] = event
            if self._information_timer is None:
                self._information_timer = self.hass.loop.call_later(
                    self.spread * INFORMATION_SPREAD, self._show_information
                )
            return
        self._information.pop(area_id, None)
        if event.active is not None:
            self._pushed.pushed_at[("area", area_id)] = time.monotonic()
        self._show_areas({area_id: new})

    @callback
    def _show_information(self) -> None:
        """Show the information events no poll has overtaken."""
        self._information_timer = None
        events, self._information = self._information, {}
        config = self.configuration.data
        readings = {
            area_id: new
            for area_id, event in events.items()
            if area_id in config.areas
            and (new := pushed_reading(self.area(area_id), event, config.scale))
        }
        if readings:
            self._show_areas(readings)

    def _show_areas(self, readings: Mapping[int, Reading[AreaStatus]]) -> None:
        before = {area_id: reading for area_id in readings if (reading := self.area(area_id))}
        self._pushed.areas.update(readings)
        changed: set[Resource] = set()
        for area_id, reading in readings.items():
            changed |= reading_changes("area", area_id, before.get(area_id), reading)
        self._subscribers.pushed(changed)
        self._alarms_changed(before, readings, pushed=True)

    @callback
    def push_group(self, event: DeviationEvent) -> None:
        """The camera pushed a group's deviation alarm."""
        if event.group_id not in self.configuration.data.groups:
            self._named_unknown(("group", event.group_id))
            return
        old = self.group(event.group_id)
        if (new := pushed_group(old, event)) is not None:
            self._pushed.pushed_at[("group", event.group_id)] = time.monotonic()
            self._pushed.groups[event.group_id] = new
            self._subscribers.pushed(reading_changes("group", event.group_id, old, new))

    @callback
    def push_output(self, port: int, active: bool) -> None:
        """The camera pushed a relay output's state: followed by the stream from now on.

        A port the configuration does not list as an output is left out; the configuration
        read (every :data:`~..const.CONFIGURATION_REFRESH`) finds outputs added since.
        """
        if all(output.number != port for output in self.configuration.data.outputs):
            return
        self._streamed_outputs.add(port)
        if self.outputs.get(port) is not active:
            self._pushed.outputs[port] = active
            self._pushed.pushed_at[("output", port)] = time.monotonic()
            self._subscribers.pushed({("output", port)})

    @callback
    def outputs_unfollowed(self) -> None:
        """The event stream ended: polls read every relay output again."""
        self._streamed_outputs.clear()

    async def async_confirm_outputs(self) -> None:
        """Poll now, reading every relay output (after a switch), followed or not."""
        self._outputs_due = True
        await self.async_refresh()

    @callback
    def restore(self, resource: Resource, reading: Reading[Any]) -> None:
        """A reading from before Home Assistant restarted, where none is known since.

        Polls carry it on as an area of another preset's, until the camera measures it again.
        """
        kind, item_id = resource
        if (self.area(item_id) if kind == "area" else self.group(item_id)) is None:
            (self._pushed.areas if kind == "area" else self._pushed.groups)[item_id] = reading
            self._subscribers.pushed(reading_changes(kind, item_id, None, reading))

    @callback
    def push_any_area(self, active: bool | None) -> None:
        """The camera pushed TemperatureDetectionAnyArea; None: the stream no longer does."""
        if self.any_area_pushed is not active:
            self.any_area_pushed = active
            self._subscribers.pushed({ANY_ALARM})

    @callback
    def stream_changed(self) -> None:
        """The event stream connected or ended: tell what shows it."""
        self._subscribers.pushed({STREAM})

    async def async_shutdown(self) -> None:
        """Drop the information events still waiting (unload, shutdown)."""
        if self._information_timer is not None:
            self._information_timer.cancel()
            self._information_timer = None
        await super().async_shutdown()

    # ------------------------------------------------------------------ refresh control

    def connection_lost(self) -> None:
        """A stream from the camera ended: check who answers before the next readings count.

        A camera that restarted, or another one at its address, may answer the next poll at
        once, before any poll saw the outage.
        """
        self.identity_due = True

    def request_configuration_refresh(self) -> None:
        """Re-read the configuration with the next poll (after a change made elsewhere)."""
        self.configuration.due = True

    def _named_unknown(self, resource: Resource) -> None:
        """An event named an area or group the configuration lacks: re-read it next poll.

        Unless the last read already left it out: a camera whose events name an id its list
        does not (or whose list cannot be read) costs one re-read, not one per event.
        """
        if resource not in self._unlisted:
            self._named.add(resource)
            self.request_configuration_refresh()

    async def async_reread_configuration(self) -> None:
        """Re-read the configuration and poll now (after a change made from Home Assistant)."""
        self.request_configuration_refresh()
        await self.async_refresh()

    @callback
    def expect_restart(self) -> None:
        """The camera is restarting: unavailable quietly until it has been away and is back.

        A camera answers for a moment after the restart command before it goes down; a poll
        that succeeds then does not end the restart. One that is not back within
        :data:`RESTART_GRACE` is an outage like any other.
        """
        self._restart.expect()
        self._subscribers.notify(None)

    # ------------------------------------------------------------------ the poll

    async def _async_update_data(self) -> Readings:
        try:
            return await self._async_poll()
        finally:
            # Whatever started this poll (the schedule, a write, a stream that reconnected),
            # the next one comes at this camera's phase.
            self.update_interval = self._until_phase()

    def _until_phase(self) -> timedelta:
        """From now to the camera's next phase, counted as Home Assistant's scheduler does."""
        now = int(self.hass.loop.time())
        interval = int(POLL_INTERVAL.total_seconds())
        second, fraction = divmod(self.phase, 1)
        return timedelta(seconds=(int(second) - now - 1) % interval + 1 + fraction)

    async def _async_poll(self) -> Readings:
        self._information.clear()  # this poll reads newer values
        if not self.last_update_success:
            self.identity_due = True  # after an outage, another camera may answer
        started = time.monotonic()
        previous = cast(Readings | None, self.data)  # None before the first poll
        configuration = self.configuration
        away: Readings | None = None
        try:
            if configuration.due or not configuration.last_update_success:
                await configuration.async_refresh()
                configuration.raise_if_failed()
            data = await self._poll(previous or _NOTHING, started)
        except* (WrongDeviceError, VapixError) as group:
            if not self._quietly_away(group) or previous is None:
                raise configuration.failure(group) from None
            away = previous  # restarting, as asked: nothing to report
        if away is not None:
            return away
        if self._restart.answered():  # back from its restart
            self._subscribers.notify(None)
        configuration.recovered()
        return data

    async def _poll(self, previous: Readings, started: float) -> Readings:
        configuration = self.configuration
        attempts = Attempts()
        if self.identity_due or configuration.wrong_serial is not None:
            await configuration.async_check_identity(attempts)  # before a reading counts
        # An identity that could not be read (a camera still restarting) is read again next
        # poll: who answers is unsure. One that keeps failing waits for the configuration read.
        self.identity_due = attempts.errors.get(
            Capability.IDENTITY
        ) is not None and not self.health.suspended(Capability.IDENTITY)
        # Without a live stream from the camera nothing would notice another camera taking
        # its address between two polls: its identity is confirmed with every poll then.
        confirm = (
            Capability.IDENTITY not in attempts.errors
            and not self.followed
            and not self.health.suspended(Capability.IDENTITY)
        )
        config = configuration.data
        retry_suspended = self._config_seen != config.read_at  # a configuration read since
        # The relay outputs the event stream reports keep their state; the others are read.
        outputs_due, self._outputs_due = self._outputs_due, False
        known = self.outputs
        kept_outputs = {
            port.number: known[port.number]
            for port in config.outputs
            if not outputs_due and port.number in self._streamed_outputs and port.number in known
        }
        status = await read_status(
            self.device,
            config,
            attempts,
            polled=lambda capability: retry_suspended or not self.health.suspended(capability),
            inputs=self.inputs,
            streamed_outputs=kept_outputs.keys(),
            identity=partial(configuration.async_check_identity, attempts) if confirm else None,
        )
        named = self._named | status.unlisted(config)
        if named - self._unlisted:
            # Areas or groups added on the camera (a list that left them out is not re-read
            # for them again: that would cost a re-read every poll).
            _LOGGER.debug("%s: status names %s; re-reading", self.name, sorted(named))
            await configuration.async_refresh()
            configuration.raise_if_failed()
            config = configuration.data
        if self._config_seen != config.read_at:
            self._unlisted = frozenset(named - config.resources)
            self._named = set()
            self._config_seen = config.read_at
        self._restart.raise_if_going_down(attempts.errors.values())
        attempts.record(self.health, at_configuration=False)
        now = dt_util.utcnow()
        shown = replace(previous, areas=self.areas, groups=self.groups)
        data = Readings(
            areas=readings_of(shown.areas, status.areas, config.areas, now),
            groups=readings_of(shown.groups, status.groups, config.groups, now),
            unreadable=status.unreadable,
            spots=status.spots,
            position=status.position,
            outputs=kept_outputs | status.outputs,
            failing=frozenset(self.health.failures),
        )
        data = self._pushed.merged(data, started)
        self._alarms_changed(shown.areas, data.areas, pushed=False)
        return data

    def _quietly_away(self, group: BaseExceptionGroup[Exception]) -> bool:
        """Whether the failure is the camera restarting, as asked: expected, so no error."""
        if self._restart.overdue():
            _LOGGER.warning("%s has not come back since it was restarted", self.name)
            self._subscribers.notify(None)
            return False
        return self._restart.away(group)
