"""The name a file object is uploaded under when no `filename=` is given: its own file's base
name, or the default of a nameless stream when its `name` is no path (`os.fdopen(fd)` names
itself by the descriptor's number, an int)."""

from __future__ import annotations

import io
import os
import re
from pathlib import Path
from typing import IO

import pytest

from tests.support.fakeapi import FakeAPI, respond

from .conftest import Flavor
from .test_uploads import FILE


def sent_name(flavor: Flavor, api: FakeAPI, source: IO[bytes]) -> str:
    api.script = [respond(200, FILE)]
    with source:
        flavor.call(lambda cg: cg.files.upload(source))
    found = re.search(rb'name="file"; filename="([^"]*)"', api.requests[-1].content)
    assert found is not None
    return found.group(1).decode()


@pytest.fixture
def clip(tmp_path: Path) -> Path:
    path = tmp_path / "clip.mp4"
    path.write_bytes(b"frames")
    return path


def test_a_descriptors_stream_is_sent_as_a_nameless_one(
    flavor: Flavor, api: FakeAPI, clip: Path
) -> None:
    nameless = sent_name(flavor, api, io.BytesIO(b"frames"))
    stream = os.fdopen(os.open(clip, os.O_RDONLY), "rb")
    assert isinstance(stream.name, int)
    assert sent_name(flavor, api, stream) == nameless != str(stream.name)


def test_a_stream_opened_by_a_bytes_path_is_sent_under_its_base_name(
    flavor: Flavor, api: FakeAPI, clip: Path
) -> None:
    assert sent_name(flavor, api, open(os.fsencode(clip), "rb")) == "clip.mp4"  # noqa: SIM115
