"""A scriptable Cloudglue API for unit tests, served on loopback (or through httpx.MockTransport).

Served on loopback, the clients under test use their default path (the connections they make
themselves). A scripted `fail(...)` is a transport failure, which a listening server cannot
produce (a refused connection, say): the unit conftest raises it at the client's own transport
instead, before anything is sent.
"""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

FILE_ID = "9b2f6f1e-4a53-4d43-9f0e-6f4c1d7a2b10"
JOB_ID = "3c90c3cc-0d44-4b50-8888-8dd25736052a"
SEG_ID = "5f0c2a8e-7d1b-4c3a-9e6f-2b1d0c9a8e7f"

Handler = Callable[[httpx.Request], httpx.Response | None]


def frame_job(status: str = "completed", **extra: Any) -> dict[str, Any]:
    """A FrameExtraction body."""
    body = {
        "frame_extraction_id": JOB_ID,
        "status": status,
        "created_at": 1767225600000,
        "file_id": FILE_ID,
        "frame_extraction_config": {"strategy": "uniform"},
    }
    body.update(extra)
    return body


def segmentation(status: str = "completed", **extra: Any) -> dict[str, Any]:
    """A Segmentation body."""
    body = {
        "segmentation_id": SEG_ID,
        "status": status,
        "created_at": 1767225600.5,
        "file_id": FILE_ID,
        "segmentation_config": {"strategy": "uniform", "uniform_config": {"window_seconds": 2}},
        "thumbnails_config": {"enable_segment_thumbnails": True},
    }
    body.update(extra)
    return body


def frame_id(i: int) -> str:
    """Stable id of frame number i."""
    return str(uuid.UUID(int=i + 1))


@dataclass
class FakeAPI:
    """Frames of one completed extraction, plus a queue of scripted responses and faults."""

    total_frames: int = 250
    max_limit: int = 100
    requests: list[httpx.Request] = field(default_factory=list)
    script: list[Handler] = field(default_factory=list)
    route: Handler | None = None
    #: The base URL of the loopback server serving it (set by the unit conftest).
    url: str = "https://api.test/v1"
    in_flight: int = 0
    max_in_flight: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def transport(self) -> httpx.MockTransport:
        """A transport for httpx.Client or httpx.AsyncClient."""
        return httpx.MockTransport(self.handle)

    def take_failure(self, request: httpx.Request) -> type[httpx.HTTPError] | None:
        """If the next scripted answer is a transport failure: take it (recording `request`)."""
        with self._lock:
            head = self.script[0] if self.script else None
            failure = getattr(head, "failure", None)
            if failure is None:
                return None
            self.script.pop(0)
            self.requests.append(request)
            return failure  # type: ignore[no-any-return]

    def handle(self, request: httpx.Request) -> httpx.Response:
        with self._lock:
            self.requests.append(request)
            scripted = self.script.pop(0) if self.script else None
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            for handler in (scripted, self.route):
                if handler is not None:
                    response = handler(request)
                    if response is not None:
                        return response
            return self.default(request)
        finally:
            with self._lock:
                self.in_flight -= 1

    def default(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith(f"/frames/{JOB_ID}"):
            return httpx.Response(200, json=self.frames_page(request))
        return httpx.Response(404, json={"error": "Not found"})

    def frames_page(self, request: httpx.Request) -> dict[str, Any]:
        offset = int(request.url.params.get("offset", 0))
        limit = min(int(request.url.params.get("limit", 50)), self.max_limit)
        frames = [
            {"id": frame_id(i), "timestamp": i / 2}
            for i in range(offset, min(offset + limit, self.total_frames))
        ]
        page = {
            "object": "list",
            "frames": frames,
            "total": self.total_frames,
            "limit": limit,
            "offset": offset,
        }
        return frame_job(frame_count=self.total_frames, data=page)

    def paths(self) -> list[str]:
        """Request paths with query, in arrival order."""
        return [r.url.raw_path.decode() for r in self.requests]


def respond(
    status: int, body: Any = None, headers: dict[str, str] | None = None, raw: bytes | None = None
) -> Handler:
    """A scripted one-off response."""

    def handler(request: httpx.Request) -> httpx.Response:
        if raw is not None:
            return httpx.Response(status, content=raw, headers=headers)
        return httpx.Response(
            status,
            content=json.dumps(body).encode(),
            headers={"content-type": "application/json", **(headers or {})},
        )

    return handler


def fail(exc: type[httpx.HTTPError]) -> Handler:
    """A scripted transport failure."""

    def handler(request: httpx.Request) -> httpx.Response:
        raise exc("scripted failure", request=request)

    handler.failure = exc  # type: ignore[attr-defined]
    return handler


def passthrough() -> Handler:
    """A scripted slot that lets the request reach the normal routes."""
    return lambda request: None
