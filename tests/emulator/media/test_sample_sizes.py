"""A sample asked for at a size the H.264 encoder cannot make is refused up front with a
ValueError that names the limit (the CLI prints one `error:` line), never a MemoryError from
allocating the frames or FFmpeg's bare "generic error in an external library"."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from cloudglue_emulator.media import make_sample
from cloudglue_emulator.media.sample import MAX_SIDE


@pytest.mark.parametrize(
    ("width", "height"),
    [(MAX_SIDE + 2, 16), (16, MAX_SIDE + 2), (100_000, 100_000)],
)
def test_a_side_past_the_encoders_limit_is_refused_and_writes_nothing(
    tmp_path: Path, width: int, height: int
) -> None:
    out = tmp_path / "big.mp4"
    with pytest.raises(ValueError, match=rf"at most {MAX_SIDE}"):
        make_sample(out, seconds=0.1, width=width, height=height)
    assert list(tmp_path.iterdir()) == []


def test_the_largest_side_is_made(tmp_path: Path) -> None:
    truth = make_sample(tmp_path / "wide.mp4", seconds=0.1, width=MAX_SIDE, height=16)
    assert (truth.width, truth.height) == (MAX_SIDE, 16)
    assert truth.path.stat().st_size > 0


def test_the_cli_says_so_in_one_line(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "cloudglue_emulator",
            "make-sample",
            str(tmp_path / "x.mp4"),
            "--width",
            "100000",
            "--height",
            "100000",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("error: ") and f"at most {MAX_SIDE}" in result.stderr
