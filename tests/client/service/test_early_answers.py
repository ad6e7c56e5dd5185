"""A server may answer an upload before reading its body, then close (as load balancers do
with 503 or 413): the client must see that answer, not the broken pipe or the reset that its
next write meets, whichever client flavour sends it, over HTTP and over HTTPS."""

from __future__ import annotations

import contextlib
import json
import socket
import ssl
import struct
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from cloudglue_client import APIConnectionError, APIStatusError
from tests.support.fakeapi import FILE_ID

from .conftest import Flavor, server_context

#: Larger than what the loopback's socket buffers hold, so the client is still writing when
#: the answer arrives.
_BODY = 24 * 1024 * 1024
_FILE = {"id": FILE_ID, "uri": "cloudglue://files/x", "status": "pending"}


def _answer(status: int, reason: str, body: object, **headers: str) -> bytes:
    content = json.dumps(body).encode()
    lines = [f"HTTP/1.1 {status} {reason}", "Content-Type: application/json"]
    lines += [f"{name.replace('_', '-')}: {value}" for name, value in headers.items()]
    lines.append(f"Content-Length: {len(content)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + content


def _read_body(reader: socket.SocketIO, head: dict[str, str]) -> None:
    """Read (and drop) a request body sent with a Content-Length or chunked."""
    if "content-length" in head:
        left = int(head["content-length"])
        while left and (got := reader.read(min(left, 1 << 20))):
            left -= len(got)
        return
    while size := int(_line(reader).split(";")[0] or "0", 16):
        reader.read(size + 2)
    while _line(reader):
        pass  # trailers


def _line(reader: socket.SocketIO) -> str:
    line = b""
    while not line.endswith(b"\n") and (byte := reader.read(1)):
        line += byte
    return line.decode("latin-1").strip()


@contextlib.contextmanager
def early_server(statuses: list[int], tls: ssl.SSLContext | None = None) -> Iterator[str]:
    """A server answering connection i with statuses[i] (the last one after that): a 200 after
    reading the body, any other status at once, unread body and all, closing the connection;
    0: no answer, the connection reset. With `tls`, it speaks HTTPS."""
    listener = socket.create_server(("127.0.0.1", 0))
    seen = 0

    def serve(conn: socket.socket, status: int) -> None:
        with contextlib.suppress(OSError):
            # The answer goes out at once: held back by Nagle's algorithm (behind TLS session
            # tickets not yet acknowledged), the close with the body unread would discard it.
            conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            if tls is not None:
                conn = tls.wrap_socket(conn, server_side=True)
            with conn:
                reader = conn.makefile("rb", buffering=0)
                _line(reader)  # the request line
                head = {}
                while header := _line(reader):
                    name, _, value = header.partition(":")
                    head[name.strip().lower()] = value.strip()
                if status == 200:
                    _read_body(reader, head)
                    conn.sendall(_answer(200, "OK", _FILE))
                    return
                if status == 0:
                    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    return
                extra = {"Retry_After": "0"} if status == 503 else {}
                error = {"error": "not now"}
                conn.sendall(_answer(status, "No", error, Connection="close", **extra))

    def accept() -> None:
        nonlocal seen
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            status = statuses[min(seen, len(statuses) - 1)]
            seen += 1
            threading.Thread(target=serve, args=(conn, status), daemon=True).start()

    acceptor = threading.Thread(target=accept, daemon=True)
    acceptor.start()
    try:
        scheme = "http" if tls is None else "https"
        yield f"{scheme}://127.0.0.1:{listener.getsockname()[1]}/v1"
    finally:
        listener.shutdown(socket.SHUT_RDWR)
        listener.close()
        acceptor.join(timeout=5)


@pytest.fixture(params=["http", "https"])
def tls(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> ssl.SSLContext | None:
    """None (HTTP), or the server's TLS context, its certificate trusted by the client."""
    if request.param == "http":
        return None
    certificate = request.getfixturevalue("certificate")
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate[0]))
    return server_context(certificate)


@pytest.fixture(scope="module")
def big_clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    clip = tmp_path_factory.mktemp("early") / "clip.mp4"
    clip.write_bytes(b"\x00" * _BODY)
    return clip


def test_an_upload_rejected_early_with_503_is_retried(
    flavor: Flavor, big_clip: Path, tls: ssl.SSLContext | None
) -> None:
    for _ in range(10):
        with early_server([503, 200], tls) as url:
            outcome = flavor.call(url, lambda cg: cg.files.upload(big_clip), max_retries=2)
        assert outcome.error is None, repr(outcome.error)
        assert outcome.value.id == FILE_ID


def test_an_upload_refused_early_with_413_is_that_status_error(
    flavor: Flavor, big_clip: Path, tls: ssl.SSLContext | None
) -> None:
    for _ in range(10):
        with early_server([413], tls) as url:
            outcome = flavor.call(url, lambda cg: cg.files.upload(big_clip), max_retries=2)
        assert isinstance(outcome.error, APIStatusError), repr(outcome.error)
        assert outcome.error.status_code == 413


def test_an_upload_reset_unanswered_is_still_a_connection_error(
    flavor: Flavor, big_clip: Path, tls: ssl.SSLContext | None
) -> None:
    for _ in range(5):
        with early_server([0], tls) as url:
            outcome = flavor.call(url, lambda cg: cg.files.upload(big_clip), max_retries=0)
        assert isinstance(outcome.error, APIConnectionError), repr(outcome.error)
