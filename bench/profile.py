"""Profile one client benchmark scenario with py-spy, the client and the server side by side.

    python -m bench.profile pagination [--prefetch 1] [--latency 0]
    python -m bench.profile fanout [--jobs 200]
    python -m bench.profile memory [--frames 100000]

py-spy (from PyPI) is installed into its own throwaway venv, `bench/.venvs/profile`; it samples
the client driver process (started under it) and attaches to the fixed-cost server's process
(bench/fixed_server.py, what the client rows read from), so neither
runs any profiling code of its own. Collapsed stacks go to `bench/results/profiles/` (open
them with speedscope or flamegraph.pl); the top functions by self and by total samples are
printed. `--idle` keeps samples of waiting threads (off: only what burns CPU or the GIL).
"""

from __future__ import annotations

import argparse
import collections
import json
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # `python bench/profile.py`
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    __package__ = "bench"

from bench.common import DRIVER, PROJECT_PYTHON, RESULTS, throwaway_venv
from bench.fanout import FILE_ID
from bench.fixtures import fixed_server

OUT = RESULTS / "profiles"


def summary(raw: Path, top: int = 25, within: str = "") -> str:
    """Top frames by self and total share of the samples (only stacks through `within`)."""
    own: collections.Counter[str] = collections.Counter()
    total: collections.Counter[str] = collections.Counter()
    count = 0
    for line in raw.read_text().splitlines():
        stack, _, n_text = line.rpartition(" ")
        if not stack or not n_text.isdigit():
            continue
        frames = stack.split(";")
        if within and not any(within in f for f in frames):
            continue
        n = int(n_text)
        count += n
        own[frames[-1]] += n
        for f in set(frames):
            total[f] += n
    if not count:
        return f"{raw.name}: no samples"
    lines = [f"{raw.name}: {count} samples" + (f" through {within!r}" if within else "")]
    lines += ["  self:"] + [f"    {n / count:6.1%} {f}" for f, n in own.most_common(top)]
    lines += ["  total:"] + [f"    {n / count:6.1%} {f}" for f, n in total.most_common(top * 2)]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.profile")
    parser.add_argument("scenario", choices=["pagination", "fanout", "memory"])
    parser.add_argument("--prefetch", type=int, default=None)
    parser.add_argument("--latency", type=float, default=20.0)
    parser.add_argument("--frames", type=int, default=20_000)
    parser.add_argument("--jobs", type=int, default=200)
    parser.add_argument("--delay", type=float, default=3.0)
    parser.add_argument("--rate", type=int, default=250, help="samples per second")
    parser.add_argument("--idle", action="store_true", help="also sample idle threads")
    args = parser.parse_args(argv)
    py_spy = throwaway_venv("profile", ["py-spy==0.4.3"]).parent / "py-spy"
    OUT.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    with fixed_server() as server:
        driver_args: dict[str, Any] = dict(server.args)
        if args.scenario == "fanout":
            kind = "fanout"
            driver_args |= {
                "file_id": FILE_ID,
                "fps": [round(0.5 + 0.1 * i, 1) for i in range(args.jobs)],
            }
            server.settings(job_delay_seconds=args.delay)
        else:
            kind = "page-ours" if args.scenario == "pagination" else "memory"
            driver_args |= {"job_id": server.job(args.frames)}
            if args.prefetch is not None:
                driver_args["prefetch"] = args.prefetch
            server.settings(latency_ms=args.latency if args.scenario == "pagination" else 0)
        common = ["--format", "raw", "--rate", str(args.rate), "--nonblocking"]
        if args.idle:
            common.append("--idle")
        server_raw = OUT / f"{stamp}-{args.scenario}-server.txt"
        client_raw = OUT / f"{stamp}-{args.scenario}-client.txt"
        spy = subprocess.Popen(
            [
                str(py_spy),
                "record",
                *common,
                "-o",
                str(server_raw),
                "--pid",
                str(server.pid),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(1.0)  # let py-spy attach
        try:
            client = subprocess.run(
                [
                    str(py_spy),
                    "record",
                    *common,
                    "-o",
                    str(client_raw),
                    "--",
                    str(PROJECT_PYTHON),
                    str(DRIVER),
                    kind,
                    json.dumps(driver_args),
                ],
                capture_output=True,
                text=True,
                check=True,
            )
        finally:
            spy.send_signal(signal.SIGINT)
            spy.wait(30)
            server.settings(latency_ms=0, job_delay_seconds=0)
        result = [line for line in client.stdout.splitlines() if line.startswith("{")]
        print(f"driver: {result[-1][:300] if result else client.stdout[-300:]}")
    print(summary(client_raw))  # every thread: prefetch workers run the requests
    print(summary(server_raw))
    return 0


if __name__ == "__main__":
    sys.exit(main())
