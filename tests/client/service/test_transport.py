"""Our own transport against httpx: on the wire and in what comes back, the same.

Clients we create send through our own httpcore pools (`_wire`); a user-supplied httpx
client goes through httpx. Each test makes the same call both ways against the same scripted
server and compares: the request bytes a server sees, and the result or the typed error a
caller sees. Proxies from the environment are compared the same way: which server (the proxy
or the origin) sees each request, and with which credentials.
"""

from __future__ import annotations

import gzip
import json
import socket
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from cloudglue_client import CloudglueError
from tests.support.fakeapi import FILE_ID, JOB_ID, frame_job
from tests.support.rawserver import RawServer, Writer, streamed

from .conftest import Flavor, Outcome

Answer = Callable[[httpx.Request], "httpx.Response | Writer"]


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


def _same_headers(ours: httpx.Request, theirs: httpx.Request) -> None:
    assert (ours.method, str(ours.url)) == (theirs.method, str(theirs.url))
    assert ours.headers.raw == theirs.headers.raw  # same headers, same order, same bytes


def test_a_get_sends_what_httpx_sends(flavor: Flavor) -> None:
    (ours, ours_seen), (theirs, theirs_seen) = both_ways(
        flavor,
        lambda request: httpx.Response(200, json=frame_job()),
        lambda cg: cg.frames.get(JOB_ID, limit=5, offset=10),
    )
    assert ours.error is None and theirs.error is None
    assert ours.value.to_dict() == theirs.value.to_dict()
    (sent,), (expected,) = ours_seen, theirs_seen
    assert str(sent.url).endswith(f"/frames/{JOB_ID}?limit=5&offset=10")
    _same_headers(sent, expected)


def test_a_json_body_is_sent_as_httpx_sends_it(flavor: Flavor) -> None:
    (ours, ours_seen), (theirs, theirs_seen) = both_ways(
        flavor,
        lambda request: httpx.Response(200, json=frame_job("pending")),
        lambda cg: cg.frames.create(FILE_ID, frames_per_second=2, thumbnails=True),
    )
    assert ours.error is None and theirs.error is None
    (sent,), (expected,) = ours_seen, theirs_seen
    _same_headers(sent, expected)
    assert sent.content == expected.content


def test_an_upload_is_sent_as_httpx_sends_it(flavor: Flavor, tmp_path: Path) -> None:
    clip = tmp_path / "clip.mp4"
    clip.write_bytes(b"\x00\x01video" * 5000)
    file_body = {"id": FILE_ID, "uri": "cloudglue://files/x", "status": "pending"}
    (ours, ours_seen), (theirs, theirs_seen) = both_ways(
        flavor,
        lambda request: httpx.Response(200, json=file_body),
        lambda cg: cg.files.upload(clip, metadata={"team": "video"}),
    )
    assert ours.error is None and theirs.error is None
    (sent,), (expected,) = ours_seen, theirs_seen

    # The multipart boundary is random: compare everything with it taken out.
    def unbound(request: httpx.Request) -> tuple[Any, ...]:
        ctype = request.headers["content-type"]
        boundary = ctype.split("boundary=", 1)[1].encode()
        headers = [(k, v.replace(boundary, b"B")) for k, v in request.headers.raw]
        return request.method, str(request.url), headers, request.content.replace(boundary, b"B")

    assert unbound(sent) == unbound(expected)


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


# -- proxies from the environment ---------------------------------------------------------------

PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY")


@pytest.fixture
def names_resolve_to_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every host name resolves to 127.0.0.1, in this process: no DNS is asked."""
    real = socket.getaddrinfo

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(host, bytes):
            host = host.decode()
        if isinstance(host, str) and host.endswith(".test"):
            host = "127.0.0.1"
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


@pytest.fixture
def proxy_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[dict[str, str]], None]]:
    """Set proxy variables for one case (every other proxy variable removed, any case)."""

    def apply(values: dict[str, str]) -> None:
        for name in PROXY_VARIABLES:
            monkeypatch.delenv(name, raising=False)
            monkeypatch.delenv(name.lower(), raising=False)
        for name, value in values.items():
            monkeypatch.setenv(name, value)

    yield apply


#: (environment, host of the API URL): `{proxy}` is the proxy's address.
PROXY_CASES: list[tuple[dict[str, str], str]] = [
    ({"HTTP_PROXY": "http://{proxy}"}, "api.example.test"),
    ({"http_proxy": "{proxy}"}, "api.example.test"),  # no scheme: http:// is assumed
    ({"ALL_PROXY": "http://{proxy}"}, "api.example.test"),
    ({"HTTPS_PROXY": "http://{proxy}"}, "api.example.test"),  # an http URL: not proxied
    ({"HTTP_PROXY": "http://user:p%40ss@{proxy}"}, "api.example.test"),  # credentials
    ({"HTTP_PROXY": "http://{proxy}", "NO_PROXY": "*"}, "api.example.test"),
    ({"HTTP_PROXY": "http://{proxy}", "NO_PROXY": "example.test"}, "api.example.test"),
    ({"HTTP_PROXY": "http://{proxy}", "NO_PROXY": ".example.test"}, "api.example.test"),
    ({"HTTP_PROXY": "http://{proxy}", "NO_PROXY": ".example.test"}, "example.test"),
    ({"HTTP_PROXY": "http://{proxy}", "NO_PROXY": "ample.test"}, "api.example.test"),
    (
        {"HTTP_PROXY": "http://{proxy}", "NO_PROXY": "other.test, api.example.test"},
        "api.example.test",
    ),
    ({"HTTP_PROXY": "http://{proxy}", "NO_PROXY": "127.0.0.1"}, "127.0.0.1"),
    ({"HTTP_PROXY": "http://{proxy}", "NO_PROXY": "localhost"}, "localhost"),
    ({"HTTP_PROXY": "http://{proxy}", "NO_PROXY": "http://api.example.test"}, "api.example.test"),
    ({"ALL_PROXY": "http://{proxy}", "NO_PROXY": "10.0.0.0/8"}, "api.example.test"),
]


@pytest.mark.usefixtures("names_resolve_to_loopback")
@pytest.mark.parametrize(
    ("env", "host"), PROXY_CASES, ids=[str(i) for i in range(len(PROXY_CASES))]
)
def test_proxies_from_the_environment_are_routed_as_httpx_routes_them(
    flavor: Flavor, proxy_env: Callable[[dict[str, str]], None], env: dict[str, str], host: str
) -> None:
    answer = lambda request: httpx.Response(200, json=frame_job())  # noqa: E731
    with RawServer(answer) as origin, RawServer(answer) as proxy:
        address = f"127.0.0.1:{proxy.port}"
        proxy_env({name: value.format(proxy=address) for name, value in env.items()})
        api = f"http://{host}:{origin.port}/v1"
        seen = []
        for user in (False, True):
            kw = {"http_client": flavor.http()} if user else {}
            outcome = flavor.call(api, lambda cg: cg.frames.get(JOB_ID), **kw)
            assert outcome.error is None, outcome.error
            where = [("origin", r) for r in origin.requests] + [
                ("proxy", r) for r in proxy.requests
            ]
            assert len(where) == 1
            server, request = where[0]
            seen.append((server, str(request.url), request.headers.get("proxy-authorization")))
            origin.requests.clear()
            proxy.requests.clear()
    ours, theirs = seen
    assert ours == theirs


def test_proxies_at_one_address_with_other_credentials_are_other_pools(
    proxy_env: Callable[[dict[str, str]], None],
) -> None:
    """HTTP_PROXY as one user and HTTPS_PROXY as another at the same address: each scheme's
    requests go through a pool that authenticates as its own user, as httpx routes them (a
    proxy's URL leaves the credentials out, so keying pools by it mixed them up)."""
    from cloudglue_client import _constants, _proxies
    from cloudglue_client._wire import Origin, _Pools

    proxy_env(
        {
            "HTTP_PROXY": "http://alice:pwA@127.0.0.1:3128",
            "HTTPS_PROXY": "http://bob:pwB@127.0.0.1:3128",
        }
    )
    made: list[Any] = []

    def make(proxy: httpx.Proxy | None, kwargs: dict[str, Any]) -> object:
        made.append(proxy)
        return object()

    pools = _Pools(make, _proxies.from_environment(), _constants.DEFAULT_LIMITS)
    plain = pools.for_origin(Origin.of(httpx.URL("http://api.example.test/v1")))
    tunnel = pools.for_origin(Origin.of(httpx.URL("https://api.example.test/v1")))
    assert plain is not tunnel
    assert [proxy.raw_auth for proxy in made] == [(b"alice", b"pwA"), (b"bob", b"pwB")]
    assert pools.for_origin(Origin.of(httpx.URL("http://other.example.test"))) is plain
