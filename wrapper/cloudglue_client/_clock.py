"""The one seam for time: tests patch these instead of sleeping for real.

`wake` lets a closing client cut a sleep short (a threading.Event for `sleep`, a future for
`async_sleep`); a fake clock may ignore it.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import asyncio
    import threading


def monotonic() -> float:
    """Seconds from an arbitrary start, never going backwards."""
    return time.monotonic()


def sleep(seconds: float, wake: threading.Event) -> None:
    """Block for `seconds`, or until `wake` is set."""
    if seconds > 0:
        wake.wait(seconds)


async def async_sleep(seconds: float, wake: asyncio.Future[None]) -> None:
    """Suspend for `seconds`, or until `wake` is done."""
    import asyncio  # here, not at the top: sync-only programs never load asyncio

    if seconds > 0:
        await asyncio.wait({wake}, timeout=seconds)
