"""Both client flavours against a RawServer, with the elapsed time of each call."""

from __future__ import annotations

import asyncio
import functools
import inspect
import shutil
import ssl
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from cloudglue_client import AsyncCloudglue, Cloudglue

API_KEY = "cg-service-test-key"


@dataclass
class Outcome:
    """What a call returned or raised, and how long it took."""

    value: Any
    error: BaseException | None
    seconds: float


class Flavor:
    """Runs `fn(client)` with Cloudglue or AsyncCloudglue (awaited, in asyncio.run)."""

    def __init__(self, name: str) -> None:
        self.name = name

    def http(self, **kw: Any) -> Any:
        """A user-supplied httpx client of this flavour (httpx's default TLS set-up, made once
        per process rather than once per client: loading the CA bundle takes ~30 ms)."""
        kw.setdefault("verify", _default_tls())
        return httpx.Client(**kw) if self.name == "sync" else httpx.AsyncClient(**kw)

    def client(self, url: str, **kw: Any) -> Any:
        kind = Cloudglue if self.name == "sync" else AsyncCloudglue
        return kind(api_key=API_KEY, base_url=url, **kw)

    def call(self, url: str, fn: Callable[[Any], Any], **client_kw: Any) -> Outcome:
        """Run fn against a fresh client (closed after), timing the call only."""

        async def run_async() -> Outcome:
            async with self.client(url, **client_kw) as cg:
                return await timed_async(lambda: fn(cg))

        if self.name == "async":
            return asyncio.run(run_async())
        with self.client(url, **client_kw) as cg:
            return timed(lambda: fn(cg))


@functools.cache
def _default_tls() -> ssl.SSLContext:
    return httpx.create_ssl_context()


def timed(fn: Callable[[], Any]) -> Outcome:
    started = time.monotonic()
    try:
        return Outcome(fn(), None, time.monotonic() - started)
    except Exception as exc:
        return Outcome(None, exc, time.monotonic() - started)


async def timed_async(fn: Callable[[], Any]) -> Outcome:
    started = time.monotonic()
    try:
        result = fn()
        if inspect.isawaitable(result):
            result = await result
        return Outcome(result, None, time.monotonic() - started)
    except Exception as exc:
        return Outcome(None, exc, time.monotonic() - started)


@pytest.fixture(params=["sync", "async"])
def flavor(request: pytest.FixtureRequest) -> Flavor:
    return Flavor(request.param)


@pytest.fixture(scope="session")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(certificate, key) of a self-signed certificate for localhost and 127.0.0.1."""
    if shutil.which("openssl") is None:
        pytest.skip("the openssl command is needed to make a test certificate")
    where = tmp_path_factory.mktemp("tls")
    cert, key = where / "cert.pem", where / "key.pem"
    command = ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2"]
    command += ["-keyout", str(key), "-out", str(cert), "-subj", "/CN=localhost"]
    command += ["-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"]
    subprocess.run(command, check=True, capture_output=True, timeout=60)
    return cert, key


def server_context(certificate: tuple[Path, Path]) -> ssl.SSLContext:
    """A TLS server context with `certificate` (Python's defaults: TLS 1.3, session tickets)."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(*certificate)
    return context
