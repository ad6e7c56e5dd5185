"""POST/GET/DELETE /v1/files in process: upload, probe, thumbnail, list, filters, bad input."""

from __future__ import annotations

import io
import json
import time
from pathlib import Path

import httpx
from PIL import Image
from python_multipart.multipart import MultipartParser

from cloudglue_emulator.media import SampleTruth
from cloudglue_emulator.validation import short
from cloudglue_openapi.constraints import OPERATIONS, field
from tests.support.contract_values import above, below, not_one_of, number, one_of, words
from tests.support.spec import operations as spec_operations

from .conftest import AUTH, ORIGIN, Emu, make_app

LIST = "listFiles"
MALFORMED_FILE_IDS = ("nope", "123", "9b2f6f1e-4a53-4d43-9f0e", "x" * 100)
VALID_BODIES = {
    "frames": {"strategy": "uniform"},
    "segmentations": {"strategy": "uniform", "uniform_config": {"window_seconds": 2}},
}


async def test_upload_probes_and_completes_with_a_real_thumbnail(
    emu: Emu, sample: SampleTruth
) -> None:
    before = time.time() * 1000
    with sample.path.open("rb") as handle:
        r = await emu.client.post(
            "/files",
            files={"file": ("talk.mp4", handle, "video/mp4")},
            data={"metadata": json.dumps({"team": "video", "n": 3})},
        )
    assert r.status_code == 200, r.text
    created = r.json()
    assert created["status"] == "pending"
    assert created["uri"] == f"cloudglue://files/{created['id']}"
    assert created["filename"] == "talk.mp4"
    assert created["bytes"] == sample.path.stat().st_size
    assert created["metadata"] == {"team": "video", "n": 3}
    assert isinstance(created["created_at"], int)
    assert before - 1000 <= created["created_at"] <= time.time() * 1000 + 1000  # milliseconds
    info = created["media_info"]
    assert info["duration_seconds"] == sample.seconds
    assert (info["width"], info["height"]) == (sample.width, sample.height)
    assert info["format"] == "mp4" and info["has_audio"] is False
    assert created["video_info"]["duration_seconds"] == sample.seconds
    assert created["media_type"] == "video" and created["source"] == "upload"

    done = await emu.wait(f"/files/{created['id']}")
    assert done["status"] == "completed"
    url = done["thumbnail_url"]
    assert url.startswith(f"{ORIGIN}/thumbnails/") and url.endswith(".jpg")
    image = await emu.client.get(url)
    assert image.status_code == 200
    assert image.headers["content-type"] == "image/jpeg"
    assert Image.open(io.BytesIO(image.content)).format == "JPEG"


async def test_text_file_is_415_with_reason_and_server_keeps_serving(emu: Emu) -> None:
    r = await emu.client.post("/files", files={"file": ("notes.mp4", b"hello, not a video\n")})
    assert r.status_code == 415
    message = r.json()["error"]
    assert "not a decodable video" in message
    assert ".part" not in message  # no server-side file names in messages
    listed = await emu.client.get("/files")
    assert listed.status_code == 200 and listed.json()["total"] == 0
    assert list(emu.runtime.data.tmp.iterdir()) == []
    assert list(emu.runtime.data.uploads.iterdir()) == []


async def test_empty_and_missing_file_are_400_naming_file(emu: Emu) -> None:
    r = await emu.client.post("/files", files={"file": ("empty.mp4", b"")})
    assert r.status_code == 400 and r.json()["error"].startswith("file:")
    r = await emu.client.post("/files", files={"other": ("x.mp4", b"abc")})
    assert r.status_code == 400 and r.json()["error"].startswith("file:")
    r = await emu.client.post("/files", json={"file": "abc"})
    assert r.status_code == 400 and "multipart/form-data" in r.json()["error"]


async def test_bad_metadata_is_400_naming_metadata(emu: Emu, sample: SampleTruth) -> None:
    for text in ("[1, 2]", "{not json", '"text"'):
        r = await emu.client.post(
            "/files", files={"file": ("a.mp4", sample.path.read_bytes())}, data={"metadata": text}
        )
        assert r.status_code == 400, text
        assert r.json()["error"].startswith("metadata:")
    assert (await emu.client.get("/files")).json()["total"] == 0


async def test_upload_size_limit_is_400_naming_file_and_limit(
    tmp_path: Path, sample: SampleTruth
) -> None:
    app = make_app(tmp_path / "data", max_upload_mb=0.01)
    try:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url=ORIGIN, headers=AUTH) as c:
            r = await c.post("/v1/files", files={"file": ("a.mp4", sample.path.read_bytes())})
        assert r.status_code == 400
        assert r.json()["error"] == "file: larger than the upload limit of 0.01 MB"
        assert list((tmp_path / "data" / "tmp").iterdir()) == []
    finally:
        app.state.runtime.close()


async def test_hostile_filename_is_display_only(emu: Emu, sample: SampleTruth) -> None:
    done = await emu.upload(sample.path, name="../../etc/passwd")
    assert done["filename"] == "passwd"
    data_dir = emu.runtime.data.root
    stored = list(emu.runtime.data.uploads.iterdir())
    assert [p.name for p in stored] == [f"{done['id']}.bin"]
    assert not (data_dir.parent / "etc").exists()
    for path in data_dir.rglob("*"):
        assert "passwd" not in path.name


async def test_list_orders_filters_and_pages(emu: Emu, sample: SampleTruth) -> None:
    names = ["b.mp4", "a.mp4", "c.mp4"]
    ids = [
        (await emu.upload(sample.path, name=n, metadata=json.dumps({"i": i})))["id"]
        for i, n in enumerate(names)
    ]
    page = (await emu.client.get("/files")).json()
    assert [f["id"] for f in page["data"]] == ids[::-1]  # newest first
    assert (page["total"], page["limit"], page["offset"]) == (3, 50, 0)
    by_name = (await emu.client.get("/files", params={"order": "filename", "sort": "asc"})).json()
    assert [f["filename"] for f in by_name["data"]] == ["a.mp4", "b.mp4", "c.mp4"]
    second = (await emu.client.get("/files", params={"limit": 1, "offset": 1})).json()
    assert [f["id"] for f in second["data"]] == [ids[1]]
    assert (second["total"], second["limit"], second["offset"]) == (3, 1, 1)
    beyond = (await emu.client.get("/files", params={"offset": 10**30})).json()
    assert beyond["data"] == [] and beyond["total"] == 3
    completed = (await emu.client.get("/files", params={"status": "completed"})).json()
    assert completed["total"] == 3
    failed = (await emu.client.get("/files", params={"status": "failed"})).json()
    assert failed["total"] == 0
    flt = json.dumps({"metadata": [{"path": "i", "operator": "GreaterThan", "valueText": "0"}]})
    filtered = (await emu.client.get("/files", params={"filter": flt})).json()
    assert sorted(f["id"] for f in filtered["data"]) == sorted(ids[1:])
    flt = json.dumps({"file": [{"path": "filename", "operator": "Like", "valueText": "a%"}]})
    filtered = (await emu.client.get("/files", params={"filter": flt})).json()
    assert [f["id"] for f in filtered["data"]] == [ids[1]]
    future = (await emu.client.get("/files", params={"created_after": "2999-01-01"})).json()
    assert future["total"] == 0
    past = (await emu.client.get("/files", params={"created_before": "2000-01-01"})).json()
    assert past["total"] == 0


async def test_list_query_errors_name_the_field(emu: Emu) -> None:
    limit, offset = field(LIST, "query.limit"), field(LIST, "query.offset")
    order, sort, status = (
        field(LIST, "query.order"),
        field(LIST, "query.sort"),
        field(LIST, "query.status"),
    )
    cases = {
        f"limit={number(below(limit))}": f"limit: must be {words(limit)}",
        f"limit={number(above(limit))}": f"limit: must be {words(limit)}",
        "limit=abc": "limit: must be an integer",
        f"offset={number(below(offset))}": f"offset: must be {words(offset)}",
        f"status={not_one_of(status)}": "status: must be one of",
        f"order={not_one_of(order)}": f"order: must be one of: {one_of(order)}",
        f"sort={not_one_of(sort)}": f"sort: must be one of: {one_of(sort)}",
        "created_after=2024-13-01": "created_after: must be a date",
        "filter=[1]": "filter: must be an object",
        "filter={": "filter: invalid JSON",
    }
    for query, message in cases.items():
        r = await emu.client.get(f"/files?{query}")
        assert r.status_code == 400, query
        assert r.json()["error"].startswith(message), (query, r.json())


async def test_delete_removes_file_jobs_and_thumbnails(emu: Emu, sample: SampleTruth) -> None:
    f = await emu.upload(sample.path)
    fx = (await emu.client.post(f"/files/{f['id']}/frames", json={"strategy": "uniform"})).json()
    seg = await emu.client.post(
        f"/files/{f['id']}/segmentations",
        json={"strategy": "uniform", "uniform_config": {"window_seconds": 4}},
    )
    done = await emu.wait(f"/frames/{fx['frame_extraction_id']}")
    thumb_url = done["data"]["frames"][0]["thumbnail_url"]
    assert (await emu.client.get(thumb_url)).status_code == 200

    r = await emu.client.delete(f"/files/{f['id']}")
    assert r.status_code == 200 and r.json() == {"id": f["id"], "object": "file"}
    assert (await emu.client.get(f"/files/{f['id']}")).status_code == 404
    assert (await emu.client.get(f"/frames/{fx['frame_extraction_id']}")).status_code == 404
    seg_id = seg.json()["segmentation_id"]
    assert (await emu.client.get(f"/segmentations/{seg_id}")).status_code == 404
    gone = await emu.client.get(thumb_url)
    assert gone.status_code == 404 and "error" in gone.json()
    assert list(emu.runtime.data.uploads.iterdir()) == []
    assert list(emu.runtime.data.thumbs.iterdir()) == []
    again = await emu.client.delete(f"/files/{f['id']}")
    assert again.status_code == 404 and "error" in again.json()


def file_id_operations() -> list[tuple[str, str, set[str]]]:
    """(method, path, documented statuses) of every operation with a `file_id` path parameter."""
    return [
        (op.method, op.path, op.statuses())
        for op in spec_operations()
        if "file_id" in op.path_parameter_names()
    ]


async def test_a_malformed_file_id_is_a_404_on_every_operation(emu: Emu) -> None:
    """One answer for a file id that is not a uuid: the one status openapi.yaml documents for
    it on every operation (getFile and deleteFile take any string and document no 400)."""
    operations = file_id_operations()
    in_the_constraints = {
        (op.method, op.path) for op in OPERATIONS.values() if "path.file_id" in op.fields
    }
    assert {(method, path) for method, path, _ in operations} == in_the_constraints
    assert len(operations) > 1
    documented_everywhere = set.intersection(*(statuses for _, _, statuses in operations))
    assert "404" in documented_everywhere and "400" not in documented_everywhere
    other_ids = {"segment_id": "7a1e9c44-2b6d-4f0a-8c3e-5d9b1a2f6e80"}
    for method, path, _ in operations:
        body = VALID_BODIES.get(path.rsplit("/", 1)[-1]) if method == "POST" else None
        body = {} if method == "PUT" else body
        for bad in MALFORMED_FILE_IDS:
            url = path.replace("{file_id}", bad).format(**other_ids)
            r = await emu.client.request(method, url, json=body)
            assert r.status_code == 404, (method, path, bad, r.text)
            assert r.json() == {"error": f"File not found: {short(bad)}"}, (method, path)


async def test_unknown_file_ids_are_404(emu: Emu) -> None:
    for path in ("/files/nope", "/files/9b2f6f1e-4a53-4d43-9f0e-6f4c1d7a2b10"):
        r = await emu.client.get(path)
        assert r.status_code == 404 and r.json()["error"].startswith("File not found")
        r = await emu.client.delete(path)
        assert r.status_code == 404


async def test_upload_segment_thumbnail_flag_sets_the_default(
    emu: Emu, sample: SampleTruth
) -> None:
    f = await emu.upload(sample.path, enable_segment_thumbnails="false")
    body = {"strategy": "uniform", "uniform_config": {"window_seconds": 4}}
    job = (await emu.client.post(f"/files/{f['id']}/segmentations", json=body)).json()
    assert job["thumbnails_config"] == {"enable_segment_thumbnails": False}
    body["thumbnails_config"] = {"enable_segment_thumbnails": True}
    job = (await emu.client.post(f"/files/{f['id']}/segmentations", json=body)).json()
    assert job["thumbnails_config"] == {"enable_segment_thumbnails": True}
    r = await emu.client.post(
        "/files",
        files={"file": ("a.mp4", sample.path.read_bytes())},
        data={"enable_segment_thumbnails": "maybe"},
    )
    assert r.status_code == 400
    assert r.json()["error"].startswith("enable_segment_thumbnails: must be true or false")


async def test_public_url_is_used_for_thumbnails(tmp_path: Path, sample: SampleTruth) -> None:
    app = make_app(tmp_path / "data", public_url="https://emu.example:9000/")
    try:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url=ORIGIN, headers=AUTH) as c:
            f = (
                await c.post("/v1/files", files={"file": ("a.mp4", sample.path.read_bytes())})
            ).json()
            assert app.state.runtime.jobs.wait_idle(30)
            done = (await c.get(f"/v1/files/{f['id']}")).json()
        assert done["thumbnail_url"].startswith("https://emu.example:9000/thumbnails/")
    finally:
        app.state.runtime.close()


async def test_a_filename_too_long_for_the_multipart_parser_is_a_400_naming_file(
    emu: Emu, small_clip: Path
) -> None:
    """python-multipart (0.0.27 on) refuses a header line longer than its limit; a filename
    that long is answered as such, not as "malformed multipart data" (older ones take it, and
    the name is cut to 255 characters as any long name is)."""
    limit = getattr(MultipartParser(b"B"), "max_header_size", None)
    name = "a" * (limit or 5000) + ".mp4"
    with small_clip.open("rb") as handle:
        r = await emu.client.post("/files", files={"file": (name, handle)})
    if limit is None:
        assert r.status_code == 200 and len(r.json()["filename"]) == 255, r.text
        return
    assert r.status_code == 400
    assert r.json()["error"] == (
        f"file: a part's Content-Disposition header is too long or malformed (at most {limit}"
        " bytes); send a shorter filename"
    )
    assert (await emu.client.get("/files")).json()["total"] == 0
