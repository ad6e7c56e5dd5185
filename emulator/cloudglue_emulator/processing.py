"""The work of each job, done for real on the stored upload with the media module."""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from .configs import (
    DEFAULT_SEGMENT_THUMBNAILS,
    SegmentationSpec,
    check_frame_config,
    check_frame_count,
    check_segmentation_config,
    over_limit,
    segment_limit_error,
    strategy_block,
)
from .errors import ValidationError
from .media import (
    ExtractedFrame,
    MediaError,
    Stopped,
    extract_frames,
    shots_to_segments,
    uniform_sample_times,
    uniform_windows,
)
from .paths import DataDir
from .store import FileRow, FrameRow, JobRow, SegmentRow, ShotRow, Store, ThumbKind, ThumbRow

FILE_THUMBNAIL_MAX_WIDTH = 640
SEGMENT_THUMBNAIL_MAX_WIDTH = 640
FILE_THUMBNAIL_FRACTION = 0.1
FILE_THUMBNAIL_MAX_TIME = 10.0

K = TypeVar("K", bound=Hashable)


class Cancelled(Exception):
    """The server is stopping; the job stays unfinished and is resumed on the next start."""


class JobRefused(Exception):
    """The job cannot be done as asked; the message is the reason it fails with."""


@dataclass(frozen=True)
class WorkContext:
    """What a job needs: the database, the data dir, a stop flag and the most results a job
    may make (`Settings.max_job_results`: a create asking for more was a 400 already; jobs
    whose count is known only as they run, and jobs stored before a lower limit, stop here)."""

    store: Store
    data: DataDir
    should_stop: Callable[[], bool]
    max_results: int

    def check(self) -> None:
        """Raise Cancelled if the server is stopping."""
        if self.should_stop():
            raise Cancelled


def _fresh_dir(path: Path) -> Path:
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path


def _render(
    ctx: WorkContext,
    video: Path,
    wanted: Sequence[tuple[float, K]],
    max_width: int,
    out_dir: Path,
) -> dict[K, ExtractedFrame]:
    """JPEGs of the frames shown at the given times, keyed like `wanted` (any order)."""
    ordered = sorted(wanted, key=lambda item: item[0])
    result: dict[K, ExtractedFrame] = {}
    frames = extract_frames(
        video, [t for t, _ in ordered], max_width=max_width, thumbnails_dir=out_dir
    )
    for frame in frames:
        ctx.check()
        result[ordered[frame.index][1]] = frame
    return result


def _thumb(
    ctx: WorkContext,
    frame: ExtractedFrame,
    owner: str,
    kind: ThumbKind,
    ident: str,
    segment_id: str | None = None,
) -> ThumbRow:
    if frame.thumbnail_path is None:
        raise MediaError("no thumbnail was written")
    return ThumbRow(
        token=uuid.uuid4().hex,
        id=ident,
        owner_id=owner,
        kind=kind,
        time=frame.timestamp,
        rel_path=ctx.data.relative(frame.thumbnail_path),
        segment_id=segment_id,
    )


def _duration(f: FileRow) -> float:
    return float(f.media["duration_seconds"])


def process_file(ctx: WorkContext, f: FileRow) -> bool:
    """Make the file's thumbnail and mark it completed; False if the file was deleted."""
    video = ctx.data.upload(f.storage_name)
    at = round(min(_duration(f) * FILE_THUMBNAIL_FRACTION, FILE_THUMBNAIL_MAX_TIME), 6)
    out_dir = _fresh_dir(ctx.data.owner_thumbs(f.id))
    frames = _render(ctx, video, [(at, 0)], FILE_THUMBNAIL_MAX_WIDTH, out_dir)
    ident = str(uuid.uuid5(uuid.UUID(f.id), "thumbnail:file"))
    return ctx.store.finish_file(f.id, _thumb(ctx, frames[0], f.id, "file", ident))


def process_frames(ctx: WorkContext, job: JobRow, f: FileRow) -> bool:
    """Sample the file uniformly; False if the job was deleted meanwhile."""
    spec = check_frame_config(job.config)[1]
    try:  # refused at create time, unless stored before a lower limit
        check_frame_count(spec, _duration(f), ctx.max_results)
    except ValidationError as exc:
        raise JobRefused(exc.message) from None
    times = uniform_sample_times(_duration(f), spec.fps, spec.start, spec.end)
    space = uuid.UUID(job.id)
    rows: list[FrameRow] = []
    thumbs: list[ThumbRow] = []
    if not spec.thumbnails:
        rows = [FrameRow(i, str(uuid.uuid5(space, f"frame:{i}")), t) for i, t in enumerate(times)]
        return ctx.store.finish_frames(job.id, rows, thumbs)
    out_dir = _fresh_dir(ctx.data.owner_thumbs(job.id) / "frames")
    frames = _render(
        ctx,
        ctx.data.upload(f.storage_name),
        [(t, i) for i, t in enumerate(times)],
        spec.max_width,
        out_dir,
    )
    for i, t in enumerate(times):
        frame_id = str(uuid.uuid5(space, f"frame:{i}"))
        thumb = _thumb(
            ctx, frames[i], job.id, "frame", str(uuid.uuid5(space, f"thumbnail:frame:{i}"))
        )
        thumbs.append(thumb)
        rows.append(FrameRow(i, frame_id, t, thumb.token))
    return ctx.store.finish_frames(job.id, rows, thumbs)


def _keyframe_times(start: float, end: float, count: int) -> list[float]:
    step = (end - start) / count
    return [round(start + (k + 0.5) * step, 6) for k in range(count)]


def _cut(
    ctx: WorkContext, spec: SegmentationSpec, video: Path, duration: float
) -> tuple[list[tuple[float, float]], list[ShotRow] | None]:
    """The segment ranges of the strategy, and the detected shots (shot-detector only)."""
    if spec.strategy == "uniform":
        return uniform_windows(duration, spec.window, spec.hop, spec.start, spec.end), None
    if spec.strategy != "shot-detector":
        return list(spec.manual), None
    content = spec.detector == "content"
    # PySceneDetect loads here, with the first shot-detector job, not at every server start.
    from .media.shots import detect_shots

    # As `scenedetect -m {min_seconds}s detect-{detector} -t {threshold}`.
    try:
        found = detect_shots(
            video,
            detector="content" if content else "adaptive",
            threshold=spec.threshold if content else None,  # the adaptive detector ignores it
            min_scene_seconds=spec.min_seconds,
            start=spec.start,
            end=spec.end,
            should_stop=ctx.should_stop,
        )
    except Stopped:
        raise Cancelled from None
    shots = [ShotRow(i, round(s, 6), round(e, 6)) for i, (s, e) in enumerate(found)]
    if not found:
        return [], shots
    return shots_to_segments(found, spec.min_seconds, spec.max_seconds, spec.fill_gaps), shots


def _segment_thumbs(
    ctx: WorkContext,
    job_id: str,
    video: Path,
    ranges: list[tuple[float, float]],
    seg_ids: list[str],
) -> list[ThumbRow]:
    """One thumbnail per segment, at its midpoint, in segment order."""
    space = uuid.UUID(job_id)
    wanted = [(round((s + e) / 2, 6), i) for i, (s, e) in enumerate(ranges)]
    out_dir = _fresh_dir(ctx.data.owner_thumbs(job_id) / "segments")
    frames = _render(ctx, video, wanted, SEGMENT_THUMBNAIL_MAX_WIDTH, out_dir)
    return [
        _thumb(
            ctx,
            frame,
            job_id,
            "segment",
            str(uuid.uuid5(space, f"thumbnail:segment:{i}")),
            seg_ids[i],
        )
        for i, frame in sorted(frames.items())
    ]


def _keyframe_thumbs(
    ctx: WorkContext,
    job_id: str,
    video: Path,
    spec: SegmentationSpec,
    ranges: list[tuple[float, float]],
    seg_ids: list[str],
) -> list[ThumbRow]:
    """`keyframes_per_segment` evenly spaced keyframes inside each segment."""
    space = uuid.UUID(job_id)
    wanted = [
        (t, (i, k))
        for i, (s, e) in enumerate(ranges)
        for k, t in enumerate(_keyframe_times(s, e, spec.keyframes_per_segment))
    ]
    out_dir = _fresh_dir(ctx.data.owner_thumbs(job_id) / "keyframes")
    frames = _render(ctx, video, wanted, spec.keyframe_max_width, out_dir)
    return [
        _thumb(
            ctx,
            frame,
            job_id,
            "keyframe",
            str(uuid.uuid5(space, f"thumbnail:keyframe:{i}:{k}")),
            seg_ids[i],
        )
        for (i, k), frame in sorted(frames.items())
    ]


def process_segmentation(ctx: WorkContext, job: JobRow, f: FileRow) -> bool:
    """Cut the file into segments (with thumbnails); False if the job was deleted meanwhile."""
    spec = check_segmentation_config(job.config)[2]
    video = ctx.data.upload(f.storage_name)
    ranges, shots = _cut(ctx, spec, video, _duration(f))
    if shots is not None and len(shots) > ctx.max_results:
        raise JobRefused(f"{len(shots)} shots are more than {over_limit(ctx.max_results)}")
    error = segment_limit_error(spec, len(ranges), ctx.max_results, strategy_block(spec.strategy))
    if error is not None:
        raise JobRefused(error.message)
    if not ranges:
        return ctx.store.finish_segmentation(job.id, "not_applicable", [], shots, [])
    space = uuid.UUID(job.id)
    seg_ids = [str(uuid.uuid5(space, f"segment:{i}")) for i in range(len(ranges))]
    thumbs: list[ThumbRow] = []
    tokens: dict[str, str] = {}
    thumbnails_config = job.thumbnails_config or {}
    if thumbnails_config.get("enable_segment_thumbnails", DEFAULT_SEGMENT_THUMBNAILS):
        thumbs = _segment_thumbs(ctx, job.id, video, ranges, seg_ids)
        tokens = {t.segment_id or "": t.token for t in thumbs}
    if spec.keyframes_per_segment > 0:
        thumbs += _keyframe_thumbs(ctx, job.id, video, spec, ranges, seg_ids)
    segments = [
        SegmentRow(i, seg_ids[i], round(s, 6), round(e, 6), tokens.get(seg_ids[i]))
        for i, (s, e) in enumerate(ranges)
    ]
    return ctx.store.finish_segmentation(job.id, "completed", segments, shots, thumbs)
