"""`cloudglue-emulator make-sample` writes the video and its truth file."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from cloudglue_emulator.media import probe


@pytest.mark.slow
def test_make_sample_command_writes_video_and_cuts(tmp_path: Path) -> None:
    out = tmp_path / "clip.mp4"
    result = subprocess.run(
        [sys.executable, "-m", "cloudglue_emulator", "make-sample", str(out), "--seconds", "6"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    truth = json.loads(out.with_suffix(".json").read_text())
    assert truth["cuts"] and all(0 < c < 6 for c in truth["cuts"])
    assert abs(probe(out).duration_seconds - 6) < 0.1
    assert out.stat().st_size < 300_000


def test_make_sample_rejects_bad_length(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "cloudglue_emulator",
            "make-sample",
            str(tmp_path / "x.mp4"),
            "--seconds",
            "-1",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2 and "--seconds" in result.stderr
