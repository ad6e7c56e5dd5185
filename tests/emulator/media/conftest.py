"""Shared synthetic videos for the media tests (made once per session)."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

from cloudglue_emulator.media import SampleTruth, make_sample


@pytest.fixture(scope="session")
def sample(tmp_path_factory: pytest.TempPathFactory) -> SampleTruth:
    """8 s, 320x180, 24 fps: cuts at 1.5, 3.25, 6.25 s and a cross-fade over 4.5-5.0 s."""
    return make_sample(tmp_path_factory.mktemp("sample") / "sample.mp4")


@pytest.fixture(scope="session")
def sample_ntsc(tmp_path_factory: pytest.TempPathFactory) -> SampleTruth:
    """3 s at 30000/1001 fps, where rounding to the nearest frame would be off by one."""
    path = tmp_path_factory.mktemp("ntsc") / "ntsc.mp4"
    return make_sample(path, seconds=3.0, fps=Fraction(30000, 1001))


@pytest.fixture(scope="session")
def no_cut_video(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """1.4 s of one shot (the first cut of the edit would come at 1.5 s)."""
    return make_sample(tmp_path_factory.mktemp("one_shot") / "one.mp4", seconds=1.4).path
