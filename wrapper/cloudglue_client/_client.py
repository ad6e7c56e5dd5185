"""Cloudglue and AsyncCloudglue: configuration, the HTTP client, and how calls are run."""

from __future__ import annotations

import os
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, Self, TypeVar

import httpx

from . import _constants as C
from . import _identity
from . import _validation as v
from ._calls import Call
from ._connections import AsyncConnections, SyncConnections
from ._hooks import OnRetry, checked
from ._http import RequestStats, Runtime
from ._lifecycle import Lifecycle
from ._logging import configure_from_env
from ._pagination import AsyncPage, AsyncPager, PageData, SyncPage
from ._retry import RetryPolicy
from ._waiting import WaitState, wait_async, wait_sync
from .resources._base import PageRequest
from .resources.files import AsyncFiles, Files
from .resources.frames import AsyncFrames, Frames
from .resources.segmentations import AsyncSegmentations, Segmentations

if TYPE_CHECKING:
    from ._download import DownloadResult, Plan

T = TypeVar("T")
J = TypeVar("J")
_KEEP: Any = object()


class _Settings:
    """Resolution and validation of what both clients are configured with."""

    def __init__(
        self,
        *,
        api_key: str | None,
        base_url: str | None,
        timeout: float | httpx.Timeout | None,
        max_retries: int,
        prefetch: int,
        max_response_bytes: int,
        on_retry: OnRetry | None = None,
        stats: RequestStats | None = None,
        user_agent: str | None = None,
        lifecycle: Lifecycle | None = None,
    ) -> None:
        key = api_key if api_key is not None else os.environ.get(C.API_KEY_ENV)
        if not key or not isinstance(key, str) or not key.strip():
            raise ValueError(
                f"api_key: missing; pass api_key=... or set the {C.API_KEY_ENV} environment "
                "variable"
            )
        url = base_url or os.environ.get(C.BASE_URL_ENV) or C.DEFAULT_BASE_URL
        if not isinstance(url, str) or not url.startswith(("http://", "https://")):
            raise ValueError(f"base_url: expected an http(s) URL, got {url!r}")
        product = _identity.check_product(user_agent)
        if timeout is None:
            timeout = C.DEFAULT_TIMEOUT
        elif not isinstance(timeout, httpx.Timeout):
            timeout = httpx.Timeout(v.number(timeout, "timeout", minimum=0.001))
        self.runtime = Runtime(
            api_key=key.strip(),
            base_url=url.rstrip("/"),
            timeout=timeout,
            policy=RetryPolicy(
                max_retries=v.integer(max_retries, "max_retries", minimum=0, maximum=100)
            ),
            stats=stats or RequestStats(),
            on_retry=checked(on_retry, "on_retry"),
            user_agent=_identity.user_agent(product),
            lifecycle=lifecycle or Lifecycle(),
            max_response_bytes=v.integer(
                max_response_bytes, "max_response_bytes", minimum=1024, maximum=2**40
            ),
        )
        self.user_agent = product
        self.prefetch = v.integer(prefetch, "prefetch", minimum=1, maximum=64)
        configure_from_env()

    def derive(self, **changes: Any) -> dict[str, Any]:
        """Constructor arguments for a copy with some settings changed."""
        rt = self.runtime
        current = {
            "api_key": rt.api_key,
            "base_url": rt.base_url,
            "timeout": rt.timeout,
            "max_retries": rt.policy.max_retries,
            "prefetch": self.prefetch,
            "max_response_bytes": rt.max_response_bytes,
            "on_retry": rt.on_retry,
            "user_agent": self.user_agent,
        }
        current.update({k: val for k, val in changes.items() if val is not _KEEP})
        return current


class _ClientBase:
    """Settings, properties and copies shared by both clients."""

    _connections: Any

    def __init__(
        self,
        *,
        api_key: str | None,
        base_url: str | None,
        timeout: float | httpx.Timeout | None,
        max_retries: int,
        prefetch: int,
        max_response_bytes: int,
        on_retry: OnRetry | None,
        http_client: Any,
        http_type: type[httpx.Client] | type[httpx.AsyncClient],
        connections: SyncConnections | AsyncConnections | None,
        stats: RequestStats | None,
        user_agent: str | None,
    ) -> None:
        if http_client is not None and not isinstance(http_client, http_type):
            raise TypeError(f"http_client: expected an httpx.{http_type.__name__}")
        self._settings = _Settings(
            api_key=api_key,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            prefetch=prefetch,
            max_response_bytes=max_response_bytes,
            on_retry=on_retry,
            stats=stats,
            user_agent=user_agent,
            lifecycle=connections.lifecycle if connections is not None else None,
        )
        # A copy (with_options) shares the original's connections and never closes them.
        self._owner = connections is None
        lifecycle = self._settings.runtime.lifecycle
        user: Any = http_client  # checked above to be of http_type
        if connections is not None:
            self._connections = connections
        elif http_type is httpx.Client:
            self._connections = SyncConnections(lifecycle, user)
        else:
            self._connections = AsyncConnections(lifecycle, user)

    @property
    def base_url(self) -> str:
        """The API root every path is appended to."""
        return self._settings.runtime.base_url

    @property
    def user_agent(self) -> str:
        """The User-Agent every request sends: ours, then your `user_agent` token(s)."""
        return self._settings.runtime.user_agent

    @property
    def max_retries(self) -> int:
        """Retries after a failed attempt (retryable failures only)."""
        return self._settings.runtime.policy.max_retries

    @property
    def stats(self) -> RequestStats:
        """Requests and retries made by this client and its `with_options` copies."""
        return self._settings.runtime.stats

    @property
    def closed(self) -> bool:
        """True once this client (or the one it was copied from) was closed."""
        return bool(self._settings.runtime.lifecycle.closed)

    def with_options(
        self,
        *,
        timeout: float | httpx.Timeout | None = _KEEP,
        max_retries: int = _KEEP,
        prefetch: int = _KEEP,
        max_response_bytes: int = _KEEP,
        on_retry: OnRetry | None = _KEEP,
        user_agent: str | None = _KEEP,
    ) -> Self:
        """A copy with other settings that shares this client's connections, stats and state."""
        changes = self._settings.derive(
            timeout=timeout,
            max_retries=max_retries,
            prefetch=prefetch,
            max_response_bytes=max_response_bytes,
            on_retry=on_retry,
            user_agent=user_agent,
        )
        make: Any = type(self)  # a subclass: its __init__ takes _connections and _stats
        return make(_connections=self._connections, _stats=self.stats, **changes)  # type: ignore[no-any-return]

    def _ahead(self, prefetch: int | None) -> int:
        return prefetch or self._settings.prefetch

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self.base_url!r}, max_retries={self.max_retries})"


class Cloudglue(_ClientBase):
    """Synchronous Cloudglue client. Use as a context manager, or call `close()`.

    `on_retry(event)` is called before each retry's sleep with a RetryEvent (operation,
    attempt, delay, error); `http_client` may carry your own httpx event hooks.
    """

    _connections: SyncConnections

    def __init__(
        self,
        api_key: str | None = None,
        base_url: str | None = None,
        *,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int = C.DEFAULT_MAX_RETRIES,
        prefetch: int = C.DEFAULT_PREFETCH,
        max_response_bytes: int = C.DEFAULT_MAX_RESPONSE_BYTES,
        on_retry: OnRetry | None = None,
        http_client: httpx.Client | None = None,
        user_agent: str | None = None,
        _connections: SyncConnections | None = None,
        _stats: RequestStats | None = None,
    ) -> None:
        super().__init__(
            api_key=api_key,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            prefetch=prefetch,
            max_response_bytes=max_response_bytes,
            on_retry=on_retry,
            http_client=http_client,
            http_type=httpx.Client,
            connections=_connections,
            stats=_stats,
            user_agent=user_agent,
        )
        self.files = Files(self)
        self.frames = Frames(self)
        self.segmentations = Segmentations(self)

    def close(self) -> None:
        """End this client's work, then its connections; later calls raise ClientClosedError.

        Calls in flight (other threads, prefetches, waits) end promptly with ClientClosedError
        and are not retried. A copy from `with_options` does not close the original; an httpx
        client you passed in is left open (yours to close).
        """
        if self._owner:
            self._connections.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _run(self, call: Call[T], deadline: float | None = None) -> T:
        return call.run(self._settings.runtime, self._connections, deadline)

    def _paginate(
        self,
        request: PageRequest[T],
        page_size: int,
        prefetch: int | None,
        *,
        before: Callable[[], object] | None = None,
    ) -> SyncPage[T]:
        def fetch(offset: int, limit: int) -> PageData[T]:
            call, extract = request(offset, limit)
            return extract(self._run(call))

        if before is not None:
            before()
        return SyncPage(
            fetch(0, page_size), fetch, page_size=page_size, prefetch=self._ahead(prefetch)
        )

    def _wait(self, poll: Call[J], state: WaitState) -> J:
        lifecycle = self._settings.runtime.lifecycle
        return wait_sync(lambda deadline: self._run(poll, deadline), state, lifecycle.sleep)

    def _download(self, plan: Plan, before: Callable[[], object] | None) -> DownloadResult:
        from ._download_io import run_sync

        return run_sync(self, plan, before)


class AsyncCloudglue(_ClientBase):
    """Asyncio Cloudglue client: the same surface as Cloudglue, with await / async for."""

    _connections: AsyncConnections

    def __init__(
        self,
        api_key: str | None = None,
        base_url: str | None = None,
        *,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int = C.DEFAULT_MAX_RETRIES,
        prefetch: int = C.DEFAULT_PREFETCH,
        max_response_bytes: int = C.DEFAULT_MAX_RESPONSE_BYTES,
        on_retry: OnRetry | None = None,
        http_client: httpx.AsyncClient | None = None,
        user_agent: str | None = None,
        _connections: AsyncConnections | None = None,
        _stats: RequestStats | None = None,
    ) -> None:
        super().__init__(
            api_key=api_key,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            prefetch=prefetch,
            max_response_bytes=max_response_bytes,
            on_retry=on_retry,
            http_client=http_client,
            http_type=httpx.AsyncClient,
            connections=_connections,
            stats=_stats,
            user_agent=user_agent,
        )
        self.files = AsyncFiles(self)
        self.frames = AsyncFrames(self)
        self.segmentations = AsyncSegmentations(self)

    async def close(self) -> None:
        """End this client's work (prefetches, waits, calls in flight), then its connections.

        Calls in flight end promptly with ClientClosedError and are not retried; later calls
        raise it at once. Connections of other event loops are closed on their own loop (or
        were, when that loop ended). A `with_options` copy does not close the original; an
        httpx client you passed in is left open.
        """
        if self._owner:
            await self._connections.close()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def _run(self, call: Call[T], deadline: float | None = None) -> T:
        return await call.arun(self._settings.runtime, self._connections, deadline)

    def _paginate(
        self,
        request: PageRequest[T],
        page_size: int,
        prefetch: int | None,
        *,
        before: Callable[[], Awaitable[object]] | None = None,
    ) -> AsyncPager[T]:
        async def fetch(offset: int, limit: int) -> PageData[T]:
            call, extract = request(offset, limit)
            return extract(await self._run(call))

        ahead = self._ahead(prefetch)

        async def first() -> AsyncPage[T]:
            if before is not None:
                await before()
            return AsyncPage(await fetch(0, page_size), fetch, page_size=page_size, prefetch=ahead)

        return AsyncPager(first)

    async def _wait(self, poll: Call[J], state: WaitState) -> J:
        lifecycle = self._settings.runtime.lifecycle
        return await wait_async(
            lambda deadline: self._run(poll, deadline), state, lifecycle.async_sleep
        )

    async def _download(
        self, plan: Plan, before: Callable[[], Awaitable[object]] | None
    ) -> DownloadResult:
        from ._download_io import run_async

        return await run_async(self, plan, before)
