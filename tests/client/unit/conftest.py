"""Fixtures: a fake API, fake time at the client's one clock seam, and both client flavours."""

from __future__ import annotations

import asyncio
import contextlib
import inspect
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import httpx
import pytest

from cloudglue_client import AsyncCloudglue, Cloudglue, _wire
from tests.support.clock import FakeClock, install_fake_clock
from tests.support.fakeapi import FakeAPI
from tests.support.rawserver import RawServer

API_KEY = "cg-canary-5e3f0d9b-never-print-me"


@pytest.fixture(autouse=True)
def clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    return install_fake_clock(monkeypatch)


@pytest.fixture
def api(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeAPI]:
    """The fake API on a loopback server; scripted transport failures raised client-side."""
    fake = FakeAPI()
    _raise_scripted_failures(monkeypatch, fake)
    with RawServer(fake.handle) as server:
        fake.url = server.url
        yield fake


def _raise_scripted_failures(monkeypatch: pytest.MonkeyPatch, fake: FakeAPI) -> None:
    """A scripted `fail(httpx.X)` raises httpcore's X at our own transport, as a real failure
    of the connection would (nothing reaches the server)."""
    import httpcore

    def failure(request: Any) -> Exception | None:
        pseudo = httpx.Request(request.method, request.url, headers=request.headers)
        kind = fake.take_failure(pseudo)
        return None if kind is None else getattr(httpcore, kind.__name__)("scripted failure")

    sync_open = _wire.OwnTransport.open
    async_open = _wire.AsyncOwnTransport.open

    @contextlib.contextmanager
    def open_sync(self: Any, request: Any) -> Iterator[Any]:
        if (error := failure(request)) is not None:
            raise error
        with sync_open(self, request) as incoming:
            yield incoming

    @contextlib.asynccontextmanager
    async def open_async(self: Any, request: Any, pool_timeout: Any) -> AsyncIterator[Any]:
        if (error := failure(request)) is not None:
            raise error
        async with async_open(self, request, pool_timeout) as incoming:
            yield incoming

    monkeypatch.setattr(_wire.OwnTransport, "open", open_sync)
    monkeypatch.setattr(_wire.AsyncOwnTransport, "open", open_async)


class Flavor:
    """Runs one scenario through Cloudglue or AsyncCloudglue, hiding await / async for."""

    def __init__(self, name: str, api: FakeAPI) -> None:
        self.name = name
        self.api = api

    def client(self, *, mock: bool = False, **kw: Any) -> Any:
        """A client on its default path (its own connections to the fake API on loopback); with
        `mock`, on a user-supplied httpx client whose MockTransport calls the fake directly."""
        kw.setdefault("api_key", API_KEY)
        kw.setdefault("base_url", self.api.url)
        if mock:
            kind = httpx.Client if self.name == "sync" else httpx.AsyncClient
            kw["http_client"] = kind(transport=self.api.transport())
        return (Cloudglue if self.name == "sync" else AsyncCloudglue)(**kw)

    def call(self, fn: Callable[[Any], Any], **client_kw: Any) -> Any:
        """fn(client) -> result (awaited for async)."""
        cg = self.client(**client_kw)
        if self.name == "sync":
            return fn(cg)

        async def run() -> Any:
            result = fn(cg)
            return await result if inspect.isawaitable(result) else result

        return asyncio.run(run())

    def collect(self, fn: Callable[[Any], Any], **client_kw: Any) -> list[Any]:
        """fn(client) -> iterable of items (sync) / async iterable (async); all items."""
        cg = self.client(**client_kw)
        if self.name == "sync":
            return list(fn(cg))

        async def run() -> list[Any]:
            return [item async for item in fn(cg)]

        return asyncio.run(run())


@pytest.fixture(params=["sync", "async"])
def flavor(request: pytest.FixtureRequest, api: FakeAPI) -> Iterator[Flavor]:
    yield Flavor(request.param, api)
