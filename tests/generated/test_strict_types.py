"""Generated from_dict rejects wrong JSON types instead of storing them (codegen templates)."""

from __future__ import annotations

from typing import Any

import pytest

from cloudglue_openapi.models import File, Frame, ShotDetectorConfig

ID = "3c90c3cc-0d44-4b50-8888-8dd25736052a"


@pytest.mark.parametrize(
    ("model", "body", "field"),
    [
        (Frame, {"id": ID, "timestamp": "12.5"}, "timestamp"),
        (Frame, {"id": ID, "timestamp": True}, "timestamp"),
        (Frame, {"id": ID, "timestamp": 1, "thumbnail_url": 5}, "thumbnail_url"),
        (File, {"id": "f", "uri": "u", "status": "completed", "created_at": 1.5}, "created_at"),
        (File, {"id": 7, "uri": "u", "status": "completed"}, "id"),
    ],
)
def test_wrong_primitive_types_raise_type_error_naming_the_field(
    model: Any, body: dict[str, Any], field: str
) -> None:
    with pytest.raises(TypeError, match=field):
        model.from_dict(body)


def test_nullable_number_accepts_null_and_numbers_but_not_strings() -> None:
    parse = ShotDetectorConfig.from_dict
    assert parse({"detector": "adaptive", "threshold": None}).threshold is None
    assert parse({"detector": "adaptive", "threshold": 3}).threshold == 3
    with pytest.raises(TypeError):
        ShotDetectorConfig.from_dict({"detector": "adaptive", "threshold": "high"})


def test_integers_are_valid_numbers() -> None:
    assert Frame.from_dict({"id": ID, "timestamp": 3}).timestamp == 3
