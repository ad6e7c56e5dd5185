"""--output naming something other than a plain file: a symlink, or a named pipe, device or
terminal (`-o /dev/null`, `-o /dev/stdout`). The export goes where the name leads. Writing a
temporary file and renaming it over the name replaced the link itself (its target kept the old
export) and replaced a FIFO or device node with a regular file: run as root, `-o /dev/null`
turned /dev/null into a file holding the export."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest

from tests.support.fakeapi import JOB_ID

from .conftest import Runner
from .fake import FakeAPI


def test_an_output_that_is_a_symlink_writes_its_target_and_keeps_the_link(
    run: Runner, api: FakeAPI, tmp_path: Path
) -> None:
    (tmp_path / "exports").mkdir()
    real = tmp_path / "exports" / "2026.jsonl"
    real.write_text("previous export\n")
    link = tmp_path / "latest.jsonl"
    link.symlink_to(Path("exports") / "2026.jsonl")
    result = run("frames", "export", JOB_ID, "--output", str(link))
    assert result.code == 0, result.err
    assert link.is_symlink()
    assert len(real.read_text().splitlines()) == api.total_frames
    assert sorted(p.name for p in (tmp_path / "exports").iterdir()) == ["2026.jsonl"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_an_output_that_is_a_named_pipe_is_written_into_it(
    run: Runner, api: FakeAPI, tmp_path: Path
) -> None:
    fifo = tmp_path / "frames.pipe"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    keeper = os.open(fifo, os.O_WRONLY)  # no end of file before the command has written
    os.set_blocking(reader, True)
    received: list[bytes] = []

    def read_all() -> None:
        while chunk := os.read(reader, 65536):
            received.append(chunk)

    thread = threading.Thread(target=read_all, daemon=True)
    thread.start()
    try:
        result = run("frames", "export", JOB_ID, "--output", str(fifo))
    finally:
        os.close(keeper)
        thread.join(timeout=30)
        os.close(reader)
    assert result.code == 0, result.err
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert len(b"".join(received).splitlines()) == api.total_frames
    assert [p.name for p in tmp_path.iterdir()] == ["frames.pipe"]


def test_an_export_over_a_private_file_keeps_it_private(
    run: Runner, api: FakeAPI, tmp_path: Path
) -> None:
    """A file replaced by a new export keeps its permission bits: one its owner made private
    (its rows carry thumbnail URLs, which may be signed) does not become readable by all."""
    target = tmp_path / "frames.jsonl"
    target.write_text("previous export\n")
    target.chmod(0o600)
    result = run("frames", "export", JOB_ID, "--output", str(target))
    assert result.code == 0, result.err
    assert len(target.read_text().splitlines()) == api.total_frames
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
