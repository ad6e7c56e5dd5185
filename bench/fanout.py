"""5. Async fan-out: `AsyncCloudglue` creating and waiting on 200 jobs at once.

The emulator adds a fixed processing delay to every job (`job_delay_seconds`; the delay does
not hold a worker thread, see emulator jobs.py), so one job takes about the delay plus the
client's polling granularity. Jobs get distinct configs (frames_per_second 0.5, 0.6, ...)
on a tiny clip so none is deduplicated, and no thumbnails, so the server's real work is
negligible: what is left is the client's (and the server's request handling) overhead.

The delay is 3 s: waiting polls at 0.5, 1.25, 2.375, 4.06 s (x1.5 backoff), so one job is
seen done at ~4.06 s with ~1 s of slack. With a 2 s delay one job is seen at 2.375 s, only
0.375 s after it ends, and any of the 200 jobs finishing later than that waits for the next
poll at 4.06 s: the ratio then measures where the backoff schedule falls more than the
client (it came out 1.46x-1.54x in runs with 2 s). The note gives the absolute overhead.
Each repeat runs one job alone, then all of them, in fresh client processes; the jobs are
deleted after each repeat so the next one creates them anew.
"""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from .common import PROJECT_PYTHON, Result, interleaved, log, median, ratio_row, run_driver
from .fixtures import Clip, Emulator


@dataclass(frozen=True)
class Sizes:
    """How many jobs, how long each one's delay is, how many repeats."""

    jobs: int
    delay: float
    repeats: int


FULL = Sizes(jobs=200, delay=3.0, repeats=3)
QUICK = Sizes(jobs=20, delay=0.5, repeats=1)


def delete_extractions(emu: Emulator, file_id: str) -> None:
    """Delete every frame extraction of the file."""
    with emu.client() as cg:
        for job in list(cg.frames.list(file_id)):
            cg.frames.delete(job.frame_extraction_id)


def run(emu: Emulator, clip: Clip, sizes: Sizes) -> list[Result]:
    """Rows of measurement 5."""
    file_id = emu.file_id(clip)
    many = [round(0.5 + 0.1 * i, 1) for i in range(sizes.jobs)]
    delete_extractions(emu, file_id)  # left by an interrupted run, they would be deduplicated

    def wall(fps: list[float]) -> float:
        out = run_driver(PROJECT_PYTHON, "fanout", {**emu.args, "file_id": file_id, "fps": fps})
        if out["completed"] != len(fps) or out["distinct"] != len(fps):
            raise RuntimeError(f"fan-out: {out['completed']} completed of {len(fps)}")
        with httpx.Client(base_url=emu.base_url, headers=emu.emu.headers, timeout=30) as http:
            for job_id in out["ids"]:
                http.delete(f"/frames/{job_id}").raise_for_status()
        return float(out["wall"])

    emu.set_faults(job_delay_seconds=sizes.delay)
    try:
        log(f"fan-out: 1 and {sizes.jobs} jobs, {sizes.delay} s delay each, x{sizes.repeats}")
        samples = interleaved(
            {"one": lambda: wall([0.3]), "all": lambda: wall(many)}, sizes.repeats
        )
    finally:
        emu.set_faults(job_delay_seconds=0)
    extra = median(samples["all"]) - median(samples["one"])
    return [
        ratio_row(
            f"async fan-out: {sizes.jobs} jobs create+wait, {sizes.delay:g} s job delay (s)",
            median(samples["all"]),
            "one job alone",
            median(samples["one"]),
            at_most=1.5,
            note=f"all {sizes.jobs} done {extra:.2f} s after one job alone would be",
            samples=samples,
        )
    ]
