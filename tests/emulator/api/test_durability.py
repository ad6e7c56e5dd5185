"""Restarts lose nothing: kill -9 mid-job, then restart on the same data dir."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from scenedetect.backends.pyav import VideoStreamAv

from cloudglue_emulator.media import SampleTruth, detect_shots
from cloudglue_emulator.paths import DataDirBusy
from cloudglue_emulator.runner import INTERRUPTED_REASON, MAX_ATTEMPTS
from cloudglue_emulator.settings import FaultSettings
from cloudglue_emulator.testing import running
from tests.support.polling import poll_until, until_status

from .conftest import AUTH, ORIGIN, Emu, client_for, make_app

DEADLINE_SECONDS = 60.0
SLOW_FRAME_SECONDS = 0.05
"""Each decoded frame is slowed so, to detect shots in the 192-frame sample takes ~10 s."""
STOP_BOUND_SECONDS = 5.0


def wait_for(client: httpx.Client, url: str, statuses: set[str]) -> dict[str, Any]:
    """GET `url` until its status is one of `statuses` (deadline-bound polling)."""
    body: dict[str, Any] = until_status(
        lambda: client.get(url).json(),
        lambda status: status in statuses,
        DEADLINE_SECONDS,
        f"{url} to reach {statuses}",
        interval=0.05,
    )
    return body


@pytest.mark.slow
def test_kill_9_mid_job_then_restart(tmp_path: Path, sample: SampleTruth) -> None:
    data_dir = tmp_path / "data"
    with running(data_dir=data_dir) as emu:
        client = httpx.Client(base_url=emu.base_url, headers=emu.headers, timeout=10.0)
        with sample.path.open("rb") as handle:
            created = client.post("/files", files={"file": ("s.mp4", handle, "video/mp4")}).json()
        file_url = f"/files/{created['id']}"
        file_before = wait_for(client, file_url, {"completed"})
        fx = client.post(f"{file_url}/frames", json={"strategy": "uniform"}).json()
        fx_url = f"/frames/{fx['frame_extraction_id']}?limit=100"
        frames_before = wait_for(client, fx_url, {"completed"})
        thumb = frames_before["data"]["frames"][3]["thumbnail_url"]

        emu.set_faults(job_delay_seconds=120)
        body = {"strategy": "uniform", "uniform_config": {"window_seconds": 2}}
        seg = client.post(f"{file_url}/segmentations", json=body).json()
        seg_url = f"/segmentations/{seg['segmentation_id']}"
        wait_for(client, seg_url, {"processing"})
        # An upload acknowledged just before the crash is kept too.
        with sample.path.open("rb") as handle:
            late = client.post("/files", files={"file": ("late.mp4", handle, "video/mp4")}).json()
        client.close()

        emu.kill()
        assert emu.process.returncode == -9
        emu.restart()  # the same data dir and port; faults set at run time are not kept

        with httpx.Client(base_url=emu.base_url, headers=emu.headers, timeout=10.0) as client:
            assert client.get(file_url).json() == file_before
            assert client.get(fx_url).json() == frames_before
            assert httpx.get(thumb).status_code == 200
            finished = wait_for(client, seg_url, {"completed", "failed"})
            assert finished["status"] == "completed", finished  # resumed, not stuck
            assert finished["total_segments"] == 4
            late_done = wait_for(client, f"/files/{late['id']}", {"completed", "failed"})
            assert late_done["status"] == "completed"
            assert late_done["bytes"] == sample.path.stat().st_size
    stored = sorted(p.name for p in (data_dir / "uploads").iterdir())
    assert stored == sorted([f"{created['id']}.bin", f"{late['id']}.bin"])


async def test_job_interrupted_too_often_fails_with_reason(
    tmp_path: Path, sample: SampleTruth
) -> None:
    data_dir = tmp_path / "data"
    app = make_app(data_dir, faults=FaultSettings(job_delay_seconds=0))
    try:
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url=f"{ORIGIN}/v1", headers=AUTH
        ) as client:
            with sample.path.open("rb") as handle:
                f = (await client.post("/files", files={"file": ("s.mp4", handle)})).json()
            assert app.state.runtime.jobs.wait_idle(30)
            app.state.runtime.faults.update({"job_delay_seconds": 60})
            body = {"strategy": "uniform", "uniform_config": {"window_seconds": 2}}
            seg = (await client.post(f"/files/{f['id']}/segmentations", json=body)).json()
    finally:
        app.state.runtime.close()  # stops mid-delay: the job stays unfinished
    with sqlite3.connect(data_dir / "emulator.sqlite3") as db:
        db.execute("UPDATE jobs SET attempts = ?", (MAX_ATTEMPTS,))
    app = make_app(data_dir)
    try:
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url=f"{ORIGIN}/v1", headers=AUTH
        ) as client:
            job = (await client.get(f"/segmentations/{seg['segmentation_id']}")).json()
            assert job["status"] == "failed" and job["error"] == INTERRUPTED_REASON
            assert (await client.get(f"/files/{f['id']}")).json()["status"] == "completed"
    finally:
        app.state.runtime.close()


async def test_stop_mid_job_resumes_on_next_start(tmp_path: Path, sample: SampleTruth) -> None:
    data_dir = tmp_path / "data"
    app = make_app(data_dir, faults=FaultSettings(job_delay_seconds=60))
    try:
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url=f"{ORIGIN}/v1", headers=AUTH
        ) as client:
            with sample.path.open("rb") as handle:
                f = (await client.post("/files", files={"file": ("s.mp4", handle)})).json()
    finally:
        app.state.runtime.close()
    app = make_app(data_dir)
    try:
        assert app.state.runtime.jobs.wait_idle(30)
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url=f"{ORIGIN}/v1", headers=AUTH
        ) as client:
            assert (await client.get(f"/files/{f['id']}")).json()["status"] == "completed"
    finally:
        app.state.runtime.close()


def test_one_server_per_data_dir(tmp_path: Path) -> None:
    app = make_app(tmp_path / "data")
    try:
        with pytest.raises(DataDirBusy):
            make_app(tmp_path / "data")
    finally:
        app.state.runtime.close()
    make_app(tmp_path / "data").state.runtime.close()  # free again once closed


async def test_a_stop_during_shot_detection_is_prompt_and_the_job_resumes(
    tmp_path: Path, sample: SampleTruth, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Shot detection checks the stop flag at every frame: a stop (SIGTERM) does not wait for
    the whole video, nothing is closed under a running worker, the job runs on the next start."""
    data_dir = tmp_path / "data"
    decoding = threading.Event()
    read = VideoStreamAv.read

    def slow_read(self: VideoStreamAv, decode: bool = True) -> Any:
        decoding.set()
        threading.Event().wait(SLOW_FRAME_SECONDS)
        return read(self, decode)

    app = make_app(data_dir)
    try:
        async with client_for(app) as client:
            f = await Emu(app, client).upload(sample.path)
            monkeypatch.setattr(VideoStreamAv, "read", slow_read)
            body = {"strategy": "shot-detector", "shot_detector_config": {"detector": "adaptive"}}
            created = await client.post(f"/files/{f['id']}/segmentations", json=body)
            seg_url = f"/segmentations/{created.json()['segmentation_id']}"
            poll_until(decoding.is_set, DEADLINE_SECONDS, "shot detection to start")
    finally:
        began = time.monotonic()
        app.state.runtime.close()
        took = time.monotonic() - began
    assert took < STOP_BOUND_SECONDS
    monkeypatch.undo()
    app = make_app(data_dir)  # the data dir's lock was released: no worker kept it
    try:
        async with client_for(app) as client:
            done = await Emu(app, client).wait(seg_url)
    finally:
        app.state.runtime.close()
    assert done["status"] == "completed", done
    assert done["total_shots"] == len(detect_shots(sample.path))
