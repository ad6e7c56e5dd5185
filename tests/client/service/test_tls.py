"""HTTPS on the client's own connections: certificates checked as httpx checks them.

A loopback server answers over TLS with a certificate made for this run (openssl); the client
trusts it through SSL_CERT_FILE, as httpx does. The sync pool and the async pool (asyncio's
own transports, `_async_sockets`) both shake hands, keep the connection for the next request,
and refuse a certificate they were not told to trust, with the same error as through httpx.
"""

from __future__ import annotations

import shutil
import socket
import ssl
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from cloudglue_client import APIConnectionError
from tests.support.fakeapi import JOB_ID, frame_job
from tests.support.rawserver import RawServer

from .conftest import Flavor


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(certificate, key) of a self-signed certificate for localhost and 127.0.0.1."""
    if shutil.which("openssl") is None:
        pytest.skip("the openssl command is needed to make a test certificate")
    where = tmp_path_factory.mktemp("tls")
    cert, key = where / "cert.pem", where / "key.pem"
    command = ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2"]
    command += ["-keyout", str(key), "-out", str(cert), "-subj", "/CN=localhost"]
    command += ["-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"]
    subprocess.run(
        command,
        check=True,
        capture_output=True,
        timeout=60,
    )
    return cert, key


class TLSServer(RawServer):
    """RawServer speaking TLS on every connection it accepts."""

    def __init__(self, route: Any, cert: Path, key: Path) -> None:
        super().__init__(route)
        self.context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.context.load_cert_chain(cert, key)
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
