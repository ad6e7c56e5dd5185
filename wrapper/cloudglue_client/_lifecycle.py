"""Whether a client (and its `with_options` copies) is closed, and the work closing must end.

Closing, before any connection is closed, makes every later step of every call raise
`ClientClosedError` (so nothing in flight is retried), wakes every sleep on any thread or loop,
and fires the whole-attempt timeout of every async attempt in flight (async prefetches
included). The transport ends sync attempts in flight by shutting their sockets down.
"""

from __future__ import annotations

import contextlib
import functools
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from . import _clock, _forksafe
from ._attempt import InUse
from .errors import ClientClosedError

if TYPE_CHECKING:
    import asyncio


class Lifecycle:
    """The open/closed state of one client and its copies; thread-safe."""

    def __init__(self) -> None:
        self._closed = threading.Event()
        # What to run on which event loop at close: sleeps to wake, attempt timeouts to fire.
        self._pokes = InUse(_forksafe.Lock(), _poke)

    @property
    def closed(self) -> bool:
        """True once `close()` was called."""
        return self._closed.is_set()

    def check(self, *, in_flight: bool = False) -> None:
        """Raise ClientClosedError if the client is closed."""
        if self._closed.is_set():
            raise ClientClosedError(in_flight=in_flight)

    def close(self) -> None:
        """Mark closed and end the client's own work; safe from any thread, idempotent."""
        self._closed.set()
        self._pokes.shutdown()

    def sleep(self, seconds: float) -> None:
        """Sleep, cut short by close(); then raise ClientClosedError if closed."""
        _clock.sleep(seconds, wake=self._closed)
        self.check(in_flight=True)

    async def async_sleep(self, seconds: float) -> None:
        """Sleep without blocking the loop, cut short by close(); then check."""
        import asyncio

        loop = asyncio.get_running_loop()
        waiter: asyncio.Future[None] = loop.create_future()
        with self._poked(loop, waiter.cancel):  # a cancelled waiter is done: awake
            await _clock.async_sleep(seconds, wake=waiter)
        self.check(in_flight=True)

    def watching(
        self, timeout: asyncio.Timeout, loop: asyncio.AbstractEventLoop
    ) -> contextlib.AbstractContextManager[None]:
        """While inside, close() makes `timeout` (an attempt's, on `loop`) fire at once."""
        return self._poked(loop, functools.partial(_expire, timeout, loop))

    @contextmanager
    def _poked(self, loop: asyncio.AbstractEventLoop, poke: Callable[[], object]) -> Iterator[None]:
        # A close before this raises; one after the check pokes, at once or when it comes.
        self.check(in_flight=True)
        entry = (loop, poke)
        self._pokes.add(entry)
        try:
            yield
        finally:
            self._pokes.discard(entry)


def _poke(entry: tuple[asyncio.AbstractEventLoop, Callable[[], object]]) -> None:
    with contextlib.suppress(RuntimeError):  # a closed loop has nothing of ours to wake
        entry[0].call_soon_threadsafe(entry[1])


def _expire(timeout: asyncio.Timeout, loop: asyncio.AbstractEventLoop) -> None:
    with contextlib.suppress(RuntimeError):  # expired already, or the attempt left its block
        timeout.reschedule(loop.time())
