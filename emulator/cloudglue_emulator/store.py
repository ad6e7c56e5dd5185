"""SQLite state of the emulator: files, jobs, their results and thumbnails (stdlib sqlite3, WAL).

One connection shared by the request thread and the worker threads, serialized by a lock
(requests reach it through `Runtime.db`, never on the event loop); every multi-row change is
one transaction, so a crash leaves either the old or the new state.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, NamedTuple

from .failures import damaged, open_error
from .settings import DEFAULT_LOCK_WAIT_SECONDS

JobKind = Literal["frames", "segmentation"]
ThumbKind = Literal["file", "frame", "segment", "keyframe"]
TaskKind = Literal["file", "frames", "segmentation"]
"""What the job runner works on: a file's processing or a job."""

MAX_SQL_INT = 2**62
"""Offsets beyond this are clamped (SQLite integers are 64-bit); the page is empty anyway."""

_SCHEMA = """
CREATE TABLE IF NOT EXISTS files (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL,
    filename TEXT NOT NULL,
    bytes INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    metadata TEXT,
    media TEXT NOT NULL,
    storage_name TEXT NOT NULL,
    segment_thumbnails INTEGER,
    thumbnail_token TEXT,
    error TEXT,
    attempts INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS jobs (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    file_id TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    config TEXT NOT NULL,
    thumbnails_config TEXT,
    dedupe_key TEXT,
    result_count INTEGER,
    shot_count INTEGER,
    error TEXT,
    attempts INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS jobs_by_file ON jobs (file_id, kind, seq);
CREATE INDEX IF NOT EXISTS jobs_by_key ON jobs (file_id, dedupe_key);
CREATE TABLE IF NOT EXISTS frames (
    job_id TEXT NOT NULL,
    idx INTEGER NOT NULL,
    id TEXT NOT NULL,
    timestamp REAL NOT NULL,
    thumbnail_token TEXT,
    PRIMARY KEY (job_id, idx)
);
CREATE TABLE IF NOT EXISTS segments (
    job_id TEXT NOT NULL,
    idx INTEGER NOT NULL,
    id TEXT NOT NULL,
    start_time REAL NOT NULL,
    end_time REAL NOT NULL,
    thumbnail_token TEXT,
    PRIMARY KEY (job_id, idx)
);
CREATE TABLE IF NOT EXISTS shots (
    job_id TEXT NOT NULL,
    idx INTEGER NOT NULL,
    start_time REAL NOT NULL,
    end_time REAL NOT NULL,
    PRIMARY KEY (job_id, idx)
);
CREATE TABLE IF NOT EXISTS thumbnails (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    token TEXT NOT NULL UNIQUE,
    id TEXT NOT NULL,
    owner_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    segment_id TEXT,
    time REAL NOT NULL,
    rel_path TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS thumbnails_by_owner ON thumbnails (owner_id, kind, seq);
"""


@dataclass(frozen=True)
class FileRow:
    """One uploaded file. `media` is the probed info as a JSON-able dict."""

    id: str
    status: str
    filename: str
    bytes: int
    created_at: int
    metadata: dict[str, Any] | None
    media: dict[str, Any]
    storage_name: str
    segment_thumbnails: bool | None = None
    thumbnail_token: str | None = None
    error: str | None = None
    attempts: int = 0


@dataclass(frozen=True)
class JobRow:
    """A frame extraction or segmentation job."""

    id: str
    kind: JobKind
    file_id: str
    status: str
    created_at: int
    config: dict[str, Any]
    thumbnails_config: dict[str, Any] | None = None
    dedupe_key: str | None = None
    result_count: int | None = None
    shot_count: int | None = None
    error: str | None = None
    attempts: int = 0


@dataclass(frozen=True)
class ThumbRow:
    """A JPEG under the data dir, served at `/thumbnails/<token>.jpg`."""

    token: str
    id: str
    owner_id: str
    kind: ThumbKind
    time: float
    rel_path: str
    segment_id: str | None = None


class FrameRow(NamedTuple):
    """One extracted frame of a job."""

    idx: int
    id: str
    timestamp: float
    thumbnail_token: str | None = None


class SegmentRow(NamedTuple):
    """One segment of a segmentation."""

    idx: int
    id: str
    start_time: float
    end_time: float
    thumbnail_token: str | None = None


class ShotRow(NamedTuple):
    """One detected shot of a shot-detector segmentation."""

    idx: int
    start_time: float
    end_time: float


@dataclass(frozen=True)
class FileQuery:
    """Filters and order of GET /files (times in ms since the epoch)."""

    status: str | None = None
    created_from_ms: int | None = None
    created_before_ms: int | None = None
    order: str = "created_at"
    descending: bool = True


def _dumps(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"))


def _loads_opt(text: str | None) -> Any:
    return None if text is None else json.loads(text)


def _file(row: sqlite3.Row) -> FileRow:
    seg = row["segment_thumbnails"]
    return FileRow(
        id=row["id"],
        status=row["status"],
        filename=row["filename"],
        bytes=row["bytes"],
        created_at=row["created_at"],
        metadata=_loads_opt(row["metadata"]),
        media=json.loads(row["media"]),
        storage_name=row["storage_name"],
        segment_thumbnails=None if seg is None else bool(seg),
        thumbnail_token=row["thumbnail_token"],
        error=row["error"],
        attempts=row["attempts"],
    )


def _job(row: sqlite3.Row) -> JobRow:
    return JobRow(
        id=row["id"],
        kind=row["kind"],
        file_id=row["file_id"],
        status=row["status"],
        created_at=row["created_at"],
        config=json.loads(row["config"]),
        thumbnails_config=_loads_opt(row["thumbnails_config"]),
        dedupe_key=row["dedupe_key"],
        result_count=row["result_count"],
        shot_count=row["shot_count"],
        error=row["error"],
        attempts=row["attempts"],
    )


def _thumb(row: sqlite3.Row) -> ThumbRow:
    return ThumbRow(
        token=row["token"],
        id=row["id"],
        owner_id=row["owner_id"],
        kind=row["kind"],
        time=row["time"],
        rel_path=row["rel_path"],
        segment_id=row["segment_id"],
    )


def _page(limit: int, offset: int) -> tuple[int, int]:
    return min(limit, MAX_SQL_INT), min(offset, MAX_SQL_INT)


class Store:
    """Typed access to the emulator's SQLite database."""

    def __init__(self, path: Path, lock_wait: float = DEFAULT_LOCK_WAIT_SECONDS) -> None:
        """Open (or create) the database and check it; StoreError with a one-line reason if it
        is damaged, or locked by another process for longer than `lock_wait` seconds."""
        self._lock = threading.RLock()
        self.lock_wait = lock_wait
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
        self._conn.executescript(_SCHEMA)

    def close(self) -> None:
        """Close the connection (it checkpoints the WAL)."""
        with self._lock:
            self._conn.close()

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

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
                    None if f.metadata is None else _dumps(f.metadata),
                    _dumps(f.media),
                    f.storage_name,
                    seg,
                    f.thumbnail_token,
                    f.error,
                    f.attempts,
                ),
            )

    def get_file(self, file_id: str) -> FileRow | None:
        """The file with this id, or None."""
        row = self._one("SELECT * FROM files WHERE id = ?", (file_id,))
        return None if row is None else _file(row)

    def list_files(
        self,
        query: FileQuery,
        limit: int,
        offset: int,
        keep: Callable[[FileRow], bool] | None = None,
    ) -> tuple[list[FileRow], int]:
        """One page of files and the total that match `query` (and `keep`, applied in Python)."""
        where: list[str] = ["1 = 1"]
        params: list[Any] = []
        if query.status is not None:
            where.append("status = ?")
            params.append(query.status)
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
            rows = [f for f in map(_file, self._all(sql, params)) if keep(f)]
            return rows[offset : offset + limit], len(rows)
        lim, off = _page(limit, offset)
        total_row = self._one(f"SELECT COUNT(*) FROM files WHERE {' AND '.join(where)}", params)
        total = int(total_row[0]) if total_row else 0
        page = self._all(sql + " LIMIT ? OFFSET ?", [*params, lim, off])
        return [_file(r) for r in page], total

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
        return None if row is None else _file(row)

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

    def fail_file(self, file_id: str, reason: str) -> None:
        """Mark a file failed with a reason."""
        with self._tx() as conn:
            conn.execute(
                "UPDATE files SET status = 'failed', error = ? WHERE id = ?", (reason, file_id)
            )

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
        return _file(row), job_ids

    # ---- jobs --------------------------------------------------------------------------

    def insert_job(self, job: JobRow) -> JobRow:
        """Insert a job; with a `dedupe_key`, return an existing job with the same key instead.

        A failed job is not reused: an identical request after a failure starts a new job.
        """
        with self._tx() as conn:
            if job.dedupe_key is not None:
                row = conn.execute(
                    "SELECT * FROM jobs WHERE file_id = ? AND kind = ? AND dedupe_key = ?"
                    " AND status != 'failed' ORDER BY seq DESC LIMIT 1",
                    (job.file_id, job.kind, job.dedupe_key),
                ).fetchone()
                if row is not None:
                    return _job(row)
            conn.execute(
                "INSERT INTO jobs (id, kind, file_id, status, created_at, config,"
                " thumbnails_config, dedupe_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    job.id,
                    job.kind,
                    job.file_id,
                    job.status,
                    job.created_at,
                    _dumps(job.config),
                    None if job.thumbnails_config is None else _dumps(job.thumbnails_config),
                    job.dedupe_key,
                ),
            )
        return job

    def get_job(self, job_id: str, kind: JobKind) -> JobRow | None:
        """The job of this kind with this id, or None."""
        row = self._one("SELECT * FROM jobs WHERE id = ? AND kind = ?", (job_id, kind))
        return None if row is None else _job(row)

    def list_jobs(
        self, file_id: str, kind: JobKind, limit: int, offset: int
    ) -> tuple[list[JobRow], int]:
        """One page of a file's jobs of one kind, newest first, and their total."""
        lim, off = _page(limit, offset)
        rows = self._all(
            "SELECT * FROM jobs WHERE file_id = ? AND kind = ? ORDER BY seq DESC LIMIT ? OFFSET ?",
            (file_id, kind, lim, off),
        )
        total = self._one(
            "SELECT COUNT(*) FROM jobs WHERE file_id = ? AND kind = ?", (file_id, kind)
        )
        return [_job(r) for r in rows], int(total[0]) if total else 0

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
        return None if row is None else _job(row)

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

    def fail_job(self, job_id: str, reason: str) -> None:
        """Mark a job failed with a reason."""
        with self._tx() as conn:
            conn.execute(
                "UPDATE jobs SET status = 'failed', error = ? WHERE id = ?", (reason, job_id)
            )

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

    def page_thumbnails(
        self,
        owner_id: str,
        kinds: Sequence[str] | None,
        segment_ids: Sequence[str] | None,
        limit: int,
        offset: int,
    ) -> tuple[list[ThumbRow], int]:
        """One page of an owner's thumbnails (optionally of some kinds / segments) and the total."""
        where, params = ["owner_id = ?"], [owner_id]
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
        return [_thumb(r) for r in rows], int(total[0]) if total else 0

    def thumbnail(self, token: str) -> ThumbRow | None:
        """The thumbnail served under `token`, or None."""
        row = self._one("SELECT * FROM thumbnails WHERE token = ?", (token,))
        return None if row is None else _thumb(row)

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

    def storage_names(self) -> set[str]:
        """Stored upload names of every file (for orphan cleanup)."""
        return {r["storage_name"] for r in self._all("SELECT storage_name FROM files")}

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
