"""The generated client and openapi.yaml agree: Prism accepts our requests, we parse its answers."""

from __future__ import annotations

import asyncio
import io
import uuid
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from cloudglue_openapi import AuthenticatedClient
from cloudglue_openapi.api.files import (
    delete_file,
    get_file,
    get_file_segment,
    get_thumbnails,
    list_file_segments,
    list_files,
    update_file,
    update_file_segment,
    upload_file,
)
from cloudglue_openapi.api.frames import (
    create_file_frame_extraction,
    delete_frame_extraction,
    get_frame_extraction,
    list_file_frame_extractions,
)
from cloudglue_openapi.api.segmentations import (
    create_file_segmentation,
    delete_segmentation,
    get_segmentation,
    get_segmentation_thumbnails,
    list_file_segmentations,
)
from cloudglue_openapi.constraints import OPERATIONS, field
from cloudglue_openapi.models import (
    File,
    FileDelete,
    FileList,
    FileSegment,
    FileSegmentListResponse,
    FileSegmentUpdate,
    FileSegmentUpdateMetadata,
    FileUpdate,
    FileUpdateMetadata,
    FileUpload,
    FrameExtraction,
    FrameExtractionConfig,
    FrameExtractionDelete,
    FrameExtractionList,
    FrameExtractionStrategy,
    FrameExtractionUniformConfig,
    NewSegmentation,
    Segmentation,
    SegmentationDelete,
    SegmentationList,
    SegmentationStrategy,
    ThumbnailList,
    UniformConfig,
)
from cloudglue_openapi.types import File as Upload

pytestmark = pytest.mark.contract
ID = uuid.UUID("3c90c3cc-0d44-4b50-8888-8dd25736052a")


def operations() -> list[tuple[str, Any, dict[str, Any], type]]:
    """(name, module, kwargs, expected model) for every operation of openapi.yaml."""
    upload = FileUpload(
        file=Upload(payload=io.BytesIO(b"\x00" * 64), file_name="a.mp4", mime_type="video/mp4"),
        metadata='{"k": "v"}',
        enable_segment_thumbnails=True,
    )
    frames_body = FrameExtractionConfig(
        strategy=FrameExtractionStrategy.UNIFORM,
        uniform_config=FrameExtractionUniformConfig(frames_per_second=2, max_width=512),
    )
    seg_body = NewSegmentation(
        strategy=SegmentationStrategy.UNIFORM, uniform_config=UniformConfig(window_seconds=5)
    )
    return [
        ("uploadFile", upload_file, {"body": upload}, File),
        ("listFiles", list_files, {"limit": 10, "offset": 0}, FileList),
        ("getFile", get_file, {"file_id": "abc"}, File),
        ("deleteFile", delete_file, {"file_id": "abc"}, FileDelete),
        (
            "updateFile",
            update_file,
            {
                "file_id": "abc",
                "body": FileUpdate(
                    filename="keynote.mp4",
                    metadata=FileUpdateMetadata.from_dict({"team": "video", "n": 2}),
                ),
            },
            File,
        ),
        (
            "getThumbnails",
            get_thumbnails,
            {
                "file_id": ID,
                "is_default": False,
                "segmentation_id": ID,
                "limit": 10,
                "offset": 0,
                "type_": "segment,keyframe",
            },
            ThumbnailList,
        ),
        (
            "listFileSegments",
            list_file_segments,
            {
                "file_id": ID,
                "start_time_after": 0,
                "end_time_before": 60,
                "min_duration": 2,
                "max_duration": 2.5,
                "limit": 20,
                "offset": 0,
            },
            FileSegmentListResponse,
        ),
        ("getFileSegment", get_file_segment, {"file_id": ID, "segment_id": ID}, FileSegment),
        (
            "updateFileSegment",
            update_file_segment,
            {
                "file_id": ID,
                "segment_id": ID,
                "body": FileSegmentUpdate(
                    metadata=FileSegmentUpdateMetadata.from_dict({"label": "intro"})
                ),
            },
            FileSegment,
        ),
        (
            "createFileFrameExtraction",
            create_file_frame_extraction,
            {"file_id": ID, "body": frames_body},
            FrameExtraction,
        ),
        (
            "listFileFrameExtractions",
            list_file_frame_extractions,
            {"file_id": ID, "limit": 5},
            FrameExtractionList,
        ),
        (
            "getFrameExtraction",
            get_frame_extraction,
            {"frame_extraction_id": ID, "limit": 100},
            FrameExtraction,
        ),
        (
            "deleteFrameExtraction",
            delete_frame_extraction,
            {"frame_extraction_id": ID},
            FrameExtractionDelete,
        ),
        (
            "createFileSegmentation",
            create_file_segmentation,
            {"file_id": ID, "body": seg_body},
            Segmentation,
        ),
        (
            "listFileSegmentations",
            list_file_segmentations,
            {"file_id": ID, "offset": 3},
            SegmentationList,
        ),
        ("getSegmentation", get_segmentation, {"segmentation_id": ID, "limit": 1}, Segmentation),
        ("deleteSegmentation", delete_segmentation, {"segmentation_id": ID}, SegmentationDelete),
        (
            "getSegmentationThumbnails",
            get_segmentation_thumbnails,
            {"segmentation_id": ID, "segment_ids": str(ID), "type_": "segment"},
            ThumbnailList,
        ),
    ]


def client(url: str) -> AuthenticatedClient:
    return AuthenticatedClient(base_url=url, token="cg-contract", timeout=httpx.Timeout(20.0))


def test_every_operation_of_the_spec_is_called_here() -> None:
    assert sorted(o[0] for o in operations()) == sorted(OPERATIONS)


@pytest.mark.parametrize(
    ("name", "module", "kwargs", "model"), operations(), ids=[o[0] for o in operations()]
)
def test_every_operation_sync(
    prism_url: str, name: str, module: Any, kwargs: dict[str, Any], model: type
) -> None:
    with client(prism_url) as c:
        response = module.sync_detailed(client=c, **kwargs)
    assert response.status_code == 200, response.content
    assert isinstance(response.parsed, model)


@pytest.mark.parametrize(
    ("name", "module", "kwargs", "model"), operations(), ids=[o[0] for o in operations()]
)
def test_every_operation_asyncio(
    prism_url: str, name: str, module: Any, kwargs: dict[str, Any], model: type
) -> None:
    async def run() -> Any:
        async with client(prism_url) as c:
            return await module.asyncio_detailed(client=c, **kwargs)

    response = asyncio.run(run())
    assert response.status_code == 200, response.content
    assert isinstance(response.parsed, model)


def past(operation: str, path: str, upper: bool) -> float:
    """A value just outside one bound of an input, read from the generated constraints."""
    spec = field(operation, path)
    bound = spec.maximum if upper else spec.minimum
    assert bound is not None, (operation, path)
    return bound + 1 if upper else bound - 1


REFUSED: list[tuple[str, Callable[[httpx.Client], httpx.Response], set[int]]] = [
    (
        "limit above the maximum",
        lambda h: h.get(
            f"/frames/{ID}", params={"limit": past("getFrameExtraction", "query.limit", True)}
        ),
        {400, 422},
    ),
    (
        "limit below the minimum",
        lambda h: h.get(
            f"/segmentations/{ID}", params={"limit": past("getSegmentation", "query.limit", False)}
        ),
        {400, 422},
    ),
    (
        "negative offset",
        lambda h: h.get(
            f"/files/{ID}/frames",
            params={"offset": past("listFileFrameExtractions", "query.offset", False)},
        ),
        {400, 422},
    ),
    ("malformed uuid", lambda h: h.get("/frames/not-a-uuid"), {400, 404, 422}),
    (
        "fps out of range",
        lambda h: h.post(
            f"/files/{ID}/frames",
            json={
                "strategy": "uniform",
                "uniform_config": {
                    "frames_per_second": past(
                        "createFileFrameExtraction",
                        "body.uniform_config.frames_per_second",
                        True,
                    )
                },
            },
        ),
        {400, 422},
    ),
    ("missing strategy", lambda h: h.post(f"/files/{ID}/segmentations", json={}), {400, 422}),
    (
        "segment duration below the minimum",
        lambda h: h.get(
            f"/files/{ID}/segments",
            params={"min_duration": past("listFileSegments", "query.min_duration", False)},
        ),
        {400, 422},
    ),
    (
        "file metadata not an object",
        lambda h: h.put("/files/abc", json={"metadata": ["a"]}),
        {400, 422},
    ),
    (
        "segment metadata not an object",
        lambda h: h.put(f"/files/{ID}/segments/{ID}", json={"metadata": "label"}),
        {400, 422},
    ),
    ("malformed segment id", lambda h: h.get(f"/files/{ID}/segments/seg-1"), {400, 404, 422}),
]


@pytest.mark.parametrize(("label", "send", "codes"), REFUSED, ids=[r[0] for r in REFUSED])
def test_spec_breaking_requests_are_refused(
    prism_url: str, label: str, send: Callable[[httpx.Client], httpx.Response], codes: set[int]
) -> None:
    with httpx.Client(
        base_url=prism_url, headers={"Authorization": "Bearer cg-x"}, timeout=20
    ) as h:
        assert send(h).status_code in codes


def test_missing_authorization_is_refused(prism_url: str) -> None:
    response = httpx.get(f"{prism_url}/frames/{ID}", timeout=20)
    assert response.status_code == 401


@pytest.mark.slow
def test_two_hundred_random_spec_valid_responses_parse(prism_dynamic_url: str) -> None:
    gets = [
        op for op in operations() if op[1].__name__.rsplit(".", 1)[-1].startswith(("get_", "list_"))
    ]
    parsed = 0
    with client(prism_dynamic_url) as c:
        for i in range(200):
            name, module, kwargs, model = gets[i % len(gets)]
            response = module.sync_detailed(client=c, **kwargs)
            assert response.status_code == 200, (name, response.content)
            assert isinstance(response.parsed, model), (name, response.content)
            parsed += 1
    assert parsed == 200
