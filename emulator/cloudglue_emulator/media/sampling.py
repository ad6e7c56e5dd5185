"""Uniform sample times and windows over a time range (pure functions)."""

from __future__ import annotations

import math

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
    if not math.isfinite(window) or window <= 0:
        raise ValueError(f"window must be > 0, got {window}")
    step = window if hop is None else hop
    if not math.isfinite(step) or step <= 0:
        raise ValueError(f"hop must be > 0, got {hop}")
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
