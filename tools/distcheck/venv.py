"""Throwaway virtualenvs outside the repository, filled from a local wheelhouse."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

#: Wheels downloaded once, outside the checkout so that fresh clones (CI) on this machine
#: reuse them, like pip's own cache; CLOUDGLUE_WHEELHOUSE moves it.
WHEELHOUSE = Path(
    os.environ.get("CLOUDGLUE_WHEELHOUSE")
    or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    / "cloudglue-client-dev"
    / "wheelhouse"
)
#: Variables that would let a run see the repository or our settings instead of the venv's.
_SCRUBBED = ("PYTHONPATH", "PYTHONHOME", "MYPYPATH", "VIRTUAL_ENV", "PYTHONSTARTUP")


def say(message: str) -> None:
    """One progress line, flushed (make interleaves our output with its own)."""
    print(f"[distcheck] {message}", flush=True)


def run(
    command: Sequence[str | Path],
    *,
    cwd: Path,
    env: Mapping[str, str] | None = None,
    check: bool = True,
    quiet: bool = False,
) -> subprocess.CompletedProcess[str]:
    """Run a command; on failure print its output and raise."""
    result = subprocess.run(
        [str(c) for c in command],
        cwd=cwd,
        env=dict(env) if env is not None else None,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    if check and result.returncode != 0:
        sys.stdout.write(result.stdout)
        sys.stderr.write(result.stderr)
        raise SystemExit(f"[distcheck] failed ({result.returncode}): {' '.join(map(str, command))}")
    if not quiet:
        sys.stdout.write(result.stdout)
    return result


def clean_env(**extra: str) -> dict[str, str]:
    """The environment minus what could put the repository on a path."""
    env = {k: v for k, v in os.environ.items() if k not in _SCRUBBED}
    env.update(extra)
    return env


def newest_python(lowest: tuple[int, int]) -> str:
    """The newest CPython from `lowest` on that this machine has, on PATH or among pyenv's
    versions (this interpreter when none is newer), so the newest-versions run also meets
    the newest Python at hand."""
    names = [f"python{lowest[0]}.{minor}" for minor in range(lowest[1], 30)]
    candidates = [found for name in names if (found := shutil.which(name))]
    pyenv = shutil.which("pyenv")
    if pyenv:
        root = subprocess.run([pyenv, "root"], capture_output=True, text=True, check=False)
        versions = Path(root.stdout.strip() or "/nonexistent") / "versions"
        candidates += [str(p) for name in names for p in versions.glob(f"*/bin/{name}")]
    best, best_version = sys.executable, tuple(sys.version_info[:2])
    for candidate in candidates:
        probe = [candidate, "-c", "import sys, venv; print(*sys.version_info[:2])"]
        answer = subprocess.run(probe, capture_output=True, text=True, check=False)
        if answer.returncode == 0:
            version = tuple(map(int, answer.stdout.split()))
            if version > best_version:
                best, best_version = candidate, version
    return best


class Venv:
    """A virtualenv without pip of its own: our pip installs into it (`pip --python`)."""

    def __init__(self, path: Path, python: str = sys.executable) -> None:
        self.path = path
        started = time.monotonic()
        run([python, "-m", "venv", "--without-pip", path], cwd=path.parent)
        self.created_in = time.monotonic() - started

    @property
    def python(self) -> Path:
        """The venv's interpreter."""
        return self.path / "bin" / "python"

    def bin(self, name: str) -> Path:
        """A console script installed in the venv."""
        return self.path / "bin" / name

    def install(self, *requirements: str | Path, constraints: Path | None = None) -> float:
        """Install offline from the wheelhouse, downloading into it first what is missing.

        Returns the seconds it took.
        """
        started = time.monotonic()
        extra = ["-c", str(constraints)] if constraints else []
        reqs = [str(r) for r in requirements]
        offline = ["--no-index", "--find-links", str(WHEELHOUSE)]
        pip = [sys.executable, "-m", "pip", "--python", str(self.python)]
        first = run(
            [*pip, "install", "--quiet", "--no-compile", *offline, *extra, *reqs],
            cwd=self.path,
            check=False,
            quiet=True,
        )
        if first.returncode != 0:
            WHEELHOUSE.mkdir(parents=True, exist_ok=True)
            say(f"fetching into {WHEELHOUSE}: {' '.join(reqs)}")
            _forget_own_wheels()
            run(
                [*pip, "download", "--quiet", "--dest", str(WHEELHOUSE), *extra, *reqs],
                cwd=self.path,
                quiet=True,
            )
            _forget_own_wheels()
            run(
                [*pip, "install", "--quiet", "--no-compile", *offline, *extra, *reqs],
                cwd=self.path,
                quiet=True,
            )
        return time.monotonic() - started

    def versions(self, *names: str) -> str:
        """`name version` of installed distributions, for the log."""
        code = (
            "import importlib.metadata as m, sys\n"
            "print(', '.join(f'{n} {m.version(n)}' for n in sys.argv[1:]))"
        )
        return run([self.python, "-c", code, *names], cwd=self.path, quiet=True).stdout.strip()


def _forget_own_wheels() -> None:
    """Remove this project's own wheels from the wheelhouse.

    `pip download` copies the wheel being checked into it, and later reuses that copy by file
    name ("already downloaded") with its old metadata: a dependency added since, at the same
    version number, was then never fetched, and the offline install failed.
    """
    for own in WHEELHOUSE.glob("cloudglue_client-*"):
        own.unlink(missing_ok=True)
