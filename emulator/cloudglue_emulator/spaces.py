"""Isolated stores: one per `KEY.NAME` key, opened on first use, each in its own folder.

A space is a complete store (SQLite file, uploads, thumbnails, job workers) under
`<data dir>/spaces/<id>/`, where the id is a hash of the name (names never reach the disk).
The server's fault settings are shared by every space. The pytest plugin gives each test a
fresh name, so tests see none of each other's files and jobs without a restart or a reset,
even when several test processes share one server.

- Opened on first use: the first request with a new name creates the folder and database
  (a few milliseconds) and starts its workers.
- Thumbnails of a space are served at `/_spaces/<id>/thumbnails/<token>.jpg` (no auth, like
  the server's own `/thumbnails/...`): `SpacePathMiddleware` turns that into `/thumbnails/...`
  of that space before faults and routing see it.
- At most `Settings.max_open_spaces` are open; opening one more closes the least recently
  used idle ones (no request or job in flight). A closed space stays on disk and opens again
  when its key is used. If all are busy, the request gets a 503 with `Retry-After`.
- `DELETE /_emulator/space` with a space's key deletes that space (its folder and all in it).
"""

from __future__ import annotations

import hashlib
import itertools
import logging
import re
import shutil
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import anyio
import anyio.to_thread
from starlette.background import BackgroundTask
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from .auth import SPACE_SCOPE_KEY
from .context import RUNTIME_SCOPE_KEY, Runtime
from .errors import ApiError
from .failures import StoreError
from .paths import DataDir, DataDirBusy
from .routes.dispatch import route
from .serializers import THUMBNAILS_PATH
from .settings import API_PREFIX, DEFAULT_LOCK_WAIT_SECONDS, SPACE_ADMIN_PATH
from .store import Store

log = logging.getLogger("cloudglue_emulator.spaces")

SPACES_FOLDER = "spaces"
SPACE_PATH_PREFIX = "/_spaces"
_DROPPED = ".dropped-"
_TEMPLATE = ".template.sqlite3"
_SPACE_PATH = re.compile(
    rf"{re.escape(SPACE_PATH_PREFIX)}/([0-9a-f]{{32}})({re.escape(THUMBNAILS_PATH)}/[^/]*)"
)
SPACE_ID_SCOPE_KEY = "cloudglue_emulator.space_id"
"""Where `SpacePathMiddleware` records the space of a `/_spaces/<id>/...` request."""
SPACE_LEASE_SCOPE_KEY = "cloudglue_emulator.space_lease"
"""Where `SpaceMiddleware` puts the request's hold on its space (for `DELETE /_emulator/space`)."""
WAIT_SECONDS = 10.0
"""How long a request waits for its space to finish opening or closing, and a delete waits
for the space's other requests to end."""
RETRY_AFTER = {"Retry-After": "1"}


def space_id(name: str) -> str:
    """The folder and URL name of a space: 32 hex digits of SHA-256 of its name."""
    return hashlib.sha256(name.encode()).hexdigest()[:32]


def space_url_prefix(ident: str) -> str:
    """What precedes `/thumbnails/...` in the URLs of space `ident`."""
    return f"{SPACE_PATH_PREFIX}/{ident}"


@dataclass(eq=False)
class Lease:
    """One request's hold on an open space (`Spaces.release` gives it back)."""

    ident: str
    runtime: Runtime | None = None
    refs: int = 0
    used: int = 0
    state: Literal["opening", "open", "closing"] = "opening"


class Spaces:
    """The open spaces of one server; thread-safe (every method may block, call off the loop).

    `open_space(folder, url_prefix)` builds a started runtime for a space's folder.
    """

    def __init__(
        self,
        root: Path,
        open_space: Callable[[Path, str], Runtime],
        max_open: int,
        lock_wait: float = DEFAULT_LOCK_WAIT_SECONDS,
    ) -> None:
        self.root = root / SPACES_FOLDER
        self.root.mkdir(parents=True, exist_ok=True)
        self._open_space = open_space
        self._max_open = max(1, max_open)
        self._entries: dict[str, Lease] = {}
        self._cond = threading.Condition()
        self._clock = itertools.count(1)
        self._closed = False
        for leftover in self.root.glob(f"{_DROPPED}*"):  # a delete interrupted by a crash
            shutil.rmtree(leftover, ignore_errors=True)
        self._template = self.root / _TEMPLATE
        self._template_made = False
        self._template_lock = threading.Lock()
        self._lock_wait = lock_wait

    def _prepare(self, folder: Path) -> None:
        """Give a new space its database as a copy of the template: nothing to write, and no
        journal-mode switch, whose syncs cost more than the rest of opening on a busy disk.

        The template is made on the first use of a space in each server run (the schema may
        be newer than the last run's)."""
        data = DataDir(folder)
        if data.database.exists():
            return
        with self._template_lock:
            if not self._template_made:
                for stale in self.root.glob(f"{_TEMPLATE}*"):
                    stale.unlink()
                Store(self._template, self._lock_wait).close()
                self._template_made = True
        partial = data.tmp / "database.partial"
        shutil.copyfile(self._template, partial)
        partial.replace(data.database)

    def open_count(self) -> int:
        """How many spaces are open (or opening, or closing) now."""
        with self._cond:
            return len(self._entries)

    def try_acquire(self, ident: str) -> Lease | None:
        """The lease of an open space without waiting, or None (then call `acquire`)."""
        with self._cond:
            entry = self._entries.get(ident)
            if entry is None or entry.state != "open" or self._closed:
                return None
            entry.refs += 1
            entry.used = next(self._clock)
            return entry

    def acquire(self, ident: str, create: bool) -> Lease | None:
        """Hold space `ident`, opening it if needed (creating it only if `create`); None if it
        does not exist and `create` is false. ApiError 503 when it cannot be opened now."""
        deadline = time.monotonic() + WAIT_SECONDS
        folder = self.root / ident
        with self._cond:
            while True:
                if self._closed:
                    raise ApiError(503, "The server is stopping", RETRY_AFTER)
                entry = self._entries.get(ident)
                if entry is None:
                    break
                if entry.state == "open":
                    entry.refs += 1
                    entry.used = next(self._clock)
                    return entry
                if not self._cond.wait(max(0.0, deadline - time.monotonic())):
                    raise ApiError(503, "This key's store is still opening or closing", RETRY_AFTER)
            if not create and not folder.is_dir():
                return None
            victims = self._idle_beyond_limit()
            entry = Lease(ident, refs=1, used=next(self._clock))
            self._entries[ident] = entry
        for victim in victims:
            self._close(victim)
        try:
            if create:
                self._prepare(folder)
            rt = self._open_space(folder, space_url_prefix(ident))
        except BaseException as exc:
            self._forget(entry)
            if isinstance(exc, StoreError | DataDirBusy):
                raise ApiError(503, f"This key's store cannot be opened: {exc}") from None
            raise
        with self._cond:
            entry.runtime = rt
            entry.state = "open"
            self._cond.notify_all()
        return entry

    def _idle_beyond_limit(self) -> list[Lease]:
        """Mark (as closing) the least recently used idle spaces that must close so one more
        fits; 503 if too few are idle. Called with the lock held."""
        excess = len(self._entries) + 1 - self._max_open
        if excess <= 0:
            return []
        idle = [
            e
            for e in self._entries.values()
            if e.state == "open" and e.refs == 0 and e.runtime and e.runtime.jobs.wait_idle(0)
        ]
        if len(idle) < excess:
            raise ApiError(
                503,
                f"{len(self._entries)} isolated stores are busy (the most open at once is"
                f" {self._max_open}); try again when one is idle",
                RETRY_AFTER,
            )
        victims = sorted(idle, key=lambda e: e.used)[:excess]
        for victim in victims:
            victim.state = "closing"
        return victims

    def release(self, lease: Lease) -> None:
        """Give back a hold taken by `acquire` or `try_acquire`."""
        with self._cond:
            lease.refs -= 1
            self._cond.notify_all()

    def begin_drop(self, lease: Lease, wait: bool = True) -> bool:
        """Start deleting the space the caller holds (`lease`): from now on its requests wait,
        then find a new, empty space under the same name. `finish_drop` does the deleting.

        Waits (bounded) for the space's other requests to end, and 409 if they do not; with
        `wait=False`, returns False at once instead of waiting (nothing changed then).
        """
        deadline = time.monotonic() + WAIT_SECONDS
        with self._cond:
            if lease.state != "open":
                raise ApiError(409, "This key's store is already being closed")
            while lease.refs > 1:
                if not wait:
                    return False
                if not self._cond.wait(max(0.0, deadline - time.monotonic())):
                    raise ApiError(
                        409,
                        f"This key's store is in use by {lease.refs - 1} other requests;"
                        " delete it when they have ended",
                    )
            lease.state = "closing"
        return True

    def finish_drop(self, lease: Lease) -> None:
        """Stop the space's workers, close its database and delete its folder."""
        folder = self.root / lease.ident
        trash = self.root / f"{_DROPPED}{lease.ident}-{uuid.uuid4().hex}"
        try:
            self._shut(lease)
            folder.rename(trash)  # the name is free at once; the files go below
        finally:
            self._forget(lease)
        shutil.rmtree(trash, ignore_errors=True)

    def close(self) -> None:
        """Close every open space (they stay on disk); later requests get a 503."""
        with self._cond:
            self._closed = True
            entries = [e for e in self._entries.values() if e.state == "open"]
            for entry in entries:
                entry.state = "closing"
        for entry in entries:
            self._close(entry)

    def _close(self, entry: Lease) -> None:
        try:
            self._shut(entry)
        finally:
            self._forget(entry)

    @staticmethod
    def _shut(entry: Lease) -> None:
        if entry.runtime is not None:
            entry.runtime.close()

    def _forget(self, entry: Lease) -> None:
        with self._cond:
            if self._entries.get(entry.ident) is entry:
                del self._entries[entry.ident]
            self._cond.notify_all()


class SpacePathMiddleware:
    """`/_spaces/<id>/thumbnails/<name>` becomes `/thumbnails/<name>` of space `<id>`.

    It sits before the fault middleware, so `thumbnail_faults` apply to every store alike.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            match = _SPACE_PATH.fullmatch(scope.get("path", ""))
            if match is not None:
                path = match.group(2)
                scope = {
                    **scope,
                    "path": path,
                    "raw_path": path.encode(),
                    SPACE_ID_SCOPE_KEY: match.group(1),
                }
        await self.app(scope, receive, send)


class SpaceMiddleware:
    """Gives a request the runtime of the space its key (or thumbnail path) names.

    After the auth middleware: it reads the space name auth recorded. Only `/v1` requests open
    (and create) a space; `DELETE /_emulator/space` opens an existing one; the fault settings
    are the server's, so `/_emulator/faults` needs none. The runtime is held for the whole
    request, so the space is not closed under it.
    """

    def __init__(self, app: ASGIApp, spaces: Spaces) -> None:
        self.app = app
        self.spaces = spaces

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        name: str | None = scope.get(SPACE_SCOPE_KEY)
        ident: str | None = scope.get(SPACE_ID_SCOPE_KEY)
        path = scope.get("path", "")
        create = path == API_PREFIX or path.startswith(API_PREFIX + "/")
        if name is not None and (create or path == SPACE_ADMIN_PATH):
            ident = space_id(name)
        else:
            create = False
        if scope["type"] != "http" or ident is None:
            await self.app(scope, receive, send)
            return
        lease = self.spaces.try_acquire(ident)
        if lease is None:
            # Opening touches the disk: off the event loop, and shielded so that a client
            # leaving meanwhile cannot lose the hold taken in the thread.
            with anyio.CancelScope(shield=True):
                lease = await anyio.to_thread.run_sync(self.spaces.acquire, ident, create)
        if lease is None:
            if name is not None:  # deleting a store that was never used: nothing to do
                await self.app(scope, receive, send)
                return
            raise ApiError(404, "Thumbnail not found")
        try:
            scope = {**scope, RUNTIME_SCOPE_KEY: lease.runtime, SPACE_LEASE_SCOPE_KEY: lease}
            await self.app(scope, receive, send)
        finally:
            self.spaces.release(lease)


async def delete_space(request: Request) -> Response:
    """DELETE /_emulator/space: delete the isolated store of the key used (204, also when it
    was never used). The server's own key has no such store to delete: 409.

    The answer goes out once the store is closed to new requests; its files are deleted right
    after (a request with the same key meanwhile waits, then starts empty).
    """
    lease: Lease | None = request.scope.get(SPACE_LEASE_SCOPE_KEY)
    if lease is None and request.scope.get(SPACE_SCOPE_KEY) is not None:
        return Response(status_code=204)
    if lease is None:
        raise ApiError(
            409,
            "Only an isolated store (key KEY.NAME) can be deleted; the server's own store"
            " stays (use a fresh KEY.NAME for a fresh store)",
        )
    spaces: Spaces = request.app.state.spaces
    if not spaces.begin_drop(lease, wait=False):
        await anyio.to_thread.run_sync(spaces.begin_drop, lease)
    return Response(
        status_code=204,
        background=BackgroundTask(anyio.to_thread.run_sync, spaces.finish_drop, lease),
    )


routes = [route(SPACE_ADMIN_PATH, {"DELETE": delete_space})]
