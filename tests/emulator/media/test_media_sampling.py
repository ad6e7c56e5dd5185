"""Uniform times, windows and shot-to-segment rules."""

from __future__ import annotations

import itertools
import random

import pytest

from cloudglue_emulator.media import (
    count_uniform_samples,
    count_uniform_windows,
    shots_to_segments,
    uniform_sample_times,
    uniform_windows,
)


@pytest.mark.parametrize(
    ("duration", "fps", "start", "end", "expected"),
    [
        (5.0, 1.0, None, None, [0.0, 1.0, 2.0, 3.0, 4.0]),
        (4.5, 1.0, None, None, [0.0, 1.0, 2.0, 3.0, 4.0]),
        (1.0, 5.0, None, None, [0.0, 0.2, 0.4, 0.6, 0.8]),
        (10.0, 5.0, 2.0, 3.0, [2.0, 2.2, 2.4, 2.6, 2.8]),
        (10.0, 0.5, None, None, [0.0, 2.0, 4.0, 6.0, 8.0]),
        (10.0, 0.5, 1.5, 7.5, [1.5, 3.5, 5.5]),
        (10.0, 1.0, 8.5, 20.0, [8.5, 9.5]),  # end clipped to the duration
        (10.0, 1.0, -3.0, 2.0, [0.0, 1.0]),  # start clipped to 0
        (10.0, 1.0, 5.0, 5.0, []),
        (10.0, 1.0, 12.0, None, []),
        (0.0, 1.0, None, None, []),
    ],
)
def test_uniform_sample_times(
    duration: float, fps: float, start: float | None, end: float | None, expected: list[float]
) -> None:
    assert uniform_sample_times(duration, fps, start, end) == expected


def test_uniform_sample_times_ntsc_rate_is_exact_and_does_not_drift() -> None:
    fps = 30000 / 1001
    times = uniform_sample_times(100.0, fps, start=1.0, end=2.0)
    assert times[:4] == [1.0, 1.033367, 1.066733, 1.1001]
    assert len(times) == 30  # 1.0 + 29/29.97 = 1.9676 < 2.0 <= 1.0 + 30/29.97
    long = uniform_sample_times(3600.0, fps)
    assert long[-1] == round((len(long) - 1) / fps, 6)
    assert len(long) == 107893  # ceil(3600 * 29.97)


@pytest.mark.parametrize("fps", [0.0, -1.0, float("nan"), float("inf")])
def test_uniform_sample_times_rejects_bad_fps(fps: float) -> None:
    with pytest.raises(ValueError):
        uniform_sample_times(10.0, fps)


@pytest.mark.parametrize(
    ("duration", "window", "hop", "start", "end", "expected"),
    [
        (10.0, 4.0, None, None, None, [(0.0, 4.0), (4.0, 8.0), (8.0, 10.0)]),  # partial kept
        (8.0, 4.0, None, None, None, [(0.0, 4.0), (4.0, 8.0)]),
        (10.0, 4.0, 2.0, None, None, [(0.0, 4.0), (2.0, 6.0), (4.0, 8.0), (6.0, 10.0)]),
        (10.0, 4.0, 3.0, None, None, [(0.0, 4.0), (3.0, 7.0), (6.0, 10.0)]),
        (11.0, 4.0, 3.0, None, None, [(0.0, 4.0), (3.0, 7.0), (6.0, 10.0), (9.0, 11.0)]),
        (10.0, 2.0, 3.0, None, None, [(0.0, 2.0), (3.0, 5.0), (6.0, 8.0), (9.0, 10.0)]),  # gaps
        (10.0, 3.0, None, 1.0, 6.5, [(1.0, 4.0), (4.0, 6.5)]),
        (10.0, 0.3, None, 0.0, 1.0, [(0.0, 0.3), (0.3, 0.6), (0.6, 0.9), (0.9, 1.0)]),
        (10.0, 30.0, None, None, None, [(0.0, 10.0)]),
        (10.0, 4.0, None, 10.0, None, []),
    ],
)
def test_uniform_windows(
    duration: float,
    window: float,
    hop: float | None,
    start: float | None,
    end: float | None,
    expected: list[tuple[float, float]],
) -> None:
    assert uniform_windows(duration, window, hop, start, end) == expected


@pytest.mark.parametrize(("window", "hop"), [(0.0, None), (-1.0, None), (1.0, 0.0)])
def test_uniform_windows_rejects_bad_sizes(window: float, hop: float | None) -> None:
    with pytest.raises(ValueError):
        uniform_windows(10.0, window, hop)


SHOTS = [(0.0, 4.0), (4.0, 4.3), (4.3, 4.6), (4.6, 10.0), (10.0, 10.4), (10.4, 11.2)]

SEGMENT_CASES = [
    # (shots, min, max, fill_gaps, expected)
    ([], 1.0, 10.0, True, []),
    ([(0.0, 5.0), (5.0, 9.0)], 1.0, 10.0, True, [(0.0, 5.0), (5.0, 9.0)]),
    # short run 4.0-4.6 (0.6 s < 1 s) merges into the previous segment
    (SHOTS[:4], 1.0, 20.0, True, [(0.0, 4.6), (4.6, 10.0)]),
    # without filling, short shots are dropped and leave a gap
    (SHOTS[:4], 1.0, 20.0, False, [(0.0, 4.0), (4.6, 10.0)]),
    # a run of short shots long enough in total (0.6 s >= 0.5 s) becomes its own segment;
    # the lone 0.4 s shot at 10.0 merges into the previous segment
    (SHOTS, 0.5, 20.0, True, [(0.0, 4.0), (4.0, 4.6), (4.6, 10.4), (10.4, 11.2)]),
    (SHOTS, 0.5, 20.0, False, [(0.0, 4.0), (4.6, 10.0), (10.4, 11.2)]),
    # short shots at the start merge into the next segment
    ([(0.0, 0.2), (0.2, 0.5), (0.5, 3.0)], 1.0, 10.0, True, [(0.0, 3.0)]),
    ([(0.0, 0.2), (0.2, 0.5), (0.5, 3.0)], 1.0, 10.0, False, [(0.5, 3.0)]),
    # short shots at the end merge into the previous segment
    ([(0.0, 3.0), (3.0, 3.4)], 1.0, 10.0, True, [(0.0, 3.4)]),
    # nothing long enough: one segment for the whole range (filled) or nothing
    ([(0.0, 0.3), (0.3, 0.6)], 1.0, 10.0, True, [(0.0, 0.6)]),
    ([(0.0, 0.3), (0.3, 0.6)], 1.0, 10.0, False, []),
    # splitting into equal parts no longer than max_seconds
    ([(0.0, 10.0)], 1.0, 4.0, True, [(0.0, 3.333333), (3.333333, 6.666667), (6.666667, 10.0)]),
    ([(0.0, 8.0)], 1.0, 4.0, False, [(0.0, 4.0), (4.0, 8.0)]),
    ([(2.0, 3.0), (3.0, 12.0)], 1.0, 3.0, True, [(2.0, 3.0), (3.0, 6.0), (6.0, 9.0), (9.0, 12.0)]),
    # merging can push a segment over max_seconds; it is then split
    ([(0.0, 3.0), (3.0, 3.5)], 1.0, 3.0, True, [(0.0, 1.75), (1.75, 3.5)]),
    # a shot of exactly min_seconds is kept
    ([(0.0, 1.0), (1.0, 1.5)], 1.0, 5.0, False, [(0.0, 1.0)]),
    # holes between shots are closed when filling, kept otherwise
    ([(0.0, 2.0), (2.5, 5.0)], 1.0, 10.0, True, [(0.0, 2.5), (2.5, 5.0)]),
    ([(0.0, 2.0), (2.5, 5.0)], 1.0, 10.0, False, [(0.0, 2.0), (2.5, 5.0)]),
]


@pytest.mark.parametrize(("shots", "min_s", "max_s", "fill", "expected"), SEGMENT_CASES)
def test_shots_to_segments(
    shots: list[tuple[float, float]],
    min_s: float,
    max_s: float,
    fill: bool,
    expected: list[tuple[float, float]],
) -> None:
    assert shots_to_segments(shots, min_s, max_s, fill) == expected


@pytest.mark.parametrize("fill", [True, False])
def test_segments_respect_bounds_and_cover_when_filling(fill: bool) -> None:
    shots = [(round(i * 0.37, 6), round((i + 1) * 0.37, 6)) for i in range(40)]
    shots[10] = (shots[10][0], shots[20][1])
    del shots[11:21]
    segments = shots_to_segments(shots, 1.0, 2.5, fill)
    assert all(end - start <= 2.5 + 1e-6 for start, end in segments)
    if fill:
        assert segments[0][0] == shots[0][0] and segments[-1][1] == shots[-1][1]
        assert all(a[1] == b[0] for a, b in itertools.pairwise(segments))
        assert all(end - start >= 1.0 - 1e-6 for start, end in segments)


def test_segments_reject_inconsistent_limits() -> None:
    with pytest.raises(ValueError):
        shots_to_segments([(0.0, 1.0)], 2.0, 1.0, True)


def test_counts_match_the_lists_without_making_them() -> None:
    """A job's size is known before any work: the counts agree with the lists to the item,
    roundings at the range's ends included."""
    rng = random.Random(7)
    for _ in range(3000):
        duration = rng.choice([rng.uniform(0, 40), float(rng.randint(0, 40)), 8.041667])
        start = rng.choice([None, rng.uniform(-1, duration), round(rng.uniform(0, duration), 2)])
        end = rng.choice([None, rng.uniform(0, duration + 1), round(rng.uniform(0, duration), 1)])
        fps = rng.choice([rng.uniform(0.1, 30), 30.0, 24.0, 0.1, 30000 / 1001, 1 / 3])
        window = rng.choice([rng.uniform(0.01, 10), 1.0, 2.0, 120.0])
        hop = rng.choice([None, rng.uniform(0.01, 10), 1.0, 0.3])
        case = (duration, fps, window, hop, start, end)
        assert count_uniform_samples(duration, fps, start, end) == len(
            uniform_sample_times(duration, fps, start, end)
        ), case
        assert count_uniform_windows(duration, window, hop, start, end) == len(
            uniform_windows(duration, window, hop, start, end)
        ), case
    assert count_uniform_samples(30000.0, 30.0) == 900_000  # at once, not by making them
    assert count_uniform_windows(30000.0, 1.0, 0.5) == 59_999
