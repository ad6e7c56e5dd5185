"""Run `mypy --strict` on a small program, as a user would: no project configuration.

One mypy process per call, from the program's own directory, with the cache in a directory the
caller owns (pass the same one to calls in one test module: the libraries are analysed once).
Errors inside imported packages are not the program's (`--follow-imports=silent`): the result
is the program's own errors, by line.
"""

from __future__ import annotations

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
    done = subprocess.run(
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
    errors: dict[int, list[str]] = {}
    for line in done.stdout.splitlines():
        match = _ERROR.match(line)
        if match:
            errors.setdefault(int(match[1]), []).append(match[2])
    return Checked(done.returncode, errors, done.stdout + done.stderr)
