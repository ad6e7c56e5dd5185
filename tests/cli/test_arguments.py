"""Arguments the API cannot carry (NaN in JSON, unbounded counts) are usage errors naming
the option, before anything is sent."""

from __future__ import annotations

import sys

import pytest

from .conftest import Runner
from .fake import FILE_ID, JOB_ID, FakeAPI


def error_line(err: str) -> str:
    assert err.startswith("error: ") and err.count("\n") == 1, err
    return err[len("error: ") : -1]


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-Infinity", "1e999"])
@pytest.mark.parametrize(
    ("argv", "flag"),
    [
        (["files", "update", FILE_ID, "--metadata"], "--metadata"),
        (["files", "list", "--filter"], "--filter"),
        (["segments", "update", FILE_ID, JOB_ID, "--metadata"], "--metadata"),
    ],
)
def test_json_options_refuse_what_json_has_no_number_for(
    run: Runner, api: FakeAPI, argv: list[str], flag: str, value: str
) -> None:
    result = run(*argv, f'{{"a": {value}}}')
    assert result.code == 2
    assert error_line(result.err).startswith(f"argument {flag}: not valid JSON ({value} ")
    assert api.requests == []


def test_limit_has_a_ceiling_in_its_message(run: Runner, api: FakeAPI) -> None:
    result = run("frames", "list", FILE_ID, "--limit", "1" + "0" * 30)
    assert result.code == 2
    assert error_line(result.err).startswith(
        f"argument --limit: must be at least 1 and at most {sys.maxsize}, got 1{'0' * 30}"
    )
    assert api.requests == []
    largest = run("frames", "list", FILE_ID, "--limit", str(sys.maxsize))
    assert largest.code == 0, largest.err
