"""Cloudglue and AsyncCloudglue: their settings, their connections and their resources."""

from __future__ import annotations

import inspect
import os
from collections.abc import Mapping
from typing import Any, Self

import httpx

from . import _constants as C
from . import _options
from . import _validation as v
from ._hooks import OnRetry, checked
from ._lifecycle import Lifecycle
from ._logging import configure_from_env
from ._request import RequestStats, Runtime
from ._retry import RetryPolicy
from ._runner import AsyncRunner, SyncRunner
from ._wire import AsyncOwnTransport, AsyncUserTransport, OwnTransport, UserTransport
from .resources.files import AsyncFiles, AsyncFilesRaw, Files, FilesRaw
from .resources.frames import AsyncFrames, AsyncFramesRaw, Frames, FramesRaw
from .resources.segmentations import (
    AsyncSegmentations,
    AsyncSegmentationsRaw,
    Segmentations,
    SegmentationsRaw,
)
from .resources.segments import AsyncSegments, AsyncSegmentsRaw, Segments, SegmentsRaw

_KEEP: Any = object()


class _ClientBase:
    """Settings, properties and copies shared by both clients."""

    def _start(
        self, arguments: dict[str, Any], http_type: type[Any], own: type[Any], user: type[Any]
    ) -> tuple[Runtime, Any, int]:
        """Settle a constructor's `arguments` (its `locals()`): the settings resolved (arguments,
        then environment) and checked, then the transport (`own`, or `user` around your
        `http_client`); returns the runner's arguments. A copy (`_original`, from `with_options`)
        shares its original's transport, stats and lifecycle, and closes none."""
        http_client, original = arguments["http_client"], arguments["_original"]
        if http_client is not None and not isinstance(http_client, http_type):
            raise TypeError(f"http_client: expected an httpx.{http_type.__name__}")
        given = {name: arguments[name] for name in _SETTINGS}
        if given["api_key"] is not None:
            key = _options.api_key(given["api_key"], "api_key")
        else:
            key = _options.api_key(os.environ.get(C.API_KEY_ENV), C.API_KEY_ENV)
        if given["base_url"] is not None and given["base_url"] != "":
            url = _options.base_url(given["base_url"], "base_url")
        elif env_url := os.environ.get(C.BASE_URL_ENV):
            url = _options.base_url(env_url, C.BASE_URL_ENV)
        else:
            url = C.DEFAULT_BASE_URL
        agent = _options.user_agent(given["user_agent"])
        headers, timeout = given["default_headers"], given["timeout"]
        self._runtime = Runtime(
            headers=_options.headers({} if headers is None else headers, "default_headers"),
            api_key=key,
            base_url=url,
            timeout=C.DEFAULT_TIMEOUT if timeout is None else _options.timeout(timeout),
            policy=RetryPolicy(max_retries=_options.max_retries(given["max_retries"])),
            stats=RequestStats() if original is None else original.stats,
            on_retry=checked(given["on_retry"], "on_retry"),
            user_agent=agent,
            lifecycle=Lifecycle() if original is None else original._runtime.lifecycle,
            max_response_bytes=v.integer(
                given["max_response_bytes"],
                "max_response_bytes",
                minimum=C.MIN_RESPONSE_BYTES,
                maximum=C.MAX_RESPONSE_BYTES,
            ),
        )
        prefetch = given["prefetch"]
        self._prefetch = v.integer(prefetch, "prefetch", minimum=1, maximum=C.MAX_PREFETCH)
        #: The settings as arguments again, resolved; the key stays in the runtime, out of reprs.
        headers = dict(self._runtime.headers)
        self._current = {**given, "api_key": None, "base_url": url, "default_headers": headers}
        configure_from_env()
        self._owner = original is None
        if original is None:
            self._transport: Any = own() if http_client is None else user(http_client)
        else:
            self._transport = original._transport
        return self._runtime, self._transport, self._prefetch

    @property
    def base_url(self) -> str:
        """The API root every path is appended to."""
        return self._runtime.base_url

    @property
    def user_agent(self) -> str:
        """The User-Agent every request sends: ours, then your `user_agent` token(s)."""
        return self._runtime.user_agent

    @property
    def max_retries(self) -> int:
        """Retries after a failed attempt (retryable failures only)."""
        return self._runtime.policy.max_retries

    @property
    def stats(self) -> RequestStats:
        """Requests and retries made by this client and its `with_options` copies."""
        return self._runtime.stats

    @property
    def closed(self) -> bool:
        """True once this client (or the one it was copied from) was closed."""
        return self._runtime.lifecycle.closed

    @property
    def default_headers(self) -> dict[str, str]:
        """Headers sent with every API request, beside the client's own."""
        return dict(self._runtime.headers)

    def with_options(
        self,
        *,
        api_key: str = _KEEP,
        base_url: str = _KEEP,
        timeout: float | httpx.Timeout | None = _KEEP,
        max_retries: int = _KEEP,
        prefetch: int = _KEEP,
        max_response_bytes: int = _KEEP,
        on_retry: OnRetry | None = _KEEP,
        user_agent: str | None = _KEEP,
        default_headers: Mapping[str, str] | None = _KEEP,
    ) -> Self:
        """A copy with other settings that shares this client's connections, stats and state
        (its key goes only to its own base URL's origin, like any client's)."""
        if api_key is _KEEP:
            api_key = self._runtime.api_key
        changes = {k: val for k, val in locals().items() if k in _SETTINGS and val is not _KEEP}
        make: Any = type(self)
        copy: Self = make(_original=self, **(self._current | changes))
        return copy

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self.base_url!r}, max_retries={self.max_retries})"


#: The constructor arguments that are settings (`with_options` can change them).
_SETTINGS = frozenset(inspect.signature(_ClientBase.with_options).parameters) - {"self"}


class Cloudglue(_ClientBase):
    """Synchronous Cloudglue client. Use as a context manager, or call `close()`.

    `on_retry(event)` is called before each retry's sleep with a RetryEvent (operation,
    attempt, delay, error); `http_client` may carry your own httpx event hooks.
    """

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
        default_headers: Mapping[str, str] | None = None,
        _original: Cloudglue | None = None,
    ) -> None:
        runner = SyncRunner(*self._start(locals(), httpx.Client, OwnTransport, UserTransport))
        self.files = Files(runner)
        self.frames = Frames(runner)
        self.segmentations = Segmentations(runner)
        self.segments = Segments(runner)
        #: The same resources, each method returning a RawResponse: `.parse()` for the result,
        #: beside the status, headers and request id.
        self.with_raw_response = CloudglueRaw(self)

    def close(self) -> None:
        """End this client's work, then its connections: calls in flight (other threads,
        prefetches, waits) end promptly with ClientClosedError, not retried, and later calls
        raise it. A `with_options` copy does not close the original; an httpx client you passed
        in is left open (yours to close)."""
        if self._owner:
            self._runtime.lifecycle.close()
            self._transport.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class AsyncCloudglue(_ClientBase):
    """Asyncio Cloudglue client: the same surface as Cloudglue, with await / async for."""

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
        default_headers: Mapping[str, str] | None = None,
        _original: AsyncCloudglue | None = None,
    ) -> None:
        runner = AsyncRunner(
            *self._start(locals(), httpx.AsyncClient, AsyncOwnTransport, AsyncUserTransport)
        )
        self.files = AsyncFiles(runner)
        self.frames = AsyncFrames(runner)
        self.segmentations = AsyncSegmentations(runner)
        self.segments = AsyncSegments(runner)
        #: The same resources, each method returning (awaited) a RawResponse.
        self.with_raw_response = AsyncCloudglueRaw(self)

    async def close(self) -> None:
        """End this client's work, then its connections, as `Cloudglue.close` does;
        connections of other event loops are closed on their own loop (or were, when it ended)."""
        if self._owner:
            self._runtime.lifecycle.close()
            await self._transport.close()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()


class CloudglueRaw:
    """`Cloudglue.with_raw_response`: every method returns a RawResponse."""

    def __init__(self, client: Cloudglue) -> None:
        self.files = FilesRaw(client.files)
        self.frames = FramesRaw(client.frames)
        self.segmentations = SegmentationsRaw(client.segmentations)
        self.segments = SegmentsRaw(client.segments)


class AsyncCloudglueRaw:
    """`AsyncCloudglue.with_raw_response`: every method returns (awaited) a RawResponse."""

    def __init__(self, client: AsyncCloudglue) -> None:
        self.files = AsyncFilesRaw(client.files)
        self.frames = AsyncFramesRaw(client.frames)
        self.segmentations = AsyncSegmentationsRaw(client.segmentations)
        self.segments = AsyncSegmentsRaw(client.segments)
