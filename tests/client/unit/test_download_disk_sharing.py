"""A download shares its directory with the caller's files: the sweep of dead runs' leftovers
removes only names a run of ours makes, never a file that merely shares their prefix."""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Any

import pytest

from cloudglue_client import DownloadError
from cloudglue_client import _constants as C
from tests.support.fakeapi import FakeAPI

from .conftest import Flavor
from .test_download import Images, assert_complete, download


def test_the_sweep_leaves_old_files_of_the_callers_with_our_prefix_alone(
    flavor: Flavor, api: FakeAPI, tmp_path: Path
) -> None:
    Images(api, total=2)
    token = "0123456789abcdef"
    kept = [f"{C.TEMP_PREFIX}notes.txt", f"{C.TEMP_PREFIX}{token}.bak", f"{C.TEMP_PREFIX}{token}-x"]
    dead = [f"{C.TEMP_PREFIX}starting-{token}.lock", f"{C.TEMP_PREFIX}{token}-3{C.TEMP_SUFFIX}"]
    for name in kept + dead:
        (tmp_path / name).write_bytes(b"mine")
        os.utime(tmp_path / name, (0, 0))  # far older than any age rule
    result = download(flavor, tmp_path)
    assert (result.downloaded, result.failed) == (2, [])
    left = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(C.TEMP_PREFIX))
    assert left == sorted(kept)  # a dead run's leftovers go, the caller's files stay


def test_a_relative_directory_stays_the_one_named_when_the_process_changes_directory(
    flavor: Flavor, api: FakeAPI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    Images(api, total=4)
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "images").mkdir(parents=True)
    monkeypatch.chdir(tmp_path)

    def move(done: int, total: int, written: int) -> None:
        os.chdir(elsewhere)  # the caller's program moves on while images still arrive

    result = download(flavor, Path("images"), concurrency=1, on_progress=move)
    assert (result.downloaded, result.failed) == (4, [])
    assert os.listdir(elsewhere / "images") == []
    assert_complete(tmp_path / "images", 4)


def test_a_directory_through_a_link_and_dot_dot_is_where_the_system_resolves_it(
    flavor: Flavor, api: FakeAPI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`link/../out` is `out` beside the link's target, as open() and mkdir() resolve it: made
    absolute for the run, the path keeps its `..` (tidied away, it would name another place)."""
    Images(api, total=2)
    (tmp_path / "real" / "sub").mkdir(parents=True)
    (tmp_path / "link").symlink_to(tmp_path / "real" / "sub")
    monkeypatch.chdir(tmp_path)
    result = download(flavor, Path("link/../out"))
    assert (result.downloaded, result.failed) == (2, [])
    assert not (tmp_path / "out").exists()
    assert_complete(tmp_path / "real" / "out", 2)


def test_a_relative_directory_in_a_removed_working_directory_is_a_download_error(
    flavor: Flavor, api: FakeAPI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    Images(api, total=1)
    (tmp_path / "gone").mkdir()
    monkeypatch.chdir(tmp_path / "gone")
    (tmp_path / "gone").rmdir()
    with pytest.raises(DownloadError, match="cannot be used"):
        download(flavor, Path("images"))


def test_a_file_system_without_locks_still_takes_the_download(
    flavor: Flavor, api: FakeAPI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """NFS mounted without a lock service answers flock with ENOLCK: the run goes on unlocked
    (as where there is no file locking), and counts every other run as alive."""
    import fcntl

    Images(api, total=3)
    other = [
        tmp_path / f"{C.TEMP_PREFIX}0123456789abcdef{end}"
        for end in (".lock", f"-0{C.TEMP_SUFFIX}")
    ]
    for path in other:
        path.write_bytes(b"")  # another run's, on a file system that cannot say if it lives

    def no_locks(fd: int, operation: int) -> None:
        raise OSError(errno.ENOLCK, "No locks available")

    monkeypatch.setattr(fcntl, "flock", no_locks)
    result = download(flavor, tmp_path)
    assert (result.downloaded, result.failed) == (3, [])
    for path in other:
        assert path.exists()  # its run may be alive: nothing tells it is not
        path.unlink()
    assert_complete(tmp_path, 3)
    assert not [fd for fd in os.listdir("/proc/self/fd") if _opens(fd, tmp_path)]


def _opens(fd: str, directory: Path) -> bool:
    """Whether descriptor `fd` of this process is open on a file in `directory`."""
    try:
        return os.readlink(f"/proc/self/fd/{fd}").startswith(f"{directory}/")
    except OSError:  # closed meanwhile (listdir's own descriptor)
        return False


def test_an_image_in_place_counts_as_written_when_its_temporary_file_stays(
    flavor: Flavor, api: FakeAPI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The image was linked under its name, then its temporary file could not be removed: the
    image is there, so it is downloaded; the leftover is for a later run's sweep."""
    Images(api, total=3)
    unlink, refused = os.unlink, []

    def refuse_temporary_files(path: Any, *args: Any, **kwargs: Any) -> None:
        if os.fspath(path).endswith(C.TEMP_SUFFIX) and os.path.exists(path):
            refused.append(os.fspath(path))
            raise PermissionError(13, "Permission denied", path)
        unlink(path, *args, **kwargs)

    monkeypatch.setattr(os, "unlink", refuse_temporary_files)
    result = download(flavor, tmp_path)
    assert (result.downloaded, result.failed) == (3, [])
    monkeypatch.setattr(os, "unlink", unlink)
    assert len(refused) >= 3
    download(flavor, tmp_path)  # the next run sweeps what this one left
    assert_complete(tmp_path, 3)
