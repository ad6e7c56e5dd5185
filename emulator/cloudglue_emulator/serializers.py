"""Database rows to the JSON shapes of openapi.yaml.

`created_at` is sent in integer milliseconds since the epoch (the provider's unit is not settled;
its later reference says milliseconds). A failed job or file carries an extra `error` field
with the reason (additional properties are allowed by the spec).

Jobs with a page of results are written as JSON text directly (`json_text`): they are what
clients read most, and formatting each item's text costs less than half of building a dict
per item and encoding those.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Any

from .json_text import array, dumps, integer, plain_numbers, string, with_fields
from .store import FileRow, FrameRow, JobRow, SegmentRow, ShotRow, ThumbRow

THUMBNAILS_PATH = "/thumbnails"


def now_ms() -> int:
    """Milliseconds since the epoch: the unit of every `created_at` the emulator sends."""
    return time.time_ns() // 1_000_000


class Urls:
    """Absolute URLs under one origin (`http://host:port`), given or worked out on first use."""

    def __init__(self, origin: str | Callable[[], str]) -> None:
        self._origin = origin.rstrip("/") if isinstance(origin, str) else origin

    @property
    def origin(self) -> str:
        """The origin, without a trailing slash."""
        if not isinstance(self._origin, str):
            self._origin = self._origin().rstrip("/")
        return self._origin

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


def frames_text(frames: Sequence[FrameRow], urls: Urls) -> str:
    """Frames as a JSON array: `dumps` of their `frame_json`, formatted directly."""
    if not plain_numbers([f.timestamp for f in frames]):
        return dumps([frame_json(f, urls) for f in frames])
    opened = [f'{{"id":{string(i)},"timestamp":{t!r}' for _, i, t, _ in frames]
    return _closed(opened, [f.thumbnail_token for f in frames], urls)


def _closed(opened: list[str], tokens: list[str | None], urls: Urls) -> str:
    """A JSON array of the objects begun in `opened`, each closed after its `thumbnail_url`
    if it has a thumbnail token."""
    if tokens.count(None) == len(tokens):
        return "[" + "},".join(opened) + "}]" if opened else "[]"
    return array(
        [
            item + "}"
            if token is None
            else f'{item},"thumbnail_url":{string(urls.thumbnail(token))}}}'
            for item, token in zip(opened, tokens, strict=True)
        ]
    )


def frame_extraction_json(
    job: JobRow, frames: Sequence[FrameRow], limit: int, offset: int, urls: Urls
) -> str:
    """A FrameExtraction with one page of frames, as JSON text (`data` only when completed
    with frames)."""
    head = dumps(frame_extraction_item(job))
    total = job.result_count or 0
    if job.status != "completed" or total <= 0:
        return head
    page = frames_text(frames, urls)
    data = with_fields('{"object":"list"}', [("frames", page), *_page_fields(total, limit, offset)])
    return with_fields(head, [("data", data)])


def _page_fields(total: int, limit: int, offset: int) -> list[tuple[str, str]]:
    return [("total", integer(total)), ("limit", integer(limit)), ("offset", integer(offset))]


def segmentation_item(job: JobRow) -> dict[str, Any]:
    """A SegmentationListItem (no segments)."""
    out = _job_common(job, "segmentation_id")
    out["segmentation_config"] = job.config
    out["thumbnails_config"] = job.thumbnails_config or {"enable_segment_thumbnails": True}
    if job.status == "completed":
        out["total_segments"] = job.result_count or 0
    return _with_error(out, job)


def segment_json(s: SegmentRow, urls: Urls) -> dict[str, Any]:
    """A Segment."""
    out: dict[str, Any] = {"id": s.id, "start_time": s.start_time, "end_time": s.end_time}
    if s.thumbnail_token is not None:
        out["thumbnail_url"] = urls.thumbnail(s.thumbnail_token)
    return out


def segments_text(segments: Sequence[SegmentRow], urls: Urls) -> str:
    """Segments as a JSON array: `dumps` of their `segment_json`, formatted directly."""
    times = [s.start_time for s in segments] + [s.end_time for s in segments]
    if not plain_numbers(times):
        return dumps([segment_json(s, urls) for s in segments])
    opened = [
        f'{{"id":{string(i)},"start_time":{start!r},"end_time":{end!r}'
        for _, i, start, end, _ in segments
    ]
    return _closed(opened, [s.thumbnail_token for s in segments], urls)


def shots_text(shots: Sequence[ShotRow]) -> str:
    """Shots as a JSON array (`index`, `start_time`, `end_time`)."""
    numbers = [n for s in shots for n in s]
    if not plain_numbers(numbers):
        return dumps(
            [{"index": i, "start_time": start, "end_time": end} for i, start, end in shots]
        )
    return array(
        [f'{{"index":{i!r},"start_time":{start!r},"end_time":{end!r}}}' for i, start, end in shots]
    )


def segmentation_json(
    job: JobRow,
    segments: Sequence[SegmentRow],
    shots: Sequence[ShotRow] | None,
    limit: int,
    offset: int,
    urls: Urls,
) -> str:
    """A Segmentation with one page of segments, as JSON text (`data` only when completed
    with segments)."""
    out = segmentation_item(job)
    if job.status == "completed" and job.shot_count is not None:
        out["total_shots"] = job.shot_count
    head = dumps(out)
    total = job.result_count or 0
    if job.status != "completed" or total <= 0:
        return head
    fields = [("segments", segments_text(segments, urls))]
    if shots is not None:
        fields.append(("shots", shots_text(shots)))
    data = with_fields('{"object":"list"}', [*fields, *_page_fields(total, limit, offset)])
    return with_fields(head, [("data", data)])


def thumbnail_json(t: ThumbRow, segmentation_id: str, urls: Urls) -> dict[str, Any]:
    """A Thumbnail of a segmentation."""
    out: dict[str, Any] = {
        "id": t.id,
        "url": urls.thumbnail(t.token),
        "time": t.time,
        "segmentation_id": segmentation_id,
        "type": t.kind,
    }
    if t.segment_id is not None:
        out["segment_id"] = t.segment_id
    return out
