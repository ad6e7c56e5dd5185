"""Fixtures: a fake API, fake time at the client's one clock seam, and both client flavours."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from cloudglue_client import AsyncCloudglue, Cloudglue, _clock

from .fakeapi import FakeAPI

API_KEY = "cg-canary-5e3f0d9b-never-print-me"


class FakeClock:
    """Time that only moves when the client sleeps."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float, wake: object = None) -> None:
        self.sleeps.append(seconds)
        self.now += max(seconds, 0)

    async def async_sleep(self, seconds: float, wake: object = None) -> None:
        self.sleep(seconds)
        await asyncio.sleep(0)


@pytest.fixture(autouse=True)
def clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    fake = FakeClock()
    monkeypatch.setattr(_clock, "monotonic", fake.monotonic)
    monkeypatch.setattr(_clock, "sleep", fake.sleep)
    monkeypatch.setattr(_clock, "async_sleep", fake.async_sleep)
    return fake


@pytest.fixture
def api() -> FakeAPI:
    return FakeAPI()


class Flavor:
    """Runs one scenario through Cloudglue or AsyncCloudglue, hiding await / async for."""

    def __init__(self, name: str, api: FakeAPI) -> None:
        self.name = name
        self.api = api

    def client(self, **kw: Any) -> Any:
        kw.setdefault("api_key", API_KEY)
        kw.setdefault("base_url", "https://api.test/v1")
        if self.name == "sync":
            return Cloudglue(http_client=httpx.Client(transport=self.api.transport()), **kw)
        return AsyncCloudglue(http_client=httpx.AsyncClient(transport=self.api.transport()), **kw)

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
