"""One emulator subprocess per session (the sample video is the root conftest's)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from cloudglue_client import Cloudglue
from cloudglue_emulator.media import SampleTruth
from cloudglue_emulator.testing import RunningEmulator, running


@pytest.fixture(scope="session")
def emulator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningEmulator]:
    with running(data_dir=tmp_path_factory.mktemp("emulator")) as emu:
        yield emu


@pytest.fixture
def cg(emulator: RunningEmulator) -> Iterator[Cloudglue]:
    with Cloudglue(api_key=emulator.api_key, base_url=emulator.base_url) as client:
        yield client


@pytest.fixture(scope="session")
def uploaded(emulator: RunningEmulator, sample: SampleTruth) -> str:
    with Cloudglue(api_key=emulator.api_key, base_url=emulator.base_url) as client:
        return client.files.upload(Path(sample.path), wait=True).id
