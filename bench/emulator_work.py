"""6. Emulator work: frame extraction with thumbnails against the ffmpeg command line.

Both sides decode the same cached sample video, select frames at N fps, scale them to the same
width and write JPEGs to a fresh directory:

    emulator:  cloudglue_emulator.media.extract_frames(path, times, max_width=W, thumbnails_dir=d)
    ffmpeg:    ffmpeg -i in.mp4 -vf fps=N,scale=W:-2 -q:v 3 d/%06d.jpg   (Debian's ffmpeg)

The direct media call is the goal; the same job end to end through the HTTP API (create, poll
every 20 ms until completed) is reported for information. Shot detection speed is reported as
a multiple of real time (seconds of video analysed per second).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import httpx

from cloudglue_emulator.media import detect_shots, extract_frames, probe, uniform_sample_times

from .common import Result, ensure_ffmpeg, interleaved, log, median, ratio_row, skipped
from .fixtures import Clip, Emulator

MAX_WIDTH = 320
JPEG_Q = 3  # ffmpeg's -q:v 3 is close to PIL's quality 85 (compare the sizes in the note)
POLL_SECONDS = 0.02


@dataclass(frozen=True)
class Sizes:
    """Sample rates compared and repeats; whether ffmpeg may be installed with apt."""

    rates: tuple[int, ...]
    repeats: int
    install_ffmpeg: bool


FULL = Sizes(rates=(1, 30), repeats=3, install_ffmpeg=True)
QUICK = Sizes(rates=(1, 30), repeats=1, install_ffmpeg=False)


def _fresh(parent: Path, name: str) -> Path:
    out = parent / name
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    return out


def _jpeg_stats(folder: Path) -> tuple[int, float]:
    files = list(folder.glob("*.jpg"))
    return len(files), (sum(f.stat().st_size for f in files) / len(files) if files else 0.0)


def emulator_seconds(video: Path, fps: int, out: Path) -> float:
    """Wall time of the emulator's extract_frames with thumbnails (all frames consumed)."""
    times = uniform_sample_times(probe(video).duration_seconds, fps)
    started = time.perf_counter()
    for _ in extract_frames(video, times, max_width=MAX_WIDTH, thumbnails_dir=out):
        pass
    return time.perf_counter() - started


def ffmpeg_seconds(ffmpeg: str, video: Path, fps: int, out: Path) -> float:
    """Wall time of the ffmpeg command line doing the same."""
    started = time.perf_counter()
    subprocess.run(
        [
            ffmpeg,
            "-nostdin",
            "-loglevel",
            "error",
            "-i",
            str(video),
            "-vf",
            f"fps={fps},scale='min({MAX_WIDTH},iw)':-2",
            "-q:v",
            str(JPEG_Q),
            str(out / "%06d.jpg"),
        ],
        check=True,
    )
    return time.perf_counter() - started


def http_seconds(emu: Emulator, file_id: str, fps: int) -> float:
    """Create the same extraction through the API, poll until completed, delete it."""
    body = {
        "strategy": "uniform",
        "uniform_config": {"frames_per_second": fps, "max_width": MAX_WIDTH},
        "thumbnails_config": {"enable_frame_thumbnails": True},
    }
    with httpx.Client(base_url=emu.base_url, headers=emu.emu.headers, timeout=60) as http:
        started = time.perf_counter()
        job = http.post(f"/files/{file_id}/frames", json=body).raise_for_status().json()
        job_id = job["frame_extraction_id"]
        while job["status"] not in ("completed", "failed"):
            time.sleep(POLL_SECONDS)
            job = http.get(f"/frames/{job_id}", params={"limit": 1}).raise_for_status().json()
        elapsed = time.perf_counter() - started
        http.delete(f"/frames/{job_id}").raise_for_status()
    if job["status"] != "completed":
        raise RuntimeError(f"extraction failed: {job}")
    return elapsed


def run(emu: Emulator, clip: Clip, sizes: Sizes) -> list[Result]:
    """Rows of measurement 6."""
    video = clip.path
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None and sizes.install_ffmpeg:
        ffmpeg = ensure_ffmpeg()
    file_id = emu.file_id(clip)
    rows: list[Result] = []
    what = f"{clip.seconds:g} s {clip.width}x{clip.height} {clip.fps} fps, max width {MAX_WIDTH}"
    with tempfile.TemporaryDirectory(prefix="cg-bench-media-") as tmp:
        work = Path(tmp)
        for fps in sizes.rates:
            variants: dict[str, Callable[[], float]] = {
                "emulator": lambda fps=fps: emulator_seconds(video, fps, _fresh(work, "emu")),
                "http": lambda fps=fps: http_seconds(emu, file_id, fps),
            }
            if ffmpeg is not None:
                variants["ffmpeg"] = lambda fps=fps, ff=ffmpeg: ffmpeg_seconds(
                    ff, video, fps, _fresh(work, "ffmpeg")
                )
            log(f"extraction at {fps} fps with thumbnails, x{sizes.repeats}")
            samples = interleaved(variants, sizes.repeats)
            s = {name: median(v) for name, v in samples.items()}
            name = f"extraction {fps} fps + JPEGs ({what}) (s)"
            if "ffmpeg" not in s:
                why = "ffmpeg not installed (the full run installs it with apt)"
                rows.append(skipped(f"{name}: extract_frames", "ffmpeg CLI", "ratio <= 1.5", why))
                rows.append(skipped(f"{name}: via HTTP API", "ffmpeg CLI", "info", why))
                continue
            emu_n, emu_size = _jpeg_stats(work / "emu")
            ff_n, ff_size = _jpeg_stats(work / "ffmpeg")
            note = (
                f"JPEGs: emulator {emu_n} x {emu_size / 1024:.1f} KiB, "
                f"ffmpeg {ff_n} x {ff_size / 1024:.1f} KiB"
            )
            rows.append(
                ratio_row(
                    f"{name}: extract_frames",
                    s["emulator"],
                    "ffmpeg CLI",
                    s["ffmpeg"],
                    at_most=1.5,
                    note=note,
                    samples=samples,
                )
            )
            rows.append(
                ratio_row(
                    f"{name}: via HTTP API",
                    s["http"],
                    "ffmpeg CLI",
                    s["ffmpeg"],
                    note="create + poll every 20 ms until completed",
                )
            )
    log(f"shot detection, x{sizes.repeats}")
    shots: list[float] = []
    for _ in range(sizes.repeats):
        started = time.perf_counter()
        detect_shots(video)
        shots.append(time.perf_counter() - started)
    speed = clip.seconds / median(shots)
    rows.append(
        ratio_row(
            f"shot detection speed ({what.split(', max')[0]}) (x real time)",
            speed,
            "real time",
            1.0,
            note=f"adaptive detector, {median(shots):.2f} s for {clip.seconds:g} s of video",
            samples={"seconds": shots},
        )
    )
    return rows
