"""The rest of a file's lifecycle: update, its thumbnails, its segments, list filters.

What is sent is checked on the wire; bad input fails before anything is sent, with the bounds
and values read from the generated constraints (openapi.yaml), never typed here.
"""

from __future__ import annotations

import datetime as dt
import json
import typing
from typing import Any

import httpx
import pytest

from cloudglue_client import File, FileSegment
from cloudglue_openapi import choices
from cloudglue_openapi.constraints import field, rules
from tests.support.fakeapi import FILE_ID, SEG_ID, FakeAPI, respond

from .conftest import Flavor

FILE = {"id": FILE_ID, "uri": "cloudglue://files/x", "status": "completed", "filename": "a.mp4"}
SEGMENT_ID = "7a1e9c44-2b6d-4f0a-8c3e-5d9b1a2f6e80"
SEGMENT = {
    "id": SEGMENT_ID,
    "file_id": FILE_ID,
    "segmentation_id": SEG_ID,
    "start_time": 1.0,
    "end_time": 3.5,
    "metadata": {"label": "intro"},
}


def envelope(items: list[dict[str, Any]], request: httpx.Request, total: int) -> httpx.Response:
    offset = int(request.url.params.get("offset", 0))
    limit = int(request.url.params.get("limit", 50))
    page = items[offset : offset + limit]
    return httpx.Response(
        200, json={"object": "list", "data": page, "total": total, "limit": limit, "offset": offset}
    )


def test_update_sends_only_what_is_given(flavor: Flavor, api: FakeAPI) -> None:
    api.script = [respond(200, FILE), respond(200, FILE)]
    updated = flavor.call(lambda cg: cg.files.update(FILE_ID, metadata={"team": "video"}))
    assert isinstance(updated, File)
    flavor.call(lambda cg: cg.files.update(updated, filename="b.mp4"))  # the model carries the id
    sent = [(r.method, r.url.path, json.loads(r.content)) for r in api.requests]
    assert sent == [
        ("PUT", f"/v1/files/{FILE_ID}", {"metadata": {"team": "video"}}),
        ("PUT", f"/v1/files/{FILE_ID}", {"filename": "b.mp4"}),
    ]


@pytest.mark.parametrize(
    ("kwargs", "error", "text"),
    [
        ({"metadata": ["not", "a", "mapping"]}, TypeError, "metadata"),
        ({"metadata": {"x": object()}}, ValueError, "metadata"),
        ({"filename": "  "}, ValueError, "filename"),
    ],
)
def test_bad_updates_send_nothing(
    flavor: Flavor, api: FakeAPI, kwargs: dict[str, Any], error: type[Exception], text: str
) -> None:
    with pytest.raises(error, match=text):
        flavor.call(lambda cg: cg.files.update(FILE_ID, **kwargs))
    assert api.requests == []


def test_thumbnails_of_a_file_with_filters_and_every_page(flavor: Flavor, api: FakeAPI) -> None:
    kinds = typing.get_args(choices.ThumbnailKind)
    thumbs = [{"id": SEGMENT_ID, "url": f"https://t/{i}.jpg", "time": i} for i in range(130)]
    api.route = lambda request: envelope(thumbs, request, len(thumbs))
    got = flavor.collect(
        lambda cg: cg.files.thumbnails(
            FILE_ID, is_default=False, segmentation_id=SEG_ID, type=list(kinds[:2])
        )
    )
    assert [t.time for t in got] == list(range(130))
    params = api.requests[0].url.params
    assert params["type"] == ",".join(kinds[:2]) and params["is_default"] == "false"
    assert params["segmentation_id"] == SEG_ID
    assert api.requests[0].url.path == f"/v1/files/{FILE_ID}/thumbnails"


def test_a_thumbnail_kind_typo_names_the_kinds(flavor: Flavor, api: FakeAPI) -> None:
    kinds = typing.get_args(choices.ThumbnailKind)
    with pytest.raises(ValueError, match=repr(kinds[0])):
        flavor.call(lambda cg: cg.files.thumbnails(FILE_ID, type=kinds[0] + "s"))
    assert api.requests == []


def test_segments_of_a_file_in_a_window(flavor: Flavor, api: FakeAPI) -> None:
    api.route = lambda request: envelope([SEGMENT] * 3, request, 3)
    got = flavor.collect(
        lambda cg: cg.files.segments(
            FILE_ID, start_time_after=0, end_time_before=60, min_duration=2
        )
    )
    assert len(got) == 3 and all(isinstance(s, FileSegment) for s in got)
    params = dict(api.requests[0].url.params)
    assert {k: params[k] for k in ("start_time_after", "end_time_before", "min_duration")} == {
        "start_time_after": "0",
        "end_time_before": "60",
        "min_duration": "2",
    }


def test_segment_filters_that_contradict_each_other_send_nothing(
    flavor: Flavor, api: FakeAPI
) -> None:
    stated = {f"{r.left} {r.op} {r.right}" for r in rules("listFileSegments", "query")}
    assert stated == {
        "query.start_time_after < query.end_time_before",
        "query.min_duration <= query.max_duration",
    }
    with pytest.raises(ValueError, match="min_duration"):
        flavor.call(lambda cg: list(cg.files.segments(FILE_ID, min_duration=5, max_duration=2)))
    with pytest.raises(ValueError, match="start_time_after"):
        flavor.call(
            lambda cg: list(cg.files.segments(FILE_ID, start_time_after=9, end_time_before=9))
        )
    low = field("listFileSegments", "query.min_duration").minimum
    if low is not None:
        with pytest.raises(ValueError, match="min_duration"):
            flavor.call(lambda cg: list(cg.files.segments(FILE_ID, min_duration=low - 1)))
    assert api.requests == []


def test_get_and_label_a_segment(flavor: Flavor, api: FakeAPI) -> None:
    api.script = [respond(200, SEGMENT), respond(200, SEGMENT)]
    segment = flavor.call(lambda cg: cg.segments.get(FILE_ID, SEGMENT_ID))
    flavor.call(lambda cg: cg.segments.update(FILE_ID, segment, metadata={"label": "outro"}))
    first, second = api.requests
    assert (first.method, first.url.path) == ("GET", f"/v1/files/{FILE_ID}/segments/{SEGMENT_ID}")
    assert second.method == "PUT" and json.loads(second.content) == {"metadata": {"label": "outro"}}
    with pytest.raises(ValueError, match="metadata"):
        flavor.call(lambda cg: cg.segments.update(FILE_ID, SEGMENT_ID, metadata=None))
    with pytest.raises(ValueError, match="segment_id"):
        flavor.call(lambda cg: cg.segments.get(FILE_ID, "not-a-uuid"))
    assert len(api.requests) == 2


def test_files_list_takes_the_spec_filters(flavor: Flavor, api: FakeAPI) -> None:
    api.route = lambda request: envelope([FILE], request, 1)
    orders = typing.get_args(choices.ListFilesOrder)
    sorts = typing.get_args(choices.ListFilesSort)
    search = {"file": [{"path": "filename", "operator": "Like", "valueText": "%.mp4"}]}
    flavor.collect(
        lambda cg: cg.files.list(
            order=orders[-1],
            sort=sorts[0],
            created_after=dt.date(2026, 1, 2),
            created_before="2026-12-31",
            filter=search,
        )
    )
    params = api.requests[0].url.params
    assert (params["order"], params["sort"]) == (orders[-1], sorts[0])
    assert (params["created_after"], params["created_before"]) == ("2026-01-02", "2026-12-31")
    assert json.loads(params["filter"]) == search


@pytest.mark.parametrize(
    ("kwargs", "text"),
    [
        ({"order": "size"}, "order"),
        ({"created_before": "31/12/2026"}, "created_before"),
        ({"filter": {"files": []}}, "filter"),
        ({"filter": {"file": [{"path": "filename", "operator": "Likes"}]}}, "operator"),
    ],
)
def test_bad_list_filters_send_nothing(
    flavor: Flavor, api: FakeAPI, kwargs: dict[str, Any], text: str
) -> None:
    with pytest.raises(ValueError, match=text):
        flavor.call(lambda cg: cg.files.list(**kwargs))
    assert api.requests == []


def test_ids_of_new_operations_take_models(flavor: Flavor, api: FakeAPI) -> None:
    api.script = [respond(200, SEGMENT)]
    segment = flavor.call(lambda cg: cg.segments.get(FILE_ID, SEGMENT_ID))
    api.script = [respond(200, SEGMENT)]
    flavor.call(lambda cg: cg.segments.get(FILE_ID, segment))
    assert api.requests[-1].url.path.endswith(f"/segments/{SEGMENT_ID}")
