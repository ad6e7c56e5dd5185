"""/v1/files/{file_id}/segmentations, /v1/segmentations/{id} and its thumbnails.

Segmentations are not deduplicated: each create is a new job. Like frame extractions, they may
be created while the file is still being processed; a `failed` file is a 400.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse

from ..configs import (
    DEFAULT_SEGMENT_THUMBNAILS,
    check_segment_count,
    check_segmentation_against_duration,
    check_segmentation_config,
)
from ..context import runtime, urls
from ..responses import json_response
from ..serializers import Urls, envelope, segmentation_item, segmentation_json, thumbnail_json
from ..settings import API_PREFIX
from ..store import FileRow, JobRow, SegmentRow, ShotRow, Store, ThumbRow
from ..validation import page_params, parse_uuid, query_csv
from .dispatch import route
from .jobs import JobResource, NewJob, usable_duration

Results = tuple[list[SegmentRow], list[ShotRow] | None]
"""One page of segments, and every shot of a shot-detector segmentation (else None)."""


def configure(body: Any, f: FileRow, max_results: int) -> NewJob:
    """A checked segmentation body; thumbnails default to the file's upload setting."""
    default = DEFAULT_SEGMENT_THUMBNAILS if f.segment_thumbnails is None else f.segment_thumbnails
    echo, thumbnails, spec = check_segmentation_config(body, default)
    duration = usable_duration(f)
    check_segmentation_against_duration(spec, duration)
    check_segment_count(spec, duration, max_results)
    return NewJob(config=echo, thumbnails_config=thumbnails)


def read_page(store: Store, job: JobRow, limit: int, offset: int) -> Results:
    """One page of the job's segments, and its shots (shot-detector)."""
    shots = store.shots(job.id) if job.shot_count is not None else None
    return store.page_segments(job.id, limit, offset), shots


def render(
    job: JobRow, results: Results | None, limit: int, offset: int, urls: Urls
) -> dict[str, Any]:
    """A Segmentation with its page of segments."""
    segments, shots = results or ([], None)
    return segmentation_json(job, segments, shots, limit, offset, urls)


SEGMENTATIONS: JobResource[Results] = JobResource(
    kind="segmentation",
    collection="segmentations",
    id_param="segmentation_id",
    title="Segmentation",
    list_operation="listFileSegmentations",
    get_operation="getSegmentation",
    configure=configure,
    read_page=read_page,
    render=render,
    item=segmentation_item,
)


async def list_thumbnails(request: Request) -> JSONResponse:
    """GET /segmentations/{id}/thumbnails: filter by `segment_ids` and `type`, one page."""
    rt = runtime(request)
    job_id = SEGMENTATIONS.job_id(request)
    q = request.query_params
    limit, offset = page_params(q, "getSegmentationThumbnails")
    segment_ids = query_csv(q, "segment_ids") or None
    if segment_ids is not None:
        segment_ids = [parse_uuid(s, "segment_ids") for s in segment_ids]
    # ThumbnailType is a free string in the contract: a name no thumbnail has matches none.
    kinds = query_csv(q, "type") or None
    rows, total = await rt.db(_thumbnails, rt.store, job_id, kinds, segment_ids, limit, offset)
    base = urls(request)
    return json_response(
        envelope([thumbnail_json(t, job_id, base) for t in rows], total, limit, offset)
    )


def _thumbnails(
    store: Store,
    job_id: str,
    kinds: list[str] | None,
    segment_ids: list[str] | None,
    limit: int,
    offset: int,
) -> tuple[list[ThumbRow], int]:
    SEGMENTATIONS.find(store, job_id)  # 404 for an unknown segmentation
    return store.page_thumbnails(job_id, kinds, segment_ids, limit, offset)


routes = [
    *SEGMENTATIONS.routes(),
    route(f"{API_PREFIX}/segmentations/{{segmentation_id}}/thumbnails", {"GET": list_thumbnails}),
]
