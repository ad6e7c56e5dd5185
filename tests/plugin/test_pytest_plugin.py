"""The pytest plugin works for a user's project: run pytest on a tiny outside test file."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

USER_TEST = """
import pytest
from cloudglue_client import JobStatus, shot_detector, uniform


@pytest.fixture(scope="session")
def cloudglue_emulator_options():
    return {"job_delay_seconds": 0.2}


def test_my_service_segments_a_video(cloudglue, cloudglue_sample_video):
    f = cloudglue.files.upload(cloudglue_sample_video, wait=True)
    seg = cloudglue.segmentations.create(f.id, uniform(2), wait=True)
    assert JobStatus.of(seg.status).is_success
    assert [s.start_time for s in cloudglue.segmentations.iter_segments(seg.segmentation_id)] \\
        == [0, 2, 4, 6]


def test_a_throttled_test(cloudglue_emulator):
    assert cloudglue_emulator.set_faults(throttle_rate=1.0)["throttle_rate"] == 1.0


def test_the_next_test_starts_from_the_session_faults(cloudglue):
    files = cloudglue.files.list()  # would be a RateLimitError if the throttle stayed on
    assert files.total == 1


def test_faults_are_the_session_options(cloudglue_emulator):
    faults = cloudglue_emulator.set_faults()
    assert (faults["throttle_rate"], faults["job_delay_seconds"]) == (0.0, 0.2)


def test_the_sample_knows_its_cuts(cloudglue, cloudglue_sample_video):
    assert cloudglue_sample_video.cuts == (1.5, 3.25, 6.25)
    f = cloudglue.files.upload(cloudglue_sample_video, wait=True)
    seg = cloudglue.segmentations.create(f.id, shot_detector("content"), wait=True)
    starts = [s.start_time for s in cloudglue.segmentations.iter_segments(seg.segmentation_id)]
    for cut in cloudglue_sample_video.cuts:  # the cross-fade may add a boundary of its own
        assert any(abs(start - cut) < 0.05 for start in starts), (cut, starts)


@pytest.mark.asyncio
async def test_async_client(async_cloudglue, cloudglue_sample_video):
    f = await async_cloudglue.files.upload(cloudglue_sample_video, wait=True)
    fx = await async_cloudglue.frames.create(f.id, frames_per_second=1, wait=True)
    stamps = [frame.timestamp async for frame in async_cloudglue.frames.iter_frames(
        fx.frame_extraction_id)]
    assert stamps == [0, 1, 2, 3, 4, 5, 6, 7]
"""


README = Path(__file__).resolve().parents[2] / "README.md"


def run_user_tests(folder: Path, source: str, passed: int) -> None:
    """Run `source` as an outside project's test file; all `passed` tests must pass."""
    (folder / "test_user.py").write_text(source)
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(folder)],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{passed} passed" in result.stdout, result.stdout


def test_fixtures_are_available_to_an_outside_project(tmp_path: Path) -> None:
    run_user_tests(tmp_path, USER_TEST, passed=6)


def test_the_readme_example_runs(tmp_path: Path) -> None:
    text = README.read_text()
    start = text.index("# conftest.py (optional): start the session's emulator with faults")
    example = text[start : text.index("```", start)]
    run_user_tests(tmp_path, example, passed=5)
