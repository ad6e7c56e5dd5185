"""Build the wheel and sdist, then check their metadata the way an index and a user would."""

from __future__ import annotations

import shutil
import sys
import tarfile
import zipfile
from email.parser import Parser
from pathlib import Path

from packaging.requirements import Requirement

from .project import DIST_NAME, PACKAGES, ROOT, Declared, lowest, version
from .venv import run, say

CONSOLE_SCRIPTS = ("cloudglue-client", "cloudglue-emulator")
#: Where each shipped package lives in the source tree (and so in the sdist).
SOURCE_DIRS = {"generated": PACKAGES[0], "wrapper": PACKAGES[1], "emulator": PACKAGES[2]}


def build(out: Path) -> tuple[Path, Path]:
    """Build both distributions into `out` (emptied first) and check them; return them."""
    shutil.rmtree(out, ignore_errors=True)
    # The wheel is built from the sdist, so a file missing from the sdist breaks the wheel.
    run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", out, ROOT],
        cwd=ROOT,
        quiet=True,
    )
    wheel = next(out.glob("*.whl"))
    sdist = next(out.glob("*.tar.gz"))
    run([sys.executable, "-m", "twine", "check", "--strict", wheel, sdist], cwd=ROOT, quiet=True)
    say(f"twine check --strict: {wheel.name}, {sdist.name} PASSED")
    check_wheel(wheel)
    check_sdist(sdist)
    return wheel, sdist


def _fail(message: str) -> None:
    raise SystemExit(f"[distcheck] {message}")


def check_wheel(wheel: Path) -> None:
    """py.typed in every package; the version from _version.py; ranges, not pins."""
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        meta_name = next(n for n in names if n.endswith(".dist-info/METADATA"))
        metadata = Parser().parsestr(zf.read(meta_name).decode())
        entry_points = zf.read(meta_name.replace("METADATA", "entry_points.txt")).decode()
    missing = [p for p in PACKAGES if f"{p}/py.typed" not in names]
    if missing:
        _fail(f"{wheel.name}: no py.typed in {missing}")
    expected = version()
    if metadata["Version"] != expected:
        _fail(f"{wheel.name}: Version {metadata['Version']}, _version.py says {expected}")
    for script in CONSOLE_SCRIPTS:
        if f"{script} =" not in entry_points:
            _fail(f"{wheel.name}: no console script {script}")
    shipped = [Requirement(r) for r in metadata.get_all("Requires-Dist") or []]
    checked = 0
    for req in shipped:
        if req.marker is None or req.marker.evaluate({"extra": "emulator"}):
            lowest(req)  # raises on an exact pin or a missing lower bound
            checked += 1
    declared = Declared.load()
    if checked != len(declared.runtime) + len(declared.extras["emulator"]):
        _fail(f"{wheel.name}: Requires-Dist does not match pyproject.toml")
    say(
        f"{wheel.name}: version {expected}, py.typed in {', '.join(PACKAGES)}, "
        f"{checked} runtime/emulator requirements all ranges with a lowest version"
    )


def check_sdist(sdist: Path) -> None:
    """The sdist carries the sources, the version file and the markers."""
    with tarfile.open(sdist) as tf:
        names = {n.split("/", 1)[1] for n in tf.getnames() if "/" in n}
    needed = [
        "pyproject.toml",
        "README.md",
        "wrapper/cloudglue_client/_version.py",
        *(f"{d}/{p}/py.typed" for d, p in SOURCE_DIRS.items()),
    ]
    missing = [n for n in needed if n not in names]
    if missing:
        _fail(f"{sdist.name}: missing {missing}")
    if not sdist.name.startswith(DIST_NAME.replace("-", "_") + "-" + version()):
        _fail(f"{sdist.name}: expected {DIST_NAME} {version()}")
    say(f"{sdist.name}: {len(names)} files, sources, version file and py.typed markers present")
