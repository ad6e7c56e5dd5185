"""The provider's official Python SDK (`cloudglue`, pinned in the dev extra) runs unchanged
against the emulator: upload and segmentation, then its methods for the file update, file
thumbnail and file segment operations, their answers parsed by the SDK's own models, and its
errors for a bad filter and an unknown segment."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from cloudglue_emulator.media import SampleTruth
from cloudglue_emulator.testing import RunningEmulator

if TYPE_CHECKING:  # the SDK takes over a second to import: only the worker that runs these does
    from cloudglue import Cloudglue as OfficialCloudglue

MISSING_ID = "9b2f6f1e-4a53-4d43-9f0e-6f4c1d7a2b10"
POLL_SECONDS = 1  # the SDK's waits take whole seconds
WINDOW_SECONDS = 2


@pytest.fixture(scope="module")
def official(emulator: RunningEmulator) -> Iterator[OfficialCloudglue]:
    from cloudglue import Cloudglue as OfficialCloudglue

    # Not closed: the SDK's close() calls ApiClient.close(), which 0.7.28 does not have.
    yield OfficialCloudglue(api_key=emulator.api_key, host=emulator.base_url)


@pytest.fixture(scope="module")
def segmented(official: OfficialCloudglue, sample: SampleTruth) -> tuple[str, str]:
    """A file uploaded and cut into 2 s windows with the SDK: (file id, segmentation id); the
    tests change only its name and metadata."""
    f = official.files.upload(
        str(sample.path),
        metadata={"team": "video"},
        wait_until_finish=True,
        poll_interval=POLL_SECONDS,
    )
    assert f.status == "completed"
    seg = official.files.create_segmentation(
        f.id,
        {"strategy": "uniform", "uniform_config": {"window_seconds": WINDOW_SECONDS}},
        wait_until_finish=True,
        poll_interval=POLL_SECONDS,
    )
    assert seg.status == "completed"
    return f.id, seg.segmentation_id


def test_update_file(official: OfficialCloudglue, segmented: tuple[str, str]) -> None:
    from cloudglue import CloudglueError

    file_id = segmented[0]
    updated = official.files.update(file_id, filename="renamed.mp4", metadata={"reviewed": True})
    assert (updated.id, updated.filename, updated.metadata) == (
        file_id,
        "renamed.mp4",
        {"reviewed": True},
    )
    renamed = official.files.update(file_id, filename="final.mp4")  # metadata kept
    assert (renamed.filename, renamed.metadata) == ("final.mp4", {"reviewed": True})
    unchanged = official.files.update(file_id)  # the SDK sends {}
    assert (unchanged.filename, unchanged.metadata) == ("final.mp4", {"reviewed": True})
    got = official.files.get(file_id)
    assert (got.filename, got.metadata) == ("final.mp4", {"reviewed": True})
    with pytest.raises(CloudglueError) as info:
        official.files.update(MISSING_ID, filename="x.mp4")
    assert info.value.status_code == 404


def test_file_thumbnails(
    official: OfficialCloudglue, segmented: tuple[str, str], sample: SampleTruth
) -> None:
    file_id, seg_id = segmented
    windows = int(sample.seconds // WINDOW_SECONDS)
    every = official.files.get_thumbnails(file_id)
    assert every.total == 1 + windows == len(every.data)  # the file's own and one per segment
    assert sorted(t.type for t in every.data) == ["file"] + ["segment"] * windows
    default = official.thumbnails.get_thumbnails(file_id, is_default=True)
    assert [t.type for t in default.data] == ["file"] and default.data[0].segmentation_id is None
    assert default.data[0].url == official.files.get(file_id).thumbnail_url
    of_seg = official.files.get_thumbnails(file_id, segmentation_id=seg_id, type="segment")
    assert of_seg.total == windows
    assert {t.segmentation_id for t in of_seg.data} == {seg_id}
    paged = official.thumbnails.get_thumbnails(file_id, limit=2, offset=1)
    assert [t.id for t in paged.data] == [t.id for t in every.data[1:3]]


def test_file_segments(
    official: OfficialCloudglue, segmented: tuple[str, str], sample: SampleTruth
) -> None:
    from cloudglue import CloudglueError
    from cloudglue.sdk.exceptions import ApiException

    file_id, seg_id = segmented
    every = official.file_segments.list(file_id)
    starts = [float(s) for s in range(0, int(sample.seconds), WINDOW_SECONDS)]
    assert [s.start_time for s in every.data] == starts and every.total == len(starts)
    assert {(s.file_id, s.segmentation_id) for s in every.data} == {(file_id, seg_id)}
    window = official.files.list_segments(file_id, start_time_after=2, end_time_before=6)
    assert [(s.start_time, s.end_time) for s in window.data] == [(2, 4), (4, 6)]
    paged = official.file_segments.list(file_id, limit=2, offset=1)
    assert [s.id for s in paged.data] == [s.id for s in every.data[1:3]]
    exact = official.files_api.list_file_segments(
        file_id=file_id, min_duration=WINDOW_SECONDS, max_duration=WINDOW_SECONDS
    )
    assert exact.total == len(starts)

    first = every.data[0]
    got = official.file_segments.get(file_id, first.id)
    assert (got.id, got.start_time, got.thumbnail_url) == (first.id, 0, first.thumbnail_url)
    labelled = official.file_segments.update(file_id, first.id, metadata={"label": "intro"})
    assert labelled.metadata == {"label": "intro"}
    unchanged = official.file_segments.update(file_id, first.id)  # the SDK sends {}
    assert unchanged.metadata == {"label": "intro"}
    assert official.file_segments.get(file_id, first.id).metadata == {"label": "intro"}

    with pytest.raises(CloudglueError) as info:
        official.file_segments.get(file_id, MISSING_ID)
    assert info.value.status_code == 404
    with pytest.raises(ApiException) as crossed:
        official.files_api.list_file_segments(file_id=file_id, min_duration=3, max_duration=1)
    assert crossed.value.status == 400
    assert "min_duration: must be <= max_duration" in str(crossed.value.body)
