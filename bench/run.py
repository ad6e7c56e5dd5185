"""Run every benchmark, write `bench/results/latest.json` and print the table.

    python -m bench            # the full sizes of the issue (about 5-7 minutes here)
    python -m bench --quick    # tiny sizes, no apt and no official-SDK venv: a smoke run
    python -m bench --only pagination,memory

Results are ratios against baselines measured side by side in the same run (medians of
interleaved repeats); see the module of each measurement for what exactly is timed, and
bench/README.md for the results file. The client rows read from the fixed-cost server
(bench/fixed_server.py, its own process); the emulator's own rows from the emulator.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path

if __package__ in (None, ""):  # `python bench/run.py`
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    __package__ = "bench"

from bench import downloads, emulator_work, fanout, imports, memory, pagination
from bench.common import (
    CACHE,
    RESULTS,
    Result,
    failed,
    log,
    markdown_table,
    step,
    table,
    write_results,
)
from bench.fixtures import clip, emulator, fixed_server

MEASUREMENTS = ("pagination", "imports", "memory", "fanout", "emulator", "downloads")


def _load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def _machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}"


def _commit() -> str:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
            cwd=str(Path(__file__).parent),
        )
        return out.stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="tiny sizes: a smoke run (< 60 s)")
    parser.add_argument(
        "--only",
        default=",".join(MEASUREMENTS),
        help=f"comma-separated subset of {', '.join(MEASUREMENTS)}",
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=None,
        help="results file (default results/latest.json; quick.json with --quick, "
        "partial.json with --only)",
    )
    parser.add_argument("--markdown", action="store_true", help="also print a Markdown table")
    args = parser.parse_args(argv)
    only = [name.strip() for name in args.only.split(",") if name.strip()]
    unknown = set(only) - set(MEASUREMENTS)
    if unknown:
        parser.error(f"unknown measurement(s): {', '.join(sorted(unknown))}")
    quick = bool(args.quick)
    default = "quick.json" if quick else "latest.json"
    if set(only) != set(MEASUREMENTS):
        default = "partial.json"  # a subset never replaces the full table
    output = args.output or RESULTS / default
    started = time.monotonic()
    load_start = _load()
    commit = _commit()  # the code that runs, even if HEAD moves during the run
    with tempfile.TemporaryDirectory(prefix="cg-bench-") as tmp:
        cache = Path(tmp) if quick else CACHE
        results = _run_all(only, quick, cache)
    elapsed = time.monotonic() - started
    meta = {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": _machine(),
        "python": platform.python_version(),
        "commit": commit,
        "mode": "quick" if quick else "full",
        "seconds": round(elapsed, 1),
        "load_average": {"start": load_start, "end": _load()},
    }
    write_results(results, output, meta)
    print(
        f"\ncloudglue-client benchmarks ({meta['mode']}) {meta['date']} on {meta['machine']}, "
        f"commit {meta['commit']}, {elapsed:.0f} s; load average (1, 5, 15 min) "
        f"{load_start} at the start, {meta['load_average']['end']} at the end\n"  # type: ignore[index]
    )
    print(table(results))
    if args.markdown:
        print("\n" + markdown_table(results))
    print(f"\nwritten: {output}")
    errors = [r.name for r in results if r.note.startswith("error:")]
    if errors:  # a broken benchmark fails the smoke run; a missed goal never does
        print(f"benchmarks that failed to run: {', '.join(errors)}", file=sys.stderr)
        return 1
    return 0


def _run_all(only: list[str], quick: bool, cache: Path) -> list[Result]:
    results: list[Result] = []

    def section(name: str, body: Callable[[], list[Result]]) -> None:
        if name not in only:
            return
        with step(name):
            try:
                results.extend(body())
            except Exception as exc:  # one broken measurement must not lose the others
                traceback.print_exc()
                results.append(failed(name, f"{type(exc).__name__}: {exc}".splitlines()[0][:300]))

    section("imports", lambda: imports.run(repeats=3 if quick else 20, official=not quick))
    with fixed_server() as server:
        section(
            "pagination",
            lambda: pagination.run(server, pagination.QUICK if quick else pagination.FULL),
        )
        section("memory", lambda: memory.run(server, memory.QUICK if quick else memory.FULL))
        section("fanout", lambda: fanout.run(server, fanout.QUICK if quick else fanout.FULL))
        section(
            "downloads",
            lambda: downloads.run(server, downloads.QUICK if quick else downloads.FULL),
        )

        def emulator_rows() -> list[Result]:
            if quick:
                media = clip("media", seconds=4, width=320, height=180, fps=30, cache=cache)
            else:
                media = clip("media", seconds=60, width=640, height=360, fps=30, cache=cache)
            with emulator(cache) as emu:
                sizes = emulator_work.QUICK if quick else emulator_work.FULL
                return emulator_work.run(emu, server, media, sizes)

        section("emulator", emulator_rows)
    log(f"{len(results)} rows")
    return results


if __name__ == "__main__":
    sys.exit(main())
