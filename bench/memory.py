"""Memory: peak RSS of a client process iterating N frames without keeping them.

The client runs in its own process, reading from the fixed-cost server (another process, no
latency) with the default prefetch window. Peak RSS is VmHWM of the client process (see
driver.peak_rss_kb). It is measured at N and 10 N frames: flat means the larger total costs no
more memory.

Instrumented runs (public APIs only, see driver.memory) add the tracemalloc peak of each size
and the most `Frame` objects alive at once with an explicit `prefetch=PREFETCH`, against the
bound

    (prefetch + 2) pages x page size

`prefetch` pages fetched ahead, the page being read, and the first page, which the page object
returned by `iter_frames` keeps as its `items`. Bytes per parsed Frame (driver `page-objects`)
turn the bound into KiB in the note.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Any

from .common import FIXED, PROJECT_PYTHON, Result, interleaved, log, median, ratio_row, run_driver
from .fixtures import FixedServer

PAGE = 100
#: The window of the counted run, passed explicitly (the client's default is 16 pages).
PREFETCH = 16


@dataclass(frozen=True)
class Sizes:
    """Totals compared (the large one is 10x the small one) and repeats."""

    small: int
    large: int
    repeats: int


FULL = Sizes(small=10_000, large=100_000, repeats=3)
QUICK = Sizes(small=1_000, large=10_000, repeats=1)


def run(server: FixedServer, sizes: Sizes) -> list[Result]:
    """The memory rows."""
    jobs = {n: server.job(n) for n in (sizes.small, sizes.large)}

    def measure(n: int, **extra: Any) -> dict[str, Any]:
        out = run_driver(PROJECT_PYTHON, "memory", {**server.args, "job_id": jobs[n], **extra})
        if out["frames"] != n:
            raise RuntimeError(f"memory: read {out['frames']} frames, not {n}")
        return out

    log(f"memory: {sizes.small} and {sizes.large} frames, x{sizes.repeats}")

    def peak_mb(n: int) -> float:
        return float(measure(n)["maxrss_kb"]) / 1024

    samples = interleaved(
        {str(n): partial(peak_mb, n) for n in (sizes.small, sizes.large)}, sizes.repeats
    )
    rss = {int(k): median(v) for k, v in samples.items()}
    heap_mb = {
        n: float(measure(n, trace="heap")["heap_peak_bytes"]) / 2**20
        for n in (sizes.small, sizes.large)
    }
    alive = {
        n: int(measure(n, trace="alive", prefetch=PREFETCH)["most_frames_alive"])
        for n in (sizes.small, sizes.large)
    }
    if not all(alive.values()):
        # A count of 0 would "meet" the bound while measuring nothing.
        raise RuntimeError(f"memory: the Frame counter saw no frames ({alive}); fix driver.memory")
    page = run_driver(PROJECT_PYTHON, "page-objects", {**server.args, "job_id": jobs[sizes.small]})
    per_frame = page["page_bytes"] / page["frames"]
    bound_pages = PREFETCH + 2
    bound_frames = bound_pages * PAGE
    bound_text = (
        f"bound: prefetch {PREFETCH} pages ahead + the page being read + the first page "
        f"(kept by the returned page object) = {bound_pages} pages x {PAGE} frames x "
        f"{per_frame:.0f} B per parsed Frame = {bound_frames * per_frame / 1024:.0f} KiB; "
        f"most alive with {sizes.small:,} frames: {alive[sizes.small]}"
    )
    iterate = "a fresh client process iterating every frame with iter_frames, keeping none"
    return [
        ratio_row(
            f"memory: peak RSS (MB) iterating {sizes.large:,} frames",
            rss[sizes.large],
            f"{sizes.small:,} frames",
            rss[sizes.small],
            server=FIXED,
            measures=f"peak RSS (VmHWM, MB) of {iterate} (default prefetch), no latency; median "
            f"of {sizes.repeats}.",
            at_most=1.1,
            goal="<= 1.1 (flat for 10x frames)",
            samples=dict(samples),
        ),
        ratio_row(
            f"memory: most Frame objects alive at once, {sizes.large:,} frames",
            alive[sizes.large],
            f"(prefetch {PREFETCH} + 2) pages x {PAGE}",
            bound_frames,
            server=FIXED,
            measures=f"most Frame objects the garbage collector tracks at once in {iterate} "
            f"(prefetch={PREFETCH}), counted at each page's first frame.",
            at_most=1.0,
            goal="<= 1 (bounded by the window)",
            note=bound_text,
        ),
        ratio_row(
            f"memory: Python heap peak while iterating (MB), {sizes.large:,} frames",
            heap_mb[sizes.large],
            f"{sizes.small:,} frames",
            heap_mb[sizes.small],
            server=FIXED,
            measures=f"tracemalloc peak (MB) of Python allocations during the loop of {iterate}.",
            note="the held pages plus transient response buffers",
        ),
    ]
