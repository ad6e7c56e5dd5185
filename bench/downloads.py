"""Thumbnail downloads: `frames.download` against a sequential loop and a bare thread pool.

A completed extraction of N frames with thumbnail URLs is downloaded by each variant in its own
fresh process, into a fresh folder, from the fixed-cost server, which answers every request
(pages and images) after 20 ms, every image with the same prebuilt JPEG:

- ours: `Cloudglue.frames.download(job, dir, concurrency=16)` (and the async twin, for
  information);
- sequential: `for frame in iter_frames(job): httpx.get(url)` and write, what users write
  without `download`: the wall-time baseline;
- pool: bare httpx, a sequential page loop collecting the URLs, then 16 threads sharing one
  `httpx.Client` that GET and write each image: the CPU baseline (the least client work that
  fetches and stores the same images at the same concurrency).

Client CPU is the client process's own CPU time over the loop, divided by the images written.
Memory: peak RSS (VmHWM) of a process downloading 10 N vs N thumbnails, without latency.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from .common import (
    BENCH,
    FIXED,
    PROJECT_PYTHON,
    Result,
    interleaved,
    log,
    median,
    ratio_row,
    run_driver,
)
from .fixtures import FixedServer

LATENCY_MS = 20
#: Images in flight, for ours and for the pool alike (the client's default is 16).
CONCURRENCY = 16
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

NAMES = {
    "ours": f"Cloudglue.frames.download(concurrency={CONCURRENCY})",
    "ours-async": f"AsyncCloudglue.frames.download(concurrency={CONCURRENCY})",
    "sequential": "sequential httpx loop",
    "pool": f"bare httpx thread pool ({CONCURRENCY} threads)",
}


def run(server: FixedServer, sizes: Sizes) -> list[Result]:
    """The download rows."""
    jobs = {
        n: server.job(n, thumbnails=True)
        for n in {sizes.images, sizes.memory_small, sizes.memory_large}
    }
    runs: dict[str, list[dict[str, Any]]] = {name: [] for name in NAMES}
    with tempfile.TemporaryDirectory(prefix="cg-bench-downloads-") as tmp:
        scratch = Path(tmp)

        def drive(kind: str, n: int) -> dict[str, Any]:
            target = scratch / f"{kind}-{n}"
            shutil.rmtree(target, ignore_errors=True)  # every run starts empty (no skips)
            args = {
                **server.args,
                "job_id": jobs[n],
                "dir": str(target),
                "concurrency": CONCURRENCY,
            }
            out = run_driver(PROJECT_PYTHON, kind, args, script=SCRIPT, timeout=900.0)
            if out["images"] != n or out["failed"]:
                raise RuntimeError(f"{kind}: wrote {out['images']} of {n} ({out['failed']} failed)")
            shutil.rmtree(target, ignore_errors=True)
            return out

        def peak_mb(n: int) -> float:
            return float(drive("ours", n)["maxrss_kb"]) / 1024

        def timed(kind: str) -> float:
            out = drive(kind, sizes.images)
            runs[kind].append(out)
            return float(out["wall"])

        with server.latency(LATENCY_MS):
            log(f"downloads: {sizes.images} thumbnails at {LATENCY_MS} ms, x{sizes.repeats}")
            walls = interleaved({kind: partial(timed, kind) for kind in NAMES}, sizes.repeats)
        log(f"downloads: peak RSS, {sizes.memory_small} vs {sizes.memory_large} thumbnails")
        rss = interleaved(
            {str(n): partial(peak_mb, n) for n in (sizes.memory_small, sizes.memory_large)},
            sizes.memory_repeats,
        )
    wall = {kind: median(values) for kind, values in walls.items()}
    cpus = {kind: [r["cpu"] / sizes.images * 1000 for r in rs] for kind, rs in runs.items()}
    cpu = {kind: median(values) for kind, values in cpus.items()}
    title = f"download {sizes.images:,} thumbnails at {LATENCY_MS} ms latency (s)"
    fetch_all = (
        f"wall seconds for a fresh client process to read the job's pages and write all "
        f"{sizes.images:,} images into an empty folder, every answer {LATENCY_MS} ms late; "
        f"median of {sizes.repeats} interleaved runs"
    )
    per_image = (
        "client process CPU time (user + system, all threads) per image written, over the "
        f"timed loops of the {LATENCY_MS} ms runs (page reads included); median of "
        f"{sizes.repeats}"
    )

    def row(
        kind: str, baseline: str, label: str, what: str, values: dict[str, float], **goal: Any
    ) -> Result:
        samples = walls if values is wall else cpus
        return ratio_row(
            label,
            values[kind],
            NAMES[baseline],
            values[baseline],
            server=FIXED,
            measures=f"{what} ({NAMES[kind]} vs {NAMES[baseline]}).",
            samples={kind: samples[kind], baseline: samples[baseline]},
            **goal,
        )

    cpu_title = "client CPU per downloaded image (ms)"
    small, large = median(rss[str(sizes.memory_small)]), median(rss[str(sizes.memory_large)])
    return [
        row(
            "ours", "sequential", f"{title}: ours", fetch_all, wall, at_most=0.1,
            goal="<= 0.1 (10x faster)",
        ),
        row("ours", "pool", f"{title}: ours", fetch_all, wall),
        row("ours-async", "pool", f"{title}: ours async", fetch_all, wall),
        row("ours", "pool", f"{cpu_title}: ours", per_image, cpu, at_most=1.0),
        row("ours-async", "pool", f"{cpu_title}: ours async", per_image, cpu),
        ratio_row(
            f"download: peak RSS (MB), {sizes.memory_large:,} thumbnails",
            large,
            f"{sizes.memory_small:,} thumbnails",
            small,
            server=FIXED,
            measures=f"peak RSS (VmHWM, MB) of a fresh process running {NAMES['ours']} for "
            f"{sizes.memory_large:,} images against {sizes.memory_small:,}, no latency; median "
            f"of {sizes.memory_repeats}.",
            at_most=1.1,
            goal="<= 1.1 (flat)",
            samples=rss,
        ),
    ]  # fmt: skip
