"""Synthetic sample clips (`make_sample`), built once per test run and shared by xdist workers.

A clip is keyed by its parameters and built into a directory that every worker of the run
shares; a file lock makes concurrent workers wait for the one build instead of encoding the
same video each. Tests read the clips and never change them. The cache lives as long as the
run's temporary directory, so a change to `make_sample` is picked up by the next run.

Importing this module loads nothing of the emulator: environments without the `emulator`
extra (tools/distcheck's venvs) still collect the client's tests.
"""

from __future__ import annotations

import fcntl
import json
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from cloudglue_emulator.media import SampleTruth


def run_directory(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A directory shared by every worker of this run: under xdist each worker's base temp
    directory (`popen-gwN`) is a child of the run's, else the run's own base temp directory.
    (Not the environment's PYTEST_XDIST_WORKER: a pytest that a test starts inherits it.)"""
    base = tmp_path_factory.getbasetemp()
    return base.parent if base.name.startswith("popen-gw") else base


def sample_clip(
    cache: Path,
    *,
    seconds: float = 8.0,
    width: int = 320,
    height: int = 180,
    fps: int | Fraction = 24,
) -> SampleTruth:
    """The clip `make_sample` writes for these parameters, built once in `cache`."""
    from cloudglue_emulator.media import SampleTruth, make_sample

    rate = Fraction(fps)
    key = f"sample-{seconds:g}s-{width}x{height}-{rate.numerator}-{rate.denominator}fps"
    folder = cache / "sample-clips"
    folder.mkdir(parents=True, exist_ok=True)
    video = folder / f"{key}.mp4"
    truth_file = video.with_suffix(".json")  # written last: a clip with one is complete
    with (folder / f"{key}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not truth_file.exists():
            return make_sample(video, seconds=seconds, width=width, height=height, fps=fps)
    record = json.loads(truth_file.read_text(encoding="utf-8"))
    record["cuts"] = tuple(record["cuts"])
    record["gradual"] = tuple(tuple(span) for span in record["gradual"])
    return SampleTruth(path=video, json_path=truth_file, **record)
