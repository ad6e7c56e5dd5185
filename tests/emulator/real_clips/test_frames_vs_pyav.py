"""The frame the emulator serves at t is the frame PyAV decodes at t, on real clips.

The reference decodes every frame in order with PyAV (no seeking) and takes the last one whose
presentation time is <= t. Each served JPEG must be nearer to that frame than to its neighbours
(five either side), and close to it in absolute terms (JPEG and resampling differ a little).
Sampling bikes at 5 fps hits both sides of its cuts: t = 1.2 s is the cut frame 30 itself and
t = 3.0 s is frame 75, the last one before the cut at frame 76.
"""

from __future__ import annotations

import io
import math
from fractions import Fraction
from pathlib import Path

import av
import httpx
import numpy as np
import pytest
from numpy.typing import NDArray
from PIL import Image

from cloudglue_client import Cloudglue, JobStatus

pytestmark = [pytest.mark.e2e, pytest.mark.slow]  # real clips decoded twice

FPS = 5
MAX_WIDTH = 320
# Mean absolute difference per channel (0..255) allowed between a served JPEG and the
# reference frame scaled to the same size; measured at most ~3.7 on these clips.
TOLERANCE = 8.0
TIME_TOLERANCE = 1e-6
# The served image must be nearer to the frame shown at t than to this many frames either side.
NEIGHBOURS = 5


def decoded_frames(path: Path) -> list[tuple[float, Image.Image]]:
    """(seconds from the first frame, RGB image) of every frame, in presentation order."""
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        origin = stream.start_time or 0
        return [
            (float((frame.pts - origin) * frame.time_base), frame.to_image())
            for frame in container.decode(stream)
        ]


def pixels(image: Image.Image) -> NDArray[np.float32]:
    return np.asarray(image.convert("RGB"), dtype=np.float32)


def stream_facts(path: Path) -> tuple[tuple[int, int], Fraction]:
    """The served thumbnail size (display aspect, at most MAX_WIDTH wide) and the frame rate."""
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        width = round(stream.width * (stream.sample_aspect_ratio or 1))
        height, rate = stream.height, stream.average_rate
    assert rate
    if width > MAX_WIDTH:
        width, height = MAX_WIDTH, round(height * MAX_WIDTH / width)
    return (width, height), Fraction(rate)


@pytest.mark.parametrize("clip", ["bikes", "bigbuckbunny", "carphone"])
def test_served_frames_are_the_frames_pyav_decodes(
    client: Cloudglue, uploaded: dict[str, str], clips: dict[str, Path], clip: str
) -> None:
    fx = client.frames.create(
        uploaded[clip], frames_per_second=FPS, max_width=MAX_WIDTH, thumbnails=True, wait=True
    )
    assert JobStatus.of(fx.status) is JobStatus.COMPLETED
    served = list(client.frames.iter_frames(fx.frame_extraction_id))
    reference = decoded_frames(clips[clip])
    size, rate = stream_facts(clips[clip])
    duration = len(reference) / rate
    expected_times = [i / FPS for i in range(math.ceil(duration * FPS - 1e-9))]
    assert [f.timestamp for f in served] == pytest.approx(expected_times, abs=1e-6)
    scaled: dict[int, NDArray[np.float32]] = {}

    def reference_pixels(index: int) -> NDArray[np.float32]:
        if index not in scaled:
            scaled[index] = pixels(reference[index][1].resize(size, Image.Resampling.BILINEAR))
        return scaled[index]

    with httpx.Client(timeout=30) as http:
        for frame in served:
            response = http.get(str(frame.thumbnail_url))
            assert response.status_code == 200
            image = Image.open(io.BytesIO(response.content))
            assert image.format == "JPEG" and image.size == size
            got = pixels(image)
            shown = max(
                i for i, (t, _) in enumerate(reference) if t <= frame.timestamp + TIME_TOLERANCE
            )
            nearby = range(max(0, shown - NEIGHBOURS), min(len(reference), shown + NEIGHBOURS + 1))
            distance = {i: float(np.abs(reference_pixels(i) - got).mean()) for i in nearby}
            assert min(distance, key=distance.__getitem__) == shown, (frame.timestamp, distance)
            assert distance[shown] <= TOLERANCE, (frame.timestamp, distance[shown])
