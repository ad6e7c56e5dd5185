"""Locks that a forked child gets fresh.

Threads hold a client's locks for a moment on each request (counting it, tracking a new
socket, closing). A fork at such a moment copies the lock as held into the child, where no
thread will ever release it: the child's first request (or close) would wait forever. Every
`Lock` here is replaced by a new one in the child, while the child still has one thread
(`os.register_at_fork`).
"""

from __future__ import annotations

import os
import threading
import weakref


class Lock:
    """A `threading.Lock`, for `with` blocks, that a forked child gets released."""

    __slots__ = ("__weakref__", "_lock")

    def __init__(self) -> None:
        self._lock = threading.Lock()
        _ALL.add(self)

    def __enter__(self) -> bool:
        return self._lock.acquire()

    def __exit__(self, *exc: object) -> None:
        self._lock.release()

    def renew(self) -> None:
        """Start afresh, released (only in a forked child, before it has other threads)."""
        self._lock = threading.Lock()


_ALL: weakref.WeakSet[Lock] = weakref.WeakSet()


def _renew_all() -> None:
    for lock in list(_ALL):
        lock.renew()


os.register_at_fork(after_in_child=_renew_all)
