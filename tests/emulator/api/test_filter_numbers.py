"""`LessThan` and `GreaterThan` in the `filter` of GET /files compare a number: a `valueText`
that is not a decimal number (`nan`, `inf`, `1_000`, digits of other scripts) is a 400 naming
it, as a number query parameter is, never a 200 that selects nothing (or everything)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from cloudglue_emulator.media import SampleTruth

from .conftest import Emu


def condition(operator: str, text: str) -> dict[str, Any]:
    return {"metadata": [{"path": "n", "operator": operator, "valueText": text}]}


async def status_of(emu: Emu, flt: dict[str, Any]) -> tuple[int, str]:
    r = await emu.client.get("/files", params={"filter": json.dumps(flt)})
    body = r.json()
    return r.status_code, str(body.get("error", body))


@pytest.mark.parametrize("text", ["nan", "NaN", "inf", "-Infinity", "1_000", "\u0661", " 5", "5 "])
@pytest.mark.parametrize("operator", ["LessThan", "GreaterThan"])
async def test_a_bound_that_is_not_a_decimal_number_is_a_400(
    emu: Emu, operator: str, text: str
) -> None:
    status, message = await status_of(emu, condition(operator, text))
    assert status == 400, (text, message)
    assert message.startswith(f"filter.metadata[0].valueText: must be a number for {operator}")


async def test_decimal_bounds_still_compare(emu: Emu, sample: SampleTruth) -> None:
    f = await emu.upload(sample.path, metadata=json.dumps({"n": 10}))
    for operator, text in [("LessThan", "1e2"), ("GreaterThan", "-.5"), ("GreaterThan", "9.99")]:
        r = await emu.client.get("/files", params={"filter": json.dumps(condition(operator, text))})
        assert r.status_code == 200, r.text
        assert [x["id"] for x in r.json()["data"]] == [f["id"]], (operator, text)


@pytest.mark.parametrize("text", ["1_0", "10 ", "\u0661\u0660", "+10"])
async def test_equal_on_a_number_matches_only_its_decimal_spellings(
    emu: Emu, sample: SampleTruth, text: str
) -> None:
    await emu.upload(sample.path, metadata=json.dumps({"n": 10}))
    for operator, wanted in [("Equal", 0), ("NotEqual", 1)]:
        r = await emu.client.get("/files", params={"filter": json.dumps(condition(operator, text))})
        assert r.status_code == 200, r.text
        assert r.json()["total"] == wanted, (operator, text)


async def test_equal_on_a_number_compares_numbers(emu: Emu, sample: SampleTruth) -> None:
    await emu.upload(sample.path, metadata=json.dumps({"n": 10}))
    for text in ("10", "10.0", "1e1", "10.000"):
        r = await emu.client.get("/files", params={"filter": json.dumps(condition("Equal", text))})
        assert r.json()["total"] == 1, text
