"""Builders for segmentation configs: validated here, sent as the generated NewSegmentation."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Literal

from . import _validation as v

if TYPE_CHECKING:
    from cloudglue_openapi.models import NewSegmentation

#: Ranges from openapi.yaml, checked client-side.
WINDOW_RANGE = (1.0, 120.0)
SHOT_MIN_RANGE = (0.6, 600.0)
SHOT_MAX_RANGE = (1.0, 600.0)
DETECTORS = ("adaptive", "content")


def uniform(
    window_seconds: float,
    hop_seconds: float | None = None,
    *,
    start_time_seconds: float | None = None,
    end_time_seconds: float | None = None,
) -> NewSegmentation:
    """Fixed windows of `window_seconds` every `hop_seconds` (default: no overlap)."""
    from cloudglue_openapi.models import NewSegmentation, SegmentationStrategy, UniformConfig

    window = v.number(
        window_seconds, "window_seconds", minimum=WINDOW_RANGE[0], maximum=WINDOW_RANGE[1]
    )
    hop = v.optional_number(
        hop_seconds, "hop_seconds", minimum=WINDOW_RANGE[0], maximum=WINDOW_RANGE[1]
    )
    start, end = _range(start_time_seconds, end_time_seconds)
    return NewSegmentation(
        strategy=SegmentationStrategy.UNIFORM,
        uniform_config=UniformConfig(window_seconds=window, hop_seconds=v.unset_if_none(hop)),
        start_time_seconds=v.unset_if_none(start),
        end_time_seconds=v.unset_if_none(end),
    )


def shot_detector(
    detector: Literal["adaptive", "content"] = "adaptive",
    *,
    threshold: float | None = None,
    min_seconds: float | None = None,
    max_seconds: float | None = None,
    fill_gaps: bool | None = None,
    start_time_seconds: float | None = None,
    end_time_seconds: float | None = None,
) -> NewSegmentation:
    """Cut at detected shots; server defaults apply to every None."""
    from cloudglue_openapi.models import (
        NewSegmentation,
        SegmentationStrategy,
        ShotDetector,
        ShotDetectorConfig,
    )

    name = v.choice(detector, "detector", DETECTORS)
    thr = v.optional_number(threshold, "threshold", minimum=0)
    low = v.optional_number(
        min_seconds, "min_seconds", minimum=SHOT_MIN_RANGE[0], maximum=SHOT_MIN_RANGE[1]
    )
    high = v.optional_number(
        max_seconds, "max_seconds", minimum=SHOT_MAX_RANGE[0], maximum=SHOT_MAX_RANGE[1]
    )
    if low is not None and high is not None and low > high:
        raise ValueError(f"min_seconds ({low:g}) must not exceed max_seconds ({high:g})")
    gaps = v.optional_bool(fill_gaps, "fill_gaps")
    start, end = _range(start_time_seconds, end_time_seconds)
    return NewSegmentation(
        strategy=SegmentationStrategy.SHOT_DETECTOR,
        shot_detector_config=ShotDetectorConfig(
            detector=ShotDetector(name),
            threshold=v.unset_if_none(thr),
            min_seconds=v.unset_if_none(low),
            max_seconds=v.unset_if_none(high),
            fill_gaps=v.unset_if_none(gaps),
        ),
        start_time_seconds=v.unset_if_none(start),
        end_time_seconds=v.unset_if_none(end),
    )


def manual(segments: Iterable[tuple[float, float] | Mapping[str, float]]) -> NewSegmentation:
    """Exactly these (start, end) ranges in seconds; each start must be before its end."""
    from cloudglue_openapi.models import (
        ManualConfig,
        ManualSegment,
        NewSegmentation,
        SegmentationStrategy,
    )

    if isinstance(segments, str | bytes) or not isinstance(segments, Iterable):
        raise TypeError("segments: expected an iterable of (start_time, end_time) pairs")
    parsed: list[ManualSegment] = []
    for i, item in enumerate(segments):
        start, end = _pair(item, f"segments[{i}]")
        v.number(start, f"segments[{i}].start_time", minimum=0)
        v.number(end, f"segments[{i}].end_time", minimum=0)
        v.time_range(start, end, prefix=f"segments[{i}].")
        parsed.append(ManualSegment(start_time=start, end_time=end))
    if not parsed:
        raise ValueError("segments: at least one (start_time, end_time) range is required")
    return NewSegmentation(
        strategy=SegmentationStrategy.MANUAL, manual_config=ManualConfig(segments=parsed)
    )


def _pair(item: object, name: str) -> tuple[float, float]:
    if isinstance(item, Mapping):
        if "start_time" not in item or "end_time" not in item:
            raise ValueError(f"{name}: needs start_time and end_time")
        return item["start_time"], item["end_time"]
    if isinstance(item, tuple | list) and len(item) == 2:
        return item[0], item[1]
    raise TypeError(f"{name}: expected a (start_time, end_time) pair")


def _range(start: object, end: object) -> tuple[float | None, float | None]:
    s = v.optional_number(start, "start_time_seconds", minimum=0)
    e = v.optional_number(end, "end_time_seconds", minimum=0)
    v.time_range(s, e)
    return s, e
