"""A camera restarted from Home Assistant: away for a while, expectedly."""

from collections.abc import Iterable
import time

from ..const import RESTART_GRACE
from ..vapix import VapixConnectionError, VapixError, VapixTimeoutError


class Restart:
    """Whether the camera is away restarting, as asked, and whether a failure is just that.

    A camera answers for a moment after the restart command before it goes down: a poll that
    succeeds then does not end the restart; the first after it has been away does. One that
    is not back within :data:`RESTART_GRACE` is an outage like any other.
    """

    def __init__(self) -> None:
        """No restart under way."""
        self._deadline: float | None = None
        self._seen_away = False

    @property
    def under_way(self) -> bool:
        """Whether the camera is away restarting."""
        return self._deadline is not None

    def expect(self) -> None:
        """The camera was asked to restart."""
        self._deadline = time.monotonic() + RESTART_GRACE.total_seconds()
        self._seen_away = False

    def overdue(self) -> bool:
        """Whether a restart under way took too long: it ends, as an outage."""
        if self._deadline is None or time.monotonic() < self._deadline:
            return False
        self._deadline = None
        return True

    def away(self, group: BaseExceptionGroup[Exception]) -> bool:
        """Whether the failures in ``group`` are the camera being away while restarting."""
        if self._deadline is None:
            return False
        away = all(_gone(err) for err in _leaves(group))
        self._seen_away |= away
        return away

    def raise_if_going_down(self, errors: Iterable[VapixError | None]) -> None:
        """Raise a poll's lost connections while a restart is under way.

        A camera that goes down in the middle of a poll answers some reads and drops the
        others: that is the restart, not those capabilities failing.
        """
        if self._deadline is None:
            return
        if lost := [err for err in errors if err is not None and _gone(err)]:
            raise ExceptionGroup("the camera went down to restart", lost)

    def answered(self) -> bool:
        """A poll succeeded: whether that ends the restart (the camera had been away)."""
        if not self._seen_away:
            return False
        self._deadline, self._seen_away = None, False
        return True


def _gone(err: Exception) -> bool:
    """Whether ``err`` is the camera not answering (down, or not up yet)."""
    return isinstance(err, VapixConnectionError | VapixTimeoutError)


def _leaves(group: BaseExceptionGroup[Exception]) -> list[Exception]:
    leaves: list[Exception] = []
    for err in group.exceptions:
        leaves.extend(_leaves(err) if isinstance(err, BaseExceptionGroup) else [err])
    return leaves
