"""The NTSC-rate clip of the media tests (the other sample videos are the root conftest's)."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

from cloudglue_emulator.media import SampleTruth
from tests.support.clips import sample_clip


@pytest.fixture(scope="session")
def sample_ntsc(run_cache: Path) -> SampleTruth:
    """3 s at 30000/1001 fps, where rounding to the nearest frame would be off by one."""
    return sample_clip(run_cache, seconds=3.0, fps=Fraction(30000, 1001))
