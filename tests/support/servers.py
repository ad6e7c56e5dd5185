"""Starting local servers for tests: free ports and readiness polling with a deadline."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import time
from collections.abc import Iterator, Sequence

import httpx

from tests.support.paths import ROOT


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until_up(url: str, process: subprocess.Popen[bytes], *, deadline: float = 30.0) -> None:
    """Poll `url` until anything answers; fail early if the process dies."""
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        if process.poll() is not None:
            out = process.stdout.read().decode(errors="replace") if process.stdout else ""
            raise RuntimeError(f"server exited with {process.returncode}:\n{out[-2000:]}")
        with contextlib.suppress(httpx.TransportError):
            httpx.get(url, timeout=1.0)
            return
        time.sleep(0.05)  # polling interval, not a wait for readiness
    raise TimeoutError(f"{url} did not answer within {deadline}s")


@contextlib.contextmanager
def prism(args: Sequence[str] = ()) -> Iterator[str]:
    """Run `prism mock openapi.yaml` from node_modules; yield its base URL."""
    binary = ROOT / "node_modules" / ".bin" / "prism"
    if not binary.exists():
        raise RuntimeError("node_modules/.bin/prism is missing: run `make install` (npm ci)")
    port = free_port()
    process = subprocess.Popen(
        [
            str(binary),
            "mock",
            str(ROOT / "openapi.yaml"),
            "-h",
            "127.0.0.1",
            "-p",
            str(port),
            *args,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url + "/files", process, deadline=60.0)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
