"""A base URL that misses `/v1` (every call a 404) gets an error that says so; one that cannot
be an API root at all (a query, credentials, no host...) is refused by the constructor."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from cloudglue_client import AsyncCloudglue, Cloudglue, NotFoundError
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


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("http://127.0.0.1:9/v1?x=1", "has a query"),
        ("http://127.0.0.1:9/v1?", "has a query"),
        ("http://127.0.0.1:9/v1#top", "has a fragment"),
        ("http://user:secretpw@127.0.0.1:9/v1", "has credentials"),
        ("http://secretpw@127.0.0.1:9/v1", "has credentials"),
        ("http://", "has no host"),
        ("http:/127.0.0.1/v1", "has no host"),
        ("ftp://127.0.0.1/v1", "has the scheme 'ftp'"),
        ("localhost/v1", "has no scheme"),
        ("http://127.0.0.1:9/v 1", "has whitespace or a control character inside"),
        ("http://127.0.0.1:9/v1\n/x", "has whitespace or a control character inside"),
        ("http://127.0.0.1:9/v1\x00", "has whitespace or a control character inside"),
        ("http://[::1/v1", "is not a valid URL"),
        ("http://127.0.0.1:99999/v1", "has the port 99999 (allowed 1..65535)"),
        ("http://127.0.0.1:0/v1", "has the port 0 (allowed 1..65535)"),
    ],
)
def test_a_base_url_that_cannot_be_an_api_root_is_refused(
    monkeypatch: pytest.MonkeyPatch, url: str, why: str
) -> None:
    sync, asynchronous = Cloudglue(api_key="k"), AsyncCloudglue(api_key="k")
    attempts: list[tuple[Any, str]] = [
        (lambda: Cloudglue(api_key="k", base_url=url), "base_url"),
        (lambda: AsyncCloudglue(api_key="k", base_url=url), "base_url"),
        (lambda: sync.with_options(base_url=url), "base_url"),
        (lambda: asynchronous.with_options(base_url=url), "base_url"),
    ]
    if "\x00" not in url:  # the environment cannot hold a NUL
        monkeypatch.setenv("CLOUDGLUE_BASE_URL", url)
        attempts += [
            (lambda: Cloudglue(api_key="k"), "CLOUDGLUE_BASE_URL"),
            (lambda: AsyncCloudglue(api_key="k"), "CLOUDGLUE_BASE_URL"),
        ]
    for attempt, source in attempts:
        with pytest.raises(ValueError) as info:
            attempt()
        message = str(info.value)
        assert message.startswith(f"{source}: expected an http(s) URL with a host, and no query")
        assert why in message
        assert "secretpw" not in message and "secretpw" not in repr(info.value)


def test_a_base_url_that_is_not_a_str_is_named() -> None:
    with pytest.raises(TypeError, match=r"^base_url: expected an http\(s\) URL.*, got bytes$"):
        Cloudglue(api_key="k", base_url=b"http://127.0.0.1:9/v1")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("url", "root"),
    [
        ("HTTP://127.0.0.1:9/v1", "http://127.0.0.1:9/v1"),
        ("HtTpS://API.Example.com/v1/", "https://api.example.com/v1"),
        ("  http://127.0.0.1:9/v1/\n", "http://127.0.0.1:9/v1"),
        ("http://[::1]:9/v1", "http://[::1]:9/v1"),
    ],
)
def test_a_base_url_is_normalised(url: str, root: str) -> None:
    assert Cloudglue(api_key="k", base_url=url).base_url == root
    assert Cloudglue(api_key="k").with_options(base_url=url).base_url == root


def test_a_scheme_in_capitals_reaches_the_api(flavor: Flavor, api: FakeAPI) -> None:
    shouted = api.url.replace("http://", "HTTP://")
    assert flavor.call(lambda cg: cg.frames.get(JOB_ID), base_url=shouted).status == "completed"
    assert api.requests[0].url.path == f"/v1/frames/{JOB_ID}"
