"""The servers and sample videos the benchmarks run against.

- `fixed_server()`: bench/fixed_server.py in its own process. Every client row (pagination,
  CPU per page, early exits, memory, fan-out, downloads) reads from it: prebuilt answers at an
  injected latency, the same for every client compared.
- `emulator()`: the emulator in its own process, for the emulator's own rows only
  (bench/emulator_work.py: extraction and shot detection speed, its CPU per request).
- `clip()`: sample videos made once with the emulator's `make_sample`, cached in `bench/.cache/`
  with the emulator's data dir (uploads and jobs named in `jobs.json`), so a second run starts
  at once.
"""

from __future__ import annotations

import json
import selectors
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from cloudglue_client import Cloudglue
from cloudglue_emulator.media import make_sample
from cloudglue_emulator.testing import EmulatorStartError, RunningEmulator, running

from .common import PROJECT_PYTHON, ROOT, log, process_cpu_seconds, step
from .fixed_server import URL_PREFIX

JOB_TIMEOUT = 600.0
START_TIMEOUT = 30.0
#: Any key: the fixed-cost server only checks that a bearer header is sent.
FIXED_API_KEY = "bench-fixed-server-key"


@dataclass(frozen=True)
class Clip:
    """A cached sample video."""

    path: Path
    seconds: float
    width: int
    height: int
    fps: int


def clip(name: str, *, seconds: float, width: int, height: int, fps: int, cache: Path) -> Clip:
    """`cache/NAME.mp4` made with `make_sample` once (the file name encodes the parameters)."""
    path = cache / f"{name}-{seconds:g}s-{width}x{height}-{fps}fps.mp4"
    if not path.exists():
        cache.mkdir(parents=True, exist_ok=True)
        with step(f"making sample {path.name}"):
            make_sample(path, seconds=seconds, width=width, height=height, fps=fps)
    return Clip(path, seconds, width, height, fps)


class FixedServer:
    """A running fixed-cost server (its own process) and its control endpoints."""

    name = "fixed-cost server"

    def __init__(self, process: subprocess.Popen[str], base_url: str) -> None:
        self.process = process
        self.base_url = base_url
        self.origin = base_url.removesuffix("/v1")
        self.api_key = FIXED_API_KEY
        self._control = httpx.Client(base_url=self.origin, timeout=120.0)

    @property
    def pid(self) -> int:
        """The server's process id (its CPU time is read from /proc)."""
        return self.process.pid

    @property
    def args(self) -> dict[str, str]:
        """What a driver needs to reach this server."""
        return {"base_url": self.base_url, "api_key": self.api_key}

    @property
    def headers(self) -> dict[str, str]:
        """The bearer header clients send."""
        return {"Authorization": f"Bearer {self.api_key}"}

    def job(self, frames: int, *, thumbnails: bool = False) -> str:
        """The id of a completed extraction of exactly `frames` frames (pages prebuilt)."""
        body = {"frames": frames, "thumbnails": thumbnails}
        response = self._control.post("/_bench/jobs", json=body).raise_for_status()
        return str(response.json()["id"])

    def settings(self, **values: float) -> None:
        """Set `latency_ms` (every data-plane answer, images included) or `job_delay_seconds`."""
        self._control.put("/_bench/settings", json=values).raise_for_status()

    @contextmanager
    def latency(self, ms: float) -> Iterator[None]:
        """`ms` of latency on every answer inside the block, none after it."""
        self.settings(latency_ms=ms)
        try:
            yield
        finally:
            self.settings(latency_ms=0)

    def requests(self) -> dict[str, int]:
        """Requests answered since the last `reset_stats`, by route (page, poll, create, ...)."""
        stats: dict[str, Any] = self._control.get("/_bench/stats").raise_for_status().json()
        return {route: int(count) for route, count in stats["requests"].items()}

    def cpu_seconds(self) -> float:
        """CPU time the server process has used (its own `time.process_time()`)."""
        stats = self._control.get("/_bench/stats").raise_for_status().json()
        return float(stats["cpu_seconds"])

    def reset_stats(self) -> None:
        """Zero the request counters (and forget fan-out jobs)."""
        self._control.post("/_bench/stats/reset").raise_for_status()

    def close(self) -> None:
        """Stop the process (SIGTERM, then SIGKILL if it lingers)."""
        self._control.close()
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        if self.process.stdout is not None:
            self.process.stdout.close()


@contextmanager
def fixed_server() -> Iterator[FixedServer]:
    """Start bench/fixed_server.py on a free loopback port; always stop it."""
    process = subprocess.Popen(
        [str(PROJECT_PYTHON), "-m", "bench.fixed_server"],
        cwd=str(ROOT),
        stdout=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
    )
    try:
        server = FixedServer(process, _announced_url(process))
    except BaseException:
        process.kill()
        process.wait(10)
        raise
    try:
        yield server
    finally:
        server.close()


def _announced_url(process: subprocess.Popen[str]) -> str:
    assert process.stdout is not None
    deadline = time.monotonic() + START_TIMEOUT
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        while time.monotonic() < deadline:
            if not selector.select(timeout=max(0.0, deadline - time.monotonic())):
                continue
            line = process.stdout.readline().strip()
            if line.startswith(URL_PREFIX):
                return line.removeprefix(URL_PREFIX)
            if not line and process.poll() is not None:
                break
    raise RuntimeError(f"the fixed-cost server did not start (exit code {process.poll()})")


def frame_config(frames: int, seconds: float) -> dict[str, Any]:
    """Arguments of `frames.create` that yield exactly `frames` frames from a clip this long."""
    if frames <= 10 * seconds:
        return {"frames_per_second": 10, "end_time_seconds": frames / 10}
    if frames < 30 * seconds:
        return {"frames_per_second": 30, "end_time_seconds": round(frames / 30 - 0.00005, 4)}
    raise ValueError(f"{frames} frames is more than a {seconds:g} s clip gives")


class Emulator:
    """A running emulator (its own process) with a cached data dir, uploads and jobs."""

    name = "emulator"

    def __init__(self, emu: RunningEmulator, cache: Path) -> None:
        self.emu = emu
        self.cache = cache
        self._jobs_file = cache / "jobs.json"
        self._known: dict[str, str] = self._load()
        self.base_url, self.api_key = emu.base_url, emu.api_key

    @property
    def pid(self) -> int:
        """The emulator's process id (its CPU time is read from /proc)."""
        return self.emu.process.pid

    @property
    def headers(self) -> dict[str, str]:
        """The bearer header for this emulator."""
        return self.emu.headers

    def cpu_seconds(self) -> float:
        """CPU time the emulator process has used, all threads (/proc, 10 ms ticks)."""
        return process_cpu_seconds(self.pid)

    def _load(self) -> dict[str, str]:
        try:
            loaded: dict[str, str] = json.loads(self._jobs_file.read_text())
            return loaded
        except (OSError, ValueError):
            return {}

    def _save(self) -> None:
        self._jobs_file.write_text(json.dumps(self._known, indent=2) + "\n")

    def client(self) -> Cloudglue:
        """A sync client of ours for set-up calls."""
        return Cloudglue(api_key=self.api_key, base_url=self.base_url)

    def file_id(self, video: Clip) -> str:
        """The id of an uploaded, processed copy of `video` (uploaded once, then cached)."""
        key = f"file:{video.path.name}"
        known = self._known.get(key)
        if known and self._status(f"/files/{known}") == 200:
            return known
        with step(f"uploading {video.path.name}"), self.client() as cg:
            f = cg.files.upload(video.path, wait=True, wait_timeout=JOB_TIMEOUT)
        self._known[key] = str(f.id)
        self._save()
        return str(f.id)

    def frames_job(self, video: Clip, frames: int) -> str:
        """A completed extraction of exactly `frames` frames, without thumbnails (cached)."""
        key = f"frames:{video.path.name}:{frames}"
        known = self._known.get(key)
        if known and self._status(f"/frames/{known}?limit=1") == 200:
            return known
        file_id = self.file_id(video)
        with step(f"extracting {frames} frames"), self.client() as cg:
            job = cg.frames.create(
                file_id,
                thumbnails=False,
                wait=True,
                wait_timeout=JOB_TIMEOUT,
                **frame_config(frames, video.seconds),
            )
        if job.frame_count != frames:
            raise RuntimeError(f"asked for {frames} frames, the job has {job.frame_count}")
        self._known[key] = str(job.frame_extraction_id)
        self._save()
        return str(job.frame_extraction_id)

    def _status(self, path: str) -> int:
        return httpx.get(self.base_url + path, headers=self.headers, timeout=30.0).status_code


@contextmanager
def emulator(cache: Path) -> Iterator[Emulator]:
    """Start the emulator (its own process) on `cache/emulator-data`, kept between runs.

    If the cached data dir cannot be used (e.g. an older schema), it is wiped and made anew.
    """
    data = cache / "emulator-data"
    cache.mkdir(parents=True, exist_ok=True)
    with ExitStack() as stack:
        try:
            emu = stack.enter_context(running(data_dir=data))
        except EmulatorStartError as exc:
            log(f"cached emulator data unusable ({exc}); starting afresh")
            shutil.rmtree(data, ignore_errors=True)
            (cache / "jobs.json").unlink(missing_ok=True)
            emu = stack.enter_context(running(data_dir=data))
        yield Emulator(emu, cache)
