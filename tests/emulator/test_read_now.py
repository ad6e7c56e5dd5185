"""Reads answered at once on the event loop (`Store.read_now`, `Runtime.read`): never behind
the shared connection's lock, one snapshot each, and anything that would wait or fail goes the
usual way (the request thread), which answers as it always did."""

from __future__ import annotations

import asyncio
import json
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cloudglue_emulator.media import SampleTruth
from cloudglue_emulator.store import FrameRow, JobRow, Store, WouldWait

from .conftest import Emu

JOB_ID = "3f6c1d2e-8a4b-4c5d-9e6f-7a8b9c0d1e2f"
WAIT = 30.0


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A store with one completed extraction of three frames."""
    store = Store(tmp_path / "db.sqlite3")
    job = JobRow(JOB_ID, "frames", "file", "pending", 1, {"strategy": "uniform"})
    store.insert_job(job)
    frames = [FrameRow(i, f"frame-{i}", i / 3) for i in range(3)]
    assert store.finish_frames(JOB_ID, frames, [])
    try:
        yield store
    finally:
        store.close()


def test_reads_now_while_another_thread_holds_the_shared_connection(store: Store) -> None:
    holding, release = threading.Event(), threading.Event()

    def worker_mid_transaction() -> None:
        with store._tx():
            holding.set()
            release.wait(WAIT)

    worker = threading.Thread(target=worker_mid_transaction)
    worker.start()
    try:
        assert holding.wait(WAIT)
        frames = store.read_now(store.page_frames, JOB_ID, 2, 1)
        assert frames == [FrameRow(1, "frame-1", 1 / 3), FrameRow(2, "frame-2", 2 / 3)]
    finally:
        release.set()
        worker.join(WAIT)


def test_one_read_is_one_snapshot(store: Store, tmp_path: Path) -> None:
    other = sqlite3.connect(tmp_path / "db.sqlite3", isolation_level=None)

    def job_then_frames() -> tuple[Any, list[FrameRow]]:
        job = store.get_job(JOB_ID, "frames")
        other.execute("DELETE FROM frames")  # committed between the two queries
        return job, store.page_frames(JOB_ID, 10, 0)

    try:
        job, frames = store.read_now(job_then_frames)
        assert job is not None and job.result_count == 3 and len(frames) == 3
        assert store.read_now(store.page_frames, JOB_ID, 10, 0) == []  # the next read sees it
    finally:
        other.close()


def test_what_would_write_wait_or_fail_raises_would_wait(store: Store) -> None:
    with pytest.raises(WouldWait):
        store.read_now(store.delete_job, JOB_ID, "frames")
    assert store.get_job(JOB_ID, "frames") is not None  # nothing was written

    def busy() -> None:
        raise sqlite3.OperationalError("database is locked")

    with pytest.raises(WouldWait):
        store.read_now(busy)

    def not_found() -> None:
        raise LookupError("the answer, not a failure to read")

    with pytest.raises(LookupError):
        store.read_now(not_found)
    assert len(store.read_now(store.page_frames, JOB_ID, 10, 0)) == 3  # still usable


def test_one_thread_at_a_time_then_closed(store: Store) -> None:
    inside, release = threading.Event(), threading.Event()

    def slow_read() -> None:
        inside.set()
        release.wait(WAIT)

    reader = threading.Thread(target=store.read_now, args=(slow_read,))
    reader.start()
    try:
        assert inside.wait(WAIT)
        with pytest.raises(WouldWait):
            store.read_now(store.page_frames, JOB_ID, 10, 0)
        assert len(store.page_frames(JOB_ID, 10, 0)) == 3  # the usual way still reads
    finally:
        release.set()
        reader.join(WAIT)
    assert len(store.read_now(store.page_frames, JOB_ID, 10, 0)) == 3
    store.close()
    with pytest.raises(WouldWait):
        store.read_now(store.page_frames, JOB_ID, 10, 0)


async def completed_extraction(emu: Emu, sample: SampleTruth) -> str:
    file_id = (await emu.upload(sample.path))["id"]
    body = {"strategy": "uniform", "thumbnails_config": {"enable_frame_thumbnails": False}}
    job = (await emu.client.post(f"/files/{file_id}/frames", json=body)).json()
    await emu.wait(f"/frames/{job['frame_extraction_id']}")
    return str(job["frame_extraction_id"])


async def test_pages_are_read_on_the_loop_and_otherwise_the_usual_way(
    emu: Emu, sample: SampleTruth, monkeypatch: pytest.MonkeyPatch
) -> None:
    job_id = await completed_extraction(emu, sample)
    expected = (await emu.client.get(f"/frames/{job_id}?limit=3&offset=2")).content
    assert len(json.loads(expected)["data"]["frames"]) == 3

    async def no_request_thread(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("read on the request thread")

    with monkeypatch.context() as patch:
        patch.setattr(emu.runtime, "db", no_request_thread)
        assert (await emu.client.get(f"/frames/{job_id}?limit=3&offset=2")).content == expected

    def would_wait(*args: Any, **kwargs: Any) -> Any:
        raise WouldWait

    monkeypatch.setattr(emu.runtime.store, "read_now", would_wait)
    assert (await emu.client.get(f"/frames/{job_id}?limit=3&offset=2")).content == expected


@pytest.mark.parametrize("app_settings", [{"lock_wait_seconds": 1.5}])
async def test_a_page_is_not_queued_behind_a_write_waiting_for_a_lock(
    emu: Emu, sample: SampleTruth
) -> None:
    job_id = await completed_extraction(emu, sample)
    holder = sqlite3.connect(emu.runtime.data.database, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")
        delete = asyncio.ensure_future(emu.client.delete(f"/frames/{job_id}"))
        await asyncio.sleep(0)  # let the delete reach the database and wait for the lock
        page = await emu.client.get(f"/frames/{job_id}?limit=2")
        assert page.status_code == 200 and len(page.json()["data"]["frames"]) == 2
        assert not delete.done()  # answered while the write was still waiting
        assert (await delete).status_code == 503
    finally:
        holder.close()
