"""Fixtures every folder may use: the synthetic sample clips (built once per run, shared by
xdist workers; see tests/support/clips.py) and the run's mypy cache. Nothing here imports the
emulator until a clip is asked for, so environments without the `emulator` extra collect the
client's tests."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.support.clips import run_directory, sample_clip

if TYPE_CHECKING:
    from cloudglue_emulator.media import SampleTruth


@pytest.fixture(scope="session")
def run_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A directory this run's workers share: sample clips, the mypy cache."""
    return run_directory(tmp_path_factory)


@pytest.fixture(scope="session")
def sample(run_cache: Path) -> SampleTruth:
    """8 s, 320x180, 24 fps, frame numbers as barcodes: cuts at 1.5, 3.25, 6.25 s and a
    cross-fade over 4.5-5.0 s."""
    return sample_clip(run_cache)


@pytest.fixture(scope="session")
def one_shot_video(run_cache: Path) -> Path:
    """1.4 s of a single shot (the first cut of the edit would come at 1.5 s)."""
    return sample_clip(run_cache, seconds=1.4).path


@pytest.fixture(scope="session")
def small_clip(run_cache: Path) -> Path:
    """2 s, 128x72 at 10 fps: a cheap valid video for tests about everything but its frames."""
    return sample_clip(run_cache, seconds=2, width=128, height=72, fps=10).path


@pytest.fixture(scope="session")
def mypy_cache(run_cache: Path) -> Path:
    """One mypy cache for the run's `mypy_strict` calls (see tests/support/typecheck.py): the
    client and its dependencies are analysed once, not by every test that type-checks."""
    return run_cache / "mypy-cache"
