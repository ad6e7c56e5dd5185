"""Local `$ref`s of an OpenAPI document, followed one way for every reader of the spec.

The generator (codegen/constraints.py) and the spec review (tools/spec_diff.py) both read
schemas through references such as `#/components/schemas/UniformConfig`; this module is the
one place that follows them, so both see the same schema behind a reference. Build-time
only: nothing generated or shipped imports it.

A reference is a JSON pointer into the same document (`#/a/b~1c`, `~1` for `/` and `~0` for
`~`; list items by index). OpenAPI 3.1 allows keywords beside `$ref` (a `description`, a
`default`); they are laid over the target. What cannot be followed (a reference to another
file, a pointer to nothing, references that loop) raises RefError, or with `strict=False`
stops there and returns the node as written, for readers that compare documents rather than
generate code from them.
"""

from __future__ import annotations

from typing import Any


class RefError(ValueError):
    """A `$ref` that cannot be followed: not local, pointing to nothing, or a loop."""


_MISSING = object()


def _lookup(doc: Any, ref: str) -> Any:
    """The node a local reference points to, or _MISSING."""
    node: Any = doc
    for raw in ref[2:].split("/") if ref != "#" else []:
        part = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return _MISSING
    return node


def resolve(doc: Any, node: Any, *, strict: bool = True) -> tuple[Any, str | None]:
    """(what `node` stands for, name of the last component followed, or None).

    A node without `$ref` is returned as it is. With `strict=False` a reference that cannot
    be followed ends the walk and the node holding it is returned.
    """
    name: str | None = None
    seen: set[str] = set()
    while isinstance(node, dict) and "$ref" in node:
        ref = node["$ref"]
        problem = None
        target: Any = _MISSING
        if not isinstance(ref, str) or not ref.startswith("#"):
            problem = "only references inside the document are followed"
        elif ref in seen:
            problem = "the references loop"
        else:
            target = _lookup(doc, ref)
            if target is _MISSING:
                problem = "it points to nothing"
        if problem is not None:
            if strict:
                raise RefError(f"cannot follow $ref {ref!r}: {problem}")
            return node, name
        seen.add(ref)
        name = ref.rsplit("/", 1)[-1]
        siblings = {k: v for k, v in node.items() if k != "$ref"}
        node = {**target, **siblings} if siblings and isinstance(target, dict) else target
    return node, name
