"""The generated parsers' fast paths agree with the slow ones (codegen templates)."""

from __future__ import annotations

import pickle
import uuid
from typing import Any

import pytest

from cloudglue_openapi.models import Frame, FrameExtraction
from cloudglue_openapi.types import read_uuid

ID = "3c90c3cc-0d44-4b50-8888-8dd25736052a"


@pytest.mark.parametrize(
    "text",
    [
        ID,
        ID.upper(),
        ID.replace("-", ""),
        "{" + ID + "}",
        "urn:uuid:" + ID,
        "3c90c3cc0d44-4b50-8888-8dd2-5736052a",  # hyphens anywhere, as UUID() allows
        "3c90_c3cc0d444b5088888dd25736052",  # int() syntax that UUID() accepts too
        ID + "-",
        "00000000-0000-0000-0000-000000000000",
        "ffffffff-ffff-ffff-ffff-ffffffffffff",
    ],
)
def test_read_uuid_gives_what_uuid_gives(text: str) -> None:
    parsed = read_uuid(text, "id")
    expected = uuid.UUID(text)
    assert type(parsed) is uuid.UUID
    assert parsed == expected and parsed.int == expected.int and str(parsed) == str(expected)
    assert parsed.is_safe is expected.is_safe
    assert pickle.loads(pickle.dumps(parsed)) == expected
    assert hash(parsed) == hash(expected)


@pytest.mark.parametrize(
    "text",
    [
        "",
        ID[:-1],
        ID + "0",
        ID[:-1] + "g",
        "-" * 36,
        "12345678-1234-1234-1234-1234567890-b",
    ],
)
def test_read_uuid_rejects_what_uuid_rejects_naming_the_field(text: str) -> None:
    with pytest.raises(ValueError):
        uuid.UUID(text)
    with pytest.raises(ValueError, match=r"^frame_id: expected a UUID string"):
        read_uuid(text, "frame_id")


@pytest.mark.parametrize("value", [None, 7, 1.5, b"x" * 16, ["a"], {"id": ID}])
def test_read_uuid_of_a_non_string_is_a_type_error_naming_the_field(value: Any) -> None:
    with pytest.raises(TypeError, match=r"^file_id: expected a UUID string"):
        read_uuid(value, "file_id")


def test_from_dict_leaves_its_input_alone_and_keeps_unknown_keys() -> None:
    body = {"id": ID, "timestamp": 2, "thumbnail_url": "https://t/1.jpg", "score": 0.5}
    frame = Frame.from_dict(body)
    assert body == {"id": ID, "timestamp": 2, "thumbnail_url": "https://t/1.jpg", "score": 0.5}
    assert frame.additional_properties == {"score": 0.5}
    assert frame.to_dict() == body
    assert Frame.from_dict({"id": ID, "timestamp": 2}).additional_properties == {}
    assert Frame.from_dict({"id": ID, "timestamp": 2, "thumbnail_url": "u"}).additional_keys == []


def test_from_dict_needs_a_mapping() -> None:
    with pytest.raises((TypeError, AttributeError)):
        Frame.from_dict([("id", ID), ("timestamp", 2)])  # type: ignore[arg-type]
    with pytest.raises(KeyError):
        Frame.from_dict({"timestamp": 2})


def test_nested_objects_parse_to_the_same_types() -> None:
    job = FrameExtraction.from_dict(
        {
            "frame_extraction_id": ID,
            "status": "completed",
            "created_at": 1,
            "file_id": ID,
            "frame_extraction_config": {"strategy": "uniform"},
            "frame_count": 1,
            "data": {
                "object": "list",
                "frames": [{"id": ID, "timestamp": 0.5}],
                "total": 1,
                "limit": 100,
                "offset": 0,
                "next": None,
            },
        }
    )
    assert isinstance(job.frame_extraction_id, uuid.UUID) and isinstance(job.file_id, uuid.UUID)
    frames = job.data.frames  # type: ignore[union-attr]
    assert [type(f) for f in frames] == [Frame] and frames[0].id == uuid.UUID(ID)
    assert job.data.additional_properties == {"next": None}  # type: ignore[union-attr]


def test_from_dict_builds_what_init_builds() -> None:
    body = {"id": ID, "timestamp": 2.5, "thumbnail_url": "u", "extra": [1]}
    parsed = Frame.from_dict(body)
    built = Frame(id=uuid.UUID(ID), timestamp=2.5, thumbnail_url="u")
    built.additional_properties = {"extra": [1]}
    assert parsed == built and repr(parsed) == repr(built)
    assert Frame.from_dict({"id": ID, "timestamp": 1}) == Frame(id=uuid.UUID(ID), timestamp=1)


def test_models_have_nothing_that_init_would_run_and_from_dict_skips() -> None:
    # from_dict fills slots on object.__new__(cls) instead of calling __init__: right only while
    # no generated model has a validator, a converter or an attrs hook.
    import attrs

    from cloudglue_openapi import models

    classes = [getattr(models, name) for name in models.__all__]
    checked = [c for c in classes if attrs.has(c)]
    assert len(checked) > 20
    for cls in checked:
        assert not hasattr(cls, "__attrs_pre_init__") and not hasattr(cls, "__attrs_post_init__")
        for field in attrs.fields(cls):
            assert field.validator is None and field.converter is None, (cls, field.name)
