"""Show what changed in an OpenAPI 3.x file since a git revision, for code review.

Usage (from the repository root):
       python -m tools.spec_diff BASE_REV [--spec openapi.yaml] [--all]
       python -m tools.spec_diff --against THEIR_SPEC [--spec openapi.yaml] [--all]

The base version is read with `git show BASE_REV:<spec>` and compared with the working
tree copy. With --against, the working tree copy is compared with another spec file (YAML
or JSON, e.g. the provider's published one), restricted to the operations ours covers: what
would change if we adopted theirs. A last section then lists the operations theirs has on
our paths or under our tags that ours lacks (information, never a failure).

Changes are grouped per operation (``GET /files/{file_id}``); local ``$ref``s are resolved
(codegen/spec_refs.py, as the generator resolves them), so a change inside
``#/components/schemas/X`` is reported for every operation whose parameters, request body
or responses use X (the schema's name is shown beside the field).

Two families of lines are folded into one summary line each unless --all is given: error
responses one side documents and the other does not (the provider documents few), and
count minimums that are `>= 0` on one side and absent on the other (page `total`, `limit`,
`offset`).

Severities are judged from the point of view of a client of the API that tolerates
unknown response enum values and unknown response fields:

  BREAKING  an existing client can fail: operation removed, response field removed or
            made optional/nullable, response type widened, new required parameter or
            request field, request parameter/field removed, request range narrowed,
            request enum value removed, request type narrowed, ...
  BEHAVIOR  the regenerated client behaves differently: a `default` added, changed or
            removed on a request parameter or field changes what the generated models
            send when the caller leaves it out (their `to_dict` includes defaults); an
            `x-server-default` changed or removed on one changes what the server (and the
            emulator) uses when it is left out
  note      worth a look but not breaking for such a client: a response enum value
            added, a response range widened, a response default changed, an
            `x-server-default` stated on a request input, ...
            A multipart part declared as JSON text (`type: string`, `contentMediaType:
            application/json`) on one side and `type: object` on the other is info: an
            object part of multipart/form-data is sent as application/json, the same bytes.
  info      compatible: optional parameter/field added, request range widened, ...

Cross-field rules (`x-rules`, on a request object or an operation) count like bounds: one
added to a request is BREAKING, one removed is info; on responses they are not compared.

A changed bound, enum, required flag, nullability or rule of a request input also says which
validation moves with it: after `make generate`, the client's checks (wrapper and CLI) and
the emulator's request validation read the generated constraints, addressed as in
`cloudglue_openapi.constraints` (`body.uniform_config.frames_per_second`, `query.limit`).

Exit status: 0 when nothing is breaking or changes behaviour, 1 when something is or does,
2 on usage errors (bad arguments, unknown revision, missing or unparsable spec).
"""

from __future__ import annotations

import argparse
import importlib
import math
import re
import subprocess
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Protocol

from codegen.spec_refs import resolve

Severity = Literal["BREAKING", "BEHAVIOR", "note", "info"]
Direction = Literal["request", "response"]
Schema = dict[str, Any]

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
SEVERITY_ORDER: dict[Severity, int] = {"BREAKING": 0, "BEHAVIOR": 1, "note": 2, "info": 3}
#: Severities that need an explicit decision (exit status 1).
DECISIONS = ("BREAKING", "BEHAVIOR")
# (keyword, is an upper bound) for the length/count limits of strings, arrays and objects.
COUNT_LIMITS = (
    ("minLength", False),
    ("maxLength", True),
    ("minItems", False),
    ("maxItems", True),
    ("minProperties", False),
    ("maxProperties", True),
)
MAX_DEPTH = 48  # nesting levels; only reached by recursive schemas
#: What the server uses for a request input left out (codegen/constraints.py reads it).
SERVER_DEFAULT = "x-server-default"
_UNSTATED = object()


class UsageError(Exception):
    """Raised for anything that makes a comparison impossible (exit status 2)."""


#: Families of changes folded into one summary line each unless --all (Change.family).
UNDOCUMENTED_ERRORS = "error responses documented on one side only"
COUNT_MINIMUMS = "count minimums >= 0 on one side only"
#: Group of the --against section listing their operations that ours lacks.
LACKING = "operations only the other spec has (on our paths or tags)"
#: Response fields that are counts or positions (a zero floor on them says nothing new).
COUNT_NAME = re.compile(r"^(total(_\w+)?|limit|offset|\w+_count)$")
#: Media types whose object parts are sent as application/json text.
JSON_MEDIA = re.compile(r"^application/([\w.+-]+\+)?json$")


@dataclass(frozen=True)
class Change:
    severity: Severity
    group: str  # "GET /files/{file_id} (getFile)", or "document"
    where: str  # "response 200 application/json .data[].status (FileStatus)"
    message: str
    family: str | None = None  # UNDOCUMENTED_ERRORS, COUNT_MINIMUMS or None


# --------------------------------------------------------------------------- loading


def load_yaml(text: str, origin: str) -> Any:
    # Imported by name so mypy --strict needs no PyYAML stubs: yaml's API is Any here.
    yaml = importlib.import_module("yaml")
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise UsageError(f"{origin}: not valid YAML: {exc}") from exc


def git(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)


def read_base(rev: str, spec: Path) -> str | None:
    """The spec's text at `rev`, or None when the file does not exist there."""
    cwd = spec.parent
    if git(["rev-parse", "--is-inside-work-tree"], cwd).returncode != 0:
        raise UsageError(f"{cwd} is not inside a git work tree")
    if git(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], cwd).returncode != 0:
        raise UsageError(f"unknown git revision: {rev}")
    shown = git(["show", f"{rev}:./{spec.name}"], cwd)
    return shown.stdout if shown.returncode == 0 else None


def as_document(data: Any, origin: str) -> Schema:
    if not isinstance(data, dict) or ("paths" not in data and "openapi" not in data):
        raise UsageError(f"{origin}: not an OpenAPI document")
    return data


# --------------------------------------------------------------------------- references


class Resolver:
    """Follows the local `$ref`s of one document (codegen/spec_refs.py).

    A reference that cannot be followed (another file, a dangling pointer, a loop) is left
    as written, so its `$ref` string is what gets compared.
    """

    def __init__(self, doc: Schema) -> None:
        self.doc = doc

    def resolve(self, node: Any) -> tuple[Any, str | None]:
        """(target, name of the last component followed) of a possibly-`$ref` node."""
        return resolve(self.doc, node, strict=False)


# --------------------------------------------------------------------------- schema model


def type_set(schema: Schema) -> set[str] | None:
    declared = schema.get("type")
    if declared is None:
        return None
    if isinstance(declared, str):
        return {declared}
    return {"null" if t is None else str(t) for t in declared}  # unquoted YAML null


def is_null_schema(schema: Any) -> bool:
    return isinstance(schema, dict) and (
        schema.get("type") == "null"
        or schema.get("type") == ["null"]
        or schema.get("enum") == [None]
    )


def merge_all_of(parts: list[Schema]) -> Schema:
    """Flatten allOf parts: union properties and required, intersect types, first wins else."""
    merged: Schema = {}
    for part in parts:
        for key, value in part.items():
            if key == "properties" and isinstance(value, dict):
                props: dict[str, Any] = dict(merged.get("properties", {}))
                for prop, sub in value.items():
                    props[prop] = {"allOf": [props[prop], sub]} if prop in props else sub
                merged["properties"] = props
            elif key == "required" and isinstance(value, list):
                merged["required"] = sorted({*merged.get("required", []), *value})
            elif key == "type" and "type" in merged:
                both = (type_set(merged) or set()) & (type_set(part) or set())
                merged["type"] = sorted(both)
            else:
                merged.setdefault(key, value)
    return merged


def normalize(node: Any, res: Resolver) -> tuple[Schema, str | None]:
    """Resolve `$ref`, flatten allOf and fold null variants into a "null" type."""
    target, name = res.resolve(node)
    if target is True or target is None:
        return {}, name
    if target is False:
        return {"not": {}}, name
    if not isinstance(target, dict):
        return {}, name
    schema: Schema = dict(target)
    if isinstance(schema.get("allOf"), list):
        parts = [normalize(part, res) for part in schema.pop("allOf")]
        if name is None and len(parts) == 1:
            name = parts[0][1]
        schema = merge_all_of([*(p for p, _ in parts), schema])
        # Identity of the composition, so recursion through `allOf: [$ref]` is caught.
        schema["x-allOf"] = "&".join(sorted(n for _, n in parts if n))
    nullable = schema.pop("nullable", False) is True  # OpenAPI 3.0
    for key in ("anyOf", "oneOf"):
        variants = schema.get(key)
        if not isinstance(variants, list):
            continue
        resolved = [res.resolve(v)[0] for v in variants]
        rest = [v for v, r in zip(variants, resolved, strict=True) if not is_null_schema(r)]
        if len(rest) == len(variants):
            continue
        nullable = True
        if len(rest) == 1:  # `anyOf: [X, {type: "null"}]` is "X, nullable"
            del schema[key]
            inner, inner_name = normalize(rest[0], res)
            schema = {**inner, **schema}
            name = name or inner_name
        else:
            schema[key] = rest
    if nullable:
        types = type_set(schema)
        if types is not None:
            schema["type"] = sorted(types | {"null"})
        else:
            schema["x-nullable"] = True
    return schema, name


def is_nullable(schema: Schema) -> bool:
    return "null" in (type_set(schema) or set()) or schema.get("x-nullable") is True


def covers(types: set[str], one: str) -> bool:
    return one in types or (one == "integer" and "number" in types)


Bound = tuple[float, bool]  # (limit, exclusive)


def numeric_bound(schema: Schema, upper: bool) -> Bound | None:
    """The tightest lower/upper bound, from 3.1 numeric or 3.0 boolean exclusive keywords."""
    plain, excl = ("maximum", "exclusiveMaximum") if upper else ("minimum", "exclusiveMinimum")
    found: list[Bound] = []
    if isinstance(schema.get(plain), int | float) and not isinstance(schema.get(plain), bool):
        found.append((float(schema[plain]), schema.get(excl) is True))
    value = schema.get(excl)
    if isinstance(value, int | float) and not isinstance(value, bool):
        found.append((float(value), True))
    if not found:
        return None
    if upper:
        return min(found, key=lambda b: (b[0], not b[1]))
    return max(found, key=lambda b: (b[0], b[1]))


def narrower(old: Bound | None, new: Bound | None, upper: bool) -> bool | None:
    """True if new is tighter than old, False if looser, None if equal."""
    if old == new:
        return None
    if new is None:
        return False
    if old is None:
        return True
    if upper:
        return (new[0], not new[1]) < (old[0], not old[1])
    return (new[0], new[1]) > (old[0], old[1])


def show_bound(bound: Bound | None, upper: bool) -> str:
    if bound is None:
        return "none"
    number = int(bound[0]) if bound[0].is_integer() and not math.isinf(bound[0]) else bound[0]
    if upper:
        return f"< {number}" if bound[1] else f"<= {number}"
    return f"> {number}" if bound[1] else f">= {number}"


def show(value: Any) -> str:
    if value is None:
        return "none"
    return repr(value) if isinstance(value, str) else str(value)


def enum_values(schema: Schema) -> list[Any] | None:
    if isinstance(schema.get("enum"), list):
        return [v for v in schema["enum"] if v is not None]
    if "const" in schema:
        return [schema["const"]]
    return None


# --------------------------------------------------------------------------- schema diff


@dataclass(frozen=True)
class Loc:
    prefix: str  # "response 200 application/json"
    path: str = ""  # ".data[].status"
    owner: str | None = None  # innermost named component schema the path runs through
    depth: int = 0
    # The request input as cloudglue_openapi.constraints addresses it ("body.x.y", "query.limit");
    # None for responses.
    address: str | None = None
    multipart: bool = False  # inside a multipart/form-data body (depth 1: one part)

    def child(self, segment: str) -> Loc:
        address = self.address + segment if self.address is not None else None
        return Loc(
            self.prefix, self.path + segment, self.owner, self.depth + 1, address, self.multipart
        )

    def within(self, name: str | None) -> Loc:
        return Loc(
            self.prefix, self.path, name or self.owner, self.depth, self.address, self.multipart
        )

    @property
    def name(self) -> str:
        """The last field name of the path (`total` in `.data.total`), or ""."""
        return re.split(r"[.\[\]]+", self.path.rstrip("[]"))[-1] if self.path else ""

    def checks(self, effect: str) -> str:
        """What a request change does to validation, for the message; "" for responses."""
        if self.address is None:
            return ""
        where = f" [{self.address}]" if self.address else ""
        return (
            f"; after make generate the client's checks (wrapper, CLI) and the emulator"
            f" {effect}{where}"
        )

    def show(self, name: str | None = None) -> str:
        text = f"{self.prefix} {self.path}" if self.path else self.prefix
        if name:
            return f"{text} ({name})"
        return f"{text} (in {self.owner})" if self.owner and self.path else text


class Emit(Protocol):
    """Records one change of the operation being compared."""

    def __call__(
        self, severity: Severity, where: str, message: str, family: str | None = None
    ) -> None: ...


class SchemaDiff:
    """Compares two schemas in one direction (what the client sends or receives)."""

    def __init__(self, old: Resolver, new: Resolver, direction: Direction, emit: Emit) -> None:
        self.old, self.new, self.direction, self.emit = old, new, direction, emit

    def sev(self, breaks_request: bool, breaks_response: bool, soft: Severity = "info") -> Severity:
        hard = breaks_request if self.direction == "request" else breaks_response
        return "BREAKING" if hard else soft

    def compare(
        self, old_node: Any, new_node: Any, loc: Loc, stack: frozenset[tuple[str, str]]
    ) -> None:
        old, old_name = normalize(old_node, self.old)
        new, new_name = normalize(new_node, self.new)
        old_id, new_id = old_name or old.get("x-allOf"), new_name or new.get("x-allOf")
        if loc.depth > MAX_DEPTH:
            return  # safety net for recursion this cannot name
        if old_id and new_id:
            if (old_id, new_id) in stack:
                return  # recursive schema: already being compared further up
            stack = stack | {(old_id, new_id)}
        at = loc.show(new_name or old_name)
        loc = loc.within(new_name or old_name)
        if old.get("$ref") != new.get("$ref"):
            self.emit("note", at, f"reference changed {old.get('$ref')} -> {new.get('$ref')}")
        self.compare_types(old, new, at, loc)
        self.compare_enums(old, new, at, loc)
        self.compare_limits(old, new, at, loc)
        self.compare_keywords(old, new, at, loc)
        if self.direction == "request":  # rules constrain what is sent; answers are not checked
            report_rules(self.emit, old.get("x-rules"), new.get("x-rules"), at, loc)
        self.compare_properties(old, new, loc, stack)
        self.compare_additional(old, new, loc, stack)
        if "items" in old or "items" in new:
            self.compare(old.get("items"), new.get("items"), loc.child("[]"), stack)
        for key in ("oneOf", "anyOf"):
            self.compare_variants(key, old.get(key), new.get(key), loc, stack)

    def compare_types(self, old: Schema, new: Schema, at: str, loc: Loc) -> None:
        if not is_nullable(old) and is_nullable(new):
            message = "became nullable" + loc.checks("accept null")
            self.emit(self.sev(False, True), at, message)
        elif is_nullable(old) and not is_nullable(new):
            message = "no longer nullable" + loc.checks("reject null")
            self.emit(self.sev(True, False), at, message)
        old_types, new_types = type_set(old), type_set(new)
        old_t = old_types - {"null"} if old_types is not None else None
        new_t = new_types - {"null"} if new_types is not None else None
        if old_t == new_t:
            return
        label = f"type changed {fmt_types(old_t)} -> {fmt_types(new_t)}"
        if loc.multipart and loc.depth == 1 and same_part_bytes(old, old_t, new, new_t):
            message = (
                f"{label}: the same bytes, JSON text in one multipart/form-data part"
                " (an object part is sent as application/json)"
            )
            self.emit("info", at, message)
            return
        if old_t is None or new_t is None:
            composed = any(k in s for s in (old, new) for k in ("oneOf", "anyOf"))
            if not composed:
                self.emit(self.sev(new_t is not None, old_t is not None, "note"), at, label)
            return
        widened = any(not covers(old_t, t) for t in new_t)
        narrowed = any(not covers(new_t, t) for t in old_t)
        self.emit(self.sev(narrowed, widened), at, label + loc.checks("check the new type"))

    def compare_enums(self, old: Schema, new: Schema, at: str, loc: Loc) -> None:
        old_e, new_e = enum_values(old), enum_values(new)
        if old_e == new_e:
            return
        if old_e is None:
            message = f"now restricted to {new_e}" + loc.checks("reject any other value")
            self.emit(self.sev(True, False), at, message)
            return
        if new_e is None:
            message = f"no longer restricted to {old_e}" + loc.checks("accept any value")
            self.emit(self.sev(False, False, "note"), at, message)
            return
        added = [v for v in new_e if v not in old_e]
        removed = [v for v in old_e if v not in new_e]
        if added:
            values = ", ".join(show(v) for v in added)
            soft: Severity = "note" if self.direction == "response" else "info"
            self.emit(soft, at, f"enum value added: {values}" + loc.checks(f"accept {values}"))
        if removed:
            values = ", ".join(show(v) for v in removed)
            message = f"enum value removed: {values}" + loc.checks(f"reject {values}")
            self.emit(self.sev(True, False), at, message)

    def compare_limits(self, old: Schema, new: Schema, at: str, loc: Loc) -> None:
        for upper in (False, True):
            old_b, new_b = numeric_bound(old, upper), numeric_bound(new, upper)
            tighter = narrower(old_b, new_b, upper)
            if tighter is not None:
                what = "maximum" if upper else "minimum"
                shown = show_bound(old_b, upper), show_bound(new_b, upper)
                family = None
                if not upper and self.is_count_floor(old, new, old_b, new_b, loc):
                    family = COUNT_MINIMUMS
                self.report_range(tighter, at, what, *shown, loc, family)
        for key, upper in COUNT_LIMITS:
            old_v, new_v = old.get(key), new.get(key)
            old_c = None if old_v is None else (float(old_v), False)
            new_c = None if new_v is None else (float(new_v), False)
            tighter = narrower(old_c, new_c, upper)
            if tighter is not None:
                self.report_range(tighter, at, key, show(old_v), show(new_v), loc)

    def is_count_floor(
        self, old: Schema, new: Schema, old_b: Bound | None, new_b: Bound | None, loc: Loc
    ) -> bool:
        """A response count or position whose only change is a `>= 0` floor, added or dropped."""
        if self.direction != "response" or {old_b, new_b} != {None, (0.0, False)}:
            return False
        types = (type_set(old) or set()) | (type_set(new) or set())
        return "integer" in types or bool(COUNT_NAME.match(loc.name))

    def report_range(
        self,
        tighter: bool,
        at: str,
        what: str,
        old: str,
        new: str,
        loc: Loc,
        family: str | None = None,
    ) -> None:
        soft: Severity = "note" if not tighter and self.direction == "response" else "info"
        verb = "narrowed" if tighter else "widened"
        if tighter:
            effect = f"reject what breaks the new {what} ({new})"
        else:
            effect = f"accept what the old {what} ({old}) rejected"
        message = f"{what} {verb}: {old} -> {new}" + loc.checks(effect)
        self.emit(self.sev(tighter, False, soft), at, message, family)

    def compare_keywords(self, old: Schema, new: Schema, at: str, loc: Loc) -> None:
        for key in ("pattern", "format", "multipleOf"):
            old_v, new_v = old.get(key), new.get(key)
            if old_v == new_v:
                continue
            message = f"{key} changed {show(old_v)} -> {show(new_v)}"
            if new_v is None:
                self.emit("note" if key == "format" else "info", at, message)
            else:  # added or changed: requests may be rejected, responses may not parse
                self.emit(self.sev(True, key == "format", "note"), at, message)
        if old.get("default") != new.get("default"):
            self.report_default(old, new, at)
        was, now = old.get(SERVER_DEFAULT, _UNSTATED), new.get(SERVER_DEFAULT, _UNSTATED)
        if self.direction == "request" and repr(was) != repr(now):
            self.report_server_default(was, now, at, loc)
        if old.get("deprecated") is not True and new.get("deprecated") is True:
            self.emit("note", at, "deprecated")

    def report_default(self, old: Schema, new: Schema, at: str) -> None:
        was, now = old.get("default"), new.get("default")
        message = f"default changed {show(was)} -> {show(now)}"
        if self.direction == "response":
            self.emit("note", at, message)
            return
        # Generated models and endpoint functions use a request default as the value of an
        # argument the caller leaves out, so `to_dict` / the query starts or stops sending it.
        if "default" not in new:
            sends = f"stop sending {show(was)} when the caller leaves it out"
        else:
            sends = f"send {show(now)} when the caller leaves it out"
        message += f": behaviour change, regenerated models {sends} (to_dict includes defaults)"
        self.emit("BEHAVIOR", at, message)

    def report_server_default(self, was: Any, now: Any, at: str, loc: Loc) -> None:
        """`x-server-default` of a request input stated, changed or dropped: what the server
        (and, after make generate, the emulator) uses when the input is left out."""
        where = f" [{loc.address}]" if loc.address else ""
        if was is _UNSTATED:
            message = f"server default stated: {show(now)}, used when it is left out{where}"
            self.emit("note", at, message)
            return
        if now is _UNSTATED:
            change = f"server default removed (was {show(was)})"
            effect = "the contract no longer says what the server uses when it is left out"
        else:
            change = f"server default changed {show(was)} -> {show(now)}"
            effect = (
                f"the server (after make generate, the emulator) uses {show(now)}"
                " when it is left out"
            )
        message = f"{change}: behaviour change, {effect}{where}"
        self.emit("BEHAVIOR", at, message)

    def visible(self, schema: Schema, res: Resolver) -> dict[str, Any]:
        """Properties that travel in this direction (readOnly ones are never sent)."""
        props = schema.get("properties")
        if not isinstance(props, dict):
            return {}
        hidden = "readOnly" if self.direction == "request" else "writeOnly"
        return {k: v for k, v in props.items() if normalize(v, res)[0].get(hidden) is not True}

    def compare_properties(
        self, old: Schema, new: Schema, loc: Loc, stack: frozenset[tuple[str, str]]
    ) -> None:
        old_p, new_p = self.visible(old, self.old), self.visible(new, self.new)
        old_req = set(old.get("required") or []) & old_p.keys()
        new_req = set(new.get("required") or []) & new_p.keys()
        for prop in sorted(old_p.keys() | new_p.keys()):
            child = loc.child(f".{prop}")
            at = child.show()
            if prop not in new_p:
                was = "required" if prop in old_req else "optional"
                self.emit("BREAKING", at, f"field removed (was {was})")
            elif prop not in old_p:
                is_req = prop in new_req
                kind = "required" if is_req else "optional"
                message = f"field added ({kind})"
                if is_req:
                    message += child.checks("reject it left out")
                self.emit(self.sev(is_req, False), at, message)
            else:
                if prop in old_req and prop not in new_req:
                    message = "required -> optional" + child.checks("accept it left out")
                    self.emit(self.sev(False, True), at, message)
                elif prop not in old_req and prop in new_req:
                    message = "optional -> required" + child.checks("reject it left out")
                    self.emit(self.sev(True, False), at, message)
                self.compare(old_p[prop], new_p[prop], child, stack)

    def compare_additional(
        self, old: Schema, new: Schema, loc: Loc, stack: frozenset[tuple[str, str]]
    ) -> None:
        old_a, new_a = old.get("additionalProperties"), new.get("additionalProperties")
        if old_a == new_a or (old_a in (None, True, {}) and new_a in (None, True, {})):
            return  # left out, `true` and `{}` all allow any other property
        if isinstance(old_a, dict) and isinstance(new_a, dict):
            self.compare(old_a, new_a, loc.child(".*"), stack)
            return
        old_open, new_open = old_a is not False, new_a is not False
        message = f"additionalProperties {show(old_a)} -> {show(new_a)}"
        at = loc.show()
        if old_open and not new_open:
            self.emit(self.sev(True, False), at, message)
        elif new_open and not old_open:
            self.emit("note" if self.direction == "response" else "info", at, message)
        else:
            self.emit("note", at, message)

    def compare_variants(
        self, key: str, old_v: Any, new_v: Any, loc: Loc, stack: frozenset[tuple[str, str]]
    ) -> None:
        if not isinstance(old_v, list) and not isinstance(new_v, list):
            return
        old_map = self.variants(old_v, self.old)
        new_map = self.variants(new_v, self.new)
        at = loc.show()
        for label in sorted(old_map.keys() - new_map.keys()):
            self.emit(self.sev(True, False), at, f"{key} variant removed: {label}")
        for label in sorted(new_map.keys() - old_map.keys()):
            soft: Severity = "note" if self.direction == "response" else "info"
            self.emit(soft, at, f"{key} variant added: {label}")
        for label in sorted(old_map.keys() & new_map.keys()):
            self.compare(old_map[label], new_map[label], loc.child(f"<{label}>"), stack)

    @staticmethod
    def variants(items: Any, res: Resolver) -> dict[str, Any]:
        if not isinstance(items, list):
            return {}
        return {(res.resolve(v)[1] or f"#{i}"): v for i, v in enumerate(items)}


def rule_set(raw: Any) -> set[str]:
    """`x-rules` entries with their spacing normalized (`a<b` and `a < b` are one rule)."""
    if not isinstance(raw, list):
        return set()
    return {re.sub(r"\s*(<=|<)\s*", r" \1 ", str(rule)).strip() for rule in raw}


def report_rules(emit: Emit, old_raw: Any, new_raw: Any, at: str, loc: Loc) -> None:
    """Cross-field rules (`x-rules`) of a request added or removed: a new rule refuses input.

    Responses are left out: the rules say what a request must satisfy, and nothing checks
    an answer against them.
    """
    old, new = rule_set(old_raw), rule_set(new_raw)
    for rule in sorted(new - old):
        emit("BREAKING", at, f"rule added: {rule}" + loc.checks("reject what breaks it"))
    for rule in sorted(old - new):
        emit("info", at, f"rule removed: {rule}" + loc.checks("accept what broke it"))


def same_part_bytes(
    old: Schema, old_t: set[str] | None, new: Schema, new_t: set[str] | None
) -> bool:
    """One side a string part holding JSON (`contentMediaType`), the other an object part."""

    def json_text(schema: Schema, types: set[str] | None) -> bool:
        media = schema.get("contentMediaType")
        return types == {"string"} and isinstance(media, str) and bool(JSON_MEDIA.match(media))

    return (json_text(old, old_t) and new_t == {"object"}) or (
        json_text(new, new_t) and old_t == {"object"}
    )


def fmt_types(types: set[str] | None) -> str:
    if types is None:
        return "any"
    return "|".join(sorted(types)) or "none"


# --------------------------------------------------------------------------- operations


def path_key(path: str) -> str:
    return re.sub(r"\{[^}]*\}", "{}", path)


def operations(doc: Schema, res: Resolver) -> dict[tuple[str, str], tuple[str, Schema, list[Any]]]:
    """(normalized path, METHOD) -> (path as written, operation, path-level parameters)."""
    found: dict[tuple[str, str], tuple[str, Schema, list[Any]]] = {}
    paths = doc.get("paths") or {}
    for path, raw_item in paths.items():
        item, _ = res.resolve(raw_item)
        if not isinstance(item, dict):
            continue
        shared = item.get("parameters") or []
        for method in HTTP_METHODS:
            op = item.get(method)
            if isinstance(op, dict):
                found[(path_key(str(path)), method.upper())] = (str(path), op, shared)
    return found


def parameters(path: str, op: Schema, shared: list[Any], res: Resolver) -> dict[str, Schema]:
    """Parameters by (location, name); path parameters by position, so renames still match."""
    merged: dict[tuple[str, str], Schema] = {}
    for raw in [*shared, *(op.get("parameters") or [])]:
        param, _ = res.resolve(raw)
        if isinstance(param, dict) and "name" in param:
            merged[(str(param.get("in")), str(param["name"]))] = param
    order = re.findall(r"\{([^}]*)\}", path)
    keyed: dict[str, Schema] = {}
    for (where, name), param in merged.items():
        if where == "path" and name in order:
            keyed[f"path #{order.index(name)}"] = param
        else:
            keyed[f"{where} {name}"] = param
    return keyed


def param_schema(param: Schema) -> Any:
    if "schema" in param:
        return param["schema"]
    content = param.get("content")
    if isinstance(content, dict) and content:
        media = next(iter(content.values()))
        return media.get("schema") if isinstance(media, dict) else None
    return None


def op_label(method: str, path: str, op: Schema) -> str:
    op_id = op.get("operationId")
    return f"{method} {path} ({op_id})" if op_id else f"{method} {path}"


class OperationDiff:
    def __init__(self, old: Resolver, new: Resolver, changes: list[Change]) -> None:
        self.old, self.new, self.changes = old, new, changes

    def run(
        self,
        method: str,
        old_op: tuple[str, Schema, list[Any]],
        new_op: tuple[str, Schema, list[Any]],
    ) -> None:
        old_path, old, old_shared = old_op
        new_path, new, new_shared = new_op
        group = op_label(method, new_path, new)

        def emit(severity: Severity, where: str, message: str, family: str | None = None) -> None:
            self.changes.append(Change(severity, group, where, message, family))

        if old_path != new_path:
            emit("note", "path", f"path parameters renamed {old_path} -> {new_path}")
        if old.get("operationId") != new.get("operationId"):
            message = f"operationId {old.get('operationId')} -> {new.get('operationId')}"
            emit("BREAKING", "operation", message + " (renames the generated SDK function)")
        if old.get("deprecated") is not True and new.get("deprecated") is True:
            emit("note", "operation", "deprecated")
        if old.get("security") != new.get("security"):
            emit("note", "operation", f"security {old.get('security')} -> {new.get('security')}")
        self.compare_parameters(
            parameters(old_path, old, old_shared, self.old),
            parameters(new_path, new, new_shared, self.new),
            emit,
        )
        self.compare_body(old.get("requestBody"), new.get("requestBody"), emit)
        rules_at = Loc("operation", address="")
        report_rules(emit, old.get("x-rules"), new.get("x-rules"), "operation", rules_at)
        self.compare_responses(old.get("responses") or {}, new.get("responses") or {}, emit)

    def compare_parameters(
        self, old: dict[str, Schema], new: dict[str, Schema], emit: Emit
    ) -> None:
        differ = SchemaDiff(self.old, self.new, "request", emit)
        for key in sorted(old.keys() | new.keys()):
            shown = new.get(key) or old[key]
            where = f"{shown.get('in')} parameter '{shown.get('name')}'"
            if key not in new:
                emit("BREAKING", where, "removed")
                continue
            required = new[key].get("required") is True
            loc = Loc(where, address=f"{shown.get('in')}.{shown.get('name')}")
            if key not in old:
                kind = "required" if required else "optional"
                checks = loc.checks("reject it left out") if required else ""
                emit("BREAKING" if required else "info", where, f"added ({kind}){checks}")
                continue
            was_required = old[key].get("required") is True
            if required and not was_required:
                emit("BREAKING", where, "optional -> required" + loc.checks("reject it left out"))
            elif was_required and not required:
                emit("info", where, "required -> optional" + loc.checks("accept it left out"))
            if old[key].get("name") != new[key].get("name"):
                emit("note", where, f"renamed from '{old[key].get('name')}'")
            for attr in ("style", "explode"):
                if old[key].get(attr) != new[key].get(attr):
                    message = f"{attr} {old[key].get(attr)} -> {new[key].get(attr)}"
                    emit("BREAKING", where, message)
            if old[key].get("deprecated") is not True and new[key].get("deprecated") is True:
                emit("note", where, "deprecated")
            differ.compare(param_schema(old[key]), param_schema(new[key]), loc, frozenset())

    def compare_body(self, old_raw: Any, new_raw: Any, emit: Emit) -> None:
        old, _ = self.old.resolve(old_raw)
        new, _ = self.new.resolve(new_raw)
        if not isinstance(old, dict) and not isinstance(new, dict):
            return
        if not isinstance(new, dict):
            emit("BREAKING", "request body", "removed")
            return
        required = new.get("required") is True
        if not isinstance(old, dict):
            emit("BREAKING" if required else "info", "request body", "added")
            old = {}
        elif required and old.get("required") is not True:
            emit("BREAKING", "request body", "optional -> required")
        elif not required and old.get("required") is True:
            emit("info", "request body", "required -> optional")
        differ = SchemaDiff(self.old, self.new, "request", emit)
        self.compare_content(old, new, "request body", differ, emit, address="body")

    def compare_responses(self, old: Schema, new: Schema, emit: Emit) -> None:
        differ = SchemaDiff(self.old, self.new, "response", emit)
        old_codes = {str(k): v for k, v in old.items()}
        new_codes = {str(k): v for k, v in new.items()}
        for code in sorted(old_codes.keys() | new_codes.keys()):
            where = f"response {code}"
            success = code.startswith("2")
            if code not in new_codes:
                if success:
                    emit("BREAKING", where, "removed")
                else:
                    emit("note", where, "removed", UNDOCUMENTED_ERRORS)
                continue
            if code not in old_codes:
                emit("note" if success else "info", where, "added")
                continue
            old_resp, _ = self.old.resolve(old_codes[code])
            new_resp, _ = self.new.resolve(new_codes[code])
            if isinstance(old_resp, dict) and isinstance(new_resp, dict):
                self.compare_content(old_resp, new_resp, where, differ, emit)

    @staticmethod
    def compare_content(
        old: Schema,
        new: Schema,
        where: str,
        differ: SchemaDiff,
        emit: Emit,
        address: str | None = None,
    ) -> None:
        old_c = old.get("content") or {}
        new_c = new.get("content") or {}
        for media in sorted(old_c.keys() | new_c.keys()):
            at = f"{where} {media}"
            if media not in new_c:
                emit("BREAKING", at, "media type removed")
            elif media not in old_c:
                emit("info", at, "media type added")
            else:
                old_s = (old_c[media] or {}).get("schema")
                new_s = (new_c[media] or {}).get("schema")
                multipart = media.lower().startswith("multipart/form-data")
                loc = Loc(at, address=address, multipart=multipart)
                differ.compare(old_s, new_s, loc, frozenset())


# --------------------------------------------------------------------------- document


def restrict(theirs: Schema, ours: Schema) -> Schema:
    """`theirs` holding only the operations `ours` has (same method, same path shape)."""
    covered = set(operations(ours, Resolver(ours)))
    paths: dict[str, Any] = {}
    for path, item in (theirs.get("paths") or {}).items():
        if not isinstance(item, dict):
            continue
        kept = {
            key: value
            for key, value in item.items()
            if key not in HTTP_METHODS or (path_key(str(path)), key.upper()) in covered
        }
        if any(method in kept for method in HTTP_METHODS):
            paths[str(path)] = kept
    return {**theirs, "paths": paths}


def diff_documents(old_doc: Schema, new_doc: Schema, *, schemas: bool = True) -> list[Change]:
    old_res, new_res = Resolver(old_doc), Resolver(new_doc)
    changes: list[Change] = []
    old_ops, new_ops = operations(old_doc, old_res), operations(new_doc, new_res)
    for key in sorted(old_ops.keys() - new_ops.keys()):
        path, op, _ = old_ops[key]
        changes.append(Change("BREAKING", "operations removed", op_label(key[1], path, op), ""))
    for key in sorted(new_ops.keys() - old_ops.keys()):
        path, op, _ = new_ops[key]
        changes.append(Change("info", "operations added", op_label(key[1], path, op), ""))
    op_diff = OperationDiff(old_res, new_res, changes)
    for key in sorted(old_ops.keys() & new_ops.keys()):
        op_diff.run(key[1], old_ops[key], new_ops[key])
    if old_doc:  # with no base document, every operation is simply "added"
        changes.extend(document_changes(old_doc, new_doc, schemas=schemas))
    return changes


def document_changes(old: Schema, new: Schema, *, schemas: bool = True) -> Iterator[Change]:
    def get(doc: Schema, *keys: str) -> Any:
        node: Any = doc
        for key in keys:
            node = node.get(key) if isinstance(node, dict) else None
        return node

    for keys in (("openapi",), ("info", "version")):
        if get(old, *keys) != get(new, *keys):
            where = ".".join(keys)
            yield Change("info", "document", where, f"{get(old, *keys)} -> {get(new, *keys)}")
    for keys in (("servers",), ("security",), ("components", "securitySchemes")):
        if get(old, *keys) != get(new, *keys):
            yield Change("note", "document", ".".join(keys), "changed")
    if not schemas:  # another API's spec: its other schemas are not ours to list
        return
    old_schemas = get(old, "components", "schemas") or {}
    new_schemas = get(new, "components", "schemas") or {}
    for name in sorted(old_schemas.keys() - new_schemas.keys()):
        yield Change("info", "document", f"components.schemas.{name}", "removed")
    for name in sorted(new_schemas.keys() - old_schemas.keys()):
        yield Change("info", "document", f"components.schemas.{name}", "added")


def tags(op: Schema) -> list[str]:
    return [str(t) for t in op.get("tags") or [] if isinstance(t, str | int | float)]


def lacking(theirs: Schema, ours: Schema) -> list[Change]:
    """Operations of `theirs` on a path `ours` has, or under a tag ours uses, that ours lacks.

    Tags match whatever their case (`Files` and `files`); paths match by shape, so
    `/files/{id}` and `/files/{file_id}` are one path.
    """
    our_ops = operations(ours, Resolver(ours))
    our_paths = {key[0] for key in our_ops}
    our_tags = {tag.lower() for _, op, _ in our_ops.values() for tag in tags(op)}
    found: list[Change] = []
    for key, (path, op, _) in sorted(operations(theirs, Resolver(theirs)).items()):
        if key in our_ops:
            continue
        why = ["same path"] if key[0] in our_paths else []
        shared = [tag for tag in tags(op) if tag.lower() in our_tags]
        if shared:
            why.append(f"tag{'s' if len(shared) > 1 else ''} {', '.join(shared)}")
        if why:
            found.append(Change("info", LACKING, op_label(key[1], path, op), "; ".join(why)))
    return found


def against(ours: Schema, theirs: Schema) -> list[Change]:
    """What would change if ours became theirs, on our operations; then what ours lacks."""
    return diff_documents(ours, restrict(theirs, ours), schemas=False) + lacking(theirs, ours)


# --------------------------------------------------------------------------- report


def exit_status(changes: list[Change]) -> int:
    """1 when a change breaks clients or changes what they send, else 0."""
    return 1 if any(c.severity in DECISIONS for c in changes) else 0


def field_of(where: str) -> str:
    """The field name a change is about: `total` in `response 200 ... .data.total (PageCount)`."""
    found = re.search(r" (\.\S+)", where)
    return Loc("", found[1]).name if found else where


def folded_line(family: str, items: list[Change], sides: tuple[str, str]) -> str:
    """The one line that stands for every change of one family."""
    operations_count = len({c.group for c in items})
    if family == UNDOCUMENTED_ERRORS:
        per_code: dict[str, set[str]] = {}
        for change in items:
            per_code.setdefault(change.where.removeprefix("response "), set()).add(change.group)
        codes = ", ".join(f"{code} in {len(groups)}" for code, groups in sorted(per_code.items()))
        return (
            f"error responses only {sides[0]} documents ({len(items)} lines, "
            f"{operations_count} operations): {codes}"
        )
    parts = []
    for side, verb in ((sides[0], "widened"), (sides[1], "narrowed")):
        chosen = [c for c in items if verb in c.message]
        if chosen:
            names = ", ".join(sorted({field_of(c.where) for c in chosen}))
            parts.append(f"only {side} states >= 0 on {names} ({len(chosen)} lines)")
    return f"count minimums in {operations_count} operations: " + "; ".join(parts)


def render(
    changes: list[Change],
    title: str,
    identical: bool,
    *,
    every_line: bool = False,
    sides: tuple[str, str] = ("the old spec", "the new spec"),
) -> Iterable[str]:
    """The report: one section per operation, folded families, document, what ours lacks.

    Unless `every_line`, changes of a family (Change.family) become one line each family.
    `sides` names the two specs in those lines (old first).
    """
    yield title
    if not changes:
        yield "No changes." if identical else "No changes to the API contract (only docs/examples)."
        return
    groups: dict[str, list[Change]] = {}
    families: dict[str, list[Change]] = {}
    for change in changes:
        if change.family is not None and not every_line:
            families.setdefault(change.family, []).append(change)
        else:
            groups.setdefault(change.group, []).append(change)
    first = ["operations removed", "operations added"]
    ordered = first + sorted(g for g in groups if g not in (*first, "document", LACKING))
    for group in [*ordered, "folded", "document", LACKING]:
        if group == "folded":
            if families:
                yield ""
                yield "Folded (--all lists every line)"
                for family in (UNDOCUMENTED_ERRORS, COUNT_MINIMUMS):
                    if family in families:
                        items = families[family]
                        worst = min(items, key=lambda c: SEVERITY_ORDER[c.severity]).severity
                        yield f"  {worst:<8}  {folded_line(family, items, sides)}"
            continue
        if group not in groups:
            continue
        yield ""
        yield group.capitalize() if group in (*first, LACKING) else group
        items = sorted(groups[group], key=lambda c: SEVERITY_ORDER[c.severity])
        for change in items:
            text = f"{change.where}: {change.message}" if change.message else change.where
            yield f"  {change.severity:<8}  {text}"
    counted = [c for c in changes if c.group != LACKING]
    counts = {s: sum(1 for c in counted if c.severity == s) for s in SEVERITY_ORDER}
    yield ""
    summary = (
        f"Summary: {counts['BREAKING']} breaking, {counts['BEHAVIOR']} behaviour change(s), "
        f"{counts['note']} note(s), {counts['info']} compatible change(s)"
    )
    folded = sum(len(items) for items in families.values())
    if folded:
        summary += f" ({folded} of them folded)"
    missing = len(changes) - len(counted)
    if missing:
        summary += f"; {missing} operation(s) of {sides[1]} on our paths or tags not in ours"
    yield summary + "."


def load_file(path: str) -> Schema:
    file = Path(path)
    if not file.is_file():
        raise UsageError(f"{path}: no such file")
    return as_document(load_yaml(file.read_text(encoding="utf-8"), path), path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Show what changed in an OpenAPI file since a git revision, or how it "
        "differs from another spec file; exit 1 if a change breaks clients or changes what "
        "they send."
    )
    parser.add_argument(
        "base", metavar="BASE_REV", nargs="?", help="git revision to compare against"
    )
    parser.add_argument(
        "--against",
        metavar="FILE",
        help="compare with this spec file instead (e.g. the provider's published one), "
        "restricted to the operations --spec covers",
    )
    parser.add_argument("--spec", default="openapi.yaml", help="spec path (default: %(default)s)")
    parser.add_argument(
        "--all",
        action="store_true",
        help="list every line: do not fold error responses documented on one side only, or "
        "count minimums stated on one side only, into one summary line each",
    )
    args = parser.parse_args(argv)
    try:
        if (args.base is None) == (args.against is None):
            raise UsageError("give either BASE_REV or --against FILE")
        if not Path(args.spec).is_file():
            raise UsageError(f"{args.spec}: no such file in the working tree")
        ours = load_file(args.spec)
        if args.against is not None:
            theirs = load_file(args.against)
            old_doc, new_doc = ours, restrict(theirs, ours)
            title = f"{args.spec} -> {args.against} (only the operations of {args.spec})"
            changes = against(ours, theirs)
            sides = (args.spec, args.against)
        else:
            base_text = read_base(args.base, Path(args.spec).resolve())
            origin = f"{args.base}:{args.spec}"
            new_doc = ours
            old_doc = {} if base_text is None else as_document(load_yaml(base_text, origin), origin)
            title = f"{args.spec}: {args.base} -> working tree"
            if base_text is None:
                title += f"\n({args.spec} does not exist at {args.base}: everything is added)"
            changes = diff_documents(old_doc, new_doc)
            sides = (args.base, "the working tree")
    except UsageError as exc:
        print(f"spec_diff: {exc}", file=sys.stderr)
        return 2
    lines = render(changes, title, old_doc == new_doc, every_line=args.all, sides=sides)
    for line in lines:
        print(line)
    return exit_status(changes)


if __name__ == "__main__":
    sys.exit(main())
