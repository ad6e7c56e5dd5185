"""What a download does on disk: a run's temporary files, the images' final names, the manifest.

- A run owns its temporary files: their names carry the run's token, and the run holds an
  exclusive lock on its own lock file while it lives. A sweep removes only names a run gives,
  and only those of runs whose lock is free (their process is gone), whatever their age.
- Files are created as `open()` creates them (mode 0666 less the process umask), exclusively
  and never through a symbolic link; a finished image or manifest replaces its final name
  atomically, which replaces a link at that name rather than writing where it points.
"""

from __future__ import annotations

import contextlib
import errno
import itertools
import json
import os
import re
import secrets
import time
from pathlib import Path
from typing import Any

from . import _constants as C
from ._logging import logger

#: The names a run gives, the only ones a sweep removes: its lock file and temporary files (by
#: their token), and its lock file while it starts (see Run).
_OURS = re.compile(
    rf"{re.escape(C.TEMP_PREFIX)}(?:([0-9a-f]{{16}})(?:\.lock|-[0-9]+{re.escape(C.TEMP_SUFFIX)})"
    r"|starting-[0-9a-f]{16}\.lock)"
)
_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | os.O_CLOEXEC


def _lock(fd: int, *, wait: bool) -> bool:
    """Take the exclusive lock of `fd`; False if another open file holds it (without `wait`).
    Where there is no file locking (not POSIX; NFS without a lock service, ENOLCK) a run goes
    on unlocked and counts every other run alive: the lock only guards the sweep."""
    try:
        import fcntl
    except ImportError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
    except OSError:  # held by another (EWOULDBLOCK), or no locking here (ENOLCK)
        return False
    return True


def _gone(lock: Path) -> bool:
    """True when the run of this lock file is gone (or left no lock file)."""
    try:
        fd = os.open(lock, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | os.O_CLOEXEC)
    except FileNotFoundError:
        return True
    except OSError:
        return False
    try:
        return _lock(fd, wait=False)
    finally:
        os.close(fd)


class Run:
    """One download's claim on its directory: a token, a held lock, its temporary files."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.folder = os.fspath(directory)
        self.token = secrets.token_hex(8)
        self._serial = itertools.count()  # unique names within the run (the token: across runs)
        self.lock_path = directory / f"{C.TEMP_PREFIX}{self.token}.lock"
        # Made under a starting name (which a sweep removes by age), locked, then renamed into
        # place: no sweep ever finds this run's lock file not yet locked and takes the run for
        # a dead one.
        starting = directory / f"{C.TEMP_PREFIX}starting-{self.token}.lock"
        fd = os.open(starting, _CREATE, 0o666)
        try:
            _lock(fd, wait=True)
            os.replace(starting, self.lock_path)
        except BaseException:
            os.close(fd)
            with contextlib.suppress(OSError):
                os.unlink(starting)
            raise
        self._lock_fd: int | None = fd

    def create(self) -> tuple[int, str]:
        """A new temporary file of this run: its descriptor (open for writing) and path, a
        string: a `pathlib` path interns its parts, and one per image would grow memory."""
        name = f"{C.TEMP_PREFIX}{self.token}-{next(self._serial)}{C.TEMP_SUFFIX}"
        path = os.path.join(self.folder, name)
        return os.open(path, _CREATE, 0o666), path

    def sweep(self) -> None:
        """Remove what runs that are gone left behind; never a live run's files, nor a name no
        run gives. A leftover that cannot be removed stays: sweeping is housekeeping."""
        horizon = time.time() - C.STALE_TEMP_SECONDS
        for path in self.directory.glob(f"{C.TEMP_PREFIX}*"):  # (nothing if it cannot be read)
            if (match := _OURS.fullmatch(path.name)) is None:
                continue  # the caller's file
            try:
                if (token := match[1]) is None:  # a starting lock file: old, its run died starting
                    dead = path.lstat().st_mtime < horizon
                else:  # never this run's (on NFS, flock may not tell a process's locks apart)
                    lock = self.directory / f"{C.TEMP_PREFIX}{token}.lock"
                    dead = token != self.token and _gone(lock)
                if dead:
                    path.unlink()
            except FileNotFoundError:
                pass
            except OSError as exc:  # not ours to remove (a shared, sticky directory)
                logger.info("cannot remove the leftover %s: %s", path, exc.strerror)

    def close(self) -> None:
        """Release the directory. A lock file that cannot be removed (the directory turned
        read-only) is left behind, released, for the next run's sweep: never an error."""
        fd, self._lock_fd = self._lock_fd, None
        if fd is None:
            return
        try:
            self.lock_path.unlink(missing_ok=True)
        except OSError as exc:
            logger.warning("cannot remove the lock file %s: %s", self.lock_path, exc.strerror)
        finally:
            os.close(fd)


class NameTaken(OSError):
    """The final name of an image appeared while it downloaded (and may not be replaced)."""


class Sink:
    """A temporary file of a run; `commit` gives it its final name."""

    def __init__(self, run: Run, final: str) -> None:
        self.final = final
        self.size = 0
        fd, self.path = run.create()
        self._file = os.fdopen(fd, "wb")

    def write(self, chunk: bytes) -> None:
        """Append a chunk (the reader feeding it enforces the size limit)."""
        self.size += len(chunk)
        self._file.write(chunk)

    def commit(self, *, replace: bool) -> None:
        """Close and take the final name: replacing what is there only with `replace`. A
        temporary file left linked is for `discard` (the image is in place either way)."""
        self._file.close()
        try:
            if not replace:
                os.link(self.path, self.final)  # exclusive: fails if the name is taken
                return
        except OSError as exc:
            if isinstance(exc, FileExistsError) or os.path.lexists(self.final):
                raise NameTaken(errno.EEXIST, "another file took this name meanwhile") from None
        os.replace(self.path, self.final)  # (without `replace`: a file system without links)

    def discard(self) -> None:
        """Close and delete the temporary file (idempotent). Neither failing stops the run: a
        temporary file that cannot be deleted is only left behind, as after a crash."""
        with contextlib.suppress(OSError):
            self._file.close()
        try:
            os.unlink(self.path)
        except FileNotFoundError:
            pass
        except OSError as exc:
            logger.warning("cannot remove the temporary file %s: %s", self.path, exc.strerror)


class Manifest(Sink):
    """`manifest.jsonl`, written beside the images as they settle, in page order, to a
    temporary file that `finish` puts in place atomically or `discard` drops (an earlier
    complete manifest stays). A line that cannot be written (a full disk) stops the writing:
    `error` says why and `finish` raises it, so a manifest is whole or not there."""

    def __init__(self, run: Run) -> None:
        super().__init__(run, os.path.join(run.folder, C.MANIFEST_NAME))
        self.error: OSError | None = None

    def add(self, record: dict[str, Any]) -> None:
        """Add one image's line (nothing once writing failed)."""
        if self.error is None:
            try:
                self.write(json.dumps(record, sort_keys=True).encode() + b"\n")
            except OSError as exc:
                self.error = exc

    def finish(self) -> None:
        """Put the manifest in place; raises OSError if it cannot be (then `discard` it)."""
        if self.error is not None:
            raise self.error
        self.commit(replace=True)
