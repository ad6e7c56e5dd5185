"""Async fan-out: `AsyncCloudglue` creating and waiting on 200 jobs at once.

The fixed-cost server answers a create with a new pending job and every poll with the job's
state: processing until `job_delay_seconds` after its creation, completed from then on. The
server does no other work, so what is measured is the client's overhead with 200 jobs in flight
against one job alone, each in a fresh client process.

The delay is 3 s: the client's waits poll at 0.5, 1.25, 2.375, 4.06 s (x1.5 backoff), so one
job is seen done at ~4.06 s with ~1 s of slack. With a 2 s delay one job is seen at 2.375 s,
only 0.375 s after it ends, and any of the 200 jobs finishing later than that waits for the
next poll at 4.06 s: the ratio would then measure where the backoff schedule falls more than
the client. The note gives the absolute overhead.
"""

from __future__ import annotations

from dataclasses import dataclass

from .common import FIXED, PROJECT_PYTHON, Result, interleaved, log, median, ratio_row, run_driver
from .fixtures import FixedServer

#: Any id: the fixed-cost server does not look the file up.
FILE_ID = "0b5c4f1e-6a55-4c1b-9d8a-2f7f3c8e9a01"


@dataclass(frozen=True)
class Sizes:
    """How many jobs, how long each one's delay is, how many repeats."""

    jobs: int
    delay: float
    repeats: int


FULL = Sizes(jobs=200, delay=3.0, repeats=3)
QUICK = Sizes(jobs=20, delay=0.5, repeats=1)


def run(server: FixedServer, sizes: Sizes) -> list[Result]:
    """The fan-out row."""
    many = [round(0.5 + 0.1 * i, 1) for i in range(sizes.jobs)]

    def wall(fps: list[float]) -> float:
        server.reset_stats()  # forgets the jobs of the run before
        out = run_driver(PROJECT_PYTHON, "fanout", {**server.args, "file_id": FILE_ID, "fps": fps})
        if out["completed"] != len(fps) or out["distinct"] != len(fps):
            raise RuntimeError(f"fan-out: {out['completed']} completed of {len(fps)}")
        return float(out["wall"])

    server.settings(job_delay_seconds=sizes.delay)
    try:
        log(f"fan-out: 1 and {sizes.jobs} jobs, {sizes.delay} s delay each, x{sizes.repeats}")
        samples = interleaved(
            {"one": lambda: wall([0.3]), "all": lambda: wall(many)}, sizes.repeats
        )
    finally:
        server.settings(job_delay_seconds=0)
    extra = median(samples["all"]) - median(samples["one"])
    return [
        ratio_row(
            f"async fan-out: {sizes.jobs} jobs create+wait, {sizes.delay:g} s job delay (s)",
            median(samples["all"]),
            "one job alone",
            median(samples["one"]),
            server=FIXED,
            measures=f"wall seconds for a fresh AsyncCloudglue process to create {sizes.jobs} "
            "frame extractions and wait on all of them with asyncio.gather (each completes "
            f"{sizes.delay:g} s after its creation), against one job alone; median of "
            f"{sizes.repeats} interleaved runs.",
            at_most=1.5,
            note=f"all {sizes.jobs} done {extra:.2f} s after one job alone would be",
            samples=samples,
        )
    ]
