"""Ctrl-C during a wait names the job and the command that waits again; -q means ids in every
command; the global options are listed once, in the top-level help."""

from __future__ import annotations

import json
import re
from pathlib import Path

import httpx
import pytest

import cloudglue_client._clock as _clock
from cloudglue_client.cli._parser import GLOBAL_OPTIONS, command_table

from .conftest import API_KEY, Runner
from .fake import FILE_ID, JOB_ID, NEW_FILE_ID, SEG_ID, FakeAPI, item_id

UNIFORM = ["--strategy", "uniform", "--window", "2"]

#: Every way a command waits: argv ("{dir}" and "{video}" are filled in), group, noun, job id.
WAITS = [
    (["frames", "create", FILE_ID, "--wait"], "frames", "frame extraction", JOB_ID),
    (["frames", "wait", JOB_ID], "frames", "frame extraction", JOB_ID),
    (["frames", "export", JOB_ID, "--wait"], "frames", "frame extraction", JOB_ID),
    (["frames", "download", JOB_ID, "{dir}", "--wait"], "frames", "frame extraction", JOB_ID),
    (["segmentations", "create", FILE_ID, *UNIFORM, "--wait"], "segmentations", "segmentation",
     SEG_ID),
    (["segmentations", "wait", SEG_ID], "segmentations", "segmentation", SEG_ID),
    (["segmentations", "export", SEG_ID, "--wait", "-o", "{dir}/s.csv"], "segmentations",
     "segmentation", SEG_ID),
    (["segmentations", "download", SEG_ID, "{dir}", "--wait"], "segmentations", "segmentation",
     SEG_ID),
    (["files", "upload", "{video}", "--wait"], "files", "file", NEW_FILE_ID),
    (["files", "wait", FILE_ID], "files", "file", FILE_ID),
]  # fmt: skip


def ctrl_c_while_sleeping(monkeypatch: pytest.MonkeyPatch) -> None:
    """The first sleep between two polls is interrupted, as Ctrl-C interrupts time.sleep."""

    def interrupted(seconds: float, wake: object = None) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(_clock, "sleep", interrupted)


def fill(argv: list[str], tmp_path: Path) -> list[str]:
    video = tmp_path / "clip.mp4"
    video.write_bytes(b"x")
    return [a.replace("{dir}", str(tmp_path)).replace("{video}", str(video)) for a in argv]


@pytest.mark.parametrize(
    ("argv", "group", "noun", "job_id"), WAITS, ids=[" ".join(w[0][:2]) for w in WAITS]
)
def test_ctrl_c_in_a_wait_names_the_job_and_how_to_wait_again(
    run: Runner,
    api: FakeAPI,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    argv: list[str],
    group: str,
    noun: str,
    job_id: str,
) -> None:
    api.statuses[job_id] = ["pending"]
    ctrl_c_while_sleeping(monkeypatch)
    result = run(*fill(argv, tmp_path), "-q", tty=True)
    assert result.code == 130
    assert result.out == ""  # -q: stdout stays clean for the script reading it
    assert result.err == (
        f"interrupted: stopped waiting for {noun} {job_id}; it goes on on the server\n"
        f"to wait for it again: cloudglue-client {group} wait {job_id} --quiet\n"
    )
    assert sum(r.method == "POST" for r in api.requests) <= 1  # nothing started twice


def test_the_command_that_waits_again_keeps_this_runs_options_but_not_the_key(
    run: Runner, api: FakeAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    api.statuses[JOB_ID] = ["processing"]
    ctrl_c_while_sleeping(monkeypatch)
    monkeypatch.delenv("CLOUDGLUE_API_KEY", raising=False)
    result = run(
        "--api-key", API_KEY, "--base-url", "https://other.test/v1", "--http-timeout",
        "12345.678", "frames", "wait", JOB_ID, "--wait-timeout", "86400.25", "--json",
        "--max-retries", "1",
    )  # fmt: skip
    assert result.code == 130
    *_, resume, note = result.err.splitlines()
    assert resume.removeprefix("to wait for it again: ") == (
        "cloudglue-client --base-url https://other.test/v1 --max-retries 1 --http-timeout "
        f"12345.678 frames wait {JOB_ID} --wait-timeout 86400.25 --json"
    )  # the values as typed, not rounded to 6 digits
    # The key came from the command line: the command needs it again, and says so.
    assert note == "(the API key is not repeated: set CLOUDGLUE_API_KEY, or give it again)"
    assert "--api-key" not in result.err  # the Runner checks the key itself is never printed


def test_on_a_terminal_the_progress_line_ends_before_the_message(
    run: Runner, api: FakeAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    api.statuses[JOB_ID] = ["pending"]
    ctrl_c_while_sleeping(monkeypatch)
    result = run("frames", "create", FILE_ID, "--wait", tty=True)
    progress, message, resume, end = result.err.split("\n")
    assert progress.startswith(f"\rframe extraction {JOB_ID}: pending")
    assert message.startswith("interrupted: stopped waiting for frame extraction")
    assert resume == f"to wait for it again: cloudglue-client frames wait {JOB_ID}"
    assert end == ""
    assert result.code == 130


def test_ctrl_c_inside_a_poll_request_is_caught_as_well(run: Runner, api: FakeAPI) -> None:
    serve = api.handle

    def interrupt_polls(request: httpx.Request) -> httpx.Response:
        if request.method == "GET":
            raise KeyboardInterrupt  # as if Ctrl-C came while the poll's response was awaited
        return serve(request)

    api.handle = interrupt_polls  # type: ignore[method-assign]
    args = ["segmentations", "create", FILE_ID, *UNIFORM, "--wait"]
    result = run(*args)
    assert result.code == 130
    assert result.err.splitlines() == [
        f"interrupted: stopped waiting for segmentation {SEG_ID}; it goes on on the server",
        f"to wait for it again: cloudglue-client segmentations wait {SEG_ID}",
    ]


def test_ctrl_c_before_the_server_answered_is_a_plain_interruption(
    run: Runner, api: FakeAPI
) -> None:
    def interrupt(request: httpx.Request) -> httpx.Response:
        raise KeyboardInterrupt

    api.handle = interrupt  # type: ignore[method-assign]
    result = run("frames", "create", FILE_ID, "--wait")
    assert result.code == 130
    assert result.err == "error: interrupted\n"  # no job id was known yet


def test_files_wait_polls_until_processed(run: Runner, api: FakeAPI) -> None:
    api.statuses[FILE_ID] = ["processing", "completed"]
    result = run("files", "wait", FILE_ID, "--wait-timeout", "30", "-q")
    assert result.code == 0, result.err
    assert result.out == f"{FILE_ID}\n"
    assert [r.method for r in api.requests] == ["GET", "GET"]


def test_download_checks_its_directory_before_waiting(
    run: Runner, api: FakeAPI, tmp_path: Path
) -> None:
    taken = tmp_path / "a-file"
    taken.write_text("x")
    result = run("frames", "download", JOB_ID, str(taken), "--wait")
    assert result.code == 2
    assert "exists and is not a directory" in result.err
    assert api.requests == []


# -- -q means ids


#: Every command that prints models, with -q: the ids it must print.
QUIET = {
    ("files", "upload"): (["{video}"], [NEW_FILE_ID]),
    ("files", "list"): (["--limit", "2"], [FILE_ID, item_id(3, 1)]),
    ("files", "get"): ([FILE_ID], [FILE_ID]),
    ("files", "wait"): ([FILE_ID], [FILE_ID]),
    ("files", "delete"): ([FILE_ID], [FILE_ID]),
    ("frames", "create"): ([FILE_ID], [JOB_ID]),
    ("frames", "get"): ([JOB_ID], [JOB_ID]),
    ("frames", "list"): ([FILE_ID], [item_id(4, i) for i in range(3)]),
    ("frames", "wait"): ([JOB_ID], [JOB_ID]),
    ("frames", "delete"): ([JOB_ID], [JOB_ID]),
    ("frames", "export"): ([JOB_ID], [item_id(1, i) for i in range(250)]),
    ("segmentations", "create"): ([FILE_ID, *UNIFORM], [SEG_ID]),
    ("segmentations", "get"): ([SEG_ID], [SEG_ID]),
    ("segmentations", "list"): ([FILE_ID], [item_id(5, i) for i in range(2)]),
    ("segmentations", "wait"): ([SEG_ID], [SEG_ID]),
    ("segmentations", "delete"): ([SEG_ID], [SEG_ID]),
    ("segmentations", "export"): ([SEG_ID], [item_id(2, i) for i in range(130)]),
    ("segmentations", "thumbnails"): ([SEG_ID, "--limit", "3"], [item_id(6, i) for i in range(3)]),
    ("files", "update"): ([FILE_ID, "--filename", "x.mp4"], [FILE_ID]),
    ("files", "thumbnails"): ([FILE_ID], [item_id(6, i) for i in range(9)]),
    ("files", "segments"): ([FILE_ID], [item_id(7, i) for i in range(6)]),
    ("segments", "get"): ([FILE_ID, item_id(7, 2)], [item_id(7, 2)]),
    ("segments", "update"): ([FILE_ID, item_id(7, 2), "--metadata", "{}"], [item_id(7, 2)]),
}
#: Commands whose -q output is not an id, and why.
NOT_IDS = {
    ("frames", "download"): "the manifest's path (a download makes no new ids)",
    ("segmentations", "download"): "the manifest's path",
}


def test_every_command_has_a_decided_quiet_output() -> None:
    table = {(g, c.name) for g, (_, commands) in command_table().items() for c in commands}
    assert table == set(QUIET) | set(NOT_IDS)


@pytest.mark.parametrize("command", list(QUIET), ids=" ".join)
def test_quiet_prints_ids_and_nothing_else(
    run: Runner, tmp_path: Path, command: tuple[str, str]
) -> None:
    args, expected = QUIET[command]
    result = run(*command, *fill(args, tmp_path), "-q", tty=True)
    assert result.code == 0, result.err
    assert result.out.splitlines() == expected
    assert result.err == ""


def test_quiet_export_to_a_file_writes_ids(run: Runner, api: FakeAPI, tmp_path: Path) -> None:
    target = tmp_path / "ids.txt"
    result = run("segmentations", "export", SEG_ID, "-q", "-o", str(target))
    assert result.code == 0 and result.out == ""
    assert target.read_text().splitlines() == [item_id(2, i) for i in range(api.total_segments)]


def test_quiet_export_refuses_a_format(run: Runner, api: FakeAPI) -> None:
    result = run("frames", "export", JOB_ID, "--format", "csv", "-q")
    assert result.code == 2
    assert result.err == "error: --quiet exports ids, one per line: leave out --format\n"
    assert api.requests == []


# -- help


def test_global_options_are_listed_once_at_the_top(run: Runner) -> None:
    top = run("--help").out
    for flag in ("--api-key KEY", "--base-url URL", "--max-retries N", "--http-timeout S",
                 "--json", "--quiet, -q", "--debug"):  # fmt: skip
        assert len(re.findall(rf"^  {re.escape(flag)}", top, flags=re.M)) == 1, flag
    assert len(GLOBAL_OPTIONS) == 7


@pytest.mark.parametrize(
    "command",
    [(g, c.name) for g, (_, commands) in command_table().items() for c in commands],
    ids=" ".join,
)
def test_subcommand_help_shows_its_own_options_and_points_to_the_globals(
    run: Runner, command: tuple[str, str]
) -> None:
    result = run(*command, "--help")
    assert result.code == 0
    *body, pointer = result.out.rstrip("\n").split("\n")
    assert pointer == "global options (--api-key, --json, --quiet, ...) and exit codes: " + (
        "cloudglue-client --help"
    )
    text = "\n".join(body)
    for flag in ("--api-key", "--base-url", "--max-retries", "--debug", "--json", "--quiet"):
        assert flag not in text, flag
    assert "exit codes:\n" not in text
    assert "\noptions:\n  -h, --help" in text  # then its own options, then its groups


def test_global_options_still_work_after_the_command(run: Runner, api: FakeAPI) -> None:
    result = run("frames", "get", JOB_ID, "--base-url", "https://other.test/v1", "-q")
    assert result.code == 0 and result.out == f"{JOB_ID}\n"
    assert str(api.requests[0].url).startswith("https://other.test/v1/frames/")


def test_download_summary_in_each_output_mode(run: Runner, api: FakeAPI, tmp_path: Path) -> None:
    api.total_frames = 3  # their thumbnails (https://t/N.jpg) answer 404 here
    as_json = run("frames", "download", JOB_ID, str(tmp_path / "j"), "--json")
    assert as_json.code == 3 and as_json.err == "error: 3 images could not be downloaded\n"
    summary = json.loads(as_json.out)
    assert sorted(summary) == [
        "bytes", "directory", "downloaded", "failed", "manifest", "skipped", "total",
    ]  # fmt: skip
    assert summary["total"] == 3 and summary["downloaded"] == 0
    assert summary["manifest"] == str(tmp_path / "j" / "manifest.jsonl")
    assert sorted(summary["failed"][0]) == ["id", "path", "reason", "status_code"]
    assert summary["failed"][0]["status_code"] == 404

    table = run("frames", "download", JOB_ID, str(tmp_path / "t"))
    assert table.code == 3
    *failures, total = table.out.splitlines()
    assert len(failures) == 3 and all(f.startswith("failed: ") for f in failures)
    assert total.startswith("0 downloaded, 0 skipped") and total.endswith("manifest.jsonl")

    quiet = run("frames", "download", JOB_ID, str(tmp_path / "q"), "-q")
    assert quiet.code == 3 and quiet.out == f"{tmp_path / 'q' / 'manifest.jsonl'}\n"


def test_download_failure_lines_cannot_drive_the_terminal(
    run: Runner, api: FakeAPI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An image host's error text is printed in the summary with its control characters
    replaced, as table cells and error lines are."""
    api.total_frames = 2
    answer = api.answer

    def hostile_images(request: httpx.Request) -> httpx.Response:
        if request.url.host == "t":  # the thumbnails' host
            return httpx.Response(404, json={"error": "gone\x1b]0;owned\x07\x1b[2J"})
        return answer(request)

    monkeypatch.setattr(api, "answer", hostile_images)
    result = run("frames", "download", JOB_ID, str(tmp_path / "out"))
    assert result.code == 3
    *failures, _ = result.out.splitlines()
    assert len(failures) == 2 and all("gone" in line for line in failures)
    assert "\x1b" not in result.out and "\x07" not in result.out
