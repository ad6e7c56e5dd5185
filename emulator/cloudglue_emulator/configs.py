"""Checking and normalizing job configs: frame extraction and segmentation bodies.

`check_*` turn a decoded JSON body into (echo, spec): `echo` is the normalized config sent back
on the job (server defaults filled in), `spec` the typed values a job runs with. A stored echo
is itself a valid body, so jobs re-read their spec from it. Checks that need the file's
duration live in `check_*_against_duration`.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any

from .errors import ValidationError
from .validation import boolean, enum, fmt, number, obj

# Server defaults (the provider's historical ones; the spec declares none).
DEFAULT_FPS = 1
DEFAULT_MAX_WIDTH = 1024
DEFAULT_FRAME_THUMBNAILS = True
DEFAULT_SEGMENT_THUMBNAILS = True
DEFAULT_CONTENT_THRESHOLD = 27.0
DEFAULT_MIN_SECONDS = 1
DEFAULT_MAX_SECONDS = 300
DEFAULT_FILL_GAPS = True
DEFAULT_KEYFRAME_MAX_WIDTH = 280

FPS_RANGE = (0.1, 30.0)
MAX_WIDTH_RANGE = (64.0, 4096.0)
WINDOW_RANGE = (1.0, 120.0)
MIN_SECONDS_RANGE = (0.6, 600.0)
MAX_SECONDS_RANGE = (1.0, 600.0)
KEYFRAMES_RANGE = (0.0, 8.0)
KEYFRAME_WIDTH_RANGE = (144.0, 4320.0)

SEGMENTATION_STRATEGIES = ("uniform", "shot-detector", "manual", "narrative")
DETECTORS = ("adaptive", "content")
_BLOCKS = {
    "uniform": "uniform_config",
    "shot-detector": "shot_detector_config",
    "manual": "manual_config",
    "narrative": "narrative_config",
}
NARRATIVE_UNAVAILABLE = (
    "narrative segmentation is not available in the local emulator (it needs the hosted"
    " model); use uniform, shot-detector or manual"
)


@dataclass(frozen=True)
class FrameSpec:
    """What a frame extraction runs with."""

    fps: float
    max_width: int
    thumbnails: bool
    start: float | None
    end: float | None


@dataclass(frozen=True)
class SegmentationSpec:
    """What a segmentation runs with (only the strategy's own fields are meaningful)."""

    strategy: str
    start: float | None
    end: float | None
    window: float = 0.0
    hop: float = 0.0
    detector: str = "adaptive"
    threshold: float | None = None
    min_seconds: float = DEFAULT_MIN_SECONDS
    max_seconds: float = DEFAULT_MAX_SECONDS
    fill_gaps: bool = DEFAULT_FILL_GAPS
    manual: tuple[tuple[float, float], ...] = ()
    keyframes_per_segment: int = 0
    keyframe_max_width: int = DEFAULT_KEYFRAME_MAX_WIDTH
    thumbnails: bool = DEFAULT_SEGMENT_THUMBNAILS


def dedupe_key(echo: dict[str, Any]) -> str:
    """A canonical text of a normalized config (1 and 1.0 compare equal)."""

    def canon(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: canon(v) for k, v in value.items()}
        if isinstance(value, list):
            return [canon(v) for v in value]
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
        return value

    return json.dumps(canon(echo), sort_keys=True, separators=(",", ":"))


def _time_range(body: dict[str, Any], echo: dict[str, Any]) -> tuple[float | None, float | None]:
    start = end = None
    if "start_time_seconds" in body:
        start = number(body["start_time_seconds"], "start_time_seconds", 0)
        echo["start_time_seconds"] = body["start_time_seconds"]
    if "end_time_seconds" in body:
        end = number(body["end_time_seconds"], "end_time_seconds", 0)
        echo["end_time_seconds"] = body["end_time_seconds"]
    if end is not None and end <= (start or 0.0):
        raise ValidationError(
            "end_time_seconds",
            f"must be greater than start_time_seconds ({fmt(start or 0.0)}), got {fmt(end)}",
        )
    return start, end


def check_range_against_duration(start: float | None, end: float | None, duration: float) -> None:
    """400, in the provider's words, when the range starts at or ends after the file's end."""
    lo = start or 0.0
    if lo >= duration:
        raise _past_end("start_time_seconds", lo, duration)
    if end is not None and end > duration:
        raise _past_end("end_time_seconds", end, duration)


def _past_end(field: str, value: float, duration: float) -> ValidationError:
    return ValidationError(
        field,
        f"file duration is less than the specified time range (file duration {fmt(duration)} s,"
        f" {field} {fmt(value)} s)",
    )


def effective_range(start: float | None, end: float | None, duration: float) -> tuple[float, float]:
    """The requested range clipped to [0, duration]."""
    lo = max(0.0, start or 0.0)
    hi = duration if end is None else min(end, duration)
    return lo, hi


# ---- frame extraction ------------------------------------------------------------------


def check_frame_config(raw: Any) -> tuple[dict[str, Any], FrameSpec]:
    """Validate a frame extraction body; return its normalized echo and spec."""
    body = obj(raw, "body")
    if "strategy" not in body:
        raise ValidationError("strategy", "required; must be one of: uniform")
    strategy = enum(body["strategy"], "strategy", ("uniform",))
    fps: float | int = DEFAULT_FPS
    max_width: float | int = DEFAULT_MAX_WIDTH
    if "uniform_config" in body:
        uniform = obj(body["uniform_config"], "uniform_config")
        if "frames_per_second" in uniform:
            number(uniform["frames_per_second"], "uniform_config.frames_per_second", *FPS_RANGE)
            fps = uniform["frames_per_second"]
        if "max_width" in uniform:
            number(uniform["max_width"], "uniform_config.max_width", *MAX_WIDTH_RANGE)
            max_width = uniform["max_width"]
    thumbnails = DEFAULT_FRAME_THUMBNAILS
    if "thumbnails_config" in body:
        thumbs = obj(body["thumbnails_config"], "thumbnails_config")
        if "enable_frame_thumbnails" in thumbs:
            thumbnails = boolean(
                thumbs["enable_frame_thumbnails"], "thumbnails_config.enable_frame_thumbnails"
            )
    echo: dict[str, Any] = {
        "strategy": strategy,
        "uniform_config": {"frames_per_second": fps, "max_width": max_width},
        "thumbnails_config": {"enable_frame_thumbnails": thumbnails},
    }
    start, end = _time_range(body, echo)
    spec = FrameSpec(float(fps), int(max_width), thumbnails, start, end)
    return echo, spec


# ---- segmentation ----------------------------------------------------------------------


def check_segmentation_config(
    raw: Any, default_thumbnails: bool = DEFAULT_SEGMENT_THUMBNAILS
) -> tuple[dict[str, Any], dict[str, Any], SegmentationSpec]:
    """Validate a segmentation body; return (segmentation_config, thumbnails_config, spec)."""
    body = obj(raw, "body")
    if "strategy" not in body:
        raise ValidationError("strategy", f"required; must be one of: {_strategies()}")
    strategy = enum(body["strategy"], "strategy", SEGMENTATION_STRATEGIES)
    if strategy == "narrative":
        raise ValidationError("strategy", NARRATIVE_UNAVAILABLE)
    own = _BLOCKS[strategy]
    for block in _BLOCKS.values():
        if block != own and body.get(block) is not None:  # a null block counts as not sent
            raise ValidationError(block, f"not allowed with strategy {strategy}; send only {own}")
    if own not in body:
        raise ValidationError(own, f"required when strategy is {strategy}")
    echo: dict[str, Any] = {"strategy": strategy}
    values: dict[str, Any] = {}
    if strategy == "uniform":
        echo[own], values = _uniform(obj(body[own], own))
    elif strategy == "shot-detector":
        echo[own], values = _shot_detector(obj(body[own], own))
    else:
        echo[own], values = _manual(obj(body[own], own))
    if "keyframe_config" in body:
        echo["keyframe_config"], keyframe_values = _keyframes(
            obj(body["keyframe_config"], "keyframe_config")
        )
        values.update(keyframe_values)
    start, end = _time_range(body, echo)
    thumbnails = default_thumbnails
    if "thumbnails_config" in body:
        thumbs = obj(body["thumbnails_config"], "thumbnails_config")
        if "enable_segment_thumbnails" not in thumbs:
            raise ValidationError("thumbnails_config.enable_segment_thumbnails", "required")
        thumbnails = boolean(
            thumbs["enable_segment_thumbnails"], "thumbnails_config.enable_segment_thumbnails"
        )
    spec = SegmentationSpec(
        strategy=strategy, start=start, end=end, thumbnails=thumbnails, **values
    )
    return echo, {"enable_segment_thumbnails": thumbnails}, spec


def _strategies() -> str:
    return ", ".join(SEGMENTATION_STRATEGIES)


def _uniform(block: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    if "window_seconds" not in block:
        raise ValidationError("uniform_config.window_seconds", "required")
    window = number(block["window_seconds"], "uniform_config.window_seconds", *WINDOW_RANGE)
    hop_raw = block.get("hop_seconds", block["window_seconds"])
    hop = number(hop_raw, "uniform_config.hop_seconds", *WINDOW_RANGE)
    echo = {"window_seconds": block["window_seconds"], "hop_seconds": hop_raw}
    return echo, {"window": window, "hop": hop}


def _optional_number(
    block: dict[str, Any], key: str, field: str, default: float | None, bounds: tuple[float, float]
) -> tuple[Any, float | None]:
    raw = block.get(key)
    if raw is None:
        return default, default
    return raw, number(raw, field, *bounds)


def _shot_detector(block: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    prefix = "shot_detector_config"
    if "detector" not in block:
        raise ValidationError(
            f"{prefix}.detector", f"required; must be one of: {', '.join(DETECTORS)}"
        )
    detector = enum(block["detector"], f"{prefix}.detector", DETECTORS)
    threshold_raw = block.get("threshold")
    threshold: float | None = None
    if threshold_raw is not None:
        threshold = number(threshold_raw, f"{prefix}.threshold", 0, 255)
    elif detector == "content":
        threshold_raw = threshold = DEFAULT_CONTENT_THRESHOLD
    min_raw, min_seconds = _optional_number(
        block, "min_seconds", f"{prefix}.min_seconds", DEFAULT_MIN_SECONDS, MIN_SECONDS_RANGE
    )
    max_raw, max_seconds = _optional_number(
        block, "max_seconds", f"{prefix}.max_seconds", DEFAULT_MAX_SECONDS, MAX_SECONDS_RANGE
    )
    assert min_seconds is not None and max_seconds is not None
    if min_seconds > max_seconds:
        raise ValidationError(
            f"{prefix}.min_seconds",
            f"must be <= max_seconds ({fmt(max_seconds)}), got {fmt(min_seconds)}",
        )
    fill_gaps = DEFAULT_FILL_GAPS
    if "fill_gaps" in block:
        fill_gaps = boolean(block["fill_gaps"], f"{prefix}.fill_gaps")
    echo: dict[str, Any] = {"detector": detector}
    if threshold_raw is not None:
        echo["threshold"] = threshold_raw
    echo.update({"min_seconds": min_raw, "max_seconds": max_raw, "fill_gaps": fill_gaps})
    values = {
        "detector": detector,
        "threshold": threshold,
        "min_seconds": min_seconds,
        "max_seconds": max_seconds,
        "fill_gaps": fill_gaps,
    }
    return echo, values


def _manual(block: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    field_name = "manual_config.segments"
    if "segments" not in block:
        raise ValidationError(field_name, "required")
    items = block["segments"]
    if not isinstance(items, list):
        raise ValidationError(field_name, "must be an array of {start_time, end_time}")
    if not items:
        raise ValidationError(field_name, "must hold at least one segment")
    ranges: list[tuple[float, float]] = []
    echo_items: list[dict[str, Any]] = []
    for i, item in enumerate(items):
        where = f"{field_name}[{i}]"
        seg = obj(item, where)
        for key in ("start_time", "end_time"):
            if key not in seg:
                raise ValidationError(f"{where}.{key}", "required")
        start = number(seg["start_time"], f"{where}.start_time", 0)
        end = number(seg["end_time"], f"{where}.end_time", 0)
        if end <= start:
            raise ValidationError(
                f"{where}.end_time",
                f"must be greater than start_time ({fmt(start)}), got {fmt(end)}",
            )
        ranges.append((start, end))
        echo_items.append({"start_time": seg["start_time"], "end_time": seg["end_time"]})
    return {"segments": echo_items}, {"manual": tuple(ranges)}


def _keyframes(block: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    prefix = "keyframe_config"
    if "frames_per_segment" not in block:
        raise ValidationError(f"{prefix}.frames_per_segment", "required")
    count = number(block["frames_per_segment"], f"{prefix}.frames_per_segment", *KEYFRAMES_RANGE)
    width_raw = block.get("max_width", DEFAULT_KEYFRAME_MAX_WIDTH)
    width = number(width_raw, f"{prefix}.max_width", *KEYFRAME_WIDTH_RANGE)
    echo = {"frames_per_segment": block["frames_per_segment"], "max_width": width_raw}
    return echo, {"keyframes_per_segment": math.floor(count), "keyframe_max_width": int(width)}


def check_segmentation_against_duration(spec: SegmentationSpec, duration: float) -> None:
    """400 when the range, the window or a manual segment does not fit the file."""
    check_range_against_duration(spec.start, spec.end, duration)
    lo, hi = effective_range(spec.start, spec.end, duration)
    if spec.strategy == "uniform" and spec.window > hi - lo + 1e-9:
        raise ValidationError(
            "uniform_config.window_seconds",
            f"the file is shorter than the window ({fmt(round(hi - lo, 6))} s in range,"
            f" window {fmt(spec.window)} s)",
        )
    for i, (start, end) in enumerate(spec.manual):
        where = f"manual_config.segments[{i}]"
        if start < lo:
            raise ValidationError(
                f"{where}.start_time",
                f"must be >= {fmt(lo)} (start of the range), got {fmt(start)}",
            )
        if end > hi + 1e-9:
            bound = "the file duration" if hi == duration else "the end of the range"
            raise ValidationError(
                f"{where}.end_time", f"must be <= {fmt(round(hi, 6))} ({bound}), got {fmt(end)}"
            )
