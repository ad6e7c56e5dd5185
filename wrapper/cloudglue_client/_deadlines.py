"""Whole-attempt deadlines: how long one request attempt may take, however the server trickles.

httpx's timeouts bound each read; a server sending a byte every half second never trips them.
An `AttemptClock` bounds the attempt as a whole: `budget` seconds (the largest part of the
client's timeout), and never past `cap` (a wait's deadline). Uploads start the clock once the
request body has been sent, so a large file's transfer time is not counted against it (each
write stays bounded by the write timeout).

The async sender enforces it with `asyncio.timeout`; the sync sender with the read/write caps of
`_sockets` (on connections the client owns) and checks between body chunks (on any client).
"""

from __future__ import annotations

from contextvars import ContextVar

import httpx

from . import _clock
from . import _constants as C


class AttemptClock:
    """The deadline of one attempt (monotonic seconds), started now or when the body is sent."""

    def __init__(self, budget: float, cap: float | None, *, started: bool = True) -> None:
        self.budget = budget
        self.cap = cap
        self.deadline: float | None = None
        if started:
            self.start()

    def start(self) -> None:
        """Begin counting (idempotent)."""
        if self.deadline is None:
            deadline = _clock.monotonic() + self.budget
            self.deadline = deadline if self.cap is None else min(deadline, self.cap)

    def remaining(self) -> float | None:
        """Seconds left; None while not started and uncapped."""
        deadline = self.deadline if self.deadline is not None else self.cap
        return None if deadline is None else deadline - _clock.monotonic()

    def expired(self) -> bool:
        """True once the time is up."""
        left = self.remaining()
        return left is not None and left <= 0

    def check(self, request: httpx.Request | None = None) -> None:
        """Raise httpx.ReadTimeout once the time is up."""
        if self.expired():
            raise httpx.ReadTimeout(self.expired_message(), request=request)

    def expired_message(self) -> str:
        """What the timeout error says."""
        return f"the attempt did not complete within {self.budget:g}s as a whole"

    def capped(self, timeout: httpx.Timeout) -> httpx.Timeout:
        """`timeout` with every part no longer than the time left (for httpx's own checks)."""
        left = self.remaining()
        if left is None:
            return timeout
        left = max(left, C.MIN_ATTEMPT_SLICE)

        def cap(part: float | None) -> float:
            return left if part is None else min(part, left)

        return httpx.Timeout(
            connect=cap(timeout.connect),
            read=cap(timeout.read),
            write=cap(timeout.write),
            pool=cap(timeout.pool),
        )

    def trace(self, name: str, info: object) -> None:
        """An httpx `trace` extension: start counting once the request body is sent."""
        if name.endswith("send_request_body.complete"):
            self.start()


def attempt_budget(timeout: httpx.Timeout) -> float:
    """Seconds one attempt may take as a whole: the largest part of the timeout."""
    parts = [p for p in (timeout.connect, timeout.read, timeout.write, timeout.pool) if p]
    return max(parts) if parts else float(C.DEFAULT_TIMEOUT.read or 60.0)


#: The clock of the attempt the current thread (or task) is running, for the socket caps.
CURRENT: ContextVar[AttemptClock | None] = ContextVar("cloudglue_attempt", default=None)
