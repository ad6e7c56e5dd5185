"""The install-as-a-user steps: installed, lowest, resolve, lock."""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from packaging.utils import canonicalize_name

from .project import (
    CONSTRAINTS,
    DIST_NAME,
    ROOT,
    Declared,
    lowest_pins,
    lowest_python,
    pinned,
    version,
)
from .venv import Venv, clean_env, newest_python, run, say

USER_PROGRAM = ROOT / "tests" / "installed" / "user_program.py"
#: The typing-focused user program (also type-checked and run against the checkout).
TYPING_PROGRAM = ROOT / "tests" / "user_typing" / "user_program.py"
EXTRA_HINT = "pip install 'cloudglue-client[emulator]'"
#: Older lines of the extra's heavy dependencies that a user's project may hold back.
OLDER_LINES = (
    ("numpy<2.4",),
    ("numpy<2", "pillow<11", "opencv-python-headless<4.11"),
)
HEAVY = ("numpy", "pillow", "opencv-python-headless", "av")


@contextmanager
def outside_repo(prefix: str, keep: bool) -> Iterator[Path]:
    """A temporary directory outside the repository (removed afterwards unless `keep`)."""
    path = Path(tempfile.mkdtemp(prefix=prefix))
    if path.resolve().is_relative_to(ROOT):
        raise SystemExit(f"[distcheck] {path} is inside the repository")
    try:
        yield path
    finally:
        if keep:
            say(f"kept {path}")
        else:
            shutil.rmtree(path, ignore_errors=True)


def _expect(condition: bool, message: str) -> None:
    if not condition:
        raise SystemExit(f"[distcheck] {message}")


def run_user_program(venv: Venv, work: Path, *, typecheck: bool) -> None:
    """make-sample with the installed command, the user program, and mypy --strict on it."""
    clip = work / "clip.mp4"
    env = clean_env()
    run([venv.bin("cloudglue-emulator"), "make-sample", clip, "--seconds", "6"], cwd=work, env=env)
    program = work / USER_PROGRAM.name
    shutil.copy(USER_PROGRAM, program)
    started = time.monotonic()
    run([venv.python, program, clip, "--installed"], cwd=work, env=env)
    say(f"user program passed in {time.monotonic() - started:.1f}s")
    if typecheck:
        typing_program = work / "typing_program.py"
        shutil.copy(TYPING_PROGRAM, typing_program)
        sources = [program.name, typing_program.name]
        started = time.monotonic()
        # No configuration of ours: only what the installed wheel exposes decides.
        mypy: list[str | Path] = [
            venv.bin("mypy"),
            "--strict",
            "--config-file=",
            "--cache-dir",
            work / ".mypy",
        ]
        run([*mypy, *sources], cwd=work, env=env)
        for source in sources:
            _expect("# type:" not in (work / source).read_text(), f"{source} has a type comment")
        say(f"mypy --strict on {', '.join(sources)} passed in {time.monotonic() - started:.1f}s")


def installed(wheel: Path, keep: bool) -> None:
    """The wheel as a user installs it, outside the repository; then the user program."""
    with outside_repo("cg-installed-", keep) as work:
        venv = Venv(work / "venv")
        took = venv.install(wheel, constraints=CONSTRAINTS)
        say(f"installed {wheel.name} without extras in {took:.1f}s ({venv.versions('httpx')})")
        env = clean_env()
        for script in ("cloudglue-client", "cloudglue-emulator"):
            shown = run([venv.bin(script), "--version"], cwd=work, env=env, quiet=True).stdout
            _expect(shown.startswith(f"{script} {version()} "), f"{script} --version: {shown!r}")
        served = run([venv.bin("cloudglue-emulator"), "serve"], cwd=work, env=env, check=False)
        _expect(
            served.returncode == 1
            and EXTRA_HINT in served.stderr
            and "Traceback" not in served.stderr,
            f"cloudglue-emulator without the extra: {served.returncode} {served.stderr!r}",
        )
        say(f"without the extra, cloudglue-emulator serve says: {served.stderr.strip()}")
        took = venv.install(f"{wheel}[emulator]", *pinned(["mypy"]), constraints=CONSTRAINTS)
        say(f"installed [emulator] and mypy in {took:.1f}s ({venv.versions(*HEAVY)})")
        run_user_program(venv, work, typecheck=True)


def lowest(wheel: Path, keep: bool) -> None:
    """Lowest declared versions: the unit tests, then the user program on the emulator."""
    declared = Declared.load()
    pins = lowest_pins(declared.runtime) + lowest_pins(declared.extras["emulator"])
    with outside_repo("cg-lowest-", keep) as work:
        # Everything else (transitive dependencies, test tools) as constraints.txt locks it.
        ours = {canonicalize_name(p.split("==")[0]) for p in pins}
        rest = work / "constraints.txt"
        rest.write_text(
            "\n".join(
                line
                for line in CONSTRAINTS.read_text().splitlines()
                if canonicalize_name(line.split("==")[0]) not in ours
            )
        )
        venv = Venv(work / "venv")
        tools = pinned(["pytest", "pytest-asyncio"])
        took = venv.install(f"{wheel}[emulator]", *pins, *tools, constraints=rest)
        say(f"installed the lowest versions in {took:.1f}s: {', '.join(pins)}")
        started = time.monotonic()
        # The tests live in the repository; the package under test must be the venv's.
        where = run(
            [venv.python, "-c", "import cloudglue_client as c; print(c.__file__)"],
            cwd=ROOT,
            env=clean_env(),
            quiet=True,
        ).stdout.strip()
        _expect(Path(where).is_relative_to(venv.path), f"unit tests would test {where}")
        run(
            [venv.python, "-m", "pytest", "tests/client/unit", "-q", "-p", "no:cacheprovider"],
            cwd=ROOT,
            env=clean_env(),
        )
        say(f"unit tests passed on the lowest versions in {time.monotonic() - started:.1f}s")
        run_user_program(venv, work, typecheck=False)


def newest(wheel: Path, keep: bool) -> None:
    """The newest versions the ranges admit, from PyPI (no constraints), on the newest Python
    on PATH (see `newest_python`): unit, service and command-line tests.

    With `lowest`, both ends of every runtime range are tested on every run.
    """
    with outside_repo("cg-newest-", keep) as work:
        python = newest_python(lowest_python())
        venv = Venv(work / "venv", python)
        tools = pinned(["pytest", "pytest-asyncio", "pytest-xdist", "pyyaml"])
        started = time.monotonic()
        pip: list[str | Path] = [sys.executable, "-m", "pip", "--python", venv.python, "install"]
        run(
            [*pip, "--quiet", "--upgrade", "--no-compile", wheel, *tools], cwd=work, env=clean_env()
        )
        say(
            f"installed the newest versions in {time.monotonic() - started:.1f}s: "
            + venv.versions("httpx", "httpcore", "h11", "anyio", "attrs", "python-dateutil")
            + f", on {python}"
        )
        where = run(
            [venv.python, "-c", "import cloudglue_client as c; print(c.__file__)"],
            cwd=ROOT,
            env=clean_env(),
            quiet=True,
        ).stdout.strip()
        _expect(Path(where).is_relative_to(venv.path), f"the tests would test {where}")
        started = time.monotonic()
        tests = [
            "tests/client/unit",
            "tests/client/service",
            "tests/cli",
            "-q",
            "-p",
            "no:cacheprovider",
            "-n",
            "2",
            "--dist",
            "worksteal",  # as make pytest: a module's servers start in one worker
        ]
        run([venv.python, "-m", "pytest", *tests], cwd=ROOT, env=clean_env())
        took = time.monotonic() - started
        say(f"unit and service tests passed on the newest versions in {took:.1f}s")


def resolve(wheel: Path, keep: bool) -> None:
    """`pip install --dry-run` of [emulator] beside older lines of its heavy dependencies."""
    with outside_repo("cg-resolve-", keep) as work:
        for older in OLDER_LINES:
            report = work / "report.json"
            started = time.monotonic()
            run(
                [
                    sys.executable,
                    "-m",
                    "pip",
                    "install",
                    "--dry-run",
                    "--quiet",
                    "--ignore-installed",
                    "--report",
                    report,
                    f"{wheel}[emulator]",
                    *older,
                ],
                cwd=work,
                env=clean_env(PIP_CONSTRAINT=""),
            )
            chosen: dict[str, str] = {
                canonicalize_name(item["metadata"]["name"]): item["metadata"]["version"]
                for item in json.loads(report.read_text())["install"]
            }
            picked = ", ".join(f"{n} {chosen[n]}" for n in HEAVY if n in chosen)
            say(
                f"[emulator] with {' '.join(older)} resolves "
                f"({time.monotonic() - started:.1f}s): {picked}"
            )


def lock(keep: bool) -> None:
    """Re-resolve constraints.txt: the newest versions the ranges in pyproject.toml allow."""
    with outside_repo("cg-lock-", keep) as work:
        venv = Venv(work / "venv")
        run(
            [
                sys.executable,
                "-m",
                "pip",
                "--python",
                venv.python,
                "install",
                "--quiet",
                f"{ROOT}[dev,emulator]",
            ],
            cwd=work,
        )
        frozen = run(
            [sys.executable, "-m", "pip", "--python", venv.python, "freeze"], cwd=work, quiet=True
        ).stdout.splitlines()
        pins = sorted(
            (p for p in frozen if "==" in p and not p.lower().startswith(DIST_NAME)),
            key=str.lower,
        )
        CONSTRAINTS.write_text(
            "# The repository's pinned environment (make install uses it; CI is deterministic).\n"
            "# Generated by `make lock` from the ranges in pyproject.toml: do not edit by hand.\n"
            + "\n".join(pins)
            + "\n"
        )
        say(f"wrote {CONSTRAINTS.relative_to(ROOT)}: {len(pins)} pins")
