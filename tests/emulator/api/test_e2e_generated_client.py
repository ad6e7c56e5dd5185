"""End to end: the generated client against an emulator subprocess, on the barcoded sample."""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterator
from typing import Any, TypeVar
from uuid import UUID

import httpx
import pytest
from PIL import Image

from cloudglue_emulator.media import (
    SampleTruth,
    read_barcode,
    uniform_sample_times,
    uniform_windows,
)
from cloudglue_emulator.testing import RunningEmulator, running
from cloudglue_openapi import AuthenticatedClient
from cloudglue_openapi.api.files import get_file, list_files, upload_file
from cloudglue_openapi.api.frames import (
    create_file_frame_extraction,
    get_frame_extraction,
    list_file_frame_extractions,
)
from cloudglue_openapi.api.segmentations import (
    create_file_segmentation,
    get_segmentation,
    get_segmentation_thumbnails,
)
from cloudglue_openapi.models import (
    File,
    FileList,
    FileUpload,
    FrameExtraction,
    FrameExtractionConfig,
    FrameExtractionList,
    NewSegmentation,
    Segmentation,
    ThumbnailList,
)
from cloudglue_openapi.types import File as UploadPayload
from tests.support.polling import until_status

pytestmark = pytest.mark.e2e

T = TypeVar("T")
DEADLINE_SECONDS = 60.0
POLL_SECONDS = 0.05


@pytest.fixture(scope="module")
def server() -> Iterator[RunningEmulator]:
    with running(api_key="cg-e2e-key") as emu:
        yield emu


@pytest.fixture(scope="module")
def client(server: RunningEmulator) -> Iterator[AuthenticatedClient]:
    with AuthenticatedClient(base_url=server.base_url, token=server.api_key) as c:
        yield c


@pytest.fixture(scope="module")
def uploaded(client: AuthenticatedClient, sample: SampleTruth) -> File:
    with sample.path.open("rb") as handle:
        body = FileUpload(
            file=UploadPayload(payload=handle, file_name="sample.mp4", mime_type="video/mp4"),
            metadata=json.dumps({"suite": "e2e"}),
        )
        response = upload_file.sync_detailed(client=client, body=body)
    assert response.status_code == 200, response.content
    created = response.parsed
    assert isinstance(created, File) and created.status == "pending"
    return poll(lambda: get_file.sync_detailed(str(created.id), client=client).parsed, File)


def poll(fetch: Callable[[], Any], kind: type[T]) -> T:
    """Fetch until the job or file is no longer pending/processing (deadline-bound)."""

    def fetched() -> T:
        value = fetch()
        assert isinstance(value, kind), value
        return value

    done: T = until_status(fetched, timeout=DEADLINE_SECONDS, interval=POLL_SECONDS)
    return done


@pytest.fixture(scope="module")
def images() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=10.0) as c:
        yield c


def fetch_jpeg(images: httpx.Client, url: str) -> Image.Image:
    response = images.get(url)
    assert response.status_code == 200 and response.headers["content-type"] == "image/jpeg"
    image = Image.open(io.BytesIO(response.content))
    assert image.format == "JPEG"
    return image


def frame_number(t: float, fps: float) -> int:
    """The frame shown at t: the last one whose pts <= t."""
    return int(t * fps + 1e-6)


def test_upload_is_probed(images: httpx.Client, uploaded: File, sample: SampleTruth) -> None:
    assert uploaded.status == "completed"
    assert uploaded.media_info and uploaded.media_info.duration_seconds == sample.seconds
    assert uploaded.metadata and uploaded.metadata.to_dict() == {"suite": "e2e"}
    assert isinstance(uploaded.thumbnail_url, str)
    assert fetch_jpeg(images, uploaded.thumbnail_url).size == (sample.width, sample.height)


@pytest.mark.parametrize(("fps", "max_width"), [(1, 1024), (5, 160)])
def test_frames_are_exact_with_barcoded_thumbnails(
    images: httpx.Client,
    client: AuthenticatedClient,
    uploaded: File,
    sample: SampleTruth,
    fps: int,
    max_width: int,
) -> None:
    config = FrameExtractionConfig.from_dict(
        {
            "strategy": "uniform",
            "uniform_config": {"frames_per_second": fps, "max_width": max_width},
            "thumbnails_config": {"enable_frame_thumbnails": True},
        }
    )
    created = create_file_frame_extraction.sync_detailed(
        UUID(str(uploaded.id)), client=client, body=config
    ).parsed
    assert isinstance(created, FrameExtraction)
    job_id = created.frame_extraction_id
    done = poll(
        lambda: get_frame_extraction.sync_detailed(job_id, client=client).parsed, FrameExtraction
    )
    assert done.status == "completed"
    expected = uniform_sample_times(sample.seconds, fps)
    assert done.frame_count == len(expected)

    frames: list[Any] = []
    offset = 0
    while True:
        page = get_frame_extraction.sync_detailed(
            job_id, client=client, limit=7, offset=offset
        ).parsed
        assert isinstance(page, FrameExtraction) and page.data
        assert (page.data.total, page.data.limit, page.data.offset) == (len(expected), 7, offset)
        batch = page.data.frames or []
        frames.extend(batch)
        offset += 7
        if offset >= page.data.total:
            break
    assert [f.timestamp for f in frames] == expected
    assert len({f.id for f in frames}) == len(frames)
    width = min(max_width, sample.width)
    for frame in frames:
        image = fetch_jpeg(images, str(frame.thumbnail_url))
        assert image.size == (width, round(sample.height * width / sample.width))
        assert read_barcode(image) == frame_number(frame.timestamp, sample.fps)

    again = create_file_frame_extraction.sync_detailed(
        UUID(str(uploaded.id)), client=client, body=config
    ).parsed
    assert isinstance(again, FrameExtraction) and again.frame_extraction_id == job_id


def test_frame_extractions_are_listed(client: AuthenticatedClient, uploaded: File) -> None:
    # Two extractions of its own: other tests of this module may run on another xdist worker
    # (with another module emulator), so their jobs are not there to list.
    for fps in (2, 3):
        config = FrameExtractionConfig.from_dict(
            {"strategy": "uniform", "uniform_config": {"frames_per_second": fps}}
        )
        created = create_file_frame_extraction.sync_detailed(
            UUID(str(uploaded.id)), client=client, body=config
        ).parsed
        assert isinstance(created, FrameExtraction)
    seen: list[UUID] = []
    for offset in range(3):
        page = list_file_frame_extractions.sync_detailed(
            UUID(str(uploaded.id)), client=client, limit=1, offset=offset
        ).parsed
        assert isinstance(page, FrameExtractionList)
        seen.extend(j.frame_extraction_id for j in page.data)
    assert len(seen) == len(set(seen)) >= 2


def all_segments(client: AuthenticatedClient, seg_id: UUID, total: int) -> list[Any]:
    segments: list[Any] = []
    for offset in range(0, total, 2):
        page = get_segmentation.sync_detailed(seg_id, client=client, limit=2, offset=offset).parsed
        assert isinstance(page, Segmentation) and page.data
        segments.extend(page.data.segments or [])
    return segments


def test_uniform_segments_match_the_windows(
    images: httpx.Client, client: AuthenticatedClient, uploaded: File, sample: SampleTruth
) -> None:
    body = NewSegmentation.from_dict(
        {"strategy": "uniform", "uniform_config": {"window_seconds": 2.5, "hop_seconds": 1.5}}
    )
    created = create_file_segmentation.sync_detailed(
        UUID(str(uploaded.id)), client=client, body=body
    ).parsed
    assert isinstance(created, Segmentation)
    seg_id = created.segmentation_id
    done = poll(lambda: get_segmentation.sync_detailed(seg_id, client=client).parsed, Segmentation)
    windows = uniform_windows(sample.seconds, 2.5, 1.5)
    assert done.total_segments == len(windows)
    segments = all_segments(client, seg_id, len(windows))
    assert [(s.start_time, s.end_time) for s in segments] == windows
    thumbs = get_segmentation_thumbnails.sync_detailed(
        seg_id, client=client, type_="segment"
    ).parsed
    assert isinstance(thumbs, ThumbnailList) and thumbs.total == len(windows)
    for thumb in thumbs.data:
        assert read_barcode(fetch_jpeg(images, thumb.url)) == frame_number(thumb.time, sample.fps)


@pytest.mark.parametrize("detector", ["adaptive", "content"])
def test_shots_are_within_one_frame_of_the_cuts(
    images: httpx.Client,
    client: AuthenticatedClient,
    uploaded: File,
    sample: SampleTruth,
    detector: str,
) -> None:
    body = NewSegmentation.from_dict(
        {"strategy": "shot-detector", "shot_detector_config": {"detector": detector}}
    )
    created = create_file_segmentation.sync_detailed(
        UUID(str(uploaded.id)), client=client, body=body
    ).parsed
    assert isinstance(created, Segmentation)
    seg_id = created.segmentation_id
    done = poll(
        lambda: get_segmentation.sync_detailed(seg_id, client=client, limit=100).parsed,
        Segmentation,
    )
    assert done.status == "completed" and done.data and done.data.shots
    boundaries = [s.start_time for s in done.data.shots[1:]]
    for cut in sample.cuts:
        assert min(abs(b - cut) for b in boundaries) <= 1 / sample.fps + 1e-6, (cut, boundaries)
    segments = all_segments(client, seg_id, int(done.total_segments or 0))
    assert segments[0].start_time == 0 and segments[-1].end_time == sample.seconds
    for seg in segments:
        image = fetch_jpeg(images, str(seg.thumbnail_url))
        middle = (seg.start_time + seg.end_time) / 2
        assert abs(read_barcode(image) - frame_number(middle, sample.fps)) <= 1


def test_files_are_listed(client: AuthenticatedClient, uploaded: File) -> None:
    page = list_files.sync_detailed(client=client, limit=1).parsed
    assert isinstance(page, FileList)
    assert page.total >= 1 and page.limit == 1 and page.data[0].id == uploaded.id
