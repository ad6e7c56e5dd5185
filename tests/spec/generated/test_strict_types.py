"""Generated from_dict rejects wrong JSON types instead of storing them (codegen templates)."""

from __future__ import annotations

from typing import Any

import pytest

from cloudglue_openapi.models import File, Frame, FramePage, ShotDetectorConfig

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


@pytest.mark.parametrize(
    ("bad", "error", "message"),
    [
        ({"id": ID, "timestamp": "1.5"}, TypeError, "timestamp: expected a number, got str"),
        ({"id": ID, "timestamp": True}, TypeError, "timestamp: expected a number, got bool"),
        ({"id": ID, "timestamp": float("inf")}, ValueError, "timestamp: expected a finite"),
        ({"id": ID, "timestamp": -float("inf")}, ValueError, "timestamp: expected a finite"),
        ({"id": ID, "timestamp": float("nan")}, ValueError, "timestamp: expected a finite"),
        ({"id": 7, "timestamp": 1}, TypeError, "id: expected a UUID string, got int"),
        ({"id": "zz", "timestamp": 1}, ValueError, "id: expected a UUID string, got 'zz'"),
        (
            {"id": ID, "timestamp": 1, "thumbnail_url": 5},
            TypeError,
            "thumbnail_url: expected a string",
        ),
        ({"id": ID, "timestamp": 1, "thumbnail_url": None}, TypeError, "thumbnail_url: expected"),
        ({"timestamp": 1}, KeyError, "'id'"),
        (None, TypeError, "Frame: expected an object, got NoneType"),
        ([["id", ID], ["timestamp", 1]], TypeError, "Frame: expected an object, got list"),
    ],
)
def test_a_bad_item_in_a_page_fails_the_page_naming_the_field(
    bad: Any, error: type[Exception], message: str
) -> None:
    good = {"id": ID, "timestamp": 0.5}
    page = {"object": "list", "frames": [good, bad, good], "total": 3, "limit": 100, "offset": 0}
    with pytest.raises(error) as raised:
        FramePage.from_dict(page)
    assert message in str(raised.value)
