"""An answer given before the route reads the body (401 for a bad key, an injected 503, a
refused `Host`) goes out at once, whatever the body does: a body that stalls is not waited for
(it used to be drained first, so the client got a 408 after the body deadline instead), and a
body that does arrive is read past by uvicorn, so the connection serves the next request."""

from __future__ import annotations

import socket
import time
from pathlib import Path
from typing import Literal

import pytest

from cloudglue_emulator.settings import BODY_TIMEOUT_BOUNDS

from .conftest import API_KEY, make_app, served

ANSWER_WAIT_SECONDS = 60.0
"""How long a client waits for an answer (generous: 2 shared cores)."""
BODY_BYTES = 1 << 20
PARSERS: tuple[Literal["h11", "httptools"], ...] = ("h11", "httptools")


def head(port: int, key: str, host: str | None = None, length: int = BODY_BYTES) -> bytes:
    """The head of a JSON POST announcing a body of `length` bytes."""
    return (
        f"POST /v1/files/9b2f6f1e-4a53-4d43-9f0e-6f4c1d7a2b10/frames HTTP/1.1\r\n"
        f"Host: {host or f'127.0.0.1:{port}'}\r\nAuthorization: Bearer {key}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {length}\r\n\r\n"
    ).encode()


def read_response(sock: socket.socket) -> tuple[bytes, bytes]:
    """(status line and headers, body) of one response with a Content-Length."""
    sock.settimeout(ANSWER_WAIT_SECONDS)
    received = b""
    while b"\r\n\r\n" not in received:
        chunk = sock.recv(65536)
        assert chunk, f"the server closed the connection after {received!r}"
        received += chunk
    top, _, body = received.partition(b"\r\n\r\n")
    length = next(
        int(line.split(b":", 1)[1])
        for line in top.lower().split(b"\r\n")
        if line.startswith(b"content-length:")
    )
    while len(body) < length:
        chunk = sock.recv(65536)
        assert chunk, "the server closed the connection mid-body"
        body += chunk
    return top, body


@pytest.mark.parametrize(
    ("case", "status"), [("bad key", 401), ("injected fault", 503), ("foreign host", 400)]
)
def test_an_early_answer_does_not_wait_for_a_stalled_body(
    tmp_path: Path, case: str, status: int
) -> None:
    app = make_app(tmp_path / "data", body_timeout_seconds=BODY_TIMEOUT_BOUNDS[0])
    if case == "injected fault":
        app.state.runtime.faults.update({"fail_rate": 1.0})
    try:
        with served(app) as (host, port):
            key = "wrong-key" if case == "bad key" else API_KEY
            host_header = "rebind.example" if case == "foreign host" else None
            with socket.create_connection((host, port)) as sock:
                sock.sendall(head(port, key, host_header) + b'{"strategy": ')  # then nothing
                top, body = read_response(sock)
        assert top.startswith(f"HTTP/1.1 {status} ".encode()), (top, body)
        assert b"error" in body
    finally:
        app.state.runtime.close()


@pytest.mark.parametrize("parser", PARSERS)
def test_the_connection_serves_the_next_request_after_an_early_answer(
    tmp_path: Path, parser: Literal["h11", "httptools"]
) -> None:
    """The answer comes before the body is sent; the body then sent is read past."""
    app = make_app(tmp_path / "data")
    try:
        with served(app, parser) as (host, port), socket.create_connection((host, port)) as sock:
            sock.sendall(head(port, "wrong-key"))
            top, _ = read_response(sock)
            assert top.startswith(b"HTTP/1.1 401 ")
            assert b"connection: close" not in top.lower()
            sock.sendall(b"{" + b" " * (BODY_BYTES - 2) + b"}")
            sock.sendall(
                f"GET /v1/files HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                f"Authorization: Bearer {API_KEY}\r\n\r\n".encode()
            )
            top, body = read_response(sock)
        assert top.startswith(b"HTTP/1.1 200 "), (top, body)
        assert b'"total":0' in body.replace(b" ", b"")
    finally:
        app.state.runtime.close()


TRICKLE_LIMIT_SECONDS = 60.0
"""How long a trickling client keeps sending before the test calls the connection held."""


@pytest.mark.parametrize("parser", PARSERS)
def test_a_body_trickled_after_an_early_answer_is_cut_off_at_the_body_deadline(
    tmp_path: Path, parser: Literal["h11", "httptools"]
) -> None:
    """The answer is complete at once, but the connection is the body deadline's until the
    body is in: a client trickling it after a 401 cannot hold the connection for ever."""
    app = make_app(tmp_path / "data", body_timeout_seconds=BODY_TIMEOUT_BOUNDS[0])
    try:
        with served(app, parser) as (host, port), socket.create_connection((host, port)) as sock:
            sock.sendall(head(port, "wrong-key"))
            top, _ = read_response(sock)
            assert top.startswith(b"HTTP/1.1 401 ")
            sock.settimeout(0.2)  # the pace of the trickle: a byte, then a look for the close
            started, closed = time.monotonic(), False
            while not closed and time.monotonic() - started < TRICKLE_LIMIT_SECONDS:
                try:
                    sock.sendall(b" ")
                    closed = sock.recv(1) == b""
                except TimeoutError:
                    continue
                except OSError:  # reset: closed with the trickle unread
                    closed = True
        assert closed, f"a trickled body held the connection for {TRICKLE_LIMIT_SECONDS:g} s"
    finally:
        app.state.runtime.close()
