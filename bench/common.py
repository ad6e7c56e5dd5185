"""What every benchmark shares: the result record, medians, subprocess drivers, throwaway venvs.

Numbers are only ever reported as ratios against a baseline measured in the same run: the
machine is shared and noisy, so each side is repeated (interleaved) and the medians compared.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
CACHE = BENCH / ".cache"
VENVS = BENCH / ".venvs"
RESULTS = BENCH / "results"
DRIVER = BENCH / "driver.py"
PROJECT_PYTHON = Path(sys.executable)

OFFICIAL_SDK = "cloudglue==0.7.28"


#: The `server` of a row: what answered the client's requests.
FIXED = "fixed-cost server"
EMULATOR = "emulator"
NO_SERVER = "none"
SERVERS = {
    FIXED: "bench/fixed_server.py in its own process: prebuilt answers (pages of 100 frames, "
    "one JPEG, job states) at the injected latency, the same for every client compared",
    EMULATOR: "the project's emulator in its own process, doing its real work per request",
    NO_SERVER: "no HTTP server: imports, or emulator media code called in the bench process",
}


@dataclass
class Result:
    """One row of the table and of the results file (schema: bench/README.md).

    `ratio` is ours / baseline_value, so for times, CPU and memory lower is better; `goal` says
    which way it must go (e.g. "<= 0.1 (10x faster)"). `met` is None for rows that only inform
    or were skipped. `server` is one of `SERVERS`; `measures` says in words what `ours` and
    `baseline_value` are and in which unit.
    """

    name: str
    server: str
    measures: str
    ours: float | None
    baseline: str
    baseline_value: float | None
    ratio: float | None
    goal: str
    met: bool | None
    note: str = ""
    samples: dict[str, list[float]] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        """The JSON object written to the results file."""
        return asdict(self)


def ratio_row(
    name: str,
    ours: float,
    baseline: str,
    baseline_value: float,
    *,
    server: str,
    measures: str,
    at_most: float | None = None,
    goal: str | None = None,
    note: str = "",
    samples: dict[str, list[float]] | None = None,
) -> Result:
    """A row whose goal is `ratio <= at_most` (None: information only)."""
    ratio = ours / baseline_value if baseline_value else float("inf")
    met = None if at_most is None else ratio <= at_most
    text = goal or ("info" if at_most is None else f"ratio <= {at_most:g}")
    return Result(
        name, server, measures, ours, baseline, baseline_value, ratio, text, met, note,
        samples or {},
    )  # fmt: skip


def skipped(name: str, baseline: str, goal: str, why: str, *, server: str, measures: str) -> Result:
    """A row that was not measured in this run, saying why."""
    return Result(name, server, measures, None, baseline, None, None, goal, None, f"skipped: {why}")


def failed(name: str, why: str) -> Result:
    """The row standing for a measurement that raised (the run goes on without it)."""
    return Result(name, "-", "-", None, "-", None, None, "-", False, f"error: {why}")


def process_cpu_seconds(pid: int) -> float:
    """User + system CPU time of process `pid` (all its threads), from /proc/PID/stat."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    # After the command name: state is field 3, utime 14 and stime 15 (1-based, proc(5)).
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def median(values: Sequence[float]) -> float:
    """Median of the repeats."""
    return float(statistics.median(values))


def log(message: str) -> None:
    """Progress on stderr (the table goes to stdout)."""
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


@contextmanager
def step(title: str) -> Iterator[None]:
    """Log the start and duration of a step."""
    log(f"{title} ...")
    started = time.monotonic()
    try:
        yield
    finally:
        log(f"{title}: {time.monotonic() - started:.1f} s")


def run_driver(
    python: Path | str,
    kind: str,
    args: dict[str, Any],
    *,
    timeout: float = 300.0,
    script: Path = DRIVER,
) -> dict[str, Any]:
    """Run `script KIND ARGS_JSON` with `python`; return the JSON object it prints last."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLOUDGLUE_")}
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    proc = subprocess.run(
        [str(python), str(script), kind, json.dumps(args)],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        cwd=str(ROOT),
    )
    if proc.returncode != 0:
        raise RuntimeError(f"driver {kind} failed ({proc.returncode}):\n{proc.stderr[-4000:]}")
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    if not lines:
        raise RuntimeError(f"driver {kind} printed no JSON:\n{proc.stdout}\n{proc.stderr}")
    result: dict[str, Any] = json.loads(lines[-1])
    return result


def interleaved(variants: dict[str, Callable[[], float]], repeats: int) -> dict[str, list[float]]:
    """Run each variant `repeats` times, round-robin (A B C A B C ...), so drift hits all alike."""
    samples: dict[str, list[float]] = {name: [] for name in variants}
    for _ in range(repeats):
        for name, measure in variants.items():
            samples[name].append(measure())
    return samples


def throwaway_venv(name: str, requirements: Sequence[str], stamp_extra: str = "") -> Path:
    """The python of `bench/.venvs/NAME` with exactly `requirements` installed (cached).

    Created with this interpreter's `venv` and the ordinary pip client; a stamp of the
    requirements lets later runs reuse it, and a changed list rebuilds it.
    """
    root = VENVS / name
    python = root / "bin" / "python"
    stamp = root / ".bench-stamp"
    wanted = hashlib.sha256(
        "\n".join([sys.version, *requirements, stamp_extra]).encode()
    ).hexdigest()
    if python.exists() and stamp.exists() and stamp.read_text() == wanted:
        return python
    shutil.rmtree(root, ignore_errors=True)
    with step(f"creating venv {name} ({' '.join(requirements)})"):
        subprocess.run([sys.executable, "-m", "venv", str(root)], check=True)
        subprocess.run(
            [
                str(python),
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                *requirements,
            ],
            check=True,
        )
    stamp.write_text(wanted)
    return python


def runtime_venv() -> Path:
    """A venv with this project installed editable and only its runtime dependencies."""
    # Pinned like the dev venv (constraints.txt); rebuilt when the dependencies or pins change.
    constraints = ROOT / "constraints.txt"
    stamp = (ROOT / "pyproject.toml").read_text() + constraints.read_text()
    return throwaway_venv("runtime", ["-c", str(constraints), "-e", str(ROOT)], stamp_extra=stamp)


def ensure_ffmpeg() -> str:
    """Path of the `ffmpeg` command line, installing Debian's package when it is missing."""
    found = shutil.which("ffmpeg")
    if found:
        return found
    apt = shutil.which("apt-get")
    if apt is None:
        raise RuntimeError("ffmpeg is missing and apt-get is not available to install it")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    with step("installing ffmpeg with apt-get"):
        subprocess.run([apt, "update", "-qq"], check=True, env=env)
        subprocess.run(
            [apt, "install", "-y", "-qq", "--no-install-recommends", "ffmpeg"],
            check=True,
            env=env,
            stdout=subprocess.DEVNULL,
        )
    found = shutil.which("ffmpeg")
    if not found:
        raise RuntimeError("apt-get install ffmpeg did not provide an ffmpeg command")
    return found


def fmt_value(value: float | None) -> str:
    """A number for the table: 3 significant digits, or '-'."""
    if value is None:
        return "-"
    if value == 0 or 0.01 <= abs(value) < 10_000:
        return f"{value:.3g}" if abs(value) < 100 else f"{value:.0f}"
    return f"{value:.2e}"


def _cells(n: int, r: Result) -> list[str]:
    met = "-" if r.met is None else ("yes" if r.met else "NO")
    if r.note.startswith("skipped"):
        met = "skipped"
    ratio = "-" if r.ratio is None else f"{r.ratio:.3g}x"
    server = {FIXED: "fixed", EMULATOR: "emulator", NO_SERVER: "-"}.get(r.server, r.server)
    return [
        str(n), r.name, server, fmt_value(r.ours), r.baseline, fmt_value(r.baseline_value),
        ratio, r.goal, met,
    ]  # fmt: skip


HEADER = ["#", "name", "server", "ours", "baseline", "baseline value", "ratio", "goal", "met"]


def _legend(results: Sequence[Result]) -> list[str]:
    lines = [
        "server: fixed = the fixed-cost server (bench/fixed_server.py), emulator = the "
        "emulator, - = no HTTP server. What each row measures:"
    ]
    for n, r in enumerate(results, 1):
        lines.append(f"{n}. {r.measures}" + (f" Note: {r.note}" if r.note else ""))
    return lines


def table(results: Sequence[Result]) -> str:
    """The printed table (server "fixed" = the fixed-cost server), then what each row measures."""
    rows = [HEADER] + [_cells(n, r) for n, r in enumerate(results, 1)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(HEADER))]
    lines = []
    for n, row in enumerate(rows):
        lines.append(" | ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip())
        if n == 0:
            lines.append("-+-".join("-" * w for w in widths))
    return "\n".join([*lines, "", *_legend(results)])


def markdown_table(results: Sequence[Result]) -> str:
    """The same table as Markdown, then the numbered list of what each row measures."""
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    for n, r in enumerate(results, 1):
        cells = _cells(n, r)
        cells[-1] = "**no**" if cells[-1] == "NO" else cells[-1]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join([*lines, "", *_legend(results)])


def write_results(results: Sequence[Result], path: Path, run: dict[str, Any]) -> None:
    """Write `{"schema": 1, "run": ..., "servers": ..., "rows": [...]}` (bench/README.md)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    document = {
        "schema": 1,
        "run": run,
        "servers": SERVERS,
        "rows": [r.as_json() for r in results],
    }
    path.write_text(json.dumps(document, indent=2) + "\n")
