"""One small handler per subcommand: call the client, hand the result to Output."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

from cloudglue_openapi.models import NewSegmentation
from cloudglue_openapi.types import Unset

from .. import _constants as C
from .. import _validation as v
from .._client import Cloudglue
from .._pagination import SyncPage
from .._status import JobStatus
from ..configs import manual, shot_detector, uniform
from . import _export, _views
from ._errors import UsageError
from ._output import Output, Progress

T = TypeVar("T")
J = TypeVar("J")
Handler = Callable[[Cloudglue, argparse.Namespace, Output], None]


# -- shared -------------------------------------------------------------------------------------


def _wait(out: Output, label: str, wait: Callable[[Progress], J]) -> J:
    """Run a client wait with a progress line; `wait` takes the Progress to report to."""
    with out.progress(label) as progress:
        return wait(progress)


def _settled(job: Any) -> bool:
    """A just-created job that needs no waiting (finished, and not failed)."""
    status = JobStatus.of(job.status)
    return status.is_terminal and status is not JobStatus.FAILED


def _list_args(limit: int | None) -> dict[str, Any]:
    """Page size and prefetch for a list cut at `limit` items: fetch no more than needed."""
    if limit is None:
        return {}
    return {"page_size": min(limit, v.page_size_bounds()[1]), "prefetch": 1}


def _take(items: SyncPage[T], limit: int | None) -> Iterator[T]:
    """The first `limit` items (all when None), never asking for a page past them."""
    it = iter(items)
    try:
        left = limit
        for item in it:
            yield item
            if left is not None:
                left -= 1
                if left == 0:
                    return
    finally:
        close = getattr(it, "close", None)
        if close is not None:
            close()


def _json_object(text: str, option: str) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except ValueError as exc:
        raise UsageError(f"{option}: not valid JSON ({exc})") from None
    if not isinstance(value, dict):
        raise UsageError(f"{option}: expected a JSON object, got {type(value).__name__}")
    return value


def _write_export(
    out: Output, items: Iterable[Any], args: argparse.Namespace, fields: Sequence[str]
) -> int:
    """Export to stdout, or atomically to --output; returns the item count."""
    if args.output in (None, "-"):
        count = _export.write(items, out.stdout, args.format, fields)
        out.stdout.flush()
        return count
    with _export.atomic_file(args.output) as stream:
        return _export.write(items, stream, args.format, fields)


# -- files --------------------------------------------------------------------------------------


def files_upload(cg: Cloudglue, args: argparse.Namespace, out: Output) -> None:
    """Upload a file; with --wait, until it is processed."""
    metadata = None if args.metadata is None else _json_object(args.metadata, "--metadata")
    with out.progress(f"upload {Path(args.path).name}") as progress:
        file = cg.files.upload(args.path, metadata=metadata, on_progress=progress.sent)
    if args.wait and not _settled(file):
        fid = file.id
        file = _wait(
            out,
            f"file {fid}",
            lambda p: cg.files.wait(
                fid, timeout=args.wait_timeout, on_update=p.update, heartbeat=p.heartbeat
            ),
        )
    out.show(file, _views.FILE)


def files_list(cg: Cloudglue, args: argparse.Namespace, out: Output) -> None:
    """List files, newest first."""
    page = cg.files.list(status=args.status, **_list_args(args.limit))
    out.show_many(_take(page, args.limit), _views.FILE)


def files_get(cg: Cloudglue, args: argparse.Namespace, out: Output) -> None:
    """Show one file."""
    out.show(cg.files.get(args.file_id), _views.FILE)


def files_delete(cg: Cloudglue, args: argparse.Namespace, out: Output) -> None:
    """Delete a file."""
    out.show(cg.files.delete(args.file_id), _views.DELETED)


# -- frames -------------------------------------------------------------------------------------


def _frames_wait(cg: Cloudglue, out: Output, job_id: Any, timeout: float | None) -> Any:
    return _wait(
        out,
        f"frame extraction {job_id}",
        lambda p: cg.frames.wait(
            job_id, timeout=timeout, on_update=p.update, heartbeat=p.heartbeat
        ),
    )


def frames_create(cg: Cloudglue, args: argparse.Namespace, out: Output) -> None:
    """Start a frame extraction; with --wait, until it finishes."""
    job = cg.frames.create(
        args.file_id,
        frames_per_second=args.fps,
        max_width=args.max_width,
        thumbnails=args.thumbnails,
        start_time_seconds=args.start,
        end_time_seconds=args.end,
    )
    if args.wait and not _settled(job):
        job = _frames_wait(cg, out, job.frame_extraction_id, args.wait_timeout)
    out.show(job, _views.FRAME_JOB)


def frames_get(cg: Cloudglue, args: argparse.Namespace, out: Output) -> None:
    """Show a frame extraction and one page of its frames."""
    job = cg.frames.get(args.id, limit=args.limit, offset=args.offset)
    out.show(job, _views.FRAME_JOB)
    page = job.data
    if not isinstance(page, Unset):
        frames = [] if isinstance(page.frames, Unset) else page.frames
        out.section(
            _page_title("frames", page.offset, len(frames), page.total), frames, _views.FRAME
        )


def frames_list(cg: Cloudglue, args: argparse.Namespace, out: Output) -> None:
    """List the frame extractions of a file."""
    page = cg.frames.list(args.file_id, **_list_args(args.limit))
    out.show_many(_take(page, args.limit), _views.FRAME_JOB)


def frames_wait(cg: Cloudglue, args: argparse.Namespace, out: Output) -> None:
    """Wait for a frame extraction to finish."""
    out.show(_frames_wait(cg, out, args.id, args.wait_timeout), _views.FRAME_JOB)


def frames_delete(cg: Cloudglue, args: argparse.Namespace, out: Output) -> None:
    """Delete a frame extraction."""
    out.show(cg.frames.delete(args.id), _views.DELETED)


def frames_export(cg: Cloudglue, args: argparse.Namespace, out: Output) -> None:
    """Stream every frame to JSON Lines or CSV."""
    if args.wait:
        _frames_wait(cg, out, args.id, args.wait_timeout)
    count = _write_export(out, cg.frames.iter_frames(args.id), args, _export.FRAME_FIELDS)
    _exported(out, count, "frame", args.output)


# -- segmentations ------------------------------------------------------------------------------


def _segmentations_wait(cg: Cloudglue, out: Output, job_id: Any, timeout: float | None) -> Any:
    return _wait(
        out,
        f"segmentation {job_id}",
        lambda p: cg.segmentations.wait(
            job_id, timeout=timeout, on_update=p.update, heartbeat=p.heartbeat
        ),
    )


def _only_with(args: argparse.Namespace, strategy: str, options: dict[str, str]) -> None:
    """Reject options that belong to another strategy."""
    for dest, flag in options.items():
        if getattr(args, dest) is not None and args.strategy != strategy:
            raise UsageError(f"{flag} is only valid with --strategy {strategy}")


#: The strategies `segmentations create` can build (the contract's enum may hold more).
STRATEGIES = ("uniform", "shot-detector", "manual")


def segmentation_config(args: argparse.Namespace) -> NewSegmentation:
    """The config the --strategy options describe."""
    _only_with(args, "uniform", {"window": "--window", "hop": "--hop"})
    _only_with(
        args,
        "shot-detector",
        {
            "detector": "--detector",
            "threshold": "--threshold",
            "min_seconds": "--min-seconds",
            "max_seconds": "--max-seconds",
            "fill_gaps": "--fill-gaps/--no-fill-gaps",
        },
    )
    _only_with(args, "manual", {"ranges": "--range"})
    span = {"start_time_seconds": args.start, "end_time_seconds": args.end}
    if args.strategy == "uniform":
        if args.window is None:
            raise UsageError("--window is required with --strategy uniform")
        return uniform(args.window, args.hop, **span)
    if args.strategy == "shot-detector":
        return shot_detector(
            args.detector or C.DEFAULT_DETECTOR,
            threshold=args.threshold,
            min_seconds=args.min_seconds,
            max_seconds=args.max_seconds,
            fill_gaps=args.fill_gaps,
            **span,
        )
    if not args.ranges:
        raise UsageError("--range START:END is required (at least once) with --strategy manual")
    if args.start is not None or args.end is not None:
        raise UsageError("--start/--end are not valid with --strategy manual (use --range)")
    return manual(args.ranges)


def segmentations_create(cg: Cloudglue, args: argparse.Namespace, out: Output) -> None:
    """Start a segmentation; with --wait, until it finishes."""
    config = segmentation_config(args)
    job = cg.segmentations.create(args.file_id, config, thumbnails=args.thumbnails)
    if args.wait and not _settled(job):
        job = _segmentations_wait(cg, out, job.segmentation_id, args.wait_timeout)
    out.show(job, _views.SEGMENTATION)


def segmentations_get(cg: Cloudglue, args: argparse.Namespace, out: Output) -> None:
    """Show a segmentation and one page of its segments."""
    job = cg.segmentations.get(args.id, limit=args.limit, offset=args.offset)
    out.show(job, _views.SEGMENTATION)
    page = job.data
    if not isinstance(page, Unset):
        segments = [] if isinstance(page.segments, Unset) else page.segments
        title = _page_title("segments", page.offset, len(segments), page.total)
        out.section(title, segments, _views.SEGMENT)


def segmentations_list(cg: Cloudglue, args: argparse.Namespace, out: Output) -> None:
    """List the segmentations of a file."""
    page = cg.segmentations.list(args.file_id, **_list_args(args.limit))
    out.show_many(_take(page, args.limit), _views.SEGMENTATION)


def segmentations_wait(cg: Cloudglue, args: argparse.Namespace, out: Output) -> None:
    """Wait for a segmentation to finish."""
    out.show(_segmentations_wait(cg, out, args.id, args.wait_timeout), _views.SEGMENTATION)


def segmentations_delete(cg: Cloudglue, args: argparse.Namespace, out: Output) -> None:
    """Delete a segmentation."""
    out.show(cg.segmentations.delete(args.id), _views.DELETED)


def segmentations_export(cg: Cloudglue, args: argparse.Namespace, out: Output) -> None:
    """Stream every segment to JSON Lines or CSV."""
    if args.wait:
        _segmentations_wait(cg, out, args.id, args.wait_timeout)
    count = _write_export(
        out, cg.segmentations.iter_segments(args.id), args, _export.SEGMENT_FIELDS
    )
    _exported(out, count, "segment", args.output)


def _page_title(kind: str, offset: int, shown: int, total: int) -> str:
    if not shown:
        return f"{kind}: none at offset {offset} of {total}"
    return f"{kind} {offset + 1}-{offset + shown} of {total}"


def _exported(out: Output, count: int, noun: str, path: str | None) -> None:
    if path not in (None, "-"):
        out.note(f"wrote {count} {noun}{'' if count == 1 else 's'} to {path}")
