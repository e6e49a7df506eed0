"""Who is told of which readings: per-resource subscriptions, as unifiprotect's per device."""

from collections.abc import Callable, Iterable

from homeassistant.core import CALLBACK_TYPE, callback

from ..models import Resource

type Subscriber = Callable[[], None]


class Subscribers:
    """Subscribers by the resources whose readings they show (None: of no resource)."""

    def __init__(self) -> None:
        """Nobody yet."""
        self._by_resource: dict[Resource | None, list[Subscriber]] = {}

    def __bool__(self) -> bool:
        """Whether anyone subscribes."""
        return bool(self._by_resource)

    @callback
    def add(self, resources: Iterable[Resource], subscriber: Subscriber) -> CALLBACK_TYPE:
        """Subscribe to ``resources`` (none: to changes of everything only)."""
        keys: list[Resource | None] = list(resources) or [None]
        for key in keys:
            self._by_resource.setdefault(key, []).append(subscriber)

        @callback
        def remove() -> None:
            for key in keys:
                self._by_resource[key].remove(subscriber)
                if not self._by_resource[key]:
                    del self._by_resource[key]

        return remove

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
