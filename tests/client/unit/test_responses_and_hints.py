"""Request ids, error responses, raw responses, and messages that say what to do."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

import httpx
import pytest

from cloudglue_client import (
    APIConnectionError,
    AuthenticationError,
    NotFoundError,
    RawResponse,
    uniform,
)
from cloudglue_client._hints import suggested_root
from tests.support.fakeapi import FILE_ID, JOB_ID, SEG_ID, FakeAPI, respond, segmentation
from tests.support.rawserver import RawServer
from tests.support.servers import free_port

from .conftest import API_KEY, Flavor


def test_an_error_carries_its_response_body_and_request_id(flavor: Flavor, api: FakeAPI) -> None:
    api.script = [respond(404, {"error": "no such job"}, headers={"X-Request-Id": "req_42"})]
    with pytest.raises(NotFoundError) as caught:
        flavor.call(lambda cg: cg.frames.get(JOB_ID))
    error = caught.value
    assert error.request_id == "req_42" and "(request id req_42)" in str(error)
    assert error.body == {"error": "no such job"}
    assert error.response is not None
    assert error.response.status_code == 404 and error.response.headers["x-request-id"] == "req_42"


def test_a_huge_request_id_is_kept_whole_but_cut_in_the_message(
    flavor: Flavor, api: FakeAPI
) -> None:
    huge = "r" * 20_000
    api.script = [respond(404, {"error": "no such job"}, headers={"X-Request-Id": huge})]
    with pytest.raises(NotFoundError) as caught:
        flavor.call(lambda cg: cg.frames.get(JOB_ID))
    assert caught.value.request_id == huge
    assert len(str(caught.value)) < 1_000


def test_a_key_echoed_by_the_server_is_redacted_in_the_kept_response(
    flavor: Flavor, api: FakeAPI
) -> None:
    api.script = [respond(401, {"error": f"bad key {API_KEY}"}, headers={"X-Echo": API_KEY})]
    with pytest.raises(AuthenticationError) as caught:
        flavor.call(lambda cg: cg.frames.get(JOB_ID))
    error = caught.value
    assert error.response is not None
    kept = [str(error), repr(vars(error)), str(error.body), error.response.content.decode()]
    kept.append(str(error.response.headers))
    assert all(API_KEY not in text for text in kept)


def test_a_401_says_where_the_key_comes_from(flavor: Flavor, api: FakeAPI) -> None:
    api.script = [respond(401, {"error": "Invalid or missing API key"})]
    with pytest.raises(AuthenticationError, match=r"CLOUDGLUE_API_KEY.*--api-key"):
        flavor.call(lambda cg: cg.frames.get(JOB_ID))


@pytest.mark.parametrize(
    ("path", "root"),
    [
        ("", "/v1"),
        ("/", "/v1"),
        ("/v1x", "/v1"),
        ("/V1", "/v1"),
        ("/v1.0", "/v1"),
        ("/api", "/api/v1"),
        ("/api/version1", "/api/v1"),
        ("/v1", None),
        ("/v1/", None),
        ("/api/v2", None),
    ],
)
def test_the_base_url_hint_suggests_the_right_root(path: str, root: str | None) -> None:
    expected = None if root is None else f"http://host:8765{root}"
    assert suggested_root(f"http://host:8765{path}") == expected


def test_a_404_under_a_mistyped_version_names_the_root_to_use(flavor: Flavor, api: FakeAPI) -> None:
    api.route = lambda request: httpx.Response(404, json={"error": "Not found"})
    wrong = api.url + "x"  # .../v1x
    with pytest.raises(NotFoundError, match=f"use {api.url};"):
        flavor.call(lambda cg: cg.frames.get(JOB_ID), base_url=wrong)


def test_connection_refused_names_the_url_and_the_emulator(flavor: Flavor) -> None:
    url = f"http://127.0.0.1:{free_port()}/v1"
    with pytest.raises(APIConnectionError) as caught:
        flavor.call(lambda cg: cg.frames.get(JOB_ID), base_url=url, max_retries=0)
    message = str(caught.value)
    assert f"nothing answers at {url}" in message
    assert "CLOUDGLUE_BASE_URL" in message and "cloudglue-emulator serve" in message


def test_a_proxy_that_refuses_is_named_not_the_base_url(
    flavor: Flavor, api: FakeAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Through a proxy from the environment, a refused connection is the proxy's: the hint
    names it (without its credentials), not the base URL, which may well answer."""
    for name in ("NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy", "http_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTP_PROXY", f"http://user:secret-pw@127.0.0.1:{free_port()}")
    with pytest.raises(APIConnectionError) as caught:
        flavor.call(lambda cg: cg.frames.get(JOB_ID), max_retries=0)
    message = str(caught.value)
    assert "nothing answers at" not in message and "secret-pw" not in message
    assert "through the proxy http://127.0.0.1:" in message and "HTTP_PROXY" in message


def test_an_unknown_host_is_named(flavor: Flavor, monkeypatch: pytest.MonkeyPatch) -> None:
    def unknown(host: Any, *args: Any, **kwargs: Any) -> Any:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", unknown)
    url = "http://api.cloudglue.invalid/v1"
    with pytest.raises(APIConnectionError) as caught:
        flavor.call(lambda cg: cg.frames.get(JOB_ID), base_url=url, max_retries=0)
    message = str(caught.value)
    assert "the host 'api.cloudglue.invalid'" in message and "CLOUDGLUE_BASE_URL" in message
    assert "cloudglue-emulator" not in message  # not a loopback URL


def _raw(flavor: Flavor, fn: Any) -> Any:
    return flavor.call(lambda cg: fn(cg.with_raw_response))


def test_raw_responses_of_every_kind_of_method(
    flavor: Flavor, api: FakeAPI, tmp_path: Path
) -> None:
    api.route = lambda request: None  # the fake's defaults
    got = _raw(flavor, lambda raw: raw.frames.get(JOB_ID))
    assert isinstance(got, RawResponse) and got.status_code == 200
    assert str(got.parse().frame_extraction_id) == JOB_ID
    assert got.headers["content-type"] == "application/json"
    pages = _raw(flavor, lambda raw: raw.frames.iter_frames(JOB_ID, page_size=50))
    assert pages.url.endswith("limit=50&offset=0") and len(pages.parse().items) == 50
    api.script = [respond(200, segmentation("processing")), respond(200, segmentation())]
    waited = _raw(flavor, lambda raw: raw.segmentations.wait(SEG_ID, timeout=30))
    assert waited.parse().status == "completed" and waited.json()["status"] == "completed"
    api.script = [respond(200, segmentation("pending"), headers={"X-Request-Id": "req_c"})]
    created = _raw(flavor, lambda raw: raw.segmentations.create(FILE_ID, uniform(5)))
    assert created.request_id == "req_c" and created.parse().status == "pending"


def test_with_raw_response_has_every_method_of_each_resource(api: FakeAPI) -> None:
    for name in ("sync", "async"):
        cg = Flavor(name, api).client()
        for resource in ("files", "frames", "segmentations", "segments"):
            public = {m for m in dir(getattr(cg, resource)) if not m.startswith("_")}
            wrapped = set(vars(getattr(cg.with_raw_response, resource)))
            assert public == wrapped, (name, resource, public ^ wrapped)


def test_a_request_id_is_read_from_either_header(api: FakeAPI) -> None:
    with (
        RawServer(
            lambda r: httpx.Response(404, json={"error": "x"}, headers={"Request-Id": "r9"})
        ) as s,
        pytest.raises(NotFoundError) as caught,
    ):
        Flavor("sync", api).client(base_url=s.url).files.get("f-1")
    assert caught.value.request_id == "r9"
