"""The wrapper's requests are accepted by a mock built from openapi.yaml."""

from __future__ import annotations

import asyncio
import io
import uuid

import pytest

from cloudglue_client import (
    AsyncCloudglue,
    Cloudglue,
    File,
    FrameExtraction,
    Segmentation,
    manual,
    shot_detector,
    uniform,
)
from tests.support.spec import spec

pytestmark = pytest.mark.contract
ID = uuid.UUID("3c90c3cc-0d44-4b50-8888-8dd25736052a")
#: Prism answers with the spec's examples, and the client checks that an answer is about the
#: id it asked for: ask for the example file's id.
FILE_ID = spec()["components"]["examples"]["File"]["value"]["id"]


def test_wrapper_calls_are_accepted(prism_url: str) -> None:
    with Cloudglue(api_key="cg-contract", base_url=prism_url, max_retries=0) as cg:
        assert isinstance(
            cg.files.upload(
                io.BytesIO(b"\x00" * 32),
                filename="a.mp4",
                metadata={"a": 1},
                enable_segment_thumbnails=False,
            ),
            File,
        )
        assert isinstance(cg.files.get(FILE_ID), File)
        assert cg.files.list(status="completed", page_size=10).total == 1
        assert cg.files.delete(FILE_ID).id == FILE_ID
        fx = cg.frames.create(
            ID,
            frames_per_second=2,
            max_width=512,
            thumbnails=True,
            start_time_seconds=0,
            end_time_seconds=10,
        )
        assert isinstance(fx, FrameExtraction)
        assert isinstance(cg.frames.get(ID, limit=100, offset=0), FrameExtraction)
        assert len(cg.frames.list(ID).items) == 1
        assert cg.frames.delete(ID).id == ID
        for config in (
            uniform(5, 2),
            shot_detector("content", threshold=20, min_seconds=1, max_seconds=30, fill_gaps=True),
            manual([(0, 1), (2, 3.5)]),
        ):
            assert isinstance(cg.segmentations.create(ID, config, thumbnails=True), Segmentation)
        assert isinstance(cg.segmentations.get(ID, limit=10), Segmentation)
        assert cg.segmentations.list(ID, page_size=50).total == 1
        thumbs = list(cg.segmentations.thumbnails(ID, segment_ids=[ID], type=["segment"]))
        assert thumbs and thumbs[0].url
        assert cg.segmentations.delete(ID).id == ID
        assert cg.stats.retries == 0


def test_async_wrapper_calls_are_accepted(prism_url: str) -> None:
    async def run() -> None:
        async with AsyncCloudglue(api_key="cg-contract", base_url=prism_url) as cg:
            fx = await cg.frames.create(ID, frames_per_second=1)
            assert isinstance(fx, FrameExtraction)
            seg = await cg.segmentations.create(ID, uniform(10))
            assert isinstance(seg, Segmentation)
            assert [t.time async for t in cg.segmentations.thumbnails(ID)] == [12.5]
            page = await cg.frames.list(ID)
            assert page.total == 1

    asyncio.run(run())
