"""The direct route (`_direct`): on the wire and in what comes back, the same as httpx.

Clients we create send body-less calls straight to httpx's pool; a user-supplied httpx client
goes through httpx. Each test makes the same call both ways against the same scripted server
and compares: the request bytes a server sees, and the result or the typed error a caller sees.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from cloudglue_client import CloudglueError, _direct

from ..unit.fakeapi import JOB_ID, frame_job
from .conftest import Flavor, Outcome
from .rawserver import RawServer, Writer, streamed

Answer = Callable[[httpx.Request], "httpx.Response | Writer"]


@pytest.fixture
def direct_calls(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """URLs sent through the direct route during the test."""
    seen: list[str] = []
    original = _direct.Route.request

    def spy(self: _direct.Route, url: str, timeout: httpx.Timeout) -> Any:
        seen.append(url)
        return original(self, url, timeout)

    monkeypatch.setattr(_direct.Route, "request", spy)
    yield seen


def both_ways(
    flavor: Flavor, answer: Answer, call: Callable[[Any], Any], **client_kw: Any
) -> tuple[tuple[Outcome, list[httpx.Request]], tuple[Outcome, list[httpx.Request]]]:
    """(outcome, requests seen) for a client of ours, then for one on a user's httpx client."""
    results = []
    with RawServer(answer) as server:  # one server: the same port in URLs and Host headers
        for user in (False, True):
            kw = dict(client_kw, http_client=flavor.http()) if user else client_kw
            before = len(server.requests)
            outcome = flavor.call(server.url, call, **kw)
            results.append((outcome, server.requests[before:]))
    return results[0], results[1]


def test_our_clients_take_the_route_and_send_what_httpx_sends(
    flavor: Flavor, direct_calls: list[str]
) -> None:
    (ours, ours_seen), (theirs, theirs_seen) = both_ways(
        flavor,
        lambda request: httpx.Response(200, json=frame_job()),
        lambda cg: cg.frames.get(JOB_ID, limit=5, offset=10),
    )
    assert ours.error is None and theirs.error is None
    assert ours.value.to_dict() == theirs.value.to_dict()
    assert len(direct_calls) == 1  # ours went direct; the user's client went through httpx
    assert direct_calls[0].endswith(f"/frames/{JOB_ID}?limit=5&offset=10")
    (sent,), (expected,) = ours_seen, theirs_seen
    assert (sent.method, str(sent.url)) == (expected.method, str(expected.url))
    assert sent.headers.raw == expected.headers.raw  # same headers, same order, same bytes


def _gzip_json(request: httpx.Request) -> httpx.Response:
    body = gzip.compress(json.dumps(frame_job(pad="z" * 5000)).encode())
    return httpx.Response(200, content=body, headers={"content-encoding": "gzip"})


def _cut_body(request: httpx.Request) -> Writer:
    return streamed(b"HTTP/1.1 200 OK\r\ncontent-length: 5000\r\n\r\n", iter([b'{"id": "x"']))


def _silent_close(request: httpx.Request) -> Writer:
    return streamed(b"", iter([]))


ANSWERS: dict[str, Answer] = {
    "gzip body": _gzip_json,
    "503 with Retry-After": lambda r: httpx.Response(
        503, json={"error": "busy"}, headers={"retry-after": "7"}
    ),
    "404 error body": lambda r: httpx.Response(404, json={"error": "no such job"}),
    "404 foreign body": lambda r: httpx.Response(404, text="<html>nope</html>"),
    "redirect": lambda r: httpx.Response(302, headers={"location": "http://elsewhere/v1/x"}),
    "not JSON": lambda r: httpx.Response(200, text="{not json"),
    "wrong shape": lambda r: httpx.Response(200, json={"id": 5}),
    "body cut short": _cut_body,
    "closed without answer": _silent_close,
    "unsupported encoding": lambda r: httpx.Response(
        200, content=b"xx", headers={"content-encoding": "br"}
    ),
}


def _error_view(outcome: Outcome) -> tuple[Any, ...]:
    error = outcome.error
    if error is None:
        return ("ok", outcome.value.to_dict())
    assert isinstance(error, CloudglueError), repr(error)
    url = getattr(error, "url", None)
    return (
        type(error),
        str(error).replace(str(url), "<url>") if url else str(error),
        getattr(error, "status_code", None),
        getattr(error, "retry_after", None),
        getattr(error, "method", None),
        {k: v for k, v in getattr(error, "headers", {}).items() if k != "date"},
    )


@pytest.mark.parametrize("name", list(ANSWERS))
def test_every_outcome_is_the_same_as_through_httpx(flavor: Flavor, name: str) -> None:
    (ours, ours_seen), (theirs, theirs_seen) = both_ways(
        flavor, ANSWERS[name], lambda cg: cg.frames.get(JOB_ID), max_retries=0
    )
    assert _error_view(ours) == _error_view(theirs)
    assert len(ours_seen) == len(theirs_seen) == 1
    urls = {getattr(o.error, "url", None) for o in (ours, theirs)}
    assert len({str(u).split(":", 2)[0] for u in urls}) == 1  # both name the URL, or neither


def test_a_proxy_from_the_environment_is_used_as_httpx_would(
    flavor: Flavor, direct_calls: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy", "HTTPS_PROXY", "https_proxy"):
        monkeypatch.delenv(name, raising=False)
    with RawServer(lambda request: httpx.Response(200, json=frame_job())) as proxy:
        monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{proxy.port}")
        api = "http://api.cloudglue.invalid/v1"
        outcome = flavor.call(api, lambda cg: cg.frames.get(JOB_ID))
        seen = list(proxy.requests)
    assert outcome.error is None
    assert len(direct_calls) == 1
    assert [str(r.url) for r in seen] == [f"{api}/frames/{JOB_ID}"]


@pytest.mark.parametrize(
    "step",
    [
        {"method": "post", "url": "http://h/v1/frames", "json": {}},
        {"method": "get", "url": "http://h/v1/files", "params": {"status": "a b"}},
        {"method": "get", "url": "http://h/v1/files/a b"},
        {"method": "get", "url": "http://other/v1/files"},
        {"method": "get", "url": "http://h/v1"},
    ],
    ids=["body", "params left to httpx", "needs escaping", "another origin", "no path"],
)
def test_only_plain_body_less_calls_take_the_route(step: dict[str, Any]) -> None:
    with httpx.Client() as http:
        assert _direct.route(http, "http://h/v1", step) is None
        plain = {"method": "get", "url": "http://h/v1/files?limit=3", "headers": {}}
        assert _direct.route(http, "http://h/v1", plain) is not None


def test_clients_with_hooks_auth_or_a_custom_transport_get_no_route() -> None:
    step = {"method": "get", "url": "http://h/v1/files", "headers": {}}
    mock = httpx.MockTransport(lambda request: httpx.Response(200))
    for http in (
        httpx.Client(event_hooks={"request": [lambda request: None]}),
        httpx.Client(auth=("u", "p")),
        httpx.Client(transport=mock),
        httpx.Client(params={"a": "1"}),
    ):
        with http:
            assert _direct.route(http, "http://h/v1", step) is None
    assert _direct.route(httpx.Client(), "http://user:pw@h/v1", step) is None
