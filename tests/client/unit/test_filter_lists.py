"""A SearchFilter condition's list field (`valueTextArray`) given as something else: a str or a
mapping passed the check (the generated model iterates it: a str's characters, a mapping's
keys, each a str) and was then sent as it was, not as the list that was checked."""

from __future__ import annotations

from typing import Any

import pytest

from cloudglue_openapi.constraints import schema
from tests.support.fakeapi import FakeAPI

from .conftest import Flavor

OPERATOR = (schema("SearchFilterOperator").enum or ("",))[0]


@pytest.mark.parametrize("given", ["team-a", {"team-a": 1}])
def test_a_list_field_of_a_condition_that_is_not_a_list_is_refused(
    flavor: Flavor, api: FakeAPI, given: Any
) -> None:
    search = {"metadata": [{"path": "team", "operator": OPERATOR, "valueTextArray": given}]}
    with pytest.raises(TypeError, match=r"filter\.metadata\[0\]\.valueTextArray: expected a list"):
        flavor.call(lambda cg: cg.files.list(filter=search))
    assert api.requests == []
