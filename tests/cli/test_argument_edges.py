"""Arguments that break the parsers underneath argparse: a usage error (exit 2) naming the
option, never a crash of another kind."""

from __future__ import annotations

import sys

import pytest

from tests.support.fakeapi import FILE_ID

from .conftest import Runner
from .fake import FakeAPI


@pytest.mark.parametrize("past", [10, -sys.getrecursionlimit() // 2 + 10])
def test_metadata_nested_past_the_json_parser_is_a_usage_error(
    run: Runner, api: FakeAPI, past: int
) -> None:
    """json.loads raises RecursionError (not ValueError) for nesting past the interpreter's
    recursion limit; that was reported as exit 1 with the decoder's own words. Python 3.13's
    decoder reads such nesting, and half the limit is refused too, whatever the Python."""
    depth = sys.getrecursionlimit() + past
    nested = '{"a": ' + "[" * depth + "]" * depth + "}"
    result = run("files", "update", FILE_ID, "--metadata", nested)
    assert result.code == 2
    assert result.err.startswith("error: argument --metadata: not valid JSON (nested too deeply")
    assert api.requests == []
