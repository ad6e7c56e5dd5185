"""More hostile image hosts and disks: what one image's server sends is that image's failure,
never the run's, and what the run cannot do is one typed error."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import Flavor
from .test_download_hazards import download, frame, frames_route

INVALID_URLS = pytest.mark.parametrize(
    "bad_url",
    ["http://xn--/img/1.jpg"],
    ids=["malformed-punycode"],
)


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
