"""Shot (hard cut) detection with PySceneDetect on PyAV-decoded, pre-scaled frames.

The result matches PySceneDetect's own command line with the same settings,
`scenedetect -i FILE -m {min_scene_seconds}s detect-content -t {threshold} list-scenes` (or
`detect-adaptive -t {threshold}`), to within a frame (tests/emulator/real_clips checks real clips).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

import av
import cv2
import numpy as np
from av.video.reformatter import VideoReformatter
from numpy.typing import NDArray
from scenedetect import AdaptiveDetector, ContentDetector, SceneManager
from scenedetect.backends.pyav import VideoStreamAv
from scenedetect.detector import SceneDetector

from ._container import reason
from .errors import MediaError, Stopped
from .probe import probe

# Frames wider than this are scaled down to it, narrower ones are analysed as they are
# (PySceneDetect's auto-downscale target, which never upscales).
ANALYSIS_WIDTH = 256
DEFAULT_CONTENT_THRESHOLD = 27.0
DEFAULT_ADAPTIVE_THRESHOLD = 3.0
# PySceneDetect's command-line default for -m/--min-scene-len.
DEFAULT_MIN_SCENE_SECONDS = 0.6
# Frames the adaptive detector averages on each side of a frame (its default window).
ADAPTIVE_WINDOW = 2

Detector = Literal["adaptive", "content"]


class _ScaledStream(VideoStreamAv):  # type: ignore[misc]
    """PyAV stream yielding BGR frames downscaled exactly as PySceneDetect's auto-downscale does.

    Each frame is converted to BGR at full size with one reused swscale context, then resized
    with OpenCV's bilinear filter to `max_width` wide (never upscaled). Scaling in the same
    swscale pass is a little cheaper but filters differently, which moved cuts away from
    PySceneDetect's on real footage.

    `should_stop` is asked before each frame: once it is true the stream reads as ended, so
    PySceneDetect's decode thread and detection loop finish at once (a whole video can take
    minutes).
    """

    def __init__(self, path: Path, max_width: int, should_stop: Callable[[], bool]) -> None:
        super().__init__(str(path), threading_mode="AUTO")
        self._should_stop = should_stop
        self.stopped = False
        """True once `should_stop` cut the stream short."""
        source_width, source_height = super().frame_size
        factor = source_width / max_width
        self._size: tuple[int, int] | None = None
        if factor > 1:  # the same rounding as scenedetect's SceneManager
            self._size = (
                max(1, round(source_width / factor)),
                max(1, round(source_height / factor)),
            )
        self._reformatter = VideoReformatter()

    @property
    def frame_size(self) -> tuple[int, int]:
        size: tuple[int, int] = self._size or super().frame_size
        return size

    def read(self, decode: bool = True) -> NDArray[np.uint8] | bool:
        if self._should_stop():
            self.stopped = True
            return False
        result: NDArray[np.uint8] | bool = super().read(decode=False)
        if result is False or not decode:
            return result
        bgr = self._reformatter.reformat(self._frame, format="bgr24").to_ndarray()
        if self._size is None:
            return np.asarray(bgr, dtype=np.uint8)
        return np.asarray(cv2.resize(bgr, self._size, interpolation=cv2.INTER_LINEAR))


def _make_detector(detector: Detector, threshold: float | None, min_frames: int) -> SceneDetector:
    if detector == "adaptive":
        ratio = DEFAULT_ADAPTIVE_THRESHOLD if threshold is None else threshold
        return AdaptiveDetector(
            adaptive_threshold=ratio, min_scene_len=min_frames, window_width=ADAPTIVE_WINDOW
        )
    if detector == "content":
        limit = DEFAULT_CONTENT_THRESHOLD if threshold is None else threshold
        return ContentDetector(threshold=limit, min_scene_len=min_frames)
    raise ValueError(f"unknown detector {detector!r}; use 'adaptive' or 'content'")


def detect_shots(
    path: Path,
    *,
    detector: Detector = "adaptive",
    threshold: float | None = None,
    min_scene_seconds: float = DEFAULT_MIN_SCENE_SECONDS,
    start: float | None = None,
    end: float | None = None,
    should_stop: Callable[[], bool] = lambda: False,
) -> list[tuple[float, float]]:
    """Shots (start, end) in seconds covering [start, end) of the video, or [] if no cut.

    `detector` picks PySceneDetect's AdaptiveDetector (`threshold` = adaptive ratio, default
    3.0) or ContentDetector (`threshold` default 27.0); a cut comes at least
    `min_scene_seconds` (rounded to whole frames, as PySceneDetect does) after the previous
    one. Frames are scaled to at most 256 px wide for speed. The first shot starts at `start`
    (default 0) and the last ends at `end` (default: the video's duration); inner boundaries
    are the cut frames' times.

    `should_stop` is checked before every decoded frame; once it is true, detection ends
    within a frame and Stopped is raised (no partial result).
    """
    if not (math.isfinite(min_scene_seconds) and min_scene_seconds >= 0):
        raise ValueError(f"min_scene_seconds must be >= 0, got {min_scene_seconds}")
    info = probe(path)
    min_frames = round(min_scene_seconds * info.fps) if info.fps > 0 else 0
    scene_detector = _make_detector(detector, threshold, min_frames)
    lo = max(0.0, float(start or 0.0))
    hi = info.duration_seconds if end is None else min(end, info.duration_seconds)
    if hi <= lo:
        return []
    frame = 1 / info.fps if info.fps > 0 else 0.04
    # Detectors ignore cuts in their first min_scene_len frames and the adaptive one averages
    # a window either side, so analyse a margin either side and keep the cuts inside the range.
    first = max(0.0, lo - (min_frames + ADAPTIVE_WINDOW) * frame)
    last = hi + (ADAPTIVE_WINDOW + 1) * frame
    try:
        video = _ScaledStream(path, ANALYSIS_WIDTH, should_stop)
        if first > 0:
            video.seek(first)
        manager = SceneManager()
        manager.auto_downscale = False
        manager.add_detector(scene_detector)
        manager.detect_scenes(video, end_time=last if last < info.duration_seconds else None)
        scenes: list[tuple[Any, Any]] = manager.get_scene_list()
    except (av.error.FFmpegError, OSError) as exc:
        raise MediaError(f"{path.name}: shot detection failed ({reason(exc)})") from exc
    if video.stopped:
        raise Stopped(f"{path.name}: shot detection was stopped")
    times = sorted({round(float(scene_start.seconds), 6) for scene_start, _ in scenes[1:]})
    cuts = [t for t in times if lo < t < hi]
    if not cuts:
        return []
    bounds = [round(lo, 6), *cuts, round(hi, 6)]
    return list(itertools.pairwise(bounds))
