"""The emulator's own speed: extraction against ffmpeg, shot detection against PySceneDetect,
and its CPU per request (information, beside the fixed-cost server's).

Extraction: both sides decode the same cached sample video, select frames at N fps, scale them
to the same width and write JPEGs to a fresh directory:

    emulator:  cloudglue_emulator.media.extract_frames(path, times, max_width=W, thumbnails_dir=d)
    ffmpeg:    ffmpeg -i in.mp4 -vf fps=N,scale=W:-2 -q:v 3 d/%06d.jpg   (Debian's ffmpeg)

The direct media call is the goal; the same job end to end through the emulator's HTTP API
(create, poll every 20 ms until completed) is reported for information.

Shot detection: the emulator's `detect_shots` (PySceneDetect's AdaptiveDetector on PyAV frames
it scales itself) against PySceneDetect's own `detect()` with the same detector and minimum
shot length and its defaults otherwise (OpenCV decoding, auto-downscale), on the same video.

Server CPU per request: a raw httpx loop reads 100-frame pages of a completed job, once from the
emulator and once from the fixed-cost server (a job of as many frames, no latency); the CPU
time of each server process over the loop (/proc), divided by the requests. Information only:
it says what the emulator costs the machine it shares, and why the client rows use the other.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import httpx

from cloudglue_emulator.media import detect_shots, extract_frames, probe, uniform_sample_times

from .common import (
    EMULATOR,
    NO_SERVER,
    Result,
    ensure_ffmpeg,
    interleaved,
    log,
    median,
    ratio_row,
    skipped,
)
from .fixtures import Clip, Emulator, FixedServer

MAX_WIDTH = 320
JPEG_Q = 3  # ffmpeg's -q:v 3 is close to PIL's quality 85 (compare the sizes in the note)
POLL_SECONDS = 0.02
#: Shortest shot, for both detectors (PySceneDetect's command-line default for -m).
MIN_SCENE_SECONDS = 0.6
PAGE = 100
IN_PROCESS = "in the bench process (no HTTP)"


@dataclass(frozen=True)
class Sizes:
    """Sample rates compared and repeats; whether ffmpeg may be installed with apt."""

    rates: tuple[int, ...]
    repeats: int
    install_ffmpeg: bool
    page_frames: int  # frames of the job whose pages are read for the CPU per request
    page_requests: int


FULL = Sizes(rates=(1, 30), repeats=3, install_ffmpeg=True, page_frames=600, page_requests=1000)
QUICK = Sizes(rates=(1, 30), repeats=1, install_ffmpeg=False, page_frames=100, page_requests=50)


def _fresh(out: Path) -> None:
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)


def _jpeg_stats(folder: Path) -> tuple[int, float]:
    files = list(folder.glob("*.jpg"))
    return len(files), (sum(f.stat().st_size for f in files) / len(files) if files else 0.0)


def emulator_seconds(video: Path, fps: int, out: Path) -> float:
    """Wall time of the emulator's extract_frames with thumbnails (all frames consumed)."""
    _fresh(out)
    times = uniform_sample_times(probe(video).duration_seconds, fps)
    started = time.perf_counter()
    for _ in extract_frames(video, times, max_width=MAX_WIDTH, thumbnails_dir=out):
        pass
    return time.perf_counter() - started


def ffmpeg_seconds(ffmpeg: str, video: Path, fps: int, out: Path) -> float:
    """Wall time of the ffmpeg command line doing the same."""
    _fresh(out)
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
    with httpx.Client(base_url=emu.base_url, headers=emu.headers, timeout=60) as http:
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


def pyscenedetect_seconds(video: Path, fps: float) -> tuple[float, int]:
    """Wall time of PySceneDetect's `detect()` with the adaptive detector, and shots found."""
    from scenedetect import AdaptiveDetector, detect

    started = time.perf_counter()
    scenes = detect(str(video), AdaptiveDetector(min_scene_len=round(MIN_SCENE_SECONDS * fps)))
    return time.perf_counter() - started, len(scenes)


def server_cpu_ms(target: Emulator | FixedServer, job: str, sizes: Sizes) -> float:
    """CPU milliseconds the server process spends per 100-frame page request."""
    pages = -(-sizes.page_frames // PAGE)
    with httpx.Client(base_url=target.base_url, headers=target.headers, timeout=60) as http:
        http.get(f"/frames/{job}", params={"limit": 1}).raise_for_status()  # connection
        before = target.cpu_seconds()
        for n in range(sizes.page_requests):
            params = {"limit": PAGE, "offset": (n % pages) * PAGE}
            http.get(f"/frames/{job}", params=params).raise_for_status()
        spent = target.cpu_seconds() - before
    return spent / sizes.page_requests * 1000


def run(emu: Emulator, server: FixedServer, clip: Clip, sizes: Sizes) -> list[Result]:
    """The emulator's rows."""
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
                "emulator": partial(emulator_seconds, video, fps, work / "emu"),
                "http": partial(http_seconds, emu, file_id, fps),
            }
            if ffmpeg is not None:
                variants["ffmpeg"] = partial(ffmpeg_seconds, ffmpeg, video, fps, work / "ffmpeg")
            log(f"extraction at {fps} fps with thumbnails, x{sizes.repeats}")
            samples = interleaved(variants, sizes.repeats)
            s = {name: median(v) for name, v in samples.items()}
            name = f"extraction {fps} fps + JPEGs ({what}) (s)"
            extract = (
                f"wall seconds to decode the video, take frames at {fps} fps, scale them to "
                f"{MAX_WIDTH} px wide and write JPEGs; median of {sizes.repeats} interleaved runs"
            )
            direct = f"{extract}: the emulator's extract_frames {IN_PROCESS} vs the ffmpeg CLI."
            via_api = (
                f"{extract}: the same job through the emulator's HTTP API (create, poll every "
                f"{POLL_SECONDS * 1000:g} ms until completed) vs the ffmpeg CLI."
            )
            if "ffmpeg" not in s:
                why = "ffmpeg not installed (the full run installs it with apt)"
                rows.append(
                    skipped(
                        f"{name}: extract_frames",
                        "ffmpeg CLI",
                        "ratio <= 1.5",
                        why,
                        server=NO_SERVER,
                        measures=direct,
                    )
                )
                rows.append(
                    skipped(
                        f"{name}: via HTTP API",
                        "ffmpeg CLI",
                        "info",
                        why,
                        server=EMULATOR,
                        measures=via_api,
                    )
                )
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
                    server=NO_SERVER,
                    measures=direct,
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
                    server=EMULATOR,
                    measures=via_api,
                )
            )
    rows.append(shot_detection(clip, sizes))
    rows.append(cpu_per_request(emu, server, clip, sizes))
    return rows


def shot_detection(clip: Clip, sizes: Sizes) -> Result:
    """The emulator's detect_shots against PySceneDetect's detect(), same detector settings."""
    log(f"shot detection, x{sizes.repeats}")
    found: dict[str, int] = {}

    def ours() -> float:
        started = time.perf_counter()
        found["emulator"] = len(detect_shots(clip.path, min_scene_seconds=MIN_SCENE_SECONDS))
        return time.perf_counter() - started

    def theirs() -> float:
        seconds, found["pyscenedetect"] = pyscenedetect_seconds(clip.path, clip.fps)
        return seconds

    samples = interleaved({"emulator": ours, "pyscenedetect": theirs}, sizes.repeats)
    emulator, baseline = median(samples["emulator"]), median(samples["pyscenedetect"])
    return ratio_row(
        f"shot detection ({clip.seconds:g} s {clip.width}x{clip.height} {clip.fps} fps) (s)",
        emulator,
        "PySceneDetect detect()",
        baseline,
        server=NO_SERVER,
        measures="wall seconds to find the shots of the whole video with the adaptive detector "
        f"(minimum shot {MIN_SCENE_SECONDS:g} s): the emulator's detect_shots {IN_PROCESS} vs "
        f"PySceneDetect's detect() with its defaults otherwise; median of {sizes.repeats}.",
        note=f"{clip.seconds / emulator:.0f}x real time; shots found: emulator "
        f"{found['emulator']}, PySceneDetect {found['pyscenedetect']} (scenes; the emulator "
        "returns none when there is no cut)",
        samples=samples,
    )


def cpu_per_request(emu: Emulator, server: FixedServer, clip: Clip, sizes: Sizes) -> Result:
    """Server CPU per 100-frame page: the emulator, beside the fixed-cost server."""
    log(f"server CPU per page request, {sizes.page_requests} requests, x{sizes.repeats}")
    emu_job = emu.frames_job(clip, sizes.page_frames)
    fixed_job = server.job(sizes.page_frames)
    samples = interleaved(
        {
            "emulator": lambda: server_cpu_ms(emu, emu_job, sizes),
            "fixed": lambda: server_cpu_ms(server, fixed_job, sizes),
        },
        sizes.repeats,
    )
    return ratio_row(
        "server CPU per 100-frame page request (ms): emulator",
        median(samples["emulator"]),
        "fixed-cost server",
        median(samples["fixed"]),
        server=EMULATOR,
        measures=f"CPU time of the server process (all threads) per request while a raw "
        f"httpx loop reads {sizes.page_requests} pages of 100 frames (a {sizes.page_frames}-frame "
        f"job, no latency), the emulator vs the fixed-cost server; median of {sizes.repeats}.",
        note="information, not a goal: what a page costs the machine the client shares",
        samples=samples,
    )
