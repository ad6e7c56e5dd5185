"""/v1/files/{file_id}/frames and /v1/frames/{id}: frame extraction jobs.

Identical configs (after filling the server defaults) for the same file return the same job,
as the service does, unless that job failed. Jobs may be created while the file is still
`pending`/`processing` (its media info is known from the probe at upload); a `failed` file is
a 400.
"""

from __future__ import annotations

from typing import Any

from ..configs import (
    check_frame_config,
    check_frame_count,
    check_range_against_duration,
    dedupe_key,
)
from ..serializers import Urls, frame_extraction_item, frame_extraction_json
from ..store import FileRow, FrameRow, JobRow, Store
from .jobs import JobResource, NewJob, usable_duration


def configure(body: Any, f: FileRow, max_results: int) -> NewJob:
    """A checked frame extraction body, keyed for deduplication."""
    echo, spec = check_frame_config(body)
    duration = usable_duration(f)
    check_range_against_duration(spec.start, spec.end, duration)
    check_frame_count(spec, duration, max_results)
    return NewJob(config=echo, dedupe_key=dedupe_key(echo))


def read_page(store: Store, job: JobRow, limit: int, offset: int) -> list[FrameRow]:
    """One page of the job's frames."""
    return store.page_frames(job.id, limit, offset)


def render(
    job: JobRow, frames: list[FrameRow] | None, limit: int, offset: int, urls: Urls
) -> dict[str, Any]:
    """A FrameExtraction with its page of frames."""
    return frame_extraction_json(job, frames or [], limit, offset, urls)


FRAMES: JobResource[list[FrameRow]] = JobResource(
    kind="frames",
    collection="frames",
    id_param="frame_extraction_id",
    title="Frame extraction",
    list_operation="listFileFrameExtractions",
    get_operation="getFrameExtraction",
    configure=configure,
    read_page=read_page,
    render=render,
    item=frame_extraction_item,
)

routes = FRAMES.routes()
