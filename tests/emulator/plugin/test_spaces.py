"""Isolated stores per key (`KEY.NAME`), in process: what the pytest plugin's isolation rests on."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from cloudglue_emulator.app import create_app
from cloudglue_emulator.context import Runtime
from cloudglue_emulator.settings import Settings
from cloudglue_emulator.spaces import NAMES_FOLDER, SPACES_FOLDER, Spaces, name_key
from tests.support.polling import poll_until

KEY = "cg-space-test-key"
ORIGIN = "http://localhost"
JOB_TIMEOUT_SECONDS = 60.0


def auth(key: str) -> dict[str, bytes]:
    return {"Authorization": f"Bearer {key}".encode()}  # bytes: some keys are not ASCII


@pytest.fixture(scope="module")
def clip(one_shot_video: Path) -> Path:
    return one_shot_video


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


def spaces_of(app: Starlette) -> Spaces:
    spaces: Spaces = app.state.spaces
    return spaces


def space_folder(app: Starlette, name: str) -> Path | None:
    """The folder the space of `name` lives in, or None if the name has none."""
    root: Path = app.state.runtime.data.root
    link = root / SPACES_FOLDER / NAMES_FOLDER / name_key(name)
    return link.resolve() if link.is_symlink() else None


async def upload(http: httpx.AsyncClient, key: str, clip: Path) -> dict[str, Any]:
    with clip.open("rb") as handle:
        r = await http.post(
            "/v1/files", files={"file": ("clip.mp4", handle, "video/mp4")}, headers=auth(key)
        )
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


async def file_ids(http: httpx.AsyncClient, key: str) -> list[str]:
    r = await http.get("/v1/files", headers=auth(key))
    assert r.status_code == 200, r.text
    return [f["id"] for f in r.json()["data"]]


async def processed(http: httpx.AsyncClient, app: Starlette, key: str, file_id: str) -> Any:
    """The file once its space's workers are idle."""
    lease = spaces_of(app).try_acquire(name_key(key.split(".", 1)[1]))
    assert lease is not None and lease.runtime is not None
    try:
        assert await asyncio.to_thread(lease.runtime.jobs.wait_idle, JOB_TIMEOUT_SECONDS)
    finally:
        spaces_of(app).release(lease)
    r = await http.get(f"/v1/files/{file_id}", headers=auth(key))
    assert r.status_code == 200, r.text
    return r.json()


async def test_each_key_sees_only_its_own_files(
    app: Starlette, http: httpx.AsyncClient, clip: Path
) -> None:
    mine = await upload(http, f"{KEY}.alice", clip)
    assert await file_ids(http, f"{KEY}.alice") == [mine["id"]]
    assert await file_ids(http, f"{KEY}.bob") == []
    assert await file_ids(http, KEY) == []
    r = await http.get(f"/v1/files/{mine['id']}", headers=auth(f"{KEY}.bob"))
    assert r.status_code == 404
    theirs = await upload(http, KEY, clip)
    assert await file_ids(http, f"{KEY}.alice") == [mine["id"]]
    assert await file_ids(http, KEY) == [theirs["id"]]


async def test_a_spaces_thumbnails_are_served_under_its_own_path(
    app: Starlette, http: httpx.AsyncClient, clip: Path
) -> None:
    key = f"{KEY}.thumbs"
    done = await processed(http, app, key, (await upload(http, key, clip))["id"])
    url = httpx.URL(done["thumbnail_url"])
    folder = space_folder(app, "thumbs")
    assert folder is not None
    prefix = f"/_spaces/{folder.name}/thumbnails/"
    assert url.path.startswith(prefix), url
    r = await http.get(url.path)  # no key: thumbnails need none, in any store
    assert r.status_code == 200 and r.content[:2] == b"\xff\xd8"
    # The token belongs to that store only: not under the server's own path, nor another's.
    token_path = url.path.removeprefix(prefix)
    assert (await http.get(f"/thumbnails/{token_path}")).status_code == 404
    other = f"/_spaces/{'0' * 32}/thumbnails/{token_path}"
    assert (await http.get(other)).status_code == 404
    assert spaces_of(app).open_count() == 1  # a thumbnail URL opens no other store


async def test_keys_that_are_not_the_servers_or_a_space_are_refused(
    http: httpx.AsyncClient,
) -> None:
    for key in (f"{KEY}x", f"{KEY}x.a", "other.a", KEY[:-1], f".{KEY}"):
        r = await http.get("/v1/files", headers=auth(key))
        assert r.status_code == 401, key
        assert r.json() == {"error": "Invalid or missing API key"}
    for key in (f"{KEY}.", f"{KEY}.a b", f"{KEY}.a.b", f"{KEY}.{'x' * 65}", f"{KEY}.ключ"):
        r = await http.get("/v1/files", headers=auth(key))
        assert r.status_code == 401, key
        message = r.json()["error"]
        assert "1-64 letters, digits, '-' or '_'" in message
        assert KEY not in message  # the key never appears in an answer


async def test_deleting_a_space_empties_it_and_removes_its_folder(
    app: Starlette, http: httpx.AsyncClient, clip: Path
) -> None:
    key = f"{KEY}.gone"
    await processed(http, app, key, (await upload(http, key, clip))["id"])
    folder = space_folder(app, "gone")
    assert folder is not None and folder.is_dir()
    r = await http.delete("/_emulator/space", headers=auth(key))
    assert r.status_code == 204
    assert space_folder(app, "gone") is None and not folder.exists()
    assert spaces_of(app).open_count() == 0
    assert await file_ids(http, key) == []  # the same key again: a new, empty store
    assert space_folder(app, "gone") not in (None, folder)


async def test_deleting_a_space_never_used_creates_nothing(
    app: Starlette, http: httpx.AsyncClient
) -> None:
    r = await http.delete("/_emulator/space", headers=auth(f"{KEY}.never"))
    assert r.status_code == 204
    assert space_folder(app, "never") is None
    assert spaces_of(app).open_count() == 0
    r = await http.delete("/_emulator/space", headers=auth(KEY))
    assert r.status_code == 409
    assert "Only an isolated store" in r.json()["error"]


async def test_idle_spaces_beyond_the_limit_close_and_keep_their_data(
    app: Starlette, http: httpx.AsyncClient, clip: Path
) -> None:
    first = await processed(http, app, f"{KEY}.s1", (await upload(http, f"{KEY}.s1", clip))["id"])
    for name in ("s2", "s3"):  # the limit is 2: s1, the least recently used, closes
        assert await file_ids(http, f"{KEY}.{name}") == []
    assert spaces_of(app).open_count() == 2
    assert spaces_of(app).try_acquire(name_key("s1")) is None  # closed
    assert await file_ids(http, f"{KEY}.s1") == [first["id"]]  # opened again from disk


async def test_when_every_open_space_is_busy_a_new_one_waits_with_a_503(
    tmp_path: Path, clip: Path
) -> None:
    app = create_app(Settings(data_dir=tmp_path / "data", api_key=KEY, max_open_spaces=1))
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    try:
        async with httpx.AsyncClient(transport=transport, base_url=ORIGIN) as http:
            r = await http.put(
                "/_emulator/faults", json={"job_delay_seconds": 30}, headers=auth(KEY)
            )
            assert r.status_code == 200
            await upload(http, f"{KEY}.busy", clip)  # its file waits: the space is not idle
            r = await http.get("/v1/files", headers=auth(f"{KEY}.next"))
            assert r.status_code == 503
            assert r.headers["retry-after"] == "1"
            assert "isolated stores are busy" in r.json()["error"]
            assert (await http.get("/v1/files", headers=auth(KEY))).status_code == 200
    finally:
        app.state.runtime.close()


async def test_many_keys_at_once_stay_apart(tmp_path: Path, clip: Path) -> None:
    app = create_app(Settings(data_dir=tmp_path / "data", api_key=KEY, max_open_spaces=8))
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)

    async def one(http: httpx.AsyncClient, n: int) -> tuple[str, list[str]]:
        key = f"{KEY}.c{n}"
        await asyncio.gather(*(file_ids(http, key) for _ in range(3)))  # first uses race
        uploaded = await upload(http, key, clip)
        return uploaded["id"], await file_ids(http, key)

    try:
        async with httpx.AsyncClient(transport=transport, base_url=ORIGIN) as http:
            results = await asyncio.gather(*(one(http, n) for n in range(6)))
        for uploaded, seen in results:
            assert seen == [uploaded]
        assert spaces_of(app).open_count() == 6
    finally:
        app.state.runtime.close()


def test_a_delete_waits_for_the_spaces_other_requests(app: Starlette) -> None:
    spaces = spaces_of(app)
    key = name_key("held")
    first = spaces.acquire(key, None, create=True)
    second = spaces.acquire(key, None, create=True)
    assert first is second and first is not None
    assert spaces.begin_drop(first, key, wait=False) is None  # another request holds it
    spaces.release(second)
    assert spaces.begin_drop(first, key, wait=False) is True
    assert spaces.begin_drop(first, key, wait=False) is False  # already being deleted
    spaces.finish_drop(first)
    spaces.release(first)
    assert spaces.open_count() == 0
    assert not (spaces.root / first.folder).exists()


async def test_a_new_name_gets_the_spare_made_ready_in_the_background(
    app: Starlette, http: httpx.AsyncClient
) -> None:
    spaces = spaces_of(app)
    assert await file_ids(http, f"{KEY}.first") == []  # opens its store, then a spare is made
    assert await asyncio.to_thread(poll_until, lambda: len(spare_folders(app)) == 2)
    folders = spare_folders(app)
    assert len(folders) == 2, folders  # the first space's and the spare
    assert await file_ids(http, f"{KEY}.second") == []
    second = space_folder(app, "second")
    assert second is not None and second.name in folders  # it got the spare
    assert spaces.open_count() == 2


def spare_folders(app: Starlette) -> set[str]:
    """Space folders on disk (linked or not)."""
    root: Path = app.state.runtime.data.root / SPACES_FOLDER
    return {p.name for p in root.iterdir() if len(p.name) == 32}


def test_folders_no_name_links_to_are_removed_at_start(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data", api_key=KEY)
    app = create_app(settings)
    root = app.state.runtime.data.root / SPACES_FOLDER
    app.state.runtime.close()
    (root / ("a" * 32)).mkdir()  # a spare left by a crash
    (root / NAMES_FOLDER / ("b" * 32)).symlink_to(f"../{'c' * 32}")  # a link to nothing
    app = create_app(settings)
    app.state.runtime.close()
    assert not (root / ("a" * 32)).exists()
    assert not (root / NAMES_FOLDER / ("b" * 32)).is_symlink()


async def test_a_spaces_data_survives_a_restart(tmp_path: Path, clip: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data", api_key=KEY)
    key = f"{KEY}.kept"
    for round_ in range(2):
        app = create_app(settings)
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        try:
            async with httpx.AsyncClient(transport=transport, base_url=ORIGIN) as http:
                if round_ == 0:
                    kept = await processed(http, app, key, (await upload(http, key, clip))["id"])
                else:
                    assert await file_ids(http, key) == [kept["id"]]
        finally:
            rt: Runtime = app.state.runtime
            rt.close()
            assert spaces_of(app).open_count() == 0  # closing the server closes its spaces


async def test_faults_are_the_servers_for_every_key(http: httpx.AsyncClient) -> None:
    r = await http.put(
        "/_emulator/faults", json={"throttle_rate": 1.0}, headers=auth(f"{KEY}.setter")
    )
    assert r.status_code == 200
    assert (await http.get("/v1/files", headers=auth(f"{KEY}.other"))).status_code == 429
    assert (await http.delete("/_emulator/faults", headers=auth(KEY))).status_code == 200
    assert (await http.get("/v1/files", headers=auth(f"{KEY}.other"))).status_code == 200
