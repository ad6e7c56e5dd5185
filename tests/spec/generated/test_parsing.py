"""What the generated `from_dict` accepts, builds and rejects (codegen/templates), and that what
it builds without attrs' __init__ equals what that __init__ builds."""

from __future__ import annotations

import pickle
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest

from tests.support.spec import spec
from cloudglue_openapi.models import (
    Error,
    Frame,
    FrameExtraction,
    FramePage,
)
from cloudglue_openapi.types import UNSET, read_uuid

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
    assert Frame.from_dict({"id": text, "timestamp": 0}).id == expected


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
    for value in ([("id", ID), ("timestamp", 2)], None, "text"):
        with pytest.raises(TypeError, match=r"^Frame: expected an object, got "):
            Frame.from_dict(value)  # type: ignore[arg-type]
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


def test_an_empty_list_and_an_absent_list() -> None:
    body: dict[str, Any] = {"object": "list", "frames": [], "total": 0, "limit": 100, "offset": 0}
    assert FramePage.from_dict(body).frames == []
    del body["frames"]
    assert FramePage.from_dict(body).frames is UNSET


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
    # A model imports the models it refers to on first use (to_dict or from_dict), not at import.
    code = """
import sys
from cloudglue_openapi.models import File, FramePage, Frame, ListObject
assert "cloudglue_openapi.models.media_info" not in sys.modules
file = File.from_dict({"id": "f", "status": "completed", "uri": "u", "media_info": {"width": 2}})
assert file.media_info.width == 2
assert "cloudglue_openapi.models.media_info" in sys.modules
page = FramePage(object_=ListObject.LIST, total=0, limit=1, offset=0, frames=[])
assert page.to_dict()["frames"] == []
print("ok")
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and out.stdout == "ok\n", out.stderr


# -- objects built without attrs' __init__ (model.py.jinja) -------------------------------------

#: Bodies reaching many models: nested objects, lists of models, enums, unknown keys.
BODIES: list[tuple[type[Any], dict[str, Any]]] = [
    (
        FrameExtraction,
        {
            "frame_extraction_id": ID,
            "status": "completed",
            "created_at": 1767225600000,
            "file_id": ID,
            "frame_extraction_config": {
                "strategy": "uniform",
                "uniform_config": {"frames_per_second": 2, "max_width": 320},
                "thumbnails_config": {"enable_frame_thumbnails": True},
            },
            "frame_count": 2,
            "data": {
                "object": "list",
                "frames": [
                    {"id": ID, "timestamp": 0.5, "thumbnail_url": "https://t/1.jpg"},
                    {"id": ID, "timestamp": 1, "score": [1, {"a": None}]},
                ],
                "total": 2,
                "limit": 100,
                "offset": 0,
                "next": None,
            },
            "region": "eu",
        },
    ),
    (Error, {"error": "quota exceeded", "code": 429}),
]


def _spec_examples() -> list[tuple[type[Any], dict[str, Any]]]:
    """The spec's examples whose name is a model's (File, FileList, ...)."""
    import cloudglue_openapi.models as models

    examples = spec()["components"]["examples"]
    return [
        (getattr(models, name), example["value"])
        for name, example in examples.items()
        if hasattr(models, name)
    ]


def _models_in(value: Any) -> Iterator[Any]:
    """Every generated model instance reachable from `value`."""
    if attrs.has(type(value)):
        yield value
        for field in attrs.fields(type(value)):
            yield from _models_in(getattr(value, field.name))
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _models_in(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _models_in(item)


def _as_attrs_builds_it(obj: Any) -> Any:
    """`obj` rebuilt through its class's attrs __init__, from the same field values."""
    cls = type(obj)
    rebuilt = cls(**{f.name: getattr(obj, f.name) for f in attrs.fields(cls) if f.init})
    if "additional_properties" in attrs.fields_dict(cls):
        rebuilt.additional_properties = obj.additional_properties
    return rebuilt


def test_every_model_is_what_the_parser_assumes_attrs_init_does() -> None:
    # from_dict sets each field on a bare instance: right only while __init__ does no more.
    import cloudglue_openapi.models as models

    for name in models.__all__:
        cls = getattr(models, name)
        if not attrs.has(cls):
            continue
        assert not hasattr(cls, "__attrs_post_init__") and not hasattr(cls, "__attrs_pre_init__")
        for field in attrs.fields(cls):
            assert field.validator is None and field.converter is None, (name, field.name)
            assert field.on_setattr in (None, attrs.setters.NO_OP), (name, field.name)


@pytest.mark.parametrize(("model", "body"), BODIES + _spec_examples())
def test_parsed_models_equal_what_attrs_init_builds(model: type[Any], body: dict[str, Any]) -> None:
    parsed = model.from_dict(body)
    found = list(_models_in(parsed))
    assert len(found) >= 1
    for obj in found:
        rebuilt = _as_attrs_builds_it(obj)
        assert type(rebuilt) is type(obj) and rebuilt == obj
        assert attrs.asdict(rebuilt, recurse=False) == attrs.asdict(obj, recurse=False)
        assert repr(rebuilt) == repr(obj)
    assert model.from_dict(parsed.to_dict()) == parsed
