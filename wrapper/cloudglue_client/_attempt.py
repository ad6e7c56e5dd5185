"""One request attempt: its whole-attempt deadline, and the sockets it reads from.

httpx's and httpcore's timeouts bound each read, so a server sending a byte every half second
never trips them. An `Attempt` bounds the attempt as a whole: `budget` seconds (the largest
part of the client's timeout), never past `cap` (a wait's deadline); an upload's clock starts
once its body is sent. Async attempts run inside an `asyncio.timeout` at the deadline; sync
ones go through `_sockets`, which caps each socket operation at the time left and binds the
socket to the attempt, so `abort()` can shut it down and wake a thread blocked on it.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

import httpx

from . import _clock
from . import _constants as C


class Attempt:
    """The deadline (monotonic seconds) and the sockets of one attempt under `timeout`."""

    def __init__(self, timeout: httpx.Timeout, cap: float | None, *, started: bool = True) -> None:
        parts = timeout.as_dict()
        self.budget = max(filter(None, parts.values()))  # every part is set and positive
        self.cap = cap
        self.deadline: float | None = None
        self._sockets = InUse()
        if started:
            self.start()
        if (left := self.remaining()) is not None:
            left = max(left, C.MIN_ATTEMPT_SLICE)
            parts = {
                name: left if part is None else min(part, left) for name, part in parts.items()
            }
        #: The request's httpcore timeout extension: no part longer than the time left.
        self.timeouts = parts

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
        """True once the time is up (or the attempt was aborted)."""
        left = self.remaining()
        return self.aborted or (left is not None and left <= 0)

    def expired_message(self) -> str:
        """What the timeout error says."""
        if self.aborted:
            return "the attempt was cancelled"
        return f"the attempt did not complete within {self.budget:g}s as a whole"

    def trace(self, name: str, info: object) -> None:
        """An httpcore `trace` extension: start counting once the request body is sent."""
        if name.endswith("send_request_body.complete"):
            self.start()

    @property
    def aborted(self) -> bool:
        """True once `abort()` was called."""
        return self._sockets.shut

    def bind(self, sock: object) -> None:
        """Note a socket (or asyncio stream) this attempt uses; shut down if already aborted."""
        if callable(getattr(sock, "shutdown", None)):
            self._sockets.add(sock)

    def abort(self) -> None:
        """End the attempt now: shut down its sockets, waking any blocked read or write."""
        self._sockets.shutdown()

    def release(self) -> None:
        """Let go of the sockets as the response ends: its connection may go back to the pool,
        where another request may take it, and a later (or ongoing) `abort()` must not reach it
        there."""
        self._sockets.take()


class InUse:
    """Things in use (sockets, attempts), thread-safe: `shutdown()` ends each with `end`, and
    from then on each one added."""

    def __init__(self, lock: Any = None, end: Callable[[Any], object] | None = None) -> None:
        self._lock = threading.Lock() if lock is None else lock
        self._end = shutdown_socket if end is None else end
        self._open: set[Any] = set()
        self.shut = False

    def add(self, thing: Any) -> None:
        with self._lock:
            if not self.shut:
                self._open.add(thing)
                return
        self._end(thing)

    def discard(self, thing: Any) -> None:
        with self._lock:
            self._open.discard(thing)

    def take(self) -> set[Any]:
        """Empty the set and return what it held (it stays open for more)."""
        with self._lock:
            held, self._open = self._open, set()
        return held

    def shutdown(self) -> None:
        """End everything in use (a socket shut down wakes its readers and writers), holding
        the lock: a thing taken back meanwhile (`take`) is never ended after it was."""
        with self._lock:
            self.shut = True
            held, self._open = self._open, set()
            for thing in held:
                self._end(thing)


def shutdown_socket(sock: Any) -> None:
    """Shut a socket down both ways, waking a thread blocked on it (closing would not)."""
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)


#: The attempt the current thread (or task) is running, for the socket caps and bindings.
CURRENT: ContextVar[Attempt | None] = ContextVar("cloudglue_attempt", default=None)
