"""Progress lines: rewritten in place on a terminal, absent when stderr is not one."""

from __future__ import annotations

from pathlib import Path

from tests.support.clock import FakeClock

from .conftest import Runner
from .fake import FILE_ID, JOB_ID, NEW_FILE_ID, SEG_ID, FakeAPI


def test_wait_on_a_terminal_rewrites_one_line(run: Runner, api: FakeAPI) -> None:
    api.statuses[JOB_ID] = ["pending", "pending", "processing", "processing", "completed"]
    result = run("frames", "wait", JOB_ID, tty=True)
    assert result.code == 0
    updates = result.err.split("\r")[1:]
    statuses = [u.split(": ")[1].split(" (")[0] for u in updates]
    assert [s for i, s in enumerate(statuses) if i == 0 or s != statuses[i - 1]] == [
        "pending",
        "processing",
        "completed",
    ]
    assert updates[0].startswith(f"frame extraction {JOB_ID}: pending (0s)")
    assert updates[-1].rstrip().endswith("s)")
    assert result.err.endswith("\n") and result.err.count("\n") == 1  # one line, then newline
    elapsed = [int(u.rsplit("(", 1)[1].split("s)")[0]) for u in updates]
    assert elapsed == sorted(elapsed) and elapsed[-1] > 0  # fake seconds slept while polling
    # The heartbeat: the clock on the line ticks every second, polls or not.
    assert sorted(set(elapsed)) == list(range(elapsed[-1] + 1))
    # A shorter status overwrites a longer one completely.
    widths = [len(u.rstrip("\n")) for u in updates]
    assert widths == sorted(widths)


def test_wait_when_piped_prints_no_progress(run: Runner, api: FakeAPI) -> None:
    api.statuses[SEG_ID] = ["pending", "processing", "completed"]
    result = run("segmentations", "wait", SEG_ID)
    assert result.code == 0 and result.err == ""


def test_create_wait_progress_then_error_on_a_fresh_line(run: Runner, api: FakeAPI) -> None:
    api.statuses[JOB_ID] = ["pending", "processing", "failed"]
    result = run("frames", "create", FILE_ID, "--wait", tty=True)
    assert result.code == 4
    progress, error = result.err.split("\n")[:2]
    assert progress.startswith("\rframe extraction") and "failed" in progress
    assert error == f"error: job {JOB_ID} failed: decoder gave up"


def test_upload_wait_progress(run: Runner, api: FakeAPI, tmp_path: Path) -> None:
    video = tmp_path / "v.mp4"
    video.write_bytes(b"x")
    api.statuses[NEW_FILE_ID] = ["pending", "processing", "completed"]
    result = run("files", "upload", str(video), "--wait", tty=True)
    assert result.code == 0
    upload, wait = result.err.split("\n")[:2]
    assert upload == "\rupload v.mp4: 1 B of 1 B (100%)"
    assert wait.startswith(f"\rfile {NEW_FILE_ID}: processing")
    assert "completed" in wait


def test_already_finished_job_is_not_polled(run: Runner, api: FakeAPI) -> None:
    api.statuses[SEG_ID] = ["completed"]
    args = ["--strategy", "uniform", "--window", "2", "--wait"]
    result = run("segmentations", "create", FILE_ID, *args, tty=True)
    assert result.code == 0 and result.err == ""
    assert [r.method for r in api.requests] == ["POST"]


def test_a_long_wait_ticks_each_second(run: Runner, api: FakeAPI, clock: FakeClock) -> None:
    api.statuses[JOB_ID] = ["processing"] * 8 + ["completed"]
    result = run("frames", "wait", JOB_ID, tty=True)
    assert result.code == 0
    shown = [u.split(": ")[1].rstrip() for u in result.err.split("\r")[1:]]
    ticks = [int(text.split("(")[1].rstrip("s)")) for text in shown]
    assert ticks == list(range(ticks[-1] + 1)) and ticks[-1] >= 20  # no frozen "(0s)"
    assert len(api.requests) == 9  # the ticks cost no requests


def test_upload_progress_of_a_large_file(run: Runner, api: FakeAPI, tmp_path: Path) -> None:
    video = tmp_path / "big.mp4"
    video.write_bytes(b"v" * (3 * 1024 * 1024))
    result = run("files", "upload", str(video), tty=True)
    assert result.code == 0
    shown = [u.rstrip("\n").rstrip() for u in result.err.split("\r")[1:]]
    assert shown[0] == "upload big.mp4: 64.0 KiB of 3.0 MiB (2%)"
    assert shown[-1] == "upload big.mp4: 3.0 MiB of 3.0 MiB (100%)"
    assert len(shown) == len(set(shown)) <= 101  # only changes are drawn


def test_quiet_shows_no_progress(run: Runner, api: FakeAPI, tmp_path: Path) -> None:
    video = tmp_path / "v.mp4"
    video.write_bytes(b"x")
    api.statuses[NEW_FILE_ID] = ["pending", "completed"]
    result = run("files", "upload", str(video), "--wait", "-q", tty=True)
    assert result.code == 0 and result.err == ""
    assert result.out == f"{NEW_FILE_ID}\n"
