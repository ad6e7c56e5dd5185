"""Downloads on a hostile disk and server: one image never fails the run, the run's own failures
are one typed error with the partial result, and nothing on disk is left half done.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from cloudglue_client import CloudglueError, DownloadError
from tests.support.fakeapi import JOB_ID, frame_id, frame_job
from tests.support.rawserver import RawServer

from .conftest import Flavor

JPEG = b"\xff\xd8\xff" + b"jpeg" * 500


def frames_route(
    frames: list[dict[str, Any]], image: Callable[[httpx.Request], Any] | None = None
) -> Any:
    """A completed job with these frames (`{thumb}` in a URL: this server's origin)."""

    def route(request: httpx.Request) -> Any:
        origin = f"http://127.0.0.1:{request.url.port}"
        if request.url.path.startswith("/img/"):
            return image(request) if image else httpx.Response(200, content=JPEG)
        offset = int(request.url.params.get("offset", 0))
        limit = int(request.url.params.get("limit", 100))
        page = [
            {**f, "thumbnail_url": f["thumbnail_url"].format(thumb=origin)}
            for f in frames[offset : offset + limit]
        ]
        data = {
            "object": "list",
            "frames": page,
            "total": len(frames),
            "limit": limit,
            "offset": offset,
        }
        return httpx.Response(200, json=frame_job(frame_count=len(frames), data=data))

    return route


def frame(i: int, timestamp: float | None = None, frame_id_: str | None = None) -> dict[str, Any]:
    return {
        "id": frame_id_ or frame_id(i),
        "timestamp": float(i) if timestamp is None else timestamp,
        "thumbnail_url": "{thumb}/img/" + f"{i}.jpg",
    }


def download(flavor: Flavor, route: Any, target: Path, **kw: Any) -> Any:
    with RawServer(route) as server:
        outcome = flavor.call(server.url, lambda cg: cg.frames.download(JOB_ID, target, **kw))
    return outcome


def manifest(target: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (target / "manifest.jsonl").read_text().splitlines()]


def images(target: Path) -> list[str]:
    return sorted(p.name for p in target.iterdir() if p.name != "manifest.jsonl")


def test_a_time_no_file_name_can_hold_is_that_images_failure(
    flavor: Flavor, tmp_path: Path
) -> None:
    frames = [frame(0), frame(1, timestamp=1e300), frame(2)]
    outcome = download(flavor, frames_route(frames), tmp_path)
    assert outcome.error is None, outcome.error
    result = outcome.value
    assert result.downloaded == 2 and len(result.failed) == 1
    assert "1e+300" in result.failed[0].reason and "file name" in result.failed[0].reason
    assert len(images(tmp_path)) == 2 and len(manifest(tmp_path)) == 2


def test_two_images_with_one_name_are_said_not_lost(flavor: Flavor, tmp_path: Path) -> None:
    same = frame_id(7)
    frames = [frame(0, 5.0, same), frame(1, 5.0, same), frame(2)]
    result = download(flavor, frames_route(frames), tmp_path).value
    assert result.downloaded == 2 and len(result.failed) == 1
    assert "same file name" in result.failed[0].reason
    assert len(images(tmp_path)) == 2 and len(manifest(tmp_path)) == 2


def test_a_link_at_an_images_name_is_never_followed(flavor: Flavor, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_bytes(b"not yours")
    target = tmp_path / "out"
    target.mkdir()
    frames = [frame(0), frame(1)]
    name = "000001.000_frame_" + frame_id(1) + ".jpg"
    (target / name).symlink_to(elsewhere)
    result = download(flavor, frames_route(frames), target).value
    assert result.downloaded == 1 and result.skipped == 0
    assert (
        "symbolic link" in result.failed[0].reason and "overwrite=True" in result.failed[0].reason
    )
    assert [r["path"] for r in manifest(target)] == ["000000.000_frame_" + frame_id(0) + ".jpg"]
    replaced = download(flavor, frames_route(frames), target, overwrite=True).value
    assert replaced.downloaded == 2 and not (target / name).is_symlink()
    assert (target / name).read_bytes() == JPEG and elsewhere.read_bytes() == b"not yours"


def test_files_follow_the_process_umask(flavor: Flavor, tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        download(flavor, frames_route([frame(0)]), tmp_path)
    finally:
        os.umask(old)
    modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in tmp_path.iterdir()}
    assert set(modes.values()) == {0o644}, modes


def test_image_redirects_stay_capped_on_a_users_client_that_follows_them(tmp_path: Path) -> None:
    def image(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/img/0.jpg":  # a loop of redirects
            return httpx.Response(302, headers={"location": "/img/0.jpg?again"})
        return httpx.Response(302, headers={"location": "file:///etc/passwd"})

    flavor = Flavor("sync")
    with RawServer(frames_route([frame(0), frame(1)], image)) as server:
        user = httpx.Client(follow_redirects=True)
        outcome = flavor.call(
            server.url, lambda cg: cg.frames.download(JOB_ID, tmp_path), http_client=user
        )
        redirects = [r for r in server.requests if r.url.path.startswith("/img/0")]
    reasons = sorted(f.reason for f in outcome.value.failed)
    assert len(reasons) == 2 and "too many redirects" in reasons[1]
    assert "not http(s) but file" in reasons[0]
    assert len(redirects) == 6  # the first request and five redirects: the cap held


@pytest.fixture
def full_disk(tmp_path: Path) -> Iterator[Path]:
    """A 256 KiB tmpfs (a real full disk); skipped where mounting is not allowed."""
    mount = tmp_path / "small"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mount)],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True, check=False)


def test_a_full_disk_is_per_image_then_one_typed_error(flavor: Flavor, full_disk: Path) -> None:
    big = JPEG * 20  # about 40 KB: a few fit, then the disk is full
    frames = [frame(i) for i in range(40)]
    route = frames_route(frames, lambda request: httpx.Response(200, content=big))
    outcome = download(flavor, route, full_disk)
    error = outcome.error
    if error is None:  # every failure was an image's, and the manifest still fit
        result = outcome.value
        assert (full_disk / "manifest.jsonl").exists()
    else:
        assert isinstance(error, DownloadError), repr(error)
        result = error.result
        assert "manifest" in error.reason
    assert result.downloaded >= 1 and result.failed
    assert any("No space left" in f.reason for f in result.failed)
    on_disk = images(full_disk)
    assert not [n for n in on_disk if n.endswith((".part", ".lock"))], on_disk  # no leftovers
    for name in on_disk:
        assert (full_disk / name).read_bytes() == big  # whole images only
    if (full_disk / "manifest.jsonl").exists():
        assert {r["path"] for r in manifest(full_disk)} == set(on_disk)


def test_a_directory_that_cannot_be_made_is_one_typed_error(flavor: Flavor, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file, not a directory")
    outcome = download(flavor, frames_route([frame(0)]), blocker / "sub")
    assert isinstance(outcome.error, DownloadError) and isinstance(outcome.error, CloudglueError)
    assert outcome.error.result.downloaded == 0


RUN_HOLDER = """
import sys, time
from pathlib import Path
from cloudglue_client._disk import Run
run = Run(Path(sys.argv[1]))
_, temp = run.create()
print(temp, flush=True)
time.sleep(120)
"""


def test_another_run_never_removes_a_live_runs_temporary_files(tmp_path: Path) -> None:
    from cloudglue_client._disk import Run

    holder = subprocess.Popen(
        [sys.executable, "-c", RUN_HOLDER, str(tmp_path)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None
        live = Path(holder.stdout.readline().strip())
        os.utime(live, (0, 0))  # far older than any age rule
        mine = Run(tmp_path)
        mine.sweep()
        assert live.exists()  # its run holds its lock: alive, whatever the age
        holder.kill()  # kill -9: the kernel releases the lock
        holder.wait()
        mine.sweep()
        assert not live.exists()  # a dead run's leftovers are swept
        mine.close()
    finally:
        if holder.poll() is None:
            holder.kill()
    assert list(tmp_path.iterdir()) == []


def test_two_downloads_into_one_directory_at_once_both_finish(tmp_path: Path) -> None:
    import concurrent.futures as cf

    frames = [frame(i) for i in range(60)]
    with RawServer(frames_route(frames)) as server:
        flavor = Flavor("sync")
        with cf.ThreadPoolExecutor(2) as pool:
            runs = [
                pool.submit(
                    flavor.call, server.url, lambda cg: cg.frames.download(JOB_ID, tmp_path)
                )
                for _ in range(2)
            ]
            outcomes = [run.result() for run in runs]
    assert all(o.error is None for o in outcomes), [o.error for o in outcomes]
    assert all(o.value.failed == [] for o in outcomes)
    assert len(images(tmp_path)) == 60 and len(manifest(tmp_path)) == 60
