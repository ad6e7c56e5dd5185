"""A base URL that misses `/v1` (every call a 404) gets an error that says so."""

from __future__ import annotations

import httpx
import pytest

from cloudglue_client import NotFoundError
from tests.support.fakeapi import JOB_ID, FakeAPI

from .conftest import Flavor


def _not_found(flavor: Flavor, base_url: str, response: httpx.Response) -> str:
    flavor.api.route = lambda request: response
    with pytest.raises(NotFoundError) as caught:
        flavor.call(lambda cg: cg.frames.get(JOB_ID), base_url=base_url)
    return str(caught.value)


@pytest.mark.parametrize("slash", ["", "/"])
def test_a_root_without_v1_is_named(flavor: Flavor, api: FakeAPI, slash: str) -> None:
    base_url = api.url.removesuffix("/v1") + slash
    message = _not_found(flavor, base_url, httpx.Response(404, json={"error": "Not found: /x"}))
    assert f"base_url {base_url.rstrip('/')!r} does not end in a version segment" in message
    assert f"use {base_url.rstrip('/')}/v1;" in message
    assert api.requests[0].url.path == f"/frames/{JOB_ID}"


def test_a_404_that_is_not_the_apis_error_body_is_flagged(flavor: Flavor, api: FakeAPI) -> None:
    page = httpx.Response(404, text="<html>nginx</html>", headers={"content-type": "text/html"})
    behind_a_proxy = api.url.removesuffix("/v1") + "/cloudglue/v1"
    message = _not_found(flavor, behind_a_proxy, page)
    assert "this 404 is not a Cloudglue error response" in message
    assert f"{behind_a_proxy!r} is the API root" in message


def test_an_ordinary_missing_resource_has_no_hint(flavor: Flavor, api: FakeAPI) -> None:
    body = {"error": "Frame extraction not found"}
    message = _not_found(flavor, api.url, httpx.Response(404, json=body))
    assert "hint" not in message
    assert "Frame extraction not found" in message
