"""What the frames and segmentations routes share: finding a job by path id, deleting one.

Each request does its database work in one `Runtime.db` call (one hop off the event loop), or
for a page read in one `Runtime.read` call (at once on the loop when nothing has to wait); the
`find_*` helpers run inside such calls.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse

from .context import Runtime, runtime
from .errors import NotFound
from .responses import json_response
from .store import FileRow, JobKind, JobRow
from .validation import page_params, parse_uuid

#: kind -> (path parameter, name used in 404 messages)
_NAMES: dict[JobKind, tuple[str, str]] = {
    "frames": ("frame_extraction_id", "Frame extraction"),
    "segmentation": ("segmentation_id", "Segmentation"),
}


def job_id_param(request: Request, kind: JobKind) -> str:
    """The job id in the path (400 for a malformed uuid)."""
    param = _NAMES[kind][0]
    return parse_uuid(request.path_params[param], param)


def find_job(rt: Runtime, kind: JobKind, job_id: str) -> JobRow:
    """The job, or 404 (database work: call it inside `Runtime.db`)."""
    job = rt.store.get_job(job_id, kind)
    if job is None:
        raise NotFound(_NAMES[kind][1], job_id)
    return job


def find_file(rt: Runtime, file_id: str) -> FileRow:
    """The file, or 404 (database work: call it inside `Runtime.db`)."""
    found = rt.store.get_file(file_id)
    if found is None:
        raise NotFound("File", file_id)
    return found


def file_id_param(request: Request) -> str:
    """The `file_id` in the path (400 for a malformed uuid)."""
    return parse_uuid(request.path_params["file_id"], "file_id")


async def file_jobs(
    request: Request, kind: JobKind, operation: str
) -> tuple[list[JobRow], int, int, int]:
    """One page of the jobs of one kind of the file in the path: (jobs, total, limit, offset)."""
    rt = runtime(request)
    file_id = file_id_param(request)
    limit, offset = page_params(request.query_params, operation)
    jobs, total = await rt.db(_file_jobs, rt, file_id, kind, limit, offset)
    return jobs, total, limit, offset


def _file_jobs(
    rt: Runtime, file_id: str, kind: JobKind, limit: int, offset: int
) -> tuple[list[JobRow], int]:
    return rt.store.list_jobs(find_file(rt, file_id).id, kind, limit, offset)


async def delete_job(request: Request, kind: JobKind) -> JSONResponse:
    """DELETE the job named by the path, with its items and thumbnails."""
    rt = runtime(request)
    job_id = job_id_param(request, kind)
    await rt.db(_delete, rt, job_id, kind)
    return json_response({"id": job_id})


def _delete(rt: Runtime, job_id: str, kind: JobKind) -> None:
    if not rt.store.delete_job(job_id, kind):
        raise NotFound(_NAMES[kind][1], job_id)
    rt.data.remove_thumbs([job_id])
