"""What a shot-detector segmentation found, in the words console, sheet and README share.

    report = build(seg, duration=10.0, frames=40, fps=4.0, known=known_cuts)
    report.lines()    # the sentences printed on the console and drawn on the contact sheet
    report.to_json()  # the same numbers, written as summary.json beside the sheet

Three numbers, always in this order and with these names:

- *shots detected*: the detector's shots; a clip without any cut is one shot (the service then
  reports no shots at all and ends the job `not_applicable`, which the report says in words);
- *cuts between them*: where shots 2..n start, one fewer than the shots;
- *segments*: what the job returns after `min_seconds` (a shorter shot joins a neighbouring
  segment, so its cut is no segment boundary) and `max_seconds` (a longer shot is split).

When the segments are not one per shot, a "Why" line names each shot merged or split. With the
clip's known cuts, a last line says how many the detector found (within one frame) and how
many of its cuts are not in the reference. Pure: no I/O, no Pillow.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

#: Two times closer than this are the same instant (the API rounds to the microsecond).
SAME = 1e-6


@dataclass(frozen=True)
class KnownCuts:
    """Where a clip's hard cuts really are, who says so, how far a found cut may be from one
    (a frame of the clip), and its cross-fades (a cut found inside one is neither a hit nor
    an extra cut)."""

    source: str
    times: tuple[float, ...]
    tolerance: float
    fades: tuple[tuple[float, float], ...] = ()


@dataclass(frozen=True)
class Accuracy:
    """Found cuts against known ones: the pairs, the known ones missed, the found ones extra."""

    matched: list[tuple[float, float]]  # (known, found)
    missed: list[float]
    in_fades: list[float]
    extra: list[float]


@dataclass(frozen=True)
class Report:
    """The numbers of one segmentation, and the sentences that explain them."""

    status: str
    duration: float
    frames: int
    fps: float
    detector: str
    min_seconds: float | None
    max_seconds: float | None
    shots: list[tuple[float, float]]  # detected; one whole-clip shot when no cut was found
    segments: list[tuple[float, float]]
    service_total_shots: int | None
    known: KnownCuts | None = None
    accuracy: Accuracy | None = None

    @property
    def cuts(self) -> list[float]:
        """Where shots 2..n start."""
        return [start for start, _ in self.shots[1:]]

    @property
    def merged_cuts(self) -> list[float]:
        """Cuts that are no segment boundary (a shot next to them is shorter than min_seconds)."""
        bounds = [start for start, _ in self.segments[1:]]
        return [c for c in self.cuts if not any(abs(c - b) <= SAME for b in bounds)]

    @property
    def split_points(self) -> list[float]:
        """Segment boundaries that are no cut (a shot longer than max_seconds was split)."""
        return [
            start
            for start, _ in self.segments[1:]
            if not any(abs(start - c) <= SAME for c in self.cuts)
        ]

    def headline(self) -> str:
        """`6 shots detected, 5 cuts between them, 5 segments`: the README states this too."""
        shots, cuts, segments = len(self.shots), len(self.cuts), len(self.segments)
        return (
            f"{_count(shots, 'shot')} detected, {_count(cuts, 'cut')} between them, "
            f"{_count(segments, 'segment')}"
        )

    def lines(self) -> list[str]:
        """The explanation, one sentence a line, shared word for word by console and sheet."""
        settings = (
            f"min_seconds {_num(self.min_seconds)} s and max_seconds {_num(self.max_seconds)} s"
        )
        where = f"Cuts at {_times(self.cuts)}" if self.cuts else "No cut found"
        out = [self.headline(), f"{where}; segments after {settings} (status {self.status})"]
        why = self._why()
        if why:
            out.append(why)
        if self.known is not None and self.accuracy is not None:
            out.append(_accuracy_line(self.known, self.accuracy))
        return out

    def _why(self) -> str:
        shots, segments = len(self.shots), len(self.segments)
        head = f"Why {_count(segments, 'segment')} from {_count(shots, 'shot')}: "
        if not self.cuts and not self.segments:
            return head + (
                f"no cut means the whole clip ({_span(self.shots[0])}) is one shot; the service "
                f"ends such a job {self.status} and returns no shots and no segments, so the "
                "sheet shows the clip as one band"
            )
        reasons = []
        short = [
            s
            for s in self.shots
            if self.min_seconds is not None and s[1] - s[0] < self.min_seconds - SAME
        ]
        if self.merged_cuts:
            parts = "; ".join(
                f"the shot {_span(s)} ({s[1] - s[0]:.2f} s) is part of {self._segment_of(s)}"
                for s in short
            )
            reasons.append(
                f"a shot shorter than min_seconds {_num(self.min_seconds)} s joins a "
                f"neighbouring segment, so the cut at {_times(self.merged_cuts)} is no segment "
                f"boundary: {parts}"
            )
        if self.split_points:
            reasons.append(
                f"shots longer than max_seconds {_num(self.max_seconds)} s are split, adding "
                f"segment boundaries at {_times(self.split_points)} that are no cuts"
            )
        if not reasons and shots != segments:
            reasons.append(f"the service returned them so (status {self.status})")
        return head + "; ".join(reasons) if reasons else ""

    def _segment_of(self, shot: tuple[float, float]) -> str:
        for number, span in enumerate(self.segments, 1):
            if span[0] - SAME <= shot[0] < span[1] - SAME:
                return f"segment {number} ({_span(span)})"
        return "no segment"

    def to_json(self) -> dict[str, Any]:
        """Every number of the report, and its sentences as they were printed and drawn."""
        accuracy = self.accuracy
        return {
            "status": self.status,
            "duration_seconds": self.duration,
            "frames": self.frames,
            "frames_per_second": self.fps,
            "detector": self.detector,
            "min_seconds": self.min_seconds,
            "max_seconds": self.max_seconds,
            "shots_detected": len(self.shots),
            "cuts": len(self.cuts),
            "segments": len(self.segments),
            "service_total_shots": self.service_total_shots,
            "shot_spans": [list(s) for s in self.shots],
            "cut_times": self.cuts,
            "segment_spans": [list(s) for s in self.segments],
            "merged_cuts": self.merged_cuts,
            "split_points": self.split_points,
            "known_cuts": None
            if self.known is None or accuracy is None
            else {
                "source": self.known.source,
                "times": list(self.known.times),
                "fades": [list(f) for f in self.known.fades],
                "tolerance_seconds": self.known.tolerance,
                "found": len(accuracy.matched),
                "missed": accuracy.missed,
                "extra": accuracy.extra,
                "in_fades": accuracy.in_fades,
            },
            "headline": self.headline(),
            "lines": self.lines(),
        }


def build(
    seg: Any,
    *,
    duration: float,
    frames: int,
    fps: float,
    segments: Sequence[Any],
    known: KnownCuts | None = None,
) -> Report:
    """The report of a finished shot-detector segmentation `seg` and its `segments`."""
    config = getattr(getattr(seg, "segmentation_config", None), "shot_detector_config", None)
    data = getattr(seg, "data", None)
    listed = sorted((float(s.start_time), float(s.end_time)) for s in (_value(data, "shots") or []))
    end = max([duration, *(e for _, e in listed)])
    shots = listed or [(0.0, end)]
    total = _value(seg, "total_shots")
    report = Report(
        status=str(_value(seg, "status") or "unknown"),
        duration=end,
        frames=frames,
        fps=fps,
        detector=str(_value(config, "detector") or "?"),
        min_seconds=_float(_value(config, "min_seconds")),
        max_seconds=_float(_value(config, "max_seconds")),
        shots=shots,
        segments=[(float(s.start_time), float(s.end_time)) for s in segments],
        service_total_shots=int(total) if isinstance(total, int | float) else None,
        known=known,
    )
    if known is None:
        return report
    return replace(report, accuracy=compare(report.cuts, known))


def compare(found: Sequence[float], known: KnownCuts) -> Accuracy:
    """Pair each known cut with the nearest unpaired found cut within the tolerance."""
    left = sorted(found)
    matched: list[tuple[float, float]] = []
    missed: list[float] = []
    for cut in sorted(known.times):
        near = [f for f in left if abs(f - cut) <= known.tolerance + SAME]
        if not near:
            missed.append(cut)
            continue
        best = min(near, key=lambda f: abs(f - cut))
        matched.append((cut, best))
        left.remove(best)
    pad = known.tolerance + SAME
    in_fades = [f for f in left if any(a - pad <= f <= b + pad for a, b in known.fades)]
    extra = [f for f in left if f not in in_fades]
    return Accuracy(matched, missed, in_fades, extra)


def _accuracy_line(known: KnownCuts, accuracy: Accuracy) -> str:
    total = len(known.times)
    frame = f"one frame ({known.tolerance:.3f} s)"
    fades = "".join(f"; the cross-fade {_span(f)} aside" for f in known.fades)
    text = f"Known cuts: {total} ({known.source}{fades}); "
    if total:
        text += f"found {len(accuracy.matched)} of {total} within {frame}"
        if accuracy.missed:
            text += f", missed {_times(accuracy.missed)}"
    else:
        text += "none to find"
    if accuracy.in_fades:
        text += f", {_count(len(accuracy.in_fades), 'cut')} inside a known cross-fade"
    text += f", {_count(len(accuracy.extra), 'extra cut')}"
    if accuracy.extra:
        text += f" ({_times(accuracy.extra)})"
    return text


def _value(obj: Any, name: str) -> Any:
    """An attribute of a generated model (an enum as its value), None when absent or unset."""
    value = getattr(obj, name, None)
    value = getattr(value, "value", value)
    return value if isinstance(value, str | int | float | list) else None


def _float(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) else None


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _num(value: float | None) -> str:
    return "service default" if value is None else f"{value:g}"


def _span(span: tuple[float, float]) -> str:
    return f"{span[0]:.2f}-{span[1]:.2f} s"


def _times(times: Sequence[float]) -> str:
    return ", ".join(f"{t:.2f}" for t in times) + " s"
