"""Frame extraction: exact frame choice, thumbnails, the cheap path and seeking."""

from __future__ import annotations

import math
from fractions import Fraction
from pathlib import Path

import pytest
from PIL import Image

import cloudglue_emulator.media.frames as frames_module
from cloudglue_emulator.media import (
    SampleTruth,
    extract_frames,
    read_barcode,
    uniform_sample_times,
)


def shown_frame(t: float, fps: Fraction, frame_count: int) -> int:
    """Number of the last frame whose pts <= t (times are given to the microsecond)."""
    return min(frame_count - 1, math.floor((Fraction(t) + Fraction(1, 10**6)) * fps))


def check_thumbnails(
    truth: SampleTruth, times: list[float], out: Path, max_width: int
) -> list[frames_module.ExtractedFrame]:
    fps = Fraction(truth.fps_rational)
    frames = list(extract_frames(truth.path, times, max_width=max_width, thumbnails_dir=out))
    assert [f.index for f in frames] == list(range(len(times)))
    assert [f.timestamp for f in frames] == times
    width = min(max_width, truth.width)
    height = round(truth.height * width / truth.width)
    for f in frames:
        assert f.thumbnail_path == out / f"{f.index:06d}.jpg"
        with Image.open(f.thumbnail_path) as image:
            assert image.format == "JPEG"
            assert image.size == (f.width, f.height) == (width, height)
            assert read_barcode(image) == shown_frame(f.timestamp, fps, truth.frame_count)
        assert f.pts_seconds <= f.timestamp + 1e-6 or f.timestamp < 0
    assert sorted(p.name for p in out.iterdir()) == [f"{i:06d}.jpg" for i in range(len(times))]
    return frames


@pytest.mark.parametrize("fps", [1.0, 5.0])
@pytest.mark.parametrize("max_width", [64, 160])
def test_thumbnails_show_the_right_frame(
    sample: SampleTruth, tmp_path: Path, fps: float, max_width: int
) -> None:
    times = uniform_sample_times(sample.seconds, fps)
    assert len(times) == int(sample.seconds * fps)
    check_thumbnails(sample, times, tmp_path / "thumbs", max_width)


def test_ntsc_rate_takes_the_last_frame_not_the_nearest(
    sample_ntsc: SampleTruth, tmp_path: Path
) -> None:
    frames = check_thumbnails(sample_ntsc, [0.0, 1.0, 2.0], tmp_path / "a", 64)
    # at t = 1 s, frame 29 (0.9676 s) is on screen; frame 30 only from 1.001 s
    assert [f.pts_seconds for f in frames] == [0.0, 0.967633, 1.968633]


def test_every_frame_at_its_own_time(sample_ntsc: SampleTruth, tmp_path: Path) -> None:
    fps = Fraction(sample_ntsc.fps_rational)
    times = uniform_sample_times(sample_ntsc.seconds, float(fps))
    assert len(times) == sample_ntsc.frame_count
    frames = check_thumbnails(sample_ntsc, times, tmp_path / "all", 64)
    assert [round(f.pts_seconds * float(fps)) for f in frames] == list(range(len(times)))


def test_times_past_the_end_get_the_last_frame(sample: SampleTruth, tmp_path: Path) -> None:
    times = [0.0, 7.95, 7.99, 8.0, 100.0]
    frames = check_thumbnails(sample, times, tmp_path / "end", 64)
    assert [f.pts_seconds for f in frames] == [0.0, 7.916667, 7.958333, 7.958333, 7.958333]


def test_repeated_and_sub_frame_times(sample: SampleTruth, tmp_path: Path) -> None:
    times = [1.0, 1.0, 1.01, 1.0416, 1.041667, 1.05]
    frames = check_thumbnails(sample, times, tmp_path / "rep", 160)
    assert [round(f.pts_seconds * 24) for f in frames] == [24, 24, 24, 24, 25, 25]


def test_cheap_path_writes_nothing(sample: SampleTruth, tmp_path: Path) -> None:
    times = uniform_sample_times(sample.seconds, 2.0, start=1.0, end=3.0)
    frames = list(extract_frames(sample.path, times, max_width=100))
    assert [f.timestamp for f in frames] == [1.0, 1.5, 2.0, 2.5]
    assert [f.pts_seconds for f in frames] == [1.0, 1.5, 2.0, 2.5]
    assert all(f.thumbnail_path is None and (f.width, f.height) == (100, 56) for f in frames)
    assert list(tmp_path.iterdir()) == []


def test_never_upscales(sample: SampleTruth) -> None:
    (frame,) = extract_frames(sample.path, [0.5], max_width=4000)
    assert (frame.width, frame.height) == (320, 180)


def test_seeking_stays_exact(
    sample: SampleTruth, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seeks: list[float] = []
    original = frames_module._Decoder.seek

    def counting_seek(self: frames_module._Decoder, target: float) -> object:
        seeks.append(target)
        return original(self, target)

    monkeypatch.setattr(frames_module._Decoder, "seek", counting_seek)
    monkeypatch.setattr(frames_module, "SEEK_KEYFRAME_INTERVALS", 0.0)
    times = [0.0, 0.5, 1.49, 1.5, 3.0, 3.26, 5.0, 7.0, 7.99]
    check_thumbnails(sample, times, tmp_path / "seek", 64)
    assert len(seeks) >= 5


def test_seeks_only_when_far_ahead(sample: SampleTruth, monkeypatch: pytest.MonkeyPatch) -> None:
    seeks: list[float] = []
    original = frames_module._Decoder.seek

    def counting_seek(self: frames_module._Decoder, target: float) -> object:
        seeks.append(target)
        return original(self, target)

    monkeypatch.setattr(frames_module._Decoder, "seek", counting_seek)
    list(extract_frames(sample.path, uniform_sample_times(8.0, 1.0), max_width=64))
    assert seeks == []  # keyframes are up to 2 s apart: 1 s steps decode straight through
    list(extract_frames(sample.path, [0.0, 7.5], max_width=64))
    assert seeks == [7.5]


def test_stopping_early_leaves_no_partial_files(sample: SampleTruth, tmp_path: Path) -> None:
    out = tmp_path / "early"
    frames = extract_frames(
        sample.path, uniform_sample_times(8.0, 24.0), max_width=64, thumbnails_dir=out
    )
    first = next(frames)
    frames.close()
    assert first.thumbnail_path is not None and first.thumbnail_path.exists()
    assert all(p.suffix == ".jpg" for p in out.iterdir())


def test_empty_times(sample: SampleTruth) -> None:
    assert list(extract_frames(sample.path, [], max_width=64)) == []


@pytest.mark.parametrize(
    ("times", "kwargs"),
    [
        ([1.0, 0.5], {}),
        ([float("nan")], {}),
        ([1.0], {"max_width": 0}),
        ([1.0], {"jpeg_quality": 0}),
    ],
)
def test_bad_arguments_fail_at_once(
    sample: SampleTruth, times: list[float], kwargs: dict[str, int]
) -> None:
    options = {"max_width": 64, "jpeg_quality": 85, **kwargs}
    with pytest.raises(ValueError):
        extract_frames(
            sample.path,
            times,
            max_width=options["max_width"],
            jpeg_quality=options["jpeg_quality"],
        )
