"""Which httpx client a call uses: per process (fork), per event loop (async), until closed.

A client and its `with_options` copies share one connections object. For an httpx client we
create ourselves:
- **fork**: a call in a process other than the one that made the pool gets a fresh pool; the
  child closes its copies of the parent's sockets without sending anything, so parent and child
  never share a connection (sharing one mixes their responses);
- **event loops** (async): each loop gets its own httpx.AsyncClient, closed when that loop
  ends (`asyncio.run` and pytest-asyncio finalise async generators; one of ours closes it), so
  a client works across successive `asyncio.run()` calls and from several loops at once;
- **close**: sync sockets are shut down first (waking threads blocked on reads), then closed.
A user-supplied httpx client is used as given: after a fork a warning says so, and using an
AsyncClient from a second loop while its first still runs is a clear error.
"""

from __future__ import annotations

import os
import threading
import warnings
import weakref
from collections.abc import AsyncGenerator
from http.cookiejar import CookieJar
from typing import TYPE_CHECKING

import httpx

from . import _constants as C
from ._lifecycle import Lifecycle
from .errors import CloudglueError

if TYPE_CHECKING:
    import asyncio

    from ._sockets import SocketRegistry

_fork_lock = threading.Lock()


class _NoCookies(CookieJar):
    """The jar of our own httpx clients: the API authenticates by bearer key, so a Set-Cookie
    is not kept (nor sent back); that saves httpx's cookie parsing on every response."""

    def extract_cookies(self, response: object, request: object) -> None:
        """Keep nothing."""


def _renew_fork_lock() -> None:
    # A lock held by another thread at fork time would stay held forever in the child.
    global _fork_lock
    _fork_lock = threading.Lock()


os.register_at_fork(after_in_child=_renew_fork_lock)

_FORK_WARNING = (
    "cloudglue: this client is used in a forked process with the httpx client it was given "
    "in the parent; parent and child may share pooled connections and read each other's "
    "responses. Create the client (or its httpx client) after forking."
)


class _Shared:
    """What both flavours share: the lifecycle, whether the client is the user's, the pid."""

    def __init__(self, lifecycle: Lifecycle, user_supplied: bool) -> None:
        self.lifecycle = lifecycle
        self.user_supplied = user_supplied
        self.pid = os.getpid()
        self._warned = False

    def forked(self) -> bool:
        """True (once per process change) when this process is not the one that made the pool."""
        if os.getpid() == self.pid:
            return False
        with _fork_lock:
            if os.getpid() == self.pid:
                return False
            self.pid = os.getpid()
            if self.user_supplied and not self._warned:
                self._warned = True
                warnings.warn(_FORK_WARNING, RuntimeWarning, stacklevel=5)
            return True


class SyncConnections(_Shared):
    """The httpx.Client of a sync client, renewed after a fork."""

    def __init__(self, lifecycle: Lifecycle, user: httpx.Client | None) -> None:
        super().__init__(lifecycle, user is not None)
        self.user = user
        self._registry: SocketRegistry | None = None
        self._http = user if user is not None else self._new()

    def client(self) -> httpx.Client:
        """The httpx client for a call made now; ClientClosedError once closed."""
        self.lifecycle.check()
        if self.forked() and self.user is None:
            if self._registry is not None:
                self._registry.abandon()
            self._http = self._new()
        return self._http

    def close(self) -> None:
        """End the client's work, then close connections we own."""
        self.lifecycle.close()
        if self.user is not None or os.getpid() != self.pid:
            return  # the user's client is theirs; a parent's pool is the parent's
        if self._registry is not None:
            self._registry.shutdown()
        self._http.close()

    def _new(self) -> httpx.Client:
        from ._sockets import SocketRegistry, install

        http = httpx.Client(limits=C.DEFAULT_LIMITS, cookies=_NoCookies())
        registry = SocketRegistry()
        self._registry = registry if install(http, registry) else None
        return http


class AsyncConnections(_Shared):
    """One httpx.AsyncClient per event loop (ours), or the user's."""

    def __init__(self, lifecycle: Lifecycle, user: httpx.AsyncClient | None) -> None:
        super().__init__(lifecycle, user is not None)
        self.user = user
        self._per_loop: weakref.WeakKeyDictionary[
            asyncio.AbstractEventLoop, tuple[httpx.AsyncClient, AsyncGenerator[None, None]]
        ] = weakref.WeakKeyDictionary()
        self._user_loop: weakref.ref[asyncio.AbstractEventLoop] | None = None

    async def client(self) -> httpx.AsyncClient:
        """The httpx client for a call on the running loop; ClientClosedError once closed."""
        import asyncio

        self.lifecycle.check()
        loop = asyncio.get_running_loop()
        if self.forked():
            self._per_loop = weakref.WeakKeyDictionary()
            self._user_loop = None
        if self.user is not None:
            self._check_user_loop(loop)
            return self.user
        entry = self._per_loop.get(loop)
        if entry is None:
            http = httpx.AsyncClient(limits=C.DEFAULT_LIMITS, cookies=_NoCookies())
            keeper = _closed_with_loop(http)
            await keeper.__anext__()
            entry = self._per_loop.setdefault(loop, (http, keeper))
            if entry[0] is not http:  # another task of this loop got there first
                await keeper.aclose()
        return entry[0]

    async def close(self) -> None:
        """End the client's work, then close each loop's connections (on its own loop)."""
        import asyncio

        self.lifecycle.close()
        if self.user is not None or os.getpid() != self.pid:
            return
        current = asyncio.get_running_loop()
        entries, self._per_loop = list(self._per_loop.items()), weakref.WeakKeyDictionary()
        for loop, (_, keeper) in entries:
            if loop is current:
                await keeper.aclose()
            elif loop.is_running() and not loop.is_closed():
                done = asyncio.run_coroutine_threadsafe(_finish(keeper), loop)
                await asyncio.wait({asyncio.wrap_future(done)}, timeout=C.CLOSE_OTHER_LOOP_TIMEOUT)

    def _check_user_loop(self, loop: asyncio.AbstractEventLoop) -> None:
        first = self._user_loop() if self._user_loop is not None else None
        if first is None or first.is_closed():
            self._user_loop = weakref.ref(loop)
        elif first is not loop and first.is_running():
            raise CloudglueError(
                "the httpx.AsyncClient given to this client belongs to another event loop that "
                "is still running; use one AsyncCloudglue per loop, or let AsyncCloudglue "
                "create its own connections (it keeps one pool per loop)"
            )


async def _closed_with_loop(http: httpx.AsyncClient) -> AsyncGenerator[None, None]:
    """Parked after its first step; closing it (at loop end, or close()) closes `http`."""
    try:
        yield
    finally:
        await http.aclose()


async def _finish(keeper: AsyncGenerator[None, None]) -> None:
    await keeper.aclose()
