"""The public wrapper against the real emulator: exact frames, windows, shots and thumbnails."""

from __future__ import annotations

import asyncio
import io
import math

import httpx
import pytest
from PIL import Image

from cloudglue_client import (
    AsyncCloudglue,
    AuthenticationError,
    BadRequestError,
    Cloudglue,
    JobStatus,
    NotFoundError,
    UnsupportedMediaTypeError,
    manual,
    shot_detector,
    uniform,
)
from cloudglue_emulator.media import SampleTruth, read_barcode
from cloudglue_emulator.testing import RunningEmulator

pytestmark = pytest.mark.e2e


def shown_frame(t: float, fps: float) -> int:
    """Index of the last frame whose presentation time is <= t."""
    return math.floor(t * fps + 1e-6)


@pytest.mark.parametrize("fps", [1, 5])
def test_frames_are_exact_and_thumbnails_show_the_right_frame(
    cg: Cloudglue, uploaded: str, sample: SampleTruth, fps: int
) -> None:
    fx = cg.frames.create(
        uploaded, frames_per_second=fps, max_width=160, thumbnails=True, wait=True
    )
    assert JobStatus.of(fx.status).is_success
    frames = list(cg.frames.iter_frames(fx.frame_extraction_id, page_size=7))
    expected = [round(i / fps, 6) for i in range(math.ceil(sample.seconds * fps - 1e-9))]
    assert [f.timestamp for f in frames] == pytest.approx(expected, abs=1e-6)
    assert len({f.id for f in frames}) == len(frames)
    with httpx.Client(timeout=10) as http:
        for frame in frames[:: max(1, len(frames) // 8)]:
            assert isinstance(frame.thumbnail_url, str)
            image = Image.open(io.BytesIO(http.get(frame.thumbnail_url).content))
            assert image.format == "JPEG"
            assert image.width == 160
            assert image.height == round(160 * sample.height / sample.width)
            assert read_barcode(image) == shown_frame(frame.timestamp, sample.fps)


def test_identical_frame_requests_return_the_same_job(cg: Cloudglue, uploaded: str) -> None:
    a = cg.frames.create(uploaded, frames_per_second=2, max_width=64, thumbnails=False)
    b = cg.frames.create(uploaded, frames_per_second=2, max_width=64, thumbnails=False)
    assert a.frame_extraction_id == b.frame_extraction_id
    listed = [j.frame_extraction_id for j in cg.frames.list(uploaded, page_size=1)]
    assert a.frame_extraction_id in listed


def test_uniform_windows_match_the_config(
    cg: Cloudglue, uploaded: str, sample: SampleTruth
) -> None:
    seg = cg.segmentations.create(uploaded, uniform(3, 2), thumbnails=True, wait=True)
    segments = list(cg.segmentations.iter_segments(seg.segmentation_id, page_size=2))
    starts = [s.start_time for s in segments]
    assert starts == pytest.approx([0, 2, 4, 6][: len(starts)])
    for s in segments:
        assert s.end_time == pytest.approx(min(s.start_time + 3, sample.seconds))
    thumbs = list(cg.segmentations.thumbnails(seg.segmentation_id))
    assert {t.segment_id for t in thumbs} == {s.id for s in segments}
    only = list(cg.segmentations.thumbnails(seg.segmentation_id, segment_ids=[segments[0].id]))
    assert [t.segment_id for t in only] == [segments[0].id]


@pytest.mark.parametrize("detector", ["adaptive", "content"])
def test_detected_shots_are_within_one_frame_of_true_cuts(
    cg: Cloudglue, uploaded: str, sample: SampleTruth, detector: str
) -> None:
    seg = cg.segmentations.create(uploaded, shot_detector(detector, min_seconds=0.6), wait=True)
    assert JobStatus.of(seg.status) is JobStatus.COMPLETED
    boundaries = [s.start_time for s in cg.segmentations.iter_segments(seg.segmentation_id)][1:]
    cuts = [c for c in sample.cuts if c < sample.seconds]
    frame = 1 / sample.fps + 1e-6
    for truth in cuts:  # every hard cut found within one frame
        assert min(abs(b - truth) for b in boundaries) <= frame, (truth, boundaries)
    extra = [b for b in boundaries if min(abs(b - c) for c in cuts) > frame]
    # the content detector may cut once inside the cross-fade; nowhere else
    assert all(any(a <= b <= z for a, z in sample.gradual) for b in extra), extra
    assert len(extra) <= (len(sample.gradual) if detector == "content" else 0)
    assert seg.total_shots and seg.total_shots >= len(cuts) + 1


def test_manual_ranges_and_range_validation(cg: Cloudglue, uploaded: str) -> None:
    seg = cg.segmentations.create(uploaded, manual([(0, 1.5), (2, 4)]), wait=True)
    got = [(s.start_time, s.end_time) for s in cg.segmentations.iter_segments(seg.segmentation_id)]
    assert got == [(0, 1.5), (2, 4)]
    with pytest.raises(BadRequestError, match="end_time"):
        cg.segmentations.create(uploaded, manual([(0, 60)]))


def test_errors_from_the_real_server(cg: Cloudglue, emulator: RunningEmulator, tmp_path) -> None:
    with pytest.raises(NotFoundError):
        cg.frames.get("00000000-0000-4000-8000-000000000000")
    text = tmp_path / "notes.mp4"
    text.write_text("definitely not a video\n" * 20)
    with pytest.raises(UnsupportedMediaTypeError):
        cg.files.upload(text)
    with (
        Cloudglue(api_key="cg-wrong", base_url=emulator.base_url) as bad,
        pytest.raises(AuthenticationError),
    ):
        bad.files.get("anything")


def test_async_client_end_to_end(emulator: RunningEmulator, uploaded: str) -> None:
    async def scenario() -> tuple[int, int]:
        async with AsyncCloudglue(api_key=emulator.api_key, base_url=emulator.base_url) as cg:
            fx, seg = await asyncio.gather(
                cg.frames.create(uploaded, frames_per_second=3, thumbnails=False, wait=True),
                cg.segmentations.create(uploaded, uniform(2), wait=True),
            )
            frames = [f async for f in cg.frames.iter_frames(fx.frame_extraction_id, page_size=5)]
            segments = [s async for s in cg.segmentations.iter_segments(seg.segmentation_id)]
            return len(frames), len(segments)

    n_frames, n_segments = asyncio.run(scenario())
    assert n_frames == 24
    assert n_segments == 4
