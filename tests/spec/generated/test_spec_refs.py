"""codegen/spec_refs.py: the one `$ref` reading the generator and spec_diff share."""

from __future__ import annotations

from typing import Any

import pytest

from codegen.spec_refs import RefError, resolve

DOC: dict[str, Any] = {
    "components": {
        "schemas": {
            "Count": {"type": "integer", "minimum": 0},
            "Total": {"$ref": "#/components/schemas/Count", "description": "All items."},
            "Loop": {"$ref": "#/components/schemas/Loop"},
            "a/b~c": {"type": "string"},
        },
        "parameters": [{"name": "limit", "in": "query"}],
    }
}


def test_a_node_without_ref_is_itself() -> None:
    node = {"type": "number"}
    assert resolve(DOC, node) == (node, None)
    assert resolve(DOC, 5) == (5, None)


def test_references_chain_and_siblings_lie_over_the_target() -> None:
    node = {"$ref": "#/components/schemas/Total", "maximum": 9}
    schema, name = resolve(DOC, node)
    assert name == "Count"  # the last component followed
    assert schema == {"type": "integer", "minimum": 0, "description": "All items.", "maximum": 9}
    assert DOC["components"]["schemas"]["Count"] == {"type": "integer", "minimum": 0}


def test_pointer_escapes_and_list_items() -> None:
    assert resolve(DOC, {"$ref": "#/components/schemas/a~1b~0c"})[0] == {"type": "string"}
    param, name = resolve(DOC, {"$ref": "#/components/parameters/0"})
    assert (param, name) == ({"name": "limit", "in": "query"}, "0")


@pytest.mark.parametrize(
    ("ref", "problem"),
    [
        ("other.yaml#/components/schemas/X", "only references inside the document"),
        ("#/components/schemas/Nope", "points to nothing"),
        ("#/components/parameters/7", "points to nothing"),
        ("#/components/schemas/Loop", "loop"),
    ],
)
def test_what_cannot_be_followed_raises_or_is_kept_as_written(ref: str, problem: str) -> None:
    node = {"$ref": ref}
    with pytest.raises(RefError, match=problem):
        resolve(DOC, node)
    kept, _ = resolve(DOC, node, strict=False)
    assert kept["$ref"] == ref


def test_a_ref_that_is_not_a_string_is_refused() -> None:
    with pytest.raises(RefError):
        resolve(DOC, {"$ref": 5})
    assert resolve(DOC, {"$ref": 5}, strict=False) == ({"$ref": 5}, None)
