"""The emulator's SQLite schema, and the steps that bring an older data dir's database to it.

A data dir outlives emulator versions (it is a cache under the user's home by default), so a
column added here is also added to existing tables by `migrate`, in the transaction that opens
the database: an older database gains it on first start, with NULL in the rows it holds.
"""

from __future__ import annotations

import sqlite3

SCHEMA = """
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
    metadata TEXT,
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

ADDED_COLUMNS = (("segments", "metadata", "TEXT"),)
"""(table, column, type) of columns added after a table was first released."""

INDEXES = ("CREATE INDEX IF NOT EXISTS segments_by_id ON segments (id)",)
"""Indexes over added columns or added lookups (created after the columns exist)."""


def migrate(conn: sqlite3.Connection) -> None:
    """Create what is missing (tables, added columns, indexes) in one transaction."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        for statement in filter(str.strip, SCHEMA.split(";")):
            conn.execute(statement)
        for table, column, kind in ADDED_COLUMNS:
            present = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
            if column not in present:
                conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} {kind}")
        for statement in INDEXES:
            conn.execute(statement)
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
