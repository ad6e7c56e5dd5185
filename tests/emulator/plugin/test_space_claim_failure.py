"""A new key whose space cannot be linked (the disk is full when its name link is made) must
not strand the idle spaces that were picked to close for it: they stay open and keep serving.
They used to stay marked `closing` for good, so every request of their keys waited the full
wait and got a 503 until the server restarted."""

from __future__ import annotations

import errno
import os
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from starlette.applications import Starlette

from cloudglue_emulator.app import create_app
from cloudglue_emulator.settings import Settings
from cloudglue_emulator.spaces import NAMES_FOLDER, WAIT_SECONDS

KEY = "cg-space-claim-key"
ORIGIN = "http://localhost"


def auth(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


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


async def test_a_failed_link_leaves_the_spaces_it_would_have_closed_open(
    http: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("s1", "s2"):  # the limit is 2: a third key would close s1
        assert (await http.get("/v1/files", headers=auth(f"{KEY}.{name}"))).status_code == 200

    real_symlink = os.symlink

    def full_disk(src: str, dst: os.PathLike[str] | str, *args: object, **kwargs: object) -> None:
        if Path(dst).parent.name == NAMES_FOLDER:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(dst))
        real_symlink(src, dst, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "symlink", full_disk)
    failed = await http.get("/v1/files", headers=auth(f"{KEY}.s3"))
    assert failed.status_code >= 500
    monkeypatch.setattr(os, "symlink", real_symlink)

    for name in ("s1", "s2"):
        started = time.monotonic()
        r = await http.get("/v1/files", headers=auth(f"{KEY}.{name}"))
        assert r.status_code == 200, r.text
        assert time.monotonic() - started < WAIT_SECONDS / 2  # served, not waited out
    assert (await http.get("/v1/files", headers=auth(f"{KEY}.s3"))).status_code == 200
