"""An --output file that cannot be written to the end (a full disk, a quota, a file size limit,
a failing fsync): exit 1 with one line that names the file, as when it cannot be created, and
no file left behind. The disk filling up is played by RLIMIT_FSIZE (writes past it fail with
EFBIG, as they fail with ENOSPC on a full disk) and by an fsync that fails with ENOSPC."""

from __future__ import annotations

import errno
import resource
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.fakeapi import JOB_ID

from .conftest import Runner
from .fake import FakeAPI

LIMIT = 64 * 1024


@pytest.fixture
def small_file_limit() -> Iterator[None]:
    """Writes past LIMIT bytes of a file fail (EFBIG) instead of killing the process."""
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    previous = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (LIMIT, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, previous)


@pytest.mark.usefixtures("small_file_limit")
def test_an_output_that_fills_up_names_the_file(run: Runner, api: FakeAPI, tmp_path: Path) -> None:
    api.total_frames = 4000  # well past LIMIT as JSON Lines
    target = tmp_path / "frames.jsonl"
    result = run("frames", "export", JOB_ID, "--output", str(target))
    assert result.code == 1
    assert result.err.startswith(f"error: cannot write {target}: "), result.err
    assert result.err.count("\n") == 1
    assert list(tmp_path.iterdir()) == []


def test_an_output_whose_fsync_fails_names_the_file(
    run: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("os.fsync", full)
    target = tmp_path / "frames.csv"
    result = run("frames", "export", JOB_ID, "--format", "csv", "--output", str(target))
    assert result.code == 1
    assert result.err == f"error: cannot write {target}: No space left on device\n"
    assert list(tmp_path.iterdir()) == []
