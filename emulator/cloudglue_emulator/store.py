"""SQLite state of the emulator: files, jobs, their results and thumbnails (stdlib sqlite3, WAL).

One connection shared by the request thread and the worker threads, serialized by a lock
(requests reach it through `Runtime.db`, never on the event loop); every multi-row change is
one transaction, so a crash leaves either the old or the new state.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

from .failures import damaged, is_disk_full, open_error
from .rows import (
    FileQuery,
    FileRow,
    FileSegment,
    FileThumb,
    FrameRow,
    JobKind,
    JobRow,
    SegmentQuery,
    SegmentRow,
    ShotRow,
    TaskKind,
    ThumbKind,
    ThumbQuery,
    ThumbRow,
    dumps_json,
    file_row,
    file_segment_row,
    job_row,
    thumb_row,
)
from .schema import migrate
from .settings import DEFAULT_LOCK_WAIT_SECONDS

__all__ = [
    "FileQuery",
    "FileRow",
    "FileSegment",
    "FileThumb",
    "FrameRow",
    "JobKind",
    "JobRow",
    "SegmentQuery",
    "SegmentRow",
    "ShotRow",
    "Store",
    "TaskKind",
    "ThumbKind",
    "ThumbQuery",
    "ThumbRow",
]

MAX_SQL_INT = 2**62
"""Offsets beyond this are clamped (SQLite integers are 64-bit); the page is empty anyway."""


def _page(limit: int, offset: int) -> tuple[int, int]:
    return min(limit, MAX_SQL_INT), min(offset, MAX_SQL_INT)


def _both(
    first: Callable[[FileRow], bool] | None, second: Callable[[FileRow], bool]
) -> Callable[[FileRow], bool]:
    """A predicate that holds where both hold (`first` may be absent)."""
    if first is None:
        return second
    return lambda f: first(f) and second(f)


class Store:
    """Typed access to the emulator's SQLite database."""

    def __init__(self, path: Path, lock_wait: float = DEFAULT_LOCK_WAIT_SECONDS) -> None:
        """Open (or create) the database and check it; StoreError with a one-line reason if it
        is damaged, or locked by another process for longer than `lock_wait` seconds."""
        self._lock = threading.RLock()
        self.lock_wait = lock_wait
        self._kept: dict[tuple[str, str], str] = {}
        """Failures a full disk kept from being written: (table, id) -> reason."""
        try:
            self._conn = sqlite3.connect(
                str(path), isolation_level=None, check_same_thread=False, timeout=lock_wait
            )
        except sqlite3.Error as exc:
            raise open_error(exc, path, lock_wait) from None
        try:
            self._open(path)
        except BaseException as exc:
            self._conn.close()
            if isinstance(exc, sqlite3.Error):
                raise open_error(exc, path, lock_wait) from None
            raise

    def _open(self, path: Path) -> None:
        self._conn.row_factory = sqlite3.Row
        self._conn.execute("PRAGMA journal_mode=WAL")
        # NORMAL, not FULL: in WAL mode every commit still survives the process being killed
        # (kill -9 included) and stays atomic; only an OS crash or power loss may drop the last
        # commits. FULL would fsync on every commit and serialize concurrent job creations
        # behind the disk.
        self._conn.execute("PRAGMA synchronous=NORMAL")
        self._conn.execute("PRAGMA foreign_keys=OFF")
        # Damage in the middle of the file would otherwise be served until a query hits it.
        problems = [row[0] for row in self._conn.execute("PRAGMA quick_check(3)")]
        if problems != ["ok"]:
            found = " ".join(" ".join(map(str, problems)).split())  # on one line
            raise damaged(path, f"quick_check: {found}")
        migrate(self._conn)

    def close(self) -> None:
        """Close the connection (it checkpoints the WAL)."""
        with self._lock:
            self._conn.close()

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        """One write transaction; rolled back on any error, a failed COMMIT included (SQLite
        keeps the transaction open when COMMIT fails, e.g. on a full disk, and every later
        BEGIN would fail)."""
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
                self._conn.execute("COMMIT")
            except BaseException:
                if self._conn.in_transaction:
                    self._conn.execute("ROLLBACK")
                raise

    def _all(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        with self._lock:
            return list(self._conn.execute(sql, params).fetchall())

    def _one(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Row | None:
        with self._lock:
            row: sqlite3.Row | None = self._conn.execute(sql, params).fetchone()
            return row

    # ---- files -------------------------------------------------------------------------

    def insert_file(self, f: FileRow) -> None:
        """Insert a new file row."""
        seg = None if f.segment_thumbnails is None else int(f.segment_thumbnails)
        with self._tx() as conn:
            conn.execute(
                "INSERT INTO files (id, status, filename, bytes, created_at, metadata, media,"
                " storage_name, segment_thumbnails, thumbnail_token, error, attempts)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    f.id,
                    f.status,
                    f.filename,
                    f.bytes,
                    f.created_at,
                    None if f.metadata is None else dumps_json(f.metadata),
                    dumps_json(f.media),
                    f.storage_name,
                    seg,
                    f.thumbnail_token,
                    f.error,
                    f.attempts,
                ),
            )

    def get_file(self, file_id: str) -> FileRow | None:
        """The file with this id, or None."""
        self._settle()
        row = self._one("SELECT * FROM files WHERE id = ?", (file_id,))
        return None if row is None else self._shown_file(file_row(row))

    def update_file(
        self, file_id: str, filename: str | None, metadata: dict[str, Any] | None
    ) -> FileRow | None:
        """Rename a file and/or replace its metadata (None keeps a value), in one transaction;
        the updated file, or None if there is no such file (then nothing is written)."""
        changes: dict[str, Any] = {}
        if filename is not None:
            changes["filename"] = filename
        if metadata is not None:
            changes["metadata"] = dumps_json(metadata)
        with self._tx() as conn:
            if changes:
                assignments = ", ".join(f"{column} = ?" for column in changes)
                conn.execute(
                    f"UPDATE files SET {assignments} WHERE id = ?", [*changes.values(), file_id]
                )
            row = conn.execute("SELECT * FROM files WHERE id = ?", (file_id,)).fetchone()
        return None if row is None else self._shown_file(file_row(row))

    def list_files(
        self,
        query: FileQuery,
        limit: int,
        offset: int,
        keep: Callable[[FileRow], bool] | None = None,
    ) -> tuple[list[FileRow], int]:
        """One page of files and the total that match `query` (and `keep`, applied in Python)."""
        self._settle()
        where: list[str] = ["1 = 1"]
        params: list[Any] = []
        status = query.status
        if status is not None and self._keeps("files"):
            # A kept failure shows a file as failed that its row calls processing: filter
            # on the shown status.
            keep = _both(keep, lambda f: f.status == status)
        elif status is not None:
            where.append("status = ?")
            params.append(status)
        if query.created_from_ms is not None:
            where.append("created_at >= ?")
            params.append(query.created_from_ms)
        if query.created_before_ms is not None:
            where.append("created_at < ?")
            params.append(query.created_before_ms)
        direction = "DESC" if query.descending else "ASC"
        column = "filename" if query.order == "filename" else "created_at"
        sql = (
            f"SELECT * FROM files WHERE {' AND '.join(where)}"
            f" ORDER BY {column} {direction}, seq {direction}"
        )
        if keep is not None:
            shown = (self._shown_file(file_row(r)) for r in self._all(sql, params))
            rows = [f for f in shown if keep(f)]
            return rows[offset : offset + limit], len(rows)
        lim, off = _page(limit, offset)
        with self._lock:
            count = self._one(f"SELECT COUNT(*) FROM files WHERE {' AND '.join(where)}", params)
            page = self._all(sql + " LIMIT ? OFFSET ?", [*params, lim, off])
        total = int(count[0]) if count else 0
        return [self._shown_file(file_row(r)) for r in page], total

    def claim_file(self, file_id: str) -> FileRow | None:
        """Move a pending or processing file to `processing` (counting the attempt)."""
        with self._tx() as conn:
            conn.execute(
                "UPDATE files SET status = 'processing', attempts = attempts + 1"
                " WHERE id = ? AND status IN ('pending', 'processing')",
                (file_id,),
            )
            row = conn.execute(
                "SELECT * FROM files WHERE id = ? AND status = 'processing'", (file_id,)
            ).fetchone()
        return None if row is None else file_row(row)

    def finish_file(self, file_id: str, thumb: ThumbRow | None) -> bool:
        """Mark a file completed with its thumbnail; False if it was deleted meanwhile."""
        with self._tx() as conn:
            if conn.execute("SELECT 1 FROM files WHERE id = ?", (file_id,)).fetchone() is None:
                return False
            if thumb is not None:
                self._insert_thumbs(conn, [thumb])
            conn.execute(
                "UPDATE files SET status = 'completed', error = NULL, thumbnail_token = ?"
                " WHERE id = ?",
                (None if thumb is None else thumb.token, file_id),
            )
        return True

    def fail_file(self, file_id: str, reason: str) -> bool:
        """Mark a file failed with a reason; False if a full disk kept it from being written
        (see `_fail`)."""
        return self._fail("files", file_id, reason)

    def file_with_jobs(self, file_id: str) -> tuple[FileRow, list[str]] | None:
        """A file as stored and the ids of its jobs (reads only), or None."""
        with self._lock:
            row = self._one("SELECT * FROM files WHERE id = ?", (file_id,))
            jobs = self._all("SELECT id FROM jobs WHERE file_id = ?", (file_id,))
        return None if row is None else (file_row(row), [r["id"] for r in jobs])

    def delete_file(self, file_id: str) -> tuple[FileRow, list[str]] | None:
        """Delete a file, its jobs and their results; returns the row and the job ids."""
        with self._tx() as conn:
            row = conn.execute("SELECT * FROM files WHERE id = ?", (file_id,)).fetchone()
            if row is None:
                return None
            job_ids = [
                r["id"] for r in conn.execute("SELECT id FROM jobs WHERE file_id = ?", (file_id,))
            ]
            self._delete_owned(conn, [file_id, *job_ids])
            conn.execute("DELETE FROM jobs WHERE file_id = ?", (file_id,))
            conn.execute("DELETE FROM files WHERE id = ?", (file_id,))
        return file_row(row), job_ids

    # ---- jobs --------------------------------------------------------------------------

    def insert_job(self, job: JobRow) -> JobRow:
        """Insert a job; with a `dedupe_key`, return an existing job with the same key instead.

        A failed job is not reused: an identical request after a failure starts a new job.
        """
        with self._tx() as conn:
            if job.dedupe_key is not None:
                failed = self._kept_ids("jobs")
                row = conn.execute(
                    "SELECT * FROM jobs WHERE file_id = ? AND kind = ? AND dedupe_key = ?"
                    f" AND status != 'failed' AND id NOT IN ({','.join('?' * len(failed))})"
                    " ORDER BY seq DESC LIMIT 1",
                    (job.file_id, job.kind, job.dedupe_key, *failed),
                ).fetchone()
                if row is not None:
                    return job_row(row)
            conn.execute(
                "INSERT INTO jobs (id, kind, file_id, status, created_at, config,"
                " thumbnails_config, dedupe_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    job.id,
                    job.kind,
                    job.file_id,
                    job.status,
                    job.created_at,
                    dumps_json(job.config),
                    None if job.thumbnails_config is None else dumps_json(job.thumbnails_config),
                    job.dedupe_key,
                ),
            )
        return job

    def get_job(self, job_id: str, kind: JobKind) -> JobRow | None:
        """The job of this kind with this id, or None."""
        self._settle()
        row = self._one("SELECT * FROM jobs WHERE id = ? AND kind = ?", (job_id, kind))
        return None if row is None else self._shown_job(job_row(row))

    def list_jobs(
        self, file_id: str, kind: JobKind, limit: int, offset: int
    ) -> tuple[list[JobRow], int]:
        """One page of a file's jobs of one kind, newest first, and their total."""
        self._settle()
        lim, off = _page(limit, offset)
        with self._lock:
            rows = self._all(
                "SELECT * FROM jobs WHERE file_id = ? AND kind = ?"
                " ORDER BY seq DESC LIMIT ? OFFSET ?",
                (file_id, kind, lim, off),
            )
            total = self._one(
                "SELECT COUNT(*) FROM jobs WHERE file_id = ? AND kind = ?", (file_id, kind)
            )
        return [self._shown_job(job_row(r)) for r in rows], int(total[0]) if total else 0

    def claim_job(self, job_id: str) -> JobRow | None:
        """Move a pending (or interrupted) job to `processing`, counting the attempt."""
        with self._tx() as conn:
            conn.execute(
                "UPDATE jobs SET status = 'processing', attempts = attempts + 1"
                " WHERE id = ? AND status IN ('pending', 'processing')",
                (job_id,),
            )
            row = conn.execute(
                "SELECT * FROM jobs WHERE id = ? AND status = 'processing'", (job_id,)
            ).fetchone()
        return None if row is None else job_row(row)

    def finish_frames(
        self, job_id: str, frames: Sequence[FrameRow], thumbs: Sequence[ThumbRow]
    ) -> bool:
        """Store a frame extraction's frames and mark it completed; False if it is gone."""
        with self._tx() as conn:
            if conn.execute("SELECT 1 FROM jobs WHERE id = ?", (job_id,)).fetchone() is None:
                return False
            self._delete_owned(conn, [job_id])
            self._insert_thumbs(conn, thumbs)
            conn.executemany(
                "INSERT INTO frames (job_id, idx, id, timestamp, thumbnail_token)"
                " VALUES (?, ?, ?, ?, ?)",
                [(job_id, f.idx, f.id, f.timestamp, f.thumbnail_token) for f in frames],
            )
            conn.execute(
                "UPDATE jobs SET status = 'completed', result_count = ?, error = NULL WHERE id = ?",
                (len(frames), job_id),
            )
        return True

    def finish_segmentation(
        self,
        job_id: str,
        status: str,
        segments: Sequence[SegmentRow],
        shots: Sequence[ShotRow] | None,
        thumbs: Sequence[ThumbRow],
    ) -> bool:
        """Store a segmentation's results with its final status; False if it is gone."""
        with self._tx() as conn:
            if conn.execute("SELECT 1 FROM jobs WHERE id = ?", (job_id,)).fetchone() is None:
                return False
            self._delete_owned(conn, [job_id])
            self._insert_thumbs(conn, thumbs)
            conn.executemany(
                "INSERT INTO segments (job_id, idx, id, start_time, end_time, thumbnail_token)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                [
                    (job_id, s.idx, s.id, s.start_time, s.end_time, s.thumbnail_token)
                    for s in segments
                ],
            )
            conn.executemany(
                "INSERT INTO shots (job_id, idx, start_time, end_time) VALUES (?, ?, ?, ?)",
                [(job_id, s.idx, s.start_time, s.end_time) for s in shots or ()],
            )
            conn.execute(
                "UPDATE jobs SET status = ?, result_count = ?, shot_count = ?, error = NULL"
                " WHERE id = ?",
                (status, len(segments), None if shots is None else len(shots), job_id),
            )
        return True

    def fail_job(self, job_id: str, reason: str) -> bool:
        """Mark a job failed with a reason; False if a full disk kept it from being written
        (see `_fail`)."""
        return self._fail("jobs", job_id, reason)

    def delete_job(self, job_id: str, kind: JobKind) -> bool:
        """Delete a job and its results; False if there is no such job."""
        with self._tx() as conn:
            found = conn.execute(
                "SELECT 1 FROM jobs WHERE id = ? AND kind = ?", (job_id, kind)
            ).fetchone()
            if found is None:
                return False
            self._delete_owned(conn, [job_id])
            conn.execute("DELETE FROM jobs WHERE id = ?", (job_id,))
        return True

    # ---- results -----------------------------------------------------------------------

    # A job's frames and segments are written in one transaction with idx = 0, 1, ... n-1
    # (finish_frames / finish_segmentation), so the page at `offset` starts at idx == offset:
    # a range seek on the primary key. `LIMIT ? OFFSET ?` would step over `offset` rows on
    # every request, making a full read of a long job quadratic.

    def page_frames(self, job_id: str, limit: int, offset: int) -> list[FrameRow]:
        """One page of a job's frames in time order."""
        lim, off = _page(limit, offset)
        rows = self._all(
            "SELECT idx, id, timestamp, thumbnail_token FROM frames"
            " WHERE job_id = ? AND idx >= ? ORDER BY idx LIMIT ?",
            (job_id, off, lim),
        )
        return [FrameRow(*row) for row in rows]

    def page_segments(self, job_id: str, limit: int, offset: int) -> list[SegmentRow]:
        """One page of a segmentation's segments in time order."""
        lim, off = _page(limit, offset)
        rows = self._all(
            "SELECT idx, id, start_time, end_time, thumbnail_token FROM segments"
            " WHERE job_id = ? AND idx >= ? ORDER BY idx LIMIT ?",
            (job_id, off, lim),
        )
        return [SegmentRow(*row) for row in rows]

    def shots(self, job_id: str) -> list[ShotRow]:
        """Every detected shot of a segmentation."""
        rows = self._all(
            "SELECT idx, start_time, end_time FROM shots WHERE job_id = ? ORDER BY idx", (job_id,)
        )
        return [ShotRow(*row) for row in rows]

    # ---- a file's segments and thumbnails ------------------------------------------------

    # The segments of a file are those of its completed segmentations (a segmentation writes
    # its segments and `completed` in one transaction, so there are no others). Segment times
    # are stored rounded to the microsecond; durations are compared at that precision, so
    # 0.3 - 0.1 counts as 0.2 s.
    _FILE_SEGMENTS = (
        "SELECT s.id, j.file_id, s.job_id, s.start_time, s.end_time, s.thumbnail_token,"
        " s.metadata FROM segments s JOIN jobs j ON j.id = s.job_id"
        " WHERE j.file_id = ? AND j.kind = 'segmentation' AND j.status = 'completed'"
    )

    def page_file_segments(
        self, file_id: str, query: SegmentQuery, limit: int, offset: int
    ) -> tuple[list[FileSegment], int]:
        """One page of a file's segments that pass `query`, in time order, and their total.

        Ordered by start, then end, then segmentation (oldest first) and position in it, so
        pages are stable while segmentations come and go.
        """
        segments, params = self._file_segments(file_id)
        where: list[str] = [segments]
        bounds = (
            ("s.start_time >= ?", query.start_from),
            ("s.end_time <= ?", query.end_by),
            ("ROUND(s.end_time - s.start_time, 6) >= ?", query.min_duration),
            ("ROUND(s.end_time - s.start_time, 6) <= ?", query.max_duration),
        )
        for condition, value in bounds:
            if value is not None:
                where.append(condition)
                params.append(value)
        sql = " AND ".join(where)
        lim, off = _page(limit, offset)
        with self._lock:
            rows = self._all(
                f"{sql} ORDER BY s.start_time, s.end_time, j.seq, s.idx LIMIT ? OFFSET ?",
                [*params, lim, off],
            )
            count = self._one(f"SELECT COUNT(*) FROM ({sql})", params)
        return [file_segment_row(r) for r in rows], int(count[0]) if count else 0

    def file_segment(self, file_id: str, segment_id: str) -> FileSegment | None:
        """One segment of a file, or None."""
        segments, params = self._file_segments(file_id)
        row = self._one(f"{segments} AND s.id = ?", [*params, segment_id])
        return None if row is None else file_segment_row(row)

    def _file_segments(self, file_id: str) -> tuple[str, list[Any]]:
        """The query of a file's segments and its parameters (without the segmentations whose
        failure is kept: they own nothing)."""
        not_kept, kept = self._not_kept("j.id")
        return f"{self._FILE_SEGMENTS} AND {not_kept}", [file_id, *kept]

    def update_file_segment(
        self, file_id: str, segment_id: str, metadata: dict[str, Any] | None
    ) -> FileSegment | None:
        """Replace a segment's metadata (None keeps it); the segment, or None if the file has
        no such segment (then nothing is written)."""
        if metadata is None:
            return self.file_segment(file_id, segment_id)
        segments, params = self._file_segments(file_id)
        with self._tx() as conn:
            row = conn.execute(f"{segments} AND s.id = ?", [*params, segment_id]).fetchone()
            if row is None:
                return None
            conn.execute(
                "UPDATE segments SET metadata = ? WHERE job_id = ? AND id = ?",
                (dumps_json(metadata), row["job_id"], segment_id),
            )
        return replace(file_segment_row(row), metadata=metadata)

    def page_file_thumbnails(
        self, file_id: str, query: ThumbQuery, limit: int, offset: int
    ) -> tuple[list[FileThumb], int]:
        """One page of a file's thumbnails (its own and those of its jobs) that pass `query`,
        in time order, and their total."""
        if query.default_only:
            owners, owner_params = "SELECT ?", [file_id]
        else:
            owners = "SELECT ? UNION ALL SELECT id FROM jobs WHERE file_id = ?"
            owner_params = [file_id, file_id]
        not_kept, kept = self._not_kept("t.owner_id")
        where = [f"t.owner_id IN ({owners})", not_kept]
        params: list[Any] = [*owner_params, *kept]
        if query.default_only:
            where.append("t.kind = 'file'")
        if query.segmentation_id is not None:
            where.append("j.id = ?")
            params.append(query.segmentation_id)
        if query.kinds is not None:
            where.append(f"t.kind IN ({','.join('?' * len(query.kinds))})")
            params.extend(query.kinds)
        source = (
            "FROM thumbnails t LEFT JOIN jobs j ON j.id = t.owner_id AND j.kind = 'segmentation'"
            f" WHERE {' AND '.join(where)}"
        )
        lim, off = _page(limit, offset)
        with self._lock:
            rows = self._all(
                f"SELECT t.*, j.id AS segmentation_id {source}"
                " ORDER BY t.time, t.seq LIMIT ? OFFSET ?",
                [*params, lim, off],
            )
            count = self._one(f"SELECT COUNT(*) {source}", params)
        found = [FileThumb(thumb_row(r), r["segmentation_id"]) for r in rows]
        return found, int(count[0]) if count else 0

    def page_thumbnails(
        self,
        owner_id: str,
        kinds: Sequence[str] | None,
        segment_ids: Sequence[str] | None,
        limit: int,
        offset: int,
    ) -> tuple[list[ThumbRow], int]:
        """One page of an owner's thumbnails (optionally of some kinds / segments) and the total."""
        not_kept, kept = self._not_kept("owner_id")
        where, params = ["owner_id = ?", not_kept], [owner_id, *kept]
        if kinds is not None:
            where.append(f"kind IN ({','.join('?' * len(kinds))})")
            params.extend(kinds)
        if segment_ids is not None:
            where.append(f"segment_id IN ({','.join('?' * len(segment_ids))})")
            params.extend(segment_ids)
        clause = " AND ".join(where)
        lim, off = _page(limit, offset)
        rows = self._all(
            f"SELECT * FROM thumbnails WHERE {clause} ORDER BY time, seq LIMIT ? OFFSET ?",
            [*params, lim, off],
        )
        total = self._one(f"SELECT COUNT(*) FROM thumbnails WHERE {clause}", params)
        return [thumb_row(r) for r in rows], int(total[0]) if total else 0

    def thumbnail(self, token: str) -> ThumbRow | None:
        """The thumbnail served under `token`, or None."""
        row = self._one("SELECT * FROM thumbnails WHERE token = ?", (token,))
        return None if row is None else thumb_row(row)

    def owner_ids(self) -> set[str]:
        """Ids of every file and job (for cleaning up orphaned thumbnail folders)."""
        rows = self._all("SELECT id FROM files UNION SELECT id FROM jobs")
        return {r["id"] for r in rows}

    # ---- recovery ----------------------------------------------------------------------

    def recover(
        self, max_attempts: int, reason: str
    ) -> tuple[list[str], list[tuple[JobKind, str]]]:
        """After a restart: fail what was tried `max_attempts` times, reset the rest to pending.

        Returns the ids of the files and the (kind, id) of the jobs to run again, oldest first.
        """
        with self._tx() as conn:
            for table in ("files", "jobs"):
                conn.execute(
                    f"UPDATE {table} SET status = 'failed', error = ?"
                    " WHERE status IN ('pending', 'processing') AND attempts >= ?",
                    (reason, max_attempts),
                )
                conn.execute(f"UPDATE {table} SET status = 'pending' WHERE status = 'processing'")
            files = conn.execute("SELECT id FROM files WHERE status = 'pending' ORDER BY seq")
            file_ids = [r["id"] for r in files]
            jobs = conn.execute("SELECT kind, id FROM jobs WHERE status = 'pending' ORDER BY seq")
            job_ids = [(r["kind"], r["id"]) for r in jobs]
        return file_ids, job_ids

    def thumbnailed_jobs(self) -> list[tuple[JobKind, str]]:
        """The (kind, id) of every job with thumbnails (for the cleanup at start)."""
        rows = self._all(
            "SELECT DISTINCT j.kind, j.id FROM jobs j JOIN thumbnails t ON t.owner_id = j.id"
        )
        return [(r["kind"], r["id"]) for r in rows]

    def storage_names(self) -> dict[str, str]:
        """Every file's stored upload name, by file id (for the cleanup at start)."""
        rows = self._all("SELECT id, storage_name FROM files")
        return {r["id"]: r["storage_name"] for r in rows}

    # ---- failures a full disk kept back ------------------------------------------------

    # A task that fails must end `failed` with its reason. When even that write fails on a
    # full disk, the reason is kept here: every read shows the file or job as failed with it
    # (so a client's wait ends), and the write is tried again on each read and by the job
    # runner until the disk allows it. A restart forgets what was kept; the task, still
    # `processing` in the database, is then run again (and counted) like any interrupted one.
    #
    # A failed file or job owns no results and no thumbnails. Tasks fail before they write
    # any; a completed file or job is failed only when a DELETE removed its stored data but
    # not its row (`deletion`): its failure drops the rows that point at the missing data, and
    # while it is kept, reads leave them out.

    def _fail(self, table: str, ident: str, reason: str) -> bool:
        """Write a failure; on a full disk keep it (and return False) instead of raising."""
        with self._lock:
            try:
                self._write_failure(table, ident, reason)
            except (sqlite3.Error, OSError) as exc:
                if not is_disk_full(exc):
                    raise
                self._kept[(table, ident)] = reason
                return False
            self._kept.pop((table, ident), None)
            return True

    def _write_failure(self, table: str, ident: str, reason: str) -> None:
        """The one write that marks a file or job failed, owning nothing."""
        owned = ", thumbnail_token = NULL" if table == "files" else ""
        with self._tx() as conn:
            self._delete_owned(conn, [ident])
            conn.execute(
                f"UPDATE {table} SET status = 'failed', error = ?{owned} WHERE id = ?",
                (reason, ident),
            )

    def _keeps(self, table: str) -> bool:
        return bool(self._kept_ids(table))

    def _not_kept(self, column: str) -> tuple[str, list[str]]:
        """A condition that `column` is no file or job whose failure is kept, and its
        parameters."""
        with self._lock:
            ids = [ident for _, ident in self._kept]
        return f"{column} NOT IN ({','.join('?' * len(ids))})", ids

    def _kept_ids(self, table: str) -> list[str]:
        """Ids of the table's rows whose failure is kept (the workers change the dict)."""
        with self._lock:
            return [ident for kept_table, ident in self._kept if kept_table == table]

    @property
    def kept_failures(self) -> int:
        """How many failures wait for disk space to be written."""
        return len(self._kept)

    def write_kept_failures(self) -> bool:
        """Try to write the failures a full disk kept back; True when none is left."""
        with self._lock:
            for (table, ident), reason in list(self._kept.items()):
                if not self._fail(table, ident, reason):
                    return False
            return True

    def _settle(self) -> None:
        """Before a read: write kept failures if the disk allows it now (best effort: what
        cannot be written stays kept, and the read goes on)."""
        if self._kept:
            with contextlib.suppress(sqlite3.Error, OSError):
                self.write_kept_failures()

    def _shown_file(self, f: FileRow) -> FileRow:
        reason = self._kept.get(("files", f.id))
        if reason is None:
            return f
        return replace(f, status="failed", error=reason, thumbnail_token=None)

    def _shown_job(self, job: JobRow) -> JobRow:
        reason = self._kept.get(("jobs", job.id))
        return job if reason is None else replace(job, status="failed", error=reason)

    # ---- helpers -----------------------------------------------------------------------

    @staticmethod
    def _insert_thumbs(conn: sqlite3.Connection, thumbs: Sequence[ThumbRow]) -> None:
        conn.executemany(
            "INSERT INTO thumbnails (token, id, owner_id, kind, segment_id, time, rel_path)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(t.token, t.id, t.owner_id, t.kind, t.segment_id, t.time, t.rel_path) for t in thumbs],
        )

    @staticmethod
    def _delete_owned(conn: sqlite3.Connection, owner_ids: Sequence[str]) -> None:
        """Delete the results and thumbnail rows of these owners."""
        for owner in owner_ids:
            conn.execute("DELETE FROM thumbnails WHERE owner_id = ?", (owner,))
            for table in ("frames", "segments", "shots"):
                conn.execute(f"DELETE FROM {table} WHERE job_id = ?", (owner,))
