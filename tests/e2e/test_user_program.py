"""The type-checked user program (tests/user_typing) also runs, for real, against the emulator."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from cloudglue_emulator.media import SampleTruth
from cloudglue_emulator.testing import RunningEmulator
from tests.user_typing import user_program

pytestmark = pytest.mark.e2e


@pytest.mark.slow
def test_the_user_program_runs(emulator: RunningEmulator, sample: SampleTruth) -> None:
    video = Path(sample.path)
    counts = user_program.run_sync(emulator.base_url, emulator.api_key, video)
    fps2_frames = round(sample.seconds * 2)
    assert counts["frames"] == counts["thumbnail_urls"] == fps2_frames
    assert counts["segments"] == round(sample.seconds / 2)
    assert counts["segment_thumbnails"] == 2
    assert counts["frame_jobs"] >= 1
    assert asyncio.run(user_program.run_async(emulator.base_url, emulator.api_key, video)) == round(
        sample.seconds
    )
