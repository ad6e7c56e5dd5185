"""The handlers of the subcommands: call the client, hand the result to Output.

Files, frame extractions and segmentations share their get, wait, delete, export and download
commands as methods of Kind; every list command is one `listing`. Every wait goes through
`Kind.wait_for`, so Ctrl-C during any of them names the job, which goes on on the server.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import itertools
import json
import operator
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import cloudglue_client.cli._views as views
from cloudglue_client import Cloudglue, JobStatus, is_set
from cloudglue_client.errors import CloudglueError
from cloudglue_openapi.constraints import children, field

from ._errors import UsageError, WaitInterrupted
from ._output import Output, atomic_file, write
from ._strategies import STRATEGIES
from ._views import View, clean

if TYPE_CHECKING:
    from cloudglue_client import DownloadResult

Args = argparse.Namespace
Handler = Callable[[Cloudglue, Args, Output], None]


class ImagesFailed(CloudglueError):
    """Some images could not be downloaded (the summary lists them): exit code 3."""


def listing(operation: str, method: str, view: View) -> Handler:
    """A command that shows what `cg.<method>` (`files.thumbnails`) pages through, cut at
    --limit. Its arguments are the command's id, if it has one, and every option named after
    a query parameter of `operation` (the client's keyword arguments have the same names)."""
    bound = operator.attrgetter(method)

    def handler(cg: Cloudglue, args: Args, out: Output) -> None:
        given = vars(args)
        ids = [given[key] for key in ("id", "file_id") if key in given]
        query = {f.name: given[f.name] for f in children(operation, "query") if f.name in given}
        # --limit counts items, not a page's: pages of no more than that, fetched one ahead.
        if (limit := query.pop("limit", None)) is not None:
            largest = field(operation, "query.limit").maximum
            query.update(page_size=limit if largest is None else min(limit, int(largest)))
            query["prefetch"] = 1
        page = bound(cg)(*ids, **query)
        with contextlib.closing(iter(page)) as items:  # closing stops the pages fetched ahead
            out.show_many(itertools.islice(items, args.limit), view)

    return handler


@dataclass(frozen=True)
class Kind:
    """One group of commands and what its shared commands work on."""

    #: The command group, which is also the client's resource (`cg.frames`).
    group: str
    noun: str
    view: View  # its first column is the id
    #: A job's items (`job.data.frames`, `iter_frames`) and their table.
    items: str = ""
    item_view: View = ()

    def api(self, cg: Cloudglue) -> Any:
        """The client's resource for this group."""
        return getattr(cg, self.group)

    def wait_for(self, cg: Cloudglue, out: Output, job_id: Any, timeout: float | None) -> Any:
        """The client's wait with a progress line; Ctrl-C raises WaitInterrupted naming the job."""
        with out.progress(f"{self.noun} {job_id}") as progress:
            try:
                return self.api(cg).wait(
                    job_id, timeout=timeout, on_update=progress.update, heartbeat=progress.heartbeat
                )
            except KeyboardInterrupt:
                raise WaitInterrupted(self.group, self.noun, job_id) from None

    def created(self, cg: Cloudglue, args: Args, out: Output, job: Any) -> None:
        """Show what create or upload returned; with --wait, once it has finished."""
        status = JobStatus.of(job.status)
        if args.wait and not (status.is_terminal and status is not JobStatus.FAILED):
            job = self.wait_for(cg, out, getattr(job, str(self.view[0].value)), args.wait_timeout)
        out.show(job, self.view)

    def get(self, cg: Cloudglue, args: Args, out: Output) -> None:
        """Show a file, or a job and one page of its items."""
        if not self.items:
            out.show(self.api(cg).get(args.id), self.view)
            return
        job = self.api(cg).get(args.id, limit=args.limit, offset=args.offset)
        out.show(job, self.view)
        if is_set(page := job.data):
            items = getattr(page, self.items)
            items, start = (items if is_set(items) else []), page.offset
            shown = f" {start + 1}-{start + len(items)}" if items else f": none at offset {start}"
            out.section(f"{self.items}{shown} of {page.total}", items, self.item_view)

    def wait(self, cg: Cloudglue, args: Args, out: Output) -> None:
        """Wait for a file or job to finish."""
        out.show(self.wait_for(cg, out, args.id, args.wait_timeout), self.view)

    def delete(self, cg: Cloudglue, args: Args, out: Output) -> None:
        """Delete a file or job."""
        out.show(self.api(cg).delete(args.id), views.DELETED)

    def export(self, cg: Cloudglue, args: Args, out: Output) -> None:
        """Stream every item of a job as JSON Lines, CSV or (--quiet) ids."""
        if out.quiet and args.format is not None:
            raise UsageError("--quiet exports ids, one per line: leave out --format")
        fmt = "ids" if out.quiet else args.format or "jsonl"
        if args.wait:
            self.wait_for(cg, out, args.id, args.wait_timeout)
        items = getattr(self.api(cg), f"iter_{self.items}")(args.id)
        # The CSV columns: the attributes the items' table shows.
        fields = [col.value for col in self.item_view if isinstance(col.value, str)]
        if args.output in (None, "-"):
            write(items, out.stdout, fmt, fields)
            out.stdout.flush()
            return
        with atomic_file(args.output) as stream:
            count = write(items, stream, fmt, fields)
        out.note(f"wrote {count} {self.items[:-1]}{'' if count == 1 else 's'} to {args.output}")

    def download(self, cg: Cloudglue, args: Args, out: Output) -> None:
        """Every image of a job into DIR, resumable, then a summary on stdout: each failed
        image and the totals, a JSON object with --json, the manifest's path with --quiet."""
        if args.wait:
            self.wait_for(cg, out, args.id, args.wait_timeout)
        with out.progress(self.items) as bar:
            result: DownloadResult = self.api(cg).download(
                args.id,
                args.directory,
                concurrency=args.concurrency,
                overwrite=args.overwrite,
                on_progress=bar.images,
            )
        if out.quiet:
            out.write(str(result.manifest))
        elif out.as_json:
            out.write(json.dumps(dataclasses.asdict(result), indent=2, sort_keys=True, default=str))
        else:
            # A reason may quote an image host's error text: printable only, as in tables.
            lines = [clean(f"failed: {f.id} ({f.path}): {f.reason}") for f in result.failed]
            out.write("\n".join([*lines, f"{result}; manifest {result.manifest}"]))
        if result.failed:
            count = len(result.failed)
            raise ImagesFailed(f"{count} image{'' if count == 1 else 's'} could not be downloaded")


FILES = Kind("files", "file", views.FILE)
FRAMES = Kind("frames", "frame extraction", views.FRAME_JOB, "frames", views.FRAME)
SEGMENTATIONS = Kind("segmentations", "segmentation", views.SEGMENTATION, "segments", views.SEGMENT)


def files_upload(cg: Cloudglue, args: Args, out: Output) -> None:
    """Upload a file; with --wait, until it is processed. The name sent is --filename (an
    empty one is the client's to refuse), else PATH's name with what is not UTF-8 as U+FFFD."""
    name = args.filename
    if name is None:
        name = os.fsencode(Path(args.path).name).decode("utf-8", "replace")
    with out.progress(f"upload {name}") as progress:
        file = cg.files.upload(
            args.path, filename=name, metadata=args.metadata, on_progress=progress.sent
        )
    FILES.created(cg, args, out, file)


def files_update(cg: Cloudglue, args: Args, out: Output) -> None:
    """Rename a file or replace its metadata."""
    if args.filename is None and args.metadata is None:
        raise UsageError("nothing to update: give --filename, --metadata or both")
    out.show(cg.files.update(args.id, filename=args.filename, metadata=args.metadata), views.FILE)


files_list = listing("listFiles", "files.list", views.FILE)
files_thumbnails = listing("getThumbnails", "files.thumbnails", views.THUMBNAIL)
files_segments = listing("listFileSegments", "files.segments", views.FILE_SEGMENT)
thumbnails = listing("getSegmentationThumbnails", "segmentations.thumbnails", views.THUMBNAIL)


def segments_get(cg: Cloudglue, args: Args, out: Output) -> None:
    """Show one segment of a file."""
    out.show(cg.segments.get(args.file_id, args.segment_id), views.FILE_SEGMENT)


def segments_update(cg: Cloudglue, args: Args, out: Output) -> None:
    """Replace a segment's metadata."""
    segment = cg.segments.update(args.file_id, args.segment_id, metadata=args.metadata)
    out.show(segment, views.FILE_SEGMENT)


def frames_create(cg: Cloudglue, args: Args, out: Output) -> None:
    """Start a frame extraction; with --wait, until it finishes."""
    job = cg.frames.create(
        args.file_id,
        frames_per_second=args.fps,
        max_width=args.max_width,
        thumbnails=args.thumbnails,
        start_time_seconds=args.start,
        end_time_seconds=args.end,
    )
    FRAMES.created(cg, args, out, job)


def segmentations_create(cg: Cloudglue, args: Args, out: Output) -> None:
    """Start a segmentation; with --wait, until it finishes. Its config is the strategy's
    builder called with the options given (its defaults, and the server's, apply to others)."""
    for name, strategy in STRATEGIES.items():
        for option in strategy.options:
            if getattr(args, option.field) is not None and args.strategy != name:
                raise UsageError(f"{option.shown} is only valid with --strategy {name}")
    chosen = STRATEGIES[args.strategy]
    given = {o.field: getattr(args, o.field) for o in chosen.options}
    for option in chosen.options:
        if option.needed and not given[option.field]:
            raise UsageError(f"{option.needed} with --strategy {args.strategy}")
    values = {key: value for key, value in given.items() if value is not None}
    if chosen.spans:
        values.update(start_time_seconds=args.start, end_time_seconds=args.end)
    elif args.start is not None or args.end is not None:
        own = "/".join(option.flag for option in chosen.options)
        raise UsageError(f"--start/--end are not valid with --strategy {args.strategy} (use {own})")
    job = cg.segmentations.create(args.file_id, chosen.build(**values), thumbnails=args.thumbnails)
    SEGMENTATIONS.created(cg, args, out, job)
