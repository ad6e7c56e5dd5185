"""/v1/files/{file_id}/segments: the segments of a file's completed segmentations, filtered by
time window and duration and paged; one segment read and its metadata updated by id.

Filters follow openapi.yaml: every bound inclusive (`start_time >= start_time_after`,
`end_time <= end_time_before`, `min_duration <= end_time - start_time <= max_duration`), and
the operation's `x-rules` (an empty window, crossed duration bounds) are a 400 naming the
parameter. A `segment_id` that is not a uuid is a 400 naming it (the path parameter is a uuid
and the operations document 400), an unknown one, or one of another file, a 404.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse

from ..context import runtime, urls
from ..errors import NotFound
from ..responses import json_response
from ..serializers import envelope, file_segment_json
from ..settings import API_PREFIX
from ..store import FileSegment, SegmentQuery, Store
from ..validation import (
    check_rules,
    json_body,
    page_params,
    parse_uuid,
    query_number,
    sent_fields,
)
from .dispatch import route
from .files import file_id_param, find_file

LIST = "listFileSegments"
UPDATE = "updateFileSegment"
WINDOW = ("start_time_after", "end_time_before", "min_duration", "max_duration")
"""The filter parameters, in the order SegmentQuery takes them."""


def segment_id_param(request: Request) -> str:
    """The `segment_id` in the path, canonical; 400 naming it if it is not a uuid."""
    return parse_uuid(request.path_params["segment_id"], "segment_id")


async def list_segments(request: Request) -> JSONResponse:
    """GET: one page of the file's segments that pass the filters, in time order."""
    rt = runtime(request)
    file_id = file_id_param(request)
    q = request.query_params
    limit, offset = page_params(q, LIST)
    values = {name: query_number(q, LIST, name) for name in WINDOW}
    check_rules(LIST, "query", values)
    query = SegmentQuery(*(values[name] for name in WINDOW))
    found, total = await rt.db(_page, rt.store, file_id, query, limit, offset)
    base = urls(request)
    return json_response(
        envelope([file_segment_json(s, base) for s in found], total, limit, offset)
    )


def _page(
    store: Store, file_id: str, query: SegmentQuery, limit: int, offset: int
) -> tuple[list[FileSegment], int]:
    find_file(store, file_id)
    return store.page_file_segments(file_id, query, limit, offset)


async def get_segment(request: Request) -> JSONResponse:
    """GET by id: one segment of the file."""
    rt = runtime(request)
    file_id, segment_id = file_id_param(request), segment_id_param(request)
    found = await rt.db(_segment, rt.store, file_id, segment_id, None)
    return json_response(file_segment_json(found, urls(request)))


async def update_segment(request: Request) -> JSONResponse:
    """PUT by id: replace the segment's metadata; a body without it (or no body: the contract
    makes it optional) changes nothing. A bad body is a 400 before anything is written."""
    rt = runtime(request)
    file_id, segment_id = file_id_param(request), segment_id_param(request)
    fields = sent_fields(await json_body(request, required=False), UPDATE)
    found = await rt.db(_segment, rt.store, file_id, segment_id, fields.get("metadata"))
    return json_response(file_segment_json(found, urls(request)))


def _segment(
    store: Store, file_id: str, segment_id: str, metadata: dict[str, object] | None
) -> FileSegment:
    """The segment after the update (None: none), or 404 for the file, then the segment."""
    find_file(store, file_id)
    found = store.update_file_segment(file_id, segment_id, metadata)
    if found is None:
        raise NotFound("Segment", segment_id)
    return found


routes = [
    route(f"{API_PREFIX}/files/{{file_id}}/segments", {"GET": list_segments}),
    route(
        f"{API_PREFIX}/files/{{file_id}}/segments/{{segment_id}}",
        {"GET": get_segment, "PUT": update_segment},
    ),
]
