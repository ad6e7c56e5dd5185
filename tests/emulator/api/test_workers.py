"""Job workers survive every failure of a task, /healthz tells when they are gone, and a job
deleted while it renders stops quietly."""

from __future__ import annotations

import asyncio
import errno
import logging
from pathlib import Path
from typing import Any

import pytest

from cloudglue_emulator import runner
from cloudglue_emulator.media import SampleTruth
from tests.support.polling import poll_until

from .conftest import JOB_TIMEOUT_SECONDS, Emu, client_for, make_app

FRAMES: dict[str, Any] = {"strategy": "uniform", "uniform_config": {"frames_per_second": 2}}


def _frames(fps: float) -> dict[str, Any]:
    return {**FRAMES, "uniform_config": {"frames_per_second": fps}}


async def test_a_failure_to_record_a_failure_leaves_the_workers_alive(
    tmp_path: Path, sample: SampleTruth, monkeypatch: pytest.MonkeyPatch, caplog: Any
) -> None:
    app = make_app(tmp_path / "data", workers=2)
    rt = app.state.runtime
    try:
        async with client_for(app) as client:
            emu = Emu(app, client)
            file_id = (await emu.upload(sample.path))["id"]

            def broken(*args: object) -> bool:
                raise RuntimeError("decoder exploded")

            def cannot_write(*args: object) -> None:  # not a full disk: that one is kept
                raise OSError(errno.EIO, "Input/output error")

            monkeypatch.setattr(runner, "process_frames", broken)
            monkeypatch.setattr(rt.store, "fail_job", cannot_write)
            stuck = []
            for fps in (1, 2, 3, 4, 5):  # more tasks than workers: each would have killed one
                r = await client.post(f"/files/{file_id}/frames", json=_frames(fps))
                stuck.append(r.json()["frame_extraction_id"])
            assert await asyncio.to_thread(rt.jobs.wait_idle, JOB_TIMEOUT_SECONDS)
            assert caplog.text.count("could not record its failure") == 5
            assert (await client.get("http://localhost/healthz")).json() == {"status": "ok"}
            monkeypatch.undo()
            r = await client.post(f"/files/{file_id}/frames", json=_frames(6))
            done = await emu.wait(f"/frames/{r.json()['frame_extraction_id']}")
            assert done["status"] == "completed"  # the same two workers ran it
            for job_id in stuck:  # unfinished until the restart runs them again
                assert (await client.get(f"/frames/{job_id}")).json()["status"] == "processing"
        rt.close()
        app = make_app(tmp_path / "data")
        async with client_for(app) as client:
            emu = Emu(app, client)
            for job_id in stuck:
                assert (await emu.wait(f"/frames/{job_id}"))["status"] == "completed"
    finally:
        app.state.runtime.close()
        rt.close()


async def test_an_unexpected_error_fails_the_task_with_its_reason(
    emu: Emu, sample: SampleTruth, monkeypatch: pytest.MonkeyPatch
) -> None:
    file_id = (await emu.upload(sample.path))["id"]

    def broken(*args: object) -> bool:
        raise RuntimeError("decoder exploded")

    monkeypatch.setattr(runner, "process_frames", broken)
    r = await emu.client.post(f"/files/{file_id}/frames", json=FRAMES)
    job = await emu.wait(f"/frames/{r.json()['frame_extraction_id']}")
    assert job["status"] == "failed"
    assert job["error"] == "internal error: RuntimeError: decoder exploded"


@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")
async def test_healthz_is_unhealthy_when_a_worker_is_gone(
    emu: Emu, sample: SampleTruth, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert (await emu.client.get("http://localhost/healthz")).status_code == 200

    def thread_killer(*args: object) -> None:
        raise SystemExit  # not an Exception: nothing in the loop may catch it

    monkeypatch.setattr(emu.runtime.jobs, "_run", thread_killer)
    await emu.client.post("/files", files={"file": ("s.mp4", sample.path.read_bytes())})
    assert await asyncio.to_thread(poll_until, lambda: not emu.runtime.jobs.healthy()[0])
    r = await emu.client.get("http://localhost/healthz")
    assert r.status_code == 503
    assert r.json() == {"status": "unhealthy", "error": "1 of 3 job threads have stopped"}


def _rendered(folder: Path) -> int:
    return sum(1 for _ in folder.rglob("*.jpg")) if folder.exists() else 0


async def _delete_while_rendering(emu: Emu, file_id: str, delete_file: bool) -> None:
    r = await emu.client.post(f"/files/{file_id}/frames", json=_frames(30))
    job_id = r.json()["frame_extraction_id"]
    folder = emu.runtime.data.owner_thumbs(job_id)
    started = await asyncio.to_thread(poll_until, lambda: _rendered(folder) >= 3)
    assert started, "the job never started rendering"
    target = f"/files/{file_id}" if delete_file else f"/frames/{job_id}"
    assert (await emu.client.delete(target)).status_code == 200
    assert await asyncio.to_thread(emu.runtime.jobs.wait_idle, JOB_TIMEOUT_SECONDS)
    assert (await emu.client.get(f"/frames/{job_id}")).status_code == 404
    assert not folder.exists()


async def test_deleting_while_thumbnails_render_stops_quietly(
    emu: Emu, sample: SampleTruth, caplog: Any
) -> None:
    caplog.set_level(logging.DEBUG, logger="cloudglue_emulator")
    file_id = (await emu.upload(sample.path))["id"]
    for _ in range(3):
        await _delete_while_rendering(emu, file_id, delete_file=False)
    await _delete_while_rendering(emu, file_id, delete_file=True)
    problems = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert problems == [], [r.getMessage() for r in problems]
    assert "was deleted while it ran" in caplog.text  # the race was hit, at debug level only
    assert emu.runtime.jobs.healthy() == (True, "ok")
