"""Table columns for each model, and how single values are shown in a cell."""

from __future__ import annotations

import enum
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from cloudglue_client import created_at_datetime
from cloudglue_openapi.types import Unset

MISSING = "-"


@dataclass(frozen=True)
class Column:
    """One column: its header, how a cell is read from an item, and its alignment."""

    header: str
    cell: Callable[[Any], str]
    right: bool = False
    #: May be cut (with a marker) when the table is too wide.
    shrink: bool = False
    #: May be left out when the table is too wide; higher numbers go first (0: never).
    drop: int = 0


View = tuple[Column, ...]


def is_missing(value: object) -> bool:
    """True for None and the generated models' UNSET."""
    return value is None or isinstance(value, Unset)


def text(value: object) -> str:
    """A value as shown in a table cell."""
    if is_missing(value):
        return MISSING
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:.15g}"
    return str(value)


def created(value: object) -> str:
    """A `created_at` as an ISO 8601 UTC time (whatever its unit)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return MISSING
    try:
        when = created_at_datetime(value)
    except (OverflowError, OSError, ValueError):
        return text(value)
    return when.isoformat(timespec="seconds").replace("+00:00", "Z")


def time_range(start: object, end: object) -> str:
    """`start..end` in seconds, either side may be open; `-` when neither is set."""
    if is_missing(start) and is_missing(end):
        return MISSING
    return f"{'' if is_missing(start) else text(start)}..{'' if is_missing(end) else text(end)}"


def _get(obj: object, *path: str) -> object:
    """Follow attributes, stopping at the first missing one."""
    for name in path:
        if is_missing(obj):
            return None
        obj = getattr(obj, name, None)
    return obj


def _field(*path: str) -> Callable[[Any], str]:
    return lambda item: text(_get(item, *path))


def _metadata(item: Any) -> str:
    """User metadata as compact JSON (sorted keys)."""
    value: Any = _get(item, "metadata")
    if is_missing(value):
        return MISSING
    return json.dumps(value.to_dict(), sort_keys=True, separators=(",", ":"), default=str)


def _duration(file: Any) -> str:
    seconds = _get(file, "media_info", "duration_seconds")
    if is_missing(seconds):
        seconds = _get(file, "video_info", "duration_seconds")
    return text(seconds)


def _frame_range(job: Any) -> str:
    cfg = job.frame_extraction_config
    return time_range(cfg.start_time_seconds, cfg.end_time_seconds)


def segmentation_summary(job: Any) -> str:
    """The settings of a segmentation's strategy, e.g. `window=2 hop=1`."""
    cfg = job.segmentation_config
    strategy = text(cfg.strategy)
    parts: list[str] = []
    if strategy == "uniform":
        parts += _pairs(cfg.uniform_config, ("window", "window_seconds"), ("hop", "hop_seconds"))
    elif strategy == "shot-detector":
        parts += _pairs(
            cfg.shot_detector_config,
            ("detector", "detector"),
            ("threshold", "threshold"),
            ("min", "min_seconds"),
            ("max", "max_seconds"),
            ("fill_gaps", "fill_gaps"),
        )
    elif strategy == "manual" and not is_missing(cfg.manual_config):
        count = len(cfg.manual_config.segments)
        parts.append(f"{count} range{'' if count == 1 else 's'}")
    span = time_range(cfg.start_time_seconds, cfg.end_time_seconds)
    if span != MISSING:
        parts.append(f"range={span}")
    return " ".join(parts) or MISSING


def _pairs(block: object, *names: tuple[str, str]) -> list[str]:
    if is_missing(block):
        return []
    values = ((label, getattr(block, attr, None)) for label, attr in names)
    return [f"{label}={text(value)}" for label, value in values if not is_missing(value)]


FILE: View = (
    Column("ID", _field("id")),
    Column("STATUS", _field("status")),
    Column("CREATED", lambda f: created(f.created_at), drop=2),
    Column("FILENAME", _field("filename"), shrink=True),
    Column("TYPE", _field("media_type"), drop=3),
    Column("DURATION", _duration, right=True, drop=1),
    Column("BYTES", _field("bytes_"), right=True, drop=4),
    Column("METADATA", _metadata, shrink=True, drop=5),
)

FRAME_JOB: View = (
    Column("ID", _field("frame_extraction_id")),
    Column("STATUS", _field("status")),
    Column("CREATED", lambda j: created(j.created_at), drop=3),
    Column("FPS", _field("frame_extraction_config", "uniform_config", "frames_per_second")),
    Column("MAX_WIDTH", _field("frame_extraction_config", "uniform_config", "max_width"), drop=2),
    Column(
        "THUMBNAILS",
        _field("frame_extraction_config", "thumbnails_config", "enable_frame_thumbnails"),
        drop=4,
    ),
    Column("RANGE", _frame_range, shrink=True, drop=1),
    Column("FRAMES", _field("frame_count"), right=True),
)

SEGMENTATION: View = (
    Column("ID", _field("segmentation_id")),
    Column("STATUS", _field("status")),
    Column("CREATED", lambda j: created(j.created_at), drop=2),
    Column("STRATEGY", _field("segmentation_config", "strategy"), drop=1),
    Column("CONFIG", segmentation_summary, shrink=True),
    Column("THUMBNAILS", _field("thumbnails_config", "enable_segment_thumbnails"), drop=3),
    Column("SEGMENTS", _field("total_segments"), right=True),
)

FRAME: View = (
    Column("ID", _field("id")),
    Column("TIMESTAMP", _field("timestamp"), right=True),
    Column("THUMBNAIL_URL", _field("thumbnail_url"), shrink=True),
)

SEGMENT: View = (
    Column("ID", _field("id")),
    Column("START", _field("start_time"), right=True),
    Column("END", _field("end_time"), right=True),
    Column("THUMBNAIL_URL", _field("thumbnail_url"), shrink=True),
)

FILE_SEGMENT: View = (
    *SEGMENT[:3],
    Column("SEGMENTATION_ID", _field("segmentation_id"), drop=2),
    Column("METADATA", _metadata, shrink=True),
    Column("THUMBNAIL_URL", _field("thumbnail_url"), shrink=True, drop=1),
)

DELETED: View = (
    Column("ID", _field("id")),
    Column("DELETED", lambda _: "yes"),
)

THUMBNAIL: View = (
    Column("ID", _field("id")),
    Column("TYPE", _field("type_")),
    Column("TIME", _field("time"), right=True),
    Column("SEGMENTATION_ID", _field("segmentation_id"), drop=2),
    Column("SEGMENT_ID", _field("segment_id"), drop=1),
    Column("URL", _field("url"), shrink=True),
)
