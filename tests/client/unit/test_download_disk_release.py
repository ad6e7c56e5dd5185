"""A download's claim on its directory is released whatever the disk does at the end: a lock
file that cannot be removed (a directory turned read-only, a file system remounted read-only
after an error) is left behind like a crashed run's, never an OSError raised over the result."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from cloudglue_client import _constants as C
from cloudglue_client._disk import Run
from tests.support.fakeapi import FakeAPI

from .conftest import Flavor
from .test_download import Images, assert_complete, download


def test_a_lock_file_that_cannot_be_removed_does_not_undo_a_finished_download(
    flavor: Flavor, api: FakeAPI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    Images(api, total=3)
    unlink, refused = os.unlink, []

    def refuse_lock_files(path: Any, *args: Any, **kwargs: Any) -> None:
        if os.fspath(path).endswith(".lock"):
            refused.append(os.fspath(path))
            raise PermissionError(13, "Permission denied", path)
        unlink(path, *args, **kwargs)

    monkeypatch.setattr(os, "unlink", refuse_lock_files)
    result = download(flavor, tmp_path)
    assert refused, "the run never tried to remove its lock file"
    assert (result.downloaded, result.failed) == (3, [])
    monkeypatch.setattr(os, "unlink", unlink)
    # The run let go of its lock: the next run sweeps the leftover lock file away.
    later = Run(tmp_path)
    later.sweep()
    later.close()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(C.TEMP_PREFIX)]
    assert_complete(tmp_path, 3)


def test_a_dead_runs_leftover_that_cannot_be_removed_does_not_stop_a_new_run(
    flavor: Flavor, api: FakeAPI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A crashed run of another user left files in a shared (sticky) directory: this run may
    not remove them. Sweeping is housekeeping: the download goes on, the leftovers stay."""
    Images(api, total=3)
    token = "0123456789abcdef"
    leftovers = [tmp_path / f"{C.TEMP_PREFIX}{token}.lock"]
    leftovers.append(tmp_path / f"{C.TEMP_PREFIX}{token}-0{C.TEMP_SUFFIX}")
    for path in leftovers:
        path.write_bytes(b"")  # its run is gone: nobody holds the lock
    unlink = os.unlink

    def not_yours(path: Any, *args: Any, **kwargs: Any) -> None:
        if token in os.fspath(path):
            raise PermissionError(1, "Operation not permitted", path)
        unlink(path, *args, **kwargs)

    monkeypatch.setattr(os, "unlink", not_yours)
    result = download(flavor, tmp_path)
    assert (result.downloaded, result.failed) == (3, [])
    assert all(path.exists() for path in leftovers)
    monkeypatch.setattr(os, "unlink", unlink)
    for path in leftovers:
        path.unlink()
    assert_complete(tmp_path, 3)
