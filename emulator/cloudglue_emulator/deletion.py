"""Deleting a file or a job, on a full disk too.

The row goes first, then the stored data (the upload, the thumbnail folders): a crash in
between leaves only files no row refers to, which the next start removes. On a full disk the
row's delete cannot be written (SQLite needs room in its write-ahead log), so nothing could be
deleted to make room. Then the stored data goes first and the delete is tried once more.

If that fails too, or the server dies in between, the row outlives its data; nothing is ever
served from the missing data: its thumbnails answer 404 like deleted ones, and a job on a
file without its upload fails with a reason. A DELETE finishes it once there is room, and a
file whose upload is gone is removed at the next start (`finish_interrupted`): an upload is
stored before its row is written, so only such a delete leaves a row without its upload.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from typing import TypeVar

from .errors import ApiError
from .failures import DISK_FULL_REASON, is_disk_full
from .paths import DataDir
from .store import FileRow, JobKind, Store

log = logging.getLogger("cloudglue_emulator")
T = TypeVar("T")

DATA_FREED_MESSAGE = (
    f"Insufficient storage: {DISK_FULL_REASON}; the {{what}}'s stored data was removed to make"
    " room, but its record could not be. Free some space and DELETE it again."
)


def _freeing_space(what: str, delete: Callable[[], T], free: Callable[[], None]) -> T:
    """`delete()`; on a full disk, `free()` the stored data and `delete()` once more."""
    try:
        return delete()
    except (sqlite3.Error, OSError) as exc:
        if not is_disk_full(exc):
            raise
    log.warning("the disk is full: removing the %s's stored data before its record", what)
    free()
    try:
        return delete()
    except (sqlite3.Error, OSError) as exc:
        if not is_disk_full(exc):
            raise
        raise ApiError(507, DATA_FREED_MESSAGE.format(what=what)) from None


def delete_file(store: Store, data: DataDir, file_id: str) -> FileRow | None:
    """Delete a file, its jobs and all their stored data; None if there is no such file."""

    def remove(found: tuple[FileRow, list[str]] | None) -> None:
        if found is not None:
            row, job_ids = found
            data.upload(row.storage_name).unlink(missing_ok=True)
            data.remove_thumbs([row.id, *job_ids])

    deleted = _freeing_space(
        "file", lambda: store.delete_file(file_id), lambda: remove(store.file_with_jobs(file_id))
    )
    remove(deleted)
    return None if deleted is None else deleted[0]


def delete_job(store: Store, data: DataDir, job_id: str, kind: JobKind) -> bool:
    """Delete a job, its results and its thumbnails; False if there is no such job."""

    def free() -> None:
        if store.get_job(job_id, kind) is not None:
            data.remove_thumbs([job_id])

    if not _freeing_space("job", lambda: store.delete_job(job_id, kind), free):
        return False
    data.remove_thumbs([job_id])
    return True


def finish_interrupted(store: Store, data: DataDir) -> None:
    """At start: remove the files whose upload is gone (a delete on a full disk that could not
    remove the row), with their jobs and thumbnails."""
    present = {entry.name for entry in data.uploads.iterdir()}
    for file_id, name in store.storage_names().items():
        if name in present:
            continue
        log.warning("file %s: its upload is gone (an unfinished delete); removing it", file_id)
        try:
            delete_file(store, data, file_id)
        except ApiError:
            log.warning("file %s: the disk is still full; the next start tries again", file_id)
