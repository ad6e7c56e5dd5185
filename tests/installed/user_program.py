"""A user's program, written from the README alone: `make test-installed` runs it with the built
wheel in a fresh virtualenv outside the repository (and `mypy --strict` checks it there, with
no `type: ignore`); `make test-lowest` runs it on the lowest declared dependency versions.

    python user_program.py CLIP.mp4 [--installed]

CLIP.mp4 comes from `cloudglue-emulator make-sample CLIP.mp4 --seconds 6` (with CLIP.json
beside it holding the true cuts). `--installed` also checks that the packages imported are the
virtualenv's, not a source tree's.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import httpx

import cloudglue_client
import cloudglue_emulator
from cloudglue_client import (
    AsyncCloudglue,
    AuthenticationError,
    Cloudglue,
    CloudglueError,
    File,
    Frame,
    FrameExtraction,
    InternalServerError,
    JobStatus,
    NotFoundError,
    RetryEvent,
    Segment,
    Segmentation,
    is_set,
    shot_detector,
    uniform,
)

PRODUCT = "installed-user-program/1.0"
E = TypeVar("E", bound=Exception)


def check(condition: bool, what: str) -> None:
    """Print what was checked; stop the program on the first thing that does not hold."""
    if not condition:
        raise SystemExit(f"FAILED: {what}")
    print(f"  ok  {what}")


def raised(kind: type[E], call: Callable[[], object]) -> E:
    """The exception `call` raises, which must be a `kind`."""
    try:
        call()
    except kind as exc:
        return exc
    raise SystemExit(f"FAILED: expected {kind.__name__}")


def identity(cg: Cloudglue) -> None:
    print("identity")
    version = cloudglue_client.__version__
    python = f"{sys.version_info.major}.{sys.version_info.minor}"
    expected = f"cloudglue-client/{version} python/{python} httpx/{httpx.__version__} {PRODUCT}"
    check(cg.user_agent == expected, f"User-Agent is {cg.user_agent!r}")


def upload(cg: Cloudglue, clip: Path) -> File:
    print("files")
    file = cg.files.upload(clip, metadata={"team": "video"}, wait=True)
    check(JobStatus.of(file.status).is_success, f"upload {file.id} is {file.status}")
    check(cg.files.get(uuid.UUID(file.id)).id == file.id, "files.get takes a UUID")
    check(cg.files.get(file).id == file.id, "files.get takes the File itself")
    check(any(f.id == file.id for f in cg.files.list()), "files.list includes it")
    return file


def frames(cg: Cloudglue, file: File) -> FrameExtraction:
    print("frames")
    fx = cg.frames.create(file.id, frames_per_second=2, max_width=128, thumbnails=True, wait=True)
    check(JobStatus.of(fx.status) is JobStatus.COMPLETED, f"frame extraction is {fx.status}")
    every: list[Frame] = list(cg.frames.iter_frames(fx, page_size=5))
    check(len(every) == 12, f"12 frames at 2 fps over 6 s in pages of 5 (got {len(every)})")
    times = [frame.timestamp for frame in every]
    check(times == sorted(times) and len(set(times)) == 12, "in order, no duplicates")
    urls = [frame.thumbnail_url for frame in every if is_set(frame.thumbnail_url)]
    check(len(urls) == 12, "every frame has a thumbnail URL")
    jpeg = httpx.get(urls[0], timeout=10).content
    check(jpeg[:3] == b"\xff\xd8\xff", f"the first thumbnail is a JPEG ({len(jpeg)} bytes)")
    listed = [job.frame_extraction_id for job in cg.frames.list(file)]
    check(fx.frame_extraction_id in listed, "frames.list includes the job")
    return fx


def segmentations(cg: Cloudglue, file: File, cuts: list[float]) -> None:
    print("segmentations")
    shots = cg.segmentations.create(file, shot_detector("adaptive", min_seconds=1), wait=True)
    check(JobStatus.of(shots.status).is_success, f"shot detection is {shots.status}")
    found: list[Segment] = list(cg.segmentations.iter_segments(shots))
    starts = [s.start_time for s in found]
    for cut in cuts:
        check(any(abs(start - cut) < 0.2 for start in starts), f"a shot starts at the cut {cut}")
    windows: Segmentation = cg.segmentations.create(file, uniform(2), wait=True)
    spans = [(s.start_time, s.end_time) for s in cg.segmentations.iter_segments(windows)]
    check(spans == [(0, 2), (2, 4), (4, 6)], f"uniform(2) gives three windows: {spans}")
    listed = {job.segmentation_id for job in cg.segmentations.list(file)}
    check({shots.segmentation_id, windows.segmentation_id} <= listed, "list includes both")
    cg.segmentations.delete(windows)
    gone = raised(NotFoundError, lambda: cg.segmentations.get(windows))
    check(gone.status_code == 404, "a deleted segmentation is a NotFoundError (404)")


def errors(cg: Cloudglue, emu: cloudglue_emulator.RunningEmulator, file: File) -> None:
    print("errors")
    bad = raised(ValueError, lambda: cg.frames.create(file.id, frames_per_second=1000))
    check("frames_per_second" in str(bad), f"bad input: {bad}")
    missing = raised(NotFoundError, lambda: cg.frames.get(uuid.uuid4()))
    check(missing.status_code == 404, f"unknown job: {missing}")
    with Cloudglue(api_key="not-the-key", base_url=emu.base_url, max_retries=0) as wrong:
        denied = raised(AuthenticationError, lambda: wrong.files.get(file.id))
        check("not-the-key" not in str(denied), f"wrong key: {denied}")
    check(issubclass(NotFoundError, CloudglueError), "every error is a CloudglueError")


def retries(cg: Cloudglue, emu: cloudglue_emulator.RunningEmulator, file: File) -> None:
    print("retries")
    events: list[RetryEvent] = []
    emu.set_faults(fail_rate=1.0, retry_after=0)
    try:
        failing = cg.with_options(max_retries=2, on_retry=events.append)
        error = raised(InternalServerError, lambda: failing.files.get(file))
    finally:
        emu.set_faults(fail_rate=0.0)
    check(error.status_code == 503, f"every attempt answered 503: {error}")
    attempts = [(e.operation, e.attempt, type(e.error).__name__) for e in events]
    check(
        attempts
        == [("get_file", 1, "InternalServerError"), ("get_file", 2, "InternalServerError")],
        f"on_retry saw each retry: {attempts}",
    )


async def asynchronous(emu: cloudglue_emulator.RunningEmulator, file: File) -> None:
    print("asyncio")
    cg: AsyncCloudglue
    async with emu.async_client(user_agent=PRODUCT) as cg:
        fx = await cg.frames.create(file.id, frames_per_second=1, wait=True)
        count = 0
        async for _frame in cg.frames.iter_frames(fx, page_size=4):
            count += 1
        check(count == 6, f"6 frames at 1 fps, async for over pages of 4 (got {count})")
        jobs = await asyncio.gather(
            *(cg.segmentations.create(file.id, uniform(w), wait=True) for w in (1, 2, 3))
        )
        check(all(JobStatus.of(j.status).is_success for j in jobs), "three jobs awaited at once")


def seen_by_server(emu: cloudglue_emulator.RunningEmulator, agent: str) -> None:
    print("the emulator's access log")
    deadline = time.monotonic() + 10
    while True:  # each line is written just after its response is sent
        lines = [line for line in emu.log_text().splitlines() if "access: POST /v1/files " in line]
        if lines or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    check(bool(lines) and lines[0].endswith(f'"{agent}"'), f"shows the upload: {lines[:1]}")


def main() -> None:
    clip = Path(sys.argv[1])
    cuts: list[float] = json.loads(clip.with_suffix(".json").read_text())["cuts"]
    if "--installed" in sys.argv[2:]:
        for module in (cloudglue_client, cloudglue_emulator):
            where = Path(module.__file__ or "")
            check(where.is_relative_to(sys.prefix), f"{module.__name__} from {where.parent}")
    access_log = ["--log-level", "info"]  # one line per request, on stderr
    with (
        cloudglue_emulator.running(extra_args=access_log) as emu,
        emu.client(user_agent=PRODUCT) as cg,
    ):
        identity(cg)
        file = upload(cg, clip)
        frames(cg, file)
        segmentations(cg, file, cuts)
        errors(cg, emu, file)
        retries(cg, emu, file)
        asyncio.run(asynchronous(emu, file))
        seen_by_server(emu, cg.user_agent)
    print("user program: all checks passed")


if __name__ == "__main__":
    main()
