"""HTTPS through a proxy from the environment: a CONNECT tunnel, plain or itself over TLS.

The API's TLS then runs inside the tunnel (for an https:// proxy, TLS inside TLS): the sync
pool on httpcore's sync streams, the async pool on anyio's. Calls keep their tunnel, and
close() ends a call whose origin never answers, in both flavours.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import ssl
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import certifi
import httpx
import pytest

from cloudglue_client import (
    APIResponseValidationError,
    AsyncCloudglue,
    ClientClosedError,
    Cloudglue,
)
from tests.support.fakeapi import JOB_ID, frame_job
from tests.support.polling import poll_until, poll_until_async
from tests.support.rawserver import hang

from .conftest import API_KEY, Flavor, server_context
from .test_tls import TLSServer

#: close() promises to end calls in flight at once; room for a loaded 2-core machine.
CLOSE_BOUND = 3.0
LONG_TIMEOUT = 30.0


class TunnelProxy:
    """A CONNECT-only proxy on loopback, speaking TLS itself when given a context."""

    def __init__(self, tls: ssl.SSLContext | None) -> None:
        self._tls = tls
        self._listener = socket.create_server(("127.0.0.1", 0))
        scheme = "https" if tls else "http"
        self.url = f"{scheme}://localhost:{self._listener.getsockname()[1]}"
        self.tunnels = 0
        self._sockets: list[socket.socket] = []

    def __enter__(self) -> TunnelProxy:
        threading.Thread(target=self._accept, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._listener.close()
        for sock in self._sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self._listener.accept()
            except OSError:
                return
            threading.Thread(target=self._tunnel, args=(conn,), daemon=True).start()

    def _tunnel(self, conn: socket.socket) -> None:
        with contextlib.suppress(OSError, ValueError):
            if self._tls is not None:
                conn = self._tls.wrap_socket(conn, server_side=True)
            self._sockets.append(conn)
            reader = conn.makefile("rb")
            target = reader.readline().split()[1].decode()
            while reader.readline() not in (b"\r\n", b""):
                pass
            upstream = socket.create_connection(("127.0.0.1", int(target.rsplit(":", 1)[1])))
            self._sockets.append(upstream)
            self.tunnels += 1
            conn.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
            threading.Thread(target=_pipe, args=(upstream, conn), daemon=True).start()
            _pipe(conn, upstream)


def _pipe(source: socket.socket, sink: socket.socket) -> None:
    with contextlib.suppress(OSError):
        while data := source.recv(65536):
            sink.sendall(data)
    for sock in (source, sink):
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)


@pytest.fixture(params=["http-proxy", "https-proxy"])
def proxy(
    request: pytest.FixtureRequest,
    certificate: tuple[Path, Path],
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[TunnelProxy]:
    """The proxy, set as HTTPS_PROXY, with the test certificate trusted for origin and proxy
    (httpx, and so our pools, check an https:// proxy against certifi's bundle)."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate[0]))
    monkeypatch.setattr(certifi, "where", lambda: str(certificate[0]))
    tls = server_context(certificate) if request.param == "https-proxy" else None
    with TunnelProxy(tls) as tunnel:
        monkeypatch.setenv("HTTPS_PROXY", tunnel.url)
        yield tunnel


def test_https_calls_go_through_one_tunnel(
    flavor: Flavor, proxy: TunnelProxy, certificate: tuple[Path, Path]
) -> None:
    with TLSServer(lambda request: httpx.Response(200, json=frame_job()), *certificate) as origin:
        url = f"https://localhost:{origin.port}/v1"

        def three_calls(cg: Any) -> Any:
            if flavor.name == "sync":
                return [cg.frames.get(JOB_ID).status for _ in range(3)]

            async def calls() -> Any:
                return [(await cg.frames.get(JOB_ID)).status for _ in range(3)]

            return calls()

        outcome = flavor.call(url, three_calls)
        requests = len(origin.requests)
    assert outcome.error is None, repr(outcome.error)
    assert outcome.value == ["completed"] * 3
    assert requests == 3 and proxy.tunnels == 1 and origin.handshakes == 1


def test_close_ends_a_sync_call_in_a_tunnel(
    proxy: TunnelProxy, certificate: tuple[Path, Path]
) -> None:
    with TLSServer(lambda request: hang, *certificate) as origin:
        url = f"https://localhost:{origin.port}/v1"
        cg = Cloudglue(api_key=API_KEY, base_url=url, timeout=LONG_TIMEOUT, max_retries=0)
        errors: list[BaseException] = []

        def call() -> None:
            try:
                cg.frames.get(JOB_ID)
            except Exception as exc:
                errors.append(exc)

        worker = threading.Thread(target=call)
        worker.start()
        poll_until(lambda: bool(origin.requests), what="the request at the origin")
        started = time.monotonic()
        cg.close()
        worker.join(timeout=LONG_TIMEOUT + 5)
        ended = time.monotonic() - started
    assert ended < CLOSE_BOUND, f"the call ended {ended:.1f}s after close()"
    assert len(errors) == 1 and isinstance(errors[0], ClientClosedError), errors


def test_close_ends_an_async_call_in_a_tunnel(
    proxy: TunnelProxy, certificate: tuple[Path, Path]
) -> None:
    async def scenario(url: str, origin: TLSServer) -> tuple[BaseException | None, float]:
        cg = AsyncCloudglue(api_key=API_KEY, base_url=url, timeout=LONG_TIMEOUT, max_retries=0)
        call = asyncio.ensure_future(cg.frames.get(JOB_ID))
        await poll_until_async(lambda: bool(origin.requests), what="the request at the origin")
        started = time.monotonic()
        await cg.close()
        done, _ = await asyncio.wait({call}, timeout=LONG_TIMEOUT + 5)
        return (call.exception() if done else None), time.monotonic() - started

    with TLSServer(lambda request: hang, *certificate) as origin:
        error, ended = asyncio.run(scenario(f"https://localhost:{origin.port}/v1", origin))
    assert ended < CLOSE_BOUND, f"the call ended {ended:.1f}s after close()"
    assert isinstance(error, ClientClosedError), repr(error)


def test_a_mixed_up_answer_in_a_tunnel_ends_that_tunnel(
    flavor: Flavor, proxy: TunnelProxy, certificate: tuple[Path, Path]
) -> None:
    """An answer about another job ends the connection it came on (`Attempt.abort`): in a
    tunnel, the async pool binds the socket under anyio's stream, read from the response."""
    other = frame_job(frame_extraction_id="00000000-0000-0000-0000-000000000007")
    answers = [other, frame_job()]
    with TLSServer(lambda request: httpx.Response(200, json=answers.pop(0)), *certificate) as tls:

        def two_calls(cg: Any) -> Any:
            if flavor.name == "sync":
                with pytest.raises(APIResponseValidationError):
                    cg.frames.get(JOB_ID)
                return cg.frames.get(JOB_ID).status

            async def calls() -> Any:
                with pytest.raises(APIResponseValidationError):
                    await cg.frames.get(JOB_ID)
                return (await cg.frames.get(JOB_ID)).status

            return calls()

        outcome = flavor.call(f"https://localhost:{tls.port}/v1", two_calls)
    assert outcome.error is None, repr(outcome.error)
    assert outcome.value == "completed" and proxy.tunnels == 2
