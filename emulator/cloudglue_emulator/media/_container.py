"""Opening a file with PyAV and turning FFmpeg failures into MediaError."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from fractions import Fraction
from pathlib import Path

import av
from av.container import InputContainer
from av.video.stream import VideoStream

from .errors import MediaError


@contextmanager
def open_video(path: Path) -> Iterator[tuple[InputContainer, VideoStream]]:
    """Open `path` and yield its container and first video stream, closing both afterwards."""
    if not path.is_file():
        raise MediaError(f"{path.name}: no such file")
    if path.stat().st_size == 0:
        raise MediaError(f"{path.name}: the file is empty")
    try:
        container = av.open(str(path), mode="r")
    except av.error.FFmpegError as exc:
        raise MediaError(f"{path.name}: not a readable media file ({reason(exc)})") from exc
    try:
        if not container.streams.video:
            kinds = ", ".join(sorted({str(s.type) for s in container.streams})) or "no"
            raise MediaError(f"{path.name}: no video stream (has {kinds} streams)")
        stream = container.streams.video[0]
        _check_complete(path, container, stream)
        yield container, stream
    finally:
        container.close()


def _check_complete(path: Path, container: InputContainer, stream: VideoStream) -> None:
    """Raise MediaError if the index points past the end of the file (a truncated upload)."""
    entries = stream.index_entries
    if len(entries) == 0:
        return
    last = entries[len(entries) - 1]
    if last.pos >= 0 and last.pos + last.size > container.size > 0:
        raise MediaError(
            f"{path.name}: the file is truncated ({container.size} bytes, the video needs "
            f"{last.pos + last.size})"
        )


def reason(exc: BaseException) -> str:
    """A short human-readable reason from an FFmpeg error."""
    if isinstance(exc, av.error.FFmpegError) and exc.strerror:
        return str(exc.strerror).rstrip(".").lower()
    return str(exc) or type(exc).__name__


def stream_origin(stream: VideoStream) -> Fraction:
    """Presentation time (s) that maps to t = 0: the video stream's start time, or 0."""
    if stream.start_time is None or stream.time_base is None:
        return Fraction(0)
    return stream.start_time * stream.time_base


def frame_rate(stream: VideoStream) -> Fraction | None:
    """Average frame rate of the stream, falling back to FFmpeg's guess."""
    for rate in (stream.average_rate, stream.guessed_rate, stream.base_rate):
        if rate:
            return Fraction(rate)
    return None
