"""Streaming frames or segments to JSON Lines or CSV, to stdout or atomically to a file."""

from __future__ import annotations

import contextlib
import csv
import os
import secrets
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, TextIO

from ._output import to_json

FORMATS = ("jsonl", "csv")
#: CSV columns; JSON Lines carries every field, including ones added by the server later.
FRAME_FIELDS = ("id", "timestamp", "thumbnail_url")
SEGMENT_FIELDS = ("id", "start_time", "end_time", "thumbnail_url")


class OutputFileError(Exception):
    """The output file could not be written."""


def write_jsonl(items: Iterable[Any], stream: TextIO) -> int:
    """One compact JSON object per line; returns how many were written."""
    count = 0
    for item in items:
        stream.write(to_json(item, indent=None) + "\n")
        count += 1
    return count


def write_csv(items: Iterable[Any], stream: TextIO, fields: Sequence[str]) -> int:
    """A header, then one row per item (missing values empty); returns the row count."""
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(fields)
    count = 0
    for item in items:
        data = item.to_dict()
        writer.writerow(["" if data.get(name) is None else data[name] for name in fields])
        count += 1
    return count


def write(items: Iterable[Any], stream: TextIO, fmt: str, fields: Sequence[str]) -> int:
    """Write `items` in format `fmt` (one of FORMATS)."""
    if fmt == "csv":
        return write_csv(items, stream, fields)
    return write_jsonl(items, stream)


@contextlib.contextmanager
def atomic_file(path: str) -> Iterator[TextIO]:
    """A text stream that becomes `path` only if the block succeeds.

    Data goes to a hidden temporary file next to `path` (same file system), which is flushed,
    synced and renamed over `path` at the end; on any error it is removed, so a failed export
    never leaves a truncated file behind (and an existing file is left as it was).
    """
    target = os.path.abspath(path)
    folder, name = os.path.split(target)
    temp = os.path.join(folder, f".{name}.{secrets.token_hex(6)}.tmp")
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except OSError as exc:
        raise OutputFileError(f"cannot write {path}: {exc.strerror or exc}") from exc
    try:
        with open(fd, "w", encoding="utf-8", newline="") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        try:
            os.replace(temp, target)
        except OSError as exc:
            raise OutputFileError(f"cannot write {path}: {exc.strerror or exc}") from exc
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
