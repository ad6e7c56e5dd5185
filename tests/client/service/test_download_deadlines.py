"""Image downloads keep the promises of API calls: whole-attempt deadlines, prompt Ctrl-C.

Each image is fetched by the same attempts as an API call, so a thumbnail server that trickles
or hangs cannot hold a download past the client's timeout, and Ctrl-C (or leaving the call)
ends the images in flight at once, sync and async.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.support.fakeapi import JOB_ID, frame_id, frame_job
from tests.support.polling import poll_until
from tests.support.rawserver import RawServer, Writer, drip, hang

from .conftest import Flavor

SLACK = 3.0
IMAGE_TRICKLE = b"HTTP/1.1 200 OK\r\ncontent-type: image/jpeg\r\ncontent-length: 100000\r\n\r\n"
SCENARIO = Path(__file__).with_name("download_scenario.py")


def frames_with_images(images: Writer, count: int = 3) -> object:
    """A route: a completed job whose frames' thumbnails this same server answers with `images`."""

    def route(request: httpx.Request) -> httpx.Response | Writer:
        if "/img/" in request.url.path:
            return images
        base = f"http://127.0.0.1:{request.url.port}"
        frames = [
            {"id": frame_id(i), "timestamp": i, "thumbnail_url": f"{base}/img/{i}.jpg"}
            for i in range(count)
        ]
        page = {"object": "list", "frames": frames, "total": count, "limit": 100, "offset": 0}
        return httpx.Response(200, json=frame_job(frame_count=count, data=page))

    return route


@pytest.mark.slow
@pytest.mark.parametrize(
    "images", [drip(IMAGE_TRICKLE, interval=0.5), hang], ids=["trickle", "hang"]
)
def test_an_image_server_cannot_stretch_a_download(
    flavor: Flavor, tmp_path: Path, images: Writer
) -> None:
    timeout = 2.0
    with RawServer(frames_with_images(images)) as server:  # type: ignore[arg-type]
        outcome = flavor.call(
            server.url,
            lambda cg: cg.frames.download(JOB_ID, tmp_path),
            timeout=timeout,
            max_retries=0,
        )
    assert outcome.error is None, outcome.error
    result = outcome.value
    assert result.downloaded == 0 and len(result.failed) == 3
    assert all("as a whole" in f.reason or "Timeout" in f.reason for f in result.failed)
    assert outcome.seconds < timeout + SLACK  # the three images run at once, each bounded
    assert [p.name for p in tmp_path.iterdir()] == ["manifest.jsonl"]  # no partial image


def stale_images_then_hanging_pages(count: int = 8) -> object:
    """A route: every image answers 403 (a stale URL), and the page re-read that would
    refresh it never answers (the first page read does)."""
    first_page = frames_with_images(hang, count)
    pages_read = 0

    def route(request: httpx.Request) -> httpx.Response | Writer:
        nonlocal pages_read
        if "/img/" in request.url.path:
            return httpx.Response(403, text="expired")
        pages_read += 1
        if pages_read > 1:
            return hang
        return first_page(request)  # type: ignore[operator, no-any-return]

    return route


@pytest.mark.parametrize("flavor_name", ["sync", "async"])
@pytest.mark.parametrize("stuck", ["image", "page re-read"])
def test_ctrl_c_during_a_download_from_a_hanging_server_exits_at_once(
    flavor_name: str, stuck: str, tmp_path: Path
) -> None:
    """Ctrl-C ends the images in flight at once, whether they wait on the image server or on
    the API for a fresh URL (a stale one is refreshed by reading its page again)."""
    if stuck == "image":
        route, reached = frames_with_images(hang, count=8), "/img/"
    else:
        route, reached = stale_images_then_hanging_pages(8), "/frames/"
    with RawServer(route) as server:  # type: ignore[arg-type]
        process = subprocess.Popen(
            [sys.executable, str(SCENARIO), server.url, flavor_name, str(tmp_path)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            # All 8 images in flight: each has reached the server (stuck on an image), or
            # each has asked for its page again (stuck on a re-read, after the first read).
            wanted = 8 if stuck == "image" else 9
            poll_until(lambda: sum(reached in r.url.path for r in server.requests) >= wanted, 30)
            sent = time.monotonic()
            process.send_signal(signal.SIGINT)
            out, err = process.communicate(timeout=30)
            exited = time.monotonic() - sent
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
    assert process.returncode != 0
    assert "KeyboardInterrupt" in err
    assert exited < SLACK, f"exit took {exited:.1f}s after Ctrl-C"
    leftovers = [p.name for p in tmp_path.iterdir()]
    assert leftovers == [], leftovers  # temporary files removed, no manifest of a broken run
    assert json.loads(out or "null") is None
