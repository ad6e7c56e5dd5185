"""The rows of the emulator's database as typed values, and how a database row becomes one.

`store.Store` reads and writes them; routes, serializers and the job runner pass them around.
JSON columns (metadata, media, configs) are decoded here, once per row.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any, Literal, NamedTuple

JobKind = Literal["frames", "segmentation"]
ThumbKind = Literal["file", "frame", "segment", "keyframe"]
TaskKind = Literal["file", "frames", "segmentation"]
"""What the job runner works on: a file's processing or a job."""


@dataclass(frozen=True)
class FileRow:
    """One uploaded file. `media` is the probed info as a JSON-able dict."""

    id: str
    status: str
    filename: str
    bytes: int
    created_at: int
    metadata: dict[str, Any] | None
    media: dict[str, Any]
    storage_name: str
    segment_thumbnails: bool | None = None
    thumbnail_token: str | None = None
    error: str | None = None
    attempts: int = 0


@dataclass(frozen=True)
class JobRow:
    """A frame extraction or segmentation job."""

    id: str
    kind: JobKind
    file_id: str
    status: str
    created_at: int
    config: dict[str, Any]
    thumbnails_config: dict[str, Any] | None = None
    dedupe_key: str | None = None
    result_count: int | None = None
    shot_count: int | None = None
    error: str | None = None
    attempts: int = 0


@dataclass(frozen=True)
class ThumbRow:
    """A JPEG under the data dir, served at `/thumbnails/<token>.jpg`."""

    token: str
    id: str
    owner_id: str
    kind: ThumbKind
    time: float
    rel_path: str
    segment_id: str | None = None


class FrameRow(NamedTuple):
    """One extracted frame of a job."""

    idx: int
    id: str
    timestamp: float
    thumbnail_token: str | None = None


class SegmentRow(NamedTuple):
    """One segment of a segmentation."""

    idx: int
    id: str
    start_time: float
    end_time: float
    thumbnail_token: str | None = None


class ShotRow(NamedTuple):
    """One detected shot of a shot-detector segmentation."""

    idx: int
    start_time: float
    end_time: float


@dataclass(frozen=True)
class FileQuery:
    """Filters and order of GET /files (times in ms since the epoch)."""

    status: str | None = None
    created_from_ms: int | None = None
    created_before_ms: int | None = None
    order: str = "created_at"
    descending: bool = True


@dataclass(frozen=True)
class FileSegment:
    """One segment of a file's completed segmentation, with the metadata a user gave it."""

    id: str
    file_id: str
    segmentation_id: str
    start_time: float
    end_time: float
    thumbnail_token: str | None = None
    metadata: dict[str, Any] | None = None


@dataclass(frozen=True)
class SegmentQuery:
    """Filters of GET /files/{id}/segments, in seconds; every bound is inclusive."""

    start_from: float | None = None
    end_by: float | None = None
    min_duration: float | None = None
    max_duration: float | None = None


@dataclass(frozen=True)
class ThumbQuery:
    """Filters of GET /files/{id}/thumbnails."""

    default_only: bool = False
    segmentation_id: str | None = None
    kinds: tuple[str, ...] | None = None


class FileThumb(NamedTuple):
    """A thumbnail of a file, with the segmentation that rendered it (None for the file's own
    thumbnail and a frame extraction's)."""

    thumb: ThumbRow
    segmentation_id: str | None


def dumps_json(value: Any) -> str:
    """Compact JSON text for a JSON column."""
    return json.dumps(value, separators=(",", ":"))


def _loads_opt(text: str | None) -> Any:
    return None if text is None else json.loads(text)


def file_row(row: sqlite3.Row) -> FileRow:
    """A `files` row."""
    seg = row["segment_thumbnails"]
    return FileRow(
        id=row["id"],
        status=row["status"],
        filename=row["filename"],
        bytes=row["bytes"],
        created_at=row["created_at"],
        metadata=_loads_opt(row["metadata"]),
        media=json.loads(row["media"]),
        storage_name=row["storage_name"],
        segment_thumbnails=None if seg is None else bool(seg),
        thumbnail_token=row["thumbnail_token"],
        error=row["error"],
        attempts=row["attempts"],
    )


def job_row(row: sqlite3.Row) -> JobRow:
    """A `jobs` row."""
    return JobRow(
        id=row["id"],
        kind=row["kind"],
        file_id=row["file_id"],
        status=row["status"],
        created_at=row["created_at"],
        config=json.loads(row["config"]),
        thumbnails_config=_loads_opt(row["thumbnails_config"]),
        dedupe_key=row["dedupe_key"],
        result_count=row["result_count"],
        shot_count=row["shot_count"],
        error=row["error"],
        attempts=row["attempts"],
    )


def thumb_row(row: sqlite3.Row) -> ThumbRow:
    """A `thumbnails` row."""
    return ThumbRow(
        token=row["token"],
        id=row["id"],
        owner_id=row["owner_id"],
        kind=row["kind"],
        time=row["time"],
        rel_path=row["rel_path"],
        segment_id=row["segment_id"],
    )


def file_segment_row(row: sqlite3.Row) -> FileSegment:
    """A `segments` row joined with its segmentation (`file_id`, `job_id`)."""
    return FileSegment(
        id=row["id"],
        file_id=row["file_id"],
        segmentation_id=row["job_id"],
        start_time=row["start_time"],
        end_time=row["end_time"],
        thumbnail_token=row["thumbnail_token"],
        metadata=_loads_opt(row["metadata"]),
    )
