"""More hostile image hosts and disks: what one image's server sends is that image's failure,
never the run's, and what the run cannot do is one typed error."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from tests.support.fakeapi import JOB_ID
from tests.support.rawserver import RawServer

from .conftest import Flavor
from .test_download_hazards import JPEG, download, frame, frames_route, images

INVALID_URLS = pytest.mark.parametrize(
    "bad_url",
    ["http://[::1", "http://xn--/img/1.jpg"],
    ids=["unclosed-ipv6-bracket", "malformed-punycode"],
)


@INVALID_URLS
def test_a_redirect_to_an_invalid_url_fails_that_image_only(
    flavor: Flavor, tmp_path: Path, bad_url: str
) -> None:
    def image(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/img/0.jpg":
            return httpx.Response(302, headers={"location": bad_url})
        return httpx.Response(200, content=JPEG)

    outcome = download(flavor, frames_route([frame(0), frame(1)], image), tmp_path)
    assert outcome.error is None, repr(outcome.error)
    result = outcome.value
    assert result.downloaded == 1 and len(result.failed) == 1
    assert "not a valid URL" in result.failed[0].reason
    assert [n[:17] for n in images(tmp_path)] == ["000001.000_frame_"]  # the other image


@INVALID_URLS
def test_an_invalid_thumbnail_url_fails_that_image_only(
    flavor: Flavor, tmp_path: Path, bad_url: str
) -> None:
    frames = [{**frame(0), "thumbnail_url": bad_url}, frame(1)]
    outcome = download(flavor, frames_route(frames), tmp_path)
    assert outcome.error is None, repr(outcome.error)
    result = outcome.value
    assert result.downloaded == 1 and len(result.failed) == 1
    assert "not a valid URL" in result.failed[0].reason


def test_close_ends_a_download_whose_images_wait_out_a_retry_after(
    flavor: Flavor, tmp_path: Path
) -> None:
    """Every image is told to come back in 30 s: close() from elsewhere ends the run at once
    (as it ends an API call's backoff), not when the backoff is over."""
    import asyncio
    import threading
    import time

    from cloudglue_client import ClientClosedError
    from tests.support.polling import poll_until, poll_until_async

    def image(request: httpx.Request) -> httpx.Response:
        return httpx.Response(429, headers={"retry-after": "30"}, json={"error": "slow down"})

    with RawServer(frames_route([frame(0), frame(1)], image)) as server:
        client = flavor.client(server.url, max_retries=3)

        def images_asked() -> bool:
            return sum("/img/" in r.url.path for r in server.requests) >= 2

        if flavor.name == "sync":
            closer = threading.Thread(target=lambda: (poll_until(images_asked), client.close()))
            closer.start()
            started = time.monotonic()
            with pytest.raises(ClientClosedError):
                client.frames.download(JOB_ID, tmp_path)
            took = time.monotonic() - started
            closer.join()
        else:

            async def run() -> float:
                async def close_later() -> None:
                    await poll_until_async(images_asked)
                    await client.close()

                closing = asyncio.ensure_future(close_later())
                started = time.monotonic()
                with pytest.raises(ClientClosedError):
                    await client.frames.download(JOB_ID, tmp_path)
                await closing
                return time.monotonic() - started

            took = asyncio.run(run())
    assert took < 15, f"the download ended {took:.1f}s after it began, past close()"
    assert [p.name for p in tmp_path.iterdir()] == []  # nothing left of the broken run


def test_a_negative_zero_time_names_its_image_like_zero(flavor: Flavor, tmp_path: Path) -> None:
    """JSON's -0.0 is a time of 0: its name is `000000.000_...` like every other name, not one
    starting with '-' (which command-line tools read as an option)."""
    outcome = download(flavor, frames_route([frame(0, timestamp=-0.0)]), tmp_path)
    assert outcome.error is None and outcome.value.downloaded == 1
    assert [n[:11] for n in images(tmp_path)] == ["000000.000_"]
