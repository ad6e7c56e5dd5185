"""A file's segments (filtered, paged, labelled), its thumbnails, and file updates, in process:
what the five file operations of openapi.yaml answer, what they refuse, and what survives a
restart."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from cloudglue_emulator.media import SampleTruth
from cloudglue_openapi.constraints import field, rules
from tests.support.contract_values import below, number, words

from .conftest import Emu, client_for, make_app

SEGMENTS = "listFileSegments"
THUMBNAILS = "getThumbnails"
MISSING_ID = "9b2f6f1e-4a53-4d43-9f0e-6f4c1d7a2b10"
MANUAL = [(0.0, 1.0), (1.0, 3.5), (2.0, 2.5), (5.0, 8.0)]
UNIFORM = {"strategy": "uniform", "uniform_config": {"window_seconds": 4}}


async def segmentation(emu: Emu, file_id: str, body: dict[str, Any]) -> str:
    r = await emu.client.post(f"/files/{file_id}/segmentations", json=body)
    assert r.status_code == 200, r.text
    job_id = str(r.json()["segmentation_id"])
    assert (await emu.wait(f"/segmentations/{job_id}"))["status"] == "completed"
    return job_id


def manual(ranges: list[tuple[float, float]], **extra: Any) -> dict[str, Any]:
    segments = [{"start_time": s, "end_time": e} for s, e in ranges]
    return {"strategy": "manual", "manual_config": {"segments": segments}, **extra}


async def segments(emu: Emu, file_id: str, **params: Any) -> dict[str, Any]:
    r = await emu.client.get(f"/files/{file_id}/segments", params=params)
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


def spans(page: dict[str, Any]) -> list[tuple[float, float]]:
    return [(s["start_time"], s["end_time"]) for s in page["data"]]


@pytest.fixture
async def two_segmentations(emu: Emu, sample: SampleTruth) -> tuple[str, str, str]:
    """The sample with a manual segmentation (MANUAL) and a uniform one (0-4, 4-8)."""
    file_id = str((await emu.upload(sample.path))["id"])
    manual_id = await segmentation(emu, file_id, manual(MANUAL))
    uniform_id = await segmentation(emu, file_id, UNIFORM)
    return file_id, manual_id, uniform_id


async def test_a_files_segments_are_its_segmentations_in_time_order(
    emu: Emu, two_segmentations: tuple[str, str, str]
) -> None:
    file_id, manual_id, uniform_id = two_segmentations
    frames = await emu.client.post(f"/files/{file_id}/frames", json={"strategy": "uniform"})
    await emu.wait(f"/frames/{frames.json()['frame_extraction_id']}")  # adds no segments
    page = await segments(emu, file_id)
    assert (page["object"], page["total"], page["limit"], page["offset"]) == ("list", 6, 50, 0)
    assert spans(page) == sorted([*MANUAL, (0.0, 4.0), (4.0, 8.0)])
    owners = {(s["start_time"], s["end_time"]): s["segmentation_id"] for s in page["data"]}
    assert owners[(0.0, 4.0)] == uniform_id and owners[(1.0, 3.5)] == manual_id
    job = (await emu.client.get(f"/segmentations/{manual_id}")).json()
    by_id = {s["id"]: s for s in page["data"]}
    for seg in job["data"]["segments"]:  # the same ids, times and thumbnails as the job's
        listed = by_id[seg["id"]]
        assert listed["file_id"] == file_id and listed["metadata"] is None
        assert (listed["start_time"], listed["end_time"]) == (seg["start_time"], seg["end_time"])
        assert listed["thumbnail_url"] == seg["thumbnail_url"]
    second = await segments(emu, file_id, limit=2, offset=2)
    assert second["data"] == page["data"][2:4] and second["total"] == 6
    assert (await emu.client.delete(f"/segmentations/{uniform_id}")).status_code == 200
    assert spans(await segments(emu, file_id)) == sorted(MANUAL)


async def test_filters_are_inclusive_windows_and_durations(
    emu: Emu, two_segmentations: tuple[str, str, str]
) -> None:
    file_id = two_segmentations[0]
    every = sorted([*MANUAL, (0.0, 4.0), (4.0, 8.0)])
    cases: list[tuple[dict[str, Any], Any]] = [
        ({"start_time_after": 0}, lambda s, e: True),
        ({"start_time_after": 1}, lambda s, e: s >= 1),
        ({"end_time_before": 4}, lambda s, e: e <= 4),
        ({"start_time_after": 1, "end_time_before": 4}, lambda s, e: s >= 1 and e <= 4),
        ({"min_duration": 2.5}, lambda s, e: e - s >= 2.5),
        ({"max_duration": 1}, lambda s, e: e - s <= 1),
        ({"min_duration": 2.5, "max_duration": 3}, lambda s, e: 2.5 <= e - s <= 3),
        ({"min_duration": 3, "max_duration": 3}, lambda s, e: e - s == 3),
    ]
    for params, keep in cases:
        page = await segments(emu, file_id, **params)
        expected = [(s, e) for s, e in every if keep(s, e)]
        assert expected, params  # every case keeps something and leaves something out
        assert spans(page) == expected and page["total"] == len(expected), params
    assert (await segments(emu, file_id, min_duration=5))["total"] == 0


async def test_durations_compare_at_the_stored_precision(emu: Emu, sample: SampleTruth) -> None:
    file_id = str((await emu.upload(sample.path))["id"])
    await segmentation(emu, file_id, manual([(0.1, 0.3)]))  # 0.3 - 0.1 < 0.2 in floats
    assert (await segments(emu, file_id, min_duration=0.2, max_duration=0.2))["total"] == 1


async def test_bad_filters_are_400_naming_the_parameter(emu: Emu, sample: SampleTruth) -> None:
    file_id = str((await emu.upload(sample.path))["id"])
    start = field(SEGMENTS, "query.start_time_after")
    limit = field(SEGMENTS, "query.limit")
    window, durations = rules(SEGMENTS, "query")
    assert (window.op, durations.op) == ("<", "<=")
    cases = {
        "start_time_after=5&end_time_before=5": (
            "end_time_before: must be greater than start_time_after (5), got 5"
        ),
        "start_time_after=6&end_time_before=2.5": "end_time_before: must be greater than",
        "min_duration=3&max_duration=2": "min_duration: must be <= max_duration (2), got 3",
        f"start_time_after={number(below(start))}": f"start_time_after: must be {words(start)}",
        "max_duration=abc": "max_duration: must be a number, got 'abc'",
        "min_duration=nan": "min_duration: must be a number",
        "end_time_before=1e999": "end_time_before: must be a number",
        f"limit={number(below(limit))}": f"limit: must be {words(limit)}",
    }
    for query, message in cases.items():
        r = await emu.client.get(f"/files/{file_id}/segments?{query}")
        assert r.status_code == 400, query
        assert r.json()["error"].startswith(message), (query, r.json())
    ok = await emu.client.get(f"/files/{file_id}/segments?min_duration=2&max_duration=2")
    assert ok.status_code == 200  # equal duration bounds are a range of one length
    for path in (f"/files/{MISSING_ID}/segments", f"/files/{MISSING_ID}/segments/{MISSING_ID}"):
        r = await emu.client.get(path)
        assert r.status_code == 404 and r.json() == {"error": f"File not found: {MISSING_ID}"}


async def test_segment_metadata_is_set_read_back_and_survives_a_restart(
    tmp_path: Path, sample: SampleTruth
) -> None:
    data_dir = tmp_path / "data"
    app = make_app(data_dir)
    try:
        async with client_for(app) as client:
            emu = Emu(app, client)
            file_id = str((await emu.upload(sample.path))["id"])
            await segmentation(emu, file_id, manual(MANUAL))
            first, second = (await segments(emu, file_id))["data"][:2]
            url = f"/files/{file_id}/segments/{first['id']}"
            r = await client.put(url, json={"metadata": {"label": "intro", "n": 1}})
            assert r.status_code == 200, r.text
            assert r.json() == {**first, "metadata": {"label": "intro", "n": 1}}
            assert (await client.get(url)).json()["metadata"] == {"label": "intro", "n": 1}
            r = await client.put(url, json={"metadata": {"label": "opening"}})  # replaced
            assert r.json()["metadata"] == {"label": "opening"}
            for empty in ({}, {"other": 1}):  # a body without metadata changes nothing
                assert (await client.put(url, json=empty)).json()["metadata"] == {
                    "label": "opening"
                }
            listed = (await segments(emu, file_id))["data"]
            assert listed[0]["metadata"] == {"label": "opening"}
            assert listed[1] == second
    finally:
        app.state.runtime.close()
    app = make_app(data_dir)
    try:
        async with client_for(app) as client:
            r = await client.get(f"/files/{file_id}/segments/{first['id']}")
            assert r.status_code == 200 and r.json()["metadata"] == {"label": "opening"}
    finally:
        app.state.runtime.close()


async def test_an_empty_body_updates_nothing(emu: Emu, sample: SampleTruth) -> None:
    file_id = str((await emu.upload(sample.path))["id"])
    await segmentation(emu, file_id, manual(MANUAL))
    seg = (await segments(emu, file_id))["data"][0]
    url = f"/files/{file_id}/segments/{seg['id']}"
    for headers in ({"Content-Type": "application/json"}, {}):
        r = await emu.client.put(url, content=b"", headers=headers)
        assert r.status_code == 200, (headers, r.text)
        assert r.json() == seg
    r = await emu.client.put(url, content=b"x", headers={"Content-Type": "text/plain"})
    assert r.status_code == 400 and r.json()["error"].startswith("body: Content-Type must be")


async def test_bad_segment_updates_are_refused_and_store_nothing(
    emu: Emu, sample: SampleTruth
) -> None:
    file_id = str((await emu.upload(sample.path))["id"])
    other_file = str((await emu.upload(sample.path, name="other.mp4"))["id"])
    await segmentation(emu, file_id, manual(MANUAL))
    seg = (await segments(emu, file_id))["data"][0]
    url = f"/files/{file_id}/segments/{seg['id']}"
    assert (await emu.client.put(url, json={"metadata": {"keep": True}})).status_code == 200
    refused: list[tuple[Any, int, str]] = [
        ({"metadata": None}, 400, "metadata: must be an object, got null"),
        ({"metadata": [1, 2]}, 400, "metadata: must be an object, got array"),
        ({"metadata": "label"}, 400, "metadata: must be an object, got string"),
        ([{"metadata": {}}], 400, "body: must be an object, got array"),
    ]
    for body, status, message in refused:
        r = await emu.client.put(url, json=body)
        assert (r.status_code, r.json()["error"]) == (status, message), body
    r = await emu.client.put(url, content=b'{"metadata": {"a": 1e999}}', headers=_JSON)
    assert r.status_code == 400 and r.json()["error"].startswith("body: invalid JSON")
    for wrong in (
        f"/files/{file_id}/segments/{MISSING_ID}",
        f"/files/{other_file}/segments/{seg['id']}",
    ):
        for method in ("GET", "PUT"):
            r = await emu.client.request(method, wrong, json={"metadata": {"x": 1}})
            assert r.status_code == 404, (method, wrong)
            assert r.json()["error"] == f"Segment not found: {wrong.rsplit('/', 1)[1]}"
    r = await emu.client.get(f"/files/{file_id}/segments/not-a-uuid")
    assert (
        r.status_code == 400 and r.json()["error"] == "segment_id: must be a uuid, got 'not-a-uuid'"
    )
    assert (await emu.client.get(url)).json()["metadata"] == {"keep": True}


_JSON = {"Content-Type": "application/json"}


async def test_a_file_is_renamed_and_labelled_and_it_survives_a_restart(
    tmp_path: Path, sample: SampleTruth
) -> None:
    data_dir = tmp_path / "data"
    app = make_app(data_dir)
    try:
        async with client_for(app) as client:
            emu = Emu(app, client)
            before = await emu.upload(sample.path, name="b.mp4", metadata='{"team": "video"}')
            other = await emu.upload(sample.path, name="c.mp4")
            url = f"/files/{before['id']}"
            r = await client.put(url, json={"filename": "a.mp4"})
            assert r.status_code == 200, r.text
            assert r.json() == {**before, "filename": "a.mp4"}  # metadata kept
            r = await client.put(url, json={"metadata": {"reviewed": True}})
            assert r.json()["metadata"] == {"reviewed": True} and r.json()["filename"] == "a.mp4"
            assert (await client.put(url, json={})).json() == r.json()
            names = await client.get("/files", params={"order": "filename", "sort": "asc"})
            assert [f["id"] for f in names.json()["data"]] == [before["id"], other["id"]]
    finally:
        app.state.runtime.close()
    app = make_app(data_dir)
    try:
        async with client_for(app) as client:
            after = (await client.get(f"/files/{before['id']}")).json()
            assert after == {**before, "filename": "a.mp4", "metadata": {"reviewed": True}}
    finally:
        app.state.runtime.close()


async def test_a_new_filename_is_a_display_name_as_an_uploaded_one_is(
    emu: Emu, sample: SampleTruth
) -> None:
    """PUT gives the name the same treatment an upload's gets: its last path component,
    without control characters (a name that is all of them becomes the fallback)."""
    f = await emu.upload(sample.path, name="keep.mp4")
    url = f"/files/{f['id']}"
    for sent, stored in (
        ("../../etc/cut\x1b[2J.mp4", "cut[2J.mp4"),
        ("C:\\clips\\win.mp4", "win.mp4"),
        ("plain name.mp4", "plain name.mp4"),
    ):
        r = await emu.client.put(url, json={"filename": sent})
        assert (r.status_code, r.json()["filename"]) == (200, stored), sent
        assert (await emu.client.get(url)).json()["filename"] == stored


async def test_bad_file_updates_are_refused_and_store_nothing(
    emu: Emu, sample: SampleTruth
) -> None:
    f = await emu.upload(sample.path, name="keep.mp4", metadata='{"keep": 1}')
    url = f"/files/{f['id']}"
    refused: list[tuple[Any, str]] = [
        ({"metadata": None}, "metadata: must be an object, got null"),
        ({"metadata": ["a"]}, "metadata: must be an object, got array"),
        ({"filename": "new.mp4", "metadata": 3}, "metadata: must be an object, got number"),
        ({"filename": 5}, "filename: must be a string, got number"),
        ({"filename": None, "metadata": {}}, "filename: must be a string, got null"),
        ("rename", "body: must be an object, got string"),
    ]
    for body, message in refused:
        r = await emu.client.put(url, json=body)
        assert (r.status_code, r.json()["error"]) == (400, message), body
    r = await emu.client.put(url, content=b"", headers=_JSON)
    assert r.status_code == 400 and r.json()["error"] == "body: required: send a JSON object"
    r = await emu.client.put(
        url, content=b'{"filename": "a"}', headers={"Content-Type": "text/plain"}
    )
    assert r.status_code == 400 and r.json()["error"].startswith("body: Content-Type must be")
    r = await emu.client.put(f"/files/{MISSING_ID}", json={"filename": "x.mp4"})
    assert r.status_code == 404 and r.json() == {"error": f"File not found: {MISSING_ID}"}
    assert await emu.wait(url) == f


async def test_a_files_thumbnails_are_its_own_and_its_jobs(emu: Emu, sample: SampleTruth) -> None:
    f = await emu.upload(sample.path)
    file_id = f["id"]
    fx = await emu.client.post(
        f"/files/{file_id}/frames",
        json={"strategy": "uniform", "uniform_config": {"frames_per_second": 1}},
    )
    frames = await emu.wait(f"/frames/{fx.json()['frame_extraction_id']}")
    seg_id = await segmentation(
        emu, file_id, {**UNIFORM, "keyframe_config": {"frames_per_segment": 1}}
    )
    url = f"/files/{file_id}/thumbnails"
    page = (await emu.client.get(url)).json()
    counts = {kind: sum(t["type"] == kind for t in page["data"]) for kind in ("file", "frame")}
    assert counts == {"file": 1, "frame": frames["frame_count"]}
    assert page["total"] == 1 + frames["frame_count"] + 2 + 2  # file, frames, segments, keyframes
    assert (page["limit"], page["offset"]) == (50, 0)
    assert [t["time"] for t in page["data"]] == sorted(t["time"] for t in page["data"])
    for t in page["data"]:
        assert ("segmentation_id" in t) == (t["type"] in ("segment", "keyframe")), t
        assert t.get("segmentation_id", seg_id) == seg_id
    own = (await emu.client.get(url, params={"is_default": "true"})).json()
    assert [t["type"] for t in own["data"]] == ["file"] and own["total"] == 1
    assert own["data"][0]["url"] == f["thumbnail_url"]
    assert (await emu.client.get(own["data"][0]["url"])).headers["content-type"] == "image/jpeg"
    everything = (await emu.client.get(url, params={"is_default": "false"})).json()
    assert everything["total"] == page["total"]
    of_seg = (await emu.client.get(url, params={"segmentation_id": seg_id})).json()
    assert sorted(t["type"] for t in of_seg["data"]) == [
        "keyframe",
        "keyframe",
        "segment",
        "segment",
    ]
    typed = (await emu.client.get(url, params={"type": "segment,file"})).json()
    assert sorted(t["type"] for t in typed["data"]) == ["file", "segment", "segment"]
    assert (await emu.client.get(url, params={"type": "poster"})).json()["total"] == 0
    paged = (await emu.client.get(url, params={"limit": 3, "offset": 1})).json()
    assert paged["data"] == page["data"][1:4]
    fx_id = fx.json()["frame_extraction_id"]
    for not_a_segmentation in (fx_id, MISSING_ID):
        r = await emu.client.get(url, params={"segmentation_id": not_a_segmentation})
        assert r.status_code == 200 and r.json()["total"] == 0


async def test_bad_thumbnail_queries_are_400_and_unknown_files_404(
    emu: Emu, sample: SampleTruth
) -> None:
    file_id = str((await emu.upload(sample.path))["id"])
    limit = field(THUMBNAILS, "query.limit")
    url = f"/files/{file_id}/thumbnails"
    cases = {
        "is_default=maybe": "is_default: must be true or false, got 'maybe'",
        "segmentation_id=nope": "segmentation_id: must be a uuid, got 'nope'",
        f"limit={number(below(limit))}": f"limit: must be {words(limit)}",
    }
    for query, message in cases.items():
        r = await emu.client.get(f"{url}?{query}")
        assert r.status_code == 400 and r.json()["error"].startswith(message), (query, r.text)
    r = await emu.client.get(f"/files/{MISSING_ID}/thumbnails")
    assert r.status_code == 404 and r.json() == {"error": f"File not found: {MISSING_ID}"}


async def test_a_database_from_before_segment_metadata_gains_the_column(
    tmp_path: Path, sample: SampleTruth
) -> None:
    data_dir = tmp_path / "data"
    app = make_app(data_dir)
    try:
        async with client_for(app) as client:
            emu = Emu(app, client)
            file_id = str((await emu.upload(sample.path))["id"])
            await segmentation(emu, file_id, manual(MANUAL))
    finally:
        app.state.runtime.close()
    with contextlib.closing(sqlite3.connect(data_dir / "emulator.sqlite3")) as conn:
        conn.execute("DROP INDEX segments_by_id")
        conn.execute("ALTER TABLE segments DROP COLUMN metadata")  # as an older version made it
        conn.commit()
    app = make_app(data_dir)
    try:
        async with client_for(app) as client:
            emu = Emu(app, client)
            page = await segments(emu, file_id)
            assert spans(page) == MANUAL and page["data"][0]["metadata"] is None
            url = f"/files/{file_id}/segments/{page['data'][0]['id']}"
            assert (await client.put(url, json={"metadata": {"a": 1}})).status_code == 200
            assert (await client.get(url)).json()["metadata"] == {"a": 1}
    finally:
        app.state.runtime.close()
