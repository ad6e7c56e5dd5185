"""A full disk, a damaged database and a locked one: clear answers, nothing partial, no stalls."""

from __future__ import annotations

import asyncio
import contextlib
import errno
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from cloudglue_emulator import runner
from cloudglue_emulator.context import Runtime
from cloudglue_emulator.deletion import FREED_REASON
from cloudglue_emulator.failures import DISK_FULL_REASON, StoreError
from cloudglue_emulator.media import SampleTruth
from tests.support.polling import poll_until

from .conftest import JOB_TIMEOUT_SECONDS, Emu, client_for, make_app

TMPFS_MIB = 20
SERVE = (sys.executable, "-m", "cloudglue_emulator", "serve", "--port", "0")
FRAMES_BODY: dict[str, Any] = {"strategy": "uniform", "uniform_config": {"frames_per_second": 24}}
FEW_FRAMES_BODY: dict[str, Any] = {
    "strategy": "uniform",
    "uniform_config": {"frames_per_second": 1},
}
SEGMENTS_BODY: dict[str, Any] = {
    "strategy": "uniform",
    "uniform_config": {"window_seconds": 2},
    "thumbnails_config": {"enable_segment_thumbnails": True},
}


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 20 MiB tmpfs, mounted for this test only."""
    mount_point = tmp_path / "tmpfs"
    mount_point.mkdir()
    try:
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={TMPFS_MIB}m", "tmpfs", str(mount_point)],
            capture_output=True,
            text=True,
            timeout=30,
        )
    except OSError as exc:
        pytest.skip(f"cannot mount a {TMPFS_MIB} MiB tmpfs here ({exc})")
    if done.returncode != 0:
        pytest.skip(f"mounting a tmpfs is not permitted here: {done.stderr.strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], capture_output=True, timeout=30)


def fill(folder: Path) -> Path:
    """Write a file until the disk is full; returns it (delete it to make room again)."""
    filler = folder / "filler.bin"
    with filler.open("wb", buffering=0) as out:
        for size in (1 << 20, 1 << 12, 1):
            with contextlib.suppress(OSError):
                while True:
                    out.write(b"\0" * size)
    return filler


async def test_full_disk_on_upload_is_507_leaves_nothing_and_recovers(
    small_disk: Path, sample: SampleTruth
) -> None:
    app = make_app(small_disk / "data")
    data = app.state.runtime.data
    try:
        async with client_for(app) as client:
            too_big = os.urandom((TMPFS_MIB + 5) << 20)
            r = await client.post("/files", files={"file": ("big.mp4", too_big, "video/mp4")})
            assert r.status_code == 507, r.text
            assert "No space left on device" in r.json()["error"]
            assert list(data.tmp.iterdir()) == [] and list(data.uploads.iterdir()) == []
            assert (await client.get("/files")).json()["total"] == 0
            emu = Emu(app, client)
            f = await emu.upload(sample.path)
            assert f["status"] == "completed"
            assert (await client.get("/files")).json()["total"] == 1
    finally:
        app.state.runtime.close()


async def test_jobs_on_a_full_disk_fail_with_a_reason_and_workers_live_on(
    small_disk: Path, sample: SampleTruth
) -> None:
    data_dir = small_disk / "data"
    app = make_app(data_dir)
    rt = app.state.runtime
    try:
        async with client_for(app) as client:
            emu = Emu(app, client)
            file_id = (await emu.upload(sample.path))["id"]
            rt.faults.update({"job_delay_seconds": 0.5})  # claimed now, run after the fill
            job_ids = []
            for fps in (20, 24, 30):
                body = {**FRAMES_BODY, "uniform_config": {"frames_per_second": fps}}
                r = await client.post(f"/files/{file_id}/frames", json=body)
                job_ids.append(r.json()["frame_extraction_id"])
            filler = fill(small_disk)
            assert await asyncio.to_thread(rt.jobs.wait_idle, JOB_TIMEOUT_SECONDS)
            assert rt.jobs.healthy() == (True, "ok")
            states = [(await client.get(f"/frames/{j}")).json() for j in job_ids]
            for job in states:  # failed with the reason, even where it could not be written
                assert job["status"] == "failed" and "full" in job["error"], job
            filler.unlink()
            written = await asyncio.to_thread(
                poll_until, lambda: stored_statuses(data_dir, job_ids) == {"failed"}
            )
            assert written, stored_statuses(data_dir, job_ids)  # no restart needed
            rt.faults.update({"job_delay_seconds": 0})
            fresh = {**FRAMES_BODY, "uniform_config": {"frames_per_second": 12}}
            again = await client.post(f"/files/{file_id}/frames", json=fresh)
            done = await emu.wait(f"/frames/{again.json()['frame_extraction_id']}")
            assert done["status"] == "completed" and done["frame_count"] == 96
        rt.close()
        app = make_app(data_dir)  # and they stay failed across a restart
        async with client_for(app) as client:
            emu = Emu(app, client)
            for job_id in job_ids:
                assert (await emu.wait(f"/frames/{job_id}"))["status"] == "failed"
    finally:
        app.state.runtime.close()
        rt.close()


def stored_statuses(data_dir: Path, job_ids: list[str]) -> set[str]:
    """The statuses the database holds for these jobs (read with a connection of its own)."""
    with contextlib.closing(sqlite3.connect(data_dir / "emulator.sqlite3")) as conn:
        marks = ",".join("?" * len(job_ids))
        rows = conn.execute(f"SELECT status FROM jobs WHERE id IN ({marks})", job_ids)
        return {status for (status,) in rows}


class FullDisk:
    """A test seam: the store's failure writes and a job's results hit ENOSPC while `full`."""

    def __init__(self, rt: Runtime, monkeypatch: pytest.MonkeyPatch) -> None:
        self.full = True
        store = rt.store
        write_failure, finish_frames = store._write_failure, store.finish_frames

        def failure(*args: Any) -> None:
            self._check()
            write_failure(*args)

        def results(*args: Any) -> bool:
            self._check()
            return finish_frames(*args)

        monkeypatch.setattr(store, "_write_failure", failure)
        monkeypatch.setattr(store, "finish_frames", results)

    def _check(self) -> None:
        if self.full:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


async def test_a_failure_the_disk_could_not_take_is_shown_then_written_when_it_can(
    emu: Emu, sample: SampleTruth, monkeypatch: pytest.MonkeyPatch
) -> None:
    file_id = (await emu.upload(sample.path))["id"]
    disk = FullDisk(emu.runtime, monkeypatch)
    r = await emu.client.post(f"/files/{file_id}/frames", json=FRAMES_BODY)
    job_id = r.json()["frame_extraction_id"]
    job = await emu.wait(f"/frames/{job_id}")  # the job ends at once, not at a restart
    assert (job["status"], job["error"]) == ("failed", DISK_FULL_REASON)
    listed = (await emu.client.get(f"/files/{file_id}/frames")).json()["data"]
    assert [(j["status"], j["error"]) for j in listed] == [("failed", DISK_FULL_REASON)]
    data_dir = emu.runtime.data.root
    assert stored_statuses(data_dir, [job_id]) == {"processing"}  # not written yet
    again = await emu.client.post(f"/files/{file_id}/frames", json=FRAMES_BODY)
    assert again.json()["frame_extraction_id"] != job_id  # a failed job is not reused
    disk.full = False
    written = await asyncio.to_thread(
        poll_until, lambda: stored_statuses(data_dir, [job_id]) == {"failed"}
    )
    assert written  # by the idle workers, without a request
    assert emu.runtime.store.kept_failures == 0


async def test_the_next_read_writes_a_kept_failure(
    emu: Emu, sample: SampleTruth, monkeypatch: pytest.MonkeyPatch
) -> None:
    file_id = (await emu.upload(sample.path))["id"]
    disk = FullDisk(emu.runtime, monkeypatch)
    r = await emu.client.post(f"/files/{file_id}/frames", json=FRAMES_BODY)
    job_id = r.json()["frame_extraction_id"]
    assert await asyncio.to_thread(emu.runtime.jobs.wait_idle, JOB_TIMEOUT_SECONDS)
    await asyncio.to_thread(emu.runtime.jobs.stop)  # no worker retries from here on
    assert stored_statuses(emu.runtime.data.root, [job_id]) == {"processing"}
    disk.full = False
    job = (await emu.client.get(f"/frames/{job_id}")).json()
    assert (job["status"], job["error"]) == ("failed", DISK_FULL_REASON)
    assert stored_statuses(emu.runtime.data.root, [job_id]) == {"failed"}
    assert emu.runtime.store.kept_failures == 0


async def test_a_file_whose_failure_is_kept_is_listed_by_its_shown_status(
    emu: Emu, sample: SampleTruth, monkeypatch: pytest.MonkeyPatch
) -> None:
    disk = FullDisk(emu.runtime, monkeypatch)

    def full(*args: object) -> bool:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(runner, "process_file", full)  # the file's thumbnail hits the full disk
    with sample.path.open("rb") as handle:
        r = await emu.client.post("/files", files={"file": ("a.mp4", handle, "video/mp4")})
    file_id = r.json()["id"]
    f = await emu.wait(f"/files/{file_id}")
    assert (f["status"], f["error"]) == ("failed", DISK_FULL_REASON)
    for status, expected in (("failed", [file_id]), ("processing", []), ("pending", [])):
        page = (await emu.client.get("/files", params={"status": status})).json()
        assert [x["id"] for x in page["data"]] == expected and page["total"] == len(expected)
    disk.full = False
    assert (await emu.client.get(f"/files/{file_id}")).json()["status"] == "failed"
    assert emu.runtime.store.kept_failures == 0  # written (by that read, or an idle worker)


def _many_pages(data_dir: Path) -> Path:
    """A real emulator database with a few hundred pages of rows, closed."""
    make_app(data_dir).state.runtime.close()
    database = data_dir / "emulator.sqlite3"
    with contextlib.closing(sqlite3.connect(database)) as conn:
        rows = [(f"job-{i // 1000}", i % 1000, f"id-{i}", i / 10, None) for i in range(20_000)]
        conn.executemany("INSERT INTO frames VALUES (?, ?, ?, ?, ?)", rows)
        conn.commit()
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return database


def _serve(data_dir: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*SERVE, "--data-dir", str(data_dir), *extra],
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_damage_in_the_middle_of_the_database_is_refused_at_start(tmp_path: Path) -> None:
    database = _many_pages(tmp_path / "data")
    size = database.stat().st_size
    assert size > 200 * 4096
    with database.open("r+b") as handle:  # the header and first pages stay intact
        handle.seek(size // 2)
        handle.write(os.urandom(8 * 4096))
    with pytest.raises(StoreError, match="is damaged"):
        make_app(tmp_path / "data")
    done = _serve(tmp_path / "data")
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "is damaged (quick_check:" in lines[0], done.stderr
    assert "Traceback" not in done.stderr


def test_a_file_that_is_not_a_database_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "emulator.sqlite3").write_bytes(b"not sqlite at all" * 500)
    done = _serve(tmp_path / "data")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.strip().count("\n") == 0 and "is damaged" in done.stderr


def test_a_locked_database_at_start_waits_the_stated_time_then_says_so(tmp_path: Path) -> None:
    make_app(tmp_path / "data").state.runtime.close()
    holder = sqlite3.connect(tmp_path / "data" / "emulator.sqlite3", isolation_level=None)
    try:
        holder.execute("BEGIN EXCLUSIVE")
        with pytest.raises(StoreError, match=r"locked by another process \(waited 0.3 s\)"):
            make_app(tmp_path / "data", lock_wait_seconds=0.3)
        done = _serve(tmp_path / "data", "--lock-wait-seconds", "0.3")
        assert done.returncode == 1 and "Traceback" not in done.stderr
        assert "locked by another process (waited 0.3 s)" in done.stderr.strip()
    finally:
        holder.close()


@pytest.mark.parametrize("app_settings", [{"lock_wait_seconds": 1.5}])
async def test_a_held_lock_never_stalls_the_event_loop(emu: Emu, sample: SampleTruth) -> None:
    file_id = (await emu.upload(sample.path))["id"]
    holder = sqlite3.connect(emu.runtime.data.database, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")
        delete = asyncio.ensure_future(emu.client.delete(f"/files/{file_id}"))
        await asyncio.sleep(0)  # let the delete reach the database and wait for the lock
        for _ in range(5):
            assert (await emu.client.get("http://localhost/healthz")).status_code == 200
        assert not delete.done()  # /healthz answered while the write was still waiting
        r = await delete
        assert r.status_code == 503 and r.headers["retry-after"] == "1"
        assert "locked by another process (waited 1.5 s)" in r.json()["error"]
    finally:
        holder.close()
    assert (await emu.client.delete(f"/files/{file_id}")).status_code == 200


async def test_deleting_works_on_a_full_disk_and_keeps_everything_else(
    small_disk: Path, sample: SampleTruth
) -> None:
    """A delete needs room in the database's log: on a full disk the stored data goes first."""
    app = make_app(small_disk / "data")
    data = app.state.runtime.data
    try:
        async with client_for(app) as client:
            emu = Emu(app, client)
            doomed, kept = [(await emu.upload(sample.path))["id"] for _ in range(2)]
            jobs = {}
            for file_id in (doomed, kept):
                r = await client.post(f"/files/{file_id}/frames", json=FRAMES_BODY)
                jobs[file_id] = r.json()["frame_extraction_id"]
                assert (await emu.wait(f"/frames/{jobs[file_id]}"))["status"] == "completed"
            filler = fill(small_disk)
            r = await client.post("/files", files={"file": ("s.mp4", b"x" * 4096, "video/mp4")})
            assert r.status_code == 507, r.text
            r = await client.delete(f"/files/{doomed}")
            assert r.status_code == 200, r.text
            assert (await client.get(f"/files/{doomed}")).status_code == 404
            assert (await client.get(f"/frames/{jobs[doomed]}")).status_code == 404
            assert not data.owner_thumbs(doomed).exists()
            assert not data.owner_thumbs(jobs[doomed]).exists()
            assert [p.name for p in data.uploads.iterdir()] == [f"{kept}.bin"]
            fill(small_disk)  # full again: a job is deleted so too
            kept_job = jobs[kept]
            assert (await client.delete(f"/frames/{kept_job}")).status_code == 200
            assert (await client.get(f"/frames/{kept_job}")).status_code == 404
            f = (await client.get(f"/files/{kept}")).json()  # nothing else was touched
            assert f["status"] == "completed" and f["bytes"] == sample.path.stat().st_size
            assert (await client.get(f["thumbnail_url"])).status_code == 200
            filler.unlink()
            assert (await emu.upload(sample.path))["status"] == "completed"
    finally:
        app.state.runtime.close()


async def test_a_delete_the_disk_cannot_finish_is_finished_at_the_next_start(
    tmp_path: Path, sample: SampleTruth, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its data freed, the row still cannot be deleted: a 507 that says so; the row serves
    nothing from the missing data, and the next start removes it."""
    data_dir = tmp_path / "data"
    app = make_app(data_dir)
    data = app.state.runtime.data
    try:
        async with client_for(app) as client:
            emu = Emu(app, client)
            file_id = (await emu.upload(sample.path))["id"]
            r = await client.post(f"/files/{file_id}/frames", json=FRAMES_BODY)
            job_id = r.json()["frame_extraction_id"]
            assert (await emu.wait(f"/frames/{job_id}"))["status"] == "completed"

            def full(*args: object) -> None:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

            monkeypatch.setattr(app.state.runtime.store, "_tx", full)
            r = await client.delete(f"/files/{file_id}")
            assert r.status_code == 507, r.text
            assert "stored data was removed to make room" in r.json()["error"]
            assert list(data.uploads.iterdir()) == [] and list(data.thumbs.iterdir()) == []
            f = (await client.get(f"/files/{file_id}")).json()  # claims nothing it lost
            assert (f["status"], f["error"]) == ("failed", FREED_REASON)
            assert "thumbnail_url" not in f
            job = (await client.get(f"/frames/{job_id}")).json()
            assert (job["status"], job["error"]) == ("failed", FREED_REASON)
            assert "data" not in job, job  # no frames, so no thumbnails
    finally:
        app.state.runtime.close()
    app = make_app(data_dir)
    try:
        async with client_for(app) as client:
            assert (await client.get(f"/files/{file_id}")).status_code == 404
            assert (await client.get(f"/frames/{job_id}")).status_code == 404
    finally:
        app.state.runtime.close()


def full_disk(*args: object) -> None:
    """Every write transaction fails as on a full disk."""
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


async def served(client: httpx.AsyncClient, url: str) -> list[dict[str, Any]]:
    """The items of a listing (one page holds them all here), each image fetched too."""
    page = (await client.get(url, params={"limit": 100})).json()
    assert page["total"] == len(page["data"]), page
    for item in page["data"]:
        image = item.get("thumbnail_url", item.get("url"))  # a segment's, or a thumbnail's
        if image is not None:
            assert (await client.get(image)).status_code == 200, item
    return list(page["data"])


async def test_a_job_whose_delete_freed_its_data_fails_and_claims_nothing(
    tmp_path: Path, sample: SampleTruth, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its thumbnails removed, its row not: it shows `failed` (the spec has no `deleted`), with
    no segments or thumbnails anywhere, before its failure is written and after; an identical
    create starts a new job; a DELETE then finishes it. The rest of the file is untouched."""
    app = make_app(tmp_path / "data")
    store = app.state.runtime.store
    try:
        async with client_for(app) as client:
            emu = Emu(app, client)
            file_id = (await emu.upload(sample.path))["id"]
            r = await client.post(f"/files/{file_id}/frames", json=FEW_FRAMES_BODY)
            frames_id = r.json()["frame_extraction_id"]
            r = await client.post(f"/files/{file_id}/segmentations", json=SEGMENTS_BODY)
            seg_id = r.json()["segmentation_id"]
            assert (await emu.wait(f"/segmentations/{seg_id}"))["status"] == "completed"
            thumbs_url, segments_url = f"/files/{file_id}/thumbnails", f"/files/{file_id}/segments"
            before = await served(client, thumbs_url)
            assert {t.get("segmentation_id") for t in before} >= {seg_id}
            assert await served(client, segments_url)

            monkeypatch.setattr(store, "_tx", full_disk)
            r = await client.delete(f"/segmentations/{seg_id}")
            assert r.status_code == 507 and "shows as failed" in r.json()["error"], r.text
            assert store.kept_failures == 1  # the disk took not even the failure
            for phase in ("kept", "written"):
                job = (await client.get(f"/segmentations/{seg_id}")).json()
                assert (job["status"], job["error"]) == ("failed", FREED_REASON), phase
                assert "data" not in job or not job["data"]["segments"], job
                listed = (await client.get(f"/files/{file_id}/segmentations")).json()["data"]
                assert [(j["segmentation_id"], j["status"]) for j in listed] == [
                    (seg_id, "failed")
                ], phase
                assert await served(client, segments_url) == [], phase
                r = await client.get(f"/segmentations/{seg_id}/thumbnails")
                assert r.json()["total"] == 0, phase
                kept = [t for t in before if t.get("segmentation_id") != seg_id]
                assert [t["id"] for t in await served(client, thumbs_url)] == [
                    t["id"] for t in kept
                ], phase
                frames = (await client.get(f"/frames/{frames_id}")).json()
                assert frames["status"] == "completed" and frames["data"]["frames"], phase
                monkeypatch.undo()  # room again: the next read writes the failure
            assert store.kept_failures == 0
            assert stored_statuses(app.state.runtime.data.root, [seg_id]) == {"failed"}
            r = await client.post(f"/files/{file_id}/frames", json=FEW_FRAMES_BODY)
            assert r.json()["frame_extraction_id"] == frames_id  # untouched: still reused
            assert (await client.delete(f"/segmentations/{seg_id}")).status_code == 200
            assert (await client.get(f"/segmentations/{seg_id}")).status_code == 404
    finally:
        app.state.runtime.close()


async def test_a_frame_extraction_whose_delete_freed_its_data_is_not_reused(
    tmp_path: Path, sample: SampleTruth, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(tmp_path / "data")
    try:
        async with client_for(app) as client:
            emu = Emu(app, client)
            file_id = (await emu.upload(sample.path))["id"]
            r = await client.post(f"/files/{file_id}/frames", json=FRAMES_BODY)
            job_id = r.json()["frame_extraction_id"]
            assert (await emu.wait(f"/frames/{job_id}"))["status"] == "completed"
            monkeypatch.setattr(app.state.runtime.store, "_tx", full_disk)
            assert (await client.delete(f"/frames/{job_id}")).status_code == 507
            monkeypatch.undo()
            r = await client.post(f"/files/{file_id}/frames", json=FRAMES_BODY)
            again = r.json()["frame_extraction_id"]
            assert again != job_id  # a new job, not the one without its thumbnails
            frame = (await emu.wait(f"/frames/{again}"))["data"]["frames"][0]
            assert (await client.get(frame["thumbnail_url"])).status_code == 200
    finally:
        app.state.runtime.close()


async def test_a_job_delete_the_disk_cannot_finish_is_finished_at_the_next_start(
    tmp_path: Path, sample: SampleTruth, monkeypatch: pytest.MonkeyPatch
) -> None:
    data_dir = tmp_path / "data"
    app = make_app(data_dir)
    try:
        async with client_for(app) as client:
            emu = Emu(app, client)
            file_id = (await emu.upload(sample.path))["id"]
            r = await client.post(f"/files/{file_id}/frames", json=FRAMES_BODY)
            job_id = r.json()["frame_extraction_id"]
            assert (await emu.wait(f"/frames/{job_id}"))["status"] == "completed"
            monkeypatch.setattr(app.state.runtime.store, "_tx", full_disk)
            assert (await client.delete(f"/frames/{job_id}")).status_code == 507
    finally:
        app.state.runtime.close()  # stopped before the failure could be written
    monkeypatch.undo()
    assert stored_statuses(data_dir, [job_id]) == {"completed"}
    app = make_app(data_dir)
    try:
        async with client_for(app) as client:
            assert (await client.get(f"/frames/{job_id}")).status_code == 404
            f = (await client.get(f"/files/{file_id}")).json()  # the file is kept
            assert f["status"] == "completed"
            assert (await client.get(f["thumbnail_url"])).status_code == 200
    finally:
        app.state.runtime.close()
