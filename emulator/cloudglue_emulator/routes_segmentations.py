"""/v1/files/{file_id}/segmentations and /v1/segmentations/{id}: segmentation jobs.

Segmentations are not deduplicated: each create is a new job. Like frame extractions, they may
be created while the file is still being processed; a `failed` file is a 400.
"""

from __future__ import annotations

import uuid

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from .configs import (
    DEFAULT_SEGMENT_THUMBNAILS,
    check_segmentation_against_duration,
    check_segmentation_config,
)
from .context import Runtime, runtime, urls
from .job_routes import delete_job, file_jobs, find_job, job_id_param
from .responses import json_response
from .routes_frames import ready_for_jobs, usable_file
from .routing import route
from .serializers import envelope, now_ms, segmentation_item, segmentation_json, thumbnail_json
from .settings import API_PREFIX
from .store import JobRow, SegmentRow, ShotRow, ThumbRow
from .validation import json_body, page_params, parse_uuid, query_csv

SEGMENT_PAGE_DEFAULT_LIMIT = 10


async def create_segmentation(request: Request) -> Response:
    """POST /files/{file_id}/segmentations."""
    rt = runtime(request)
    f = await usable_file(rt, request)
    default_thumbnails = (
        DEFAULT_SEGMENT_THUMBNAILS if f.segment_thumbnails is None else f.segment_thumbnails
    )
    echo, thumbnails, spec = check_segmentation_config(await json_body(request), default_thumbnails)
    check_segmentation_against_duration(spec, ready_for_jobs(f))
    job = JobRow(
        id=str(uuid.uuid4()),
        kind="segmentation",
        file_id=f.id,
        status="pending",
        created_at=now_ms(),
        config=echo,
        thumbnails_config=thumbnails,
    )
    await rt.db(rt.store.insert_job, job)
    rt.jobs.submit("segmentation", job.id)
    return json_response(
        segmentation_json(job, [], None, SEGMENT_PAGE_DEFAULT_LIMIT, 0, urls(request))
    )


async def list_segmentations(request: Request) -> JSONResponse:
    """GET /files/{file_id}/segmentations: newest first, without segments."""
    jobs, total, limit, offset = await file_jobs(request, "segmentation", "listFileSegmentations")
    return json_response(envelope([segmentation_item(j) for j in jobs], total, limit, offset))


async def get_segmentation(request: Request) -> Response:
    """GET /segmentations/{id}: the job and one page of segments (default 10) once completed."""
    rt = runtime(request)
    limit, offset = page_params(request.query_params, "getSegmentation", SEGMENT_PAGE_DEFAULT_LIMIT)
    job_id = job_id_param(request, "segmentation")
    job, segments, shots = await rt.db(_job_and_results, rt, job_id, limit, offset)
    return json_response(segmentation_json(job, segments, shots, limit, offset, urls(request)))


async def delete_segmentation(request: Request) -> JSONResponse:
    """DELETE /segmentations/{id}: the job, its segments and thumbnails."""
    return await delete_job(request, "segmentation")


def _job_and_results(
    rt: Runtime, job_id: str, limit: int, offset: int
) -> tuple[JobRow, list[SegmentRow], list[ShotRow] | None]:
    """The job, and once completed one page of its segments and its shots (shot-detector)."""
    job = find_job(rt, "segmentation", job_id)
    if job.status != "completed":
        return job, [], None
    segments = rt.store.page_segments(job.id, limit, offset)
    return job, segments, rt.store.shots(job.id) if job.shot_count is not None else None


async def list_thumbnails(request: Request) -> JSONResponse:
    """GET /segmentations/{id}/thumbnails: filter by `segment_ids` and `type`, one page."""
    rt = runtime(request)
    job_id = job_id_param(request, "segmentation")
    q = request.query_params
    limit, offset = page_params(q, "getSegmentationThumbnails")
    segment_ids = query_csv(q, "segment_ids") or None
    if segment_ids is not None:
        segment_ids = [parse_uuid(s, "segment_ids") for s in segment_ids]
    # ThumbnailType is a free string in the contract: a name no thumbnail has matches none.
    kinds = query_csv(q, "type") or None
    rows, total = await rt.db(_thumbnails, rt, job_id, kinds, segment_ids, limit, offset)
    base = urls(request)
    return json_response(
        envelope([thumbnail_json(t, job_id, base) for t in rows], total, limit, offset)
    )


def _thumbnails(
    rt: Runtime,
    job_id: str,
    kinds: list[str] | None,
    segment_ids: list[str] | None,
    limit: int,
    offset: int,
) -> tuple[list[ThumbRow], int]:
    find_job(rt, "segmentation", job_id)  # 404 for an unknown segmentation
    return rt.store.page_thumbnails(job_id, kinds, segment_ids, limit, offset)


routes = [
    route(
        f"{API_PREFIX}/files/{{file_id}}/segmentations",
        {"POST": create_segmentation, "GET": list_segmentations},
    ),
    route(
        f"{API_PREFIX}/segmentations/{{segmentation_id}}",
        {"GET": get_segmentation, "DELETE": delete_segmentation},
    ),
    route(f"{API_PREFIX}/segmentations/{{segmentation_id}}/thumbnails", {"GET": list_thumbnails}),
]
