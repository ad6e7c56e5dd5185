"""/v1/files/{file_id}/frames and /v1/frames/{id}: frame extraction jobs.

Identical configs (after filling the server defaults) for the same file return the same job,
as the service does, unless that job failed. Jobs may be created while the file is still
`pending`/`processing` (its media info is known from the probe at upload); a `failed` file is
a 400.
"""

from __future__ import annotations

import uuid

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from .configs import check_frame_config, check_range_against_duration, dedupe_key
from .context import Runtime, runtime, urls
from .errors import ValidationError
from .job_routes import delete_job, file_id_param, file_jobs, find_file, find_job, job_id_param
from .responses import json_response
from .routing import route
from .serializers import envelope, frame_extraction_item, frame_extraction_json, now_ms
from .settings import API_PREFIX
from .store import FileRow, FrameRow, JobRow
from .validation import json_body, page_params

IMAGE_FILE_MESSAGE = (
    "the file is an image; images are supported at the file level only (frame extraction"
    " and segmentation need a video)"
)


async def usable_file(rt: Runtime, request: Request) -> FileRow:
    """The file named by the `file_id` path parameter (a uuid): 400 or 404."""
    return await rt.db(find_file, rt, file_id_param(request))


def ready_for_jobs(f: FileRow) -> float:
    """The file's duration; 400 if the file failed processing or is an image."""
    if f.status == "failed":
        raise ValidationError("file_id", f"the file failed processing ({f.error or 'unknown'})")
    if f.media.get("media_type") == "image":
        raise ValidationError("file_id", IMAGE_FILE_MESSAGE)
    return float(f.media["duration_seconds"])


async def create_frame_extraction(request: Request) -> Response:
    """POST /files/{file_id}/frames."""
    rt = runtime(request)
    f = await usable_file(rt, request)
    echo, spec = check_frame_config(await json_body(request))
    check_range_against_duration(spec.start, spec.end, ready_for_jobs(f))
    candidate = JobRow(
        id=str(uuid.uuid4()),
        kind="frames",
        file_id=f.id,
        status="pending",
        created_at=now_ms(),
        config=echo,
        dedupe_key=dedupe_key(echo),
    )
    limit, offset = page_params({}, "getFrameExtraction")
    job, frames = await rt.db(_insert, rt, candidate, limit, offset)
    if job.id == candidate.id:
        rt.jobs.submit("frames", job.id)
    return json_response(frame_extraction_json(job, frames, limit, offset, urls(request)))


def _insert(
    rt: Runtime, candidate: JobRow, limit: int, offset: int
) -> tuple[JobRow, list[FrameRow]]:
    """The new job, or the existing one with the same config (and its first page)."""
    job = rt.store.insert_job(candidate)
    return job, _frames_page(rt, job, limit, offset)


def _frames_page(rt: Runtime, job: JobRow, limit: int, offset: int) -> list[FrameRow]:
    if job.status != "completed":
        return []
    return rt.store.page_frames(job.id, limit, offset)


async def list_frame_extractions(request: Request) -> JSONResponse:
    """GET /files/{file_id}/frames: newest first, without frames."""
    jobs, total, limit, offset = await file_jobs(request, "frames", "listFileFrameExtractions")
    return json_response(envelope([frame_extraction_item(j) for j in jobs], total, limit, offset))


async def get_frame_extraction(request: Request) -> Response:
    """GET /frames/{id}: the job and one page of its frames once completed."""
    rt = runtime(request)
    limit, offset = page_params(request.query_params, "getFrameExtraction")
    job_id = job_id_param(request, "frames")
    job, frames = await rt.db(_job_and_frames, rt, job_id, limit, offset)
    return json_response(frame_extraction_json(job, frames, limit, offset, urls(request)))


def _job_and_frames(
    rt: Runtime, job_id: str, limit: int, offset: int
) -> tuple[JobRow, list[FrameRow]]:
    job = find_job(rt, "frames", job_id)
    return job, _frames_page(rt, job, limit, offset)


async def delete_frame_extraction(request: Request) -> JSONResponse:
    """DELETE /frames/{id}: the job, its frames and thumbnails."""
    return await delete_job(request, "frames")


routes = [
    route(
        f"{API_PREFIX}/files/{{file_id}}/frames",
        {"POST": create_frame_extraction, "GET": list_frame_extractions},
    ),
    route(
        f"{API_PREFIX}/frames/{{frame_extraction_id}}",
        {"GET": get_frame_extraction, "DELETE": delete_frame_extraction},
    ),
]
