"""6. Thumbnail downloads: `frames.download` against what users write today, the floor, memory.

A completed extraction with N real JPEG thumbnails (the emulator renders them once; the data
dir is cached) is downloaded by each variant in its own fresh process, into a fresh folder,
with the emulator adding 20 ms to every request, thumbnails included (`thumbnail_faults`):

- ours: `cg.frames.download(job, dir)` (default concurrency 16);
- baseline: a sequential loop, `for frame in iter_frames(job): httpx.get(url)` and write;
- floor: `ceil(N / concurrency) x 20 ms`, the latency alone with `concurrency` in flight.

Memory: peak RSS (VmHWM) of a process downloading 10 N vs N thumbnails, without latency.
"""

from __future__ import annotations

import math
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cloudglue_client._constants import DEFAULT_DOWNLOAD_CONCURRENCY

from .common import BENCH, PROJECT_PYTHON, Result, interleaved, log, median, ratio_row, run_driver
from .fixtures import Clip, Emulator

LATENCY_MS = 20
SCRIPT = BENCH / "download_driver.py"


@dataclass(frozen=True)
class Sizes:
    """Thumbnails timed, the small and large totals for memory, and repeats of each."""

    images: int
    memory_small: int
    memory_large: int
    repeats: int
    memory_repeats: int


FULL = Sizes(images=2_000, memory_small=2_000, memory_large=20_000, repeats=3, memory_repeats=2)
QUICK = Sizes(images=50, memory_small=50, memory_large=500, repeats=1, memory_repeats=1)


def run(emu: Emulator, clip: Clip, sizes: Sizes) -> list[Result]:
    """Rows of measurement 6."""
    jobs = {
        n: emu.frames_job(clip, n, thumbnails=True)
        for n in {sizes.images, sizes.memory_small, sizes.memory_large}
    }
    with tempfile.TemporaryDirectory(prefix="cg-bench-downloads-") as tmp:
        scratch = Path(tmp)

        def drive(kind: str, n: int, **extra: Any) -> dict[str, Any]:
            target = scratch / f"{kind}-{n}"
            shutil.rmtree(target, ignore_errors=True)  # every run starts empty (no skips)
            args = {**emu.args, "job_id": jobs[n], "dir": str(target), **extra}
            out = run_driver(PROJECT_PYTHON, kind, args, script=SCRIPT, timeout=900.0)
            if out["images"] != n or out["failed"]:
                raise RuntimeError(f"{kind}: wrote {out['images']} of {n} ({out['failed']} failed)")
            shutil.rmtree(target, ignore_errors=True)
            return out

        concurrency = DEFAULT_DOWNLOAD_CONCURRENCY
        emu.set_faults(latency_ms=LATENCY_MS, thumbnail_faults=True)
        try:
            log(f"downloads: {sizes.images} thumbnails at {LATENCY_MS} ms, x{sizes.repeats}")
            walls = interleaved(
                {
                    "ours": lambda: drive("ours", sizes.images, concurrency=concurrency)["wall"],
                    "sequential": lambda: drive("sequential", sizes.images)["wall"],
                },
                sizes.repeats,
            )
        finally:
            emu.set_faults(latency_ms=0, thumbnail_faults=False)
        log(f"downloads: peak RSS, {sizes.memory_small} vs {sizes.memory_large} thumbnails")
        rss = interleaved(
            {
                str(n): (lambda n=n: drive("ours", n, concurrency=concurrency)["maxrss_kb"] / 1024)
                for n in (sizes.memory_small, sizes.memory_large)
            },
            sizes.memory_repeats,
        )
    ours, seq = median(walls["ours"]), median(walls["sequential"])
    floor = math.ceil(sizes.images / concurrency) * LATENCY_MS / 1000
    title = f"{sizes.images:,} thumbnails at {LATENCY_MS} ms latency (s)"
    small, large = median(rss[str(sizes.memory_small)]), median(rss[str(sizes.memory_large)])
    return [
        ratio_row(
            f"download {title}",
            ours,
            "sequential httpx loop",
            seq,
            at_most=0.1,
            goal="<= 0.1 (10x faster)",
            samples=walls,
        ),
        ratio_row(
            f"download {title}",
            ours,
            f"floor ceil(N/{concurrency}) x {LATENCY_MS} ms",
            floor,
            at_most=1.5,
            goal="<= 1.5",
            note="the floor counts the image requests only: the page reads, writing the files "
            "and the server's own time come on top",
        ),
        ratio_row(
            f"download: peak RSS (MB), {sizes.memory_large:,} thumbnails",
            large,
            f"{sizes.memory_small:,} thumbnails",
            small,
            at_most=1.1,
            goal="<= 1.1 (flat)",
            samples=rss,
        ),
    ]
