"""openapi.yaml as tests read it: parsed once per process, its operations listed.

Tests take paths, methods, statuses and schemas from here rather than typing them, so a spec
edit moves the tests with the code.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

import yaml

from codegen import spec_refs
from tests.support.paths import SPEC_PATH

METHODS = ("get", "post", "put", "patch", "delete")


@functools.cache
def spec() -> dict[str, Any]:
    """The parsed contract (callers must not change it); libyaml's loader parses it in a tenth
    of the pure-Python one's time, which every pytest process pays at collection."""
    parsed: dict[str, Any] = yaml.load(SPEC_PATH.read_text(), Loader=yaml.CSafeLoader)
    return parsed


def resolve(schema: dict[str, Any]) -> dict[str, Any]:
    """Follow a local $ref, as the generator does (codegen/spec_refs.py)."""
    found: dict[str, Any] = spec_refs.resolve(spec(), schema)[0]
    return found


@dataclass(frozen=True)
class Operation:
    """One operation of openapi.yaml."""

    method: str  # upper case: GET, POST, ...
    path: str  # as written in the spec, with {placeholders}, without the /v1 prefix
    operation_id: str
    body: dict[str, Any]  # the operation object itself
    parameters: tuple[dict[str, Any], ...]  # the path item's and the operation's, resolved

    def path_parameter_names(self) -> set[str]:
        return {p["name"] for p in self.parameters if p["in"] == "path"}

    def statuses(self) -> set[str]:
        """The response statuses documented for it."""
        return set(self.body["responses"])

    def filled(self, ids: dict[str, str], default: str | None = None) -> str:
        """The path with its placeholders replaced from `ids` (else by `default`)."""
        concrete = self.path
        for name in self.path_parameter_names():
            value = ids.get(name, default)
            assert value is not None, f"no value for {{{name}}} in {self.path}"
            concrete = concrete.replace("{" + name + "}", value)
        return concrete


@functools.cache
def operations() -> tuple[Operation, ...]:
    """Every operation, in the spec's order."""
    found = []
    for path, item in spec()["paths"].items():
        shared = [resolve(p) for p in item.get("parameters", [])]
        for method, body in item.items():
            if method not in METHODS:
                continue
            params = shared + [resolve(p) for p in body.get("parameters", [])]
            found.append(Operation(method.upper(), path, body["operationId"], body, tuple(params)))
    return tuple(found)


def operation(operation_id: str) -> Operation:
    """The operation with this operationId."""
    for op in operations():
        if op.operation_id == operation_id:
            return op
    raise KeyError(operation_id)
