"""Pages of frames, segments and shots written as JSON text are byte-identical to their dicts
through `JSONResponse`'s encoder, for any value the database can hold (and fail the same way)."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from starlette.responses import JSONResponse

from cloudglue_emulator.json_text import dumps, plain_numbers, with_fields
from cloudglue_emulator.serializers import (
    Urls,
    frame_json,
    frames_text,
    segment_json,
    segments_text,
    shots_text,
)
from cloudglue_emulator.store import FrameRow, SegmentRow, ShotRow

URLS = Urls("http://h\u00e9ste:8765/")

# What SQLite hands back for a REAL/TEXT column: floats (any, NaN and infinities included),
# ints, text (any unicode, quotes and control characters included), bytes.
numbers = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(min_value=0, max_value=1e6),
    st.integers(-(2**63), 2**63 - 1),
)
plain = st.one_of(st.floats(allow_nan=False, allow_infinity=False), st.integers())
values = st.one_of(numbers, numbers, numbers, st.text(max_size=8), st.binary(max_size=4))
texts = st.one_of(st.uuids().map(str), st.text(max_size=12))
tokens = st.one_of(st.none(), st.uuids().map(lambda u: u.hex), st.text(max_size=8))


def encoded(value: Any) -> str | type[Exception]:
    """What `JSONResponse` sends for `value`, or the kind of error it raises."""
    try:
        return JSONResponse(value).body.decode()
    except (ValueError, TypeError) as exc:
        return type(exc)


def written(make: Any, *args: Any) -> str | type[Exception]:
    try:
        text: str = make(*args)
        return text
    except (ValueError, TypeError) as exc:
        return type(exc)


def frames_of(times: st.SearchStrategy[Any]) -> st.SearchStrategy[list[FrameRow]]:
    return st.lists(st.builds(FrameRow, st.integers(0, 10**6), texts, times, tokens), max_size=30)


@given(st.one_of(frames_of(plain), frames_of(values)))
def test_frames_text_is_what_the_dicts_encode_to(frames: list[FrameRow]) -> None:
    expected = encoded([frame_json(f, URLS) for f in frames])
    assert written(frames_text, frames, URLS) == expected


def test_plain_pages_are_formatted_without_dicts(monkeypatch: pytest.MonkeyPatch) -> None:
    frames = [FrameRow(0, "a", 0.1), FrameRow(1, 'b"', 1 / 3, "t0k")]
    segments = [SegmentRow(0, "s", 0, 2.5), SegmentRow(1, "\u00e9", 2.5, 1e300, "t")]
    expected = (
        encoded([frame_json(f, URLS) for f in frames]),
        encoded([segment_json(s, URLS) for s in segments]),
    )
    monkeypatch.setattr("cloudglue_emulator.serializers.dumps", None)  # the slow path
    assert (frames_text(frames, URLS), segments_text(segments, URLS)) == expected


def segments_of(times: st.SearchStrategy[Any]) -> st.SearchStrategy[list[SegmentRow]]:
    segment = st.builds(SegmentRow, st.integers(0, 10**6), texts, times, times, tokens)
    return st.lists(segment, max_size=30)


@given(st.one_of(segments_of(plain), segments_of(values)))
def test_segments_text_is_what_the_dicts_encode_to(segments: list[SegmentRow]) -> None:
    expected = encoded([segment_json(s, URLS) for s in segments])
    assert written(segments_text, segments, URLS) == expected


@given(
    st.one_of(
        st.lists(st.builds(ShotRow, st.integers(), plain, plain), max_size=30),
        st.lists(st.builds(ShotRow, st.one_of(st.integers(), values), values, values), max_size=30),
    )
)
def test_shots_text_is_what_the_dicts_encode_to(shots: list[ShotRow]) -> None:
    dicts = [{"index": s.idx, "start_time": s.start_time, "end_time": s.end_time} for s in shots]
    assert written(shots_text, shots) == encoded(dicts)


@pytest.mark.parametrize(
    ("numbers", "plain"),
    [
        ([], True),
        ([0.1, 2, 3.0], True),
        ([1e308, 1e308], False),  # the sum overflows: the exact (slow) path, still right
        ([1.0, math.nan], False),
        ([math.inf, -math.inf], False),
        ([1.0, True], False),  # repr(True) is not JSON
        ([1.0, "2"], False),
        ([b"1"], False),
    ],
)
def test_plain_numbers(numbers: list[Any], plain: bool) -> None:
    assert plain_numbers(numbers) is plain


@given(
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=4),
    st.dictionaries(st.text(max_size=5), st.lists(st.integers(), max_size=3), max_size=4),
)
def test_with_fields_appends_encoded_members(
    head: dict[str, int], extra: dict[str, list[int]]
) -> None:
    fresh = {k: v for k, v in extra.items() if k not in head}
    text = with_fields(dumps(head), [(k, dumps(v)) for k, v in fresh.items()])
    assert text == dumps({**head, **fresh})
    assert json.loads(text) == {**head, **fresh}


def test_an_origin_is_worked_out_once_and_only_for_a_url() -> None:
    calls: list[int] = []

    def origin() -> str:
        calls.append(1)
        return "http://emu.test:1/"

    lazy = Urls(origin)
    assert frames_text([FrameRow(0, "a", 0.5)], lazy) == '[{"id":"a","timestamp":0.5}]'
    assert calls == []
    text = frames_text([FrameRow(0, "a", 0.5, "t1"), FrameRow(1, "b", 1.0, "t2")], lazy)
    assert json.loads(text)[1]["thumbnail_url"] == "http://emu.test:1/thumbnails/t2.jpg"
    assert calls == [1]
    assert Urls("http://given/").thumbnail("t") == "http://given/thumbnails/t.jpg"
