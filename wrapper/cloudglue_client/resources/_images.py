"""What `download` saves for each job kind: file names, manifest fields, the thumbnail check.

File names start with the time as a fixed-width label, so a plain sort is time order:
`000012.500_frame_<frame id>.jpg`, `000004.000_segment_<segment id>.jpg`,
`000005.250_keyframe_<thumbnail id>.jpg`. Names are built from validated, bounded parts (a
time of at most `MAX_SECONDS`, a cleaned id of at most 80 characters, a known extension), so
every name is short; a value out of range is that image's failure, never the run's.
"""

from __future__ import annotations

import os
import posixpath
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from cloudglue_openapi.types import Unset

from .. import _constants as C
from .. import _validation as v
from .._download import Image, Options, Plan, ProgressCallback, Source
from .._hooks import checked
from .._runner import PageRequest
from ..errors import NoThumbnailsError


def options(
    directory: object, concurrency: object, overwrite: object, on_progress: object
) -> Options:
    """Validated download arguments (raises before any request)."""
    if not isinstance(directory, str | os.PathLike) or not str(directory):
        raise TypeError("directory: expected a path (str or os.PathLike)")
    path = Path(directory)
    if "\0" in str(path):  # Path.exists() says False for it; creating it would raise later
        raise ValueError(f"directory: {str(path)!r} has a NUL character, which no path may hold")
    if path.exists() and not path.is_dir():
        raise ValueError(f"directory: {str(path)!r} exists and is not a directory")
    workers = v.integer(concurrency, "concurrency", minimum=1, maximum=C.MAX_DOWNLOAD_CONCURRENCY)
    replace = v.flag(overwrite, "overwrite")
    progress: ProgressCallback | None = checked(on_progress, "on_progress")
    return Options(path, workers, replace, progress)


#: The largest time a file name can carry: `999999.999` (eleven days) in ten characters.
MAX_SECONDS = 999_999.999
_SAFE = re.compile(r"[^A-Za-z0-9_-]")
_EXTENSIONS = (".jpg", ".jpeg", ".png", ".webp", ".gif")


def seconds_label(value: object, field_name: str) -> str:
    """Seconds as a fixed-width label that sorts in time order (`000012.500`)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{field_name} is not a number: {value!r}")
    if not v.finite(value) or not 0 <= value <= MAX_SECONDS:  # finite: a huge int overflows
        shown = v.shown(value)
        raise ValueError(f"{field_name} {shown} is outside 0..{MAX_SECONDS} s for a file name")
    return f"{float(value) + 0.0:010.3f}"  # + 0.0: -0.0 is labelled 000000.000, not -00000.000


def safe_id(value: object) -> str:
    """An id usable in a file name (server ids are uuids; anything else is cleaned)."""
    text = _SAFE.sub("_", str(value))[:80]
    if not text.strip("_"):
        raise ValueError(f"id {value!r} cannot name a file")
    return text


def extension(url: str | None) -> str:
    """The image's extension from its URL path, `.jpg` when it has none we know."""
    if url is not None:  # only names the file: the standard library's parser will do
        try:  # posixpath, not PurePosixPath: no interned parts per image (see _disk.Run.create)
            suffix = posixpath.splitext(urlsplit(url).path.rstrip("/"))[1].lower()
        except ValueError:
            suffix = ""
        if suffix in _EXTENSIONS:
            return suffix
    return ".jpg"


def url_or_none(value: object) -> str | None:
    """The URL if the server sent one."""
    return value if isinstance(value, str) and value else None


def _image(
    kind: str, key: Any, seconds: object, field: str, url: object, record: dict[str, Any]
) -> Image:
    """An image named `<seconds_label>_<kind>_<safe_id><extension>`."""
    link = url_or_none(url)
    name = f"{seconds_label(seconds, field)}_{kind}_{safe_id(key)}{extension(link)}"
    return Image(str(key), link, name, record)


def frame_image(frame: Any) -> Image:
    """A frame's thumbnail: named by timestamp and frame id."""
    record = {"id": str(frame.id), "timestamp": frame.timestamp}
    return _image("frame", frame.id, frame.timestamp, "timestamp", frame.thumbnail_url, record)


def _thumbnails_off(thumbnails_config: object, flag: str, items: list[Any]) -> bool:
    """Whether a job was made with its thumbnails off, or its first items have none."""
    if getattr(thumbnails_config, flag, None) is False:
        return True
    return bool(items) and all(url_or_none(item.thumbnail_url) is None for item in items)


def _check_frames(job: Any, items: list[Any]) -> bool:
    config = getattr(getattr(job, "frame_extraction_config", None), "thumbnails_config", None)
    if _thumbnails_off(config, "enable_frame_thumbnails", items):
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


def segment_image(segment: Any) -> Image:
    """A segment's thumbnail: named by start time and segment id."""
    start, end = segment.start_time, segment.end_time
    record = {"id": str(segment.id), "type": "segment", "start_time": start, "end_time": end}
    return _image("segment", segment.id, start, "start_time", segment.thumbnail_url, record)


def keyframe_image(thumb: Any) -> Image:
    """A keyframe: named by its time and thumbnail id; `id` in the manifest is its segment's."""
    segment = None if isinstance(thumb.segment_id, Unset) else str(thumb.segment_id)
    record = {"id": segment, "type": "keyframe", "thumbnail_id": str(thumb.id), "time": thumb.time}
    return _image("keyframe", thumb.id, thumb.time, "time", thumb.url, record)


def _has_keyframes(job: Any) -> bool:
    config = getattr(job, "segmentation_config", None)
    return config is not None and not isinstance(getattr(config, "keyframe_config", None), Unset)


def _check_segments(job: Any, items: list[Any]) -> bool:
    config = getattr(job, "thumbnails_config", None)
    if _thumbnails_off(config, "enable_segment_thumbnails", items):
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
