"""Thumbnail downloads against the real emulator: faults on the images, keyframes, origins, CLI."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import httpx
import pytest

from cloudglue_client import Cloudglue, NoThumbnailsError, uniform
from cloudglue_client import _constants as C
from cloudglue_emulator.media import SampleTruth
from cloudglue_emulator.testing import RunningEmulator, running

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def frames_job(emulator: RunningEmulator, uploaded: str) -> str:
    with emulator.client() as cg:
        job = cg.frames.create(
            uploaded, frames_per_second=5, max_width=96, thumbnails=True, wait=True
        )
        return str(job.frame_extraction_id)


@pytest.fixture
def flaky_images(emulator: RunningEmulator) -> Iterator[None]:
    """30% of API calls and image downloads answered 503 or 429 (Retry-After: 0)."""
    emulator.set_faults(
        fail_rate=0.2, throttle_rate=0.1, retry_after=0, thumbnail_faults=True, fault_seed=13
    )
    try:
        yield
    finally:
        emulator.set_faults(fail_rate=0, throttle_rate=0, retry_after=1, thumbnail_faults=False)


def emulator_images(emu: RunningEmulator, cg: Cloudglue, job_id: str) -> dict[str, bytes]:
    """What the emulator serves for each frame, fetched one by one (faults off)."""
    with httpx.Client() as http:
        return {
            str(f.id): http.get(str(f.thumbnail_url)).raise_for_status().content
            for f in cg.frames.iter_frames(job_id)
        }


def check_against_emulator(target: Path, expected: dict[str, bytes]) -> None:
    lines = [json.loads(x) for x in (target / C.MANIFEST_NAME).read_text().splitlines()]
    files = sorted(p.name for p in target.iterdir() if p.name != C.MANIFEST_NAME)
    assert [e["path"] for e in lines] == files  # every image once, names in time order
    assert [e["id"] for e in lines] == list(expected)
    for entry in lines:
        data = (target / entry["path"]).read_bytes()
        assert data == expected[entry["id"]] and entry["bytes"] == len(data)
        assert data[:2] == b"\xff\xd8"  # a JPEG
    timestamps = [e["timestamp"] for e in lines]
    assert timestamps == sorted(timestamps)


def test_frames_download_under_faults_sync_and_async(
    emulator: RunningEmulator, frames_job: str, tmp_path: Path, flaky_images: None
) -> None:
    with emulator.client(max_retries=10) as cg:
        result = cg.frames.download(frames_job, tmp_path / "sync", concurrency=8)
        retries = cg.stats.retries
    assert result.failed == [] and result.downloaded == 40
    assert retries > 0  # the faults really hit

    async def run() -> Any:
        async with emulator.async_client(max_retries=10) as acg:
            return await acg.frames.download(frames_job, tmp_path / "async", concurrency=8)

    assert asyncio.run(run()).downloaded == 40
    emulator.set_faults(fail_rate=0, throttle_rate=0, thumbnail_faults=False)
    with emulator.client() as cg:
        expected = emulator_images(emulator, cg, frames_job)
    check_against_emulator(tmp_path / "sync", expected)
    check_against_emulator(tmp_path / "async", expected)


def test_segmentation_download_includes_keyframes(
    emulator: RunningEmulator, uploaded: str, tmp_path: Path
) -> None:
    from cloudglue_openapi.models import KeyframeConfig

    config = attrs.evolve(uniform(2), keyframe_config=KeyframeConfig(frames_per_segment=2))
    with emulator.client() as cg:
        seg = cg.segmentations.create(uploaded, config, thumbnails=True, wait=True)
        result = cg.segmentations.download(seg, tmp_path)
        assert result.failed == [] and result.downloaded == 4 + 8 and result.total == 12
        thumbs = {str(t.id): t for t in cg.segmentations.thumbnails(seg.segmentation_id)}
    lines = [json.loads(x) for x in (tmp_path / C.MANIFEST_NAME).read_text().splitlines()]
    segments = [e for e in lines if e["type"] == "segment"]
    keyframes = [e for e in lines if e["type"] == "keyframe"]
    assert [(e["start_time"], e["end_time"]) for e in segments] == [(0, 2), (2, 4), (4, 6), (6, 8)]
    assert len(keyframes) == 8
    for entry in keyframes:
        thumb = thumbs[entry["thumbnail_id"]]
        assert entry["id"] == str(thumb.segment_id) and entry["time"] == thumb.time
    names = sorted(p.name for p in tmp_path.iterdir() if p.name != C.MANIFEST_NAME)
    times = [float(n.split("_", 1)[0]) for n in names]
    assert times == sorted(times) and len(names) == 12

    async def run(job: Any, target: Path) -> Any:
        async with emulator.async_client() as acg:
            return await acg.segmentations.download(job, target)

    again = asyncio.run(run(seg.segmentation_id, tmp_path / "async"))
    assert again.downloaded == 12
    assert sorted(os.listdir(tmp_path / "async")) == sorted([*names, C.MANIFEST_NAME])

    with emulator.client() as cg:  # keyframes only: segment thumbnails off
        only = cg.segmentations.create(uploaded, config, thumbnails=False, wait=True)
        result = cg.segmentations.download(only, tmp_path / "keyframes")
        assert (result.downloaded, result.total, result.failed) == (8, 8, [])
        assert all("_keyframe_" in p.name for p in (tmp_path / "keyframes").glob("*.jpg"))
        bare = cg.segmentations.create(uploaded, uniform(2), thumbnails=False, wait=True)
        with pytest.raises(NoThumbnailsError, match="thumbnails=True"):
            cg.segmentations.download(bare, tmp_path / "none")
    assert not (tmp_path / "none").exists()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.mark.slow
def test_images_on_another_origin_get_no_key(sample: SampleTruth, tmp_path: Path) -> None:
    port = _free_port()  # thumbnails at http://localhost:PORT, the API at http://127.0.0.1:PORT
    extra = ["--public-url", f"http://localhost:{port}"]
    seen: list[httpx.Request] = []
    with running(port=port, extra_args=extra) as emu:
        http = httpx.Client(event_hooks={"request": [seen.append]})
        with Cloudglue(api_key=emu.api_key, base_url=emu.base_url, http_client=http) as cg:
            f = cg.files.upload(sample.path, wait=True)
            job = cg.frames.create(f.id, frames_per_second=1, thumbnails=True, wait=True)
            result = cg.frames.download(job, tmp_path)
        http.close()
    assert result.failed == [] and result.downloaded == 8
    images = [r for r in seen if r.url.path.startswith("/thumbnails/")]
    api = [r for r in seen if r.url.path.startswith("/v1/")]
    assert len(images) == 8 and {r.url.host for r in images} == {"localhost"}
    assert all("authorization" not in r.headers for r in images)
    assert api and all(r.headers["authorization"] == f"Bearer {emu.api_key}" for r in api)


# -- the command line ------------------------------------------------------------------------


def cli(emu: RunningEmulator, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CLOUDGLUE_BASE_URL": emu.base_url, "CLOUDGLUE_API_KEY": emu.api_key}
    return subprocess.run(
        [sys.executable, "-m", "cloudglue_client.cli", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )


@pytest.mark.slow
def test_cli_download_quiet_when_piped_resumes_and_reports(
    emulator: RunningEmulator, frames_job: str, uploaded: str, tmp_path: Path
) -> None:
    target = tmp_path / "frames"
    done = cli(emulator, "frames", "download", frames_job, str(target), "--concurrency", "4")
    assert done.returncode == 0, done.stderr
    assert "\r" not in done.stderr  # no progress bar when not on a terminal
    assert "40 downloaded, 0 skipped" in done.stdout and "0 failed" in done.stdout
    assert len(list(target.glob("*_frame_*.jpg"))) == 40

    again = cli(emulator, "frames", "download", frames_job, str(target))
    assert again.returncode == 0 and "0 downloaded, 40 skipped" in again.stdout

    as_json = cli(emulator, "--json", "frames", "download", frames_job, str(target), "--overwrite")
    summary = json.loads(as_json.stdout)
    assert summary["downloaded"] == 40 and summary["failed"] == []
    quiet = cli(emulator, "frames", "download", frames_job, str(target), "-q")
    assert quiet.stdout == f"{target / C.MANIFEST_NAME}\n"

    with emulator.client() as cg:
        seg = cg.segmentations.create(uploaded, uniform(2), thumbnails=True, wait=True)
    sid = str(seg.segmentation_id)
    listed = cli(emulator, "segmentations", "thumbnails", sid)
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.count("segment") >= 4 and "http://127.0.0.1" in listed.stdout
    segs = cli(emulator, "segmentations", "download", sid, str(tmp_path / "segs"))
    assert segs.returncode == 0 and "4 downloaded" in segs.stdout


@pytest.mark.slow
def test_cli_download_exit_code_is_not_zero_when_images_fail(
    emulator: RunningEmulator, uploaded: str, tmp_path: Path
) -> None:
    with emulator.client() as cg:
        job = cg.frames.create(uploaded, frames_per_second=1, max_width=64, wait=True)
    jid = str(job.frame_extraction_id)
    stored = sorted((emulator.data_dir / "thumbs" / jid).rglob("*.jpg"))
    assert len(stored) == 8
    for path in stored[:3]:  # the emulator now answers 404 for these three
        path.unlink()
    failed = cli(emulator, "frames", "download", jid, str(tmp_path))
    assert failed.returncode == 3, failed.stderr
    assert failed.stdout.count("failed: ") == 3 and "HTTP 404" in failed.stdout
    assert "5 downloaded, 0 skipped" in failed.stdout
    assert "3 images could not be downloaded" in failed.stderr
