"""Checking and normalizing job configs: frame extraction and segmentation bodies.

`check_*` turn a decoded JSON body into (echo, spec): `echo` is the normalized config sent back
on the job (server defaults filled in), `spec` the typed values a job runs with. A stored echo
is itself a valid body, so jobs re-read their spec from it. Checks that need the file's
duration live in `check_*_against_duration`.

Every bound, enum value, required field, cross-field rule and default for an omitted field
comes from the contract (the generated `cloudglue_openapi.constraints`); what lives here is
server behaviour: where the defaults apply and which strategies the emulator can run.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from cloudglue_openapi.constraints import field

from .errors import ValidationError, fmt
from .media import count_uniform_samples, count_uniform_windows
from .validation import check_rules, conforming, contract_object, server_default

FRAMES = "createFileFrameExtraction"
SEGMENTATION = "createFileSegmentation"

# Server defaults for omitted fields: openapi.yaml's `x-server-default`s (the provider's latest
# documented ones), read once at import so a default the spec stops stating fails at start.
DEFAULT_FPS = server_default(FRAMES, "body.uniform_config.frames_per_second", float)
DEFAULT_MAX_WIDTH = server_default(FRAMES, "body.uniform_config.max_width", int)
DEFAULT_FRAME_THUMBNAILS = server_default(
    FRAMES, "body.thumbnails_config.enable_frame_thumbnails", bool
)
DEFAULT_SEGMENT_THUMBNAILS = server_default(
    SEGMENTATION, "body.thumbnails_config.enable_segment_thumbnails", bool
)
_SHOT = "body.shot_detector_config"
DEFAULT_CONTENT_THRESHOLD = server_default(SEGMENTATION, f"{_SHOT}.threshold", float)
DEFAULT_MIN_SECONDS = server_default(SEGMENTATION, f"{_SHOT}.min_seconds", float)
DEFAULT_MAX_SECONDS = server_default(SEGMENTATION, f"{_SHOT}.max_seconds", float)
DEFAULT_FILL_GAPS = server_default(SEGMENTATION, f"{_SHOT}.fill_gaps", bool)
DEFAULT_KEYFRAME_MAX_WIDTH = server_default(SEGMENTATION, "body.keyframe_config.max_width", int)

NARRATIVE_UNAVAILABLE = "it needs the hosted model"


@dataclass(frozen=True)
class FrameSpec:
    """What a frame extraction runs with."""

    fps: float
    max_width: int
    thumbnails: bool
    start: float
    """The range's start: as sent, else the server default."""
    end: float | None


@dataclass(frozen=True)
class SegmentationSpec:
    """What a segmentation runs with (only the strategy's own fields are meaningful)."""

    strategy: str
    start: float
    """The range's start: as sent, else the server default."""
    end: float | None
    window: float = 0.0
    hop: float = 0.0
    detector: str | None = None
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


def strategy_block(strategy: str) -> str:
    """The config block a strategy needs: `shot-detector` -> `shot_detector_config`."""
    return strategy.replace("-", "_") + "_config"


def _sent(
    operation: str, block: dict[str, Any], parent: str, key: str, default: Any
) -> tuple[Any, Any]:
    """(raw value to echo, checked value) of an optional field; the default when not sent."""
    raw = block.get(key)
    if raw is None:
        if key in block:  # null: accepted only where the contract says nullable
            conforming(raw, operation, f"{parent}.{key}")
        return default, default
    return raw, conforming(raw, operation, f"{parent}.{key}")


def _block(operation: str, body: dict[str, Any], key: str) -> dict[str, Any]:
    """An optional config object of the body, checked; {} when not sent."""
    return conforming(body[key], operation, f"body.{key}") if key in body else {}


def _thumbnails(operation: str, body: dict[str, Any], key: str, default: bool) -> bool:
    """`thumbnails_config.<key>` when sent, else the server default."""
    thumbs = _block(operation, body, "thumbnails_config")
    _, value = _sent(operation, thumbs, "body.thumbnails_config", key, default)
    return bool(value)


def _time_range(
    operation: str, body: dict[str, Any], echo: dict[str, Any]
) -> tuple[float, float | None]:
    """The checked range: a start left out is the operation's server default (the echo keeps
    only what was sent), an end left out is None (the file's end)."""
    found: dict[str, float | None] = {}
    for key in ("start_time_seconds", "end_time_seconds"):
        found[key] = None
        if key in body:
            found[key] = conforming(body[key], operation, f"body.{key}")
            echo[key] = body[key]
    sent, end = found["start_time_seconds"], found["end_time_seconds"]
    start = server_default(operation, "body.start_time_seconds", float) if sent is None else sent
    check_rules(operation, "body", {**found, "start_time_seconds": start})
    return float(start), end


def check_range_against_duration(start: float, end: float | None, duration: float) -> None:
    """400, in the provider's words, when the range starts at or ends after the file's end."""
    if start >= duration:
        raise _past_end("start_time_seconds", start, duration)
    if end is not None and end > duration:
        raise _past_end("end_time_seconds", end, duration)


def _past_end(field: str, value: float, duration: float) -> ValidationError:
    return ValidationError(
        field,
        f"file duration is less than the specified time range (file duration {fmt(duration)} s,"
        f" {field} {fmt(value)} s)",
    )


def effective_range(start: float, end: float | None, duration: float) -> tuple[float, float]:
    """The requested range clipped to [0, duration]."""
    lo = max(0.0, start)
    hi = duration if end is None else min(end, duration)
    return lo, hi


# ---- frame extraction ------------------------------------------------------------------


def check_frame_config(raw: Any) -> tuple[dict[str, Any], FrameSpec]:
    """Validate a frame extraction body; return its normalized echo and spec."""
    body = contract_object(raw, FRAMES, "body", "body")
    strategy = conforming(body["strategy"], FRAMES, "body.strategy")
    uniform = _block(FRAMES, body, "uniform_config")
    fps, _ = _sent(FRAMES, uniform, "body.uniform_config", "frames_per_second", DEFAULT_FPS)
    max_width, _ = _sent(FRAMES, uniform, "body.uniform_config", "max_width", DEFAULT_MAX_WIDTH)
    thumbnails = _thumbnails(FRAMES, body, "enable_frame_thumbnails", DEFAULT_FRAME_THUMBNAILS)
    echo: dict[str, Any] = {
        "strategy": strategy,
        "uniform_config": {"frames_per_second": fps, "max_width": max_width},
        "thumbnails_config": {"enable_frame_thumbnails": thumbnails},
    }
    start, end = _time_range(FRAMES, body, echo)
    spec = FrameSpec(float(fps), int(max_width), thumbnails, start, end)
    return echo, spec


def over_limit(limit: int) -> str:
    """How a too-large job names the limit it broke (`Settings.max_job_results`)."""
    return f"the emulator's limit of {limit} per job (--max-job-results)"


def check_frame_count(spec: FrameSpec, duration: float, limit: int) -> int:
    """How many frames the extraction makes; 400 naming `frames_per_second` above `limit`."""
    count = count_uniform_samples(duration, spec.fps, spec.start, spec.end)
    if count > limit:
        lo, hi = effective_range(spec.start, spec.end, duration)
        raise ValidationError(
            "uniform_config.frames_per_second",
            f"{count} frames ({fmt(round(hi - lo, 6))} s at {fmt(spec.fps)} per second) are more"
            f" than {over_limit(limit)}; lower frames_per_second or narrow"
            " start_time_seconds/end_time_seconds",
        )
    return count


# ---- segmentation ----------------------------------------------------------------------


def check_segmentation_config(
    raw: Any, default_thumbnails: bool = DEFAULT_SEGMENT_THUMBNAILS
) -> tuple[dict[str, Any], dict[str, Any], SegmentationSpec]:
    """Validate a segmentation body; return (segmentation_config, thumbnails_config, spec)."""
    body = contract_object(raw, SEGMENTATION, "body", "body")
    strategy = conforming(body["strategy"], SEGMENTATION, "body.strategy")
    build = _STRATEGIES.get(strategy)
    if build is None:
        why = NARRATIVE_UNAVAILABLE if strategy == "narrative" else "the emulator cannot run it"
        raise ValidationError(
            "strategy",
            f"{strategy} segmentation is not available in the local emulator ({why});"
            f" use {', '.join(_STRATEGIES)}",
        )
    own = strategy_block(strategy)
    for other in field(SEGMENTATION, "body.strategy").enum or ():
        block = strategy_block(other)
        if block != own and body.get(block) is not None:  # a null block counts as not sent
            raise ValidationError(block, f"not allowed with strategy {strategy}; send only {own}")
    if own not in body:
        raise ValidationError(own, f"required when strategy is {strategy}")
    echo: dict[str, Any] = {"strategy": strategy}
    echo[own], values = build(_block(SEGMENTATION, body, own))
    if "keyframe_config" in body:
        echo["keyframe_config"], keyframe_values = _keyframes(
            _block(SEGMENTATION, body, "keyframe_config")
        )
        values.update(keyframe_values)
    start, end = _time_range(SEGMENTATION, body, echo)
    thumbnails = _thumbnails(SEGMENTATION, body, "enable_segment_thumbnails", default_thumbnails)
    spec = SegmentationSpec(
        strategy=strategy, start=start, end=end, thumbnails=thumbnails, **values
    )
    return echo, {"enable_segment_thumbnails": thumbnails}, spec


def _uniform(block: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    parent = "body.uniform_config"
    window_raw, window = _sent(SEGMENTATION, block, parent, "window_seconds", None)
    if window is None:  # only when the contract stops requiring it
        raise ValidationError("uniform_config.window_seconds", "required by the emulator")
    hop_raw, hop = _sent(SEGMENTATION, block, parent, "hop_seconds", None)
    if hop is None:  # hop defaults to the window: no overlap
        hop_raw, hop = window_raw, window
    check_rules(SEGMENTATION, parent, {"window_seconds": window, "hop_seconds": hop})
    echo = {"window_seconds": window_raw, "hop_seconds": hop_raw}
    return echo, {"window": window, "hop": hop}


def _shot_detector(block: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    parent = "body.shot_detector_config"
    detector = conforming(block.get("detector"), SEGMENTATION, f"{parent}.detector")
    threshold_raw, threshold = _sent(SEGMENTATION, block, parent, "threshold", None)
    if threshold_raw is None and detector == "content":
        threshold_raw = threshold = DEFAULT_CONTENT_THRESHOLD
    min_raw, min_seconds = _sent(SEGMENTATION, block, parent, "min_seconds", DEFAULT_MIN_SECONDS)
    max_raw, max_seconds = _sent(SEGMENTATION, block, parent, "max_seconds", DEFAULT_MAX_SECONDS)
    check_rules(
        SEGMENTATION,
        parent,
        {"min_seconds": min_seconds, "max_seconds": max_seconds},
        "shot_detector_config",
    )
    _, fill_gaps = _sent(SEGMENTATION, block, parent, "fill_gaps", DEFAULT_FILL_GAPS)
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
    name, path = "manual_config.segments", "body.manual_config.segments"
    items = conforming(block.get("segments"), SEGMENTATION, path)
    if not items:
        raise ValidationError(name, "must hold at least one segment")
    spec = field(SEGMENTATION, path)
    if spec.min_items is not None and len(items) < spec.min_items:
        raise ValidationError(name, f"must hold at least {spec.min_items} segments")
    if spec.max_items is not None and len(items) > spec.max_items:
        raise ValidationError(name, f"must hold at most {spec.max_items} segments")
    ranges: list[tuple[float, float]] = []
    echo_items: list[dict[str, Any]] = []
    for i, item in enumerate(items):
        where = f"{name}[{i}]"
        seg = conforming(item, SEGMENTATION, f"{path}[]", where)
        bounds = {
            key: conforming(seg.get(key), SEGMENTATION, f"{path}[].{key}", f"{where}.{key}")
            for key in ("start_time", "end_time")
        }
        check_rules(SEGMENTATION, f"{path}[]", bounds, where)
        start, end = bounds["start_time"], bounds["end_time"]
        if start is None or end is None:  # only when the contract stops requiring them
            raise ValidationError(where, "start_time and end_time are required by the emulator")
        ranges.append((start, end))
        echo_items.append({"start_time": seg["start_time"], "end_time": seg["end_time"]})
    return {"segments": echo_items}, {"manual": tuple(ranges)}


_STRATEGIES: dict[str, Callable[[dict[str, Any]], tuple[dict[str, Any], dict[str, Any]]]] = {
    "uniform": _uniform,
    "shot-detector": _shot_detector,
    "manual": _manual,
}


def _keyframes(block: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    parent = "body.keyframe_config"
    count_raw, count = _sent(SEGMENTATION, block, parent, "frames_per_segment", None)
    width_raw, width = _sent(SEGMENTATION, block, parent, "max_width", DEFAULT_KEYFRAME_MAX_WIDTH)
    if count is None:  # only when the contract stops requiring it
        raise ValidationError("keyframe_config.frames_per_segment", "required by the emulator")
    echo = {"frames_per_segment": count_raw, "max_width": width_raw}
    return echo, {"keyframes_per_segment": math.floor(count), "keyframe_max_width": int(width)}


def segment_limit_error(
    spec: SegmentationSpec, segments: int, limit: int, where: str
) -> ValidationError | None:
    """The 400 for `segments` segments (named `where`) or their thumbnails above `limit`."""
    if segments > limit:
        return ValidationError(where, f"{segments} segments are more than {over_limit(limit)}")
    per = int(spec.thumbnails) + spec.keyframes_per_segment
    if segments * per > limit:
        return ValidationError(
            "keyframe_config.frames_per_segment",
            f"{segments} segments with {per} thumbnails each ({segments * per}) are more than"
            f" {over_limit(limit)}; lower frames_per_segment or turn segment thumbnails off",
        )
    return None


def check_segment_count(spec: SegmentationSpec, duration: float, limit: int) -> None:
    """400 when a uniform or manual segmentation would make more than `limit` segments or
    thumbnails (a shot-detector job is checked once its shots are known)."""
    if spec.strategy == "uniform":
        count = count_uniform_windows(duration, spec.window, spec.hop, spec.start, spec.end)
        error = segment_limit_error(spec, count, limit, "uniform_config")
    elif spec.strategy == "manual":
        error = segment_limit_error(spec, len(spec.manual), limit, "manual_config.segments")
    else:
        return
    if error is not None:
        raise error


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
