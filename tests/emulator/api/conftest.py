"""Fixtures of the emulator tests: an in-process app with a client (the sample videos are the
root conftest's)."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal

import httpx
import pytest
import uvicorn
from starlette.applications import Starlette

from cloudglue_emulator.app import create_app
from cloudglue_emulator.context import Runtime
from cloudglue_emulator.listening import bind
from cloudglue_emulator.media import SampleTruth
from cloudglue_emulator.settings import Settings
from tests.support.polling import poll_until

API_KEY = "cg-test-key"
AUTH = {"Authorization": f"Bearer {API_KEY}"}
ORIGIN = "http://emulator.test"
JOB_TIMEOUT_SECONDS = 60.0


class Emu:
    """An in-process emulator: the app, its runtime and an authenticated client."""

    def __init__(self, app: Starlette, client: httpx.AsyncClient) -> None:
        self.app = app
        self.client = client

    @property
    def runtime(self) -> Runtime:
        rt: Runtime = self.app.state.runtime
        return rt

    async def upload(self, path: Path, name: str = "clip.mp4", **data: str) -> dict[str, Any]:
        """Upload and wait until the file is processed."""
        with path.open("rb") as handle:
            r = await self.client.post(
                "/files", files={"file": (name, handle, "video/mp4")}, data=data
            )
        assert r.status_code == 200, r.text
        return await self.wait(f"/files/{r.json()['id']}")

    async def wait(self, url: str, **params: Any) -> dict[str, Any]:
        """GET `url` once every queued job has finished (deadline-bound, no sleeps)."""
        done = await asyncio.to_thread(self.runtime.jobs.wait_idle, JOB_TIMEOUT_SECONDS)
        assert done, "jobs did not finish in time"
        r = await self.client.get(url, params=params)
        assert r.status_code == 200, r.text
        body: dict[str, Any] = r.json()
        assert body["status"] not in ("pending", "processing"), body
        return body


def make_app(data_dir: Path, **settings: Any) -> Starlette:
    """An app on `data_dir` with the test key, answering to the `Host` of ORIGIN."""
    settings.setdefault("allowed_hosts", (ORIGIN.split("//", 1)[1],))
    return create_app(Settings(data_dir=data_dir, api_key=API_KEY, **settings))


@pytest.fixture
def app_settings() -> dict[str, Any]:
    """Extra Settings for the `emu` fixture (override in a module to change them)."""
    return {}


def client_for(app: Starlette) -> httpx.AsyncClient:
    """An authenticated in-process client of `app` (base URL `.../v1`)."""
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    return httpx.AsyncClient(transport=transport, base_url=f"{ORIGIN}/v1", headers=AUTH)


@pytest.fixture
async def emu(tmp_path: Path, app_settings: dict[str, Any]) -> AsyncIterator[Emu]:
    """A fresh in-process emulator on a temp data dir."""
    app = make_app(tmp_path / "data", **app_settings)
    try:
        async with client_for(app) as client:
            yield Emu(app, client)
    finally:
        app.state.runtime.close()


@pytest.fixture(scope="module")
def shared_app(
    tmp_path_factory: pytest.TempPathFactory, sample: SampleTruth
) -> Iterator[tuple[Starlette, str]]:
    """One emulator per module with the sample uploaded, for tests that change nothing."""
    app = make_app(tmp_path_factory.mktemp("shared") / "data")

    async def upload() -> str:
        async with client_for(app) as client:
            with sample.path.open("rb") as handle:
                r = await client.post("/files", files={"file": ("s.mp4", handle, "video/mp4")})
            return str(r.json()["id"])

    try:
        file_id = asyncio.run(upload())
        assert app.state.runtime.jobs.wait_idle(JOB_TIMEOUT_SECONDS)
        yield app, file_id
    finally:
        app.state.runtime.close()


@pytest.fixture
async def shared(shared_app: tuple[Starlette, str]) -> AsyncIterator[tuple[Emu, str]]:
    """The module's shared emulator (as an Emu) and the id of its uploaded sample."""
    app, file_id = shared_app
    async with client_for(app) as client:
        yield Emu(app, client), file_id


@contextmanager
def served(
    app: Starlette, http: Literal["auto", "h11", "httptools"] = "auto"
) -> Iterator[tuple[str, int]]:
    """`app` behind a real uvicorn server (configured as `serve` configures it) on a loopback
    port, in a thread: (host, port). `http` picks uvicorn's HTTP parser ("h11", "httptools")."""
    sock = bind("127.0.0.1", 0)
    config = uvicorn.Config(
        app,
        http=http,
        log_config=None,
        access_log=False,
        lifespan="off",
        log_level="info",
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        poll_until(
            lambda: server.started or not thread.is_alive(), JOB_TIMEOUT_SECONDS, "uvicorn to start"
        )
        assert server.started, "uvicorn did not start"
        yield "127.0.0.1", sock.getsockname()[1]
    finally:
        server.should_exit = True
        thread.join(JOB_TIMEOUT_SECONDS)
        sock.close()
