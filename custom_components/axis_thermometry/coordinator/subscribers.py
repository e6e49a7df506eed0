"""Who is told of which readings: per-resource subscriptions, as unifiprotect's per device.

After a poll only the subscribers of the areas, groups, spot meters and relays whose readings
changed are called (everyone when the poll failed, recovered, or what availability depends
on changed); a push calls those of what it brought. Alarm listeners hear of every area's
alarm turning on or off, polled or pushed.
"""

from collections.abc import Callable, Iterable

from homeassistant.core import CALLBACK_TYPE, callback

from ..models import AlarmChange, Readings, Resource, changed_resources

type Subscriber = Callable[[], None]
type AlarmListener = Callable[[AlarmChange], None]
# The poll's data and what availability depends on (success, restarting).
type PollState = tuple[Readings | None, tuple[bool, bool]]


class Subscribers:
    """Subscribers by the resources whose readings they show (None: of no resource)."""

    def __init__(
        self,
        listen: Callable[[CALLBACK_TYPE], CALLBACK_TYPE],
        poll_state: Callable[[], PollState],
    ) -> None:
        """Follow the coordinator's updates through ``listen`` while anyone subscribes."""
        self._listen = listen
        self._poll_state = poll_state
        self._by_resource: dict[Resource | None, list[Subscriber]] = {}
        self._unlisten: CALLBACK_TYPE | None = None
        self._dispatched: PollState | None = None
        self._touched: set[Resource] = set()  # pushed since the last dispatch
        self.alarm_listeners: list[AlarmListener] = []

    @callback
    def add(self, resources: Iterable[Resource], subscriber: Subscriber) -> CALLBACK_TYPE:
        """Subscribe to ``resources`` (none: to changes of everything only)."""
        keys: list[Resource | None] = list(resources) or [None]
        for key in keys:
            self._by_resource.setdefault(key, []).append(subscriber)
        if self._unlisten is None:
            self._unlisten = self._listen(self._after_poll)

        @callback
        def remove() -> None:
            for key in keys:
                self._by_resource[key].remove(subscriber)
                if not self._by_resource[key]:
                    del self._by_resource[key]
            if not self._by_resource and self._unlisten is not None:
                self._unlisten()
                self._unlisten = None

        return remove

    @callback
    def add_alarm_listener(self, listener: AlarmListener) -> CALLBACK_TYPE:
        """Call ``listener`` whenever an area's alarm turns on or off."""
        self.alarm_listeners.append(listener)
        return lambda: self.alarm_listeners.remove(listener)

    @callback
    def alarms(self, changes: Iterable[AlarmChange]) -> None:
        """Tell the alarm listeners of ``changes``."""
        for change in changes:
            for listener in list(self.alarm_listeners):
                listener(change)

    @callback
    def pushed(self, resources: set[Resource]) -> None:
        """A push changed ``resources``: their subscribers now, and after the next poll."""
        self._touched |= resources
        self.notify(resources)

    @callback
    def _after_poll(self) -> None:
        before, self._dispatched = self._dispatched, self._poll_state()
        (data, state), touched = self._dispatched, self._touched
        self._touched = set()
        changed = None
        if before is not None and before[0] is not None and data is not None and before[1] == state:
            changed = changed_resources(before[0], data)
        self.notify(None if changed is None else changed | touched)

    @callback
    def notify(self, changed: Iterable[Resource] | None) -> None:
        """Call, once each, the subscribers of ``changed`` (None: everyone)."""
        groups = (
            self._by_resource.values()
            if changed is None
            else (self._by_resource.get(resource, ()) for resource in changed)
        )
        called: dict[int, Subscriber] = {}
        for subscribers in list(groups):
            for subscriber in subscribers:
                called.setdefault(id(subscriber), subscriber)
        for subscriber in called.values():
            subscriber()
