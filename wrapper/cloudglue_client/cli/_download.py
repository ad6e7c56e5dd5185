"""`frames download`, `segmentations download` and `segmentations thumbnails`.

Downloads show a progress bar on a terminal (stderr) and nothing while piped; the summary
goes to stdout at the end (a JSON object with --json, only the manifest's path with --quiet),
each failed image with its reason.
The exit code is 0 only when every image is on disk.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from typing import Any, TextIO

from .. import _clock
from .._client import Cloudglue
from .._download import DownloadResult
from ..errors import CloudglueError
from . import _views
from ._commands import _take
from ._output import Output, Progress, human_size

_BAR_WIDTH = 24
_REDRAW_SECONDS = 0.1


class ImagesFailed(CloudglueError):
    """Some images could not be downloaded (the summary lists them): exit code 3."""


class DownloadBar:
    """`label: [#######.........] 120/2000 images  1.2 MiB` on stderr, redrawn at most 10
    times a second (one Progress line)."""

    def __init__(self, stream: TextIO, label: str, *, enabled: bool) -> None:
        self._line = Progress(stream, label, enabled=enabled)
        self._drawn_at = -1.0

    def update(self, done: int, total: int, nbytes: int) -> None:
        """The `on_progress` callback of a download."""
        now = _clock.monotonic()
        if now - self._drawn_at < _REDRAW_SECONDS and done < total:
            return
        self._drawn_at = now
        filled = _BAR_WIDTH * done // total if total else _BAR_WIDTH
        bar = "#" * filled + "." * (_BAR_WIDTH - filled)
        self._line.show(f"[{bar}] {done}/{total} images  {human_size(nbytes)}")

    def close(self) -> None:
        """End the bar's line."""
        self._line.close()


def _report(out: Output, result: DownloadResult) -> None:
    if out.quiet:  # for scripts: only the manifest's path (failures: stderr and the exit code)
        out.stdout.write(f"{result.manifest}\n")
    elif out.as_json:
        summary = {
            "directory": str(result.directory),
            "manifest": str(result.manifest),
            "total": result.total,
            "downloaded": result.downloaded,
            "skipped": result.skipped,
            "bytes": result.bytes,
            "failed": [
                {"id": f.id, "path": f.path, "reason": f.reason, "status_code": f.status_code}
                for f in result.failed
            ],
        }
        out.stdout.write(json.dumps(summary, indent=2, sort_keys=True) + "\n")
    else:
        for failure in result.failed:
            out.stdout.write(f"failed: {failure.id} ({failure.path}): {failure.reason}\n")
        out.stdout.write(f"{result}; manifest {result.manifest}\n")
    out.stdout.flush()
    if result.failed:
        count = len(result.failed)
        raise ImagesFailed(f"{count} image{'' if count == 1 else 's'} could not be downloaded")


def _download(out: Output, label: str, download: Callable[..., DownloadResult], args: Any) -> None:
    bar = DownloadBar(out.stderr, label, enabled=out.interactive)
    try:
        result = download(
            args.id,
            args.directory,
            concurrency=args.concurrency,
            overwrite=args.overwrite,
            on_progress=bar.update,
            wait=args.wait,
        )
    finally:
        bar.close()
    _report(out, result)


def frames_download(cg: Cloudglue, args: argparse.Namespace, out: Output) -> None:
    """Every frame's thumbnail into DIR, resumable."""
    _download(out, "frames", cg.frames.download, args)


def segmentations_download(cg: Cloudglue, args: argparse.Namespace, out: Output) -> None:
    """Every segment thumbnail and keyframe into DIR, resumable."""
    _download(out, "segments", cg.segmentations.download, args)


def segmentations_thumbnails(cg: Cloudglue, args: argparse.Namespace, out: Output) -> None:
    """List a segmentation's thumbnails (all pages)."""
    page = cg.segmentations.thumbnails(args.id, type=args.type)
    out.show_many(_take(page, args.limit), _views.THUMBNAIL)
