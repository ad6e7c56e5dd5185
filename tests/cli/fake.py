"""An in-memory Cloudglue API for CLI tests: files, frame extractions, segmentations, and a
file's thumbnails and segments.

Why not tests/support/fakeapi.py: that one is a script (each library test says what the next
answers are, down to the bytes, faults and in-flight counts, on a loopback socket); this one
is a model of the API's routes, because one command makes several different calls (upload,
create, poll, page through) and a CLI test sets only the statuses a job goes through. Ids are
the same in both.
"""

from __future__ import annotations

import json
import re
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from cloudglue_openapi.constraints import schema
from tests.support.fakeapi import FILE_ID, JOB_ID, SEG_ID

NEW_FILE_ID = "0d6c3b8a-1f2e-4d5c-8b7a-6e5f4d3c2b1a"
CREATED_MS = 1767225600000  # 2026-01-01T00:00:00Z


def item_id(kind: int, i: int) -> str:
    """Stable id of frame/segment/file number i (kind keeps the families apart)."""
    return str(uuid.UUID(int=(kind << 64) + i + 1))


def file_body(i: int, status: str = "completed") -> dict[str, Any]:
    return {
        "id": FILE_ID if i == 0 else item_id(3, i),
        "status": status,
        "uri": f"cloudglue://files/{i}",
        "created_at": CREATED_MS - i * 1000,
        "filename": f"clip-{i}.mp4",
        "media_type": "video",
        "media_info": {"duration_seconds": 12.5},
        "bytes": 1000 + i,
    }


def frame_job(status: str, config: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "frame_extraction_id": JOB_ID,
        "status": status,
        "created_at": CREATED_MS,
        "file_id": FILE_ID,
        "frame_extraction_config": config
        or {
            "strategy": "uniform",
            "uniform_config": {"frames_per_second": 2, "max_width": 512},
            "thumbnails_config": {"enable_frame_thumbnails": True},
        },
    }


def segmentation(status: str, config: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "segmentation_id": SEG_ID,
        "status": status,
        "created_at": CREATED_MS / 1000,
        "file_id": FILE_ID,
        "segmentation_config": config
        or {"strategy": "uniform", "uniform_config": {"window_seconds": 2}},
        "thumbnails_config": {"enable_segment_thumbnails": True},
    }


def thumbnail(i: int) -> dict[str, Any]:
    """Thumbnail number i: its kind cycles through the contract's kinds."""
    kinds = schema("ThumbnailKind").enum or ()
    return {
        "id": item_id(6, i),
        "url": f"https://t/thumb-{i}.jpg",
        "time": i * 0.5,
        "type": kinds[i % len(kinds)],
        "segmentation_id": SEG_ID,
        "segment_id": item_id(2, i),
    }


def file_segment(i: int, metadata: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "id": item_id(7, i),
        "file_id": FILE_ID,
        "start_time": i * 2.0,
        "end_time": i * 2.0 + 1.5,
        "segmentation_id": SEG_ID,
        "metadata": metadata,
    }


def envelope(items: list[Any], total: int, limit: int, offset: int) -> dict[str, Any]:
    return {"object": "list", "data": items, "total": total, "limit": limit, "offset": offset}


@dataclass
class FakeAPI:
    """Routes requests like the real API; `statuses` scripts what successive GETs return."""

    total_files: int = 7
    total_frames: int = 250
    total_segments: int = 130
    total_thumbnails: int = 9
    total_file_segments: int = 6
    #: id -> statuses returned by successive GETs (the last one sticks).
    statuses: dict[str, list[str]] = field(default_factory=dict)
    #: GETs of a job's items at this offset answer 500 (to break an export mid-way).
    fail_offset: int | None = None
    #: Every request answers this (status, body) when set.
    error: tuple[int, dict[str, Any]] | None = None
    #: Headers of every answer (e.g. a request id).
    headers: dict[str, str] = field(default_factory=dict)
    requests: list[httpx.Request] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)

    def client(self) -> httpx.Client:
        return httpx.Client(transport=self.transport())

    def status_of(self, key: str, default: str = "completed") -> str:
        with self._lock:
            queue = self.statuses.get(key)
            if not queue:
                return default
            return queue.pop(0) if len(queue) > 1 else queue[0]

    def handle(self, request: httpx.Request) -> httpx.Response:
        response = self.answer(request)
        response.headers.update(self.headers)
        return response

    def answer(self, request: httpx.Request) -> httpx.Response:
        with self._lock:
            self.requests.append(request)
        if self.error is not None:
            return httpx.Response(self.error[0], json=self.error[1])
        path = re.sub(r"^/v\d+", "", request.url.path)
        params = request.url.params
        offset = int(params.get("offset", 0))
        limit = int(params.get("limit", 50))
        for pattern, method, handler in self._routes():
            match = re.fullmatch(pattern, path)
            if match and request.method == method:
                return handler(request, offset, limit, *match.groups())
        return httpx.Response(404, json={"error": f"no route {request.method} {path}"})

    def _routes(self) -> list[tuple[str, str, Callable[..., httpx.Response]]]:
        return [
            (r"/files", "POST", self.upload),
            (r"/files", "GET", self.list_files),
            (r"/files/([^/]+)", "GET", self.get_file),
            (r"/files/([^/]+)", "DELETE", self.delete_file),
            (r"/files/([^/]+)", "PUT", self.update_file),
            (r"/files/([^/]+)/thumbnails", "GET", self.thumbnails),
            (r"/files/([^/]+)/segments", "GET", self.file_segments),
            (r"/files/([^/]+)/segments/([^/]+)", "GET", self.file_segment),
            (r"/files/([^/]+)/segments/([^/]+)", "PUT", self.file_segment),
            (r"/files/([^/]+)/frames", "POST", self.create_frames),
            (r"/files/([^/]+)/frames", "GET", self.list_frames),
            (r"/frames/([^/]+)", "GET", self.get_frames),
            (r"/frames/([^/]+)", "DELETE", self.delete_job),
            (r"/files/([^/]+)/segmentations", "POST", self.create_segmentation),
            (r"/files/([^/]+)/segmentations", "GET", self.list_segmentations),
            (r"/segmentations/([^/]+)", "GET", self.get_segmentation),
            (r"/segmentations/([^/]+)", "DELETE", self.delete_job),
            (r"/segmentations/([^/]+)/thumbnails", "GET", self.thumbnails),
        ]

    # -- files

    def upload(self, request: httpx.Request, *_: Any) -> httpx.Response:
        body = file_body(0, self.status_of(NEW_FILE_ID, "pending"))
        body["id"] = NEW_FILE_ID
        match = re.search(rb'filename="([^"]+)"', request.content)
        body["filename"] = match.group(1).decode() if match else "?"
        return httpx.Response(200, json=body)

    def list_files(self, request: httpx.Request, offset: int, limit: int) -> httpx.Response:
        status = request.url.params.get("status")
        items = [file_body(i) for i in range(self.total_files)]
        if status:
            items = [f for f in items if f["status"] == status]
        return httpx.Response(
            200, json=envelope(items[offset : offset + limit], len(items), limit, offset)
        )

    def get_file(self, request: httpx.Request, offset: int, limit: int, fid: str) -> httpx.Response:
        body = file_body(0, self.status_of(fid))
        body["id"] = fid
        return httpx.Response(200, json=body)

    def delete_file(self, request: httpx.Request, o: int, n: int, fid: str) -> httpx.Response:
        return httpx.Response(200, json={"id": fid, "object": "file"})

    def update_file(self, request: httpx.Request, o: int, n: int, fid: str) -> httpx.Response:
        return httpx.Response(200, json=file_body(0) | {"id": fid} | json.loads(request.content))

    def thumbnails(
        self, request: httpx.Request, offset: int, limit: int, owner: str
    ) -> httpx.Response:
        """A file's or a segmentation's thumbnails, of the kinds asked for."""
        kinds = request.url.params.get("type")
        items = [thumbnail(i) for i in range(self.total_thumbnails)]
        items = [t for t in items if not kinds or t["type"] in kinds.split(",")]
        page = items[offset : offset + limit]
        return httpx.Response(200, json=envelope(page, len(items), limit, offset))

    def file_segments(
        self, request: httpx.Request, offset: int, limit: int, fid: str
    ) -> httpx.Response:
        items = [file_segment(i) for i in range(self.total_file_segments)]
        page = items[offset : offset + limit]
        return httpx.Response(200, json=envelope(page, len(items), limit, offset))

    def file_segment(
        self, request: httpx.Request, o: int, n: int, fid: str, sid: str
    ) -> httpx.Response:
        """GET answers the segment, PUT the segment with the metadata sent."""
        metadata = json.loads(request.content)["metadata"] if request.method == "PUT" else None
        return httpx.Response(200, json=file_segment(0, metadata) | {"id": sid, "file_id": fid})

    def delete_job(self, request: httpx.Request, o: int, n: int, job: str) -> httpx.Response:
        return httpx.Response(200, json={"id": job})

    # -- frames

    def create_frames(self, request: httpx.Request, o: int, n: int, fid: str) -> httpx.Response:
        config = json.loads(request.content)
        return httpx.Response(200, json=frame_job(self.status_of(JOB_ID, "pending"), config))

    def list_frames(
        self, request: httpx.Request, offset: int, limit: int, fid: str
    ) -> httpx.Response:
        jobs = [frame_job("completed") | {"frame_count": self.total_frames} for _ in range(3)]
        for i, job in enumerate(jobs):
            job["frame_extraction_id"] = item_id(4, i)
        return httpx.Response(200, json=envelope(jobs[offset : offset + limit], 3, limit, offset))

    def get_frames(
        self, request: httpx.Request, offset: int, limit: int, job: str
    ) -> httpx.Response:
        status = self.status_of(job)
        body = frame_job(status)
        body["frame_extraction_id"] = job
        if status == "failed":
            body["error"] = "decoder gave up"
        if status != "completed":
            return httpx.Response(200, json=body)
        if offset == self.fail_offset:
            return httpx.Response(500, json={"error": "scripted failure"})
        frames = [
            {"id": item_id(1, i), "timestamp": i / 2, "thumbnail_url": f"https://t/{i}.jpg"}
            for i in range(offset, min(offset + limit, self.total_frames))
        ]
        body["frame_count"] = self.total_frames
        body["data"] = envelope(frames, self.total_frames, limit, offset)
        body["data"]["frames"] = body["data"].pop("data")
        return httpx.Response(200, json=body)

    # -- segmentations

    def create_segmentation(
        self, request: httpx.Request, o: int, n: int, fid: str
    ) -> httpx.Response:
        config = json.loads(request.content)
        config.pop("thumbnails_config", None)
        return httpx.Response(200, json=segmentation(self.status_of(SEG_ID, "pending"), config))

    def list_segmentations(
        self, request: httpx.Request, offset: int, limit: int, fid: str
    ) -> httpx.Response:
        jobs = [segmentation("completed") | {"total_segments": 4} for _ in range(2)]
        for i, job in enumerate(jobs):
            job["segmentation_id"] = item_id(5, i)
        return httpx.Response(200, json=envelope(jobs[offset : offset + limit], 2, limit, offset))

    def get_segmentation(
        self, request: httpx.Request, offset: int, limit: int, job: str
    ) -> httpx.Response:
        status = self.status_of(job)
        body = segmentation(status)
        body["segmentation_id"] = job
        if status != "completed":
            return httpx.Response(200, json=body)
        if offset == self.fail_offset:
            return httpx.Response(500, json={"error": "scripted failure"})
        segments = [
            {"id": item_id(2, i), "start_time": i * 2.0, "end_time": i * 2.0 + 2}
            for i in range(offset, min(offset + limit, self.total_segments))
        ]
        body["total_segments"] = self.total_segments
        body["data"] = envelope(segments, self.total_segments, limit, offset)
        body["data"]["segments"] = body["data"].pop("data")
        return httpx.Response(200, json=body)

    def paths(self) -> list[str]:
        return [f"{r.method} {r.url.raw_path.decode()}" for r in self.requests]
