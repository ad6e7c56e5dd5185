"""Run `mypy --strict` on a small program, as a user would: no project configuration.

One mypy process per call, from the program's own directory, with the cache in a directory the
caller names: the run's shared one (the `mypy_cache` fixture: the libraries are analysed once
per run, not once per test) or a test's own. Calls on one cache take turns (a file lock), so
workers never write it at once; mypy re-analyses whatever changed since, so a shared cache
gives the answers a fresh one would.
Errors inside imported packages are not the program's (`--follow-imports=silent`): the result
is the program's own errors, by line.
"""

from __future__ import annotations

import fcntl
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

_ERROR = re.compile(r"^program\.py:(\d+): error: (.*)$")


@dataclass(frozen=True)
class Checked:
    """What mypy said about one program."""

    returncode: int
    errors: dict[int, list[str]]  # line number -> messages
    output: str


def mypy_strict(program: str, workdir: Path, cache: Path, mypypath: Path | None = None) -> Checked:
    """Type-check `program` (written to workdir/program.py); `mypypath` goes first on
    MYPYPATH (a generated package's parent directory), else imports resolve as installed."""
    workdir.mkdir(parents=True, exist_ok=True)
    (workdir / "program.py").write_text(program, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("MYPYPATH", "PYTHONPATH")}
    if mypypath is not None:
        env["MYPYPATH"] = str(mypypath)
    cache.mkdir(parents=True, exist_ok=True)
    with (cache.parent / f"{cache.name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        done = _run_mypy(workdir, cache, env)
    errors: dict[int, list[str]] = {}
    for line in done.stdout.splitlines():
        match = _ERROR.match(line)
        if match:
            errors.setdefault(int(match[1]), []).append(match[2])
    return Checked(done.returncode, errors, done.stdout + done.stderr)


def _run_mypy(workdir: Path, cache: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--config-file=",
            "--follow-imports=silent",
            "--cache-dir",
            str(cache),
            "--show-error-codes",
            "--no-error-summary",
            "program.py",
        ],
        cwd=workdir,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
