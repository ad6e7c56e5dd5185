"""The ASGI application factory."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response

from .access_log import AccessLogMiddleware
from .auth import BearerAuthMiddleware
from .body_deadline import BodyDeadlineMiddleware
from .context import Runtime
from .errors import ApiError
from .failures import open_error
from .faults import FaultMiddleware, FaultState
from .guard import ErrorGuardMiddleware
from .hosts import HostCheckMiddleware, allowed_hosts
from .paths import DataDir
from .responses import error_response
from .routes import all_routes
from .runner import JobRunner
from .settings import Settings
from .spaces import SpaceMiddleware, SpacePathMiddleware, Spaces
from .spaces import routes as space_routes
from .store import Store


async def _api_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    return error_response(exc.status, exc.message, exc.headers)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 404:
        message = f"Not found: {request.url.path}"
    elif exc.status_code == 405:
        message = f"Method {request.method} is not allowed on {request.url.path}"
    else:
        message = str(exc.detail)
    return error_response(exc.status_code, message, exc.headers)


def build_runtime(settings: Settings) -> Runtime:
    """Open the data dir and database, recover unfinished work and start the workers.

    A damaged database, or one another process keeps locked for longer than the lock wait,
    raises StoreError with a one-line reason.
    """
    return open_runtime(settings, settings.data_dir, FaultState(settings.faults))


def open_runtime(
    settings: Settings, root: Path, faults: FaultState, url_prefix: str = ""
) -> Runtime:
    """A started store in the data dir `root`: the server's own, or an isolated one (`spaces`)
    that shares the server's settings and `faults`."""
    data = DataDir(root)
    lock = data.lock()
    store: Store | None = None
    try:
        store = Store(data.database, settings.lock_wait_seconds)
        jobs = JobRunner(store, data, faults, settings.workers, settings.max_job_results)
        jobs.start()
    except BaseException as exc:
        if store is not None:
            store.close()
        lock.close()
        if isinstance(exc, sqlite3.Error):
            raise open_error(exc, data.database, settings.lock_wait_seconds) from None
        raise
    return Runtime(
        settings=settings,
        data=data,
        store=store,
        faults=faults,
        jobs=jobs,
        lock=lock,
        url_prefix=url_prefix,
    )


def create_app(settings: Settings) -> Starlette:
    """A ready Starlette app for `settings`; `app.state.runtime.close()` stops it (and the
    isolated stores of `KEY.NAME` keys, `app.state.spaces`).

    The workers start here (not in the lifespan), so in-process tests through
    `httpx.ASGITransport` work too; under uvicorn the lifespan shutdown closes the runtime.
    """
    rt = build_runtime(settings)
    try:
        spaces = Spaces(
            rt.data.root,
            lambda root, prefix: open_runtime(settings, root, rt.faults, prefix),
            settings.max_open_spaces,
            settings.lock_wait_seconds,
        )
    except BaseException:  # the runtime's workers and database would outlive the failure
        rt.close()
        raise
    rt.on_close.append(spaces.close)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        try:
            yield
        finally:
            rt.close()

    app = Starlette(
        routes=[*all_routes(), *space_routes],
        middleware=[
            Middleware(AccessLogMiddleware),
            Middleware(BodyDeadlineMiddleware, seconds=settings.body_timeout_seconds),
            Middleware(ErrorGuardMiddleware, lock_wait=settings.lock_wait_seconds),
            Middleware(HostCheckMiddleware, allowed=allowed_hosts(settings)),
            Middleware(SpacePathMiddleware),
            Middleware(FaultMiddleware, state=rt.faults),
            Middleware(BearerAuthMiddleware, api_key=settings.api_key),
            Middleware(SpaceMiddleware, spaces=spaces),
        ],
        exception_handlers={
            ApiError: _api_error,
            HTTPException: _http_error,
        },
        lifespan=lifespan,
    )
    app.router.redirect_slashes = False
    app.state.runtime = rt
    app.state.spaces = spaces
    return app
