"""What `download` saves for each job kind: file names, manifest fields, the thumbnail check.

File names start with the time as a fixed-width label, so a plain sort is time order:
`000012.500_frame_<frame id>.jpg`, `000004.000_segment_<segment id>.jpg`,
`000005.250_keyframe_<thumbnail id>.jpg`.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path
from typing import Any

from .. import _constants as C
from .. import _validation as v
from .._disk import extension, safe_id, seconds_label, url_or_none
from .._download import Image, Options, Plan, ProgressCallback, Source
from .._ids import accepted, unwrap
from .._runner import PageRequest
from ..errors import NoThumbnailsError


def options(
    directory: object, concurrency: object, overwrite: object, on_progress: object
) -> Options:
    """Validated download arguments (raises before any request)."""
    if not isinstance(directory, str | os.PathLike) or not str(directory):
        raise TypeError("directory: expected a path (str or os.PathLike)")
    path = Path(directory)
    if path.exists() and not path.is_dir():
        raise ValueError(f"directory: {str(path)!r} exists and is not a directory")
    workers = v.integer(concurrency, "concurrency", minimum=1, maximum=C.MAX_DOWNLOAD_CONCURRENCY)
    if not isinstance(overwrite, bool):
        raise TypeError(f"overwrite: expected a bool, got {type(overwrite).__name__}")
    if on_progress is not None and not callable(on_progress):
        raise TypeError("on_progress: expected a callable(done, total, bytes) or None")
    progress: ProgressCallback | None = on_progress
    return Options(path, workers, overwrite, progress)


def job_id(value: object, kind: str, name: str) -> uuid.UUID:
    """The id of a job given as an id or as the job object (`kind`: the id parameter it is)."""
    unwrapped = unwrap(value, kind)
    if not isinstance(unwrapped, str | uuid.UUID):
        raise TypeError(f"{name}: expected {accepted(kind)}, got {type(value).__name__}")
    return v.as_uuid(unwrapped, name)


def _unset(value: object) -> bool:
    from cloudglue_openapi.types import Unset

    return isinstance(value, Unset)


# -- frames --------------------------------------------------------------------------------------


def frame_image(frame: Any) -> Image:
    """A frame's thumbnail: named by timestamp and frame id."""
    url = url_or_none(frame.thumbnail_url)
    name = f"{seconds_label(frame.timestamp, 'timestamp')}_frame_{safe_id(frame.id)}"
    record = {"id": str(frame.id), "timestamp": frame.timestamp}
    return Image(str(frame.id), url, name + extension(url), record)


def _check_frames(job: Any, items: list[Any]) -> bool:
    config = getattr(job, "frame_extraction_config", None)
    thumbs = getattr(config, "thumbnails_config", None)
    disabled = thumbs is not None and getattr(thumbs, "enable_frame_thumbnails", None) is False
    if disabled or (items and all(url_or_none(f.thumbnail_url) is None for f in items)):
        raise NoThumbnailsError(
            job,
            "it was created with frame thumbnails off; start an extraction with them on: "
            "cg.frames.create(file_id, ..., thumbnails=True) "
            "(command line: cloudglue-client frames create FILE_ID --thumbnails)",
        )
    return True


def frames_plan(pages: PageRequest[Any], opts: Options) -> Plan:
    """Every frame's thumbnail."""
    return Plan(Source(pages, frame_image), _check_frames, lambda job: [], opts)


# -- segmentations -------------------------------------------------------------------------------


def segment_image(segment: Any) -> Image:
    """A segment's thumbnail: named by start time and segment id."""
    url = url_or_none(segment.thumbnail_url)
    name = f"{seconds_label(segment.start_time, 'start_time')}_segment_{safe_id(segment.id)}"
    record = {
        "id": str(segment.id),
        "type": "segment",
        "start_time": segment.start_time,
        "end_time": segment.end_time,
    }
    return Image(str(segment.id), url, name + extension(url), record)


def keyframe_image(thumb: Any) -> Image:
    """A keyframe: named by its time and thumbnail id; `id` in the manifest is its segment's."""
    url = url_or_none(thumb.url)
    name = f"{seconds_label(thumb.time, 'time')}_keyframe_{safe_id(thumb.id)}"
    segment = None if _unset(thumb.segment_id) else str(thumb.segment_id)
    record = {"id": segment, "type": "keyframe", "thumbnail_id": str(thumb.id), "time": thumb.time}
    return Image(str(thumb.id), url, name + extension(url), record)


def _has_keyframes(job: Any) -> bool:
    config = getattr(job, "segmentation_config", None)
    return config is not None and not _unset(getattr(config, "keyframe_config", None))


def _check_segments(job: Any, items: list[Any]) -> bool:
    thumbs = getattr(job, "thumbnails_config", None)
    disabled = getattr(thumbs, "enable_segment_thumbnails", None) is False
    if disabled or (items and all(url_or_none(s.thumbnail_url) is None for s in items)):
        if _has_keyframes(job):
            return False  # keyframes only
        raise NoThumbnailsError(
            job,
            "it was created with segment thumbnails off; start a segmentation with them on: "
            "cg.segmentations.create(file_id, config, thumbnails=True) "
            "(command line: cloudglue-client segmentations create FILE_ID ... --thumbnails)",
        )
    return True


def segments_plan(pages: PageRequest[Any], keyframes: PageRequest[Any], opts: Options) -> Plan:
    """Every segment's thumbnail, then its keyframes where the segmentation has them."""

    def extra(job: Any) -> list[Source]:
        return [Source(keyframes, keyframe_image)] if _has_keyframes(job) else []

    return Plan(Source(pages, segment_image), _check_segments, extra, opts)
