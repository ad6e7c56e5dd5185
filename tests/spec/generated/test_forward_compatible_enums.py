"""Values the server adds after generation must parse, keep their string, and round-trip."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from cloudglue_openapi.models import (
    FrameExtraction,
    FrameExtractionStatus,
    Segmentation,
    SegmentationStrategy,
)

FRAME_EXTRACTION: dict[str, Any] = {
    "frame_extraction_id": "3c90c3cc-0d44-4b50-8888-8dd25736052a",
    "status": "pending",
    "created_at": 1,
    "file_id": "3c90c3cc-0d44-4b50-8888-8dd25736052a",
    "frame_extraction_config": {"strategy": "uniform"},
}
SEGMENTATION: dict[str, Any] = {
    "segmentation_id": "3c90c3cc-0d44-4b50-8888-8dd25736052a",
    "status": "completed",
    "created_at": 1.5,
    "file_id": "3c90c3cc-0d44-4b50-8888-8dd25736052a",
    "segmentation_config": {"strategy": "uniform", "uniform_config": {"window_seconds": 5}},
    "thumbnails_config": {"enable_segment_thumbnails": False},
}


def test_unknown_status_is_kept_as_its_wire_string() -> None:
    body = dict(FRAME_EXTRACTION, status="archived")
    job = FrameExtraction.from_dict(body)
    assert isinstance(job.status, FrameExtractionStatus)
    assert job.status == "archived"
    assert job.status.value == "archived"
    assert str(job.status) == "archived"
    assert job.status.is_unknown
    assert job.to_dict()["status"] == "archived"


def test_unknown_nested_strategy_is_kept() -> None:
    body = copy.deepcopy(SEGMENTATION)
    body["segmentation_config"]["strategy"] = "scenic"
    seg = Segmentation.from_dict(body)
    assert isinstance(seg.segmentation_config.strategy, SegmentationStrategy)
    assert seg.segmentation_config.strategy == "scenic"
    assert seg.segmentation_config.strategy.is_unknown
    assert seg.to_dict()["segmentation_config"]["strategy"] == "scenic"


@pytest.mark.parametrize("value", ["pending", "processing", "completed", "failed"])
def test_known_values_are_the_real_members(value: str) -> None:
    job = FrameExtraction.from_dict(dict(FRAME_EXTRACTION, status=value))
    assert job.status is FrameExtractionStatus(value)
    assert not job.status.is_unknown
    assert job.status in list(FrameExtractionStatus)


def test_unknown_values_do_not_join_the_member_list() -> None:
    FrameExtractionStatus("archived")
    assert "archived" not in {m.value for m in FrameExtractionStatus}


@pytest.mark.parametrize("value", [5, None, ["completed"]])
def test_non_string_values_are_still_rejected(value: Any) -> None:
    with pytest.raises(ValueError, match="is not a valid FrameExtractionStatus"):
        FrameExtractionStatus(value)
    with pytest.raises(ValueError, match="is not a valid FrameExtractionStatus"):
        FrameExtraction.from_dict(dict(FRAME_EXTRACTION, status=value))
