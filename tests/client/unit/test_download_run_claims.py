"""A run's claim on its directory holds from the moment its lock file has its name: a sweep by
another run at any point of that run's start never takes it for a dead run's."""

from __future__ import annotations

from pathlib import Path

import pytest

from cloudglue_client import _disk
from cloudglue_client._disk import Run


def test_a_sweep_while_another_run_starts_leaves_its_files_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lock = _disk._lock
    swept: list[bool] = []

    def sweep_first(fd: int, *, wait: bool) -> bool:
        if wait and not swept:  # another run sweeps just before this one takes its lock
            swept.append(True)
            other = Run(tmp_path)
            other.sweep()
            other.close()
        return lock(fd, wait=wait)

    monkeypatch.setattr(_disk, "_lock", sweep_first)
    starting = Run(tmp_path)
    assert swept
    _, temporary = starting.create()
    later = Run(tmp_path)  # a third run, after the start: it must see a live run
    later.sweep()
    later.close()
    assert Path(temporary).exists(), "a live run's temporary file was swept"
    assert starting.lock_path.exists(), "a live run's lock file was swept"
    starting.close()
