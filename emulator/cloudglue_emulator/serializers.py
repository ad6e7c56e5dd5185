"""Database rows to the JSON shapes of openapi.yaml.

`created_at` is sent in integer milliseconds since the epoch (the provider's unit is not settled;
its later reference says milliseconds). A failed job or file carries an extra `error` field
with the reason (additional properties are allowed by the spec).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

from .configs import DEFAULT_SEGMENT_THUMBNAILS
from .rows import FileRow, FileSegment, FrameRow, JobRow, SegmentRow, ShotRow, ThumbRow

THUMBNAILS_PATH = "/thumbnails"


def now_ms() -> int:
    """Milliseconds since the epoch: the unit of every `created_at` the emulator sends."""
    return time.time_ns() // 1_000_000


class Urls:
    """Absolute URLs under one origin (`http://host:port`)."""

    def __init__(self, origin: str) -> None:
        self.origin = origin.rstrip("/")

    def thumbnail(self, token: str) -> str:
        """The public URL of a thumbnail."""
        return f"{self.origin}{THUMBNAILS_PATH}/{token}.jpg"


def envelope(data: list[dict[str, Any]], total: int, limit: int, offset: int) -> dict[str, Any]:
    """A list envelope; `limit` is the requested page size, not the count returned."""
    return {"object": "list", "data": data, "total": total, "limit": limit, "offset": offset}


def file_json(f: FileRow, urls: Urls) -> dict[str, Any]:
    """A File."""
    media = f.media
    media_type = media.get("media_type", "video")
    duration = None if media_type == "image" else media.get("duration_seconds")
    bitrate = None
    if isinstance(duration, int | float) and duration > 0:
        bitrate = round(f.bytes * 8 / duration)
    out: dict[str, Any] = {
        "id": f.id,
        "status": f.status,
        "bytes": f.bytes,
        "created_at": f.created_at,
        "filename": f.filename,
        "uri": f"cloudglue://files/{f.id}",
        "metadata": f.metadata,
        "media_type": media_type,
        "media_info": {
            "duration_seconds": duration,
            "width": media.get("width"),
            "height": media.get("height"),
            "sample_rate": None,
            "channels": None,
            "bitrate": bitrate,
            "format": media.get("format"),
            "has_audio": media.get("has_audio"),
        },
        "video_info": {
            "duration_seconds": duration,
            "height": media.get("height"),
            "width": media.get("width"),
            "format": media.get("format"),
            "has_audio": media.get("has_audio"),
        },
        "source": "upload",
    }
    if f.thumbnail_token is not None:
        out["thumbnail_url"] = urls.thumbnail(f.thumbnail_token)
    if f.error is not None:
        out["error"] = f.error
    return out


def _job_common(job: JobRow, id_field: str) -> dict[str, Any]:
    return {
        id_field: job.id,
        "status": job.status,
        "created_at": job.created_at,
        "file_id": job.file_id,
    }


def _with_error(out: dict[str, Any], job: JobRow) -> dict[str, Any]:
    if job.status == "failed" and job.error is not None:
        out["error"] = job.error
    return out


def frame_extraction_item(job: JobRow) -> dict[str, Any]:
    """A FrameExtractionListItem (no frames)."""
    out = _job_common(job, "frame_extraction_id")
    out["frame_extraction_config"] = job.config
    if job.status == "completed":
        out["frame_count"] = job.result_count or 0
    return _with_error(out, job)


def frame_json(f: FrameRow, urls: Urls) -> dict[str, Any]:
    """A Frame."""
    out: dict[str, Any] = {"id": f.id, "timestamp": f.timestamp}
    if f.thumbnail_token is not None:
        out["thumbnail_url"] = urls.thumbnail(f.thumbnail_token)
    return out


def _page(
    items: dict[str, list[dict[str, Any]]], total: int, limit: int, offset: int
) -> dict[str, Any]:
    """The `data` of a job: its lists of results and where this page lies in them."""
    return {"object": "list", **items, "total": total, "limit": limit, "offset": offset}


def frame_extraction_json(
    job: JobRow, frames: Sequence[FrameRow], limit: int, offset: int, urls: Urls
) -> dict[str, Any]:
    """A FrameExtraction with one page of frames (`data` only when completed with frames)."""
    out = frame_extraction_item(job)
    total = job.result_count or 0
    if job.status == "completed" and total > 0:
        out["data"] = _page({"frames": [frame_json(f, urls) for f in frames]}, total, limit, offset)
    return out


def segmentation_item(job: JobRow) -> dict[str, Any]:
    """A SegmentationListItem (no segments)."""
    out = _job_common(job, "segmentation_id")
    out["segmentation_config"] = job.config
    default = {"enable_segment_thumbnails": DEFAULT_SEGMENT_THUMBNAILS}
    out["thumbnails_config"] = job.thumbnails_config or default
    if job.status == "completed":
        out["total_segments"] = job.result_count or 0
    return _with_error(out, job)


def segment_json(s: SegmentRow, urls: Urls) -> dict[str, Any]:
    """A Segment."""
    out: dict[str, Any] = {"id": s.id, "start_time": s.start_time, "end_time": s.end_time}
    if s.thumbnail_token is not None:
        out["thumbnail_url"] = urls.thumbnail(s.thumbnail_token)
    return out


def shot_json(s: ShotRow) -> dict[str, Any]:
    """A detected shot of a shot-detector segmentation."""
    return {"index": s.idx, "start_time": s.start_time, "end_time": s.end_time}


def segmentation_json(
    job: JobRow,
    segments: Sequence[SegmentRow],
    shots: Sequence[ShotRow] | None,
    limit: int,
    offset: int,
    urls: Urls,
) -> dict[str, Any]:
    """A Segmentation with one page of segments (`data` only when completed with segments)."""
    out = segmentation_item(job)
    if job.status == "completed" and job.shot_count is not None:
        out["total_shots"] = job.shot_count
    total = job.result_count or 0
    if job.status == "completed" and total > 0:
        items = {"segments": [segment_json(s, urls) for s in segments]}
        if shots is not None:
            items["shots"] = [shot_json(s) for s in shots]
        out["data"] = _page(items, total, limit, offset)
    return out


def thumbnail_json(t: ThumbRow, segmentation_id: str | None, urls: Urls) -> dict[str, Any]:
    """A Thumbnail; `segmentation_id` names the segmentation that rendered it (None for a
    file's own thumbnail and a frame extraction's, which then carry none)."""
    out: dict[str, Any] = {"id": t.id, "url": urls.thumbnail(t.token), "time": t.time}
    if segmentation_id is not None:
        out["segmentation_id"] = segmentation_id
    out["type"] = t.kind
    if t.segment_id is not None:
        out["segment_id"] = t.segment_id
    return out


def file_segment_json(s: FileSegment, urls: Urls) -> dict[str, Any]:
    """A FileSegment: `thumbnail_url` when its segmentation made one, `metadata` null until
    a user sets it."""
    out: dict[str, Any] = {
        "id": s.id,
        "file_id": s.file_id,
        "segmentation_id": s.segmentation_id,
        "start_time": s.start_time,
        "end_time": s.end_time,
    }
    if s.thumbnail_token is not None:
        out["thumbnail_url"] = urls.thumbnail(s.thumbnail_token)
    out["metadata"] = s.metadata
    return out
