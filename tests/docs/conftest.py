"""Shared set-up of the documentation checks: one emulator per test process, the bikes clip."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from cloudglue_emulator.clips import real_clip
from cloudglue_emulator.testing import RunningEmulator, running


@pytest.fixture(scope="session")
def docs_emulator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningEmulator]:
    """The emulator the pages' Python blocks talk to (CLOUDGLUE_BASE_URL in their env)."""
    with running(data_dir=tmp_path_factory.mktemp("docs-emulator")) as emu:
        yield emu


@pytest.fixture(scope="session")
def bikes() -> Path:
    """bikes.mp4 from the clip cache (`make clips` fetched it; no network here)."""
    return real_clip("bikes")
