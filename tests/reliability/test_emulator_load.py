"""Load on a real emulator: concurrent clients mixing uploads, creates, gets and paging.

Short (make test): 10 clients for 5 s. Full (CLOUDGLUE_RELIABILITY=full): 50 clients for
30 s. Every request is a valid one, so anything but a 200 is a failure; at the end every job
id a create returned is still there and reaches `completed`, and every upload is listed once.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from cloudglue_emulator.testing import RunningEmulator, running

from .emulator_helpers import FULL, all_pages, assert_serving, percentile, wait_terminal

pytestmark = [pytest.mark.e2e, pytest.mark.slow]  # concurrent clients on an emulator subprocess

CLIENTS = 50 if FULL else 10
SECONDS = 30.0 if FULL else 5.0
DRAIN_SECONDS = 300.0 if FULL else 60.0
REQUEST_TIMEOUT = 60.0
P99_BOUND_SECONDS = 10.0
"""Generous: only a server that stalls (e.g. blocking its event loop on a job) goes past it."""

# operation -> weight; creates are a minority so the 2 job workers can keep up.
MIX = {
    "upload": 4,
    "create_frames": 8,
    "create_segmentation": 4,
    "get_file": 16,
    "get_job": 28,
    "page_job": 16,
    "list_files": 12,
    "list_jobs": 12,
}
FPS_CHOICES = (0.5, 1, 2, 5)


@dataclass
class Shared:
    """What the clients learn while they run (ids), and what they measured."""

    file_ids: list[str]
    uploaded: dict[str, int] = field(default_factory=dict)  # id -> client number
    frame_jobs: dict[str, str] = field(default_factory=dict)  # job id -> file id
    segmentations: dict[str, str] = field(default_factory=dict)
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: Counter[tuple[str, int]] = field(default_factory=Counter)
    unexpected: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def clip(small_clip: Path) -> bytes:
    return small_clip.read_bytes()


@pytest.fixture(scope="module")
def emulator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningEmulator]:
    with running(data_dir=tmp_path_factory.mktemp("load-data")) as emu:
        yield emu


async def one_request(
    c: httpx.AsyncClient, op: str, rng: random.Random, shared: Shared, clip: bytes, me: int
) -> httpx.Response:
    """Run one operation of the mix; record ids that creates and uploads return."""
    if op == "upload":
        meta = f'{{"client": {me}}}'
        r = await c.post(
            "/files", files={"file": ("clip.mp4", clip, "video/mp4")}, data={"metadata": meta}
        )
        if r.status_code == 200:
            shared.uploaded[r.json()["id"]] = me
            shared.file_ids.append(r.json()["id"])
        return r
    file_id = rng.choice(shared.file_ids)
    if op == "create_frames":
        body = {
            "strategy": "uniform",
            "uniform_config": {"frames_per_second": rng.choice(FPS_CHOICES), "max_width": 64},
            "thumbnails_config": {"enable_frame_thumbnails": rng.random() < 0.5},
        }
        r = await c.post(f"/files/{file_id}/frames", json=body)
        if r.status_code == 200:
            shared.frame_jobs[r.json()["frame_extraction_id"]] = file_id
        return r
    if op == "create_segmentation":
        body = {
            "strategy": "uniform",
            "uniform_config": {"window_seconds": rng.choice((1, 2))},
            "thumbnails_config": {"enable_segment_thumbnails": rng.random() < 0.5},
        }
        r = await c.post(f"/files/{file_id}/segmentations", json=body)
        if r.status_code == 200:
            shared.segmentations[r.json()["segmentation_id"]] = file_id
        return r
    if op == "get_file":
        return await c.get(f"/files/{file_id}")
    if op == "list_files":
        return await c.get(
            "/files", params={"limit": rng.choice((1, 10, 100)), "offset": rng.randrange(0, 50)}
        )
    if op == "list_jobs":
        kind = rng.choice(("frames", "segmentations"))
        return await c.get(f"/files/{file_id}/{kind}", params={"limit": 10})
    jobs = [("frames", j) for j in shared.frame_jobs] or [("files", file_id)]
    jobs += [("segmentations", j) for j in shared.segmentations]
    kind, job_id = rng.choice(jobs)
    if op == "get_job":
        return await c.get(f"/{kind}/{job_id}")
    return await c.get(
        f"/{kind}/{job_id}", params={"limit": rng.choice((1, 2, 5)), "offset": rng.randrange(0, 4)}
    )


async def client_loop(
    emu: RunningEmulator, me: int, until: float, shared: Shared, clip: bytes
) -> None:
    rng = random.Random(me)
    ops, weights = list(MIX), list(MIX.values())
    async with httpx.AsyncClient(
        base_url=emu.base_url, headers=emu.headers, timeout=REQUEST_TIMEOUT
    ) as c:
        while time.monotonic() < until:
            op = rng.choices(ops, weights)[0]
            started = time.monotonic()
            try:
                r = await one_request(c, op, rng, shared, clip, me)
            except httpx.HTTPError as exc:
                shared.unexpected.append(f"{op}: {type(exc).__name__}: {exc}")
                shared.statuses[(op, 0)] += 1
                continue
            shared.latencies[op].append(time.monotonic() - started)
            shared.statuses[(op, r.status_code)] += 1
            if r.status_code != 200:
                shared.unexpected.append(f"{op}: {r.status_code} {r.text[:200]}")


def report(shared: Shared, elapsed: float, drained: float) -> str:
    total = sum(shared.statuses.values())
    errors = sum(n for (_, status), n in shared.statuses.items() if status != 200)
    every = [t for values in shared.latencies.values() for t in values]
    lines = [
        f"load: {CLIENTS} clients x {SECONDS:g} s: {total} requests in {elapsed:.1f} s "
        f"({total / elapsed:.0f}/s), errors {errors}, 5xx "
        f"{sum(n for (_, s), n in shared.statuses.items() if s >= 500)}, "
        f"p50 {percentile(every, 50) * 1000:.1f} ms, p99 {percentile(every, 99) * 1000:.1f} ms",
        f"  uploads {len(shared.uploaded)}, frame jobs {len(shared.frame_jobs)}, "
        f"segmentations {len(shared.segmentations)}; all jobs terminal {drained:.1f} s after",
    ]
    for op in MIX:
        values = shared.latencies.get(op, [])
        p50, p99 = percentile(values, 50) * 1000, percentile(values, 99) * 1000
        top = max(values, default=0) * 1000
        lines.append(
            f"  {op:<20} n={len(values):>6}  p50 {p50:7.1f} ms  p99 {p99:7.1f} ms  "
            f"max {top:7.1f} ms"
        )
    return "\n".join(lines)


def test_concurrent_clients_get_no_5xx_and_lose_no_job(
    emulator: RunningEmulator, clip: bytes
) -> None:
    with httpx.Client(base_url=emulator.base_url, headers=emulator.headers, timeout=30) as c:
        first = c.post("/files", files={"file": ("first.mp4", clip, "video/mp4")})
        assert first.status_code == 200, first.text
        base_id = first.json()["id"]
        wait_terminal(c, f"/files/{base_id}", 30)
    shared = Shared(file_ids=[base_id])

    async def scenario() -> float:
        started = time.monotonic()
        until = started + SECONDS
        await asyncio.gather(
            *[client_loop(emulator, n, until, shared, clip) for n in range(CLIENTS)]
        )
        return time.monotonic() - started

    elapsed = asyncio.run(scenario())
    assert not shared.unexpected, shared.unexpected[:10]
    assert shared.uploaded and shared.frame_jobs and shared.segmentations  # the mix really ran

    # No lost job: every id a create returned is still there and completes.
    drain_started = time.monotonic()
    with httpx.Client(base_url=emulator.base_url, headers=emulator.headers, timeout=30) as c:
        for kind, jobs in (("frames", shared.frame_jobs), ("segmentations", shared.segmentations)):
            for job_id, file_id in jobs.items():
                job = wait_terminal(c, f"/{kind}/{job_id}", DRAIN_SECONDS)
                assert job["status"] == "completed", job
                assert job["file_id"] == file_id
        drained = time.monotonic() - drain_started
        for file_id, me in shared.uploaded.items():
            f = wait_terminal(c, f"/files/{file_id}", DRAIN_SECONDS)
            assert f["status"] == "completed", f
            assert f["bytes"] == len(clip) and f["metadata"] == {"client": me}
        # Paging with nothing moving: every upload exactly once.
        listed = [f["id"] for f in all_pages(c, "/files", "data")]
        assert len(listed) == len(set(listed))
        assert set(listed) == {base_id, *shared.uploaded}
        for file_id in {base_id, *shared.uploaded}:
            frames = {
                j["frame_extraction_id"] for j in all_pages(c, f"/files/{file_id}/frames", "data")
            }
            assert frames == {j for j, f in shared.frame_jobs.items() if f == file_id}
            segs = {
                j["segmentation_id"]
                for j in all_pages(c, f"/files/{file_id}/segmentations", "data")
            }
            assert segs == {j for j, f in shared.segmentations.items() if f == file_id}
    assert_serving(emulator, base_id)

    every = [t for values in shared.latencies.values() for t in values]
    print("\n" + report(shared, elapsed, drained))
    assert percentile(every, 99) < P99_BOUND_SECONDS
