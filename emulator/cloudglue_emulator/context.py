"""The objects one store of an emulator shares between its routes, middleware and workers.

A server has its own store (`app.state.runtime`) and may open isolated ones, one per
`KEY.NAME` key (`spaces`); `runtime(request)` is the one the request's key names.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import BinaryIO, ParamSpec, Protocol, TypeVar

from starlette.requests import Request

from .faults import FaultState
from .paths import DataDir
from .serializers import Urls
from .settings import Settings
from .store import Store, TaskKind

RUNTIME_SCOPE_KEY = "cloudglue_emulator.runtime"
"""Where `spaces.SpaceMiddleware` puts the runtime of an isolated store in a request's scope."""

P = ParamSpec("P")
T = TypeVar("T")


class JobQueue(Protocol):
    """What routes and tests need of the job runner (`runner.JobRunner`), without importing it."""

    def submit(self, kind: TaskKind, ident: str) -> None:
        """Queue work for a file or job."""

    def healthy(self) -> tuple[bool, str]:
        """Whether every worker runs, and what is wrong if not."""

    def wait_idle(self, timeout: float) -> bool:
        """Wait until no work is queued or running; False on timeout."""

    def stop(self, timeout: float = ...) -> bool:
        """Stop the workers (a running job stays unfinished); False if one still runs."""


@dataclass
class Runtime:
    """Settings, data dir, database, job runner and fault state of one store.

    The fault state and settings are the server's, shared by all its stores.
    """

    settings: Settings
    data: DataDir
    store: Store
    faults: FaultState
    jobs: JobQueue
    lock: BinaryIO
    url_prefix: str = ""
    """Path put before `/thumbnails/...` in this store's URLs (`/_spaces/<id>` for an isolated
    store, so an unauthenticated thumbnail request still finds its store)."""
    on_close: list[Callable[[], None]] = field(default_factory=list)
    """Called first by `close()` (the server's runtime closes its isolated stores so)."""
    closed: bool = False
    _db_thread: ThreadPoolExecutor = field(
        default_factory=lambda: ThreadPoolExecutor(1, thread_name_prefix="cg-emulator-db")
    )

    async def db(self, call: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Run `call` (database or disk work) on the request thread, off the event loop.

        A statement waiting for another process's lock then delays only the requests that
        need the database; the event loop (and `/healthz`) stays responsive.
        """
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._db_thread, functools.partial(call, *args, **kwargs))

    def close(self) -> None:
        """Stop the workers and close the database (idempotent).

        A worker that does not stop in time keeps the database and the data dir's lock: they
        are not closed under it (the process's exit releases them).
        """
        if self.closed:
            return
        self.closed = True
        for hook in self.on_close:
            hook()
        stopped = self.jobs.stop()
        self._db_thread.shutdown(wait=True)
        if stopped:
            self.store.close()
            self.lock.close()


def runtime(request: Request) -> Runtime:
    """The runtime of the store the request's key names (the server's own by default)."""
    value: Runtime | None = request.scope.get(RUNTIME_SCOPE_KEY)
    if value is None:
        value = request.app.state.runtime
    return value


def urls(request: Request) -> Urls:
    """URL builder for the origin clients reach us at (`--public-url`, else the request's)."""
    rt = runtime(request)
    configured = rt.settings.public_url
    if configured:
        return Urls(configured.rstrip("/") + rt.url_prefix)
    base = request.base_url
    return Urls(f"{base.scheme}://{base.netloc}{rt.url_prefix}")
