"""Edges the provider documents: still images are `image` files (file level only), and a time
range past the end of the file is a 400 in the provider's words."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from cloudglue_emulator.media import SampleTruth

from .conftest import Emu

PAST_END = "file duration is less than the specified time range"
FRAMES: dict[str, Any] = {"strategy": "uniform", "uniform_config": {"frames_per_second": 1}}
UNIFORM: dict[str, Any] = {"strategy": "uniform", "uniform_config": {"window_seconds": 2}}


@pytest.mark.parametrize("fmt", ["png", "jpeg", "webp"])
async def test_a_still_image_is_an_image_file_without_jobs(
    emu: Emu, tmp_path: Path, fmt: str
) -> None:
    picture = tmp_path / f"photo.{fmt}"
    Image.new("RGB", (320, 200), (30, 120, 200)).save(picture, format=fmt.upper())
    f = await emu.upload(picture, name=picture.name)
    assert f["status"] == "completed" and f["media_type"] == "image"
    assert (f["media_info"]["width"], f["media_info"]["height"]) == (320, 200)
    assert f["media_info"]["duration_seconds"] is None
    for path, body in (("frames", FRAMES), ("segmentations", UNIFORM)):
        r = await emu.client.post(f"/files/{f['id']}/{path}", json=body)
        assert r.status_code == 400
        assert r.json()["error"].startswith("file_id: the file is an image; images are supported")


async def test_a_video_stays_a_video(shared: tuple[Emu, str]) -> None:
    emu, file_id = shared
    assert (await emu.client.get(f"/files/{file_id}")).json()["media_type"] == "video"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"end_time_seconds": 3.6e34}, "end_time_seconds"),
        ({"end_time_seconds": 8.5}, "end_time_seconds"),
        ({"start_time_seconds": 8.0}, "start_time_seconds"),
        ({"start_time_seconds": 2, "end_time_seconds": 9}, "end_time_seconds"),
    ],
)
async def test_a_range_past_the_end_is_400(
    shared: tuple[Emu, str], body: dict[str, Any], field: str
) -> None:
    emu, file_id = shared
    for path, config in (("frames", FRAMES), ("segmentations", UNIFORM)):
        r = await emu.client.post(f"/files/{file_id}/{path}", json={**config, **body})
        assert r.status_code == 400, r.text
        assert r.json()["error"].startswith(f"{field}: {PAST_END} (file duration 8 s,")


async def test_a_range_up_to_the_end_is_fine(shared: tuple[Emu, str], sample: SampleTruth) -> None:
    emu, file_id = shared
    body = {**FRAMES, "start_time_seconds": 6, "end_time_seconds": sample.seconds}
    r = await emu.client.post(f"/files/{file_id}/frames", json=body)
    assert r.status_code == 200, r.text
    job = await emu.wait(f"/frames/{r.json()['frame_extraction_id']}")
    assert [f["timestamp"] for f in job["data"]["frames"]] == [6, 7]
