"""The generated parsers' fast paths agree with the slow ones (codegen templates)."""

from __future__ import annotations

import pickle
import subprocess
import sys
import uuid
from typing import Any

import pytest

from cloudglue_openapi.models import (
    Error,
    Frame,
    FrameExtraction,
    FrameExtractionStatus,
    FramePage,
    ListObject,
    Segment,
    SegmentPage,
)
from cloudglue_openapi.types import UNSET, Unset, read_uuid

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
    # Model parsers inline read_uuid's fast path: the same UUID through them.
    inline = Frame.from_dict({"id": text, "timestamp": 0}).id
    assert type(inline) is uuid.UUID and inline.int == expected.int
    assert inline.is_safe is expected.is_safe


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
    with pytest.raises(ValueError, match=r"^id: expected a UUID string"):
        Frame.from_dict({"id": text, "timestamp": 0})


@pytest.mark.parametrize("value", [None, 7, 1.5, b"x" * 16, ["a"], {"id": ID}])
def test_read_uuid_of_a_non_string_is_a_type_error_naming_the_field(value: Any) -> None:
    with pytest.raises(TypeError, match=r"^file_id: expected a UUID string"):
        read_uuid(value, "file_id")
    with pytest.raises(TypeError, match=r"^id: expected a UUID string"):
        Frame.from_dict({"id": value, "timestamp": 0})


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


# Lists of models are parsed by the item model's `_from_dicts` (one loop, per-field work inline):
# every item must come out as `from_dict` alone would make it, and fail as it would.

FRAMES = [
    {"id": ID, "timestamp": 0.5, "thumbnail_url": "https://t/0.jpg"},
    {"id": ID.upper(), "timestamp": 2},  # an integer is a valid number, kept as an int
    {"id": "{" + ID + "}", "timestamp": 1.5, "score": 0.9},  # extra key, no thumbnail
    {"id": "urn:uuid:" + ID, "timestamp": 3, "thumbnail_url": "u", "next": None},
    {"id": ID.replace("-", ""), "timestamp": 4.0, "zz": 1},  # as many keys as fields: one unknown
]


def page(frames: list[Any]) -> dict[str, Any]:
    return {"object": "list", "frames": frames, "total": 9, "limit": 100, "offset": 0}


def test_a_list_parses_each_item_as_from_dict_does() -> None:
    parsed = FramePage.from_dict(page(FRAMES)).frames
    assert parsed == [Frame.from_dict(item) for item in FRAMES]
    assert [type(f) for f in parsed] == [Frame] * len(FRAMES)  # type: ignore[union-attr]
    assert all(type(f.id) is uuid.UUID and f.id == uuid.UUID(ID) for f in parsed)  # type: ignore[union-attr]
    assert [f.timestamp for f in parsed] == [0.5, 2, 1.5, 3, 4.0]  # type: ignore[union-attr]
    assert type(parsed[1].timestamp) is int  # type: ignore[index]
    assert [f.thumbnail_url for f in parsed] == ["https://t/0.jpg", UNSET, UNSET, "u", UNSET]  # type: ignore[union-attr]
    extras = [f.additional_properties for f in parsed]  # type: ignore[union-attr]
    assert extras == [{}, {}, {"score": 0.9}, {"next": None}, {"zz": 1}]
    parsed[0]["mine"] = 1  # type: ignore[index]
    assert parsed[1].additional_properties == {}  # type: ignore[index]  # one dict per item


@pytest.mark.parametrize(
    ("bad", "error", "message"),
    [
        ({"id": ID, "timestamp": "1.5"}, TypeError, "timestamp: expected a number, got str"),
        ({"id": ID, "timestamp": True}, TypeError, "timestamp: expected a number, got bool"),
        ({"id": 7, "timestamp": 1}, TypeError, "id: expected a UUID string, got int"),
        ({"id": "zz", "timestamp": 1}, ValueError, "id: expected a UUID string, got 'zz'"),
        ({"id": ID[:-1] + "g", "timestamp": 1}, ValueError, "id: expected a UUID string"),
        ({"id": ID, "timestamp": 1, "thumbnail_url": 5}, TypeError, "thumbnail_url: expected a string"),
        ({"id": ID, "timestamp": 1, "thumbnail_url": None}, TypeError, "thumbnail_url: expected"),
        ({"timestamp": 1}, KeyError, "'id'"),
        (None, TypeError, "not subscriptable"),
        ("text", TypeError, "string indices"),
    ],
)
def test_a_bad_item_in_the_middle_fails_as_from_dict_fails(bad: Any, error: type, message: str) -> None:
    with pytest.raises(error) as alone:
        Frame.from_dict(bad)
    assert message in str(alone.value)
    frames = [*FRAMES[:2], bad, *FRAMES[2:], {"id": 1, "timestamp": "x"}]
    with pytest.raises(error) as in_list:
        FramePage.from_dict(page(frames))
    assert str(in_list.value) == str(alone.value)  # the first bad item's error, the same message


def test_segments_parse_and_fail_like_single_segments() -> None:
    items: list[Any] = [
        {"id": ID, "start_time": 0, "end_time": 2.5},
        {"id": ID, "start_time": 2.5, "end_time": 5, "thumbnail_url": "u", "label": "x"},
    ]
    body = {"object": "list", "segments": items, "total": 2, "limit": 100, "offset": 0}
    parsed = SegmentPage.from_dict(body)
    assert parsed.segments == [Segment.from_dict(item) for item in items]
    assert parsed.segments[1].additional_properties == {"label": "x"}  # type: ignore[index]
    items.insert(1, {"id": ID, "start_time": 1, "end_time": "2"})
    with pytest.raises(TypeError, match=r"^end_time: expected a number, got str$"):
        SegmentPage.from_dict(body)


def test_an_empty_list_and_an_absent_list() -> None:
    assert FramePage.from_dict(page([])).frames == []
    body = page([])
    del body["frames"]
    assert FramePage.from_dict(body).frames is UNSET


def test_unset_in_the_mapping_reads_as_unset_and_is_no_additional_property() -> None:
    # Only Python callers can do this (JSON has no Unset); it reads as it always did.
    for value in (UNSET, Unset()):
        frame = Frame.from_dict({"id": ID, "timestamp": 1, "thumbnail_url": value})
        assert frame.thumbnail_url is UNSET and frame.additional_properties == {}


def test_enums_known_unknown_and_wrong_types() -> None:
    base = {"object": "list", "total": 0, "limit": 1, "offset": 0}
    assert FramePage.from_dict(base).object_ is ListObject.LIST
    job = FrameExtraction.from_dict({**JOB, "status": "completed"})
    assert job.status is FrameExtractionStatus.COMPLETED
    unknown = FrameExtraction.from_dict({**JOB, "status": "archived"}).status
    assert unknown.is_unknown and unknown == "archived" and isinstance(unknown, FrameExtractionStatus)
    for wrong in (5, None, ["completed"]):
        with pytest.raises(ValueError) as direct:
            FrameExtractionStatus(wrong)
        with pytest.raises(ValueError) as parsed:
            FrameExtraction.from_dict({**JOB, "status": wrong})
        assert str(parsed.value) == str(direct.value)


JOB = {
    "frame_extraction_id": ID,
    "status": "completed",
    "created_at": 1,
    "file_id": ID,
    "frame_extraction_config": {"strategy": "uniform"},
}


def test_a_field_named_like_its_module_holds_its_value() -> None:
    # models/error.py: the parsed instance once shadowed the field `error` (error.error = error).
    error = Error.from_dict({"error": "quota exceeded", "code": 429})
    assert error.error == "quota exceeded" and error.additional_properties == {"code": 429}
    assert "quota exceeded" in repr(error)


def test_from_dict_on_a_subclass_builds_the_subclass() -> None:
    class Mine(Frame):
        pass

    assert type(Mine.from_dict({"id": ID, "timestamp": 1})) is Mine


def test_models_referred_to_lazily_load_on_first_use_in_a_fresh_interpreter() -> None:
    # A model imports the models it refers to once, on first use (to_dict or from_dict).
    code = """
import sys
from cloudglue_openapi.models import File, FramePage, Frame, ListObject
from cloudglue_openapi.models import file as file_module
assert "cloudglue_openapi.models.media_info" not in sys.modules
file = File.from_dict({"id": "f", "status": "completed", "uri": "u", "media_info": {"width": 2}})
assert file_module._lazy_imported and file.media_info.width == 2
assert "cloudglue_openapi.models.media_info" in sys.modules
page = FramePage(object_=ListObject.LIST, total=0, limit=1, offset=0, frames=[])
assert page.to_dict()["frames"] == []
print("ok")
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and out.stdout == "ok\n", out.stderr
