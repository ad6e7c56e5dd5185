"""Whatever JSON the emulator accepts and stores, it can show back: metadata nested just short
of what the interpreter follows was stored (200) and then made every later list of files a
500, as the answer nests it a few levels deeper. Nesting is bounded instead, by a fixed depth
stated in openapi.yaml, the same on every interpreter and at every stack depth."""

from __future__ import annotations

import json
import sys

from cloudglue_emulator.media import SampleTruth
from cloudglue_emulator.validation import MAX_JSON_DEPTH

from .conftest import Emu

JSON = {"Content-Type": "application/json"}


def nested(depth: int) -> str:
    """A JSON value `depth` levels deep: `[[...]]`."""
    return "[" * depth + "]" * depth


async def test_what_is_stored_is_shown_at_any_depth(emu: Emu, sample: SampleTruth) -> None:
    file_id = (await emu.upload(sample.path))["id"]
    limit = sys.getrecursionlimit()
    for depth in range(limit - 120, limit + 5):
        body = '{"metadata": {"a": ' + nested(depth) + "}}"
        put = await emu.client.put(f"/files/{file_id}", content=body, headers=JSON)
        assert put.status_code in (200, 400), (depth, put.text)
        if put.status_code == 400:
            assert put.json()["error"].startswith("body: "), put.text
            continue
        for url in (f"/files/{file_id}", "/files", f"/files/{file_id}/thumbnails"):
            shown = await emu.client.get(url)
            assert shown.status_code == 200, (depth, url, shown.text)


async def test_the_stated_depth_is_accepted_and_one_more_is_a_400(
    emu: Emu, sample: SampleTruth
) -> None:
    file_id = (await emu.upload(sample.path))["id"]
    # {"metadata": {"a": X}}: the body is 2 levels deeper than X
    deepest = '{"metadata": {"a": ' + nested(MAX_JSON_DEPTH - 2) + "}}"
    put = await emu.client.put(f"/files/{file_id}", content=deepest, headers=JSON)
    assert put.status_code == 200, put.text
    listed = await emu.client.get("/files")
    assert listed.status_code == 200
    assert listed.json()["data"][0]["metadata"] == json.loads(deepest)["metadata"]
    deeper = '{"metadata": {"a": ' + nested(MAX_JSON_DEPTH - 1) + "}}"
    put = await emu.client.put(f"/files/{file_id}", content=deeper, headers=JSON)
    assert put.status_code == 400, put.text
    assert put.json()["error"] == f"body: invalid JSON (nested deeper than {MAX_JSON_DEPTH} levels)"


async def test_upload_metadata_and_filters_are_bounded_too(emu: Emu, sample: SampleTruth) -> None:
    too_deep = '{"a": ' + nested(MAX_JSON_DEPTH) + "}"
    with sample.path.open("rb") as handle:
        r = await emu.client.post(
            "/files", files={"file": ("a.mp4", handle, "video/mp4")}, data={"metadata": too_deep}
        )
    assert r.status_code == 400, r.text
    assert r.json()["error"].startswith("metadata: invalid JSON (nested deeper than")
    r = await emu.client.get("/files", params={"filter": too_deep})
    assert r.status_code == 400, r.text
    assert r.json()["error"].startswith("filter: invalid JSON (nested deeper than")
