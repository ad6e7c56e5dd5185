"""Bad arguments fail with a message naming the argument and what is allowed; nothing is sent."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from cloudglue_client import _constants as C
from cloudglue_client import manual, shot_detector, uniform
from cloudglue_openapi.constraints import Field, field
from tests.support.contract_values import above, below, dots, inside, not_one_of
from tests.support.fakeapi import FILE_ID, JOB_ID, SEG_ID, FakeAPI

from .conftest import Flavor

# Every bound and enum below is read from the generated constraints (openapi.yaml), so a spec
# edit plus `make generate` moves these expectations with the client they test.
FRAMES, SEGMENTATION = "createFileFrameExtraction", "createFileSegmentation"
FPS = field(FRAMES, "body.uniform_config.frames_per_second")
WIDTH = field(FRAMES, "body.uniform_config.max_width")
START = field(FRAMES, "body.start_time_seconds")
FRAME_LIMIT = field("getFrameExtraction", "query.limit")
SEGMENT_OFFSET = field("getSegmentation", "query.offset")
LIST_LIMIT = field("listFileFrameExtractions", "query.limit")
WINDOW = field(SEGMENTATION, "body.uniform_config.window_seconds")
HOP = field(SEGMENTATION, "body.uniform_config.hop_seconds")
DETECTOR = field(SEGMENTATION, "body.shot_detector_config.detector")
MIN_SECONDS = field(SEGMENTATION, "body.shot_detector_config.min_seconds")
MAX_SECONDS = field(SEGMENTATION, "body.shot_detector_config.max_seconds")
THRESHOLD = field(SEGMENTATION, "body.shot_detector_config.threshold")
SEGMENTS = field(SEGMENTATION, "body.manual_config.segments")
SEGMENT_START = field(SEGMENTATION, "body.manual_config.segments[].start_time")
STATUS = field("listFiles", "query.status")


def out_of_range(name: str, value: float, spec: Field) -> str:
    return f"{name}: {value!r} is out of range; allowed {dots(spec)}"


Case = tuple[str, Callable[[Any], Any], str]

CASES: list[Case] = [
    ("malformed frame id", lambda cg: cg.frames.get("nope"), "frame_extraction_id"),
    ("int id", lambda cg: cg.frames.get(42), "frame_extraction_id"),
    ("malformed seg id", lambda cg: cg.segmentations.get("123"), "segmentation_id"),
    ("malformed file id", lambda cg: cg.frames.create("x-y"), "file_id"),
    ("blank file id", lambda cg: cg.files.get(" "), "file_id"),
    ("file id with a slash", lambda cg: cg.files.get("a/b"), "file_id"),
    # A URL normaliser (a proxy, the server) would make `files/..` the collection itself.
    ("file id '..'", lambda cg: cg.files.delete(".."), "file_id"),
    ("file id '.'", lambda cg: cg.files.update(".", filename="x"), "file_id"),
    (
        "limit low",
        lambda cg: cg.frames.get(JOB_ID, limit=below(FRAME_LIMIT)),
        out_of_range("limit", below(FRAME_LIMIT), FRAME_LIMIT),
    ),
    (
        "limit high",
        lambda cg: cg.frames.get(JOB_ID, limit=above(FRAME_LIMIT)),
        f"allowed {dots(FRAME_LIMIT)}",
    ),
    (
        "negative offset",
        lambda cg: cg.segmentations.get(SEG_ID, offset=below(SEGMENT_OFFSET)),
        "offset",
    ),
    ("float limit", lambda cg: cg.frames.get(JOB_ID, limit=2.5), "limit"),
    (
        "page_size low",
        lambda cg: cg.frames.iter_frames(JOB_ID, page_size=below(FRAME_LIMIT)),
        "page_size",
    ),
    (
        "page_size high",
        lambda cg: cg.frames.list(FILE_ID, page_size=above(LIST_LIMIT)),
        "page_size",
    ),
    ("prefetch 0", lambda cg: cg.frames.iter_frames(JOB_ID, prefetch=0), "prefetch"),
    (
        "prefetch high",
        lambda cg: cg.frames.list(FILE_ID, prefetch=C.MAX_PREFETCH + 1),
        f"prefetch: {C.MAX_PREFETCH + 1} is out of range; allowed 1..{C.MAX_PREFETCH}",
    ),
    (
        "max_retries high",
        lambda cg: cg.frames.get(JOB_ID, max_retries=C.MAX_RETRIES_CEILING + 1),
        f"allowed 0..{C.MAX_RETRIES_CEILING}",
    ),
    (
        "fps low",
        lambda cg: cg.frames.create(FILE_ID, frames_per_second=below(FPS)),
        out_of_range("frames_per_second", below(FPS), FPS),
    ),
    (
        "fps high",
        lambda cg: cg.frames.create(FILE_ID, frames_per_second=above(FPS)),
        dots(FPS),
    ),
    ("fps bool", lambda cg: cg.frames.create(FILE_ID, frames_per_second=True), "frames_per_second"),
    ("fps nan", lambda cg: cg.frames.create(FILE_ID, frames_per_second=float("nan")), "finite"),
    (
        "width low",
        lambda cg: cg.frames.create(FILE_ID, max_width=below(WIDTH)),
        f"max_width: {below(WIDTH)!r}",
    ),
    (
        "width high",
        lambda cg: cg.frames.create(FILE_ID, max_width=above(WIDTH)),
        dots(WIDTH),
    ),
    ("thumbnails str", lambda cg: cg.frames.create(FILE_ID, thumbnails="yes"), "thumbnails"),
    (
        "start >= end",
        lambda cg: cg.frames.create(FILE_ID, start_time_seconds=5, end_time_seconds=5),
        "start_time_seconds",
    ),
    (
        "negative start",
        lambda cg: cg.frames.create(FILE_ID, start_time_seconds=below(START)),
        dots(START),
    ),
    ("config type", lambda cg: cg.segmentations.create(FILE_ID, {"strategy": "uniform"}), "config"),
    (
        "status choice",
        lambda cg: cg.files.list(status=not_one_of(STATUS)),
        f"status: {not_one_of(STATUS)!r} is not one of",
    ),
    (
        "segment ids",
        lambda cg: cg.segmentations.thumbnails(SEG_ID, segment_ids=["bad"]),
        "segment_ids",
    ),
    (
        "segment ids str",
        lambda cg: cg.segmentations.thumbnails(SEG_ID, segment_ids=SEG_ID),
        "segment_ids",
    ),
    ("file id padded", lambda cg: cg.files.get(f" {FILE_ID}\n"), "not a valid file id"),
    ("thumb type comma", lambda cg: cg.segmentations.thumbnails(SEG_ID, type="a,b"), "type"),
    # An empty filter list, sent as nothing, would list everything instead of nothing.
    (
        "thumb no segment ids",
        lambda cg: cg.segmentations.thumbnails(SEG_ID, segment_ids=[]),
        "segment_ids: give at least one",
    ),
    ("thumb no types", lambda cg: cg.segmentations.thumbnails(SEG_ID, type=[]), "type: give"),
    ("file thumb no types", lambda cg: cg.files.thumbnails(FILE_ID, type=()), "type: give"),
    ("missing upload", lambda cg: cg.files.upload("/nonexistent/video.mp4"), "does not exist"),
    ("metadata type", lambda cg: cg.files.upload(__file__, metadata=[1]), "metadata"),
    ("metadata json", lambda cg: cg.files.upload(__file__, metadata={"x": object()}), "metadata"),
    (
        "thumbs flag",
        lambda cg: cg.files.upload(__file__, enable_segment_thumbnails=1),
        "enable_segment_thumbnails",
    ),
]


@pytest.mark.parametrize(("label", "action", "message"), CASES, ids=[c[0] for c in CASES])
def test_bad_input_raises_before_sending(
    flavor: Flavor, api: FakeAPI, label: str, action: Callable[[Any], Any], message: str
) -> None:
    with pytest.raises((ValueError, TypeError)) as info:
        flavor.call(action)
    assert message in str(info.value)
    assert api.requests == []


def test_directory_upload_is_rejected(flavor: Flavor, api: FakeAPI, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="not a regular file"):
        flavor.call(lambda cg: cg.files.upload(tmp_path))
    assert api.requests == []


def test_text_mode_file_is_rejected(flavor: Flavor, api: FakeAPI, tmp_path: Path) -> None:
    path = tmp_path / "a.mp4"
    path.write_bytes(b"x")
    with path.open("r") as fh, pytest.raises(TypeError, match="binary"):
        flavor.call(lambda cg: cg.files.upload(fh))
    assert api.requests == []


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: uniform(below(WINDOW)), out_of_range("window_seconds", below(WINDOW), WINDOW)),
        (lambda: uniform(above(WINDOW)), "window_seconds"),
        (lambda: uniform(10, below(HOP)), "hop_seconds"),
        (lambda: uniform(10, start_time_seconds=3, end_time_seconds=1), "start_time_seconds"),
        (
            lambda: shot_detector(not_one_of(DETECTOR)),
            f"detector: {not_one_of(DETECTOR)!r} is not one of "
            + ", ".join(repr(value) for value in DETECTOR.enum or ()),
        ),
        (
            lambda: shot_detector(min_seconds=below(MIN_SECONDS)),
            out_of_range("min_seconds", below(MIN_SECONDS), MIN_SECONDS),
        ),
        (
            lambda: shot_detector(min_seconds=inside(MIN_SECONDS), max_seconds=above(MAX_SECONDS)),
            "max_seconds",
        ),
        (lambda: shot_detector(min_seconds=10, max_seconds=5), "must not exceed"),
        (lambda: shot_detector(min_seconds=inside(MIN_SECONDS), fill_gaps="no"), "fill_gaps"),
        (lambda: shot_detector(threshold=below(THRESHOLD)), "threshold"),
        (
            lambda: manual([]),
            f"segments: at least {SEGMENTS.min_items} "
            f"item{'' if SEGMENTS.min_items == 1 else 's'} required, got 0",
        ),
        (
            lambda: manual([(3, 1)]),
            "segments[0].start_time (3) must be less than segments[0].end_time (1)",
        ),
        (
            lambda: manual([(below(SEGMENT_START), 1)]),
            out_of_range("segments[0].start_time", below(SEGMENT_START), SEGMENT_START),
        ),
        (
            lambda: shot_detector(threshold=above(THRESHOLD)),
            out_of_range("threshold", above(THRESHOLD), THRESHOLD),
        ),
        (lambda: manual([(0, 1), (2, "x")]), "segments[1].end_time"),
        (lambda: manual("0-1"), "segments"),
        (lambda: manual([{"start_time": 1}]), "segments[0]"),
    ],
)
def test_config_builders_validate(build: Callable[[], Any], message: str) -> None:
    with pytest.raises((ValueError, TypeError)) as info:
        build()
    assert message in str(info.value)


def test_uuid_objects_and_strings_are_both_accepted(flavor: Flavor, api: FakeAPI) -> None:
    by_obj = flavor.call(lambda cg: cg.frames.get(uuid.UUID(JOB_ID)))
    by_str = flavor.call(lambda cg: cg.frames.get(JOB_ID.upper()))
    assert by_obj.frame_extraction_id == by_str.frame_extraction_id
    assert len(api.requests) == 2


def test_builders_send_only_the_strategy_block() -> None:
    body = shot_detector("content", threshold=20, min_seconds=1).to_dict()
    assert body == {
        "strategy": "shot-detector",
        "shot_detector_config": {"detector": "content", "threshold": 20, "min_seconds": 1},
    }
    assert uniform(4).to_dict() == {"strategy": "uniform", "uniform_config": {"window_seconds": 4}}
    assert manual([(0, 1.5)]).to_dict()["manual_config"]["segments"] == [
        {"start_time": 0, "end_time": 1.5}
    ]


def test_file_status_filter_is_the_generated_enum() -> None:
    from cloudglue_openapi.constraints import field
    from cloudglue_openapi.models import FileStatus

    assert set(field("listFiles", "query.status").enum or ()) == {s.value for s in FileStatus}
