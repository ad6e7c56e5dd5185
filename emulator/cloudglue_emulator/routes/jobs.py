"""The job routes, one implementation for frame extractions and segmentations.

A `JobResource` says what differs between the two kinds (names, how a create body is checked,
how a page of results is read and shown) and serves the four routes every kind has:

    POST   /v1/files/{file_id}/<collection>   create (answered with the job and its first page)
    GET    /v1/files/{file_id}/<collection>   list the file's jobs, newest first, without results
    GET    /v1/<collection>/{<id_param>}      the job and one page of its results once completed
    DELETE /v1/<collection>/{<id_param>}      the job, its results and thumbnails

Each request does its database work in `Runtime.db` calls, off the event loop; `find` and
`files.find_file` run inside such calls.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from .. import deletion
from ..context import Runtime, runtime, urls
from ..errors import NotFound, ValidationError
from ..responses import json_response
from ..serializers import Urls, envelope, now_ms
from ..settings import API_PREFIX
from ..store import FileRow, JobKind, JobRow, Store
from ..validation import json_body, page_params, parse_uuid
from .dispatch import route
from .files import file_id_param, find_file

R = TypeVar("R")
"""One page of a kind's results, as its store reads them."""

IMAGE_FILE_MESSAGE = (
    "the file is an image; images are supported at the file level only (frame extraction"
    " and segmentation need a video)"
)


@dataclass(frozen=True)
class NewJob:
    """A checked create body: what the new job stores."""

    config: dict[str, Any]
    thumbnails_config: dict[str, Any] | None = None
    dedupe_key: str | None = None
    """Set when identical configs for one file return the same job (unless it failed)."""


@dataclass(frozen=True)
class JobResource(Generic[R]):
    """One kind of job: what it is called, how its bodies and results are handled, and the
    routes that serve it (`routes()`)."""

    kind: JobKind
    collection: str
    """The path segment: `frames`, `segmentations`."""
    id_param: str
    """The path parameter naming one job: `frame_extraction_id`, `segmentation_id`."""
    title: str
    """How 404 messages name it: `Frame extraction not found: <id>`."""
    list_operation: str
    get_operation: str
    configure: Callable[[Any, FileRow, int], NewJob]
    """Checks a create body against the contract, the file and the most results a job may
    make (`Settings.max_job_results`): 400 naming the field."""
    read_page: Callable[[Store, JobRow, int, int], R]
    """One page of a completed job's results (database work)."""
    render: Callable[[JobRow, R | None, int, int, Urls], dict[str, Any]]
    """The job as JSON with a page of results (None while it is not completed)."""
    item: Callable[[JobRow], dict[str, Any]]
    """The job as a list item (no results)."""

    def routes(self) -> list[Route]:
        """Create and list under the file, get and delete by id."""
        return [
            route(
                f"{API_PREFIX}/files/{{file_id}}/{self.collection}",
                {"POST": self.create_job, "GET": self.list_jobs},
            ),
            route(
                f"{API_PREFIX}/{self.collection}/{{{self.id_param}}}",
                {"GET": self.get_job, "DELETE": self.delete_job},
            ),
        ]

    def job_id(self, request: Request) -> str:
        """The job id in the path (400 naming the parameter for a malformed uuid)."""
        return parse_uuid(request.path_params[self.id_param], self.id_param)

    def find(self, store: Store, job_id: str) -> JobRow:
        """The job, or 404 (database work: call it inside `Runtime.db`)."""
        job = store.get_job(job_id, self.kind)
        if job is None:
            raise NotFound(self.title, job_id)
        return job

    async def create_job(self, request: Request) -> JSONResponse:
        """POST: the new job (or the identical one it repeats) with its first page."""
        rt = runtime(request)
        f = await rt.db(find_file, rt.store, file_id_param(request))
        new = self.configure(await json_body(request), f, rt.settings.max_job_results)
        candidate = JobRow(
            id=str(uuid.uuid4()),
            kind=self.kind,
            file_id=f.id,
            status="pending",
            created_at=now_ms(),
            config=new.config,
            thumbnails_config=new.thumbnails_config,
            dedupe_key=new.dedupe_key,
        )
        limit, offset = page_params({}, self.get_operation)
        job, page = await rt.db(self._insert, rt.store, candidate, limit, offset)
        if job.id == candidate.id:
            rt.jobs.submit(self.kind, job.id)
        return json_response(self.render(job, page, limit, offset, urls(request)))

    async def list_jobs(self, request: Request) -> JSONResponse:
        """GET under the file: one page of its jobs of this kind, newest first."""
        rt = runtime(request)
        file_id = file_id_param(request)
        limit, offset = page_params(request.query_params, self.list_operation)
        jobs, total = await rt.db(self._list, rt.store, file_id, limit, offset)
        return json_response(envelope([self.item(j) for j in jobs], total, limit, offset))

    async def get_job(self, request: Request) -> JSONResponse:
        """GET by id: the job and, once completed, one page of its results."""
        rt = runtime(request)
        limit, offset = page_params(request.query_params, self.get_operation)
        job_id = self.job_id(request)
        job, page = await rt.db(self._job_and_page, rt.store, job_id, limit, offset)
        return json_response(self.render(job, page, limit, offset, urls(request)))

    async def delete_job(self, request: Request) -> JSONResponse:
        """DELETE by id: the job, its results and its thumbnails."""
        rt = runtime(request)
        job_id = self.job_id(request)
        await rt.db(self._delete, rt, job_id)
        return json_response({"id": job_id})

    def _page(self, store: Store, job: JobRow, limit: int, offset: int) -> R | None:
        return self.read_page(store, job, limit, offset) if job.status == "completed" else None

    def _insert(
        self, store: Store, candidate: JobRow, limit: int, offset: int
    ) -> tuple[JobRow, R | None]:
        job = store.insert_job(candidate)
        return job, self._page(store, job, limit, offset)

    def _list(
        self, store: Store, file_id: str, limit: int, offset: int
    ) -> tuple[list[JobRow], int]:
        return store.list_jobs(find_file(store, file_id).id, self.kind, limit, offset)

    def _job_and_page(
        self, store: Store, job_id: str, limit: int, offset: int
    ) -> tuple[JobRow, R | None]:
        job = self.find(store, job_id)
        return job, self._page(store, job, limit, offset)

    def _delete(self, rt: Runtime, job_id: str) -> None:
        if not deletion.delete_job(rt.store, rt.data, job_id, self.kind):
            raise NotFound(self.title, job_id)


def usable_duration(f: FileRow) -> float:
    """The file's duration; 400 if the file failed processing or is an image."""
    if f.status == "failed":
        raise ValidationError("file_id", f"the file failed processing ({f.error or 'unknown'})")
    if f.media.get("media_type") == "image":
        raise ValidationError("file_id", IMAGE_FILE_MESSAGE)
    return float(f.media["duration_seconds"])
