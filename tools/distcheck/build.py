"""Build the wheel and sdist, then check their metadata the way an index and a user would."""

from __future__ import annotations

import shutil
import sys
import tarfile
import zipfile
from email.message import Message
from email.parser import Parser
from pathlib import Path

from packaging.requirements import Requirement

from .project import (
    DIST_NAME,
    LICENSE_FILE,
    PACKAGES,
    ROOT,
    Declared,
    check_license_text,
    declared_license,
    lowest,
    version,
)
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


def check_license(files: dict[str, bytes], metadata: Message, where: str) -> None:
    """The declared license is in the metadata, and LICENSE (the repository's) is shipped.

    `files` maps the distribution's LICENSE file names (as the metadata names them) to their
    bytes, or lacks them when they are missing.
    """
    expression = declared_license()
    if metadata["License-Expression"] != expression:
        _fail(
            f"{where}: License-Expression {metadata['License-Expression']!r}, "
            f"pyproject.toml says {expression!r}"
        )
    if "LICENSE" not in (metadata.get_all("License-File") or []):
        _fail(f"{where}: no License-File: LICENSE in the metadata")
    body = files.get("LICENSE")
    if body is None:
        _fail(f"{where}: LICENSE is not in the distribution")
    elif body != LICENSE_FILE.read_bytes():
        _fail(f"{where}: its LICENSE differs from the repository's")
    try:
        check_license_text(LICENSE_FILE.read_text(), expression)
    except ValueError as exc:
        _fail(str(exc))


def check_wheel(wheel: Path) -> None:
    """py.typed in every package; the version from _version.py; ranges, not pins; LICENSE."""
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        meta_name = next(n for n in names if n.endswith(".dist-info/METADATA"))
        metadata = Parser().parsestr(zf.read(meta_name).decode())
        entry_points = zf.read(meta_name.replace("METADATA", "entry_points.txt")).decode()
        licenses = meta_name.replace("METADATA", "licenses/")
        shipped_licenses = {
            n.removeprefix(licenses): zf.read(n) for n in names if n.startswith(licenses)
        }
    check_license(shipped_licenses, metadata, wheel.name)
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
        f"{checked} runtime/emulator requirements all ranges with a lowest version, "
        f"LICENSE ({declared_license()})"
    )


def check_sdist(sdist: Path) -> None:
    """The sdist carries the sources, the version file, the markers and LICENSE."""
    with tarfile.open(sdist) as tf:
        names = {n.split("/", 1)[1] for n in tf.getnames() if "/" in n}
        top = sdist.name.removesuffix(".tar.gz")
        pkg_info = tf.extractfile(f"{top}/PKG-INFO")
        license_member = tf.extractfile(f"{top}/LICENSE") if "LICENSE" in names else None
        metadata = Parser().parsestr(pkg_info.read().decode()) if pkg_info else Message()
        files = {"LICENSE": license_member.read()} if license_member else {}
    check_license(files, metadata, sdist.name)
    needed = [
        "pyproject.toml",
        "README.md",
        "LICENSE",
        "wrapper/cloudglue_client/_version.py",
        *(f"{d}/{p}/py.typed" for d, p in SOURCE_DIRS.items()),
    ]
    missing = [n for n in needed if n not in names]
    if missing:
        _fail(f"{sdist.name}: missing {missing}")
    if not sdist.name.startswith(DIST_NAME.replace("-", "_") + "-" + version()):
        _fail(f"{sdist.name}: expected {DIST_NAME} {version()}")
    say(f"{sdist.name}: {len(names)} files, sources, version file and py.typed markers present")
