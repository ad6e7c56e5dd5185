"""The objects one emulator instance shares between its routes, middleware and workers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import BinaryIO

from starlette.requests import Request

from .faults import FaultState
from .jobs import JobRunner
from .paths import DataDir
from .serializers import Urls
from .settings import Settings
from .store import Store


@dataclass
class Runtime:
    """Settings, data dir, database, job runner and fault state of one app."""

    settings: Settings
    data: DataDir
    store: Store
    faults: FaultState
    jobs: JobRunner
    lock: BinaryIO
    closed: bool = False

    def close(self) -> None:
        """Stop the workers and close the database (idempotent)."""
        if self.closed:
            return
        self.closed = True
        self.jobs.stop()
        self.store.close()
        self.lock.close()


def runtime(request: Request) -> Runtime:
    """The runtime of the app serving `request`."""
    value: Runtime = request.app.state.runtime
    return value


def urls(request: Request) -> Urls:
    """URL builder for the origin clients reach us at (`--public-url`, else the request's)."""
    configured = runtime(request).settings.public_url
    if configured:
        return Urls(configured)
    base = request.base_url
    return Urls(f"{base.scheme}://{base.netloc}")
