"""`running(data_dir="~/x")` means the home folder's `x`, as the server takes it: the store is
there (not under a folder named `~` in the working dir), and `emu.data_dir` says so, so a test
that looks into the data dir looks where the server writes."""

from __future__ import annotations

from pathlib import Path

import pytest

from cloudglue_emulator.testing import running

pytestmark = pytest.mark.slow  # starts an emulator subprocess


def test_a_data_dir_under_home_is_reported_and_used_expanded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home, cwd = tmp_path / "home", tmp_path / "cwd"
    home.mkdir()
    cwd.mkdir()
    monkeypatch.setenv("HOME", str(home))  # the server subprocess inherits it
    monkeypatch.chdir(cwd)
    with running(data_dir="~/x") as emu:
        assert emu.data_dir == home / "x"
        assert (emu.data_dir / "emulator.sqlite3").is_file()
    assert not (cwd / "~").exists()
