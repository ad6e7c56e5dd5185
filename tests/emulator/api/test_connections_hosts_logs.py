"""A 500 keeps the keep-alive connection, foreign `Host`s are refused (DNS rebinding), a loud
warning beyond loopback, and one access-log line per request."""

from __future__ import annotations

import http.client
import json
import logging
import re
import socket
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from cloudglue_client import shot_detector
from cloudglue_emulator import cli
from cloudglue_emulator.cli import exposure_warning
from cloudglue_emulator.hosts import (
    HostCheckMiddleware,
    host_name,
    is_beyond_loopback,
    parse_host,
)
from cloudglue_emulator.media import SampleTruth
from cloudglue_emulator.settings import DEFAULT_API_KEY, Settings
from cloudglue_emulator.testing import running
from tests.support.polling import poll_until

from .conftest import API_KEY, AUTH, Emu, client_for, make_app, served

ACCESS_LINE = re.compile(
    r'^(GET|POST|PUT|DELETE) (/\S*) (\d{3}) \d+\.\d ms (req_[0-9a-f]{24}) "([^"]*)"$'
)


def _ask(
    conn: http.client.HTTPConnection, method: str, path: str, body: bytes | None = None, **h: str
) -> tuple[int, dict[str, Any]]:
    conn.request(method, path, body=body, headers={**AUTH, **h})
    response = conn.getresponse()
    return response.status, json.loads(response.read())


def test_an_internal_error_answers_500_and_keeps_the_connection(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: Any
) -> None:
    app = make_app(tmp_path / "data")
    rt = app.state.runtime

    def boom(*args: object) -> None:
        raise RuntimeError("boom")

    try:
        with served(app) as (host, port):
            conn = http.client.HTTPConnection(host, port, timeout=30)
            assert _ask(conn, "GET", "/v1/files")[0] == 200
            first_socket = conn.sock
            monkeypatch.setattr(rt.store, "list_files", boom)
            monkeypatch.setattr(rt.store, "get_file", boom)
            assert _ask(conn, "GET", "/v1/files") == (500, {"error": "Internal server error"})
            body = json.dumps({"strategy": "uniform"}).encode() * 1000  # not read by the route
            path = "/v1/files/9b2f6f1e-4a53-4d43-9f0e-6f4c1d7a2b10/frames"
            assert _ask(conn, "POST", path, body, **{"Content-Type": "application/json"})[0] == 500
            monkeypatch.undo()
            assert _ask(conn, "GET", "/v1/files")[0] == 200
            assert conn.sock is first_socket  # the same keep-alive connection throughout
            conn.close()
    finally:
        rt.close()
    assert "Exception in ASGI application" not in caplog.text
    assert caplog.text.count("unhandled error") == 2


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1", "[::1]", "app.localhost"])
def test_loopback_hosts_are_served_and_others_refused(tmp_path: Path, host: str) -> None:
    app = make_app(tmp_path / "data", allowed_hosts=())
    try:
        with served(app) as (address, port):
            conn = http.client.HTTPConnection(address, port, timeout=30)
            assert _ask(conn, "GET", "/v1/files", Host=f"{host}:{port}")[0] == 200
            status, body = _ask(conn, "GET", "/v1/files", Host=f"attacker.example:{port}")
            assert status == 400
            assert "'attacker.example' is not served here (DNS rebinding" in body["error"]
            assert "--allowed-host" in body["error"]
            assert _ask(conn, "GET", "/healthz", Host="attacker.example")[0] == 400
            conn.close()
    finally:
        app.state.runtime.close()


@pytest.mark.parametrize(
    ("settings", "accepted", "refused"),
    [
        ({"allowed_hosts": ("emulator.test",)}, "emulator.test", "other.test"),
        ({"public_url": "http://media.example:9000"}, "media.example:9000", "attacker.example"),
        ({"host": "192.0.2.7"}, "192.0.2.7:8765", "attacker.example"),
        ({"allowed_hosts": ("*",)}, "anything.example", None),
    ],
)
async def test_hosts_the_server_was_started_for(
    tmp_path: Path, settings: dict[str, Any], accepted: str, refused: str | None
) -> None:
    app = make_app(tmp_path / "data", **{"allowed_hosts": (), **settings})
    try:
        async with client_for(app) as client:
            r = await client.get("/files", headers={"Host": accepted})
            assert r.status_code == 200, r.text
            if refused is not None:
                r = await client.get("/files", headers={"Host": refused})
                assert r.status_code == 400 and "DNS rebinding" in r.json()["error"]
    finally:
        app.state.runtime.close()


MALFORMED_HOSTS = (
    "[::1].attacker.example",
    "[::1]@attacker.example",
    "localhost@attacker.example",
    "attacker.example#.localhost",
    "::1",
    "[::1",
    "[::1]:80x",
    "[127.0.0.1]",
    "[fe80::1%25lo]",
    "local host",
    "localhost:80:80",
    "localhost:-1",
    "l\u00f6calhost",
)
WELL_FORMED_HOSTS = (
    "localhost",
    "LOCALHOST.:8000",
    "127.0.0.1:",
    "[::1]",
    "[0:0:0:0:0:0:0:1]:80",
    "app.localhost",
    "[v7.opaque]",
    "attacker.example",
    "exa_mple.test",
    "local%68ost",
)


@pytest.mark.parametrize("allowed", [(), ("*",)], ids=["loopback only", "any host"])
def test_a_malformed_host_is_400_naming_the_header(tmp_path: Path, allowed: tuple[str]) -> None:
    """What RFC 9110 / 3986 refuse as `uri-host [":" port]` is a 400, even with `*` allowed."""
    app = make_app(tmp_path / "data", allowed_hosts=allowed)
    try:
        with served(app) as (address, port):
            conn = http.client.HTTPConnection(address, port, timeout=30)
            for value in MALFORMED_HOSTS:
                status, body = _ask(conn, "GET", "/v1/files", Host=value)
                assert status == 400, value
                assert body["error"].startswith(f"Host: {value!r} is not a host (RFC 9110"), body
            assert _ask(conn, "GET", "/v1/files", Host=f"localhost:{port}")[0] == 200
            conn.close()
    finally:
        app.state.runtime.close()


def test_well_formed_hosts_meet_the_allow_list() -> None:
    """A syntactically valid Host is then served or refused by name alone (DNS rebinding)."""
    check = HostCheckMiddleware(_ok, frozenset())
    for value in WELL_FORMED_HOSTS:
        refused = check.check({"type": "http", "headers": [(b"host", value.encode())]})
        loopback = value.lower().split(":")[0].rstrip(".") in ("localhost", "127.0.0.1")
        served_here = loopback or value.startswith(("[::1]", "[0:0", "app.localhost"))
        if served_here:
            assert refused is None, value
        else:
            assert refused is not None and "is not served here" in refused.message, value
    assert parse_host("[::1].attacker.example") is None
    assert parse_host("[::1]@attacker.example") is None
    assert parse_host("[0:0:0:0:0:0:0:1]:80") == "0:0:0:0:0:0:0:1"


async def _ok(scope: Any, receive: Any, send: Any) -> None:
    await send({"type": "http.response.start", "status": 200})


def _raw(port: int, request: bytes) -> tuple[bytes, dict[str, Any]]:
    """The status line and JSON body of one request sent as bytes (the server closes)."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(request)
        reply = b""
        while chunk := sock.recv(65536):
            reply += chunk
    head, _, body = reply.partition(b"\r\n\r\n")
    return head.split(b"\r\n", 1)[0], json.loads(body)


def test_a_missing_or_repeated_host_is_400(tmp_path: Path) -> None:
    """RFC 9112: an HTTP/1.1 request has exactly one Host; HTTP/1.0 may send none."""
    app = make_app(tmp_path / "data", allowed_hosts=("*",))
    try:
        with served(app) as (_, port):
            missing = _raw(port, b"GET /healthz HTTP/1.1\r\nConnection: close\r\n\r\n")
            assert missing == (
                b"HTTP/1.1 400 Bad Request",
                {"error": "Host: required in an HTTP/1.1 request (RFC 9112)"},
            )
            twice = _raw(
                port,
                b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nHost: attacker.example\r\n"
                b"Connection: close\r\n\r\n",
            )
            assert twice == (
                b"HTTP/1.1 400 Bad Request",
                {"error": "Host: sent more than once; send one Host header (RFC 9112)"},
            )
            old = _raw(port, b"GET /healthz HTTP/1.0\r\n\r\n")
            assert old == (b"HTTP/1.1 200 OK", {"status": "ok"})
    finally:
        app.state.runtime.close()


def test_host_names_and_exposure() -> None:
    assert [host_name(h) for h in ("[::1]:80", "Example.COM:8765", "a.test.", "::1")] == [
        "::1",
        "example.com",
        "a.test",
        "::1",
    ]
    assert not is_beyond_loopback("127.0.0.1") and not is_beyond_loopback("localhost")
    assert is_beyond_loopback("0.0.0.0") and is_beyond_loopback("192.168.1.5")
    assert exposure_warning(Settings(host="127.0.0.1")) is None
    loud = exposure_warning(Settings(host="0.0.0.0"))
    quiet = exposure_warning(Settings(host="0.0.0.0", api_key="cg-secret"))
    assert loud is not None and loud.startswith("WARNING:") and DEFAULT_API_KEY in loud
    assert quiet is not None and quiet.startswith("warning:") and "cg-secret" not in quiet


async def test_one_access_line_per_request(emu: Emu, caplog: Any) -> None:
    caplog.set_level(logging.INFO, logger="cloudglue_emulator.access")
    await emu.client.get("/files", headers={"User-Agent": "my-service/1.2"})
    await emu.client.get("/files/nope")
    await emu.client.get("/files", headers={"Authorization": "Bearer wrong"})
    lines = [r.getMessage() for r in caplog.records if r.name == "cloudglue_emulator.access"]
    parsed = [ACCESS_LINE.match(line) for line in lines]
    assert all(parsed), lines
    got = [(m[1], m[2], m[3]) for m in parsed if m]
    assert len({m[4] for m in parsed if m}) == 3  # one id per request
    assert got == [
        ("GET", "/v1/files", "200"),
        ("GET", "/v1/files/nope", "404"),
        ("GET", "/v1/files", "401"),
    ]
    assert parsed[0] is not None and parsed[0][5] == "my-service/1.2"


@pytest.mark.slow
def test_the_server_log_has_requests_and_no_scenedetect_chatter(sample: SampleTruth) -> None:
    with running(api_key=API_KEY, extra_args=["--log-level", "info"]) as emu:
        with emu.client() as cg:
            f = cg.files.upload(sample.path, wait=True)
            seg = cg.segmentations.create(f.id, shot_detector("content"), wait=True)
            assert seg.status == "completed"
        emu.stop()
        log = emu.log_text()
    access = [line for line in log.splitlines() if "cloudglue_emulator.access" in line]
    assert any(" POST /v1/files 200 " in line for line in access), log
    assert any(" POST /v1/files/" in line and "/segmentations 200 " in line for line in access)
    assert all(ACCESS_LINE.match(line.split(": ", 1)[1]) for line in access), access
    assert "pyscenedetect" not in log.lower() and "detecting scenes" not in log.lower()


def test_serve_warns_once_listening_beyond_loopback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    def no_network(host: str, port: int) -> None:  # never actually listen on every interface
        raise OSError(99, "Cannot assign requested address")

    monkeypatch.setattr(cli, "bind", no_network)
    args = ["serve", "--host", "0.0.0.0", "--port", "0", "--data-dir", str(tmp_path)]
    assert cli.main(args) == 1
    assert capsys.readouterr().err.splitlines() == [  # not listening: nothing to warn about
        "cloudglue-emulator: cannot listen on 0.0.0.0:0: [Errno 99] Cannot assign requested address"
    ]
    # Bound (on loopback here), then the data dir (a file) fails: the warning came first.
    monkeypatch.setattr(cli, "bind", lambda host, port: socket.create_server(("127.0.0.1", 0)))
    (tmp_path / "file").write_text("")
    args[-1] = str(tmp_path / "file")
    assert cli.main(args) == 1
    lines = capsys.readouterr().err.splitlines()
    assert lines[0].startswith("WARNING: cloudglue-emulator listens on 0.0.0.0, beyond this")
    assert len(lines) == 2 and lines[1].startswith("cloudglue-emulator: "), lines
    assert cli.main([*args, "--api-key", "cg-secret"]) == 1
    assert capsys.readouterr().err.startswith("warning: cloudglue-emulator listens on 0.0.0.0")


async def test_the_host_check_answers_each_request_on_its_own_host() -> None:
    async def inner(scope: Any, receive: Any, send: Any) -> None:
        await send({"type": "http.response.start", "status": 200})

    check = HostCheckMiddleware(inner, frozenset({"emulator.test"}))

    async def status(host: bytes) -> int:
        sent: list[Any] = []

        async def send(message: Any) -> None:
            sent.append(message)

        async def receive() -> Any:
            return {"type": "http.request", "body": b"", "more_body": False}

        await check({"type": "http", "headers": [(b"host", host)]}, receive, send)
        return int(sent[0]["status"])

    for _ in range(3):
        assert await status(b"emulator.test") == 200
        assert await status(b"attacker.example") == 400
    for i in range(50):
        assert await status(f"n{i}.localhost:80".encode()) == 200
    assert await status(b"emulator.test") == 200 and await status(b"attacker.example") == 400


def test_served_responses_arrive_whole() -> None:
    """Under uvicorn as `serve` runs it: keep-alive answers, HEAD, then `Connection: close`."""

    async def hello(request: Request) -> PlainTextResponse:
        return PlainTextResponse("hello " * 10)

    app = Starlette(routes=[Route("/", hello)])
    with served(app) as (host, port), httpx.Client(base_url=f"http://{host}:{port}") as client:
        for _ in range(3):
            r = client.get("/")
            assert r.status_code == 200 and r.text == "hello " * 10
        r = client.head("/")
        assert r.status_code == 200 and r.content == b""
        assert r.headers["content-length"] == "60"
        r = client.get("/", headers={"Connection": "close"})
        assert r.text == "hello " * 10 and r.headers["connection"] == "close"


ACCESS = "cloudglue_emulator.access"


def _messages(records: list[logging.LogRecord], logger: str) -> list[str]:
    return [r.getMessage() for r in records if r.name == logger]


def test_a_client_leaving_mid_body_is_one_quiet_line_not_an_error(
    tmp_path: Path, caplog: Any
) -> None:
    """No traceback, no ERROR, and the access line claims no status: nothing was answered."""
    caplog.set_level(logging.INFO, logger="cloudglue_emulator")
    head = f"Authorization: Bearer {API_KEY}\r\nHost: 127.0.0.1\r\n".encode()
    update = f"/v1/files/{uuid.uuid4()}"
    cut = {  # each request's body stops early, then the client leaves
        ("POST", "/v1/files"): b"Content-Type: multipart/form-data; boundary=B\r\n"
        b"Content-Length: 100000\r\n\r\n"
        b'--B\r\nContent-Disposition: form-data; name="file"; filename="a.mp4"\r\n\r\nxxxx',
        ("PUT", update): b"Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{",
    }
    app = make_app(tmp_path / "data", allowed_hosts=("127.0.0.1",))
    try:
        with served(app) as (_, port):
            for (method, path), rest in cut.items():
                with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
                    sock.sendall(f"{method} {path} HTTP/1.1\r\n".encode() + head + rest)
            access = poll_until(
                lambda: lines if len(lines := _messages(caplog.records, ACCESS)) == 2 else None,
                30,
                "both requests to be logged",
            )
    finally:
        app.state.runtime.close()
    assert sorted(line.split(" ")[:3] for line in access) == [
        ["POST", "/v1/files", "-"],
        ["PUT", update, "-"],
    ]
    noisy = [r for r in caplog.records if r.levelno >= logging.WARNING or r.exc_info]
    assert noisy == [], [r.getMessage() for r in noisy]
    assert sorted(_messages(caplog.records, "cloudglue_emulator")) == [
        f"{method} {path}: the client disconnected mid-request" for method, path in sorted(cut)
    ]
