"""Streaming frames or segments as JSON Lines, CSV or ids, to stdout or atomically to a file."""

from __future__ import annotations

import contextlib
import csv
import os
import secrets
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, TextIO

from ._output import to_json

FORMATS = ("jsonl", "csv")


class OutputFileError(Exception):
    """The output file could not be written."""


def write(items: Iterable[Any], stream: TextIO, fmt: str, fields: Sequence[str]) -> int:
    """Write `items` as `fmt`: one of FORMATS, or `ids` (one per line); returns the count.

    JSON Lines: one compact object per item, every field (including ones the server adds
    later). CSV: a header of `fields`, then one row per item (missing values empty).
    """
    writer = csv.writer(stream, lineterminator="\n")
    if fmt == "csv":
        writer.writerow(fields)
    count = 0
    for count, item in enumerate(items, 1):  # noqa: B007 - the count is the result
        if fmt == "csv":
            data = item.to_dict()
            writer.writerow(["" if data.get(name) is None else data[name] for name in fields])
        else:
            stream.write((str(item.id) if fmt == "ids" else to_json(item, indent=None)) + "\n")
    return count


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
