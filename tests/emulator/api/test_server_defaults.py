"""Inputs a request leaves out get the contract's server defaults (`x-server-default` in
openapi.yaml, read through cloudglue_openapi.constraints): every expected value comes from
there, none is typed here."""

from __future__ import annotations

from typing import Any

import pytest

from cloudglue_emulator.media import SampleTruth
from cloudglue_emulator.validation import server_default
from cloudglue_openapi.constraints import field
from tests.support.spec import operations

from .conftest import Emu

FRAMES, SEGMENTATION = "createFileFrameExtraction", "createFileSegmentation"
#: The paged operations: those with a `limit` parameter.
PAGED = [op for op in operations() if "limit" in {p["name"] for p in op.parameters}]


def stated(operation: str, path: str) -> Any:
    """The server default openapi.yaml states for one input (it must state one)."""
    value = field(operation, path).server_default
    assert value is not None, f"openapi.yaml states no x-server-default for {operation} {path}"
    return value


def echoed(value: Any, operation: str, path: str) -> None:
    """`value` is the stated default in the same JSON form (`300`, not `300.0`)."""
    default = stated(operation, path)
    assert (value, type(value)) == (default, type(default)), path


async def test_an_omitted_frame_config_gets_and_echoes_the_stated_defaults(
    emu: Emu, sample: SampleTruth
) -> None:
    file_id = (await emu.upload(sample.path))["id"]
    r = await emu.client.post(f"/files/{file_id}/frames", json={"strategy": "uniform"})
    assert r.status_code == 200, r.text
    config = r.json()["frame_extraction_config"]
    for name in ("frames_per_second", "max_width"):
        echoed(config["uniform_config"][name], FRAMES, f"body.uniform_config.{name}")
    thumbnails = config["thumbnails_config"]["enable_frame_thumbnails"]
    echoed(thumbnails, FRAMES, "body.thumbnails_config.enable_frame_thumbnails")


async def test_omitted_segmentation_fields_get_and_echo_the_stated_defaults(
    emu: Emu, sample: SampleTruth
) -> None:
    file_id = (await emu.upload(sample.path))["id"]
    body = {
        "strategy": "shot-detector",
        "shot_detector_config": {"detector": "content"},
        "keyframe_config": {"frames_per_segment": 1},
    }
    r = await emu.client.post(f"/files/{file_id}/segmentations", json=body)
    assert r.status_code == 200, r.text
    job = r.json()
    shot = job["segmentation_config"]["shot_detector_config"]
    for name in ("threshold", "min_seconds", "max_seconds", "fill_gaps"):
        echoed(shot[name], SEGMENTATION, f"body.shot_detector_config.{name}")
    keyframes = job["segmentation_config"]["keyframe_config"]["max_width"]
    echoed(keyframes, SEGMENTATION, "body.keyframe_config.max_width")
    thumbnails = job["thumbnails_config"]["enable_segment_thumbnails"]
    echoed(thumbnails, SEGMENTATION, "body.thumbnails_config.enable_segment_thumbnails")


async def _completed_ids(emu: Emu, sample: SampleTruth) -> dict[str, str]:
    """A file with a completed frame extraction and segmentation, for every paged path."""
    file_id = (await emu.upload(sample.path))["id"]
    frames = await emu.client.post(f"/files/{file_id}/frames", json={"strategy": "uniform"})
    uniform = {"strategy": "uniform", "uniform_config": {"window_seconds": 1}}
    seg = await emu.client.post(f"/files/{file_id}/segmentations", json=uniform)
    ids = {
        "file_id": file_id,
        "frame_extraction_id": frames.json()["frame_extraction_id"],
        "segmentation_id": seg.json()["segmentation_id"],
    }
    await emu.wait(f"/segmentations/{ids['segmentation_id']}")
    return ids


def _page_of(answer: dict[str, Any]) -> dict[str, Any]:
    """The envelope that carries `limit`: the answer itself, or a job's page of results."""
    return answer if "limit" in answer else dict(answer["data"])


async def test_a_page_without_limit_or_offset_gets_the_stated_defaults(
    emu: Emu, sample: SampleTruth
) -> None:
    assert PAGED
    ids = await _completed_ids(emu, sample)
    for op in PAGED:
        r = await emu.client.get(op.filled(ids))
        assert r.status_code == 200, (op.operation_id, r.text)
        page = _page_of(r.json())
        assert page["limit"] == stated(op.operation_id, "query.limit"), op.operation_id
        assert page["offset"] == stated(op.operation_id, "query.offset"), op.operation_id


async def test_the_page_defaults_are_read_from_the_contract_on_each_request(
    emu: Emu, sample: SampleTruth, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = await _completed_ids(emu, sample)
    limit = field("getSegmentation", "query.limit")
    moved = limit.server_default + 1 if isinstance(limit.server_default, int) else 1
    monkeypatch.setattr(limit, "server_default", moved)
    page = (await emu.wait(f"/segmentations/{ids['segmentation_id']}"))["data"]
    assert (page["limit"], len(page["segments"])) == (moved, min(moved, page["total"]))


async def test_omitted_list_options_mean_the_stated_ones(emu: Emu, sample: SampleTruth) -> None:
    for name in ("a.mp4", "b.mp4"):
        await emu.upload(sample.path, name)
    order, sort = stated("listFiles", "query.order"), stated("listFiles", "query.sort")
    omitted = (await emu.client.get("/files")).json()["data"]
    named = (await emu.client.get("/files", params={"order": order, "sort": sort})).json()
    assert [f["id"] for f in omitted] == [f["id"] for f in named["data"]]
    url = f"/files/{omitted[0]['id']}/thumbnails"
    is_default = str(stated("getThumbnails", "query.is_default")).lower()
    without = (await emu.client.get(url)).json()
    assert without == (await emu.client.get(url, params={"is_default": is_default})).json()


def test_server_default_reads_the_contract_and_names_what_it_lacks() -> None:
    limit = server_default("listFiles", "query.limit", int)
    assert limit == field("listFiles", "query.limit").server_default
    fps = server_default(FRAMES, "body.uniform_config.frames_per_second", float)
    assert fps == stated(FRAMES, "body.uniform_config.frames_per_second")
    with pytest.raises(LookupError, match=r"no x-server-default for listFiles query\.status"):
        server_default("listFiles", "query.status", str)
    with pytest.raises(TypeError, match=r"listFiles query\.limit is not of type str"):
        server_default("listFiles", "query.limit", str)
    with pytest.raises(TypeError, match="is not of type int"):
        server_default("getThumbnails", "query.is_default", int)


@pytest.mark.parametrize(
    ("operation", "collection", "config", "results", "time"),
    [
        (FRAMES, "frames", {"frames_per_second": 1}, "frames", "timestamp"),
        (SEGMENTATION, "segmentations", {"window_seconds": 1}, "segments", "start_time"),
    ],
    ids=["frames", "segmentations"],
)
async def test_an_omitted_start_is_the_stated_default(
    emu: Emu,
    sample: SampleTruth,
    monkeypatch: pytest.MonkeyPatch,
    operation: str,
    collection: str,
    config: dict[str, Any],
    results: str,
    time: str,
) -> None:
    """The range checks and the job read the start the contract states, not a literal 0."""
    start = field(operation, "body.start_time_seconds")
    moved = stated(operation, "body.start_time_seconds") + 2
    monkeypatch.setattr(start, "server_default", moved)
    file_id = (await emu.upload(sample.path))["id"]
    body = {"strategy": "uniform", "uniform_config": config}
    r = await emu.client.post(f"/files/{file_id}/{collection}", json=body)
    assert r.status_code == 200, r.text
    job_id = r.json()["frame_extraction_id" if collection == "frames" else "segmentation_id"]
    job = await emu.wait(f"/{collection}/{job_id}")
    assert job["data"][results][0][time] == moved
    monkeypatch.setattr(start, "server_default", sample.seconds)  # at the file's end
    r = await emu.client.post(f"/files/{file_id}/{collection}", json=body)
    assert r.status_code == 400 and "start_time_seconds" in r.text, r.text
