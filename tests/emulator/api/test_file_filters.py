"""The `filter` of GET /files: its enums come from openapi.yaml, `created_at` compares ISO 8601
date-times, and a `scope` the emulator cannot honour is a 400 naming it."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from cloudglue_emulator.media import SampleTruth
from cloudglue_openapi.constraints import schema
from tests.support.contract_values import not_one_of, one_of

from .conftest import Emu


def iso(ms: float, offset_hours: int = 0) -> str:
    zone = dt.timezone(dt.timedelta(hours=offset_hours))
    return dt.datetime.fromtimestamp(ms / 1000, dt.UTC).astimezone(zone).isoformat()


async def listed(emu: Emu, flt: dict[str, Any]) -> list[str]:
    r = await emu.client.get("/files", params={"filter": json.dumps(flt), "sort": "asc"})
    assert r.status_code == 200, (flt, r.text)
    return [f["id"] for f in r.json()["data"]]


async def refused(emu: Emu, flt: dict[str, Any]) -> str:
    r = await emu.client.get("/files", params={"filter": json.dumps(flt)})
    assert r.status_code == 400, (flt, r.text)
    message: str = r.json()["error"]
    return message


def created(operator: str, value: str) -> dict[str, Any]:
    return {"file": [{"path": "created_at", "operator": operator, "valueText": value}]}


async def test_created_at_compares_iso_8601_date_times(emu: Emu, sample: SampleTruth) -> None:
    first = await emu.upload(sample.path, name="first.mp4")
    second = await emu.upload(sample.path, name="second.mp4")
    assert second["created_at"] > first["created_at"]
    between = (first["created_at"] + second["created_at"]) / 2
    for text in (iso(between), iso(between, offset_hours=2), iso(between).replace("+00:00", "Z")):
        assert await listed(emu, created("GreaterThan", text)) == [second["id"]], text
        assert await listed(emu, created("LessThan", text)) == [first["id"]], text
    both = [first["id"], second["id"]]
    assert await listed(emu, created("GreaterThan", "2024-01-01T00:00:00Z")) == both
    assert await listed(emu, created("LessThan", "2024-01-01")) == []  # a date is midnight UTC
    naive = iso(between).removesuffix("+00:00")  # without an offset: UTC
    assert await listed(emu, created("GreaterThan", naive)) == [second["id"]]
    for bad in ("yesterday", str(first["created_at"]), ""):
        message = await refused(emu, created("LessThan", bad))
        assert message.startswith("filter.file[0].valueText: must be an ISO 8601 date-time"), bad
        assert "2024-01-01T00:00:00Z" in message
    other_paths = {"file": [{"path": "bytes", "operator": "GreaterThan", "valueText": "soon"}]}
    assert (await refused(emu, other_paths)).startswith(
        "filter.file[0].valueText: must be a number for GreaterThan"
    )


async def test_operators_and_paths_are_the_specs_enums(emu: Emu) -> None:
    operators = schema("SearchFilterOperator")
    paths = {
        "video_info": schema("SearchFilterVideoInfoPath"),
        "file": schema("SearchFilterFilePath"),
    }
    message = await refused(
        emu, {"metadata": [{"path": "a", "operator": not_one_of(operators), "valueText": "x"}]}
    )
    assert message == f"filter.metadata[0].operator: must be one of: {one_of(operators)}"
    for section, enum in paths.items():
        flt = {section: [{"path": not_one_of(enum), "operator": "Equal", "valueText": "x"}]}
        assert (
            await refused(emu, flt) == f"filter.{section}[0].path: must be one of: {one_of(enum)}"
        )
    for operator in operators.enum or ():  # every operator of the spec is understood
        condition: dict[str, Any] = {"path": "a", "operator": operator}
        if operator in ("In", "ContainsAny", "ContainsAll"):
            condition["valueTextArray"] = ["1"]
        else:
            condition["valueText"] = "1"
        assert await listed(emu, {"metadata": [condition]}) == [], operator


async def test_file_scope_is_the_default_and_segment_scope_is_refused(
    emu: Emu, sample: SampleTruth
) -> None:
    f = await emu.upload(sample.path, metadata='{"team": "video"}')
    scopes = schema("SearchFilterScope")
    assert "file" in (scopes.enum or ()) and "segment" in (scopes.enum or ())
    duration = {"path": "duration_seconds", "operator": "GreaterThan", "valueText": "1"}
    team = {"path": "team", "operator": "Equal", "valueText": "video"}
    for section, condition in (("video_info", duration), ("metadata", team)):
        assert await listed(emu, {section: [condition]}) == [f["id"]]
        assert await listed(emu, {section: [{**condition, "scope": "file"}]}) == [f["id"]]
        message = await refused(emu, {section: [{**condition, "scope": "segment"}]})
        assert message.startswith(
            f"filter.{section}[0].scope: segment is not available in the local emulator"
        ), message
        message = await refused(emu, {section: [{**condition, "scope": not_one_of(scopes)}]})
        assert message.startswith(f"filter.{section}[0].scope: must be one of: {one_of(scopes)}")
