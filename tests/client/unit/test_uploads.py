"""Uploads: streamed multipart with metadata as JSON, from a path or a file object."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from cloudglue_client import CloudglueError
from tests.support.fakeapi import FakeAPI, respond

from .conftest import Flavor

FILE = {"id": "f1", "uri": "cloudglue://files/f1", "status": "pending"}


def parts(request: httpx.Request) -> dict[str, bytes]:
    ctype = request.headers["content-type"]
    assert ctype.startswith("multipart/form-data; boundary=")
    boundary = ctype.split("boundary=")[1].encode()
    assert boundary != b"+++"
    out: dict[str, bytes] = {}
    for chunk in request.content.split(b"--" + boundary)[1:-1]:
        head, _, body = chunk.strip(b"\r\n").partition(b"\r\n\r\n")
        name = head.split(b'name="')[1].split(b'"')[0].decode()
        out[name] = body
    return out


def test_upload_from_path_sends_file_metadata_and_flag(
    flavor: Flavor, api: FakeAPI, tmp_path: Path
) -> None:
    video = tmp_path / "talk.mp4"
    video.write_bytes(b"\x00\x01--+++binary" * 1000)
    api.script = [respond(200, FILE)]
    f = flavor.call(
        lambda cg: cg.files.upload(video, metadata={"team": "a"}, enable_segment_thumbnails=True)
    )
    assert f.id == "f1"
    sent = parts(api.requests[0])
    assert sent["file"] == video.read_bytes()
    assert json.loads(sent["metadata"]) == {"team": "a"}
    assert sent["enable_segment_thumbnails"] == b"true"
    assert b'filename="talk.mp4"' in api.requests[0].content


def test_upload_from_file_object_is_rewound_on_retry(flavor: Flavor, api: FakeAPI) -> None:
    data = io.BytesIO(b"0123456789" * 100)
    api.script = [respond(429, {"error": "slow"}, headers={"Retry-After": "0"}), respond(200, FILE)]
    flavor.call(lambda cg: cg.files.upload(data, filename="clip.mp4"))
    assert len(api.requests) == 2
    assert parts(api.requests[1])["file"] == data.getvalue()


def test_upload_with_wait_polls_the_file(flavor: Flavor, api: FakeAPI, tmp_path: Path) -> None:
    video = tmp_path / "v.mp4"
    video.write_bytes(b"x")
    done: dict[str, Any] = dict(FILE, status="completed")
    api.script = [respond(200, FILE), respond(200, FILE), respond(200, done)]
    f = flavor.call(lambda cg: cg.files.upload(video, wait=True))
    assert f.status == "completed"
    assert [r.method for r in api.requests] == ["POST", "GET", "GET"]
    assert api.requests[1].url.path == "/v1/files/f1"


@pytest.mark.parametrize("change", ["grew", "shrank"])
def test_a_file_that_changes_size_while_it_is_sent_says_so(
    flavor: Flavor, api: FakeAPI, tmp_path: Path, change: str
) -> None:
    """The size sent in Content-Length is the file's when the upload starts; a file that grows
    or shrinks meanwhile is a CloudglueError saying so, not h11's "too much/little data", and
    is not retried (the file is being written: sending it again would not help)."""
    video = tmp_path / "clip.mp4"
    # Larger than what an async upload reads ahead before its first progress call (1 MiB).
    video.write_bytes(b"v" * 3_000_000)
    touched: list[int] = []

    def meddle(sent: int, total: int | None) -> None:
        if not touched:
            touched.append(sent)
            with video.open("r+b") as f:
                f.truncate(6_000_000 if change == "grew" else 1_500_000)

    api.script = [respond(200, FILE)] * 2
    with pytest.raises(CloudglueError, match=f"file: it {change} while it was being sent"):
        flavor.call(lambda cg: cg.files.upload(video, on_progress=meddle))
    assert len(api.requests) <= 1


def test_an_async_upload_reads_its_source_off_the_event_loop(api: FakeAPI) -> None:
    """A source that is slow to read (a pipe whose writer pauses, slow storage) must not stall
    the event loop: other tasks keep running while the upload waits for its next chunk."""
    import asyncio
    import itertools
    import os
    import threading
    import time

    from cloudglue_client import AsyncCloudglue

    from .conftest import API_KEY

    read_end, write_end = os.pipe()

    def writer() -> None:
        with os.fdopen(write_end, "wb") as pipe:
            pipe.write(b"a" * 100_000)
            pipe.flush()
            time.sleep(3)
            pipe.write(b"b" * 100_000)

    api.script = [respond(200, FILE)]

    async def main() -> float:
        ticks: list[float] = []

        async def tick() -> None:
            while True:
                ticks.append(time.monotonic())
                await asyncio.sleep(0.02)

        ticker = asyncio.create_task(tick())
        async with AsyncCloudglue(api_key=API_KEY, base_url=api.url) as cg:
            with os.fdopen(read_end, "rb") as source:
                await cg.files.upload(source, filename="live.mp4")
        ticker.cancel()
        return max(b - a for a, b in itertools.pairwise(ticks))

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        longest_stall = asyncio.run(main())
    finally:
        thread.join()
    assert parts(api.requests[0])["file"] == b"a" * 100_000 + b"b" * 100_000
    assert longest_stall < 1.5, f"the event loop stalled {longest_stall:.2f} s"
