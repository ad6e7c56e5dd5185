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
from cloudglue_openapi.api.files import delete_file, get_file, list_files, upload_file
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
from cloudglue_openapi.models import (
    File,
    FileDelete,
    FileList,
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
    """(name, module, kwargs, expected model) for all 13 operations."""
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


REFUSED: list[tuple[str, Callable[[httpx.Client], httpx.Response], set[int]]] = [
    ("limit above 100", lambda h: h.get(f"/frames/{ID}", params={"limit": 500}), {400, 422}),
    ("limit 0", lambda h: h.get(f"/segmentations/{ID}", params={"limit": 0}), {400, 422}),
    ("negative offset", lambda h: h.get(f"/files/{ID}/frames", params={"offset": -1}), {400, 422}),
    ("malformed uuid", lambda h: h.get("/frames/not-a-uuid"), {400, 404, 422}),
    (
        "fps out of range",
        lambda h: h.post(
            f"/files/{ID}/frames",
            json={"strategy": "uniform", "uniform_config": {"frames_per_second": 60}},
        ),
        {400, 422},
    ),
    ("missing strategy", lambda h: h.post(f"/files/{ID}/segmentations", json={}), {400, 422}),
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
