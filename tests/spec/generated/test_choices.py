"""cloudglue_openapi.choices: every request enum of openapi.yaml as a `Literal` alias.

The aliases come from the spec through `make generate` (codegen/constraints.py); valid values
are read from them here, never typed by hand. `mypy --strict` must accept every valid value and
reject typos of them.
"""

from __future__ import annotations

import importlib.util
import inspect
import sys
import typing
from enum import StrEnum
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from cloudglue_openapi import choices, constraints, models
from tests.support.typecheck import mypy_strict
from tests.support.paths import ROOT



def _generator() -> ModuleType:
    path = ROOT / "codegen/constraints.py"
    spec = importlib.util.spec_from_file_location("codegen_choices", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


GEN = _generator()


def _values(alias: str) -> tuple[str, ...]:
    return typing.get_args(getattr(choices, alias))


def test_every_request_enum_has_an_alias_with_its_values() -> None:
    enums = {
        f.enum for op in constraints.OPERATIONS.values() for f in op.fields.values() if f.enum
    }
    assert enums, "openapi.yaml has request enums"
    assert {_values(name) for name in choices.__all__} == enums


def test_alias_names_are_the_generated_enum_classes_names() -> None:
    # The naming rule follows openapi-python-client's, so `choices.X` and `models.X` pair up.
    for name in choices.__all__:
        enum_class = getattr(models, name, None)
        assert inspect.isclass(enum_class) and issubclass(enum_class, StrEnum), (
            f"models has no enum {name}: openapi-python-client names it differently"
        )
        assert {m.value for m in enum_class} == set(_values(name))


def test_the_naming_rule_on_every_kind_of_request_enum() -> None:
    doc: dict[str, Any] = {
        "openapi": "3.1.0",
        "paths": {
            "/x": {
                "post": {
                    "operationId": "makeX",
                    "parameters": [
                        {"name": "sort-by", "in": "query", "schema": {"enum": ["a", "b"]}},
                        {"name": "kind", "in": "query", "schema": {"$ref": "#/c/Kind"}},
                    ],
                    "requestBody": {
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "properties": {
                                        "mode": {"type": "string", "enum": ["fast", "slow"]},
                                        "nested": {"$ref": "#/c/Nested"},
                                        "tags": {"type": "array", "items": {"enum": ["t1"]}},
                                        "maybe": {"type": ["string", "null"], "enum": ["p", None]},
                                    },
                                }
                            }
                        }
                    },
                }
            },
            "/y": {"get": {"operationId": "getY", "parameters": [{"$ref": "#/p/Kind"}]}},
        },
        "p": {"Kind": {"name": "k", "in": "query", "schema": {"$ref": "#/c/Kind"}}},
        "c": {
            "Kind": {"type": "string", "enum": ["k1", "k2"]},
            "Nested": {"type": "object", "properties": {"level": {"enum": ["low", "high"]}}},
        },
    }
    namespace: dict[str, Any] = {}
    exec(compile(GEN.render_choices(doc), "choices", "exec"), namespace)
    found = {name: typing.get_args(namespace[name]) for name in namespace["__all__"]}
    assert found == {
        "Kind": ("k1", "k2"),  # a $ref: the component's name, once for both inputs
        "MakeXSortBy": ("a", "b"),  # a parameter: operation + parameter
        "MakeXBodyMode": ("fast", "slow"),  # inline body: operation + "Body" + property
        "MakeXBodyTagsItem": ("t1",),  # array items: the array's name + "Item"
        "MakeXBodyMaybe": ("p",),  # null is not a value: a nullable input is `Alias | None`
        "NestedLevel": ("low", "high"),  # inside a named schema: schema + property
    }
    source = GEN.render_choices(doc)
    assert "#: getY query.k\n#: makeX query.kind\nKind: TypeAlias" in source


@pytest.mark.parametrize(
    ("parameter", "message"),
    [
        ({"name": "kind", "in": "query", "schema": {"enum": ["z"]}}, "lists \\['z'\\]"),
        ({"name": "x", "in": "query", "schema": {"$ref": "#/c/Literal"}}, "not a usable"),
    ],
)
def test_a_name_with_two_meanings_stops_generation(parameter: Any, message: str) -> None:
    doc = {
        "paths": {
            "/a": {"get": {"operationId": "other", "parameters": [{"$ref": "#/p/ListKind"}]}},
            "/b": {"get": {"operationId": "list", "parameters": [parameter]}},
        },
        "p": {"ListKind": {"name": "k", "in": "query", "schema": {"$ref": "#/c/ListKind"}}},
        "c": {"ListKind": {"enum": ["a"]}, "Literal": {"enum": ["q"]}},
    }
    with pytest.raises(GEN.SpecError, match=message):
        GEN.render_choices(doc)


@pytest.mark.slow
def test_mypy_strict_rejects_typos_and_accepts_every_valid_value(
    tmp_path: Path, mypy_cache: Path
) -> None:
    detector, status, strategy = (
        _values("ShotDetector"),
        _values("FileStatus"),
        _values("SegmentationStrategy"),
    )
    hyphenated = next(v for v in strategy if "-" in v)
    typos = {
        "ShotDetector": detector[0][:-1],  # a letter short: "adaptiv"
        "FileStatus": status[0].capitalize(),  # the wrong case
        "SegmentationStrategy": hyphenated.replace("-", "_"),  # "_" for "-"
    }
    for alias, typo in typos.items():
        assert typo not in _values(alias), typo

    lines = [f"from cloudglue_openapi.choices import {', '.join(choices.__all__)}", ""]
    for name in choices.__all__:
        lines += ["", f"def take_{name}(value: {name}) -> None: ...", ""]
    lines.append("")
    lines += [f"take_{name}({value!r})" for name in choices.__all__ for value in _values(name)]
    first_typo = len(lines) + 1
    lines += [f"take_{alias}({typo!r})" for alias, typo in typos.items()]
    checked = mypy_strict("\n".join(lines) + "\n", tmp_path / "program", mypy_cache)

    assert checked.returncode == 1, checked.output
    assert sorted(checked.errors) == [first_typo, first_typo + 1, first_typo + 2], checked.output
    for line, (alias, typo) in zip(sorted(checked.errors), typos.items(), strict=True):
        [message] = checked.errors[line]
        assert f"incompatible type \"Literal['{typo}']\"" in message, message
        assert "[arg-type]" in message and repr(_values(alias)[0]) in message
