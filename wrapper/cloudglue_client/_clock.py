"""The one seam for time: tests patch these instead of sleeping for real."""

from __future__ import annotations

import asyncio
import time


def monotonic() -> float:
    """Seconds from an arbitrary start, never going backwards."""
    return time.monotonic()


def sleep(seconds: float) -> None:
    """Block for `seconds`."""
    if seconds > 0:
        time.sleep(seconds)


async def async_sleep(seconds: float) -> None:
    """Suspend for `seconds`."""
    if seconds > 0:
        await asyncio.sleep(seconds)
