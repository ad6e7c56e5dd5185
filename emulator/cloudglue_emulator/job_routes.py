"""What the frames and segmentations routes share: finding a job by path id, deleting one."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse

from .context import Runtime, runtime
from .errors import NotFound
from .responses import json_response
from .store import JobKind, JobRow
from .validation import parse_uuid

#: kind -> (path parameter, name used in 404 messages)
_NAMES: dict[JobKind, tuple[str, str]] = {
    "frames": ("frame_extraction_id", "Frame extraction"),
    "segmentation": ("segmentation_id", "Segmentation"),
}


async def job_or_404(request: Request, kind: JobKind) -> JobRow:
    """The job named by the path (400 for a malformed uuid, 404 if unknown)."""
    param, label = _NAMES[kind]
    job_id = parse_uuid(request.path_params[param], param)
    rt = runtime(request)
    job = await rt.db(rt.store.get_job, job_id, kind)
    if job is None:
        raise NotFound(label, job_id)
    return job


async def delete_job(request: Request, kind: JobKind) -> JSONResponse:
    """DELETE the job named by the path, with its items and thumbnails."""
    param, label = _NAMES[kind]
    rt = runtime(request)
    job_id = parse_uuid(request.path_params[param], param)
    if not await rt.db(_delete, rt, job_id, kind):
        raise NotFound(label, job_id)
    return json_response({"id": job_id})


def _delete(rt: Runtime, job_id: str, kind: JobKind) -> bool:
    if not rt.store.delete_job(job_id, kind):
        return False
    rt.data.remove_thumbs([job_id])
    return True
