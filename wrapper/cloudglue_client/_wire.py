"""Where an attempt's bytes go: our own connection pools, or the httpx client a user passed.
Both take a `WireRequest` and yield an `Incoming` response, so everything above is one path.

Our pools are httpcore's, on our network backends (`_sockets`, `_async_sockets`), set up as httpx
sets up its client (its TLS context, proxies from the environment, no cookies, no redirects);
kept per process (a forked child drops the parent's sockets unsent) and per event loop (closed
when it ends). A user's httpx client is used through its public API only, so there a
whole-attempt deadline is checked between body chunks only.
"""

from __future__ import annotations

import contextlib
import functools
import importlib.util
import itertools
import os
import threading
import warnings
import weakref
from collections.abc import AsyncGenerator, AsyncIterator, Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import httpx

from . import _constants as C
from . import _forksafe, _proxies
from ._attempt import CURRENT
from .errors import CloudglueError

if TYPE_CHECKING:
    import asyncio
    import ssl

    import httpcore

    from ._sockets import Registry


@dataclass(frozen=True)
class Origin:
    """Scheme, host and port of a request's URL, as the wire needs them."""

    url: httpx.URL
    scheme: bytes
    host: bytes
    port: int | None
    host_header: bytes

    @classmethod
    def of(cls, url: httpx.URL) -> Origin:
        """The origin of `url` (any user:password left out: never sent or shown)."""
        bare = url.copy_with(userinfo=b"", path="/", query=None, fragment=None)
        return cls(bare, url.raw_scheme, url.raw_host, url.port, url.netloc)

    @property
    def key(self) -> tuple[bytes, bytes, int | None]:
        return self.scheme, self.host, self.port


@dataclass(frozen=True)
class WireRequest:
    """One attempt's request: `target` is the escaped path and query; `body` holds httpx's body
    arguments (`json`, `files`, `data` or `content`)."""

    method: str
    origin: Origin
    target: str
    headers: list[tuple[str, str]] = field(repr=False)  # Authorization holds the API key
    body: dict[str, Any] = field(default_factory=dict)
    extensions: dict[str, Any] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return str(self.origin.url).rstrip("/") + self.target


@dataclass(frozen=True)
class Incoming:
    """A response whose raw body is still to be read."""

    status: int
    headers: list[tuple[bytes, bytes]]
    chunks: Any  # Iterator[bytes] or AsyncIterator[bytes]


#: Headers httpx sends on every request that a request does not set itself.
_WIRE_DEFAULTS = ((b"Accept", b"*/*"), (b"Connection", b"keep-alive"))
_BODY_HEADERS = frozenset({b"content-type", b"content-length", b"transfer-encoding"})


def _core_request(request: WireRequest, *, off_loop: bool = False) -> httpcore.Request:
    """The httpcore request: the headers httpx would send, the body as httpx encodes it (with
    `off_loop`, a multipart body's file is read in a worker thread)."""
    import httpcore

    origin = request.origin
    present = {name.lower() for name, _ in request.headers}
    # As httpx merges its defaults: one the request sets itself (Accept) is not sent twice.
    defaults = [(k, v) for k, v in _WIRE_DEFAULTS if k.decode().lower() not in present]
    headers: list[tuple[bytes | str, bytes | str]]
    headers = [(b"Host", origin.host_header), *defaults, *request.headers]
    content: Any = None
    if request.body:
        encoded = httpx.Request(request.method, "http://body.invalid/", **request.body)
        headers += [
            (k, v)
            for k, v in encoded.headers.raw
            if k.lower() in _BODY_HEADERS and k.decode().lower() not in present
        ]
        content = encoded.stream
        if off_loop and "files" in request.body:
            parts = [part[1] for _, part in request.body["files"]]
            held = [payload.on_loop() for payload in parts if hasattr(payload, "on_loop")]
            content = _read_off_loop(content, held)
    url = httpcore.URL(
        scheme=origin.scheme, host=origin.host, port=origin.port, target=request.target.encode()
    )
    return httpcore.Request(
        request.method, url, headers=headers, content=content, extensions=request.extensions
    )


#: Bytes of a request body read per trip to a worker thread (`_read_off_loop`).
_OFF_LOOP_BATCH = 1024 * 1024


async def _read_off_loop(
    body: Iterable[bytes], report: list[Callable[[], None]]
) -> AsyncIterator[bytes]:
    """`body` read in a worker thread, `_OFF_LOOP_BATCH` bytes a trip, so a file's reads never
    block the loop. `report` runs on the loop after each trip: the upload's progress, counted
    in the thread."""
    import asyncio

    chunks = iter(body)
    while batch := await asyncio.to_thread(_batch, chunks):
        for chunk in batch:
            yield chunk
        for done in report:
            done()


def _batch(chunks: Iterator[bytes]) -> list[bytes]:
    """The next chunks, up to `_OFF_LOOP_BATCH` bytes (none at the end)."""
    batch: list[bytes] = []
    size = 0
    for chunk in chunks:
        batch.append(chunk)
        size += len(chunk)
        if size >= _OFF_LOOP_BATCH:
            break
    return batch


class _Pools:
    """One process's or loop's pools: direct, and one per proxy, each made on first use."""

    def __init__(self, make: Any, table: _proxies.ProxyTable, limits: httpx.Limits) -> None:
        self._make = make
        self._table = table
        self._kwargs = {
            "max_connections": limits.max_connections,
            "max_keepalive_connections": limits.max_keepalive_connections,
            "keepalive_expiry": limits.keepalive_expiry,
        }
        self.by_proxy: dict[object, Any] = {}  # every pool made so far
        self._by_origin: dict[tuple[bytes, bytes, int | None], Any] = {}

    def for_origin(self, origin: Origin) -> Any:
        pool = self._by_origin.get(origin.key)
        if pool is None:
            proxy = _proxies.choose(self._table, origin.url)
            # Two proxies at one address with other credentials are two pools.
            key = None if proxy is None else (str(proxy.url), proxy.raw_auth)
            pool = self.by_proxy.get(key)
            if pool is None:
                cert = os.environ.get("SSL_CERT_FILE"), os.environ.get("SSL_CERT_DIR")
                kwargs = {**self._kwargs, "ssl_context": _ssl_context(*cert)}
                pool = self.by_proxy.setdefault(key, self._make(proxy, kwargs))
            self._by_origin[origin.key] = pool
        return pool


@functools.lru_cache(maxsize=4)
def _ssl_context(cert_file: str | None, cert_dir: str | None) -> ssl.SSLContext:
    """httpx's TLS set-up, made once for every pool (loading the CA bundle is dear). The
    arguments (SSL_CERT_FILE and SSL_CERT_DIR) are only the cache key: httpx reads them itself."""
    return httpx.create_ssl_context()


def _make_pool(proxy: httpx.Proxy | None, kinds: Any, **kwargs: Any) -> Any:
    """A pool of `kinds` (httpcore's sync or async classes: direct, HTTP, SOCKS) for `proxy`."""
    import httpcore

    direct, http_proxy, socks_proxy = kinds
    if proxy is None:
        return direct(**kwargs)
    url = proxy.url
    core_url = httpcore.URL(
        scheme=url.raw_scheme, host=url.raw_host, port=url.port, target=url.raw_path
    )
    if url.scheme in ("socks5", "socks5h"):
        if importlib.util.find_spec("socksio") is None:
            raise ImportError(
                "a SOCKS proxy is set in the environment, but the 'socksio' package is not "
                "installed: pip install 'httpx[socks]'"
            )
        return socks_proxy(proxy_url=core_url, proxy_auth=proxy.raw_auth, **kwargs)
    return http_proxy(
        proxy_url=core_url,
        proxy_auth=proxy.raw_auth,
        proxy_headers=proxy.headers.raw,
        proxy_ssl_context=getattr(proxy, "ssl_context", None),
        **kwargs,
    )


#: Each thread's own stripe, dealt round-robin as threads first send.
_home = threading.local()
_dealt = itertools.count()


class Stripes:
    """Sync pools used as one, each with an equal share of the limits, so that threads do not all
    queue on one pool's lock. A thread sends on its own pool while that has a connection to
    spare, else on the one with the fewest requests in flight."""

    def __init__(self, pools: list[Any], share: int) -> None:
        self.pools = pools
        self._share = share
        self._busy = [0] * len(pools)
        self._lock = threading.Lock()

    def take(self) -> int:
        """The index of the pool to send on, counted as busy with one more request."""
        home: int | None = getattr(_home, "stripe", None)
        if home is None:
            home = _home.stripe = next(_dealt) % len(self.pools)
        with self._lock:
            busy = self._busy
            index = home if busy[home] < self._share else busy.index(min(busy))
            busy[index] += 1
        return index

    def release(self, index: int) -> None:
        with self._lock:
            self._busy[index] -= 1


#: Taken to renew a process's pools (a forked child gets it released).
_fork_lock = _forksafe.Lock()


class OwnTransport:
    """Our own sync pools, renewed after a fork."""

    def __init__(self) -> None:
        self._table = _proxies.from_environment()
        self._pid = os.getpid()
        self._registry: Registry | None = None
        self._pools: _Pools | None = None
        self._closed = False

    def _current(self) -> _Pools:
        pools = self._pools
        if pools is None or os.getpid() != self._pid:
            with _fork_lock:
                if os.getpid() != self._pid:
                    if self._registry is not None:
                        self._registry.abandon()
                    self._pid = os.getpid()
                    self._pools = None
                if self._pools is None:
                    self._pools = self._make_pools()
                    if self._closed and self._registry is not None:
                        # close() came after this request found the client open: see close().
                        self._registry.shutdown()
                pools = self._pools
        return pools

    def _make_pools(self) -> _Pools:
        import httpcore

        from ._sockets import Registry, SyncBackend

        self._registry = registry = Registry()
        backend = SyncBackend(registry)
        kinds = (httpcore.ConnectionPool, httpcore.HTTPProxy, httpcore.SOCKSProxy)
        n = C.SYNC_POOL_STRIPES

        def make(proxy: httpx.Proxy | None, kwargs: dict[str, Any]) -> Stripes:
            share = {
                **kwargs,
                "max_connections": kwargs["max_connections"] // n,
                "max_keepalive_connections": kwargs["max_keepalive_connections"] // n,
            }
            pools = [_make_pool(proxy, kinds, network_backend=backend, **share) for _ in range(n)]
            return Stripes(pools, share["max_connections"])

        return _Pools(make, self._table, C.DEFAULT_LIMITS)

    @contextlib.contextmanager
    def open(self, request: WireRequest) -> Iterator[Incoming]:
        """Send `request`; yield the response with its body still to be read."""
        stripes: Stripes = self._current().for_origin(request.origin)
        index = stripes.take()
        try:
            response = stripes.pools[index].handle_request(_core_request(request))
            try:
                yield Incoming(response.status, response.headers, response.iter_stream())
            finally:
                response.close()
        finally:
            stripes.release(index)

    def close(self) -> None:
        """Wake blocked readers, then close the pools (only in the process that made them)."""
        # Set before reading the pools, which _current sets before reading this: one side or
        # both shut them. No lock: a signal handler may close while its thread makes pools.
        self._closed = True
        pools, registry = self._pools, self._registry
        if os.getpid() != self._pid or pools is None or registry is None:
            return
        registry.shutdown()
        for stripes in list(pools.by_proxy.values()):
            for pool in stripes.pools:
                with contextlib.suppress(Exception):
                    pool.close()


#: httpcore `trace` events after which the connection a request was handed is its own.
_TAKEN = frozenset(
    {
        "connection.connect_tcp.started",
        "http11.send_request_headers.started",
        "http2.send_request_headers.started",
    }
)


class _LoopPools:
    """One event loop's pools, closed on that loop when it ends, and its gate: as wide as the
    pool, so a burst of tasks waits there, not in httpcore's queue (rescanned on every change)."""

    def __init__(self, limits: httpx.Limits, table: _proxies.ProxyTable) -> None:
        import asyncio

        import httpcore

        from ._async_sockets import AsyncioBackend

        kinds = (httpcore.AsyncConnectionPool, httpcore.AsyncHTTPProxy, httpcore.AsyncSOCKSProxy)

        def make(proxy: httpx.Proxy | None, kwargs: dict[str, Any]) -> Any:
            # The direct pool on asyncio's transports; through a proxy, anyio's streams.
            backend = AsyncioBackend() if proxy is None else httpcore.AnyIOBackend()
            return _make_pool(proxy, kinds, network_backend=backend, **kwargs)

        self.pools = _Pools(make, table, limits)
        self.gate = asyncio.Semaphore(limits.max_connections or 32)
        self.claiming = asyncio.Lock()
        self.keeper: AsyncGenerator[None, None] = self._closed_with_loop()

    async def send(self, pool: Any, request: httpcore.Request) -> httpcore.Response:
        """`pool.handle_async_request(request)`, entered by one request at a time until its
        connection is taken: requests entering together would all be handed one idle connection,
        and all but one would go round again, each rescanning the pool."""
        claiming = self.claiming
        await claiming.acquire()
        held = True
        theirs = request.extensions.get("trace")

        async def trace(name: str, info: dict[str, Any]) -> None:
            nonlocal held
            if held and name in _TAKEN:
                held = False
                claiming.release()
            if theirs is not None:
                await theirs(name, info)

        request.extensions = {**request.extensions, "trace": trace}
        try:
            response: httpcore.Response = await pool.handle_async_request(request)
        finally:
            if held:
                held = False
                claiming.release()
        return response

    async def _closed_with_loop(self) -> AsyncGenerator[None, None]:
        # Parked after its first step; finalising it (as the loop shuts down) or aclose()
        # closes the pools.
        try:
            yield
        finally:
            for pool in list(self.pools.by_proxy.values()):
                with contextlib.suppress(Exception):
                    await pool.aclose()


class AsyncOwnTransport:
    """Our own async pools: one set per event loop (and per process)."""

    def __init__(self) -> None:
        self._table = _proxies.from_environment()
        self._pid = os.getpid()
        self._per_loop: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _LoopPools]
        self._per_loop = weakref.WeakKeyDictionary()
        # Loops on other threads add, drop and take entries at the same time.
        self._lock = _forksafe.Lock()

    async def _current(self) -> _LoopPools:
        import asyncio

        if os.getpid() != self._pid:
            self._pid = os.getpid()
            self._per_loop = weakref.WeakKeyDictionary()
        loop = asyncio.get_running_loop()
        entry = self._per_loop.get(loop)
        if entry is None:
            entry = _LoopPools(C.DEFAULT_LIMITS, self._table)
            await entry.keeper.__anext__()
            with self._lock:
                # Each keeper holds its loop, so the weak key never lets go: ended loops'
                # entries (pools closed by their keeper) are dropped as new loops come.
                for ended in [old for old in self._per_loop if old.is_closed()]:
                    del self._per_loop[ended]
                self._per_loop[loop] = entry
        return entry

    @contextlib.asynccontextmanager
    async def open(
        self, request: WireRequest, pool_timeout: float | None
    ) -> AsyncIterator[Incoming]:
        """Send `request` once a slot is free; yield the response, body still to be read."""
        import asyncio

        entry = await self._current()
        if entry.gate.locked():
            try:
                async with asyncio.timeout(pool_timeout):
                    await entry.gate.acquire()
            except TimeoutError:
                raise httpx.PoolTimeout("no connection freed within the pool timeout") from None
        else:
            await entry.gate.acquire()
        try:
            pool = entry.pools.for_origin(request.origin)
            response = await entry.send(pool, _core_request(request, off_loop=True))
            try:
                if (attempt := CURRENT.get()) is not None:  # so that abort() ends the connection
                    stream = response.extensions["network_stream"]
                    if not hasattr(stream, "shutdown"):  # anyio's, through a proxy
                        stream = stream.get_extra_info("socket")
                    attempt.bind(stream)
                yield Incoming(response.status, response.headers, response.aiter_stream())
            finally:
                await response.aclose()
        finally:
            entry.gate.release()

    async def close(self) -> None:
        """Close each loop's pools, on its own loop (the current one directly)."""
        import asyncio

        if os.getpid() != self._pid:
            return
        current = asyncio.get_running_loop()
        with self._lock:
            entries, self._per_loop = list(self._per_loop.items()), weakref.WeakKeyDictionary()
        for loop, entry in entries:
            if loop is current:
                await entry.keeper.aclose()
            elif loop.is_running() and not loop.is_closed():
                done = asyncio.run_coroutine_threadsafe(entry.keeper.aclose(), loop)
                await asyncio.wait({asyncio.wrap_future(done)}, timeout=C.CLOSE_OTHER_LOOP_TIMEOUT)
            elif not loop.is_closed():
                # A loop that is not running (driven by run_until_complete): its pools close
                # when it runs again (or when it shuts down its async generators).
                with contextlib.suppress(RuntimeError):  # closed meanwhile
                    loop.call_soon_threadsafe(loop.create_task, entry.keeper.aclose())


_FORK_WARNING = (
    "cloudglue: this client is used in a forked process with the httpx client it was given "
    "in the parent; parent and child may share pooled connections and read each other's "
    "responses. Create the client (or its httpx client) after forking."
)


def _user_request(client: httpx.Client | httpx.AsyncClient, request: WireRequest) -> httpx.Request:
    return client.build_request(
        request.method,
        request.url,
        headers=request.headers,
        extensions=request.extensions,
        **request.body,
    )


def _incoming(response: httpx.Response, *, asynchronous: bool) -> Incoming:
    """`response` with its raw body unread; or, if its transport read it already, that body
    decoded (without the headers that described its encoding)."""
    if response.is_stream_consumed:
        dropped = (b"content-encoding", b"content-length", b"transfer-encoding")
        headers = [(k, v) for k, v in response.headers.raw if k.lower() not in dropped]
        chunks = response.aiter_bytes() if asynchronous else response.iter_bytes()
        return Incoming(response.status_code, headers, chunks)
    raw = response.aiter_raw() if asynchronous else response.iter_raw()
    return Incoming(response.status_code, response.headers.raw, raw)


class UserTransport:
    """A user's httpx.Client, through httpx's public API; warns once if used after a fork."""

    def __init__(self, client: httpx.Client) -> None:
        self.client = client
        self._pid = os.getpid()

    @contextlib.contextmanager
    def open(self, request: WireRequest) -> Iterator[Incoming]:
        """Send `request` without following redirects; yield the response, body unread."""
        if os.getpid() != self._pid:
            self._pid = os.getpid()
            warnings.warn(_FORK_WARNING, RuntimeWarning, stacklevel=2)
        built = _user_request(self.client, request)
        response = self.client.send(built, stream=True, follow_redirects=False)
        try:
            yield _incoming(response, asynchronous=False)
        finally:
            response.close()

    def close(self) -> None:
        """The user's client is theirs to close."""


_ENDED_LOOP = (
    "the httpx.AsyncClient given to this client holds a connection opened on an event loop "
    "that has ended (an earlier asyncio.run()); the request may have been sent, and is not "
    "retried. An httpx.AsyncClient belongs to one event loop: create one per loop (and close "
    "it before its loop ends), or let AsyncCloudglue create its own connections (it keeps "
    "one pool per loop)"
)


class AsyncUserTransport:
    """A user's httpx.AsyncClient; refuses a second loop while its first one still runs."""

    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client
        self._loop: weakref.ref[asyncio.AbstractEventLoop] | None = None

    @contextlib.asynccontextmanager
    async def open(
        self, request: WireRequest, pool_timeout: float | None
    ) -> AsyncIterator[Incoming]:
        """Send `request` without following redirects; yield the response, body unread."""
        import asyncio

        loop = asyncio.get_running_loop()
        first = self._loop() if self._loop is not None else None
        if first is None or first.is_closed():
            self._loop = weakref.ref(loop)
        elif first is not loop and first.is_running():
            raise CloudglueError(
                "the httpx.AsyncClient given to this client belongs to another event loop that "
                "is still running; use one AsyncCloudglue per loop, or let AsyncCloudglue "
                "create its own connections (it keeps one pool per loop)"
            )
        built = _user_request(self.client, request)
        try:
            response = await self.client.send(built, stream=True, follow_redirects=False)
        except RuntimeError as exc:
            if str(exc) != "Event loop is closed":
                raise
            raise CloudglueError(_ENDED_LOOP) from exc
        try:
            yield _incoming(response, asynchronous=True)
        finally:
            await response.aclose()

    async def close(self) -> None:
        """The user's client is theirs to close."""


SyncTransport = OwnTransport | UserTransport
AsyncTransport = AsyncOwnTransport | AsyncUserTransport
