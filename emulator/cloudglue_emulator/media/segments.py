"""Turning detected shots into segments with a minimum and maximum length (pure)."""

from __future__ import annotations

import itertools
import math

_DIGITS = 6
_EPS = 1e-9


def shots_to_segments(
    shots: list[tuple[float, float]],
    min_seconds: float,
    max_seconds: float,
    fill_gaps: bool,
) -> list[tuple[float, float]]:
    """Segments from shots (start, end), in seconds, sorted by start.

    A shot shorter than `min_seconds` is never a segment of its own. With `fill_gaps` each
    shot is first extended to the next one's start (closing holes), then every run of
    consecutive short shots whose span is >= `min_seconds` becomes a segment, and a shorter
    run is merged into the previous segment (or the next one if there is no previous); the
    segments then cover the shots' whole range without gaps (if everything is one short run,
    it is the single segment). Without `fill_gaps`, short shots are dropped and gaps remain.
    Finally any segment longer than `max_seconds` is split into the fewest equal parts that
    are each <= `max_seconds`. Boundaries are rounded to the microsecond.
    """
    if min_seconds < 0 or max_seconds <= 0 or min_seconds > max_seconds:
        raise ValueError("need 0 <= min_seconds <= max_seconds and max_seconds > 0")
    ordered = sorted((float(s), float(e)) for s, e in shots if e > s)
    if fill_gaps:
        ordered = [(s, max(e, ordered[k + 1][0])) for k, (s, e) in enumerate(ordered[:-1])] + (
            ordered[-1:]
        )
    merged = _merge_short(ordered, min_seconds) if fill_gaps else _drop_short(ordered, min_seconds)
    result: list[tuple[float, float]] = []
    for s, e in merged:
        result.extend(_split(s, e, max_seconds))
    return result


def _is_short(start: float, end: float, min_seconds: float) -> bool:
    return end - start < min_seconds - _EPS


def _drop_short(shots: list[tuple[float, float]], min_seconds: float) -> list[tuple[float, float]]:
    return [(s, e) for s, e in shots if not _is_short(s, e, min_seconds)]


def _merge_short(shots: list[tuple[float, float]], min_seconds: float) -> list[tuple[float, float]]:
    segments: list[list[float]] = []
    orphan: list[float] | None = None  # a too-short run seen before any segment
    run: list[float] | None = None

    def close_run() -> None:
        nonlocal run, orphan
        if run is None:
            return
        if not _is_short(run[0], run[1], min_seconds):
            segments.append(run)
        elif segments:
            segments[-1][1] = run[1]
        else:
            orphan = run
        run = None

    for s, e in shots:
        if _is_short(s, e, min_seconds):
            run = [s, e] if run is None else [run[0], e]
            continue
        close_run()
        segments.append([s, e])
        if orphan is not None:
            segments[-1][0] = orphan[0]
            orphan = None
    close_run()
    if orphan is not None:  # nothing long enough anywhere: one segment for the whole range
        segments.append(orphan)
    return [(s, e) for s, e in segments]


def _split(start: float, end: float, max_seconds: float) -> list[tuple[float, float]]:
    parts = max(1, math.ceil((end - start) / max_seconds - _EPS))
    step = (end - start) / parts
    bounds = [round(start + k * step, _DIGITS) for k in range(parts)] + [round(end, _DIGITS)]
    return list(itertools.pairwise(bounds))
