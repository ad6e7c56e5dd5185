"""Metadata keys that are not str are written by JSON as text (1 -> "1", True -> "true", None ->
"null"); two keys that become the same text would be sent as a JSON object with a duplicate key,
whose value the server picks (the first, the last, or a refusal). Such metadata is refused
before anything is sent, naming both keys."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.fakeapi import FILE_ID, FakeAPI

from .conftest import Flavor


@pytest.mark.parametrize(
    "metadata",
    [{1: "a", "1": "b"}, {True: "a", "true": "b"}, {None: "a", "null": "b"}, {2.5: 1, "2.5": 2}],
)
def test_keys_that_json_writes_alike_are_refused(
    flavor: Flavor, api: FakeAPI, metadata: dict[Any, Any]
) -> None:
    with pytest.raises(ValueError, match=r"^metadata: the keys .* are the same key in JSON"):
        flavor.call(lambda cg: cg.files.update(FILE_ID, metadata=metadata))
    with pytest.raises(ValueError, match=r"^metadata\['n'\]: the keys .* are the same key in JSON"):
        flavor.call(lambda cg: cg.files.update(FILE_ID, metadata={"n": metadata}))
    assert api.requests == []
