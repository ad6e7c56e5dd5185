"""A download's directory is checked like every other argument: named in the error, before
anything is sent."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.fakeapi import FakeAPI

from .conftest import Flavor
from .test_download import Images, download


@pytest.mark.parametrize("as_path", [False, True], ids=["str", "Path"])
def test_a_directory_with_a_nul_character_fails_before_any_request(
    flavor: Flavor, api: FakeAPI, tmp_path: Path, as_path: bool
) -> None:
    Images(api, total=1)
    target = f"{tmp_path}/images\0more"
    with pytest.raises(ValueError, match=r"^directory: .*NUL"):
        download(flavor, Path(target) if as_path else target)
    assert api.requests == []
