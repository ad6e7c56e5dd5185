"""Shared helpers of the emulator reliability tests: deadlines, raw HTTP, sizes and figures."""

from __future__ import annotations

import hashlib
import os
import socket
import struct
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from cloudglue_emulator.testing import RunningEmulator
from tests.support.polling import until_status

FULL = os.environ.get("CLOUDGLUE_RELIABILITY") == "full"
"""`make reliability` sets CLOUDGLUE_RELIABILITY=full for the long versions."""

TERMINAL = frozenset({"completed", "failed", "not_applicable"})
POLL_SECONDS = 0.05


def wait_terminal(client: httpx.Client, url: str, timeout: float) -> dict[str, Any]:
    """GET `url` until its `status` is terminal (deadline-bound polling)."""

    def get() -> dict[str, Any]:
        r = client.get(url)
        assert r.status_code == 200, (url, r.status_code, r.text)
        body: dict[str, Any] = r.json()
        return body

    body: dict[str, Any] = until_status(
        get,
        lambda status: status in TERMINAL,
        timeout,
        f"{url} to reach a terminal status",
        POLL_SECONDS,
    )
    return body


def assert_serving(emu: RunningEmulator, known_file_id: str | None = None) -> None:
    """The server still answers: /healthz, a normal authenticated GET (and a known file)."""
    health = httpx.get(f"{emu.origin}/healthz", timeout=10.0)
    assert health.status_code == 200 and health.json() == {"status": "ok"}
    listed = httpx.get(f"{emu.base_url}/files", headers=emu.headers, timeout=10.0)
    assert listed.status_code == 200 and listed.json()["object"] == "list"
    if known_file_id is not None:
        r = httpx.get(f"{emu.base_url}/files/{known_file_id}", headers=emu.headers, timeout=10.0)
        assert r.status_code == 200 and r.json()["id"] == known_file_id


def all_pages(client: httpx.Client, url: str, key: str, limit: int = 100) -> list[dict[str, Any]]:
    """Every item of a paged job resource (`data[key]`) or list (`data`), in order."""
    items: list[dict[str, Any]] = []
    for _ in range(100_000):  # bounded: far more pages than any test makes
        r = client.get(url, params={"limit": limit, "offset": len(items)})
        assert r.status_code == 200, (url, r.text)
        body = r.json()
        data = body["data"]
        if isinstance(data, dict):
            page, total = data.get(key, []), data["total"]
        else:
            page, total = data, body["total"]
        items.extend(page)
        if not page or len(items) >= total:
            return items
    raise AssertionError(f"{url}: too many pages")


def padded_video(source: Path, target: Path, total_bytes: int) -> Path:
    """`source` followed by an MP4 `free` box, so the file is `total_bytes` and still decodes."""
    data = source.read_bytes()
    pad = total_bytes - len(data) - 8
    assert pad >= 0
    with target.open("wb") as handle:
        handle.write(data)
        handle.write(struct.pack(">I4s", pad + 8, b"free"))
        chunk = b"\0" * (1024 * 1024)
        while pad > 0:
            handle.write(chunk[: min(pad, len(chunk))])
            pad -= min(pad, len(chunk))
    return target


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass
class RawResponse:
    status: int
    head: str
    body: bytes


def raw_request(
    port: int,
    target: str,
    *,
    method: str = "GET",
    headers: Sequence[tuple[str, str]] = (),
    body: bytes = b"",
    timeout: float = 10.0,
) -> RawResponse:
    """Send exactly this request line (no client-side URL normalization) over loopback."""
    lines = [f"{method} {target} HTTP/1.1", f"Host: 127.0.0.1:{port}", "Connection: close"]
    lines += [f"{k}: {v}" for k, v in headers]
    if body:
        lines.append(f"Content-Length: {len(body)}")
    request = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(request)
        received = bytearray()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            chunk = sock.recv(65536)
            if not chunk:
                break
            received += chunk
    head, _, rest = bytes(received).partition(b"\r\n\r\n")
    status_line = head.split(b"\r\n", 1)[0].decode("latin-1")
    parts = status_line.split(" ")
    assert len(parts) >= 2 and parts[0].startswith("HTTP/"), f"no HTTP answer to {target!r}"
    return RawResponse(int(parts[1]), head.decode("latin-1"), rest)


def raw_exchange(port: int, data: bytes, timeout: float = 10.0) -> int | None:
    """Send raw bytes, half-close, and return the answer's status (None if it just closed)."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        try:
            sock.sendall(data)
            sock.shutdown(socket.SHUT_WR)
        except OSError:
            pass  # the server may close as soon as it has seen enough
        received = bytearray()
        deadline = time.monotonic() + timeout
        try:
            while time.monotonic() < deadline:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                received += chunk
        except ConnectionResetError:
            pass
    first = bytes(received).split(b"\r\n", 1)[0].split(b" ")
    if len(first) >= 2 and first[0].startswith(b"HTTP/") and first[1].isdigit():
        return int(first[1])
    return None


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of `values` (0 for none)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * q // 100))
    return ordered[int(rank) - 1]
