"""1. Pagination wall time, 2. client CPU per page (from the same runs), 3. early exits.

Every frame of a completed extraction (20,000 frames: 200 pages of 100) is read by each client
in its own fresh process, against one emulator process that adds 20 ms to every request. The
variants run round-robin, `repeats` times, and medians are compared. Each loop is timed after
one untimed warm-up request (see driver.py), the same for every variant.

Early exits count the requests `iter_frames` makes when the reader stops after a few frames,
against the number of pages those frames need.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .common import (
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
from .fixtures import Clip, Emulator

LATENCY_MS = 20


@dataclass(frozen=True)
class Sizes:
    """How much to measure: the full issue sizes or a smoke run."""

    frames: int
    repeats: int
    official: bool


FULL = Sizes(frames=20_000, repeats=5, official=True)
QUICK = Sizes(frames=1_000, repeats=1, official=False)


def run(emu: Emulator, clip: Clip, sizes: Sizes) -> list[Result]:
    """Time every variant; return the rows of measurements 1 and 2."""
    job = emu.frames_job(clip, sizes.frames)
    pages = -(-sizes.frames // 100)
    official_python: Path | None = None
    if sizes.official:
        official_python = throwaway_venv("official", [OFFICIAL_SDK])

    runs: dict[str, list[dict[str, Any]]] = {}

    def variant(name: str, python: Path, kind: str, **extra: Any) -> None:
        runs[name] = []

        def measure() -> float:
            out = run_driver(python, kind, {**emu.args, "job_id": job, **extra})
            if out["frames"] != sizes.frames:
                raise RuntimeError(f"{name}: read {out['frames']} frames, not {sizes.frames}")
            runs[name].append(out)
            return float(out["wall"])

        variants[name] = measure

    variants: dict[str, Any] = {}
    variant("raw", PROJECT_PYTHON, "page-raw")
    variant("generated", PROJECT_PYTHON, "page-generated")
    if official_python is not None:
        variant("official", official_python, "page-official")
    variant("ours", PROJECT_PYTHON, "page-ours")
    variant("ours-prefetch-1", PROJECT_PYTHON, "page-ours", prefetch=1)

    emu.set_faults(latency_ms=LATENCY_MS)
    try:
        log(f"pagination: {sizes.frames} frames, {LATENCY_MS} ms latency, x{sizes.repeats}")
        walls = interleaved(variants, sizes.repeats)
    finally:
        emu.set_faults(latency_ms=0)

    wall = {name: median(values) for name, values in walls.items()}
    cpu_ms = {
        name: median([r["cpu"] / pages * 1000 for r in results]) for name, results in runs.items()
    }
    cpus = {name: [r["cpu"] / pages * 1000 for r in results] for name, results in runs.items()}
    title = f"pagination {sizes.frames} frames, {LATENCY_MS} ms latency (s)"
    rows: list[Result] = []
    if "official" in wall:
        rows.append(
            ratio_row(
                f"{title}: ours default",
                wall["ours"],
                "official 0.7.28",
                wall["official"],
                at_most=0.1,
                goal="<= 0.1 (10x faster)",
                samples={"ours": walls["ours"], "official": walls["official"]},
            )
        )
    else:
        rows.append(
            skipped(
                f"{title}: ours default",
                "official 0.7.28",
                "<= 0.1 (10x faster)",
                "official SDK venv not built in --quick",
            )
        )
    rows += [
        ratio_row(
            f"{title}: ours default",
            wall["ours"],
            "raw httpx sequential",
            wall["raw"],
            at_most=0.1,
            goal="<= 0.1 (10x faster)",
            samples={"ours": walls["ours"], "raw": walls["raw"]},
        ),
        ratio_row(
            f"{title}: ours prefetch=1",
            wall["ours-prefetch-1"],
            "raw httpx sequential",
            wall["raw"],
            at_most=1.2,
            samples={"ours-prefetch-1": walls["ours-prefetch-1"], "raw": walls["raw"]},
        ),
        ratio_row(
            f"{title}: generated loop",
            wall["generated"],
            "raw httpx sequential",
            wall["raw"],
            samples={"generated": walls["generated"]},
        ),
    ]
    cpu_title = "client CPU per 100-frame page (ms)"
    rows.append(
        ratio_row(
            f"{cpu_title}: ours default",
            cpu_ms["ours"],
            "raw httpx",
            cpu_ms["raw"],
            at_most=1.1,
            samples={"ours": cpus["ours"], "raw": cpus["raw"]},
        )
    )
    if "official" in cpu_ms:
        rows.append(
            ratio_row(
                f"{cpu_title}: ours default",
                cpu_ms["ours"],
                "official 0.7.28",
                cpu_ms["official"],
                at_most=1.0,
                goal="<= 1 (at most official)",
                samples={"official": cpus["official"]},
            )
        )
    else:
        rows.append(
            skipped(
                f"{cpu_title}: ours default",
                "official 0.7.28",
                "<= 1 (at most official)",
                "official SDK venv not built in --quick",
            )
        )
    rows += [
        ratio_row(
            f"{cpu_title}: ours prefetch=1",
            cpu_ms["ours-prefetch-1"],
            "raw httpx",
            cpu_ms["raw"],
            samples={"ours-prefetch-1": cpus["ours-prefetch-1"]},
        ),
        ratio_row(
            f"{cpu_title}: generated loop",
            cpu_ms["generated"],
            "raw httpx",
            cpu_ms["raw"],
            samples={"generated": cpus["generated"]},
        ),
    ]
    rows += early_exits(emu, job)
    return rows


#: (frames read before stopping, page size, most requests allowed or None for information).
EARLY_EXITS = ((10, 10, 1), (26, 10, 4), (1_000, 10, None))


def early_exits(emu: Emulator, job: str) -> list[Result]:
    """Requests spent when the reader stops early, against the pages its frames need."""
    rows = []
    for stop_after, page_size, allowed in EARLY_EXITS:
        out = run_driver(
            PROJECT_PYTHON,
            "early-exit",
            {**emu.args, "job_id": job, "stop_after": stop_after, "page_size": page_size},
        )
        if out["frames"] != stop_after:
            raise RuntimeError(f"early exit: read {out['frames']} frames, not {stop_after}")
        needed = -(-stop_after // page_size)
        row = ratio_row(
            f"early exit: requests to read {stop_after:,} frames (pages of {page_size}), then stop",
            float(out["requests"]),
            "pages those frames need",
            float(needed),
            at_most=None if allowed is None else allowed / needed,
            goal="info" if allowed is None else f"<= {allowed} requests",
            note="" if allowed else "the window doubles per page read, up to prefetch pages ahead",
        )
        rows.append(row)
    return rows
