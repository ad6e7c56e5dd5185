"""Frame extraction jobs in process: config checks, defaults, dedupe, pages, delete."""

from __future__ import annotations

import io
from typing import Any

import pytest
from PIL import Image

from cloudglue_emulator.media import SampleTruth, read_barcode
from cloudglue_openapi.constraints import field
from tests.support.contract_values import above, below, number, one_of, words

from .conftest import Emu

MISSING_ID = "9b2f6f1e-4a53-4d43-9f0e-6f4c1d7a2b10"


@pytest.fixture
async def file_id(emu: Emu, sample: SampleTruth) -> str:
    return str((await emu.upload(sample.path))["id"])


async def test_defaults_are_filled_and_echoed(emu: Emu, file_id: str) -> None:
    r = await emu.client.post(f"/files/{file_id}/frames", json={"strategy": "uniform"})
    assert r.status_code == 200, r.text
    job = r.json()
    assert job["status"] == "pending" and job["file_id"] == file_id
    assert "data" not in job and "frame_count" not in job
    assert job["frame_extraction_config"] == {
        "strategy": "uniform",
        "uniform_config": {"frames_per_second": 1, "max_width": 1024},
        "thumbnails_config": {"enable_frame_thumbnails": True},
    }
    assert isinstance(job["created_at"], int)
    done = await emu.wait(f"/frames/{job['frame_extraction_id']}")
    assert done["status"] == "completed" and done["frame_count"] == 8
    assert [f["timestamp"] for f in done["data"]["frames"]] == [float(t) for t in range(8)]


async def test_identical_configs_return_the_same_job(emu: Emu, file_id: str) -> None:
    first = (await emu.client.post(f"/files/{file_id}/frames", json={"strategy": "uniform"})).json()
    await emu.wait(f"/frames/{first['frame_extraction_id']}")
    spelled_out = {
        "strategy": "uniform",
        "uniform_config": {"frames_per_second": 1.0, "max_width": 1024},
        "thumbnails_config": {"enable_frame_thumbnails": True},
    }
    again = (await emu.client.post(f"/files/{file_id}/frames", json=spelled_out)).json()
    assert again["frame_extraction_id"] == first["frame_extraction_id"]
    assert again["status"] == "completed" and again["data"]["total"] == 8
    other = {"strategy": "uniform", "uniform_config": {"frames_per_second": 2}}
    different = (await emu.client.post(f"/files/{file_id}/frames", json=other)).json()
    assert different["frame_extraction_id"] != first["frame_extraction_id"]
    listed = (await emu.client.get(f"/files/{file_id}/frames")).json()
    assert listed["total"] == 2
    assert [j["frame_extraction_id"] for j in listed["data"]] == [
        different["frame_extraction_id"],
        first["frame_extraction_id"],
    ]
    assert all("data" not in j for j in listed["data"])


async def test_range_max_width_and_pages(emu: Emu, file_id: str, sample: SampleTruth) -> None:
    body = {
        "strategy": "uniform",
        "uniform_config": {"frames_per_second": 4, "max_width": 100},
        "start_time_seconds": 2.1,
        "end_time_seconds": 3.5,
    }
    job = (await emu.client.post(f"/files/{file_id}/frames", json=body)).json()
    assert job["frame_extraction_config"]["start_time_seconds"] == 2.1
    done = await emu.wait(f"/frames/{job['frame_extraction_id']}", limit=2, offset=1)
    expected = [2.1, 2.35, 2.6, 2.85, 3.1, 3.35]
    assert done["frame_count"] == len(expected)
    page = done["data"]
    assert (page["total"], page["limit"], page["offset"]) == (6, 2, 1)
    assert [f["timestamp"] for f in page["frames"]] == expected[1:3]
    for frame, t in zip(page["frames"], expected[1:3], strict=True):
        image = Image.open(io.BytesIO((await emu.client.get(frame["thumbnail_url"])).content))
        assert image.size == (100, round(sample.height * 100 / sample.width))
        assert read_barcode(image) == int(t * sample.fps + 1e-6)
    empty = await emu.client.get(f"/frames/{job['frame_extraction_id']}?offset=1000")
    assert empty.json()["data"]["frames"] == [] and empty.json()["data"]["total"] == 6


async def test_without_thumbnails_frames_have_no_urls(emu: Emu, file_id: str) -> None:
    body = {"strategy": "uniform", "thumbnails_config": {"enable_frame_thumbnails": False}}
    job = (await emu.client.post(f"/files/{file_id}/frames", json=body)).json()
    done = await emu.wait(f"/frames/{job['frame_extraction_id']}")
    assert all("thumbnail_url" not in f for f in done["data"]["frames"])


CREATE = "createFileFrameExtraction"
STRATEGY = field(CREATE, "body.strategy")
FPS = field(CREATE, "body.uniform_config.frames_per_second")
WIDTH = field(CREATE, "body.uniform_config.max_width")
LIMIT = field("listFileFrameExtractions", "query.limit")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({}, "strategy: required"),
        ({"strategy": "random"}, f"strategy: must be one of: {one_of(STRATEGY)}"),
        ({"strategy": 3}, f"strategy: must be one of: {one_of(STRATEGY)}"),
        (
            {"strategy": "uniform", "uniform_config": {"frames_per_second": above(FPS)}},
            f"uniform_config.frames_per_second: must be {words(FPS)}, got {number(above(FPS))}",
        ),
        (
            {"strategy": "uniform", "uniform_config": {"frames_per_second": "2"}},
            "uniform_config.frames_per_second: must be a number, got string",
        ),
        (
            {"strategy": "uniform", "uniform_config": {"max_width": below(WIDTH)}},
            f"uniform_config.max_width: must be {words(WIDTH)}, got {number(below(WIDTH))}",
        ),
        (
            {"strategy": "uniform", "uniform_config": {"max_width": True}},
            "uniform_config.max_width: must be a number, got boolean",
        ),
        ({"strategy": "uniform", "uniform_config": []}, "uniform_config: must be an object"),
        (
            {"strategy": "uniform", "thumbnails_config": {"enable_frame_thumbnails": "yes"}},
            "thumbnails_config.enable_frame_thumbnails: must be a boolean",
        ),
        (
            {"strategy": "uniform", "start_time_seconds": -1},
            "start_time_seconds: must be >= 0, got -1",
        ),
        (
            {"strategy": "uniform", "start_time_seconds": 3, "end_time_seconds": 3},
            "end_time_seconds: must be greater than start_time_seconds (3), got 3",
        ),
        (
            {"strategy": "uniform", "start_time_seconds": 8},
            "start_time_seconds: file duration is less than the specified time range",
        ),
        ([1, 2], "body: must be an object, got array"),
    ],
)
async def test_bad_configs_are_400_naming_the_field(
    shared: tuple[Emu, str], body: Any, message: str
) -> None:
    emu, file_id = shared
    r = await emu.client.post(f"/files/{file_id}/frames", json=body)
    assert r.status_code == 400
    assert r.json()["error"].startswith(message), r.json()
    assert (await emu.client.get(f"/files/{file_id}/frames")).json()["total"] == 0


async def test_body_encoding_errors(shared: tuple[Emu, str]) -> None:
    emu, file_id = shared
    url = f"/files/{file_id}/frames"
    r = await emu.client.post(url, content=b"{", headers={"content-type": "application/json"})
    assert r.status_code == 400 and r.json()["error"].startswith("body: invalid JSON")
    r = await emu.client.post(
        url, content=b'{"strategy": NaN}', headers={"content-type": "application/json"}
    )
    assert r.status_code == 400 and r.json()["error"].startswith("body: invalid JSON")
    r = await emu.client.post(
        url, content=b'{"strategy":"uniform"}', headers={"content-type": "text/plain"}
    )
    assert r.status_code == 400 and "Content-Type must be application/json" in r.json()["error"]
    r = await emu.client.post(url, content=b"", headers={"content-type": "application/json"})
    assert r.status_code == 400 and r.json()["error"].startswith("body: required")


async def test_malformed_and_unknown_ids(shared: tuple[Emu, str]) -> None:
    emu, file_id = shared
    r = await emu.client.post("/files/not-a-uuid/frames", json={"strategy": "uniform"})
    assert r.status_code == 404 and r.json() == {"error": "File not found: not-a-uuid"}
    r = await emu.client.post(f"/files/{MISSING_ID}/frames", json={"strategy": "uniform"})
    assert r.status_code == 404
    assert (await emu.client.get(f"/files/{MISSING_ID}/frames")).status_code == 404
    r = await emu.client.get("/frames/123")
    assert r.status_code == 400 and r.json()["error"].startswith("frame_extraction_id:")
    assert (await emu.client.get(f"/frames/{MISSING_ID}")).status_code == 404
    assert (await emu.client.delete(f"/frames/{MISSING_ID}")).status_code == 404
    r = await emu.client.get(f"/files/{file_id}/frames", params={"limit": below(LIMIT)})
    assert r.status_code == 400 and r.json()["error"].startswith(f"limit: must be {words(LIMIT)}")


async def test_delete_frame_extraction(emu: Emu, file_id: str) -> None:
    job = (await emu.client.post(f"/files/{file_id}/frames", json={"strategy": "uniform"})).json()
    done = await emu.wait(f"/frames/{job['frame_extraction_id']}")
    url = done["data"]["frames"][0]["thumbnail_url"]
    r = await emu.client.delete(f"/frames/{job['frame_extraction_id']}")
    assert r.status_code == 200 and r.json() == {"id": job["frame_extraction_id"]}
    assert (await emu.client.get(f"/frames/{job['frame_extraction_id']}")).status_code == 404
    assert (await emu.client.get(url)).status_code == 404
    assert (await emu.client.get(f"/files/{file_id}/frames")).json()["total"] == 0
