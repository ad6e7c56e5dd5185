"""The client against a real emulator that fails 30% of requests and adds latency.

`make test` runs the short size (2,000 frames); `make reliability` sets
CLOUDGLUE_RELIABILITY=full for the issue's 20,000 frames.
"""

from __future__ import annotations

import asyncio
import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from cloudglue_client import (
    APIConnectionError,
    AsyncCloudglue,
    Cloudglue,
    JobStatus,
    RateLimitError,
)
from cloudglue_emulator.testing import RunningEmulator, running
from tests.support.clips import sample_clip
from tests.support.polling import poll_until

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.slow,
]  # faults on an emulator subprocess, thousands of frames
FULL = os.environ.get("CLOUDGLUE_RELIABILITY") == "full"
FRAMES = 20_000 if FULL else 2_000
SAMPLE_FPS = 25  # frames per second sampled: FRAMES / SAMPLE_FPS seconds of video
FAULTS = {"fail_rate": 0.15, "throttle_rate": 0.15, "latency_ms": 20}
RETRIES = 12  # 0.3**13 ~ 1.6e-7 chance that one call exhausts them


@pytest.fixture(scope="module")
def emulator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningEmulator]:
    with running(
        data_dir=tmp_path_factory.mktemp("faults"), extra_args=["--fault-seed", "7"]
    ) as emu:
        yield emu


@pytest.fixture(scope="module")
def big_job(emulator: RunningEmulator, run_cache: Path) -> str:
    """A completed extraction of exactly FRAMES frames (made with faults off)."""
    video = sample_clip(
        run_cache,
        seconds=FRAMES / SAMPLE_FPS,
        width=128,
        height=72,
        fps=20,
    ).path
    with Cloudglue(api_key=emulator.api_key, base_url=emulator.base_url) as cg:
        f = cg.files.upload(Path(video), wait=True, wait_timeout=300)
        job = cg.frames.create(
            f.id,
            frames_per_second=SAMPLE_FPS,
            max_width=64,
            thumbnails=False,
            wait=True,
            wait_timeout=600,
        )
        assert job.frame_count == FRAMES
        return str(job.frame_extraction_id)


@pytest.fixture
def faults(emulator: RunningEmulator) -> Iterator[None]:
    emulator.set_faults(**FAULTS)
    yield
    emulator.set_faults(fail_rate=0, throttle_rate=0, latency_ms=0, retry_after=1)


def check_frames(timestamps: list[float], ids: list[str]) -> None:
    assert len(timestamps) == FRAMES
    assert len(set(ids)) == FRAMES, "duplicate frame"
    assert timestamps == [round(i / SAMPLE_FPS, 6) for i in range(FRAMES)], "gap or disorder"


def test_sync_iteration_under_faults_yields_every_frame_once(
    emulator: RunningEmulator, big_job: str, faults: None
) -> None:
    with Cloudglue(api_key=emulator.api_key, base_url=emulator.base_url, max_retries=RETRIES) as cg:
        frames = list(cg.frames.iter_frames(big_job))
        check_frames([f.timestamp for f in frames], [str(f.id) for f in frames])
        print(f"\nsync: {FRAMES} frames, {cg.stats.requests} requests, {cg.stats.retries} retries")
        assert cg.stats.retries > 0  # faults really happened


def test_async_iteration_under_faults_yields_every_frame_once(
    emulator: RunningEmulator, big_job: str, faults: None
) -> None:
    async def scenario() -> tuple[list[float], list[str], int, int]:
        async with AsyncCloudglue(
            api_key=emulator.api_key, base_url=emulator.base_url, max_retries=RETRIES
        ) as cg:
            frames = [f async for f in cg.frames.iter_frames(big_job)]
            return (
                [f.timestamp for f in frames],
                [str(f.id) for f in frames],
                cg.stats.requests,
                cg.stats.retries,
            )

    timestamps, ids, requests, retries = asyncio.run(scenario())
    check_frames(timestamps, ids)
    print(f"\nasync: {FRAMES} frames, {requests} requests, {retries} retries")
    assert retries > 0


def test_two_hundred_concurrent_creates_with_wait_all_finish(
    emulator: RunningEmulator, small_clip: Path
) -> None:
    clip = small_clip
    with Cloudglue(api_key=emulator.api_key, base_url=emulator.base_url) as cg:
        file_id = cg.files.upload(Path(clip), wait=True).id
    emulator.set_faults(**FAULTS)
    try:

        async def scenario() -> tuple[list[str], int]:
            async with AsyncCloudglue(
                api_key=emulator.api_key, base_url=emulator.base_url, max_retries=RETRIES
            ) as cg:
                jobs = await asyncio.gather(
                    *[
                        cg.frames.create(
                            file_id,
                            frames_per_second=round(0.5 + i * 0.1, 1),
                            thumbnails=False,
                            wait=True,
                            wait_timeout=300,
                        )
                        for i in range(200)
                    ]
                )
                return [str(JobStatus.of(j.status)) for j in jobs], cg.stats.retries

        statuses, retries = asyncio.run(scenario())
    finally:
        emulator.set_faults(fail_rate=0, throttle_rate=0, latency_ms=0)
    assert statuses == ["completed"] * 200
    print(f"\n200 concurrent create(wait=True): {retries} retries")


def test_retry_after_beyond_the_cap_gives_up_at_once(
    emulator: RunningEmulator, big_job: str
) -> None:
    emulator.set_faults(throttle_rate=1.0, retry_after=3600)
    try:
        with Cloudglue(api_key=emulator.api_key, base_url=emulator.base_url, max_retries=5) as cg:
            started = time.monotonic()
            with pytest.raises(RateLimitError) as info:
                cg.frames.get(big_job)
            assert time.monotonic() - started < 5
            assert info.value.retry_after == 3600
            assert cg.stats.retries == 0
    finally:
        emulator.set_faults(throttle_rate=0, retry_after=1)


def test_a_server_that_stops_answering_fails_within_the_timeout(
    tmp_path: Path, run_cache: Path
) -> None:
    clip = sample_clip(run_cache, seconds=30, width=128, height=72, fps=10).path
    with running(data_dir=tmp_path / "data") as emu:
        with Cloudglue(api_key=emu.api_key, base_url=emu.base_url) as cg:
            f = cg.files.upload(Path(clip), wait=True)
            job = cg.frames.create(f.id, frames_per_second=10, thumbnails=False, wait=True)
        with Cloudglue(
            api_key=emu.api_key, base_url=emu.base_url, timeout=1.0, max_retries=1
        ) as cg:
            page = cg.frames.iter_frames(job.frame_extraction_id, page_size=50, prefetch=1)
            assert page.total == 300  # six pages: the rest cannot have arrived ahead of time
            iterator = iter(page)
            assert len([next(iterator) for _ in range(50)]) == 50
            pid = emu.process.pid
            os.kill(pid, signal.SIGSTOP)  # accepts connections, answers nothing
            poll_until(lambda: process_state(pid) == "T", what=f"process {pid} to stop")
            try:
                started = time.monotonic()
                try:
                    rest = list(iterator)
                except APIConnectionError:  # APITimeoutError is a subclass
                    elapsed = time.monotonic() - started
                else:
                    pytest.fail(f"{len(rest)} more frames came from a stopped server ({cg.stats})")
            finally:
                os.kill(pid, signal.SIGCONT)
    # two attempts of at most ~1 s each (connect or read) plus one backoff of at most 0.5 s
    assert elapsed < 6, elapsed


def process_state(pid: int) -> str:
    """The one-letter state of a Linux process (`T` once stopped by SIGSTOP)."""
    stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii")
    return stat.rsplit(")", 1)[1].split()[0]
