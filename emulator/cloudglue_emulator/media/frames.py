"""Exact frame extraction at requested times, with optional JPEG thumbnails."""

from __future__ import annotations

import functools
import itertools
import math
import threading
from collections.abc import Generator, Iterator, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
from av.container import InputContainer
from av.video.frame import VideoFrame
from av.video.reformatter import VideoReformatter
from av.video.stream import VideoStream
from PIL import Image

from ._container import frame_rate, open_video, reason, stream_origin
from .errors import MediaError
from .thumbnails import OrderedWriter, fit_width, thumbnail_name

# Requested times are given to the microsecond, so a frame whose pts exceeds t by less than
# this still counts as shown at t (e.g. t = 0.083333 for the frame at 1/12 s).
TIME_TOLERANCE = 1e-6
# Threads that scale frames and write JPEGs, and how many frames may wait for them.
THUMBNAIL_WORKERS = 2
MAX_PENDING_THUMBNAILS = 6
# Seek instead of decoding on when the next time is this many keyframe intervals ahead.
SEEK_KEYFRAME_INTERVALS = 2.0

_Decoded = tuple[float, VideoFrame]


@dataclass(frozen=True)
class ExtractedFrame:
    """The frame shown at `timestamp` (the requested time) and where its thumbnail went.

    `width`/`height` are the thumbnail size (also reported when no thumbnail is written).
    """

    index: int
    timestamp: float
    pts_seconds: float
    width: int
    height: int
    thumbnail_path: Path | None


def extract_frames(
    path: Path,
    times: Sequence[float],
    *,
    max_width: int,
    thumbnails_dir: Path | None = None,
    jpeg_quality: int = 85,
) -> Generator[ExtractedFrame, None, None]:
    """Yield, for each time (seconds from the first frame, non-decreasing), the frame shown then.

    The frame shown at t is the last frame whose presentation time is <= t (+1 µs); times
    before the first frame get the first frame, times after the last frame get the last one.
    With `thumbnails_dir`, each frame is scaled to at most `max_width` (aspect kept, never
    upscaled) and written atomically as `{index:06d}.jpg`; without it nothing is converted.
    Arguments are checked at once; MediaError is raised while iterating if decoding fails.
    Closing the generator early stops decoding and the thumbnail workers.
    """
    wanted = [float(t) for t in times]
    if any(not math.isfinite(t) for t in wanted):
        raise ValueError("times must be finite")
    if any(b < a for a, b in itertools.pairwise(wanted)):
        raise ValueError("times must be non-decreasing")
    fit_width(1, 1, max_width)  # validates max_width
    if not 1 <= jpeg_quality <= 100:
        raise ValueError(f"jpeg_quality must be in 1..100, got {jpeg_quality}")
    if thumbnails_dir is not None:
        thumbnails_dir.mkdir(parents=True, exist_ok=True)
    return _extract(path, wanted, max_width, thumbnails_dir, jpeg_quality)


def _extract(
    path: Path, times: list[float], max_width: int, out_dir: Path | None, quality: int
) -> Generator[ExtractedFrame, None, None]:
    if not times:
        return
    with open_video(path) as (container, stream):
        stream.thread_type = "AUTO"
        aspect = stream.codec_context.sample_aspect_ratio or Fraction(1)
        writer = None
        if out_dir is not None:
            writer = OrderedWriter[ExtractedFrame](
                quality, max_pending=MAX_PENDING_THUMBNAILS, workers=THUMBNAIL_WORKERS
            )
        scaler = _Scaler()
        try:
            for index, pts, frame in _select(container, stream, times):
                width, height = fit_width(round(frame.width * aspect), frame.height, max_width)
                thumb = None if out_dir is None else out_dir / thumbnail_name(index)
                item = ExtractedFrame(index, times[index], round(pts, 6), width, height, thumb)
                if writer is None or thumb is None:
                    yield item
                    continue
                render = functools.partial(scaler, frame, width, height)
                yield from writer.submit(item, render, thumb)
            if writer is not None:
                yield from writer.drain()
        except av.error.FFmpegError as exc:
            raise MediaError(f"{path.name}: decoding failed ({reason(exc)})") from exc
        finally:
            if writer is not None:
                writer.close()


def _select(
    container: InputContainer, stream: VideoStream, times: list[float]
) -> Iterator[tuple[int, float, VideoFrame]]:
    """(index, pts, frame) for each time: the last decoded frame with pts <= t."""
    decoder = _Decoder(container, stream)
    source = decoder.frames()
    prev: _Decoded | None = None
    i = 0
    while (decoded := next(source, None)) is not None:
        pts = decoded[0]
        while i < len(times) and times[i] + TIME_TOLERANCE < pts:
            shown = prev or decoded
            yield i, shown[0], shown[1]
            i += 1
        if i == len(times):
            return
        prev = decoded
        if decoder.worth_seeking(pts, times[i]):
            source = decoder.seek(times[i])
            prev = None
    if prev is None:
        raise MediaError(f"{Path(container.name).name}: no decodable video frames")
    for k in range(i, len(times)):
        yield k, prev[0], prev[1]


class _Scaler:
    """Scales frames to RGB images, one reused swscale context per thread."""

    def __init__(self) -> None:
        self._local = threading.local()

    def __call__(self, frame: VideoFrame, width: int, height: int) -> Image.Image:
        reformatter = getattr(self._local, "r", None)
        if reformatter is None:
            reformatter = self._local.r = VideoReformatter()
        rgb = reformatter.reformat(frame, width=width, height=height, format="rgb24")
        plane = rgb.planes[0]
        pixels = np.frombuffer(memoryview(plane), dtype=np.uint8)
        return Image.frombuffer("RGB", (width, height), pixels, "raw", "RGB", plane.line_size, 1)


class _Decoder:
    """Decodes frames in presentation order, with exact seeks to a time."""

    def __init__(self, container: InputContainer, stream: VideoStream) -> None:
        self.container, self.stream = container, stream
        self.origin = float(stream_origin(stream))
        self.time_base = stream.time_base or Fraction(1, 90000)
        rate = frame_rate(stream)
        self.step = 1 / float(rate) if rate else 0.04
        self.interval = self._keyframe_interval()
        self.last_target = -math.inf

    def _keyframe_interval(self) -> float | None:
        """Largest distance between keyframes in the index, or None if unknown."""
        keys = [e.timestamp for e in self.stream.index_entries if e.is_keyframe]
        if len(keys) < 2:
            return None
        return float(max(b - a for a, b in itertools.pairwise(keys)) * self.time_base)

    def frames(self) -> Iterator[_Decoded]:
        """(pts seconds from the origin, frame) from the current position on."""
        last = -self.step
        for frame in self.container.decode(self.stream):
            if frame.pts is None:
                pts = last + self.step
            else:
                pts = float(frame.pts * (frame.time_base or self.time_base)) - self.origin
            last = pts
            yield pts, frame

    def worth_seeking(self, pts: float, target: float) -> bool:
        """True if a keyframe is surely between `pts` and `target` and skipping pays.

        Never twice for the same target, so a seek that lands early cannot loop.
        """
        if self.interval is None or target <= self.last_target:
            return False
        return target - pts > SEEK_KEYFRAME_INTERVALS * self.interval

    def seek(self, target: float) -> Iterator[_Decoded]:
        """Frames from a keyframe whose pts is <= target (retrying further back if needed)."""
        self.last_target = target
        back = 0.0
        while True:
            at = max(0.0, target - back)
            offset = math.floor((at + self.origin) / self.time_base)
            self.container.seek(offset, stream=self.stream, backward=True)
            frames = self.frames()
            first = next(frames, None)
            if first is None or first[0] <= target + TIME_TOLERANCE or at == 0.0:
                return itertools.chain([] if first is None else [first], frames)
            back = max(2 * back, self.interval or 1.0)
