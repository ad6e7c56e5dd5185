"""The pytest plugin works for a user's project: run pytest on a tiny outside test file."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

USER_TEST = """
import pytest
from cloudglue_client import JobStatus, uniform
from cloudglue_emulator.media import make_sample


@pytest.fixture(scope="session")
def cloudglue_emulator_options():
    return {"job_delay_seconds": 0.2}


def test_my_service_segments_a_video(cloudglue, tmp_path):
    video = make_sample(tmp_path / "clip.mp4", seconds=4).path
    f = cloudglue.files.upload(video, wait=True)
    seg = cloudglue.segmentations.create(f.id, uniform(2), wait=True)
    assert JobStatus.of(seg.status).is_success
    assert [s.start_time for s in cloudglue.segmentations.iter_segments(seg.segmentation_id)] \\
        == [0, 2]


def test_fault_injection_is_reachable(cloudglue_emulator):
    assert cloudglue_emulator.set_faults(latency_ms=1)["latency_ms"] == 1
"""


def test_fixtures_are_available_to_an_outside_project(tmp_path: Path) -> None:
    (tmp_path / "test_user.py").write_text(USER_TEST)
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 passed" in result.stdout
