"""Recognising storage failures (full disk, locked or damaged database); one-line reasons."""

from __future__ import annotations

import errno
import re
import sqlite3
from pathlib import Path

DISK_FULL_MESSAGE = (
    "Insufficient storage: the emulator's data dir is full (No space left on device);"
    " nothing was stored. Free some space and try again."
)
DISK_FULL_REASON = "the emulator's data dir is full (No space left on device)"

_SQLITE_BUSY = 5
_SQLITE_LOCKED = 6
_SQLITE_CORRUPT = 11
_SQLITE_FULL = 13
_SQLITE_NOTADB = 26
_NO_SPACE = {errno.ENOSPC, errno.EDQUOT}


_STORED_NAME = re.compile(r"^[0-9a-f-]+\.(?:bin|part): ")


def media_reason(error: Exception) -> str:
    """A media error's message without the server-generated file name in front (what a client
    hears when its upload or job cannot be decoded)."""
    return _STORED_NAME.sub("", str(error), count=1)


class StoreError(RuntimeError):
    """The database cannot be used (damaged, locked, unreadable): a one-line reason."""


def _sqlite_code(exc: BaseException) -> int | None:
    code = getattr(exc, "sqlite_errorcode", None)
    return None if code is None else int(code) & 0xFF


def is_disk_full(exc: BaseException) -> bool:
    """True for ENOSPC/EDQUOT and for SQLite's "database or disk is full"."""
    if isinstance(exc, OSError):
        return exc.errno in _NO_SPACE
    return isinstance(exc, sqlite3.Error) and _sqlite_code(exc) == _SQLITE_FULL


def is_locked(exc: BaseException) -> bool:
    """True when SQLite gave up waiting for another connection's lock."""
    return isinstance(exc, sqlite3.Error) and _sqlite_code(exc) in (_SQLITE_BUSY, _SQLITE_LOCKED)


def locked_message(lock_wait: float) -> str:
    """What a request hears when the database stayed locked for the whole wait."""
    return (
        f"Service unavailable: the emulator's database is locked by another process"
        f" (waited {lock_wait:g} s); try again"
    )


def job_failure_reason(exc: BaseException) -> str:
    """The reason stored on a job that failed on an unexpected error."""
    if is_disk_full(exc):
        return DISK_FULL_REASON
    return f"internal error: {type(exc).__name__}: {exc}"


def open_error(exc: sqlite3.Error, path: Path, lock_wait: float) -> StoreError:
    """A one-line StoreError for a failure while opening and checking the database."""
    code = _sqlite_code(exc)
    if code in (_SQLITE_BUSY, _SQLITE_LOCKED):
        return StoreError(
            f"the database {path} is locked by another process (waited {lock_wait:g} s);"
            " stop that process or use another --data-dir"
        )
    if code in (_SQLITE_CORRUPT, _SQLITE_NOTADB):
        return damaged(path, str(exc))
    if code == _SQLITE_FULL:
        return StoreError(f"cannot open the database {path}: {DISK_FULL_REASON}")
    return StoreError(f"cannot open the database {path}: {exc}")


def damaged(path: Path, detail: str) -> StoreError:
    """The database failed its integrity check."""
    return StoreError(
        f"the database {path} is damaged ({detail}); move it away to start empty,"
        " or use another --data-dir"
    )
