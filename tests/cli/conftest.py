"""Fixtures: the fake API, fake time at the client's clock seam, and `run` to call main()."""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from cloudglue_client.cli import main
from tests.support.clock import FakeClock, install_fake_clock

from .fake import FakeAPI

API_KEY = "cg-canary-cli-7d41e0c2-never-print-me"
BASE_URL = "https://api.test/v1"


@pytest.fixture(autouse=True)
def clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    return install_fake_clock(monkeypatch)


@pytest.fixture(autouse=True)
def environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLOUDGLUE_API_KEY", API_KEY)
    monkeypatch.setenv("CLOUDGLUE_BASE_URL", BASE_URL)
    monkeypatch.delenv("CLOUDGLUE_LOG", raising=False)
    monkeypatch.delenv("COLUMNS", raising=False)  # tables are 80 columns unless a test widens


@pytest.fixture
def api() -> FakeAPI:
    return FakeAPI()


class Stream(io.StringIO):
    """A captured stream that can claim to be a terminal."""

    def __init__(self, tty: bool = False) -> None:
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


@dataclass
class Result:
    code: int
    out: str
    err: str


class Runner:
    """Calls main() in-process with captured stdout/stderr against the fake API."""

    def __init__(self, api: FakeAPI) -> None:
        self.api = api

    def __call__(self, *argv: str, tty: bool = False) -> Result:
        out, err = Stream(), Stream(tty)
        saved = sys.stdout, sys.stderr
        sys.stdout, sys.stderr = out, err
        try:
            with self.api.client() as http:
                code = main(list(argv), http_client=http)
        finally:
            sys.stdout, sys.stderr = saved
        result = Result(code, out.getvalue(), err.getvalue())
        assert API_KEY not in result.out + result.err  # in every test, whatever happens
        return result


@pytest.fixture
def run(api: FakeAPI) -> Iterator[Runner]:
    yield Runner(api)
