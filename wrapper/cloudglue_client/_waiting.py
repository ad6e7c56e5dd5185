"""Waiting for a job to finish: the policy that the runners' poll loops follow.

Each poll, retries included, runs only until the wait's deadline (plus `WAIT_LAST_POLL_GRACE`),
so `wait(timeout=T)` ends within about T + 1 s even when the server stops answering. Once the
job was seen, a poll failing for a transient reason is followed by the next one until the
deadline, then WaitTimeoutError caused by it; a first poll's failure is raised at once.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Callable, Iterator
from typing import Any

from . import _clock
from . import _constants as C
from ._hooks import checked
from ._logging import logger
from ._retry import is_retryable
from ._status import JobStatus
from ._validation import finite, shown
from .errors import CloudglueError, JobFailedError, WaitTimeoutError


class WaitState:
    """Deadline, backoff and status handling for one wait; no I/O."""

    def __init__(
        self,
        timeout: float | None,
        poll_interval: float | None,
        on_update: Callable[[Any], object] | None,
        heartbeat: float | None = C.WAIT_HEARTBEAT,
        timeout_name: str = "timeout",
    ) -> None:
        self.timeout = _positive(
            C.DEFAULT_WAIT_TIMEOUT if timeout is None else timeout, timeout_name
        )
        self.interval = _positive(
            C.POLL_INITIAL_INTERVAL if poll_interval is None else poll_interval, "poll_interval"
        )
        self.on_update = checked(on_update, "on_update")
        self.heartbeat = None if heartbeat is None else _positive(heartbeat, "heartbeat")
        self.deadline = _clock.monotonic() + self.timeout
        self.last_status: JobStatus | None = None
        self.last_job: Any = None
        self.subject: str | None = None  # the id waited for, if known
        #: The transient failure of the last poll, if it failed (the cause of a timeout).
        self.failure: CloudglueError | None = None
        self._notified = _clock.monotonic()

    def finished(self, job: Any) -> bool:
        """Record a poll; True when terminal and fine, raises JobFailedError on `failed`."""
        status = JobStatus.of(job.status)
        self.last_job = job
        if status != self.last_status or self._beat_in() <= 0:
            self.last_status = status
            self._notify()
        if status is JobStatus.FAILED:
            extra = getattr(job, "additional_properties", None) or {}
            said = [extra.get(key) for key in ("error", "reason", "message")]
            reason = next((text for text in said if isinstance(text, str)), None)
            raise JobFailedError(job, reason=reason)
        return status.is_terminal

    @contextlib.contextmanager
    def polling(self) -> Iterator[float]:
        """Around one poll (not `on_update`): gives the time its attempts may not run past. A
        transient failure becomes WaitTimeoutError past the deadline; before, once the job
        was seen, it is kept and the wait goes on."""
        try:
            yield self.deadline + C.WAIT_LAST_POLL_GRACE
        except CloudglueError as exc:
            if not is_retryable(exc, idempotent=True, sent=True):
                raise
            if _clock.monotonic() >= self.deadline:
                raise self._timed_out() from exc
            if self.last_job is None:
                raise
            logger.info("waiting goes on after a failed poll: %s", type(exc).__name__)
            self.failure = exc
        else:
            self.failure = None

    def pauses(self) -> Iterator[float]:
        """The sleep before the next poll, in pieces with a heartbeat (`on_update` with the
        last job) between them; WaitTimeoutError once the deadline has passed."""
        now = _clock.monotonic()
        if now >= self.deadline:
            raise self._timed_out()
        until = now + min(self.interval, self.deadline - now)
        self.interval = min(self.interval * C.POLL_BACKOFF, C.POLL_MAX_INTERVAL)
        # Against the clock: time in on_update counts as paused, so a slow one cannot hold
        # the wait in heartbeats forever.
        while (left := until - _clock.monotonic()) > 0:
            if (beat := self._beat_in()) >= left:
                yield left
                return
            yield max(beat, 0.0)
            self._notify()

    def _timed_out(self) -> WaitTimeoutError:
        error = WaitTimeoutError(self.last_job, timeout=self.timeout, job_id=self.subject)
        error.__cause__ = self.failure
        return error

    def _beat_in(self) -> float:
        """Seconds until a heartbeat is due (infinite when there is no heartbeat)."""
        if self.heartbeat is None or self.on_update is None:
            return math.inf
        return self._notified + self.heartbeat - _clock.monotonic()

    def _notify(self) -> None:
        self._notified = _clock.monotonic()
        if self.on_update is not None:
            self.on_update(self.last_job)


def _positive(value: object, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"{name}: expected a number of seconds, got {type(value).__name__}")
    if not finite(value) or value <= 0:
        raise ValueError(
            f"{name}: must be a positive, finite number of seconds, got {shown(value)}"
        )
    return float(value)
