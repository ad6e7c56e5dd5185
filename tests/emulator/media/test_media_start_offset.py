"""A video whose first frame is not at time 0 of its container (a clip cut with `-c copy`, a
stream recorded from the middle) is measured from its first frame, as its frames are: its
duration is that of its frames, also in a container that states no duration per stream
(Matroska, WebM), whose overall duration counts from time 0 of the container."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import av
import pytest
from PIL import Image

from cloudglue_emulator.media import SampleTruth, extract_frames, probe, read_barcode

OFFSET_SECONDS = Fraction(5, 2)


def shifted(source: Path, out: Path, container: str) -> Path:
    """`source`'s video remuxed into `container` with every timestamp moved by the offset."""
    with av.open(str(source)) as src, av.open(str(out), mode="w", format=container) as dst:
        stream = src.streams.video[0]
        video = dst.add_stream_from_template(stream)
        assert stream.time_base is not None
        shift = int(OFFSET_SECONDS / stream.time_base)
        for packet in src.demux(stream):
            if packet.dts is None:
                continue
            packet.pts = None if packet.pts is None else packet.pts + shift
            packet.dts += shift
            packet.stream = video
            dst.mux(packet)
    return out


@pytest.mark.parametrize(("container", "suffix"), [("matroska", "mkv"), ("mp4", "mp4")])
def test_the_duration_counts_from_the_first_frame(
    sample: SampleTruth, tmp_path: Path, container: str, suffix: str
) -> None:
    video = shifted(sample.path, tmp_path / f"late.{suffix}", container)
    info = probe(video)
    assert info.duration_seconds == pytest.approx(sample.seconds, abs=0.05)
    # Inside the last two frames: they are the video's last two, not both its last one.
    ends = [info.duration_seconds - 1.5 / sample.fps, info.duration_seconds - 0.5 / sample.fps]
    frames = extract_frames(video, ends, max_width=sample.width, thumbnails_dir=tmp_path)
    shown = []
    for frame in frames:
        assert frame.thumbnail_path is not None
        with Image.open(frame.thumbnail_path) as image:
            shown.append(read_barcode(image.convert("RGB")))
    assert shown == [sample.frame_count - 2, sample.frame_count - 1]
