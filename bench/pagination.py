"""Pagination wall time, client CPU per page (from the same runs), early exits.

Every frame of a completed extraction (20,000 frames: 200 pages of 100) is read by each client
in its own fresh process, from the fixed-cost server (bench/fixed_server.py) answering every
request after 20 ms with prebuilt page bodies, the same bytes for every client. The variants
run round-robin, `repeats` times, and medians are compared. Each loop is timed after one untimed
warm-up request (see driver.py), the same for every variant. Client CPU is the client process's
own CPU time (all its threads) over the loop, divided by the pages read; the server's CPU is in
another process and counts for no client.

Early exits count, at the server, the page requests `iter_frames` makes when the reader stops
after a few frames, against the number of pages those frames need.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .common import (
    FIXED,
    OFFICIAL_SDK,
    PROJECT_PYTHON,
    Result,
    interleaved,
    log,
    median,
    ratio_row,
    run_driver,
    skipped,
    throwaway_venv,
)
from .fixtures import FixedServer

LATENCY_MS = 20
PAGE = 100


@dataclass(frozen=True)
class Sizes:
    """How much to measure: the full issue sizes or a smoke run."""

    frames: int
    repeats: int
    official: bool


FULL = Sizes(frames=20_000, repeats=5, official=True)
QUICK = Sizes(frames=1_000, repeats=1, official=False)

NO_OFFICIAL = "official SDK venv not built in --quick"


def run(server: FixedServer, sizes: Sizes) -> list[Result]:
    """Time every variant; return the wall-time, CPU and early-exit rows."""
    job = server.job(sizes.frames)
    pages = -(-sizes.frames // PAGE)
    official_python: Path | None = None
    if sizes.official:
        official_python = throwaway_venv("official", [OFFICIAL_SDK])

    runs: dict[str, list[dict[str, Any]]] = {}
    variants: dict[str, Any] = {}

    def variant(name: str, python: Path, kind: str, **extra: Any) -> None:
        runs[name] = []

        def measure() -> float:
            out = run_driver(python, kind, {**server.args, "job_id": job, **extra})
            if out["frames"] != sizes.frames:
                raise RuntimeError(f"{name}: read {out['frames']} frames, not {sizes.frames}")
            runs[name].append(out)
            return float(out["wall"])

        variants[name] = measure

    variant("raw", PROJECT_PYTHON, "page-raw")
    variant("generated", PROJECT_PYTHON, "page-generated")
    if official_python is not None:
        variant("official", official_python, "page-official")
    variant("ours", PROJECT_PYTHON, "page-ours")
    variant("ours-prefetch-1", PROJECT_PYTHON, "page-ours", prefetch=1)
    variant("ours-async", PROJECT_PYTHON, "page-ours-async")

    with server.latency(LATENCY_MS):
        log(f"pagination: {sizes.frames} frames, {LATENCY_MS} ms latency, x{sizes.repeats}")
        walls = interleaved(variants, sizes.repeats)

    wall = {name: median(values) for name, values in walls.items()}
    cpus = {name: [r["cpu"] / pages * 1000 for r in results] for name, results in runs.items()}
    cpu_ms = {name: median(values) for name, values in cpus.items()}

    title = f"pagination {sizes.frames} frames, {LATENCY_MS} ms latency (s)"
    read_all = (
        f"wall seconds for one fresh client process to read all {sizes.frames:,} frames "
        f"({pages} pages of {PAGE}), every answer {LATENCY_MS} ms late; median of "
        f"{sizes.repeats} interleaved runs"
    )
    ten_x = "<= 0.1 (10x faster)"

    def wall_row(ours: str, baseline: str, label: str, **goal: Any) -> Result:
        return ratio_row(
            f"{title}: {label}",
            wall[ours],
            BASELINES[baseline],
            wall[baseline],
            server=FIXED,
            measures=f"{read_all} ({VARIANTS[ours]} vs {BASELINES[baseline]}).",
            samples={ours: walls[ours], baseline: walls[baseline]},
            **goal,
        )

    rows: list[Result] = []
    if "official" in wall:
        rows.append(wall_row("ours", "official", "ours default", at_most=0.1, goal=ten_x))
    else:
        rows.append(
            skipped(
                f"{title}: ours default",
                BASELINES["official"],
                ten_x,
                NO_OFFICIAL,
                server=FIXED,
                measures=f"{read_all}.",
            )
        )
    rows += [
        wall_row("ours", "raw", "ours default", at_most=0.1, goal=ten_x),
        wall_row("ours-prefetch-1", "raw", "ours prefetch=1", at_most=1.2),
        wall_row("ours-async", "raw", "ours async (AsyncCloudglue)"),
        wall_row("generated", "raw", "generated loop"),
    ]

    cpu_title = "client CPU per 100-frame page (ms)"
    per_page = (
        "client process CPU time (user + system, all threads) per 100-frame page, over the "
        f"timed loops of the {LATENCY_MS} ms runs above; median of {sizes.repeats}"
    )

    def cpu_row(ours: str, baseline: str, label: str, **goal: Any) -> Result:
        return ratio_row(
            f"{cpu_title}: {label}",
            cpu_ms[ours],
            BASELINES[baseline],
            cpu_ms[baseline],
            server=FIXED,
            measures=f"{per_page} ({VARIANTS[ours]} vs {BASELINES[baseline]}).",
            samples={ours: cpus[ours], baseline: cpus[baseline]},
            **goal,
        )

    rows.append(cpu_row("ours", "raw", "ours default", at_most=1.1))
    if "official" in cpu_ms:
        rows.append(
            cpu_row("ours", "official", "ours default", at_most=1.0, goal="<= 1 (at most official)")
        )
    else:
        rows.append(
            skipped(
                f"{cpu_title}: ours default",
                BASELINES["official"],
                "<= 1 (at most official)",
                NO_OFFICIAL,
                server=FIXED,
                measures=f"{per_page}.",
            )
        )
    rows += [
        cpu_row("ours-async", "ours", "ours async (AsyncCloudglue)", at_most=1.3),
        cpu_row("ours-prefetch-1", "raw", "ours prefetch=1"),
        cpu_row("generated", "raw", "generated loop"),
    ]
    rows += early_exits(server)
    return rows


#: What each variant is, in the words of the report.
VARIANTS = {
    "ours": "Cloudglue.frames.iter_frames, default prefetch",
    "ours-prefetch-1": "Cloudglue.frames.iter_frames(prefetch=1)",
    "ours-async": "AsyncCloudglue.frames.iter_frames, default prefetch",
    "generated": "the generated cloudglue_openapi get_frame_extraction in a sequential loop",
}
#: The baselines, as named in the table.
BASELINES = {
    "raw": "raw httpx sequential",
    "official": "official 0.7.28",
    "ours": "ours sync",
}

#: (frames read before stopping, page size, most requests allowed or None for information).
EARLY_EXITS = ((10, 10, 1), (26, 10, 4), (1_000, 10, None))


def early_exits(server: FixedServer) -> list[Result]:
    """Page requests spent when the reader stops early, against the pages its frames need."""
    job = server.job(2_000)
    rows = []
    for stop_after, page_size, allowed in EARLY_EXITS:
        server.reset_stats()
        args = {**server.args, "job_id": job, "stop_after": stop_after, "page_size": page_size}
        out = run_driver(PROJECT_PYTHON, "early-exit", args)
        if out["frames"] != stop_after:
            raise RuntimeError(f"early exit: read {out['frames']} frames, not {stop_after}")
        # The driver process has ended: every request it sent has reached the server.
        requests = server.requests().get("page", 0)
        needed = -(-stop_after // page_size)
        row = ratio_row(
            f"early exit: requests to read {stop_after:,} frames (pages of {page_size}), then stop",
            float(requests),
            "pages those frames need",
            float(needed),
            server=FIXED,
            measures=(
                f"page requests the server received while a fresh client process read "
                f"{stop_after:,} frames with iter_frames(page_size={page_size}), stopped and "
                "closed the client; no latency."
            ),
            at_most=None if allowed is None else allowed / needed,
            goal="info" if allowed is None else f"<= {allowed} requests",
            note="" if allowed else "the window grows per page read, up to prefetch pages ahead",
        )
        rows.append(row)
    return rows
