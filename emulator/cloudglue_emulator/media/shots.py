"""Shot (hard cut) detection with PySceneDetect on PyAV-decoded, pre-scaled frames."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any, Literal

import av
import numpy as np
from av.video.reformatter import VideoReformatter
from numpy.typing import NDArray
from scenedetect import AdaptiveDetector, ContentDetector, SceneManager
from scenedetect.backends.pyav import VideoStreamAv
from scenedetect.detector import SceneDetector

from ._container import reason
from .errors import MediaError
from .probe import probe

# Frames are analysed at this width at most (PySceneDetect's own auto-downscale target).
ANALYSIS_WIDTH = 256
DEFAULT_CONTENT_THRESHOLD = 27.0
DEFAULT_ADAPTIVE_THRESHOLD = 3.0
# Margins decoded around a requested range: the detectors' default min_scene_len (15) plus
# the adaptive window (2) before it, and the adaptive window plus one after it.
PREROLL_FRAMES = 17
POSTROLL_FRAMES = 3

Detector = Literal["adaptive", "content"]


class _ScaledStream(VideoStreamAv):  # type: ignore[misc]
    """PyAV stream that scales and converts each frame in one swscale pass (reused context)."""

    def __init__(self, path: Path, width: int) -> None:
        super().__init__(str(path), threading_mode="AUTO")
        source_width, source_height = super().frame_size
        self._size = (width, max(1, round(source_height * width / source_width)))
        self._reformatter = VideoReformatter()

    @property
    def frame_size(self) -> tuple[int, int]:
        return self._size

    def read(self, decode: bool = True) -> NDArray[np.uint8] | bool:
        result: NDArray[np.uint8] | bool = super().read(decode=False)
        if result is False or not decode:
            return result
        width, height = self._size
        bgr = self._reformatter.reformat(self._frame, width=width, height=height, format="bgr24")
        return np.asarray(bgr.to_ndarray(), dtype=np.uint8)


def _make_detector(detector: Detector, threshold: float | None) -> SceneDetector:
    if detector == "adaptive":
        return AdaptiveDetector(adaptive_threshold=threshold or DEFAULT_ADAPTIVE_THRESHOLD)
    if detector == "content":
        return ContentDetector(threshold=threshold or DEFAULT_CONTENT_THRESHOLD)
    raise ValueError(f"unknown detector {detector!r}; use 'adaptive' or 'content'")


def detect_shots(
    path: Path,
    *,
    detector: Detector = "adaptive",
    threshold: float | None = None,
    start: float | None = None,
    end: float | None = None,
) -> list[tuple[float, float]]:
    """Shots (start, end) in seconds covering [start, end) of the video, or [] if no cut.

    `detector` picks PySceneDetect's AdaptiveDetector (`threshold` = adaptive ratio, default
    3.0) or ContentDetector (`threshold` default 27.0). Frames are scaled to at most
    256 px wide for speed. The first shot starts at `start` (default 0) and the last ends at
    `end` (default: the video's duration); inner boundaries are the cut frames' times.
    """
    scene_detector = _make_detector(detector, threshold)
    info = probe(path)
    lo = max(0.0, float(start or 0.0))
    hi = info.duration_seconds if end is None else min(end, info.duration_seconds)
    if hi <= lo:
        return []
    frame = 1 / info.fps if info.fps > 0 else 0.04
    # Detectors ignore cuts in their first frames (min_scene_len) and the adaptive one looks
    # ahead a few frames, so analyse a margin either side and keep the cuts inside the range.
    first = max(0.0, lo - PREROLL_FRAMES * frame)
    last = hi + POSTROLL_FRAMES * frame
    try:
        video = _ScaledStream(path, ANALYSIS_WIDTH)
        if first > 0:
            video.seek(first)
        manager = SceneManager()
        manager.auto_downscale = False
        manager.add_detector(scene_detector)
        manager.detect_scenes(video, end_time=last if last < info.duration_seconds else None)
        scenes: list[tuple[Any, Any]] = manager.get_scene_list()
    except (av.error.FFmpegError, OSError) as exc:
        raise MediaError(f"{path.name}: shot detection failed ({reason(exc)})") from exc
    times = sorted({round(float(scene_start.seconds), 6) for scene_start, _ in scenes[1:]})
    cuts = [t for t in times if lo < t < hi]
    if not cuts:
        return []
    bounds = [round(lo, 6), *cuts, round(hi, 6)]
    return list(itertools.pairwise(bounds))
