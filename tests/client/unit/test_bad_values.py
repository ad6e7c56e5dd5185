"""Values that cannot be sent as the contract says are refused before anything is sent, naming
the field: non-finite or overflowing numbers, strings that are not Unicode, filter paths and
scopes outside their enums, a hand-made segmentation config, a non-bool `wait`, a range whose
omitted start (the start of the file) is not before its end, and async callbacks the client
would call without awaiting.

Bounds and enums come from the generated constraints (openapi.yaml), never typed here.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from cloudglue_client import _validation as v
from cloudglue_client import manual, shot_detector, uniform
from cloudglue_openapi.constraints import field, schema
from cloudglue_openapi.models import (
    ManualConfig,
    ManualSegment,
    NarrativeConfig,
    NewSegmentation,
    SegmentationStrategy,
    ShotDetector,
    ShotDetectorConfig,
    UniformConfig,
)
from tests.support.contract_values import above, below, dots, inside, not_one_of
from tests.support.fakeapi import FILE_ID, JOB_ID, SEG_ID, FakeAPI, frame_job, respond

from .conftest import Flavor

FRAMES, SEGMENTATION = "createFileFrameExtraction", "createFileSegmentation"
FPS = field(FRAMES, "body.uniform_config.frames_per_second")
WIDTH = field(FRAMES, "body.uniform_config.max_width")
WINDOW = field(SEGMENTATION, "body.uniform_config.window_seconds")
HOP = field(SEGMENTATION, "body.uniform_config.hop_seconds")
MIN_SECONDS = field(SEGMENTATION, "body.shot_detector_config.min_seconds")
CHAPTERS = field(SEGMENTATION, "body.narrative_config.min_chapters")
SEGMENTS = field(SEGMENTATION, "body.manual_config.segments")
HUGE = 10**400  # an int no double holds: `float(HUGE)` overflows
SURROGATE = "\udcff"  # what a bad byte of argv becomes (surrogateescape)
HERE = __file__

Action = Callable[[Any], Any]


def refused(flavor: Flavor, api: FakeAPI, action: Action, *texts: str) -> BaseException:
    """`action` raises ValueError/TypeError whose message holds every text; nothing is sent."""
    with pytest.raises((ValueError, TypeError)) as info:
        flavor.call(action)
    for text in texts:
        assert text in str(info.value)
    assert api.requests == []
    return info.value


def condition(**kw: Any) -> dict[str, Any]:
    return {"operator": "Equal", "valueText": "x", **kw}


# -- 1: NaN, Infinity and overflowing ints in JSON values -------------------------------------

JSON_CASES: list[tuple[str, Action, tuple[str, ...]]] = [
    ("update nan", lambda cg: cg.files.update(FILE_ID, metadata={"a": math.nan}), ("metadata",)),
    (
        "update nested inf",
        lambda cg: cg.files.update(FILE_ID, metadata={"a": {"b": [1, -math.inf]}}),
        ("metadata['a']['b'][1]", "finite"),
    ),
    ("update huge int", lambda cg: cg.files.update(FILE_ID, metadata={"n": HUGE}), ("metadata",)),
    (
        "segment nan",
        lambda cg: cg.segments.update(FILE_ID, SEG_ID, metadata={"score": math.nan}),
        ("metadata['score']",),
    ),
    (
        "upload nan",
        lambda cg: cg.files.upload(HERE, metadata={"a": [math.inf]}),
        ("metadata['a'][0]",),
    ),
    (
        "extra_body inf",
        lambda cg: cg.frames.create(FILE_ID, extra_body={"x": [math.inf]}),
        ("extra_body['x'][0]",),
    ),
    (
        "upload extra_body nan",
        lambda cg: cg.files.upload(HERE, extra_body={"note": math.nan}),
        ("extra_body['note']",),
    ),
    (
        "extra_query nan",
        lambda cg: cg.frames.get(JOB_ID, extra_query={"x": math.nan}),
        ("extra_query['x']",),
    ),
    (
        "extra_query surrogate",
        lambda cg: cg.frames.get(JOB_ID, extra_query={"x": "a" + SURROGATE}),
        ("extra_query['x']",),
    ),
    (
        "filter nan",
        lambda cg: cg.files.list(filter={"file": [condition(path="bytes", valueNumber=math.nan)]}),
        ("filter", "valueNumber"),
    ),
]


@pytest.mark.parametrize(("label", "action", "texts"), JSON_CASES, ids=[c[0] for c in JSON_CASES])
def test_non_finite_json_numbers_are_refused_naming_the_field(
    flavor: Flavor, api: FakeAPI, label: str, action: Action, texts: tuple[str, ...]
) -> None:
    refused(flavor, api, action, *texts)


def test_the_json_check_extra_body_needs_names_the_path() -> None:
    with pytest.raises(ValueError, match=r"extra_body\['x'\]\[0\]: inf is not a finite number"):
        v.json_value({"x": [math.inf]}, "extra_body")
    with pytest.raises(ValueError, match=r"extra_body\['k'\]: not valid Unicode"):
        v.json_value({"k": "a" + SURROGATE}, "extra_body")
    loop: list[Any] = []
    loop.append(loop)
    with pytest.raises(ValueError, match="extra_body"):
        v.json_value({"x": loop}, "extra_body")
    v.json_value({"ok": [1, 2.5, None, True, "é", {"n": 10**20}]}, "extra_body")


# -- 2: ints too large for a double ------------------------------------------------------------

HUGE_CASES: list[tuple[str, Action, tuple[str, ...]]] = [
    (
        "fps",
        lambda cg: cg.frames.create(FILE_ID, frames_per_second=HUGE),
        ("frames_per_second", dots(FPS)),
    ),
    ("width", lambda cg: cg.frames.create(FILE_ID, max_width=HUGE), ("max_width", dots(WIDTH))),
    ("start", lambda cg: cg.frames.create(FILE_ID, start_time_seconds=HUGE), ("start_time",)),
    ("end", lambda cg: cg.frames.create(FILE_ID, end_time_seconds=-HUGE), ("end_time_seconds",)),
    ("limit", lambda cg: cg.frames.get(JOB_ID, limit=10**5000), ("limit: an integer of",)),
    ("segments filter", lambda cg: cg.files.segments(FILE_ID, min_duration=HUGE), ("min_dur",)),
    ("wait timeout", lambda cg: cg.frames.wait(JOB_ID, timeout=HUGE), ("timeout",)),
    ("poll interval", lambda cg: cg.frames.wait(JOB_ID, poll_interval=HUGE), ("poll_interval",)),
    ("heartbeat", lambda cg: cg.frames.wait(JOB_ID, heartbeat=HUGE), ("heartbeat",)),
    ("create timeout", lambda cg: cg.frames.create(FILE_ID, wait_timeout=HUGE), ("wait_timeout",)),
]


@pytest.mark.parametrize(("label", "action", "texts"), HUGE_CASES, ids=[c[0] for c in HUGE_CASES])
def test_ints_too_large_for_a_double_are_refused_naming_the_field(
    flavor: Flavor, api: FakeAPI, label: str, action: Action, texts: tuple[str, ...]
) -> None:
    error = refused(flavor, api, action, *texts)
    assert isinstance(error, ValueError)


@pytest.mark.parametrize(
    ("build", "text"),
    [
        (
            lambda: uniform(HUGE),
            f"window_seconds: an integer of {HUGE.bit_length()} bits is out of range; "
            f"allowed {dots(WINDOW)}",
        ),
        (lambda: uniform(10, HUGE), "hop_seconds"),
        (lambda: shot_detector(threshold=HUGE), "threshold"),
        (lambda: shot_detector(min_seconds=-HUGE), "min_seconds"),
        (lambda: manual([(0, HUGE)]), "segments[0].end_time"),
        (lambda: uniform(10, start_time_seconds=HUGE), "start_time_seconds"),
    ],
)
def test_builders_refuse_ints_too_large_for_a_double(build: Callable[[], Any], text: str) -> None:
    with pytest.raises(ValueError) as info:
        build()
    assert text in str(info.value)


def test_a_server_time_too_large_for_a_double_is_an_unusable_item_not_a_crash() -> None:
    from cloudglue_client.resources._images import seconds_label

    with pytest.raises(ValueError, match=f"timestamp an integer of {HUGE.bit_length()} bits"):
        seconds_label(HUGE, "timestamp")
    with pytest.raises(ValueError, match="timestamp an integer of"):
        seconds_label(10**5000, "timestamp")  # its repr alone would raise


# -- 3: strings that are not Unicode (lone surrogates) ------------------------------------------

TEXT_CASES: list[tuple[str, Action, str]] = [
    ("file id", lambda cg: cg.files.get(SURROGATE + "\udcfe"), "file_id"),
    ("delete id", lambda cg: cg.files.delete("ab" + SURROGATE), "file_id"),
    ("filename", lambda cg: cg.files.update(FILE_ID, filename="a" + SURROGATE), "filename"),
    ("metadata key", lambda cg: cg.files.update(FILE_ID, metadata={SURROGATE: 1}), "metadata"),
    (
        "metadata value",
        lambda cg: cg.segments.update(FILE_ID, SEG_ID, metadata={"a": ["ok", SURROGATE]}),
        "metadata['a'][1]",
    ),
    ("upload filename", lambda cg: cg.files.upload(HERE, filename="v" + SURROGATE), "filename"),
    ("upload metadata", lambda cg: cg.files.upload(HERE, metadata={"a": SURROGATE}), "metadata"),
    (
        "filter text",
        lambda cg: cg.files.list(filter={"file": [condition(path="uri", valueText=SURROGATE)]}),
        "filter",
    ),
]


@pytest.mark.parametrize(("label", "action", "text"), TEXT_CASES, ids=[c[0] for c in TEXT_CASES])
def test_strings_with_lone_surrogates_are_refused_naming_the_field(
    flavor: Flavor, api: FakeAPI, label: str, action: Action, text: str
) -> None:
    error = refused(flavor, api, action, text, "not valid Unicode")
    assert isinstance(error, ValueError)


# -- 4: upload's filename is checked as update's is ----------------------------------------------


@pytest.mark.parametrize(
    ("filename", "error"), [(5, TypeError), ("", ValueError), ("  ", ValueError), (b"a", TypeError)]
)
def test_upload_filename_must_be_a_non_empty_str(
    flavor: Flavor, api: FakeAPI, filename: object, error: type[Exception]
) -> None:
    raised = refused(flavor, api, lambda cg: cg.files.upload(HERE, filename=filename), "filename")
    assert isinstance(raised, error)


# -- 5: wait is a bool; wait settings are checked whether or not it waits ------------------------


def segmentation_config() -> NewSegmentation:
    return uniform(inside(WINDOW))


WAIT_CASES: list[tuple[str, Action, str]] = [
    ("iter_frames no", lambda cg: cg.frames.iter_frames(JOB_ID, wait="no"), "wait"),
    ("iter_segments 1", lambda cg: cg.segmentations.iter_segments(SEG_ID, wait=1), "wait"),
    ("frames create", lambda cg: cg.frames.create(FILE_ID, wait="yes"), "wait"),
    (
        "segmentations create",
        lambda cg: cg.segmentations.create(FILE_ID, segmentation_config(), wait=None),
        "wait",
    ),
    ("upload", lambda cg: cg.files.upload(HERE, wait="no"), "wait"),
    ("download", lambda cg: cg.frames.download(JOB_ID, "unused-dir", wait="x"), "wait"),
    (
        "timeout without wait",
        lambda cg: cg.frames.create(FILE_ID, wait=False, wait_timeout=-5),
        "wait_timeout",
    ),
    (
        "upload timeout without wait",
        lambda cg: cg.files.upload(HERE, wait_timeout=0),
        "wait_timeout",
    ),
    (
        "on_update without wait",
        lambda cg: cg.segmentations.create(FILE_ID, segmentation_config(), on_update=3),
        "on_update",
    ),
    ("items on_update", lambda cg: cg.frames.iter_frames(JOB_ID, on_update="x"), "on_update"),
]


@pytest.mark.parametrize(("label", "action", "text"), WAIT_CASES, ids=[c[0] for c in WAIT_CASES])
def test_wait_must_be_a_bool_and_its_settings_are_always_checked(
    flavor: Flavor, api: FakeAPI, label: str, action: Action, text: str, tmp_path: Path
) -> None:
    error = refused(flavor, api, action, text)
    if text == "wait":
        assert isinstance(error, TypeError)
        assert "wait: expected a bool" in str(error)


def test_wait_false_does_not_wait(flavor: Flavor, api: FakeAPI) -> None:
    api.script = [respond(200, frame_job("pending"))]
    job = flavor.call(lambda cg: cg.frames.create(FILE_ID, wait=False))
    assert job.status == "pending"
    assert len(api.requests) == 1


# -- 6: a hand-made NewSegmentation is checked as the builders check theirs ----------------------


def config(**kw: Any) -> NewSegmentation:
    return NewSegmentation(**kw)


UNIFORM = SegmentationStrategy.UNIFORM
CONFIG_CASES: list[tuple[str, Callable[[], NewSegmentation], str]] = [
    (
        "window low",
        lambda: config(
            strategy=UNIFORM, uniform_config=UniformConfig(window_seconds=below(WINDOW))
        ),
        f"config.uniform_config.window_seconds: {below(WINDOW)!r} is out of range; "
        f"allowed {dots(WINDOW)}",
    ),
    (
        "window nan",
        lambda: config(strategy=UNIFORM, uniform_config=UniformConfig(window_seconds=math.nan)),
        "config.uniform_config.window_seconds",
    ),
    (
        "window huge",
        lambda: config(strategy=UNIFORM, uniform_config=UniformConfig(window_seconds=HUGE)),
        "config.uniform_config.window_seconds",
    ),
    (
        "window str",
        lambda: config(strategy=UNIFORM, uniform_config=UniformConfig(window_seconds="5")),  # type: ignore[arg-type]
        "config.uniform_config.window_seconds: expected a number",
    ),
    (
        "hop high",
        lambda: config(
            strategy=UNIFORM,
            uniform_config=UniformConfig(window_seconds=inside(WINDOW), hop_seconds=above(HOP)),
        ),
        "config.uniform_config.hop_seconds",
    ),
    (
        "detector",
        lambda: config(
            strategy=SegmentationStrategy.SHOT_DETECTOR,
            shot_detector_config=ShotDetectorConfig(detector=ShotDetector("bogus")),
        ),
        "config.shot_detector_config.detector: 'bogus' is not one of",
    ),
    (
        "shot rule",
        lambda: config(
            strategy=SegmentationStrategy.SHOT_DETECTOR,
            shot_detector_config=ShotDetectorConfig(
                detector=ShotDetector.ADAPTIVE, min_seconds=20, max_seconds=10
            ),
        ),
        "config.shot_detector_config.min_seconds (20) must not exceed",
    ),
    (
        "min seconds",
        lambda: config(
            strategy=SegmentationStrategy.SHOT_DETECTOR,
            shot_detector_config=ShotDetectorConfig(
                detector=ShotDetector.ADAPTIVE, min_seconds=below(MIN_SECONDS)
            ),
        ),
        "config.shot_detector_config.min_seconds",
    ),
    (
        "no segments",
        lambda: config(
            strategy=SegmentationStrategy.MANUAL, manual_config=ManualConfig(segments=[])
        ),
        f"config.manual_config.segments: at least {SEGMENTS.min_items}",
    ),
    (
        "segment order",
        lambda: config(
            strategy=SegmentationStrategy.MANUAL,
            manual_config=ManualConfig(segments=[ManualSegment(0, 1), ManualSegment(3, 2)]),
        ),
        "config.manual_config.segments[1].start_time (3) must be less than",
    ),
    (
        "chapters",
        lambda: config(
            strategy=SegmentationStrategy.NARRATIVE,
            narrative_config=NarrativeConfig(min_chapters=int(below(CHAPTERS))),
        ),
        "config.narrative_config.min_chapters",
    ),
    (
        "chapters rule",
        lambda: config(
            strategy=SegmentationStrategy.NARRATIVE,
            narrative_config=NarrativeConfig(min_chapters=5, max_chapters=2),
        ),
        "config.narrative_config.min_chapters (5) must not exceed",
    ),
    (
        "prompt",
        lambda: config(
            strategy=SegmentationStrategy.NARRATIVE,
            narrative_config=NarrativeConfig(prompt="chapters " + SURROGATE),
        ),
        "config.narrative_config.prompt: not valid Unicode",
    ),
    (
        "range",
        lambda: config(
            strategy=UNIFORM,
            uniform_config=UniformConfig(window_seconds=inside(WINDOW)),
            start_time_seconds=9,
            end_time_seconds=3,
        ),
        "config.start_time_seconds (9) must be less than config.end_time_seconds (3)",
    ),
]


@pytest.mark.parametrize(("label", "build", "text"), CONFIG_CASES, ids=[c[0] for c in CONFIG_CASES])
def test_a_hand_made_segmentation_config_is_checked_before_sending(
    flavor: Flavor, api: FakeAPI, label: str, build: Callable[[], NewSegmentation], text: str
) -> None:
    refused(flavor, api, lambda cg: cg.segmentations.create(FILE_ID, build()), text)


def test_a_valid_hand_made_segmentation_config_is_sent_as_made(
    flavor: Flavor, api: FakeAPI
) -> None:
    from tests.support.fakeapi import segmentation

    made = config(
        strategy=SegmentationStrategy.MANUAL,
        manual_config=ManualConfig(segments=[ManualSegment(0, 1.5)]),
        end_time_seconds=2,
    )
    api.script = [respond(200, segmentation("pending"))]
    flavor.call(lambda cg: cg.segmentations.create(FILE_ID, made))
    import json

    assert json.loads(api.requests[0].content) == made.to_dict()


# -- 7: filter paths and scopes are the contract's enums -------------------------------------------

FILTER_CASES: list[tuple[str, dict[str, Any], str]] = [
    (
        "file path",
        {"file": [condition(path="bogus")]},
        "filter.file[0].path: 'bogus' is not one of "
        + ", ".join(repr(p) for p in schema("SearchFilterFilePath").enum or ()),
    ),
    (
        "video_info path",
        {"video_info": [condition(path="duration_seconds"), condition(path="fps")]},
        "filter.video_info[1].path: 'fps' is not one of",
    ),
    (
        "scope",
        {"metadata": [condition(path="team", scope=not_one_of(schema("SearchFilterScope")))]},
        "filter.metadata[0].scope",
    ),
    ("missing path", {"file": [condition()]}, "filter.file[0].path"),
]


@pytest.mark.parametrize(
    ("label", "search", "text"), FILTER_CASES, ids=[c[0] for c in FILTER_CASES]
)
def test_filter_paths_and_scopes_outside_the_contract_send_nothing(
    flavor: Flavor, api: FakeAPI, label: str, search: dict[str, Any], text: str
) -> None:
    error = refused(flavor, api, lambda cg: cg.files.list(filter=search), text)
    assert isinstance(error, ValueError)


# -- 8: an omitted start is the start of the file --------------------------------------------------


@pytest.mark.parametrize("end", [0, -0.0])
def test_an_end_at_the_start_of_the_file_is_refused_without_a_start(
    flavor: Flavor, api: FakeAPI, end: float
) -> None:
    text = "start_time_seconds (0 when left out) must be less than end_time_seconds"
    refused(flavor, api, lambda cg: cg.frames.create(FILE_ID, end_time_seconds=end), text)
    with pytest.raises(ValueError, match=r"\(0 when left out\)"):
        uniform(inside(WINDOW), end_time_seconds=end)
    made = config(
        strategy=UNIFORM,
        uniform_config=UniformConfig(window_seconds=inside(WINDOW)),
        end_time_seconds=end,
    )
    refused(flavor, api, lambda cg: cg.segmentations.create(FILE_ID, made), "config.end_time")


def test_an_end_alone_after_the_start_of_the_file_is_sent(flavor: Flavor, api: FakeAPI) -> None:
    api.script = [respond(200, frame_job("pending"))]
    flavor.call(lambda cg: cg.frames.create(FILE_ID, end_time_seconds=0.5))
    assert len(api.requests) == 1


MAX_SECONDS = field(SEGMENTATION, "body.shot_detector_config.max_seconds")


def test_a_rule_counts_a_field_left_out_as_its_server_default(flavor: Flavor, api: FakeAPI) -> None:
    """`min_seconds` above the server's default `max_seconds`, with no `max_seconds`: the
    server would refuse it, so the client does, before sending."""
    longest = MAX_SECONDS.server_default
    assert longest is not None and MIN_SECONDS.in_range(longest + 1)
    text = f"min_seconds ({longest + 1:g}) must not exceed max_seconds ({longest:g} when left out)"
    with pytest.raises(ValueError) as info:
        shot_detector(min_seconds=longest + 1)
    assert text in str(info.value)
    made = config(
        strategy=SegmentationStrategy.SHOT_DETECTOR,
        shot_detector_config=ShotDetectorConfig(
            detector=ShotDetector.ADAPTIVE, min_seconds=longest + 1
        ),
    )
    where = "config.shot_detector_config."
    refused(
        flavor,
        api,
        lambda cg: cg.segmentations.create(FILE_ID, made),
        f"{where}min_seconds ({longest + 1:g}) must not exceed {where}max_seconds",
        f"({longest:g} when left out)",
    )
    # Within the default, or with a larger max_seconds sent, it is sent.
    shot_detector(min_seconds=longest)
    shot_detector(min_seconds=longest + 1, max_seconds=MAX_SECONDS.maximum)


# -- 9: async callbacks are refused (the client calls them without awaiting) ----------------


async def async_callback(*args: Any) -> None:
    """Never awaited by the client."""


class AsyncCallable:
    async def __call__(self, *args: Any) -> None:
        """An object whose call is a coroutine."""


@pytest.mark.parametrize("callback", [async_callback, AsyncCallable()], ids=["def", "__call__"])
@pytest.mark.parametrize(
    ("name", "action"),
    [
        ("on_update", lambda cg, cb: cg.frames.create(FILE_ID, wait=True, on_update=cb)),
        ("on_update", lambda cg, cb: cg.frames.wait(JOB_ID, on_update=cb)),
        ("on_update", lambda cg, cb: cg.segmentations.iter_segments(SEG_ID, on_update=cb)),
        ("on_update", lambda cg, cb: cg.files.upload(HERE, on_update=cb)),
        ("on_progress", lambda cg, cb: cg.files.upload(HERE, on_progress=cb)),
        ("on_progress", lambda cg, cb: cg.frames.download(JOB_ID, "unused", on_progress=cb)),
    ],
)
def test_async_callbacks_are_refused_before_sending(
    flavor: Flavor, api: FakeAPI, name: str, action: Callable[[Any, Any], Any], callback: Any
) -> None:
    error = refused(flavor, api, lambda cg: action(cg, callback), name)
    assert isinstance(error, TypeError)
    assert "expected a plain function, got a coroutine function" in str(error)


@pytest.mark.parametrize("callback", [async_callback, AsyncCallable()], ids=["def", "__call__"])
def test_an_async_on_retry_is_refused(flavor: Flavor, callback: Any) -> None:
    with pytest.raises(TypeError, match="on_retry: expected a plain function, got a coroutine"):
        flavor.client(on_retry=callback)
