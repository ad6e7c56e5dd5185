"""An app that cannot be built gives back what it had opened (its runtime's threads)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from cloudglue_emulator.app import create_app
from cloudglue_emulator.settings import Settings
from cloudglue_emulator.spaces import SPACES_FOLDER
from tests.support.polling import poll_until


def test_a_failed_start_stops_what_it_started(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / SPACES_FOLDER).write_text("not a folder")  # the spaces cannot be set up
    before = set(threading.enumerate())
    with pytest.raises(OSError):
        create_app(Settings(data_dir=data, api_key="cg-start-failure-key"))
    poll_until(
        lambda: not (set(threading.enumerate()) - before),
        timeout=10,
        what="the failed start's runtime threads to stop",
    )
