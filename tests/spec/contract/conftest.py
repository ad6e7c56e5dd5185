"""Prism mock servers built from openapi.yaml, one static and one dynamic, per session."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.servers import prism


@pytest.fixture(scope="session")
def prism_url() -> Iterator[str]:
    with prism() as url:
        yield url


@pytest.fixture(scope="session")
def prism_dynamic_url() -> Iterator[str]:
    with prism(["--dynamic", "--seed", "20261122"]) as url:
        yield url
