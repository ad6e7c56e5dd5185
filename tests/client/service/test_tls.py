"""HTTPS on the client's own connections: certificates checked as httpx checks them.

A loopback server answers over TLS with a certificate made for this run (openssl); the client
trusts it through SSL_CERT_FILE, as httpx does. The sync pool and the async pool (asyncio's
own transports, `_async_sockets`, with TLS of its own) both shake hands, keep the connection
for the next request, read large bodies whole, give up on a stalled handshake at the timeout,
and refuse a certificate they were not told to trust, with the same error as through httpx.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import ssl
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from cloudglue_client import APIConnectionError, APITimeoutError, AsyncCloudglue
from cloudglue_client._async_sockets import AsyncioBackend
from tests.support.fakeapi import JOB_ID, frame_job
from tests.support.polling import poll_until_async
from tests.support.rawserver import RawServer

from .conftest import Flavor, server_context

#: Room for a loaded 2-core machine on top of a promised bound.
SLACK = 2.0


class TLSServer(RawServer):
    """RawServer speaking TLS on every connection it accepts."""

    def __init__(self, route: Any, cert: Path, key: Path) -> None:
        super().__init__(route)
        self.context = server_context((cert, key))
        self.url = f"https://localhost:{self.port}/v1"
        self.handshakes = 0

    def _serve(self, conn: socket.socket) -> None:
        try:
            tls = self.context.wrap_socket(conn, server_side=True)
        except (OSError, ssl.SSLError):
            conn.close()
            return
        with self._lock:
            self.handshakes += 1
        super()._serve(tls)


@pytest.fixture
def server(certificate: tuple[Path, Path]) -> Iterator[TLSServer]:
    with TLSServer(lambda request: httpx.Response(200, json=frame_job()), *certificate) as tls:
        yield tls


def test_https_calls_keep_their_connection(
    flavor: Flavor, server: TLSServer, certificate: tuple[Path, Path], monkeypatch: Any
) -> None:
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate[0]))

    def three_calls(cg: Any) -> Any:
        if flavor.name == "sync":
            return [cg.frames.get(JOB_ID).status for _ in range(3)]

        async def calls() -> Any:
            return [(await cg.frames.get(JOB_ID)).status for _ in range(3)]

        return calls()

    outcome = flavor.call(server.url, three_calls)
    assert outcome.error is None, repr(outcome.error)
    assert [str(s) for s in outcome.value] == ["completed"] * 3
    assert len(server.requests) == 3 and server.handshakes == 1


def test_an_untrusted_certificate_is_refused_as_httpx_refuses_it(
    flavor: Flavor, server: TLSServer, monkeypatch: Any, tmp_path: Path
) -> None:
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    outcomes = [
        flavor.call(server.url, lambda cg: cg.frames.get(JOB_ID), max_retries=0, **kw)
        for kw in ({}, {"http_client": flavor.http()})
    ]
    for outcome in outcomes:
        assert isinstance(outcome.error, APIConnectionError), repr(outcome.error)
        assert "CERTIFICATE_VERIFY_FAILED" in str(outcome.error)
    assert server.requests == []


def test_a_certificate_that_fails_verification_is_not_retried_and_says_what_to_do(
    flavor: Flavor, server: TLSServer, monkeypatch: Any
) -> None:
    """Verification fails the same way every time: one handshake, and the hint names where a
    private CA goes."""
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    outcome = flavor.call(server.url, lambda cg: cg.frames.get(JOB_ID), max_retries=3)
    assert isinstance(outcome.error, APIConnectionError), repr(outcome.error)
    assert "SSL_CERT_FILE" in str(outcome.error)
    assert server.handshakes == 0 and server.connections == 1


def test_a_large_body_arrives_whole_over_tls(
    flavor: Flavor, certificate: tuple[Path, Path], monkeypatch: Any
) -> None:
    """Many TLS records, read across many reads: the body arrives byte for byte."""
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate[0]))
    body = frame_job(note=os.urandom(900 * 1024).hex())  # 1.8 MB of JSON

    def route(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=body)

    with TLSServer(route, *certificate) as server:
        expected = httpx.Response(200, json=body).content
        assert len(expected) > 1024 * 1024

        def two_calls(cg: Any) -> Any:
            if flavor.name == "sync":
                return [cg.with_raw_response.frames.get(JOB_ID).content for _ in range(2)]

            async def calls() -> Any:
                return [(await cg.with_raw_response.frames.get(JOB_ID)).content for _ in range(2)]

            return calls()

        outcome = flavor.call(server.url, two_calls)
    assert outcome.error is None, repr(outcome.error)
    assert outcome.value == [expected, expected]
    assert server.handshakes == 1


def test_a_stalled_handshake_ends_in_a_connect_timeout(flavor: Flavor) -> None:
    """The server's kernel accepts the connection but nothing answers the ClientHello."""
    timeout = 0.5
    with socket.create_server(("127.0.0.1", 0)) as listener:  # never accepts
        url = f"https://127.0.0.1:{listener.getsockname()[1]}/v1"
        outcome = flavor.call(url, lambda cg: cg.frames.get(JOB_ID), timeout=timeout, max_retries=0)
    assert isinstance(outcome.error, APITimeoutError), repr(outcome.error)
    assert outcome.seconds < timeout + SLACK


def test_records_without_data_do_not_end_an_idle_async_connection(
    certificate: tuple[Path, Path],
) -> None:
    """TLS 1.3 session tickets that reach a connection while it is idle (servers may send them
    after the handshake's end) leave it reusable: httpcore drops an idle connection that reads
    as readable, so each request would shake hands anew. Data, then the close, do end it."""
    listener = socket.create_server(("127.0.0.1", 0))
    send = threading.Semaphore(0)  # one release per step of the server's below

    def serve() -> None:
        conn, _ = listener.accept()
        with conn:
            incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
            tls = server_context(certificate).wrap_bio(incoming, outgoing, server_side=True)
            while True:
                try:
                    tls.do_handshake()
                    break
                except ssl.SSLWantReadError:
                    conn.sendall(outgoing.read())
                    incoming.write(conn.recv(65536))
            tickets = outgoing.read()  # written as the handshake ends; sent late
            for step in (lambda: tickets, lambda: tls.write(b"hello") and outgoing.read()):
                send.acquire(timeout=30)
                conn.sendall(step())  # type: ignore[arg-type]
            send.acquire(timeout=30)

    async def scenario() -> None:
        stream = await AsyncioBackend().connect_tcp("127.0.0.1", listener.getsockname()[1], 10)
        context = ssl.create_default_context(cafile=certificate[0])
        tls = await stream.start_tls(context, server_hostname="localhost", timeout=10)
        sslobj = tls.get_extra_info("ssl_object")
        assert sslobj.version() == "TLSv1.3" and not sslobj.session.has_ticket

        def arrived() -> bool | None:
            return bool(tls.chunks) or None  # raw bytes, not looked at yet

        send.release()  # the tickets
        await poll_until_async(arrived, what="the session tickets")
        assert tls.get_extra_info("is_readable") is False
        assert sslobj.session.has_ticket  # taken on the way
        send.release()  # data
        await poll_until_async(arrived, what="the data")
        assert tls.get_extra_info("is_readable") is True
        assert await tls.read(100, timeout=10) == b"hello"
        assert tls.get_extra_info("is_readable") is False
        send.release()  # the close
        await poll_until_async(lambda: tls.get_extra_info("is_readable") or None, what="EOF")
        assert await tls.read(100, timeout=10) == b""
        await tls.aclose()

    server = threading.Thread(target=serve, daemon=True)
    server.start()
    try:
        asyncio.run(scenario())
    finally:
        for _ in range(3):
            send.release()
        listener.close()
        server.join(timeout=10)


def test_a_cancelled_handshake_closes_its_connection() -> None:
    """A call cancelled while its new connection shakes hands leaves no connection open (the
    pool never saw it, so nothing else would close it)."""
    listener = socket.create_server(("127.0.0.1", 0))

    async def scenario() -> None:
        url = f"https://127.0.0.1:{listener.getsockname()[1]}/v1"
        async with AsyncCloudglue(api_key="k", base_url=url, max_retries=0, timeout=60) as cg:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(cg.frames.get(JOB_ID), 0.5)
            conn, _ = listener.accept()  # connected already: the handshake had begun
            with conn:
                conn.setblocking(False)

                def closed() -> bool | None:
                    try:
                        while conn.recv(65536):
                            pass  # the ClientHello
                    except BlockingIOError:
                        return None
                    except ConnectionResetError:
                        pass
                    return True

                await poll_until_async(closed, what="the connection's close")

    try:
        asyncio.run(scenario())
    finally:
        listener.close()
