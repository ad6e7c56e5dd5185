"""Segmentation jobs in process: strategies, checks, shots, thumbnails, pages, delete."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from cloudglue_emulator.media import SampleTruth, read_barcode
from cloudglue_openapi.constraints import field
from tests.support.contract_values import above, below, inside, not_one_of, number, one_of, words

from .conftest import Emu

MISSING_ID = "9b2f6f1e-4a53-4d43-9f0e-6f4c1d7a2b10"


@pytest.fixture
async def file_id(emu: Emu, sample: SampleTruth) -> str:
    return str((await emu.upload(sample.path))["id"])


async def create(emu: Emu, file_id: str, body: dict[str, Any]) -> dict[str, Any]:
    r = await emu.client.post(f"/files/{file_id}/segmentations", json=body)
    assert r.status_code == 200, r.text
    job: dict[str, Any] = r.json()
    return job


async def test_uniform_windows_overlap_and_clip(
    emu: Emu, file_id: str, sample: SampleTruth
) -> None:
    body = {
        "strategy": "uniform",
        "uniform_config": {"window_seconds": 3, "hop_seconds": 2},
        "start_time_seconds": 1,
    }
    job = await create(emu, file_id, body)
    assert job["status"] == "pending" and "data" not in job
    assert job["segmentation_config"]["uniform_config"] == {"window_seconds": 3, "hop_seconds": 2}
    assert job["thumbnails_config"] == {"enable_segment_thumbnails": True}
    done = await emu.wait(f"/segmentations/{job['segmentation_id']}")
    spans = [(s["start_time"], s["end_time"]) for s in done["data"]["segments"]]
    assert spans == [(1.0, 4.0), (3.0, 6.0), (5.0, 8.0)]
    assert done["total_segments"] == 3 and "total_shots" not in done
    assert "shots" not in done["data"]
    for seg in done["data"]["segments"]:
        image = Image.open(io.BytesIO((await emu.client.get(seg["thumbnail_url"])).content))
        assert image.format == "JPEG" and image.size == (sample.width, sample.height)
        middle = (seg["start_time"] + seg["end_time"]) / 2
        assert read_barcode(image) == int(middle * sample.fps + 1e-6)


async def test_segment_page_defaults_to_ten(emu: Emu, file_id: str) -> None:
    job = await create(
        emu,
        file_id,
        {"strategy": "uniform", "uniform_config": {"window_seconds": 1, "hop_seconds": 1}},
    )
    done = await emu.wait(f"/segmentations/{job['segmentation_id']}")
    assert done["total_segments"] == 8
    assert (done["data"]["limit"], len(done["data"]["segments"])) == (10, 8)
    page = await emu.wait(f"/segmentations/{job['segmentation_id']}", limit=3, offset=6)
    assert [s["start_time"] for s in page["data"]["segments"]] == [6.0, 7.0]


async def test_shot_detector_finds_the_cuts(emu: Emu, file_id: str, sample: SampleTruth) -> None:
    job = await create(
        emu,
        file_id,
        {"strategy": "shot-detector", "shot_detector_config": {"detector": "adaptive"}},
    )
    assert job["segmentation_config"]["shot_detector_config"] == {
        "detector": "adaptive",
        "min_seconds": 0.6,
        "max_seconds": 300,
        "fill_gaps": True,
    }
    done = await emu.wait(f"/segmentations/{job['segmentation_id']}", limit=100)
    assert done["status"] == "completed"
    shots = done["data"]["shots"]
    assert done["total_shots"] == len(shots)
    inner = [s["start_time"] for s in shots[1:]]
    assert len(inner) == len(sample.cuts)
    for found, cut in zip(inner, sample.cuts, strict=True):
        assert abs(found - cut) <= 1 / sample.fps + 1e-6
    assert shots[0]["start_time"] == 0 and shots[-1]["end_time"] == sample.seconds
    starts = [s["start_time"] for s in done["data"]["segments"]]
    assert starts == [s["start_time"] for s in shots]


async def test_shot_detector_max_seconds_splits(emu: Emu, file_id: str) -> None:
    body = {
        "strategy": "shot-detector",
        "shot_detector_config": {"detector": "adaptive", "max_seconds": 1},
    }
    done = await emu.wait(
        f"/segmentations/{(await create(emu, file_id, body))['segmentation_id']}", limit=100
    )
    assert all(s["end_time"] - s["start_time"] <= 1 + 1e-6 for s in done["data"]["segments"])
    assert done["total_segments"] > done["total_shots"]


async def test_no_cut_is_not_applicable(emu: Emu, one_shot_video: Path) -> None:
    f = await emu.upload(one_shot_video)
    body = {"strategy": "shot-detector", "shot_detector_config": {"detector": "content"}}
    job = await create(emu, f["id"], body)
    assert job["segmentation_config"]["shot_detector_config"]["threshold"] == 27.0
    done = await emu.wait(f"/segmentations/{job['segmentation_id']}")
    assert done["status"] == "not_applicable"
    assert "data" not in done and "total_segments" not in done


async def test_manual_segments_and_thumbnail_listing(emu: Emu, file_id: str) -> None:
    body = {
        "strategy": "manual",
        "manual_config": {
            "segments": [{"start_time": 5, "end_time": 7}, {"start_time": 1, "end_time": 2}]
        },
        "keyframe_config": {"frames_per_segment": 2},
    }
    job = await create(emu, file_id, body)
    done = await emu.wait(f"/segmentations/{job['segmentation_id']}")
    segments = done["data"]["segments"]
    assert [(s["start_time"], s["end_time"]) for s in segments] == [(5.0, 7.0), (1.0, 2.0)]
    url = f"/segmentations/{job['segmentation_id']}/thumbnails"
    everything = (await emu.client.get(url)).json()
    assert everything["total"] == 6  # one segment thumbnail + two keyframes per segment
    only_segments = (await emu.client.get(url, params={"type": "segment"})).json()
    assert only_segments["total"] == 2
    assert sorted(t["time"] for t in only_segments["data"]) == [1.5, 6.0]
    for thumb in only_segments["data"]:
        assert thumb["type"] == "segment" and thumb["segmentation_id"] == job["segmentation_id"]
        owner = next(s for s in segments if s["id"] == thumb["segment_id"])
        assert thumb["url"] == owner["thumbnail_url"]
    first = segments[0]["id"]
    one = (await emu.client.get(url, params={"segment_ids": first, "type": "keyframe"})).json()
    assert [t["time"] for t in one["data"]] == [5.5, 6.5]
    keyframe = Image.open(io.BytesIO((await emu.client.get(one["data"][0]["url"])).content))
    assert keyframe.size[0] == 280
    assert (await emu.client.get(url, params={"type": "frame"})).json()["total"] == 0
    paged = (await emu.client.get(url, params={"limit": 4, "offset": 4})).json()
    assert (len(paged["data"]), paged["total"], paged["limit"]) == (2, 6, 4)
    # ThumbnailType is a free string in the contract: an unknown name matches no thumbnail.
    unknown = await emu.client.get(url, params={"type": "poster"})
    assert unknown.status_code == 200 and unknown.json()["total"] == 0
    bad = await emu.client.get(url, params={"segment_ids": "x"})
    assert bad.status_code == 400 and bad.json()["error"].startswith("segment_ids:")


async def test_disabled_thumbnails(emu: Emu, file_id: str) -> None:
    body = {
        "strategy": "uniform",
        "uniform_config": {"window_seconds": 4},
        "thumbnails_config": {"enable_segment_thumbnails": False},
    }
    job = await create(emu, file_id, body)
    assert job["thumbnails_config"] == {"enable_segment_thumbnails": False}
    done = await emu.wait(f"/segmentations/{job['segmentation_id']}")
    assert all("thumbnail_url" not in s for s in done["data"]["segments"])
    listed = await emu.client.get(f"/segmentations/{job['segmentation_id']}/thumbnails")
    assert listed.json()["total"] == 0


async def test_segmentations_are_not_deduplicated_and_list_newest_first(
    emu: Emu, file_id: str
) -> None:
    body = {"strategy": "uniform", "uniform_config": {"window_seconds": 4}}
    first, second = await create(emu, file_id, body), await create(emu, file_id, body)
    assert first["segmentation_id"] != second["segmentation_id"]
    listed = (await emu.client.get(f"/files/{file_id}/segmentations")).json()
    assert [j["segmentation_id"] for j in listed["data"]] == [
        second["segmentation_id"],
        first["segmentation_id"],
    ]
    assert listed["total"] == 2 and all("data" not in j for j in listed["data"])


async def test_delete_segmentation(emu: Emu, file_id: str) -> None:
    job = await create(
        emu, file_id, {"strategy": "uniform", "uniform_config": {"window_seconds": 4}}
    )
    done = await emu.wait(f"/segmentations/{job['segmentation_id']}")
    url = done["data"]["segments"][0]["thumbnail_url"]
    r = await emu.client.delete(f"/segmentations/{job['segmentation_id']}")
    assert r.status_code == 200 and r.json() == {"id": job["segmentation_id"]}
    assert (await emu.client.get(url)).status_code == 404
    assert (await emu.client.get(f"/segmentations/{job['segmentation_id']}")).status_code == 404
    thumbs = await emu.client.get(f"/segmentations/{job['segmentation_id']}/thumbnails")
    assert thumbs.status_code == 404


CREATE = "createFileSegmentation"
STRATEGY = field(CREATE, "body.strategy")
WINDOW = field(CREATE, "body.uniform_config.window_seconds")
HOP = field(CREATE, "body.uniform_config.hop_seconds")
DETECTOR = field(CREATE, "body.shot_detector_config.detector")
MIN_SECONDS = field(CREATE, "body.shot_detector_config.min_seconds")
MAX_SECONDS = field(CREATE, "body.shot_detector_config.max_seconds")
KEYFRAMES = field(CREATE, "body.keyframe_config.frames_per_segment")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({}, "strategy: required"),
        (
            {"strategy": not_one_of(STRATEGY)},
            f"strategy: must be one of: {one_of(STRATEGY)}",
        ),
        (
            {"strategy": "narrative", "narrative_config": {}},
            "strategy: narrative segmentation is not available",
        ),
        ({"strategy": "uniform"}, "uniform_config: required when strategy is uniform"),
        (
            {
                "strategy": "uniform",
                "uniform_config": {"window_seconds": 2},
                "shot_detector_config": {"detector": "content"},
            },
            "shot_detector_config: not allowed with strategy uniform; send only uniform_config",
        ),
        ({"strategy": "uniform", "uniform_config": {}}, "uniform_config.window_seconds: required"),
        (
            {"strategy": "uniform", "uniform_config": {"window_seconds": below(WINDOW)}},
            f"uniform_config.window_seconds: must be {words(WINDOW)}, got {number(below(WINDOW))}",
        ),
        (
            {
                "strategy": "uniform",
                "uniform_config": {"window_seconds": 2, "hop_seconds": above(HOP)},
            },
            f"uniform_config.hop_seconds: must be {words(HOP)}, got {number(above(HOP))}",
        ),
        (
            {"strategy": "uniform", "uniform_config": {"window_seconds": 9}},
            "uniform_config.window_seconds: the file is shorter than the window",
        ),
        (
            {
                "strategy": "shot-detector",
                "shot_detector_config": {"detector": not_one_of(DETECTOR)},
            },
            f"shot_detector_config.detector: must be one of: {one_of(DETECTOR)}",
        ),
        (
            {
                "strategy": "shot-detector",
                "shot_detector_config": {"detector": "adaptive", "min_seconds": below(MIN_SECONDS)},
            },
            f"shot_detector_config.min_seconds: must be {words(MIN_SECONDS)},"
            f" got {number(below(MIN_SECONDS))}",
        ),
        (
            {
                "strategy": "shot-detector",
                "shot_detector_config": {
                    "detector": "adaptive",
                    "min_seconds": inside(MIN_SECONDS),
                    "max_seconds": above(MAX_SECONDS),
                },
            },
            f"shot_detector_config.max_seconds: must be {words(MAX_SECONDS)},"
            f" got {number(above(MAX_SECONDS))}",
        ),
        (
            {
                "strategy": "shot-detector",
                "shot_detector_config": {
                    "detector": "adaptive",
                    "min_seconds": 5,
                    "max_seconds": 2,
                },
            },
            "shot_detector_config.min_seconds: must be <= max_seconds (2), got 5",
        ),
        (
            {
                "strategy": "shot-detector",
                "shot_detector_config": {"detector": "adaptive", "fill_gaps": 1},
            },
            "shot_detector_config.fill_gaps: must be a boolean, got number",
        ),
        (
            {"strategy": "manual", "manual_config": {"segments": []}},
            "manual_config.segments: must hold at least one",
        ),
        (
            {
                "strategy": "manual",
                "manual_config": {
                    "segments": [{"start_time": 1, "end_time": 2}, {"start_time": 3}]
                },
            },
            "manual_config.segments[1].end_time: required",
        ),
        (
            {
                "strategy": "manual",
                "manual_config": {"segments": [{"start_time": 2, "end_time": 1}]},
            },
            "manual_config.segments[0].end_time: must be greater than start_time (2), got 1",
        ),
        (
            {
                "strategy": "manual",
                "manual_config": {
                    "segments": [{"start_time": 1, "end_time": 2}, {"start_time": 7, "end_time": 9}]
                },
            },
            "manual_config.segments[1].end_time: must be <= 8 (the file duration), got 9",
        ),
        (
            {
                "strategy": "uniform",
                "uniform_config": {"window_seconds": 2},
                "keyframe_config": {"frames_per_segment": above(KEYFRAMES)},
            },
            f"keyframe_config.frames_per_segment: must be {words(KEYFRAMES)},"
            f" got {number(above(KEYFRAMES))}",
        ),
        (
            {
                "strategy": "uniform",
                "uniform_config": {"window_seconds": 2},
                "thumbnails_config": {},
            },
            "thumbnails_config.enable_segment_thumbnails: required",
        ),
        (
            {
                "strategy": "uniform",
                "uniform_config": {"window_seconds": 2},
                "start_time_seconds": 10,
            },
            "start_time_seconds: file duration is less than the specified time range",
        ),
    ],
)
async def test_bad_configs_are_400_naming_the_field(
    shared: tuple[Emu, str], body: dict[str, Any], message: str
) -> None:
    emu, file_id = shared
    r = await emu.client.post(f"/files/{file_id}/segmentations", json=body)
    assert r.status_code == 400
    assert r.json()["error"].startswith(message), r.json()
    assert (await emu.client.get(f"/files/{file_id}/segmentations")).json()["total"] == 0


async def test_ids(emu: Emu) -> None:
    r = await emu.client.get("/segmentations/xyz")
    assert r.status_code == 400 and r.json()["error"].startswith("segmentation_id: must be a uuid")
    assert (await emu.client.get(f"/segmentations/{MISSING_ID}")).status_code == 404
    assert (await emu.client.delete(f"/segmentations/{MISSING_ID}")).status_code == 404
    assert (await emu.client.get(f"/segmentations/{MISSING_ID}/thumbnails")).status_code == 404
    body = {"strategy": "uniform", "uniform_config": {"window_seconds": 2}}
    assert (
        await emu.client.post(f"/files/{MISSING_ID}/segmentations", json=body)
    ).status_code == 404
