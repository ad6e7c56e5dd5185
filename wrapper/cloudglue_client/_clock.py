"""The one seam for time: tests patch these instead of sleeping for real."""

from __future__ import annotations

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
    import asyncio  # here, not at the top: sync-only programs never load asyncio

    if seconds > 0:
        await asyncio.sleep(seconds)
