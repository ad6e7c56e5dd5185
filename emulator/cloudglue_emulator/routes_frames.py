"""/v1/files/{file_id}/frames and /v1/frames/{id}: frame extraction jobs.

Identical configs (after filling the server defaults) for the same file return the same job,
as the service does, unless that job failed. Jobs may be created while the file is still
`pending`/`processing` (its media info is known from the probe at upload); a `failed` file is
a 400.
"""

from __future__ import annotations

import uuid

from starlette.requests import Request
from starlette.responses import JSONResponse

from .configs import check_frame_config, check_range_against_duration, dedupe_key
from .context import Runtime, runtime, urls
from .errors import NotFound, ValidationError
from .job_routes import delete_job, job_or_404
from .responses import json_response
from .routing import route
from .serializers import envelope, frame_extraction_item, frame_extraction_json, now_ms
from .settings import API_PREFIX
from .store import FileRow, FrameRow, JobRow
from .validation import json_body, page_params, parse_uuid

IMAGE_FILE_MESSAGE = (
    "the file is an image; images are supported at the file level only (frame extraction"
    " and segmentation need a video)"
)


async def usable_file(rt: Runtime, request: Request) -> FileRow:
    """The file named by the `file_id` path parameter (a uuid): 400, 404, or 400 if it failed."""
    file_id = parse_uuid(request.path_params["file_id"], "file_id")
    found = await rt.db(rt.store.get_file, file_id)
    if found is None:
        raise NotFound("File", file_id)
    return found


def ready_for_jobs(f: FileRow) -> float:
    """The file's duration; 400 if the file failed processing or is an image."""
    if f.status == "failed":
        raise ValidationError("file_id", f"the file failed processing ({f.error or 'unknown'})")
    if f.media.get("media_type") == "image":
        raise ValidationError("file_id", IMAGE_FILE_MESSAGE)
    return float(f.media["duration_seconds"])


async def create_frame_extraction(request: Request) -> JSONResponse:
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
    job = await rt.db(rt.store.insert_job, candidate)
    if job.id == candidate.id:
        rt.jobs.submit("frames", job.id)
    limit, offset = page_params({}, "getFrameExtraction")
    frames = await _frames_page(rt, job, limit, offset)
    return json_response(frame_extraction_json(job, frames, limit, offset, urls(request)))


async def _frames_page(rt: Runtime, job: JobRow, limit: int, offset: int) -> list[FrameRow]:
    if job.status != "completed":
        return []
    return await rt.db(rt.store.page_frames, job.id, limit, offset)


async def list_frame_extractions(request: Request) -> JSONResponse:
    """GET /files/{file_id}/frames: newest first, without frames."""
    rt = runtime(request)
    f = await usable_file(rt, request)
    limit, offset = page_params(request.query_params, "listFileFrameExtractions")
    jobs, total = await rt.db(rt.store.list_jobs, f.id, "frames", limit, offset)
    return json_response(envelope([frame_extraction_item(j) for j in jobs], total, limit, offset))


async def get_frame_extraction(request: Request) -> JSONResponse:
    """GET /frames/{id}: the job and one page of its frames once completed."""
    rt = runtime(request)
    limit, offset = page_params(request.query_params, "getFrameExtraction")
    job = await job_or_404(request, "frames")
    frames = await _frames_page(rt, job, limit, offset)
    return json_response(frame_extraction_json(job, frames, limit, offset, urls(request)))


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
