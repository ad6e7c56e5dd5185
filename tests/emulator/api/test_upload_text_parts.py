"""The text parts of an upload (`metadata`, `enable_segment_thumbnails`) are UTF-8 text, as the
JSON bodies of the other operations are: bytes that are not UTF-8 are a 400 naming the part,
never stored with replacement characters in place of what the client sent."""

from __future__ import annotations

from cloudglue_emulator.media import SampleTruth

from .conftest import Emu

BOUNDARY = "cg-test-boundary"


def multipart(video: bytes, text_parts: dict[str, bytes]) -> bytes:
    """A multipart/form-data body with the video as `file` and raw text parts."""
    body = b""
    for name, value in text_parts.items():
        body += (
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
            + value
            + b"\r\n"
        )
    body += (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="a.mp4"\r\n'
        "Content-Type: video/mp4\r\n\r\n".encode()
        + video
        + f"\r\n--{BOUNDARY}--\r\n".encode()
    )
    return body


async def _post(emu: Emu, body: bytes) -> tuple[int, dict[str, object]]:
    r = await emu.client.post(
        "/files",
        content=body,
        headers={"Content-Type": f"multipart/form-data; boundary={BOUNDARY}"},
    )
    return r.status_code, r.json()


async def test_metadata_that_is_not_utf8_is_a_400_and_nothing_is_stored(
    emu: Emu, sample: SampleTruth
) -> None:
    video = sample.path.read_bytes()
    status, body = await _post(emu, multipart(video, {"metadata": b'{"team": "caf\xe9"}'}))
    assert status == 400, body
    assert str(body["error"]).startswith("metadata: ")
    assert "UTF-8" in str(body["error"])
    listed = await emu.client.get("/files")
    assert listed.json()["total"] == 0


async def test_a_flag_that_is_not_utf8_is_a_400_naming_it(emu: Emu, sample: SampleTruth) -> None:
    video = sample.path.read_bytes()
    status, body = await _post(emu, multipart(video, {"enable_segment_thumbnails": b"tru\xff"}))
    assert status == 400, body
    assert str(body["error"]).startswith("enable_segment_thumbnails: ")


async def test_utf8_metadata_is_stored_as_sent(emu: Emu, sample: SampleTruth) -> None:
    video = sample.path.read_bytes()
    status, body = await _post(emu, multipart(video, {"metadata": '{"team": "café ☕"}'.encode()}))
    assert status == 200, body
    assert body["metadata"] == {"team": "café ☕"}


async def test_unknown_text_parts_are_still_ignored(emu: Emu, sample: SampleTruth) -> None:
    video = sample.path.read_bytes()
    status, body = await _post(emu, multipart(video, {"x-extra": b"\xff\xfe binary"}))
    assert status == 200, body
