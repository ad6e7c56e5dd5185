"""Waiting for a condition with a deadline: the one way tests wait (never a fixed sleep).

`check` is called until it returns something other than None or False; that value is
returned. At the deadline an AssertionError says what was awaited. The interval between
checks only bounds how busy the wait is: the wait ends as soon as the condition holds.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

T = TypeVar("T")

#: Generous on a loaded 2-core machine; a test waiting on a server's job may pass more.
DEFAULT_TIMEOUT = 30.0
INTERVAL = 0.01


def _rounds(check: Callable[[], T | None], timeout: float, what: str) -> Iterator[T | None]:
    """One item per check: None while it does not hold, then its value; AssertionError late."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value is not None and value is not False:
            yield value
            return
        if time.monotonic() >= deadline:
            raise AssertionError(f"timed out after {timeout:g} s waiting for {what}")
        yield None


def poll_until(
    check: Callable[[], T | None],
    timeout: float = DEFAULT_TIMEOUT,
    what: str = "the condition",
    interval: float = INTERVAL,
) -> T:
    """The first value of `check()` that is neither None nor False."""
    for value in _rounds(check, timeout, what):
        if value is not None:
            return value
        time.sleep(interval)
    raise AssertionError("unreachable: _rounds ends with a value or raises")


async def poll_until_async(
    check: Callable[[], T | None],
    timeout: float = DEFAULT_TIMEOUT,
    what: str = "the condition",
    interval: float = INTERVAL,
) -> T:
    """poll_until without blocking the event loop (`check` itself must not block)."""
    for value in _rounds(check, timeout, what):
        if value is not None:
            return value
        await asyncio.sleep(interval)
    raise AssertionError("unreachable: _rounds ends with a value or raises")


UNFINISHED = frozenset({"pending", "processing"})


def until_status(
    get: Callable[[], Any],
    statuses: Callable[[str], bool] = lambda status: status not in UNFINISHED,
    timeout: float = 60.0,
    what: str = "a job to finish",
    interval: float = 0.05,
) -> Any:
    """`get()` (a job or file: a JSON dict or a model with `.status`) once its status passes
    `statuses` (by default: no longer pending or processing)."""

    def check() -> Any:
        value = get()
        status = value.get("status") if isinstance(value, dict) else value.status
        return value if statuses(str(status)) else None

    return poll_until(check, timeout, what, interval)
