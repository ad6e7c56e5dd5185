"""tools/spec_diff.py against small specs committed in throwaway git repositories."""

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

TOOL = Path(__file__).resolve().parents[2] / "tools" / "spec_diff.py"
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
                    "parameters": [
                        {
                            "name": "limit",
                            "in": "query",
                            "schema": {"type": "integer", "minimum": 1, "maximum": 100},
                        }
                    ],
                    "responses": {"200": ok({"$ref": "#/components/schemas/ThingList"})},
                },
                "post": {
                    "operationId": "createThing",
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
                    "responses": {"200": ok({"$ref": "#/components/schemas/Thing"})},
                },
                "delete": {
                    "operationId": "deleteThing",
                    "responses": {"200": ok({"type": "object"})},
                },
            },
        },
        "components": {
            "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                "Status": {"type": "string", "enum": ["pending", "completed", "failed"]},
                "Thing": {
                    "type": "object",
                    "required": ["id", "status"],
                    "properties": {
                        "id": {"type": "string"},
                        "status": {"$ref": "#/components/schemas/Status"},
                        "note": {"type": ["string", "null"]},
                    },
                },
                "ThingList": {
                    "type": "object",
                    "required": ["data"],
                    "properties": {
                        "data": {"type": "array", "items": {"$ref": "#/components/schemas/Thing"}}
                    },
                },
                "NewThing": {
                    "type": "object",
                    "required": ["name"],
                    "properties": {
                        "name": {"type": "string", "maxLength": 200},
                        "size": {"type": "number", "minimum": 0, "maximum": 10},
                        "kind": {"type": "string", "enum": ["a", "b"]},
                    },
                },
            },
        },
    }


def ok(schema: Spec) -> Spec:
    return {"description": "ok", "content": {"application/json": {"schema": schema}}}


def git(repo: Path, *args: str) -> None:
    subprocess.run([*GIT, *args], cwd=repo, env=CLEAN_ENV, check=True, capture_output=True)


def write(repo: Path, spec: Spec) -> None:
    # JSON is valid YAML, so the tool's YAML loader reads it as is.
    (repo / "openapi.yaml").write_text(json.dumps(spec, indent=2) + "\n", encoding="utf-8")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repo whose HEAD holds base_spec() as openapi.yaml."""
    git(tmp_path, "init", "-q")
    write(tmp_path, base_spec())
    git(tmp_path, "add", "openapi.yaml")
    git(tmp_path, "commit", "-q", "-m", "base")
    return tmp_path


def run(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(TOOL), *args],
        cwd=repo,
        env=CLEAN_ENV,
        capture_output=True,
        text=True,
        check=False,
    )


def diff_after(repo: Path, edit: Callable[[Spec], None]) -> subprocess.CompletedProcess[str]:
    spec = copy.deepcopy(base_spec())
    edit(spec)
    write(repo, spec)
    return run(repo, "HEAD", "--spec", "openapi.yaml")


def lines_with(output: str, needle: str) -> list[str]:
    return [line for line in output.splitlines() if needle in line]


# --------------------------------------------------------------------------- the brief's cases


def test_no_change_exits_0_and_says_no_changes(repo: Path) -> None:
    result = run(repo, "HEAD", "--spec", "openapi.yaml")
    assert result.returncode == 0, result.stderr
    assert "no changes" in result.stdout.lower()
    assert "BREAKING" not in result.stdout


def test_added_optional_response_field_is_not_breaking(repo: Path) -> None:
    def edit(spec: Spec) -> None:
        spec["components"]["schemas"]["Thing"]["properties"]["color"] = {"type": "string"}

    result = diff_after(repo, edit)
    assert result.returncode == 0, result.stdout
    assert "BREAKING" not in result.stdout
    # Reported for every operation that returns a Thing, with the schema it lives in.
    hits = lines_with(result.stdout, ".color (in Thing): field added (optional)")
    assert len(hits) == 3
    assert "GET /things/{thing_id} (getThing)" in result.stdout


def test_removed_operation_is_breaking(repo: Path) -> None:
    result = diff_after(repo, lambda spec: spec["paths"]["/things/{thing_id}"].pop("delete"))
    assert result.returncode == 1
    assert lines_with(result.stdout, "BREAKING  DELETE /things/{thing_id} (deleteThing)")
    assert "Operations removed" in result.stdout


def test_narrowed_parameter_range_is_breaking(repo: Path) -> None:
    def edit(spec: Spec) -> None:
        spec["paths"]["/things"]["get"]["parameters"][0]["schema"]["maximum"] = 50

    result = diff_after(repo, edit)
    assert result.returncode == 1
    assert lines_with(result.stdout, "BREAKING  query parameter 'limit': maximum narrowed")


def test_narrowed_request_body_range_is_breaking(repo: Path) -> None:
    def edit(spec: Spec) -> None:
        spec["components"]["schemas"]["NewThing"]["properties"]["size"]["minimum"] = 1

    result = diff_after(repo, edit)
    assert result.returncode == 1
    [line] = lines_with(result.stdout, ".size (in NewThing): minimum narrowed: >= 0 -> >= 1")
    assert "BREAKING" in line and "request body application/json" in line


def test_new_required_request_field_is_breaking(repo: Path) -> None:
    def edit(spec: Spec) -> None:
        new_thing = spec["components"]["schemas"]["NewThing"]
        new_thing["properties"]["owner"] = {"type": "string"}
        new_thing["required"].append("owner")

    result = diff_after(repo, edit)
    assert result.returncode == 1
    [line] = lines_with(result.stdout, ".owner (in NewThing): field added (required)")
    assert line.split()[0] == "BREAKING"


def test_added_response_enum_value_is_a_note_not_breaking(repo: Path) -> None:
    def edit(spec: Spec) -> None:
        spec["components"]["schemas"]["Status"]["enum"].append("archived")

    result = diff_after(repo, edit)
    assert result.returncode == 0, result.stdout
    assert "BREAKING" not in result.stdout
    hits = lines_with(result.stdout, "(Status): enum value added: 'archived'")
    assert hits and all(line.split()[0] == "note" for line in hits)


# --------------------------------------------------------------------------- more client-side rules


def test_removed_response_field_in_component_is_breaking_for_each_user(repo: Path) -> None:
    result = diff_after(
        repo, lambda spec: spec["components"]["schemas"]["Thing"]["properties"].pop("note")
    )
    assert result.returncode == 1
    hits = lines_with(result.stdout, ".note (in Thing): field removed")
    assert len(hits) == 3 and all(line.split()[0] == "BREAKING" for line in hits)
    assert lines_with(result.stdout, "response 200 application/json .data[].note (in Thing)")


def test_response_field_made_optional_or_nullable_is_breaking(repo: Path) -> None:
    def edit(spec: Spec) -> None:
        thing = spec["components"]["schemas"]["Thing"]
        thing["required"].remove("status")
        thing["properties"]["id"] = {"type": ["string", "null"]}

    result = diff_after(repo, edit)
    assert result.returncode == 1
    assert lines_with(result.stdout, "BREAKING  response 200 application/json .status")
    assert lines_with(result.stdout, ".id (in Thing): became nullable")


def test_request_enum_value_removed_is_breaking_and_added_is_not(repo: Path) -> None:
    def remove(spec: Spec) -> None:
        spec["components"]["schemas"]["NewThing"]["properties"]["kind"]["enum"] = ["a"]

    result = diff_after(repo, remove)
    assert result.returncode == 1
    assert lines_with(result.stdout, "BREAKING  request body application/json .kind")

    def add(spec: Spec) -> None:
        spec["components"]["schemas"]["NewThing"]["properties"]["kind"]["enum"] = ["a", "b", "c"]

    result = diff_after(repo, add)
    assert result.returncode == 0, result.stdout


def test_widened_request_range_and_new_optional_parameter_are_compatible(repo: Path) -> None:
    def edit(spec: Spec) -> None:
        params = spec["paths"]["/things"]["get"]["parameters"]
        params[0]["schema"]["maximum"] = 500
        params.append({"name": "q", "in": "query", "schema": {"type": "string"}})

    result = diff_after(repo, edit)
    assert result.returncode == 0, result.stdout
    assert lines_with(result.stdout, "maximum widened: <= 100 -> <= 500")
    assert lines_with(result.stdout, "query parameter 'q': added (optional)")


def test_request_type_change_is_breaking(repo: Path) -> None:
    def edit(spec: Spec) -> None:
        spec["components"]["schemas"]["NewThing"]["properties"]["size"]["type"] = "integer"

    result = diff_after(repo, edit)
    assert result.returncode == 1
    assert lines_with(result.stdout, "type changed number -> integer")


def test_equivalent_nullable_spellings_and_doc_edits_are_no_contract_change(repo: Path) -> None:
    def edit(spec: Spec) -> None:
        props = spec["components"]["schemas"]["Thing"]["properties"]
        props["note"] = {"anyOf": [{"type": "string"}, {"type": "null"}]}
        spec["paths"]["/things"]["get"]["description"] = "Lists things."

    result = diff_after(repo, edit)
    assert result.returncode == 0, result.stdout
    assert "no changes to the api contract" in result.stdout.lower()


def test_recursive_schema_terminates(repo: Path) -> None:
    def edit(spec: Spec) -> None:
        thing = spec["components"]["schemas"]["Thing"]
        thing["properties"]["children"] = {
            "type": "array",
            "items": {"$ref": "#/components/schemas/Thing"},
        }
        thing["properties"]["parent"] = {
            "allOf": [{"$ref": "#/components/schemas/Thing"}, {"description": "Up."}]
        }

    result = diff_after(repo, edit)
    assert result.returncode == 0, result.stdout
    assert len(lines_with(result.stdout, ".children (in Thing): field added (optional)")) == 3
    git(repo, "commit", "-q", "-am", "recursive")

    def deeper(spec: Spec) -> None:
        edit(spec)
        spec["components"]["schemas"]["Thing"]["properties"]["id"]["maxLength"] = 64

    result = diff_after(repo, deeper)
    assert result.returncode == 0, result.stdout
    # One line per operation returning a Thing: recursion is cut where Thing repeats.
    assert len(lines_with(result.stdout, "maxLength narrowed: none -> 64")) == 3


# ------------------------------------------------------------------ behaviour and validation


def test_request_default_added_or_changed_is_a_behaviour_change(repo: Path) -> None:
    def add(spec: Spec) -> None:
        spec["components"]["schemas"]["NewThing"]["properties"]["size"]["default"] = 5

    result = diff_after(repo, add)
    assert result.returncode == 1, result.stdout
    [line] = lines_with(result.stdout, ".size (in NewThing): default changed none -> 5")
    assert line.split()[0] == "BEHAVIOR"
    assert "regenerated models send 5 when the caller leaves it out" in line
    assert "1 behaviour change(s)" in result.stdout
    git(repo, "commit", "-q", "-am", "default 5")

    def change(spec: Spec) -> None:
        add(spec)
        spec["components"]["schemas"]["NewThing"]["properties"]["size"]["default"] = 7
        spec["paths"]["/things"]["get"]["parameters"][0]["schema"]["default"] = 20

    result = diff_after(repo, change)
    assert result.returncode == 1
    assert lines_with(result.stdout, "BEHAVIOR  request body application/json .size")
    assert lines_with(
        result.stdout, "BEHAVIOR  query parameter 'limit': default changed none -> 20"
    )


def test_response_default_change_is_only_a_note(repo: Path) -> None:
    def edit(spec: Spec) -> None:
        spec["components"]["schemas"]["Thing"]["properties"]["note"]["default"] = "x"

    result = diff_after(repo, edit)
    assert result.returncode == 0, result.stdout
    hits = lines_with(result.stdout, ".note (in Thing): default changed none -> 'x'")
    assert hits and all(line.split()[0] == "note" for line in hits)


def test_changed_bounds_enums_and_required_name_the_validation_they_move(repo: Path) -> None:
    def edit(spec: Spec) -> None:
        new_thing = spec["components"]["schemas"]["NewThing"]
        new_thing["properties"]["size"]["maximum"] = 20
        new_thing["properties"]["kind"]["enum"] = ["a", "c"]
        new_thing["required"].append("size")
        spec["paths"]["/things"]["get"]["parameters"][0]["schema"]["maximum"] = 50

    out = diff_after(repo, edit).stdout
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


# --------------------------------------------------------------------------- --against


def test_against_another_spec_covers_only_our_operations(repo: Path) -> None:
    theirs = copy.deepcopy(base_spec())
    theirs["paths"]["/widgets"] = {
        "get": {"operationId": "listWidgets", "responses": {"200": ok({"type": "object"})}}
    }
    theirs["components"]["schemas"]["Widget"] = {"type": "object"}
    theirs["components"]["schemas"]["NewThing"]["properties"]["size"]["maximum"] = 5
    theirs["components"]["schemas"]["NewThing"]["properties"]["kind"]["default"] = "a"
    (repo / "theirs.json").write_text(json.dumps(theirs), encoding="utf-8")

    result = run(repo, "--against", "theirs.json", "--spec", "openapi.yaml")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "openapi.yaml -> theirs.json (only the operations of openapi.yaml)" in result.stdout
    assert "widgets" not in result.stdout.lower()
    assert lines_with(result.stdout, "BREAKING  request body application/json .size")
    assert lines_with(result.stdout, "BEHAVIOR  request body application/json .kind")

    (repo / "same.json").write_text(json.dumps(base_spec()), encoding="utf-8")
    result = run(repo, "--against", "same.json")
    assert result.returncode == 0
    assert "no changes" in result.stdout.lower()


def test_against_and_base_together_or_a_missing_file_exit_2(repo: Path) -> None:
    assert run(repo, "HEAD", "--against", "openapi.yaml").returncode == 2
    missing = run(repo, "--against", "nowhere.json")
    assert missing.returncode == 2
    assert "nowhere.json" in missing.stderr


# --------------------------------------------------------------------------- base and usage


def test_spec_missing_at_base_means_everything_added(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q")
    git(tmp_path, "commit", "-q", "--allow-empty", "-m", "empty")
    write(tmp_path, base_spec())
    result = run(tmp_path, "HEAD")
    assert result.returncode == 0, result.stdout
    assert "does not exist at HEAD" in result.stdout
    assert len(lines_with(result.stdout, "info      ")) == 4
    assert "BREAKING" not in result.stdout


@pytest.mark.parametrize(
    "args",
    [
        pytest.param([], id="no-base"),
        pytest.param(["no-such-rev"], id="unknown-rev"),
        pytest.param(["HEAD", "--spec", "missing.yaml"], id="missing-spec"),
    ],
)
def test_usage_errors_exit_2(repo: Path, args: list[str]) -> None:
    result = run(repo, *args)
    assert result.returncode == 2
    assert result.stderr


def test_invalid_yaml_exits_2(repo: Path) -> None:
    (repo / "openapi.yaml").write_text("paths: [unclosed\n", encoding="utf-8")
    result = run(repo, "HEAD")
    assert result.returncode == 2
    assert "not valid YAML" in result.stderr
