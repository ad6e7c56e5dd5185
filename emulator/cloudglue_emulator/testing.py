"""Run the emulator as a subprocess for tests: `with running() as emu: ... emu.base_url ...`.

The server is started with `python -m cloudglue_emulator serve` on a free loopback port (a
temporary data dir unless one is given); readiness is polled on `/healthz` with a deadline.
"""

from __future__ import annotations

import selectors
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import deque
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx

from ._extra import require_extra
from .settings import DEFAULT_API_KEY, fault_settings

if TYPE_CHECKING:
    from cloudglue_client import AsyncCloudglue, Cloudglue

START_TIMEOUT_SECONDS = 30.0
STOP_TIMEOUT_SECONDS = 10.0
POLL_INTERVAL_SECONDS = 0.05
OUTPUT_LINES_KEPT = 10_000
_URL_PREFIX = "CLOUDGLUE_BASE_URL="


class EmulatorStartError(RuntimeError):
    """The emulator subprocess did not become ready in time."""


class RunningEmulator:
    """A started emulator subprocess: its URL, key and data dir, and ways to stop it."""

    def __init__(self, data_dir: Path, api_key: str, port: int, args: Sequence[str]) -> None:
        require_extra("running the Cloudglue emulator")
        self.data_dir = data_dir
        self.api_key = api_key
        self.port = port
        self.base_url = ""
        self._args = list(args)
        self._log = tempfile.TemporaryFile()  # noqa: SIM115 - closed in close()
        self._output: deque[bytes] = deque(maxlen=OUTPUT_LINES_KEPT)
        try:
            self.process: subprocess.Popen[bytes] = self._spawn(port)
        except BaseException:
            self._log.close()
            raise

    @property
    def origin(self) -> str:
        """`http://127.0.0.1:PORT` (the base URL without `/v1`)."""
        return self.base_url.removesuffix("/v1")

    @property
    def headers(self) -> dict[str, str]:
        """The bearer header for this emulator."""
        return {"Authorization": f"Bearer {self.api_key}"}

    def client(self, **options: Any) -> Cloudglue:
        """A ready `Cloudglue` client for this emulator (close it, or use `with`)."""
        from cloudglue_client import Cloudglue

        return Cloudglue(api_key=self.api_key, base_url=self.base_url, **options)

    def async_client(self, **options: Any) -> AsyncCloudglue:
        """A ready `AsyncCloudglue` client for this emulator."""
        from cloudglue_client import AsyncCloudglue

        return AsyncCloudglue(api_key=self.api_key, base_url=self.base_url, **options)

    def _spawn(self, port: int) -> subprocess.Popen[bytes]:
        command = [
            sys.executable,
            "-m",
            "cloudglue_emulator",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--data-dir",
            str(self.data_dir),
            "--api-key",
            self.api_key,
            *self._args,
        ]
        process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=self._log, stdin=subprocess.DEVNULL
        )
        self.process = process
        try:
            self.base_url = self._read_base_url(process)
            self.port = int(self.base_url.rsplit(":", 1)[1].split("/", 1)[0])
            # Keep reading stdout: an undrained pipe fills after ~64 KiB and then blocks the
            # server, whatever it prints there.
            threading.Thread(target=self._drain, args=(process,), daemon=True).start()
            self._wait_healthy()
        except BaseException:
            self._terminate(process)
            raise
        return process

    def _read_base_url(self, process: subprocess.Popen[bytes]) -> str:
        assert process.stdout is not None
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        with selectors.DefaultSelector() as selector:
            selector.register(process.stdout, selectors.EVENT_READ)
            while time.monotonic() < deadline:
                if not selector.select(timeout=max(0.0, deadline - time.monotonic())):
                    continue
                line = process.stdout.readline().decode("utf-8", "replace").strip()
                if line.startswith(_URL_PREFIX):
                    return line.removeprefix(_URL_PREFIX)
                if not line and process.poll() is not None:
                    break
        raise EmulatorStartError(f"emulator did not print its URL:\n{self.log_text()}")

    def _wait_healthy(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                if httpx.get(f"{self.origin}/healthz", timeout=1.0).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(POLL_INTERVAL_SECONDS)
        raise EmulatorStartError(f"emulator did not become healthy:\n{self.log_text()}")

    def _drain(self, process: subprocess.Popen[bytes]) -> None:
        assert process.stdout is not None
        try:
            for line in iter(process.stdout.readline, b""):
                self._output.append(line)
        except (OSError, ValueError):  # closed by kill() or stop()
            pass

    def output_text(self) -> str:
        """The last lines the subprocess wrote to stdout after its URL."""
        return b"".join(list(self._output)).decode("utf-8", "replace")

    def log_text(self) -> str:
        """What the subprocess wrote to stderr so far ("" once closed)."""
        if self._log.closed:
            return ""
        self._log.seek(0)
        return self._log.read().decode("utf-8", "replace")

    def set_faults(self, **settings: Any) -> dict[str, Any]:
        """Change fault settings at run time (`latency_ms`, `fail_rate`, `rps`, ...)."""
        return self._faults("PUT", settings)

    def reset_faults(self) -> dict[str, Any]:
        """Put the fault settings back to those the server was started with."""
        return self._faults("DELETE")

    def _faults(self, method: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
        response = httpx.request(
            method,
            f"{self.origin}/_emulator/faults",
            json=body,
            headers=self.headers,
            timeout=10.0,
        )
        response.raise_for_status()
        result: dict[str, Any] = response.json()
        return result

    def kill(self) -> None:
        """SIGKILL the server (for durability tests) and reap it."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
        self.process.wait(STOP_TIMEOUT_SECONDS)
        self._close_stdout()

    def stop(self) -> int | None:
        """SIGTERM the server and wait; SIGKILL if it does not stop in time. Returns the code."""
        return self._terminate(self.process)

    def restart(self) -> None:
        """Start the server again on the same port and data dir (after `kill` or `stop`)."""
        if self.process.poll() is None:
            self.stop()
        self._spawn(self.port)

    def _terminate(self, process: subprocess.Popen[bytes]) -> int | None:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(STOP_TIMEOUT_SECONDS)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(STOP_TIMEOUT_SECONDS)
        if process.stdout is not None:
            process.stdout.close()
        return process.returncode

    def _close_stdout(self) -> None:
        if self.process.stdout is not None:
            self.process.stdout.close()

    def close(self) -> None:
        """Stop the server and release the log file."""
        try:
            self.stop()
        finally:
            self._log.close()


@contextmanager
def running(
    *,
    data_dir: Path | str | None = None,
    api_key: str = DEFAULT_API_KEY,
    port: int = 0,
    extra_args: Sequence[str] = (),
    **faults: float | None,
) -> Iterator[RunningEmulator]:
    """Start an emulator subprocess, yield it once `/healthz` answers, always stop it.

    `faults` are fault settings by name (`latency_ms=20`, `fail_rate=0.1`, `rps=5`,
    `job_delay_seconds=0.5`, ...: the fields of `settings.FaultSettings`, also listed with
    their bounds by `cloudglue-emulator serve --help`). They are checked before anything
    starts: an unknown name is a TypeError, a value out of bounds a ValueError.
    """
    flags = fault_settings(**faults).as_flags()
    with tempfile.TemporaryDirectory(prefix="cg-emulator-") as tmp:
        root = Path(data_dir) if data_dir is not None else Path(tmp) / "data"
        emulator = RunningEmulator(root, api_key, port, [*flags, *extra_args])
        try:
            yield emulator
        finally:
            emulator.close()
