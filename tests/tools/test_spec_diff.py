"""tools/spec_diff.py: every rule on small in-memory specs, and its command line in a few runs.

The comparison is called in-process (`diff_documents`, `against`, `render`); only the tests at
the end run the command, in a throwaway git repository (BASE mode) or on two files (--against).
"""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.support.paths import ROOT
from tools import spec_diff
from tools.spec_diff import COUNT_MINIMUMS, LACKING, Change

GIT = ["git", "-c", "user.name=spec-diff-test", "-c", "user.email=test@invalid"]
GIT += ["-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main"]

# Without GIT_DIR & co. (set when run from a git hook) git would act on the real repository.
CLEAN_ENV = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}

Spec = dict[str, Any]


def base_spec() -> Spec:
    """A two-operation API whose response schema lives in components."""
    return {
        "openapi": "3.1.0",
        "info": {"title": "Things", "version": "1.0.0"},
        "servers": [{"url": "https://api.cloudglue.dev/v1"}],
        "security": [{"bearerAuth": []}],
        "paths": {
            "/things": {
                "get": {
                    "operationId": "listThings",
                    "tags": ["things"],
                    "parameters": [
                        {
                            "name": "limit",
                            "in": "query",
                            "schema": {"type": "integer", "minimum": 1, "maximum": 100},
                        }
                    ],
                    "responses": {
                        "200": ok({"$ref": "#/components/schemas/ThingList"}),
                        "429": error("slow down"),
                    },
                },
                "post": {
                    "operationId": "createThing",
                    "tags": ["things"],
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/NewThing"}
                            }
                        },
                    },
                    "responses": {"200": ok({"$ref": "#/components/schemas/Thing"})},
                },
            },
            "/things/{thing_id}": {
                "parameters": [
                    {
                        "name": "thing_id",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "string"},
                    }
                ],
                "get": {
                    "operationId": "getThing",
                    "tags": ["things"],
                    "responses": {
                        "200": ok({"$ref": "#/components/schemas/Thing"}),
                        "404": error("no such thing"),
                        "429": error("slow down"),
                    },
                },
                "delete": {
                    "operationId": "deleteThing",
                    "tags": ["things"],
                    "responses": {"200": ok({"type": "object"})},
                },
            },
        },
        "components": {
            "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                "Status": {"type": "string", "enum": ["pending", "completed", "failed"]},
                "Count": {"type": "integer", "minimum": 0},
                "Thing": {
                    "type": "object",
                    "required": ["id", "status"],
                    "properties": {
                        "id": {"type": "string"},
                        "status": {"$ref": "#/components/schemas/Status"},
                        "note": {"type": ["string", "null"]},
                        "labels": {"type": "object", "additionalProperties": True},
                    },
                },
                "ThingList": {
                    "type": "object",
                    "required": ["data", "total"],
                    "properties": {
                        "data": {"type": "array", "items": {"$ref": "#/components/schemas/Thing"}},
                        "total": {"$ref": "#/components/schemas/Count"},
                        "offset": {"$ref": "#/components/schemas/Count"},
                    },
                },
                "NewThing": {
                    "type": "object",
                    "required": ["name"],
                    "properties": {
                        "name": {"type": "string", "maxLength": 200},
                        "size": {"type": "number", "minimum": 0, "maximum": 10},
                        "kind": {"type": "string", "enum": ["a", "b"]},
                        "low": {"type": "number"},
                        "high": {"type": "number"},
                    },
                },
            },
        },
    }


def ok(schema: Spec) -> Spec:
    return {"description": "ok", "content": {"application/json": {"schema": schema}}}


def error(text: str) -> Spec:
    return {"description": text, "content": {"application/json": {"schema": {"type": "object"}}}}


def schemas(spec: Spec) -> Spec:
    found: Spec = spec["components"]["schemas"]
    return found


def edited(edit: Callable[[Spec], None], start: Spec | None = None) -> Spec:
    spec = copy.deepcopy(start or base_spec())
    edit(spec)
    return spec


def report(changes: list[Change], identical: bool = False, every_line: bool = False) -> str:
    lines = spec_diff.render(changes, "title", identical, every_line=every_line, sides=("A", "B"))
    return "\n".join(lines)


def diff_after(edit: Callable[[Spec], None], every_line: bool = False) -> tuple[str, int]:
    """(report, exit status) of base_spec() -> base_spec() edited."""
    old, new = base_spec(), edited(edit)
    changes = spec_diff.diff_documents(old, new)
    return report(changes, old == new, every_line), spec_diff.exit_status(changes)


def lines_with(output: str, needle: str) -> list[str]:
    return [line for line in output.splitlines() if needle in line]


# --------------------------------------------------------------------------- severities


def test_no_change_is_status_0_and_says_no_changes() -> None:
    out, status = diff_after(lambda spec: None)
    assert status == 0
    assert "No changes." in out
    assert "BREAKING" not in out


def test_added_optional_response_field_is_not_breaking() -> None:
    out, status = diff_after(
        lambda spec: schemas(spec)["Thing"]["properties"].update(color={"type": "string"})
    )
    assert status == 0, out
    assert "BREAKING" not in out
    # Reported for every operation that returns a Thing, with the schema it lives in.
    assert len(lines_with(out, ".color (in Thing): field added (optional)")) == 3
    assert "GET /things/{thing_id} (getThing)" in out


def test_removed_operation_is_breaking() -> None:
    out, status = diff_after(lambda spec: spec["paths"]["/things/{thing_id}"].pop("delete"))
    assert status == 1
    assert lines_with(out, "BREAKING  DELETE /things/{thing_id} (deleteThing)")
    assert "Operations removed" in out


def test_narrowed_parameter_range_is_breaking() -> None:
    def edit(spec: Spec) -> None:
        spec["paths"]["/things"]["get"]["parameters"][0]["schema"]["maximum"] = 50

    out, status = diff_after(edit)
    assert status == 1
    assert lines_with(out, "BREAKING  query parameter 'limit': maximum narrowed")


def test_narrowed_request_body_range_is_breaking() -> None:
    out, status = diff_after(
        lambda spec: schemas(spec)["NewThing"]["properties"]["size"].update(minimum=1)
    )
    assert status == 1
    [line] = lines_with(out, ".size (in NewThing): minimum narrowed: >= 0 -> >= 1")
    assert "BREAKING" in line and "request body application/json" in line


def test_new_required_request_field_is_breaking() -> None:
    def edit(spec: Spec) -> None:
        schemas(spec)["NewThing"]["properties"]["owner"] = {"type": "string"}
        schemas(spec)["NewThing"]["required"].append("owner")

    out, status = diff_after(edit)
    assert status == 1
    [line] = lines_with(out, ".owner (in NewThing): field added (required)")
    assert line.split()[0] == "BREAKING"


def test_added_response_enum_value_is_a_note_not_breaking() -> None:
    out, status = diff_after(lambda spec: schemas(spec)["Status"]["enum"].append("archived"))
    assert status == 0, out
    hits = lines_with(out, "(Status): enum value added: 'archived'")
    assert hits and all(line.split()[0] == "note" for line in hits)


def test_removed_response_field_in_component_is_breaking_for_each_user() -> None:
    out, status = diff_after(lambda spec: schemas(spec)["Thing"]["properties"].pop("note"))
    assert status == 1
    hits = lines_with(out, ".note (in Thing): field removed")
    assert len(hits) == 3 and all(line.split()[0] == "BREAKING" for line in hits)
    assert lines_with(out, "response 200 application/json .data[].note (in Thing)")


def test_response_field_made_optional_or_nullable_is_breaking() -> None:
    def edit(spec: Spec) -> None:
        schemas(spec)["Thing"]["required"].remove("status")
        schemas(spec)["Thing"]["properties"]["id"] = {"type": ["string", "null"]}

    out, status = diff_after(edit)
    assert status == 1
    assert lines_with(out, "BREAKING  response 200 application/json .status")
    assert lines_with(out, ".id (in Thing): became nullable")


def test_request_enum_value_removed_is_breaking_and_added_is_not() -> None:
    kind = ("NewThing", "kind")
    out, status = diff_after(
        lambda spec: schemas(spec)[kind[0]]["properties"][kind[1]].update(enum=["a"])
    )
    assert status == 1
    assert lines_with(out, "BREAKING  request body application/json .kind")
    _, status = diff_after(
        lambda spec: schemas(spec)[kind[0]]["properties"][kind[1]].update(enum=["a", "b", "c"])
    )
    assert status == 0


def test_widened_request_range_and_new_optional_parameter_are_compatible() -> None:
    def edit(spec: Spec) -> None:
        params = spec["paths"]["/things"]["get"]["parameters"]
        params[0]["schema"]["maximum"] = 500
        params.append({"name": "q", "in": "query", "schema": {"type": "string"}})

    out, status = diff_after(edit)
    assert status == 0, out
    assert lines_with(out, "maximum widened: <= 100 -> <= 500")
    assert lines_with(out, "query parameter 'q': added (optional)")


def test_request_type_change_is_breaking() -> None:
    out, status = diff_after(
        lambda spec: schemas(spec)["NewThing"]["properties"]["size"].update(type="integer")
    )
    assert status == 1
    assert lines_with(out, "type changed number -> integer")


def test_equivalent_spellings_and_doc_edits_are_no_contract_change() -> None:
    def edit(spec: Spec) -> None:
        props = schemas(spec)["Thing"]["properties"]
        props["note"] = {"anyOf": [{"type": "string"}, {"type": "null"}]}
        del props["labels"]["additionalProperties"]  # absent, true and {} all allow any key
        spec["paths"]["/things"]["get"]["description"] = "Lists things."

    out, status = diff_after(edit)
    assert status == 0, out
    assert "No changes to the API contract (only docs/examples)." in out


def test_recursive_schema_terminates() -> None:
    def recursive(spec: Spec) -> None:
        thing = schemas(spec)["Thing"]
        thing["properties"]["children"] = {
            "type": "array",
            "items": {"$ref": "#/components/schemas/Thing"},
        }
        thing["properties"]["parent"] = {
            "allOf": [{"$ref": "#/components/schemas/Thing"}, {"description": "Up."}]
        }

    out, status = diff_after(recursive)
    assert status == 0, out
    assert len(lines_with(out, ".children (in Thing): field added (optional)")) == 3
    old = edited(recursive)
    new = edited(lambda spec: schemas(spec)["Thing"]["properties"]["id"].update(maxLength=64), old)
    out = report(spec_diff.diff_documents(old, new))
    # One line per operation returning a Thing: recursion is cut where Thing repeats.
    assert len(lines_with(out, "maxLength narrowed: none -> 64")) == 3


def test_request_default_added_or_changed_is_a_behaviour_change() -> None:
    def add(spec: Spec) -> None:
        schemas(spec)["NewThing"]["properties"]["size"]["default"] = 5

    out, status = diff_after(add)
    assert status == 1, out
    [line] = lines_with(out, ".size (in NewThing): default changed none -> 5")
    assert line.split()[0] == "BEHAVIOR"
    assert "regenerated models send 5 when the caller leaves it out" in line
    assert "1 behaviour change(s)" in out

    def change(spec: Spec) -> None:
        schemas(spec)["NewThing"]["properties"]["size"]["default"] = 7
        spec["paths"]["/things"]["get"]["parameters"][0]["schema"]["default"] = 20

    changes = spec_diff.diff_documents(edited(add), edited(change, edited(add)))
    out = report(changes)
    assert spec_diff.exit_status(changes) == 1
    assert lines_with(out, "BEHAVIOR  request body application/json .size")
    assert lines_with(out, "BEHAVIOR  query parameter 'limit': default changed none -> 20")


def test_response_default_change_is_only_a_note() -> None:
    out, status = diff_after(
        lambda spec: schemas(spec)["Thing"]["properties"]["note"].update(default="x")
    )
    assert status == 0, out
    hits = lines_with(out, ".note (in Thing): default changed none -> 'x'")
    assert hits and all(line.split()[0] == "note" for line in hits)


def test_a_request_server_default_stated_is_a_note_changed_or_removed_a_behaviour_change() -> None:
    def state(spec: Spec) -> None:
        schemas(spec)["NewThing"]["properties"]["size"]["x-server-default"] = 5
        schemas(spec)["Thing"]["properties"]["note"]["x-server-default"] = "x"  # not a request

    out, status = diff_after(state)
    assert status == 0, out
    [stated] = lines_with(out, ".size (in NewThing): server default stated: 5")
    assert stated.split()[0] == "note" and "[body.size]" in stated
    assert not lines_with(out, "'x'")

    def change(spec: Spec) -> None:
        schemas(spec)["NewThing"]["properties"]["size"]["x-server-default"] = 7
        spec["paths"]["/things"]["get"]["parameters"][0]["schema"]["x-server-default"] = 20

    def drop(spec: Spec) -> None:
        del schemas(spec)["NewThing"]["properties"]["size"]["x-server-default"]

    changes = spec_diff.diff_documents(edited(state), edited(change, edited(state)))
    out = report(changes)
    assert spec_diff.exit_status(changes) == 1
    [changed] = lines_with(out, "server default changed 5 -> 7")
    assert changed.split()[0] == "BEHAVIOR" and "uses 7 when it is left out [body.size]" in changed
    assert lines_with(
        out, "note      query parameter 'limit': server default stated: 20, used when"
    )
    removed = spec_diff.diff_documents(edited(state), edited(drop, edited(state)))
    [gone] = lines_with(report(removed), "server default removed (was 5)")
    assert (
        gone.split()[0] == "BEHAVIOR"
        and "no longer says what the server uses when it is left out [body.size]" in gone
    )


def test_changed_bounds_enums_and_required_name_the_validation_they_move() -> None:
    def edit(spec: Spec) -> None:
        new_thing = schemas(spec)["NewThing"]
        new_thing["properties"]["size"]["maximum"] = 20
        new_thing["properties"]["kind"]["enum"] = ["a", "c"]
        new_thing["required"].append("size")
        spec["paths"]["/things"]["get"]["parameters"][0]["schema"]["maximum"] = 50

    out, _ = diff_after(edit)
    checks = "after make generate the client's checks (wrapper, CLI) and the emulator"
    [widened] = lines_with(out, "maximum widened: <= 10 -> <= 20")
    assert f"{checks} accept what the old maximum (<= 10) rejected [body.size]" in widened
    [narrowed] = lines_with(out, "maximum narrowed: <= 100 -> <= 50")
    assert f"{checks} reject what breaks the new maximum (<= 50) [query.limit]" in narrowed
    assert lines_with(out, f"enum value added: 'c'; {checks} accept 'c' [body.kind]")
    assert lines_with(out, f"enum value removed: 'b'; {checks} reject 'b' [body.kind]")
    assert lines_with(out, f"optional -> required; {checks} reject it left out [body.size]")
    # Responses are not validated by those checks: no such note on them.
    assert not [line for line in out.splitlines() if "response" in line and checks in line]


def test_cross_field_rules_added_to_a_request_are_breaking_and_removed_are_not() -> None:
    def add(spec: Spec) -> None:
        schemas(spec)["NewThing"]["x-rules"] = ["low<high"]
        spec["paths"]["/things"]["get"]["x-rules"] = ["query.limit <= query.limit"]
        schemas(spec)["Thing"]["x-rules"] = ["id < note"]  # answers are not checked by rules

    out, status = diff_after(add)
    assert status == 1
    assert not lines_with(out, "id < note")
    [body] = lines_with(out, "(NewThing): rule added: low < high")
    assert body.split()[0] == "BREAKING" and "reject what breaks it [body]" in body
    assert lines_with(out, "BREAKING  operation: rule added: query.limit <= query.limit")
    # Spacing is not a change; removing a rule only accepts more.
    respaced = edited(lambda spec: schemas(spec)["NewThing"].update({"x-rules": ["low < high"]}))
    removed = spec_diff.diff_documents(edited(add), respaced)
    out = report(removed)
    assert spec_diff.exit_status(removed) == 0, out
    assert not lines_with(out, "low < high")
    assert lines_with(out, "info      operation: rule removed: query.limit <= query.limit")


# --------------------------------------------------------------------------- multipart


def multipart_spec(metadata: Spec) -> Spec:
    spec = base_spec()
    body = {
        "type": "object",
        "required": ["file"],
        "properties": {"file": {"type": "string", "format": "binary"}, "metadata": metadata},
    }
    spec["paths"]["/uploads"] = {
        "post": {
            "operationId": "upload",
            "requestBody": {"required": True, "content": {"multipart/form-data": {"schema": body}}},
            "responses": {"200": ok({"type": "object"})},
        }
    }
    return spec


JSON_TEXT = {"type": "string", "contentMediaType": "application/json"}


@pytest.mark.parametrize("ours_is_text", [True, False], ids=["text-to-object", "object-to-text"])
def test_multipart_json_text_part_and_object_part_are_the_same_bytes(ours_is_text: bool) -> None:
    text, obj = multipart_spec(JSON_TEXT), multipart_spec({"type": "object"})
    old, new = (text, obj) if ours_is_text else (obj, text)
    changes = spec_diff.diff_documents(old, new)
    out = report(changes)
    assert spec_diff.exit_status(changes) == 0, out
    [line] = lines_with(out, "request body multipart/form-data .metadata: type changed")
    assert line.split()[0] == "info" and "the same bytes" in line


def test_a_string_that_is_not_json_text_becoming_an_object_is_still_breaking() -> None:
    changes = spec_diff.diff_documents(
        multipart_spec({"type": "string"}), multipart_spec({"type": "object"})
    )
    assert spec_diff.exit_status(changes) == 1
    [change] = [c for c in changes if ".metadata" in c.where]
    assert change.severity == "BREAKING" and "type changed string -> object" in change.message


def test_json_text_becoming_an_object_outside_multipart_is_breaking() -> None:
    def edit(to: Spec) -> Callable[[Spec], None]:
        return lambda spec: schemas(spec)["NewThing"]["properties"].update(meta=to)

    changes = spec_diff.diff_documents(edited(edit(JSON_TEXT)), edited(edit({"type": "object"})))
    assert spec_diff.exit_status(changes) == 1


# --------------------------------------------------------------------------- folded families


def test_error_responses_documented_on_one_side_fold_into_one_line() -> None:
    def edit(spec: Spec) -> None:
        for item in spec["paths"].values():
            for op in item.values():
                if isinstance(op, dict) and "responses" in op:
                    op["responses"].pop("429", None)
                    op["responses"].pop("404", None)

    out, status = diff_after(edit)
    assert status == 0, out
    [line] = lines_with(out, "error responses only A documents")
    assert line.split()[0] == "note"
    assert "(3 lines, 2 operations): 404 in 1, 429 in 2" in line
    assert not lines_with(out, "response 429: removed")
    assert "3 note(s)" in out and "(3 of them folded)" in out
    every, _ = diff_after(edit, every_line=True)
    assert len(lines_with(every, "response 429: removed")) == 2
    assert not lines_with(every, "Folded")


def test_a_removed_success_response_is_never_folded() -> None:
    out, status = diff_after(lambda spec: spec["paths"]["/things"]["post"]["responses"].pop("200"))
    assert status == 1
    assert lines_with(out, "BREAKING  response 200: removed")


def test_count_minimums_fold_and_other_minimums_do_not() -> None:
    def edit(spec: Spec) -> None:
        del schemas(spec)["Count"]["minimum"]
        schemas(spec)["Thing"]["properties"]["at"] = {"type": "number"}

    old = edited(
        lambda spec: schemas(spec)["Thing"]["properties"].update(
            at={"type": "number", "minimum": 0}
        )
    )
    changes = spec_diff.diff_documents(old, edited(edit))
    assert {c.family for c in changes} == {COUNT_MINIMUMS, None}
    out = report(changes)
    [line] = lines_with(out, "count minimums in 1 operations")
    assert "only A states >= 0 on offset, total (2 lines)" in line
    # A time is not a count: its floor stays on its own lines (one per Thing user).
    assert len(lines_with(out, ".at (in Thing): minimum widened: >= 0 -> none")) == 3
    # The other way round, the floor is the new side's.
    back = report(spec_diff.diff_documents(edited(edit), old))
    assert lines_with(back, "only B states >= 0 on offset, total (2 lines)")


# --------------------------------------------------------------------------- --against


def theirs_spec() -> Spec:
    """The provider's view: our operations, one narrower, plus operations we lack."""
    theirs = base_spec()
    theirs["paths"]["/widgets"] = {
        "get": {"operationId": "listWidgets", "responses": {"200": ok({"type": "object"})}}
    }
    theirs["paths"]["/things/{id}"] = theirs["paths"].pop("/things/{thing_id}")
    theirs["paths"]["/things/{id}"]["parameters"][0]["name"] = "id"
    theirs["paths"]["/things/{id}"]["put"] = {
        "operationId": "updateThing",
        "responses": {"200": ok({"type": "object"})},
    }
    theirs["paths"]["/things/{id}/tags"] = {
        "get": {
            "operationId": "listThingTags",
            "tags": ["Things", "Tags"],
            "responses": {"200": ok({"type": "object"})},
        }
    }
    schemas(theirs)["Widget"] = {"type": "object"}
    schemas(theirs)["NewThing"]["properties"]["size"]["maximum"] = 5
    schemas(theirs)["NewThing"]["properties"]["kind"]["default"] = "a"
    return theirs


def test_against_compares_only_our_operations_and_lists_what_ours_lacks() -> None:
    changes = spec_diff.against(base_spec(), theirs_spec())
    out = report(changes)
    assert spec_diff.exit_status(changes) == 1
    assert lines_with(out, "BREAKING  request body application/json .size")
    assert lines_with(out, "BEHAVIOR  request body application/json .kind")
    assert "Widget" not in out  # their other schemas are not ours to list
    lacking = [c for c in changes if c.group == LACKING]
    assert [(c.severity, c.where, c.message) for c in lacking] == [
        ("info", "PUT /things/{id} (updateThing)", "same path"),
        ("info", "GET /things/{id}/tags (listThingTags)", "tag Things"),  # tags match any case
    ]
    assert "listWidgets" not in out  # neither our path nor our tag
    assert out.index("Operations only the other spec has") > out.index("POST /things (createThing)")
    assert out.endswith("; 2 operation(s) of B on our paths or tags not in ours.")


def test_what_ours_lacks_never_fails_the_comparison() -> None:
    theirs = base_spec()
    theirs["paths"]["/things"]["put"] = {
        "operationId": "replaceThings",
        "responses": {"200": ok({"type": "object"})},
    }
    changes = spec_diff.against(base_spec(), theirs)
    assert spec_diff.exit_status(changes) == 0
    assert [c.family for c in changes] == [None]
    assert "0 compatible change(s)" in report(changes)


def test_against_an_identical_spec_has_no_changes() -> None:
    changes = spec_diff.against(base_spec(), base_spec())
    assert changes == []
    assert "No changes." in report(changes, identical=True)


# --------------------------------------------------------------------------- base documents


def test_spec_missing_at_base_means_everything_added() -> None:
    changes = spec_diff.diff_documents({}, base_spec())
    assert spec_diff.exit_status(changes) == 0
    assert sorted(c.where for c in changes) == [
        "DELETE /things/{thing_id} (deleteThing)",
        "GET /things (listThings)",
        "GET /things/{thing_id} (getThing)",
        "POST /things (createThing)",
    ]
    assert {(c.severity, c.group) for c in changes} == {("info", "operations added")}


def test_references_that_cannot_be_followed_are_compared_as_written() -> None:
    def external(target: str) -> Callable[[Spec], None]:
        return lambda spec: schemas(spec)["Thing"]["properties"].update(extra={"$ref": target})

    same = spec_diff.diff_documents(
        edited(external("other.yaml#/X")), edited(external("other.yaml#/X"))
    )
    assert same == []
    moved = spec_diff.diff_documents(
        edited(external("other.yaml#/X")), edited(external("#/nowhere"))
    )
    assert {c.message for c in moved} == {"reference changed other.yaml#/X -> #/nowhere"}


def test_not_yaml_or_not_openapi_is_a_usage_error() -> None:
    with pytest.raises(spec_diff.UsageError, match="not valid YAML"):
        spec_diff.load_yaml("paths: [unclosed\n", "x.yaml")
    with pytest.raises(spec_diff.UsageError, match="not an OpenAPI document"):
        spec_diff.as_document(["a list"], "x.yaml")


# --------------------------------------------------------------------------- the command


def git(repo: Path, *args: str) -> None:
    subprocess.run([*GIT, *args], cwd=repo, env=CLEAN_ENV, check=True, capture_output=True)


def write(path: Path, spec: Spec) -> None:
    # JSON is valid YAML, so the tool's YAML loader reads it as is.
    path.write_text(json.dumps(spec, indent=2) + "\n", encoding="utf-8")


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """`python -m tools.spec_diff ARGS` from the repository root, as `make spec-diff` runs it."""
    return subprocess.run(
        [sys.executable, "-m", "tools.spec_diff", *args],
        cwd=ROOT,
        env=CLEAN_ENV,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repo whose HEAD holds base_spec() as openapi.yaml."""
    git(tmp_path, "init", "-q")
    write(tmp_path / "openapi.yaml", base_spec())
    git(tmp_path, "add", "openapi.yaml")
    git(tmp_path, "commit", "-q", "-m", "base")
    return tmp_path


@pytest.mark.slow
def test_command_against_a_git_revision(repo: Path) -> None:
    spec = str(repo / "openapi.yaml")
    same = run("HEAD", "--spec", spec)
    assert (same.returncode, same.stderr) == (0, "")
    assert "No changes." in same.stdout
    write(repo / "openapi.yaml", edited(lambda s: s["paths"]["/things/{thing_id}"].pop("delete")))
    changed = run("HEAD", "--spec", spec)
    assert changed.returncode == 1
    assert f"{spec}: HEAD -> working tree" in changed.stdout
    assert lines_with(changed.stdout, "BREAKING  DELETE /things/{thing_id} (deleteThing)")


@pytest.mark.slow
def test_command_against_another_file_folds_unless_all(tmp_path: Path) -> None:
    write(tmp_path / "ours.json", base_spec())
    theirs = theirs_spec()
    theirs["paths"]["/things"]["get"]["responses"].pop("429")
    write(tmp_path / "theirs.json", theirs)
    args = ["--against", str(tmp_path / "theirs.json"), "--spec", str(tmp_path / "ours.json")]
    folded = run(*args)
    assert folded.returncode == 1, folded.stderr
    assert "(only the operations of" in folded.stdout
    assert lines_with(folded.stdout, "error responses only")
    assert lines_with(folded.stdout, "GET /things/{id}/tags (listThingTags): tag Things")
    every = run(*args, "--all")
    assert lines_with(every.stdout, "response 429: removed")
    assert not lines_with(every.stdout, "error responses only")


@pytest.mark.slow
@pytest.mark.parametrize(
    "args",
    [
        pytest.param(["--spec", "{repo}/openapi.yaml"], id="no-base"),
        pytest.param(["no-such-rev", "--spec", "{repo}/openapi.yaml"], id="unknown-rev"),
        pytest.param(["HEAD", "--spec", "{repo}/missing.yaml"], id="missing-spec"),
        pytest.param(["HEAD", "--against", "{repo}/openapi.yaml"], id="base-and-against"),
        pytest.param(["--against", "{repo}/nowhere.json"], id="missing-against"),
    ],
)
def test_usage_errors_exit_2(repo: Path, args: list[str]) -> None:
    result = run(*(a.format(repo=repo) for a in args))
    assert result.returncode == 2
    assert result.stderr.startswith("spec_diff: ")
