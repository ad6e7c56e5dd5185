"""Shot detection against the sample's known cuts."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from cloudglue_emulator.media import SampleTruth, Stopped, detect_shots


@pytest.mark.parametrize("detector", ["adaptive", "content"])
def test_finds_every_hard_cut_and_at_most_one_per_fade(sample: SampleTruth, detector: str) -> None:
    shots = detect_shots(sample.path, detector=detector)  # type: ignore[arg-type]
    assert shots[0][0] == 0.0
    assert shots[-1][1] == pytest.approx(sample.seconds, abs=1e-6)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(shots))
    found = [start for start, _ in shots[1:]]
    frame = 1 / sample.fps
    for cut in sample.cuts:
        assert any(abs(f - cut) <= frame + 1e-6 for f in found), (cut, found)
    others = [f for f in found if all(abs(f - c) > frame + 1e-6 for c in sample.cuts)]
    for fade_start, fade_end in sample.gradual:
        in_fade = [f for f in others if fade_start - frame <= f <= fade_end + frame]
        assert len(in_fade) <= 1
    assert len(others) <= len(sample.gradual)  # nothing outside the fades


def test_no_cut_gives_empty_list(one_shot_video: Path) -> None:
    assert detect_shots(one_shot_video, detector="adaptive") == []
    assert detect_shots(one_shot_video, detector="content") == []


def test_range_limits_the_analysis(sample: SampleTruth) -> None:
    shots = detect_shots(sample.path, detector="adaptive", start=1.0, end=5.5)
    assert shots == [(1.0, 1.5), (1.5, 3.25), (3.25, 5.5)]
    assert detect_shots(sample.path, detector="adaptive", start=1.75, end=3.0) == []


def test_high_threshold_finds_nothing(sample: SampleTruth) -> None:
    assert detect_shots(sample.path, detector="content", threshold=250.0) == []


def test_unknown_detector(sample: SampleTruth) -> None:
    with pytest.raises(ValueError):
        detect_shots(sample.path, detector="magic")  # type: ignore[arg-type]


def test_min_scene_seconds_spaces_the_cuts(sample: SampleTruth) -> None:
    frame = 1 / sample.fps
    short = detect_shots(sample.path, detector="adaptive", min_scene_seconds=0.6)
    spaced = detect_shots(sample.path, detector="adaptive", min_scene_seconds=2.0)
    assert len(spaced) < len(short)
    cuts = [start for start, _ in spaced[1:]]
    assert all(b - a >= 2.0 - frame / 2 for a, b in itertools.pairwise([0.0, *cuts]))


@pytest.mark.parametrize("bad", [-0.1, float("nan"), float("inf")])
def test_bad_min_scene_seconds(sample: SampleTruth, bad: float) -> None:
    with pytest.raises(ValueError, match="min_scene_seconds"):
        detect_shots(sample.path, min_scene_seconds=bad)


def test_should_stop_ends_detection_within_a_frame(sample: SampleTruth) -> None:
    asked = itertools.count(1)
    with pytest.raises(Stopped):
        detect_shots(sample.path, should_stop=lambda: next(asked) > 10)
    # Asked once per frame: it stopped at the eleventh, not after the whole video.
    assert next(asked) - 1 <= 12 < sample.frame_count
