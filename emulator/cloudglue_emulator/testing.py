"""Run the emulator as a subprocess for tests: `with running() as emu: ... emu.base_url ...`.

The server is started with `python -m cloudglue_emulator serve` on a free loopback port (a
temporary data dir unless one is given); readiness is polled on `/healthz` with a deadline.
`emu.isolated()` is the same server through a fresh key with a store of its own.
"""

from __future__ import annotations

import copy
import selectors
import shlex
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
import warnings
from collections import deque
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx

from ._extra import require_extra
from .listening import bind
from .settings import (
    DEFAULT_API_KEY,
    SPACE_ADMIN_PATH,
    SPACE_NAME,
    SPACE_NAME_RULE,
    SPACE_SEPARATOR,
    fault_settings,
)

if TYPE_CHECKING:
    from cloudglue_client import AsyncCloudglue, Cloudglue

START_TIMEOUT_SECONDS = 30.0
STOP_TIMEOUT_SECONDS = 10.0
POLL_INTERVAL_SECONDS = 0.05
OUTPUT_LINES_KEPT = 10_000
ADMIN_TIMEOUT_SECONDS = 10.0
_URL_PREFIX = "export CLOUDGLUE_BASE_URL="
FAULTS_PATH = "/_emulator/faults"


class EmulatorStartError(RuntimeError):
    """The emulator subprocess did not become ready in time."""


class _Server:
    """The subprocess, what it printed, and one HTTP client for admin calls: shared by a
    `RunningEmulator` and every view of it that `isolated()` makes."""

    def __init__(self, data_dir: Path, api_key: str, port: int, args: Sequence[str]) -> None:
        self.data_dir = data_dir
        self.api_key = api_key
        self.port = port
        self.base_url = ""
        self._args = list(args)
        self._log = tempfile.TemporaryFile()  # noqa: SIM115 - closed in close()
        self._output: deque[bytes] = deque(maxlen=OUTPUT_LINES_KEPT)
        self._admin: httpx.Client | None = None
        self._admin_lock = threading.Lock()
        try:
            self.process: subprocess.Popen[bytes] = self.spawn(port)
        except BaseException:
            self._log.close()
            raise

    @property
    def origin(self) -> str:
        return self.base_url.removesuffix("/v1")

    def spawn(self, port: int) -> subprocess.Popen[bytes]:
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
            # The server stops when this pipe closes: when this process exits, however it
            # ends (even by SIGKILL), so no server outlives it holding its port and data dir.
            "--exit-on-stdin-eof",
            *self._args,
        ]
        process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=self._log, stdin=subprocess.PIPE
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
            self.terminate(process)
            raise
        return process

    def respawn(self) -> str:
        """Start the server again (the last one has exited): on its last port if this machine
        lets us listen there, else on a free one with a RuntimeWarning. Returns the base URL.

        A port whose old connections linger in TIME_WAIT is free to the server (it binds with
        SO_REUSEADDR, as the check here does); one another process listens on is not.
        """
        old = self.port
        if _can_listen(old):
            try:
                self.spawn(old)
                return self.base_url
            except EmulatorStartError:
                if _can_listen(old):  # the port was not the problem
                    raise
        self.spawn(0)
        warnings.warn(
            f"port {old} was taken while the emulator was stopped; it now listens on"
            f" {self.base_url} (clients made before the restart still use port {old})",
            RuntimeWarning,
            stacklevel=3,
        )
        return self.base_url

    def _read_base_url(self, process: subprocess.Popen[bytes]) -> str:
        assert process.stdout is not None
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        with selectors.DefaultSelector() as selector:
            selector.register(process.stdout, selectors.EVENT_READ)
            while time.monotonic() < deadline:
                if not selector.select(timeout=max(0.0, deadline - time.monotonic())):
                    continue
                line = process.stdout.readline().decode("utf-8", "replace").strip()
                if line.startswith(_URL_PREFIX):  # `export NAME=value`, value shell-quoted
                    return shlex.split(line)[1].split("=", 1)[1]
                if not line and process.poll() is not None:
                    break
        raise EmulatorStartError(f"emulator did not print its URL:\n{self.log_text()}")

    def _wait_healthy(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                # trust_env=False: the server is on this machine's loopback, which a proxy
                # named by the environment (HTTP_PROXY without NO_PROXY) cannot reach.
                health = httpx.get(f"{self.origin}/healthz", timeout=1.0, trust_env=False)
                if health.status_code == 200:
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
        return b"".join(list(self._output)).decode("utf-8", "replace")

    def log_text(self) -> str:
        if self._log.closed:
            return ""
        self._log.seek(0)
        return self._log.read().decode("utf-8", "replace")

    def admin(self, method: str, path: str, api_key: str, body: Any = None) -> httpx.Response:
        """One request to the emulator's admin API on a kept-alive connection (a fresh client
        per call would cost an SSL context and a connection, per test), never through a proxy
        of the environment (the server is on loopback)."""
        with self._admin_lock:
            if self._admin is None:
                self._admin = httpx.Client(timeout=ADMIN_TIMEOUT_SECONDS, trust_env=False)
            client = self._admin
        return client.request(
            method,
            f"{self.origin}{path}",
            json=body,
            headers={"Authorization": f"Bearer {api_key}"},
        )

    def _close_admin(self) -> None:
        with self._admin_lock:
            client, self._admin = self._admin, None
        if client is not None:
            client.close()

    @staticmethod
    def _close_pipes(process: subprocess.Popen[bytes]) -> None:
        for pipe in (process.stdin, process.stdout):
            if pipe is not None:
                pipe.close()

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
        self.process.wait(STOP_TIMEOUT_SECONDS)
        self._close_pipes(self.process)
        self._close_admin()

    def terminate(self, process: subprocess.Popen[bytes]) -> int | None:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(STOP_TIMEOUT_SECONDS)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(STOP_TIMEOUT_SECONDS)
        self._close_pipes(process)
        self._close_admin()
        return process.returncode

    def close(self) -> None:
        try:
            self.terminate(self.process)
        finally:
            self._log.close()


class RunningEmulator:
    """A started emulator subprocess: its URL, key and data dir, and ways to stop it.

    `isolated()` gives a view of the same server through a key of its own (`KEY.NAME`): a
    store no other key sees. Views share the process: stopping or restarting one does it for
    all.
    """

    def __init__(self, data_dir: Path, api_key: str, port: int, args: Sequence[str]) -> None:
        require_extra("running the Cloudglue emulator")
        self._server = _Server(data_dir, api_key, port, args)
        self.api_key = api_key

    @property
    def data_dir(self) -> Path:
        """The server's data dir (isolated stores live in its `spaces/` folder)."""
        return self._server.data_dir

    @property
    def server_key(self) -> str:
        """The key the server was started with (its own store); `api_key` for that store."""
        return self._server.api_key

    @property
    def port(self) -> int:
        """The port the server listens on (loopback)."""
        return self._server.port

    @property
    def base_url(self) -> str:
        """`http://127.0.0.1:PORT/v1`."""
        return self._server.base_url

    @property
    def process(self) -> subprocess.Popen[bytes]:
        """The server process (a new one after `restart()`)."""
        return self._server.process

    @property
    def origin(self) -> str:
        """`http://127.0.0.1:PORT` (the base URL without `/v1`)."""
        return self._server.origin

    @property
    def headers(self) -> dict[str, str]:
        """The bearer header of this emulator's key."""
        return {"Authorization": f"Bearer {self.api_key}"}

    def isolated(self, name: str | None = None) -> RunningEmulator:
        """This server through the key `SERVER_KEY.NAME`: a store of its own (files, jobs,
        thumbnails) that no other key sees, created on first use. A fresh random name unless
        `name` (1-64 letters, digits, `-`, `_`) is given; the same name is the same store."""
        if name is None:
            name = uuid.uuid4().hex
        elif not isinstance(name, str) or SPACE_NAME.fullmatch(name) is None:
            raise ValueError(f"name: must be {SPACE_NAME_RULE}, got {name!r}")
        view = copy.copy(self)
        view.api_key = f"{self.server_key}{SPACE_SEPARATOR}{name}"
        return view

    def delete_store(self) -> None:
        """Delete this key's isolated store with everything in it (`DELETE /_emulator/space`;
        nothing to do if it was never used). The server's own store cannot be deleted."""
        self._server.admin("DELETE", SPACE_ADMIN_PATH, self.api_key).raise_for_status()

    def client(self, **options: Any) -> Cloudglue:
        """A ready `Cloudglue` client for this emulator (close it, or use `with`)."""
        from cloudglue_client import Cloudglue

        return Cloudglue(api_key=self.api_key, base_url=self.base_url, **options)

    def async_client(self, **options: Any) -> AsyncCloudglue:
        """A ready `AsyncCloudglue` client for this emulator."""
        from cloudglue_client import AsyncCloudglue

        return AsyncCloudglue(api_key=self.api_key, base_url=self.base_url, **options)

    def output_text(self) -> str:
        """The last lines the subprocess wrote to stdout after its URL."""
        return self._server.output_text()

    def log_text(self) -> str:
        """What the subprocess wrote to stderr so far ("" once closed)."""
        return self._server.log_text()

    def set_faults(self, **settings: Any) -> dict[str, Any]:
        """Change fault settings at run time (`latency_ms`, `fail_rate`, `rps`, ...); they
        apply to the whole server, every key alike."""
        return self._faults("PUT", settings)

    def reset_faults(self) -> dict[str, Any]:
        """Put the fault settings back to those the server was started with."""
        return self._faults("DELETE")

    def _faults(self, method: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
        response = self._server.admin(method, FAULTS_PATH, self.server_key, body)
        response.raise_for_status()
        result: dict[str, Any] = response.json()
        return result

    def kill(self) -> None:
        """SIGKILL the server (for durability tests) and reap it."""
        self._server.kill()

    def stop(self) -> int | None:
        """SIGTERM the server and wait; SIGKILL if it does not stop in time. Returns the code."""
        return self._server.terminate(self._server.process)

    def restart(self) -> str:
        """Start the server again on the same data dir (after `kill` or `stop`, or stopping it
        first); returns its base URL.

        It keeps its port, so clients made before keep working, unless another process took
        the port meanwhile: then it starts on a free port, with a RuntimeWarning, and
        `base_url` (here and in every `isolated()` view) is the new URL to make clients with.
        """
        if self.process.poll() is None:
            self.stop()
        return self._server.respawn()

    def close(self) -> None:
        """Stop the server and release the log file."""
        self._server.close()


def _can_listen(port: int) -> bool:
    """Whether the server could listen on this loopback port now (bound as it binds)."""
    try:
        bind("127.0.0.1", port).close()
    except OSError:
        return False
    return True


@contextmanager
def running(
    *,
    data_dir: Path | str | None = None,
    api_key: str = DEFAULT_API_KEY,
    port: int = 0,
    extra_args: Sequence[str] = (),
    **faults: float | None,
) -> Iterator[RunningEmulator]:
    """Start an emulator subprocess, yield it once `/healthz` answers, always stop it (it
    also stops by itself when this process ends without stopping it, even by SIGKILL).

    `faults` are fault settings by name (`latency_ms=20`, `fail_rate=0.1`, `rps=5`,
    `job_delay_seconds=0.5`, ...: the fields of `settings.FaultSettings`, also listed with
    their bounds by `cloudglue-emulator serve --help`). They are checked before anything
    starts: an unknown name is a TypeError, a value out of bounds a ValueError.
    """
    flags = fault_settings(**faults).as_flags()
    with tempfile.TemporaryDirectory(prefix="cg-emulator-") as tmp:
        # `~` expanded here, as the server expands it, so `emu.data_dir` is where it stores
        root = Path(data_dir).expanduser() if data_dir is not None else Path(tmp) / "data"
        emulator = RunningEmulator(root, api_key, port, [*flags, *extra_args])
        try:
            yield emulator
        finally:
            emulator.close()
