"""Metadata may hold integers past a double's range (JSON numbers have no size limit, and the
upload accepted `10**400`): every `filter` operator on such a value answers 200 and compares
exactly, never a 500 from converting the integer to a float."""

from __future__ import annotations

import json
from typing import Any

import pytest

from cloudglue_emulator.media import SampleTruth

from .conftest import Emu

HUGE = 10**400


def condition(operator: str, text: str) -> dict[str, Any]:
    item: dict[str, Any] = {"path": "n", "operator": operator}
    if operator in ("In", "ContainsAny", "ContainsAll"):
        item["valueTextArray"] = [text]
    else:
        item["valueText"] = text
    return {"metadata": [item]}


@pytest.mark.parametrize(
    ("operator", "text", "matches"),
    [
        ("Equal", "1", False),
        ("Equal", str(HUGE), True),
        ("NotEqual", "1", True),
        ("In", "1", False),
        ("ContainsAny", str(HUGE), True),
        ("ContainsAll", "1e300", False),
        ("GreaterThan", "1e300", True),
        ("LessThan", "1", False),
    ],
)
async def test_every_operator_on_a_huge_integer_answers(
    emu: Emu, sample: SampleTruth, operator: str, text: str, matches: bool
) -> None:
    uploaded = await emu.upload(sample.path, metadata=json.dumps({"n": HUGE}))
    assert uploaded["metadata"] == {"n": HUGE}
    r = await emu.client.get("/files", params={"filter": json.dumps(condition(operator, text))})
    assert r.status_code == 200, r.text
    assert r.json()["total"] == int(matches), (operator, text)
