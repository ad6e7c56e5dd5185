"""Every id parameter takes a str, a UUID or the model carrying that id, and says so."""

from __future__ import annotations

import inspect
import uuid
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from cloudglue_client import (
    CloudglueError,
    File,
    FrameExtraction,
    FrameExtractionListItem,
    Segment,
    Segmentation,
    SegmentationListItem,
    uniform,
)
from cloudglue_client.resources.files import AsyncFiles, Files
from cloudglue_client.resources.frames import AsyncFrames, Frames
from cloudglue_client.resources.segmentations import AsyncSegmentations, Segmentations
from cloudglue_client.resources.segments import AsyncSegments, Segments
from tests.support.fakeapi import FILE_ID, JOB_ID, SEG_ID, frame_job, segmentation

from .conftest import Flavor

FILE = File.from_dict({"id": FILE_ID, "status": "completed", "uri": f"cloudglue://files/{FILE_ID}"})
JOB = FrameExtraction.from_dict(frame_job())
JOB_ITEM = FrameExtractionListItem.from_dict(frame_job())
SEG = Segmentation.from_dict(segmentation())
SEG_ITEM = SegmentationListItem.from_dict(segmentation())
SEGMENT_ID = "0d8c9f6e-1b2a-4c3d-8e9f-0a1b2c3d4e5f"
SEGMENT = Segment.from_dict({"id": SEGMENT_ID, "start_time": 0, "end_time": 2})

Case = tuple[str, Callable[[Any, Any], Any], Any, str]

# (method, call(client, ref), the model to pass, the path the request must reach)
CASES: list[Case] = [
    ("files.get", lambda cg, r: cg.files.get(r), FILE, f"/v1/files/{FILE_ID}"),
    ("files.delete", lambda cg, r: cg.files.delete(r), FILE, f"/v1/files/{FILE_ID}"),
    ("files.wait", lambda cg, r: cg.files.wait(r), FILE, f"/v1/files/{FILE_ID}"),
    ("frames.create", lambda cg, r: cg.frames.create(r), FILE, f"/v1/files/{FILE_ID}/frames"),
    ("frames.list", lambda cg, r: cg.frames.list(r), FILE, f"/v1/files/{FILE_ID}/frames"),
    ("frames.get", lambda cg, r: cg.frames.get(r), JOB, f"/v1/frames/{JOB_ID}"),
    ("frames.get item", lambda cg, r: cg.frames.get(r), JOB_ITEM, f"/v1/frames/{JOB_ID}"),
    ("frames.wait", lambda cg, r: cg.frames.wait(r), JOB_ITEM, f"/v1/frames/{JOB_ID}"),
    ("frames.delete", lambda cg, r: cg.frames.delete(r), JOB, f"/v1/frames/{JOB_ID}"),
    ("iter_frames", lambda cg, r: cg.frames.iter_frames(r), JOB, f"/v1/frames/{JOB_ID}"),
    (
        "segmentations.create",
        lambda cg, r: cg.segmentations.create(r, uniform(2)),
        FILE,
        f"/v1/files/{FILE_ID}/segmentations",
    ),
    (
        "segmentations.list",
        lambda cg, r: cg.segmentations.list(r),
        FILE,
        f"/v1/files/{FILE_ID}/segmentations",
    ),
    ("seg.get", lambda cg, r: cg.segmentations.get(r), SEG, f"/v1/segmentations/{SEG_ID}"),
    ("seg.wait", lambda cg, r: cg.segmentations.wait(r), SEG_ITEM, f"/v1/segmentations/{SEG_ID}"),
    ("seg.delete", lambda cg, r: cg.segmentations.delete(r), SEG, f"/v1/segmentations/{SEG_ID}"),
    (
        "iter_segments",
        lambda cg, r: cg.segmentations.iter_segments(r),
        SEG_ITEM,
        f"/v1/segmentations/{SEG_ID}",
    ),
    (
        "thumbnails",
        lambda cg, r: cg.segmentations.thumbnails(r),
        SEG,
        f"/v1/segmentations/{SEG_ID}/thumbnails",
    ),
]


def _path_reached(flavor: Flavor, fn: Callable[[Any], Any]) -> str:
    """Run fn against an API that answers 404 to everything; return the first request's path."""
    flavor.api.route = lambda request: httpx.Response(404, json={"error": "Not found"})
    with pytest.raises(CloudglueError):
        flavor.call(fn)
    return flavor.api.requests[0].url.path


@pytest.mark.parametrize(("name", "call", "model", "path"), CASES, ids=[c[0] for c in CASES])
def test_a_model_stands_for_its_id(
    flavor: Flavor, name: str, call: Callable[[Any, Any], Any], model: Any, path: str
) -> None:
    assert _path_reached(flavor, lambda cg: call(cg, model)) == path


@pytest.mark.parametrize(
    ("name", "call", "model", "path"), CASES[:6], ids=[c[0] for c in CASES[:6]]
)
def test_a_uuid_object_stands_for_its_id(
    flavor: Flavor, name: str, call: Callable[[Any, Any], Any], model: Any, path: str
) -> None:
    ref = uuid.UUID(JOB_ID if "frames/" in path and "files" not in path else FILE_ID)
    assert _path_reached(flavor, lambda cg: call(cg, ref)) == path


def test_segments_stand_for_their_ids_in_thumbnail_filters(flavor: Flavor) -> None:
    reached = _path_reached(
        flavor, lambda cg: cg.segmentations.thumbnails(SEG, segment_ids=[SEGMENT])
    )
    assert reached == f"/v1/segmentations/{SEG_ID}/thumbnails"
    assert flavor.api.requests[0].url.params["segment_ids"] == SEGMENT_ID


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda cg: cg.frames.wait(SEG),
            "frame_extraction_id: expected a str, UUID, "
            "FrameExtraction or FrameExtractionListItem, got Segmentation",
        ),
        (
            lambda cg: cg.files.get(JOB),
            "file_id: expected a str, UUID or File, got FrameExtraction",
        ),
        (lambda cg: cg.frames.create(JOB), "file_id: expected a str, UUID or File"),
        (
            lambda cg: cg.segmentations.get(JOB_ITEM),
            "segmentation_id: expected a str, UUID, "
            "Segmentation or SegmentationListItem, got FrameExtractionListItem",
        ),
        (
            lambda cg: cg.segmentations.thumbnails(SEG, segment_ids=[FILE]),
            "segment_ids[]: expected a str, UUID, Segment or FileSegment, got File",
        ),
    ],
)
def test_the_wrong_model_is_a_type_error_naming_what_fits(
    flavor: Flavor, call: Callable[[Any], Any], message: str
) -> None:
    with pytest.raises(TypeError) as caught:
        flavor.call(call)
    assert message in str(caught.value)
    assert flavor.api.requests == []


ID_ANNOTATIONS = {
    "file_id": "FileRef",
    "frame_extraction_id": "FrameExtractionRef",
    "segmentation_id": "SegmentationRef",
    "segment_ids": "Iterable[SegmentRef] | None",
    "segment_id": "SegmentRef",
}


@pytest.mark.parametrize(
    "resource",
    [
        Files,
        AsyncFiles,
        Frames,
        AsyncFrames,
        Segmentations,
        AsyncSegmentations,
        Segments,
        AsyncSegments,
    ],
)
def test_every_id_parameter_is_annotated_with_its_alias(resource: type) -> None:
    checked = 0
    for name, method in inspect.getmembers(resource, inspect.isfunction):
        if name.startswith("_"):
            continue
        for param in inspect.signature(method).parameters.values():
            if param.name in ID_ANNOTATIONS:
                alias = ID_ANNOTATIONS[param.name]  # a filter by an id may be left out (None)
                assert param.annotation in (alias, f"{alias} | None"), (name, param.name)
                checked += 1
            else:
                assert not param.name.endswith("_id"), (name, param.name)
    assert checked >= 3
