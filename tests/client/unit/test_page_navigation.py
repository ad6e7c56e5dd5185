"""Walking pages by hand (`next_page()`) keeps the promise of iterating them: a server that
ignores the offset, or whose pages overlap, is an APIResponseValidationError, not repeats."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from cloudglue_client import APIResponseValidationError
from tests.support.fakeapi import JOB_ID, FakeAPI

from .conftest import Flavor


def next_page(flavor: Flavor) -> Any:
    """The second page, reached with next_page() from the first."""
    if flavor.name == "sync":
        return flavor.call(lambda cg: cg.frames.iter_frames(JOB_ID, page_size=10).next_page())

    async def walk(cg: Any) -> Any:
        first = await cg.frames.iter_frames(JOB_ID, page_size=10)
        return await first.next_page()

    return flavor.call(walk)


def test_next_page_from_a_server_that_ignores_the_offset_is_a_validation_error(
    flavor: Flavor, api: FakeAPI
) -> None:
    api.total_frames = 50
    api.route = lambda request: httpx.Response(
        200, json=api.frames_page(httpx.Request("GET", request.url.copy_set_param("offset", 0)))
    )
    with pytest.raises(APIResponseValidationError, match="ignored the requested offset"):
        next_page(flavor)


def test_next_page_that_overlaps_the_one_before_is_a_validation_error(
    flavor: Flavor, api: FakeAPI
) -> None:
    api.total_frames = 50

    def off_by_one(request: httpx.Request) -> httpx.Response:
        offset = int(request.url.params.get("offset", 0))
        shifted = request.url.copy_set_param("offset", max(offset - 1, 0))
        return httpx.Response(200, json=api.frames_page(httpx.Request("GET", shifted)))

    api.route = off_by_one
    with pytest.raises(APIResponseValidationError, match="the server's pages overlap"):
        next_page(flavor)


def test_next_page_from_a_well_behaved_server_follows_on(flavor: Flavor, api: FakeAPI) -> None:
    api.total_frames = 50
    second = next_page(flavor)
    assert second.offset == 10 and len(second.items) == 10
