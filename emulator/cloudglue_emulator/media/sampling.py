"""Uniform sample times and windows over a time range (pure functions)."""

from __future__ import annotations

import math
from collections.abc import Callable

_DIGITS = 6  # times are rounded to the microsecond so they are stable and print exactly


def _range(duration: float, start: float | None, end: float | None) -> tuple[float, float]:
    """The requested [start, end) range clipped to [0, duration]."""
    if not math.isfinite(duration) or duration < 0:
        raise ValueError(f"duration must be finite and >= 0, got {duration}")
    lo = max(0.0, 0.0 if start is None else start)
    hi = min(duration, duration if end is None else end)
    return lo, hi


def uniform_sample_times(
    duration: float, fps: float, start: float | None = None, end: float | None = None
) -> list[float]:
    """Times start + i/fps (i = 0, 1, ...) that are < end, rounded to the microsecond.

    `start` defaults to 0 and `end` to `duration`; the range is clipped to [0, duration].
    Each time is computed from `i` directly, so errors do not accumulate.
    """
    if not math.isfinite(fps) or fps <= 0:
        raise ValueError(f"fps must be > 0, got {fps}")
    lo, hi = _range(duration, start, end)
    times: list[float] = []
    i = 0
    while (t := round(lo + i / fps, _DIGITS)) < hi:
        times.append(t)
        i += 1
    return times


def _first_reaching(value: Callable[[int], float], hi: float, guess: float) -> int:
    """The least i >= 0 with value(i) >= hi, for a non-decreasing `value`; `guess` (a count
    estimated without rounding) is off by a step or two at most, so few values are computed."""
    i = max(0, math.ceil(guess)) if math.isfinite(guess) else 0
    while i > 0 and value(i - 1) >= hi:
        i -= 1
    while value(i) < hi:
        i += 1
    return i


def count_uniform_samples(
    duration: float, fps: float, start: float | None = None, end: float | None = None
) -> int:
    """`len(uniform_sample_times(...))`, computed without making the times."""
    if not math.isfinite(fps) or fps <= 0:
        raise ValueError(f"fps must be > 0, got {fps}")
    lo, hi = _range(duration, start, end)
    return _first_reaching(lambda i: round(lo + i / fps, _DIGITS), hi, (hi - lo) * fps)


def _step(window: float, hop: float | None) -> float:
    """The distance between window starts (`hop`, else `window`), both checked positive."""
    if not math.isfinite(window) or window <= 0:
        raise ValueError(f"window must be > 0, got {window}")
    step = window if hop is None else hop
    if not math.isfinite(step) or step <= 0:
        raise ValueError(f"hop must be > 0, got {hop}")
    return step


def count_uniform_windows(
    duration: float,
    window: float,
    hop: float | None = None,
    start: float | None = None,
    end: float | None = None,
) -> int:
    """`len(uniform_windows(...))`, computed without making the windows."""
    step = _step(window, hop)
    lo, hi = _range(duration, start, end)

    def begin(i: int) -> float:
        return round(lo + i * step, _DIGITS)

    # Windows start while begin(i) < hi; the first one that reaches `end` is the last.
    past = _first_reaching(begin, hi, (hi - lo) / step)
    last = _first_reaching(
        lambda i: round(begin(i) + window, _DIGITS), hi, (hi - lo - window) / step
    )
    return last + 1 if last < past else past


def uniform_windows(
    duration: float,
    window: float,
    hop: float | None = None,
    start: float | None = None,
    end: float | None = None,
) -> list[tuple[float, float]]:
    """Windows [s, min(s + window, end)) with s = start + i*hop, inside [start, end).

    `hop` defaults to `window` (back to back); hop < window overlaps, hop > window leaves gaps.
    The range is clipped to [0, duration]. The last window is the first one that reaches `end`;
    it is kept even if shorter than `window` (any positive length), and no window wholly inside
    it is produced after it. Boundaries are rounded to the microsecond.
    """
    step = _step(window, hop)
    lo, hi = _range(duration, start, end)
    windows: list[tuple[float, float]] = []
    i = 0
    while (s := round(lo + i * step, _DIGITS)) < hi:
        e = min(round(s + window, _DIGITS), hi)
        windows.append((s, e))
        if e >= hi:
            break
        i += 1
    return windows
