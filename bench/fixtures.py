"""Sample videos, a running emulator and completed jobs of exactly N frames, cached.

A job of N frames needs no decoding: with `thumbnails=False` the emulator only computes the
sample times and stores N rows. One long, tiny clip (3,334 s at 1 fps, 128x72: 2 s to make)
serves every size: `frames_per_second=10` with `end_time_seconds=N/10` gives exactly N frames
up to 33,340, and `frames_per_second=30` up to about 100,000. The clips live in
`bench/.cache/`, and so does the emulator's data dir (with `jobs.json` naming the jobs made),
so a second run starts at once.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from cloudglue_client import Cloudglue
from cloudglue_emulator.media import make_sample
from cloudglue_emulator.testing import EmulatorStartError, RunningEmulator, running

from .common import log, step

JOB_TIMEOUT = 600.0


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


def frame_config(frames: int, seconds: float) -> dict[str, Any]:
    """Arguments of `frames.create` that yield exactly `frames` frames from a clip this long."""
    if frames <= 10 * seconds:
        return {"frames_per_second": 10, "end_time_seconds": frames / 10}
    if frames < 30 * seconds:
        return {"frames_per_second": 30, "end_time_seconds": round(frames / 30 - 0.00005, 4)}
    raise ValueError(f"{frames} frames is more than a {seconds:g} s clip gives")


class Emulator:
    """A running emulator (separate process) with a cached data dir and N-frame jobs."""

    def __init__(self, emu: RunningEmulator, cache: Path) -> None:
        self.emu = emu
        self.cache = cache
        self._jobs_file = cache / "jobs.json"
        self._known: dict[str, str] = self._load()
        self.base_url, self.api_key = emu.base_url, emu.api_key

    def _load(self) -> dict[str, str]:
        try:
            loaded: dict[str, str] = json.loads(self._jobs_file.read_text())
            return loaded
        except (OSError, ValueError):
            return {}

    def _save(self) -> None:
        self._jobs_file.write_text(json.dumps(self._known, indent=2) + "\n")

    @property
    def args(self) -> dict[str, str]:
        """What a driver needs to reach this emulator."""
        return {"base_url": self.base_url, "api_key": self.api_key}

    def client(self) -> Cloudglue:
        """A sync client of ours for set-up calls."""
        return Cloudglue(api_key=self.api_key, base_url=self.base_url)

    def set_faults(self, **settings: Any) -> None:
        """Change fault injection at run time (latency_ms, job_delay_seconds, ...)."""
        self.emu.set_faults(**settings)

    def file_id(self, video: Clip) -> str:
        """The id of an uploaded, processed copy of `video` (uploaded once, then cached)."""
        key = f"file:{video.path.name}"
        known = self._known.get(key)
        if known and self._exists(f"/files/{known}"):
            return known
        with step(f"uploading {video.path.name}"), self.client() as cg:
            f = cg.files.upload(video.path, wait=True, wait_timeout=JOB_TIMEOUT)
        self._known[key] = str(f.id)
        self._save()
        return str(f.id)

    def frames_job(self, video: Clip, frames: int, *, thumbnails: bool = False) -> str:
        """A completed extraction of exactly `frames` frames (JPEGs only if `thumbnails`)."""
        key = f"frames:{video.path.name}:{frames}" + (":thumbnails" if thumbnails else "")
        known = self._known.get(key)
        if known and self._frame_count(known) == frames:
            return known
        file_id = self.file_id(video)
        with step(f"extracting {frames} frames"), self.client() as cg:
            job = cg.frames.create(
                file_id,
                thumbnails=thumbnails,
                wait=True,
                wait_timeout=JOB_TIMEOUT,
                **frame_config(frames, video.seconds),
            )
        if job.frame_count != frames:
            raise RuntimeError(f"asked for {frames} frames, the job has {job.frame_count}")
        self._known[key] = str(job.frame_extraction_id)
        self._save()
        return str(job.frame_extraction_id)

    def _get(self, path: str) -> httpx.Response:
        return httpx.get(self.base_url + path, headers=self.emu.headers, timeout=30.0)

    def _exists(self, path: str) -> bool:
        return self._get(path).status_code == 200

    def _frame_count(self, job_id: str) -> int | None:
        response = self._get(f"/frames/{job_id}?limit=1")
        if response.status_code != 200:
            return None
        body = response.json()
        count = body.get("frame_count") if body.get("status") == "completed" else None
        return count if isinstance(count, int) else None


@contextmanager
def emulator(cache: Path, *, extra_args: tuple[str, ...] = ()) -> Iterator[Emulator]:
    """Start the emulator (its own process) on `cache/emulator-data`, kept between runs.

    If the cached data dir cannot be used (e.g. an older schema), it is wiped and made anew.
    """
    data = cache / "emulator-data"
    cache.mkdir(parents=True, exist_ok=True)
    with ExitStack() as stack:
        try:
            emu = stack.enter_context(running(data_dir=data, extra_args=list(extra_args)))
        except EmulatorStartError as exc:
            log(f"cached emulator data unusable ({exc}); starting afresh")
            shutil.rmtree(data, ignore_errors=True)
            (cache / "jobs.json").unlink(missing_ok=True)
            emu = stack.enter_context(running(data_dir=data, extra_args=list(extra_args)))
        yield Emulator(emu, cache)
