"""A new key that needs an idle space closed to make room still gets its space when closing
that one fails: the failure is logged, the closed space is forgotten either way (its key opens
it again from disk), and the new space does not stay `opening`. It used to: the error went to
the request that made room (a 500), and every later request of the new key waited the full
wait and got a 503, until the server restarted."""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from starlette.applications import Starlette

from cloudglue_emulator.app import create_app
from cloudglue_emulator.context import Runtime
from cloudglue_emulator.settings import Settings
from cloudglue_emulator.spaces import WAIT_SECONDS

KEY = "cg-space-close-key"
ORIGIN = "http://localhost"


def auth(name: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {KEY}.{name}"}


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Starlette]:
    app = create_app(Settings(data_dir=tmp_path / "data", api_key=KEY, max_open_spaces=2))
    try:
        yield app
    finally:
        app.state.runtime.close()


@pytest.fixture
async def http(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url=ORIGIN) as client:
        yield client


async def served_soon(http: httpx.AsyncClient, name: str) -> None:
    started = time.monotonic()
    r = await http.get("/v1/files", headers=auth(name))
    assert r.status_code == 200, (name, r.status_code, r.text)
    assert time.monotonic() - started < WAIT_SECONDS / 2  # served, not waited out


async def test_a_space_that_fails_to_close_does_not_strand_the_one_it_made_room_for(
    http: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    for name in ("s1", "s2"):  # the limit is 2: a third key closes s1, the least recent
        await served_soon(http, name)

    real_close = Runtime.close
    failures: list[Runtime] = []

    def close_then_fail(self: Runtime) -> None:
        real_close(self)  # released, then reported as failed (as a close that raises late)
        if not failures:
            failures.append(self)
            raise OSError("injected: closing the store failed")

    monkeypatch.setattr(Runtime, "close", close_then_fail)
    with caplog.at_level(logging.ERROR, logger="cloudglue_emulator.spaces"):
        await served_soon(http, "s3")
    monkeypatch.undo()
    assert failures and "injected: closing the store failed" in caplog.text

    for name in ("s3", "s2", "s1"):
        await served_soon(http, name)
