"""A user's program type-checks under `mypy --strict` against the public API, as users run it.

mypy runs from an empty directory with no configuration, so only what an installed
`cloudglue_client` exposes (its py.typed marker, its exports, its annotations) decides the
result. The runtime half of the same program runs against the emulator in tests/e2e.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.paths import ROOT

#: Where it is, and stays: tools/distcheck type-checks the same file against the installed wheel.
PROGRAM = ROOT / "tests" / "user_typing" / "user_program.py"

pytestmark = pytest.mark.slow  # mypy --strict runs

MISUSE = """\
from cloudglue_client import Cloudglue, Frame, uniform


def misuse(cg: Cloudglue, frame: Frame) -> str:
    seg = cg.segmentations.create("file-id", uniform(2))
    cg.frames.wait(seg)
    cg.files.get(3)
    return frame.thumbnail_url
"""


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One mypy cache for this module's runs (the library is analysed once)."""
    return tmp_path_factory.mktemp("mypy-cache")


def _mypy(tmp_path: Path, cache: Path, source: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--config-file=",
            "--cache-dir",
            str(cache),
            "--show-error-codes",
            str(source),
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_the_user_program_passes_mypy_strict_without_ignores(tmp_path: Path, cache: Path) -> None:
    assert "# type:" not in PROGRAM.read_text()
    result = _mypy(tmp_path, cache, PROGRAM)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Success: no issues found in 1 source file" in result.stdout


@pytest.fixture
def misuse(tmp_path: Path) -> Path:
    path = tmp_path / "misuse.py"
    path.write_text(MISUSE)
    return path


def test_mypy_catches_misuse_of_ids_and_unset_fields(
    tmp_path: Path, cache: Path, misuse: Path
) -> None:
    result = _mypy(tmp_path, cache, misuse)
    assert result.returncode == 1, result.stdout + result.stderr
    out = result.stdout
    assert '"wait" of "Frames" has incompatible type "Segmentation"' in out
    assert 'expected "str | UUID | FrameExtraction | FrameExtractionListItem"' in out
    assert '"get" of "Files" has incompatible type "int"; expected "str | UUID | File"' in out
    assert 'got "str | Unset", expected "str"' in out
    assert "Found 3 errors in 1 file" in out
