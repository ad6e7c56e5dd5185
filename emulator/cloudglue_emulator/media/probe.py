"""Fast metadata probe of a video file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import av
from av.container import InputContainer
from av.video.stream import VideoStream

from ._container import frame_rate, open_video, reason, stream_origin
from .errors import MediaError


@dataclass(frozen=True)
class MediaInfo:
    """What `probe` found: the first video stream's size, rate and duration.

    `still_image` is true for a single picture (PNG, JPEG, WebP, ...), which FFmpeg also
    reads as a one-frame video.
    """

    duration_seconds: float
    width: int
    height: int
    fps: float
    format: str
    has_audio: bool
    frame_count: int | None
    still_image: bool = False


def probe(path: Path) -> MediaInfo:
    """Read container and stream metadata; raise MediaError if this is not a decodable video.

    Decodes only the first frame (to prove the stream decodes), unless the duration is not in
    the metadata, in which case the packets are scanned (demuxed, not decoded) to measure it.
    Duration is that of the video stream when known, else that of the container when it and
    the video start at 0, else measured from the packets.
    """
    with open_video(path) as (container, stream):
        _first_frame(path, container, stream)
        rate = frame_rate(stream)
        duration = _metadata_duration(container, stream)
        frames: int | None = stream.frames or None
        if duration is None:
            with open_video(path) as (rescan, rescan_stream):
                duration, frames = _scan(path, rescan, rescan_stream)
        return MediaInfo(
            duration_seconds=round(duration, 6),
            width=stream.codec_context.width,
            height=stream.codec_context.height,
            fps=float(rate) if rate else (frames / duration if frames and duration else 0.0),
            format=container.format.name,
            has_audio=bool(container.streams.audio),
            frame_count=frames,
            still_image=_is_still_image(container.format.name, frames),
        )


def _is_still_image(format_name: str, frames: int | None) -> bool:
    """FFmpeg's image demuxers (`png_pipe`, `image2`, ...), or a GIF of a single frame."""
    if format_name == "image2" or format_name.endswith("_pipe"):
        return True
    return format_name == "gif" and (frames or 0) <= 1


def _first_frame(path: Path, container: InputContainer, stream: VideoStream) -> None:
    try:
        for _ in container.decode(stream):
            break
        else:
            raise MediaError(f"{path.name}: the video stream has no decodable frames")
    except av.error.FFmpegError as exc:
        raise MediaError(f"{path.name}: the video does not decode ({reason(exc)})") from exc


def _metadata_duration(container: InputContainer, stream: VideoStream) -> float | None:
    """The video stream's stated duration; else the container's, only when both the container
    and the video start at 0 (else None: measure it). Times count from the video's first
    frame, and a container's duration counts from its own time 0 in some formats (Matroska,
    WebM) and from its start time in others (MPEG-TS), so with an offset it is no length of
    the video."""
    if stream.duration and stream.time_base:
        return float(stream.duration * stream.time_base)
    starts_at_zero = not container.start_time and stream_origin(stream) == 0
    if container.duration and container.duration > 0 and starts_at_zero:
        return container.duration / av.time_base
    return None


def _scan(path: Path, container: InputContainer, stream: VideoStream) -> tuple[float, int | None]:
    """Duration and frame count from the packets (demuxed, not decoded).

    Uses the latest pts + duration; for streams without timestamps, packets / frame rate.
    """
    time_base = stream.time_base
    end, count = None, 0
    try:
        for packet in container.demux(stream):
            if packet.size == 0:
                continue  # the flush packet at the end
            count += 1
            if packet.pts is not None:
                finish = packet.pts + (packet.duration or 0)
                end = finish if end is None else max(end, finish)
    except av.error.FFmpegError as exc:
        raise MediaError(f"{path.name}: the video cannot be read ({reason(exc)})") from exc
    if end is not None and time_base is not None:
        return max(0.0, float(end * time_base - stream_origin(stream))), count or None
    rate = frame_rate(stream)
    if not count or not rate:
        raise MediaError(f"{path.name}: cannot tell the video's duration")
    return float(count / rate), count
