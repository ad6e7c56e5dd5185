"""Builders for segmentation configs: validated here, sent as the generated NewSegmentation."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from . import _constants as C
from . import _validation as v

if TYPE_CHECKING:
    from cloudglue_openapi.choices import ShotDetector
    from cloudglue_openapi.models import NewSegmentation

#: The operation whose contract (openapi.yaml, via the generated constraints) the builders check.
CREATE = "createFileSegmentation"


def uniform(
    window_seconds: float,
    hop_seconds: float | None = None,
    *,
    start_time_seconds: float | None = None,
    end_time_seconds: float | None = None,
) -> NewSegmentation:
    """Fixed windows of `window_seconds` every `hop_seconds` (default: no overlap)."""
    from cloudglue_openapi.models import NewSegmentation, SegmentationStrategy, UniformConfig

    window = v.checked(CREATE, "body.uniform_config.window_seconds", window_seconds)
    hop = v.checked(CREATE, "body.uniform_config.hop_seconds", hop_seconds)
    v.check_rules(CREATE, "body.uniform_config", {"window_seconds": window, "hop_seconds": hop})
    return NewSegmentation(
        strategy=SegmentationStrategy.UNIFORM,
        uniform_config=UniformConfig(window_seconds=window, hop_seconds=v.unset_if_none(hop)),
        **v.time_range(CREATE, start_time_seconds, end_time_seconds),
    )


def shot_detector(
    detector: ShotDetector = C.DEFAULT_DETECTOR,
    *,
    threshold: float | None = None,
    min_seconds: float | None = None,
    max_seconds: float | None = None,
    fill_gaps: bool | None = None,
    start_time_seconds: float | None = None,
    end_time_seconds: float | None = None,
) -> NewSegmentation:
    """Cut at detected shots; server defaults apply to every None."""
    from cloudglue_openapi import models

    block = "body.shot_detector_config"
    name = v.checked(CREATE, f"{block}.detector", detector)
    values: dict[str, Any] = {
        key: v.checked(CREATE, f"{block}.{key}", value)
        for key, value in (
            ("threshold", threshold),
            ("min_seconds", min_seconds),
            ("max_seconds", max_seconds),
            ("fill_gaps", fill_gaps),
        )
    }
    v.check_rules(CREATE, block, values)
    return models.NewSegmentation(
        strategy=models.SegmentationStrategy.SHOT_DETECTOR,
        shot_detector_config=models.ShotDetectorConfig(
            detector=models.ShotDetector(name),
            **{key: v.unset_if_none(value) for key, value in values.items()},
        ),
        **v.time_range(CREATE, start_time_seconds, end_time_seconds),
    )


def manual(segments: Iterable[tuple[float, float] | Mapping[str, float]]) -> NewSegmentation:
    """Exactly these (start, end) ranges in seconds; each start must be before its end."""
    from cloudglue_openapi import models

    if isinstance(segments, str | bytes) or not isinstance(segments, Iterable):
        raise TypeError("segments: expected an iterable of (start_time, end_time) pairs")
    pairs = [
        dict(zip(("start_time", "end_time"), _pair(item, f"segments[{i}]"), strict=True))
        for i, item in enumerate(segments)
    ]
    v.conform(CREATE, "body.manual_config.segments", pairs, "segments")
    return models.NewSegmentation(
        strategy=models.SegmentationStrategy.MANUAL,
        manual_config=models.ManualConfig(segments=[models.ManualSegment(**p) for p in pairs]),
    )


def _pair(item: object, name: str) -> tuple[float, float]:
    if isinstance(item, Mapping):
        if "start_time" not in item or "end_time" not in item:
            raise ValueError(f"{name}: needs start_time and end_time")
        return item["start_time"], item["end_time"]
    if isinstance(item, tuple | list) and len(item) == 2:
        return item[0], item[1]
    raise TypeError(f"{name}: expected a (start_time, end_time) pair")
