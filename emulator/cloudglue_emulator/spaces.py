"""Isolated stores: one per `KEY.NAME` key, opened on first use, each in its own folder.

A space is a complete store (SQLite file, uploads, thumbnails, job workers) in a folder of its
own, `<data dir>/spaces/<folder>/` (a random id), found through the link
`spaces/names/<hash of NAME>` (names never reach the disk). The server's fault settings are
shared by every space. The pytest plugin gives each test a fresh name, so tests see none of
each other's files and jobs without a restart or a reset, even when several test processes
share one server.

- Opened on first use. A new space is a *spare* made ready in the background (folder,
  database copied from a template, workers started) and linked to the name on the first
  request that needs it, so that request pays for a link, not for opening a store; the next
  spare is made after it. Without a spare ready, the request opens one itself (a few ms).
- Thumbnails of a space are served at `/_spaces/<folder>/thumbnails/<token>.jpg` (no auth,
  like the server's own `/thumbnails/...`): `SpacePathMiddleware` turns that into
  `/thumbnails/...` of that space before faults and routing see it.
- At most `Settings.max_open_spaces` are open (besides the spare); opening one more closes
  the least recently used idle ones (no request or job in flight). A closed space stays on
  disk and opens again when its key is used. If all are busy, the request gets a 503 with
  `Retry-After`.
- `DELETE /_emulator/space` with a space's key deletes that space: the name is unlinked at
  once (the key's next request gets a new, empty space) and the folder removed after.
- At start, folders no name links to (an unused spare, a delete cut short) are removed.
"""

from __future__ import annotations

import hashlib
import itertools
import logging
import os
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
NAMES_FOLDER = "names"
SPACE_PATH_PREFIX = "/_spaces"
_TEMPLATE = ".template.sqlite3"
_FOLDER = re.compile(r"[0-9a-f]{32}")
_SPACE_PATH = re.compile(
    rf"{re.escape(SPACE_PATH_PREFIX)}/([0-9a-f]{{32}})({re.escape(THUMBNAILS_PATH)}/[^/]*)"
)
SPACE_FOLDER_SCOPE_KEY = "cloudglue_emulator.space_folder"
"""Where `SpacePathMiddleware` records the space folder of a `/_spaces/<folder>/...` request."""
SPACE_LEASE_SCOPE_KEY = "cloudglue_emulator.space_lease"
"""Where `SpaceMiddleware` puts the request's hold on its space (for `DELETE /_emulator/space`)."""
WAIT_SECONDS = 10.0
"""How long a request waits for its space to finish opening or closing, and a delete waits
for the space's other requests to end."""
RETRY_AFTER = {"Retry-After": "1"}


def name_key(name: str) -> str:
    """The link name of a space name: 32 hex digits of its SHA-256."""
    return hashlib.sha256(name.encode()).hexdigest()[:32]


def space_url_prefix(folder: str) -> str:
    """What precedes `/thumbnails/...` in the URLs of the space in `folder`."""
    return f"{SPACE_PATH_PREFIX}/{folder}"


@dataclass(eq=False)
class Lease:
    """An open space and the requests holding it (`Spaces.release` gives a hold back)."""

    folder: str
    runtime: Runtime | None = None
    refs: int = 0
    used: int = 0
    state: Literal["opening", "open", "closing"] = "opening"
    dropping: bool = False


class Spaces:
    """The spaces of one server; thread-safe. `acquire`, `begin_drop`, `finish_drop` and
    `close` may block (call them off the event loop); `try_acquire` and `release` do not.

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
        self.names = self.root / NAMES_FOLDER
        self.names.mkdir(parents=True, exist_ok=True)
        self._open_space = open_space
        self._max_open = max(1, max_open)
        self._lock_wait = lock_wait
        self._entries: dict[str, Lease] = {}  # by folder
        self._folders: dict[str, str] = {}  # name key -> folder, as linked on disk
        self._cond = threading.Condition()
        self._clock = itertools.count(1)
        self._closed = False
        self._spare: tuple[str, Runtime] | None = None
        self._refill: threading.Thread | None = None
        self._template = self.root / _TEMPLATE
        self._template_made = False
        self._template_lock = threading.Lock()
        self._remove_unlinked()

    # ---- names and folders -------------------------------------------------------------

    def _remove_unlinked(self) -> None:
        """Delete folders that no name links to, and links to no folder (left by a crash)."""
        linked = set()
        for link in self.names.iterdir():
            folder = self._link_target(link)
            if folder is not None and (self.root / folder).is_dir():
                linked.add(folder)
            else:
                link.unlink(missing_ok=True)
        for entry in self.root.iterdir():
            if _FOLDER.fullmatch(entry.name) and entry.name not in linked:
                shutil.rmtree(entry, ignore_errors=True)

    @staticmethod
    def _link_target(link: Path) -> str | None:
        try:
            folder = Path(os.readlink(link)).name
        except OSError:
            return None
        return folder if _FOLDER.fullmatch(folder) else None

    def _linked(self, key: str) -> str | None:
        """The folder `key` links to, or None. Called with the lock held."""
        folder = self._folders.get(key)
        if folder is None:
            folder = self._link_target(self.names / key)
            if folder is not None:
                self._folders[key] = folder
        return folder

    def _claim(self, key: str) -> tuple[str, Runtime | None]:
        """Link `key` to the spare (and its open runtime), else to a new empty folder. Called
        with the lock held, after checking that `key` links nowhere."""
        spare, self._spare = self._spare, None
        folder = spare[0] if spare else uuid.uuid4().hex
        try:
            if spare is None:
                (self.root / folder).mkdir()
            os.symlink(f"../{folder}", self.names / key)
        except BaseException:
            self._spare = spare
            if spare is None:
                shutil.rmtree(self.root / folder, ignore_errors=True)
            raise
        self._folders[key] = folder
        return folder, spare[1] if spare else None

    def _open(self, folder: str) -> Runtime:
        """Open the space in `folder`, giving a new one its database first: a copy of the
        template (made once per server run, as the schema may be newer than last run's), so
        nothing is written and the journal mode is not switched, whose syncs cost more than
        the rest of opening on a busy disk."""
        data = DataDir(self.root / folder)
        if not data.database.exists():
            with self._template_lock:
                if not self._template_made:
                    for stale in self.root.glob(f"{_TEMPLATE}*"):
                        stale.unlink()
                    Store(self._template, self._lock_wait).close()
                    self._template_made = True
            partial = data.tmp / "database.partial"
            shutil.copyfile(self._template, partial)
            partial.replace(data.database)
        return self._open_space(data.root, space_url_prefix(folder))

    # ---- the spare ---------------------------------------------------------------------

    def _start_refill(self) -> None:
        """Make the next spare in the background, unless one is ready or on its way."""
        with self._cond:
            if self._closed or self._spare is not None or self._refill is not None:
                return
            self._refill = threading.Thread(
                target=self._make_spare, name="cg-emulator-spare", daemon=True
            )
            self._refill.start()

    def _make_spare(self) -> None:
        folder = uuid.uuid4().hex
        rt: Runtime | None = None
        try:
            (self.root / folder).mkdir()
            rt = self._open(folder)
        except Exception as exc:  # the next request opens its space itself
            log.warning("could not prepare a spare isolated store: %s", exc)
            shutil.rmtree(self.root / folder, ignore_errors=True)
        with self._cond:
            self._refill = None
            if rt is not None and not self._closed:
                self._spare, rt = (folder, rt), None
            self._cond.notify_all()
        if rt is not None:  # the server closed meanwhile
            rt.close()
            shutil.rmtree(self.root / folder, ignore_errors=True)

    # ---- holding spaces ----------------------------------------------------------------

    def open_count(self) -> int:
        """How many spaces are open (or opening, or closing) now, the spare aside."""
        with self._cond:
            return len(self._entries)

    def try_acquire(self, key: str | None, folder: str | None = None) -> Lease | None:
        """Hold the open space of name `key` (or in `folder`) without waiting or touching the
        disk; None if it is not open (then call `acquire`)."""
        with self._cond:
            if folder is None and key is not None:
                folder = self._folders.get(key)
            entry = self._entries.get(folder) if folder is not None else None
            if entry is None or entry.state != "open" or self._closed:
                return None
            entry.refs += 1
            entry.used = next(self._clock)
            return entry

    def acquire(self, key: str | None, folder: str | None, create: bool) -> Lease | None:
        """Hold the space of name `key` (a `KEY.NAME` request) or in `folder` (a thumbnail
        URL), opening it if needed; with `create`, a name that links nowhere gets a new space.
        None if there is no such space. ApiError 503 when it cannot be opened now."""
        deadline = time.monotonic() + WAIT_SECONDS
        ready: Runtime | None = None
        with self._cond:
            while True:
                if self._closed:
                    raise ApiError(503, "The server is stopping", RETRY_AFTER)
                target = self._linked(key) if key is not None else folder
                if target is None:
                    if not create:
                        return None
                    if self._spare is None and self._refill is not None:
                        self._wait(deadline)  # a spare is on its way: sooner than a new one
                        continue
                    victims = self._idle_beyond_limit()
                    try:
                        target, ready = self._claim(key) if key is not None else (None, None)
                    except BaseException:
                        self._reopen(victims)  # nothing will be opened in their place
                        raise
                    assert target is not None
                    break
                entry = self._entries.get(target)
                if entry is None:
                    spare = self._spare[0] if self._spare else None
                    if target == spare or not (self.root / target).is_dir():
                        return None
                    victims = self._idle_beyond_limit()
                    break
                if entry.state == "open":
                    entry.refs += 1
                    entry.used = next(self._clock)
                    return entry
                self._wait(deadline)
            entry = Lease(target, refs=1, used=next(self._clock))
            self._entries[target] = entry
        for victim in victims:
            self._close(victim)
        try:
            rt = ready if ready is not None else self._open(target)
        except BaseException as exc:
            self._forget(entry)
            if isinstance(exc, StoreError | DataDirBusy):
                raise ApiError(503, f"This key's store cannot be opened: {exc}") from None
            raise
        with self._cond:
            entry.runtime = rt
            entry.state = "open"
            self._cond.notify_all()
        if create:
            self._start_refill()
        return entry

    def _wait(self, deadline: float) -> None:
        """Wait for a change (lock held); 503 once `deadline` has passed."""
        if not self._cond.wait(max(0.0, deadline - time.monotonic())):
            raise ApiError(503, "This key's store is still opening or closing", RETRY_AFTER)

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

    def _reopen(self, victims: list[Lease]) -> None:
        """Give back spaces `_idle_beyond_limit` marked to close (lock held): the space they
        were to make room for failed before it took their place, and they are still open."""
        for victim in victims:
            victim.state = "open"
        self._cond.notify_all()

    def release(self, lease: Lease) -> None:
        """Give back a hold taken by `acquire` or `try_acquire`."""
        with self._cond:
            lease.refs -= 1
            self._cond.notify_all()

    # ---- deleting and closing ----------------------------------------------------------

    def begin_drop(self, lease: Lease, key: str, wait: bool = True) -> bool | None:
        """Start deleting the space of name `key`, which the caller holds (`lease`): the name
        is unlinked, so its next request gets a new, empty space. True: call `finish_drop`;
        False: another request is deleting it already (nothing to do).

        Waits (bounded) for the space's other requests to end, and 409 if they do not; with
        `wait=False`, returns None instead of waiting (nothing changed then).
        """
        deadline = time.monotonic() + WAIT_SECONDS
        with self._cond:
            if lease.dropping or lease.state != "open" or self._linked(key) != lease.folder:
                return False
            if lease.refs > 1 and not wait:
                return None
            lease.dropping = True
            while lease.refs > 1:
                if not self._cond.wait(max(0.0, deadline - time.monotonic())):
                    lease.dropping = False
                    raise ApiError(
                        409,
                        f"This key's store is in use by {lease.refs - 1} other requests;"
                        " delete it when they have ended",
                    )
            (self.names / key).unlink(missing_ok=True)
            del self._folders[key]
            lease.state = "closing"
        return True

    def finish_drop(self, lease: Lease) -> None:
        """Stop the space's workers, close its database and delete its folder (before it is
        forgotten, so that a thumbnail request waiting for it finds nothing to open)."""
        try:
            self._shut(lease)
            shutil.rmtree(self.root / lease.folder, ignore_errors=True)
        finally:
            self._forget(lease)

    def close(self) -> None:
        """Close every open space (they stay on disk) and drop the spare; later requests get
        a 503."""
        with self._cond:
            self._closed = True
            entries = [e for e in self._entries.values() if e.state == "open"]
            for entry in entries:
                entry.state = "closing"
            refill = self._refill
        if refill is not None:
            refill.join(WAIT_SECONDS)
        with self._cond:
            spare, self._spare = self._spare, None
        for entry in entries:
            self._close(entry)
        if spare is not None:
            spare[1].close()
            shutil.rmtree(self.root / spare[0], ignore_errors=True)

    def _close(self, entry: Lease) -> None:
        """Close an idle space and forget it. A close that fails is logged, not raised: the
        space is forgotten either way (its key opens it again from disk), and the caller goes
        on with its own work, be it opening the space this one made room for (which would
        otherwise stay `opening`) or closing the other spaces as the server stops."""
        try:
            self._shut(entry)
        except Exception:
            log.exception("closing the isolated store in %s failed", entry.folder)
        finally:
            self._forget(entry)

    @staticmethod
    def _shut(entry: Lease) -> None:
        if entry.runtime is not None:
            entry.runtime.close()

    def _forget(self, entry: Lease) -> None:
        with self._cond:
            if self._entries.get(entry.folder) is entry:
                del self._entries[entry.folder]
            self._cond.notify_all()


class SpacePathMiddleware:
    """`/_spaces/<folder>/thumbnails/<name>` becomes `/thumbnails/<name>` of that space.

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
                    SPACE_FOLDER_SCOPE_KEY: match.group(1),
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
        folder: str | None = scope.get(SPACE_FOLDER_SCOPE_KEY)
        path = scope.get("path", "")
        create = path == API_PREFIX or path.startswith(API_PREFIX + "/")
        key = None
        if name is not None and (create or path == SPACE_ADMIN_PATH):
            key = name_key(name)
        else:
            create = False
        if scope["type"] != "http" or (key is None and folder is None):
            await self.app(scope, receive, send)
            return
        lease = self.spaces.try_acquire(key, folder)
        if lease is None:
            # Opening touches the disk: off the event loop, and shielded so that a client
            # leaving meanwhile cannot lose the hold taken in the thread.
            with anyio.CancelScope(shield=True):
                lease = await anyio.to_thread.run_sync(self.spaces.acquire, key, folder, create)
        if lease is None:
            if key is not None:  # deleting a store that was never used: nothing to do
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
    name: str | None = request.scope.get(SPACE_SCOPE_KEY)
    if lease is None and name is not None:
        return Response(status_code=204)
    if lease is None or name is None:
        raise ApiError(
            409,
            "Only an isolated store (key KEY.NAME) can be deleted; the server's own store"
            " stays (use a fresh KEY.NAME for a fresh store)",
        )
    spaces: Spaces = request.app.state.spaces
    key = name_key(name)
    started = spaces.begin_drop(lease, key, wait=False)
    if started is None:  # other requests hold it: wait for them off the event loop
        started = await anyio.to_thread.run_sync(spaces.begin_drop, lease, key)
    if not started:
        return Response(status_code=204)
    return Response(
        status_code=204,
        background=BackgroundTask(anyio.to_thread.run_sync, spaces.finish_drop, lease),
    )


routes = [route(SPACE_ADMIN_PATH, {"DELETE": delete_space})]
