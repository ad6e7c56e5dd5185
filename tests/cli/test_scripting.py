"""The CLI in scripts: ids-only output, tables that fit 80 columns, one meaning per option."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cloudglue_client.cli._views import FILE, Column, table_lines

from .conftest import Runner
from .fake import FILE_ID, JOB_ID, NEW_FILE_ID, SEG_ID, FakeAPI, item_id

LONG_NAME = "a-very-long-recording-name-from-the-conference-keynote-2026-final-v3.mp4"

COMMANDS = [
    ["files", "list"],
    ["files", "get", FILE_ID],
    ["frames", "create", FILE_ID, "--fps", "2.5", "--start", "1.25", "--end", "99.5"],
    ["frames", "get", JOB_ID, "--limit", "5"],
    ["frames", "list", FILE_ID],
    ["segmentations", "create", FILE_ID, "--strategy", "shot-detector", "--min-seconds", "2",
     "--max-seconds", "30", "--threshold", "27.5", "--fill-gaps", "--start", "1", "--end", "9"],
    ["segmentations", "get", SEG_ID, "--limit", "5"],
    ["segmentations", "list", FILE_ID],
    ["segmentations", "thumbnails", SEG_ID],
    ["files", "update", FILE_ID, "--metadata", '{"team": "video", "reviewed": true}'],
    ["files", "thumbnails", FILE_ID],
    ["files", "segments", FILE_ID],
    ["segments", "get", FILE_ID, item_id(7, 0)],
    ["segments", "update", FILE_ID, item_id(7, 0), "--metadata", '{"label": "x" }'],
]  # fmt: skip


@pytest.mark.parametrize("argv", COMMANDS, ids=[" ".join(c[:2]) for c in COMMANDS])
def test_every_table_fits_80_columns(run: Runner, argv: list[str]) -> None:
    result = run(*argv)
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert len(lines) >= 2
    assert max(len(line) for line in lines) <= 80
    assert lines[0].startswith("ID ")


def test_a_long_file_name_is_cut_not_wrapped(run: Runner, tmp_path: Path) -> None:
    video = tmp_path / LONG_NAME
    video.write_bytes(b"x")
    result = run("files", "upload", str(video))
    header, row = result.out.splitlines()
    assert len(row) <= 80 and len(header) <= 80
    assert row.startswith(NEW_FILE_ID)
    assert "a-very-long-recording" in row and LONG_NAME not in row
    assert "~" in row  # the cut is marked (an ellipsis where the terminal can show one)


def test_a_wide_terminal_gets_every_column(run: Runner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "160")
    header = run("files", "list").out.splitlines()[0].split()
    assert header == [
        "ID", "STATUS", "CREATED", "FILENAME", "TYPE", "DURATION", "BYTES", "METADATA",
    ]  # fmt: skip


def test_table_fitting_drops_optional_columns_before_cutting() -> None:
    class Item:
        id = "x" * 36
        status = "completed"
        created_at = 1767225600000
        filename = "f" * 50
        media_type = None
        media_info = None
        video_info = None
        bytes_ = 10

    lines = list(table_lines([Item()], FILE, width=80))
    assert lines[0].split() == ["ID", "STATUS", "FILENAME", "DURATION"]
    assert "f" * 16 in lines[1] and "f" * 50 not in lines[1]
    assert all(len(line) <= 80 for line in lines)
    narrow = list(table_lines([Item()], FILE, width=40, cut="~"))
    assert all(len(line) <= 40 for line in narrow) and narrow[1].endswith("~")
    only = (Column("ID", lambda item: item.id),)
    assert list(table_lines([Item()], only, width=80))[1] == "x" * 36


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["files", "list", "--quiet"], [FILE_ID, item_id(3, 1), item_id(3, 2)]),
        (["-q", "frames", "list", FILE_ID], [item_id(4, 0), item_id(4, 1), item_id(4, 2)]),
        (["segmentations", "create", FILE_ID, "--strategy", "uniform", "--window", "2", "-q"],
         [SEG_ID]),
        (["frames", "create", FILE_ID, "--wait", "-q"], [JOB_ID]),
        (["frames", "get", JOB_ID, "-q"], [JOB_ID]),
    ],
)  # fmt: skip
def test_quiet_prints_only_ids(run: Runner, argv: list[str], expected: list[str]) -> None:
    result = run(*argv, tty=True)
    assert result.code == 0, result.err
    assert result.out.splitlines()[: len(expected)] == expected
    assert all(len(line) == 36 for line in result.out.splitlines())
    assert result.err == ""  # no progress line either, even on a terminal


def test_quiet_upload_feeds_the_next_command(run: Runner, tmp_path: Path) -> None:
    video = tmp_path / "v.mp4"
    video.write_bytes(b"x")
    file_id = run("files", "upload", str(video), "-q").out.strip()
    assert file_id == NEW_FILE_ID
    assert run("frames", "create", file_id, "-q").out.strip() == JOB_ID


def test_json_and_quiet_together_is_a_usage_error(run: Runner, api: FakeAPI) -> None:
    result = run("--json", "files", "list", "-q")
    assert result.code == 2
    assert "--json and --quiet cannot be combined" in result.err
    assert api.requests == []


def test_http_timeout_bounds_each_request(run: Runner, api: FakeAPI) -> None:
    for argv in (["--http-timeout", "7", "files", "get", FILE_ID],
                 ["files", "get", FILE_ID, "--http-timeout", "7"]):  # fmt: skip
        api.requests.clear()
        result = run(*argv)
        assert result.code == 0, result.err and result.err == ""
        assert api.requests[0].extensions["timeout"]["read"] == 7.0


def test_wait_timeout_bounds_the_wait(run: Runner, api: FakeAPI) -> None:
    api.statuses[JOB_ID] = ["processing"]
    result = run("frames", "wait", JOB_ID, "--wait-timeout", "12", "--http-timeout", "3")
    assert result.code == 4
    assert f"job {JOB_ID} still processing after 12s" in result.err
    assert api.requests[0].extensions["timeout"]["read"] == 3.0


def test_the_old_timeout_keeps_each_meaning_with_a_note(run: Runner, api: FakeAPI) -> None:
    before = run("--timeout", "7", "files", "get", FILE_ID, "--json")
    assert before.code == 0
    assert json.loads(before.out)["id"] == FILE_ID
    assert before.err == "note: --timeout here is deprecated; use --http-timeout\n"
    assert api.requests[-1].extensions["timeout"]["read"] == 7.0

    api.statuses[JOB_ID] = ["processing"]
    after = run("frames", "wait", JOB_ID, "--timeout", "12")
    assert after.code == 4
    assert after.err.startswith("note: --timeout here is deprecated; use --wait-timeout\n")
    assert "still processing after 12s" in after.err


def test_the_help_names_both_timeouts(run: Runner) -> None:
    top = run("--help")
    assert "--http-timeout S" in top.out and "--wait-timeout" in top.out
    wait = run("frames", "wait", "--help")
    assert "--wait-timeout S" in wait.out  # its own option
    assert "each HTTP request: --http-timeout" in " ".join(wait.out.split())  # named, once
    assert "--timeout" not in wait.out.replace("--wait-timeout", "").replace("--http-timeout", "")
