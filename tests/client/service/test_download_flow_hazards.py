"""More hostile image hosts and disks: what one image's server sends is that image's failure,
never the run's, and what the run cannot do is one typed error."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

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
