"""Deleting a file or a job, on a full disk too.

The row goes first, then the stored data (the upload, the thumbnail folders): a crash in
between leaves only files no row refers to, which the next start removes. On a full disk the
row's delete cannot be written (SQLite needs room in its write-ahead log), so nothing could be
deleted to make room. Then the stored data goes first and the delete is tried once more.

If that fails too, the row outlives its data, and it no longer claims that data: the file
and each job whose data was removed turn `failed` (the one status every kind has that says
"nothing to serve"; openapi.yaml has no `deleted`) with `FREED_REASON`, without results or
thumbnails, and an identical create starts a new job instead of returning it. While the disk
cannot take even that write, it is shown (`Store.fail_job`, kept failures) and written once
there is room. A DELETE finishes the delete once there is room, and the next start finishes
it for a file whose upload is gone and a job whose thumbnails are gone
(`finish_interrupted`): an upload is stored before its row is written and thumbnails before
theirs, so only such a delete leaves a row without its data.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from .errors import ApiError
from .failures import DISK_FULL_REASON, is_disk_full
from .paths import DataDir
from .store import FileRow, JobKind, Store

log = logging.getLogger("cloudglue_emulator")
T = TypeVar("T")

DATA_FREED_MESSAGE = (
    f"Insufficient storage: {DISK_FULL_REASON}; the {{what}}'s stored data was removed to make"
    " room, but its record could not be, so it shows as failed. Free some space and DELETE it"
    " again."
)
FREED_REASON = (
    "a DELETE removed its stored data but could not remove its record (the emulator's data dir"
    " is full); DELETE it again"
)


@dataclass(frozen=True)
class Freed:
    """What `free()` removed the stored data of."""

    file_ids: list[str] = field(default_factory=list)
    job_ids: list[str] = field(default_factory=list)


def _freeing_space(
    store: Store, what: str, delete: Callable[[], T], free: Callable[[], Freed]
) -> T:
    """`delete()`; on a full disk, `free()` the stored data and `delete()` once more. When
    that fails too, what was freed is failed with `FREED_REASON` and the answer is a 507."""
    try:
        return delete()
    except (sqlite3.Error, OSError) as exc:
        if not is_disk_full(exc):
            raise
    log.warning("the disk is full: removing the %s's stored data before its record", what)
    freed = free()
    try:
        return delete()
    except (sqlite3.Error, OSError) as exc:
        if not is_disk_full(exc):
            raise
    for file_id in freed.file_ids:
        store.fail_file(file_id, FREED_REASON)
    for job_id in freed.job_ids:
        store.fail_job(job_id, FREED_REASON)
    raise ApiError(507, DATA_FREED_MESSAGE.format(what=what))


def delete_file(store: Store, data: DataDir, file_id: str) -> FileRow | None:
    """Delete a file, its jobs and all their stored data; None if there is no such file."""

    def remove(found: tuple[FileRow, list[str]] | None) -> Freed:
        if found is None:
            return Freed()
        row, job_ids = found
        data.upload(row.storage_name).unlink(missing_ok=True)
        data.remove_thumbs([row.id, *job_ids])
        return Freed([row.id], job_ids)

    deleted = _freeing_space(
        store,
        "file",
        lambda: store.delete_file(file_id),
        lambda: remove(store.file_with_jobs(file_id)),
    )
    remove(deleted)
    return None if deleted is None else deleted[0]


def delete_job(store: Store, data: DataDir, job_id: str, kind: JobKind) -> bool:
    """Delete a job, its results and its thumbnails; False if there is no such job."""

    def free() -> Freed:
        if store.get_job(job_id, kind) is None:
            return Freed()
        data.remove_thumbs([job_id])
        return Freed(job_ids=[job_id])

    if not _freeing_space(store, "job", lambda: store.delete_job(job_id, kind), free):
        return False
    data.remove_thumbs([job_id])
    return True


def finish_interrupted(store: Store, data: DataDir) -> None:
    """At start: remove the files whose upload is gone and the jobs whose thumbnails are gone
    (deletes on a full disk that could not remove the row), with what they own."""
    present = {entry.name for entry in data.uploads.iterdir()}
    for file_id, name in store.storage_names().items():
        if name in present:
            continue
        log.warning("file %s: its upload is gone (an unfinished delete); removing it", file_id)
        try:
            delete_file(store, data, file_id)
        except ApiError:
            log.warning("file %s: the disk is still full; the next start tries again", file_id)
    for kind, job_id in store.thumbnailed_jobs():
        if data.owner_thumbs(job_id).is_dir():
            continue
        log.warning("job %s: its thumbnails are gone (an unfinished delete); removing it", job_id)
        try:
            delete_job(store, data, job_id, kind)
        except ApiError:
            log.warning("job %s: the disk is still full; the next start tries again", job_id)
