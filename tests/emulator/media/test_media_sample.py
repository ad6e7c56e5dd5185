"""The synthetic sample video, its truth file, probing and the barcode."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from cloudglue_emulator.media import (
    MediaError,
    SampleTruth,
    encode_barcode,
    make_sample,
    probe,
    read_barcode,
)
from cloudglue_emulator.media.barcode import MAX_VALUE


def test_truth_file_matches_the_design(sample: SampleTruth) -> None:
    record = json.loads(sample.json_path.read_text())
    assert sample.json_path == sample.path.with_suffix(".json")
    assert record["cuts"] == [1.5, 3.25, 6.25]
    assert record["gradual"] == [[4.5, 5.0]]
    assert record["fps"] == 24.0
    assert record["frame_count"] == 192
    assert record["seconds"] == 8.0
    assert (record["width"], record["height"]) == (320, 180)
    shots = [0.0, *record["cuts"], record["seconds"]]
    assert min(b - a for a, b in itertools.pairwise(shots)) >= 1.0


def test_sample_probes_right(sample: SampleTruth) -> None:
    info = probe(sample.path)
    assert info.duration_seconds == pytest.approx(8.0, abs=1e-3)
    assert (info.width, info.height) == (320, 180)
    assert info.fps == 24.0
    assert info.frame_count == 192
    assert info.has_audio is False
    assert "mp4" in info.format


def test_ntsc_sample_probes_right(sample_ntsc: SampleTruth) -> None:
    info = probe(sample_ntsc.path)
    assert info.fps == pytest.approx(30000 / 1001)
    assert info.frame_count == sample_ntsc.frame_count == 90
    assert info.duration_seconds == pytest.approx(90 * 1001 / 30000, abs=1e-3)


def test_sample_is_small_and_deterministic(sample: SampleTruth, tmp_path: Path) -> None:
    again = make_sample(tmp_path / "again.mp4")
    assert again.path.read_bytes() == sample.path.read_bytes()
    assert sample.path.stat().st_size < 300_000
    assert not list(tmp_path.glob(".*tmp"))


def test_long_sample_repeats_the_edit(tmp_path: Path) -> None:
    truth = make_sample(tmp_path / "long.mp4", seconds=17.0, width=64, height=36, fps=10)
    # times snap to frames (3.25 s -> frame 32 at 10 fps); 16.0 leaves exactly 1 s, so it stays
    assert truth.cuts == (1.5, 3.2, 6.2, 8.0, 9.5, 11.2, 14.2, 16.0)
    assert truth.gradual == ((4.5, 5.0), (12.5, 13.0))
    short = make_sample(tmp_path / "short.mp4", seconds=16.5, width=64, height=36, fps=10)
    assert short.cuts[-1] == 14.2  # a cut at 16.0 would leave a 0.5 s shot


@pytest.mark.parametrize("value", [0, 1, 2, 3, 255, 256, 1000, 4095, MAX_VALUE])
@pytest.mark.parametrize("size", [(320, 180), (64, 36)])
def test_barcode_round_trip(value: int, size: tuple[int, int]) -> None:
    frame = np.full((size[1], size[0], 3), 90, dtype=np.uint8)
    encode_barcode(frame, value)
    assert read_barcode(Image.fromarray(frame)) == value


def test_barcode_rejects_images_without_a_code() -> None:
    with pytest.raises(MediaError):
        read_barcode(Image.new("RGB", (64, 36), (128, 128, 128)))
    with pytest.raises(MediaError):
        read_barcode(Image.new("RGB", (64, 36), (255, 255, 255)))
    with pytest.raises(ValueError):
        encode_barcode(np.zeros((36, 64, 3), np.uint8), MAX_VALUE + 1)
