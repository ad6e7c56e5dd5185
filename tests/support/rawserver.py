"""A loopback HTTP/1.1 server whose every answer is scripted, down to bytes and their timing.

The emulator cannot trickle bytes, hang mid-response, send a gzip bomb or redirect in a loop;
this server can. A route gets the parsed request (as an `httpx.Request`) and returns either an
`httpx.Response` (sent whole, keep-alive; a response with an unread stream is sent chunked as
it is produced, and cut off, without the final chunk, if producing it raises), or a function
that writes to the socket itself. A route that raises drops the connection without an answer.
Server-side delays wait on the server's stop event, so stopping the server ends them at once.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Callable, Iterator
from typing import Any

import httpx

Writer = Callable[[socket.socket, threading.Event], None]
Route = Callable[[httpx.Request], httpx.Response | Writer]


class RawServer:
    """Serve `route` on 127.0.0.1:<free port> from threads; use as a context manager."""

    def __init__(self, route: Route) -> None:
        self.route = route
        self.stop = threading.Event()
        self.requests: list[httpx.Request] = []
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/v1"
        self._threads: list[threading.Thread] = []
        self._conns: list[socket.socket] = []
        self._lock = threading.Lock()

    @property
    def connections(self) -> int:
        """TCP connections accepted so far."""
        with self._lock:
            return len(self._conns)

    def __enter__(self) -> RawServer:
        self._spawn(self._accept)
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        with contextlib.suppress(OSError):
            self._listener.shutdown(socket.SHUT_RDWR)  # wakes accept() at once
        with self._lock:
            conns = list(self._conns)
        for conn in conns:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
        for thread in self._threads:
            thread.join(timeout=5)
        self._listener.close()

    def _spawn(self, target: Callable[..., None], *args: Any) -> None:
        thread = threading.Thread(target=target, args=args, daemon=True)
        self._threads.append(thread)
        thread.start()

    def _accept(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self._listener.accept()
            except OSError:
                return
            with self._lock:
                self._conns.append(conn)
            self._spawn(self._serve, conn)

    def _serve(self, conn: socket.socket) -> None:
        reader = conn.makefile("rb")
        with contextlib.suppress(OSError, ValueError), conn:
            while not self.stop.is_set():
                request = _read_request(reader, self.port)
                if request is None:
                    return
                with self._lock:
                    self.requests.append(request)
                try:
                    answer = self.route(request)
                except Exception:
                    _drop(conn)
                    return
                if not isinstance(answer, httpx.Response):
                    answer(conn, self.stop)
                    return  # a writer owns the rest of the connection
                if answer.is_stream_consumed or isinstance(answer.stream, httpx.ByteStream):
                    conn.sendall(serialize(answer))
                elif not _send_chunked(conn, answer):
                    return


def _read_request(reader: Any, port: int) -> httpx.Request | None:
    line = reader.readline(65536)
    if not line.strip():
        return None
    method, target, _ = line.decode("latin-1").split(" ", 2)
    headers: list[tuple[str, str]] = []
    while (header := reader.readline(65536)) not in (b"\r\n", b"\n", b""):
        name, _, value = header.decode("latin-1").partition(":")
        headers.append((name.strip(), value.strip()))
    named = {k.lower(): v for k, v in headers}
    if named.get("transfer-encoding", "").lower() == "chunked":
        body = _read_chunked(reader)
    else:
        length = int(named.get("content-length", 0))
        body = reader.read(length) if length else b""
    # An absolute-form target ("GET http://host/path") is what a client sends to a proxy.
    url = target if target.startswith("http") else f"http://127.0.0.1:{port}{target}"
    request = httpx.Request(method, url, headers=headers, content=body)
    if "content-length" not in named:  # as sent: httpx would add one for the body it holds
        request.headers.pop("content-length", None)
    return request


def _read_chunked(reader: Any) -> bytes:
    body = bytearray()
    while True:
        size = int(reader.readline(65536).split(b";")[0].strip() or b"0", 16)
        if size == 0:
            while reader.readline(65536) not in (b"\r\n", b"\n", b""):
                pass  # trailers
            return bytes(body)
        body += reader.read(size)
        reader.readline(65536)  # the CRLF after each chunk


def _drop(conn: socket.socket) -> None:
    """Close at once with a reset, as a crashed or killed server would."""
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
    conn.close()


def _send_chunked(conn: socket.socket, response: httpx.Response) -> bool:
    """Send a streamed body chunk by chunk; False (connection dropped) if the stream raised."""
    head = [f"HTTP/1.1 {response.status_code} {response.reason_phrase or 'OK'}"]
    skip = ("content-length", "transfer-encoding")
    head += [f"{k}: {v}" for k, v in response.headers.items() if k.lower() not in skip]
    head.append("transfer-encoding: chunked")
    conn.sendall(("\r\n".join(head) + "\r\n\r\n").encode("latin-1"))
    try:
        for chunk in response.stream:  # type: ignore[union-attr]
            if chunk:
                conn.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
    except Exception:
        _drop(conn)
        return False
    conn.sendall(b"0\r\n\r\n")
    return True


def serialize(response: httpx.Response) -> bytes:
    """A complete HTTP/1.1 response with Content-Length."""
    body = response.content
    head = [f"HTTP/1.1 {response.status_code} {response.reason_phrase or 'OK'}"]
    head += [f"{k}: {v}" for k, v in response.headers.items() if k.lower() != "content-length"]
    head.append(f"content-length: {len(body)}")
    return ("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body


def drip(prefix: bytes, *, interval: float) -> Writer:
    """Send `prefix` at once, then one byte every `interval` seconds until the client leaves.

    With a prefix ending inside a header line this trickles headers; ending after the
    headers (with a large Content-Length), it trickles the body.
    """

    def write(conn: socket.socket, stop: threading.Event) -> None:
        conn.sendall(prefix)
        while not stop.wait(interval):
            conn.sendall(b"a")

    return write


def hang(conn: socket.socket, stop: threading.Event) -> None:
    """Never answer (until the server stops)."""
    stop.wait()


def streamed(head: bytes, pieces: Iterator[bytes]) -> Writer:
    """Send `head` then each piece, stopping quietly when the client hangs up."""

    def write(conn: socket.socket, stop: threading.Event) -> None:
        conn.sendall(head)
        for piece in pieces:
            if stop.is_set():
                return
            conn.sendall(piece)

    return write
