"""export: every item once and in order, JSON Lines or CSV, stdout or an atomic --output."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import httpx
import pytest

from cloudglue_client.cli import main

from .conftest import Runner
from .fake import JOB_ID, SEG_ID, FakeAPI, item_id


def frame_ids(api: FakeAPI) -> list[str]:
    return [item_id(1, i) for i in range(api.total_frames)]


def test_frames_jsonl_to_stdout_across_pages(run: Runner, api: FakeAPI) -> None:
    result = run("frames", "export", JOB_ID)
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    records = [json.loads(line) for line in lines]
    assert [r["id"] for r in records] == frame_ids(api)  # every frame once, in order
    assert records[3] == {"id": item_id(1, 3), "thumbnail_url": "https://t/3.jpg", "timestamp": 1.5}
    assert lines[0].startswith('{"id":')  # compact, sorted keys
    pages = sorted(p for p in api.paths() if "limit=" in p)
    assert len(pages) == 3  # 250 frames in pages of 100
    assert result.err == ""


def test_segments_csv_to_stdout(run: Runner, api: FakeAPI) -> None:
    result = run("segmentations", "export", SEG_ID, "--format", "csv")
    assert result.code == 0, result.err
    table = list(csv.reader(io.StringIO(result.out)))
    assert table[0] == ["id", "start_time", "end_time", "thumbnail_url"]
    assert [row[0] for row in table[1:]] == [item_id(2, i) for i in range(api.total_segments)]
    assert table[2] == [item_id(2, 1), "2.0", "4.0", ""]


def test_frames_csv_to_file(run: Runner, api: FakeAPI, tmp_path: Path) -> None:
    target = tmp_path / "frames.csv"
    result = run("frames", "export", JOB_ID, "--format", "csv", "--output", str(target))
    assert result.code == 0, result.err
    assert result.out == "" and result.err == ""  # quiet when not on a terminal
    table = list(csv.reader(target.open(newline="")))
    assert table[0] == ["id", "timestamp", "thumbnail_url"]
    assert [row[0] for row in table[1:]] == frame_ids(api)
    assert [p.name for p in tmp_path.iterdir()] == ["frames.csv"]


def test_segments_jsonl_to_file_on_a_terminal_says_how_many(
    run: Runner, api: FakeAPI, tmp_path: Path
) -> None:
    target = tmp_path / "segments.jsonl"
    result = run("segmentations", "export", SEG_ID, "-o", str(target), tty=True)
    assert result.code == 0, result.err
    assert len(target.read_text().splitlines()) == api.total_segments
    assert result.err == f"wrote {api.total_segments} segments to {target}\n"


@pytest.mark.parametrize("existing", [False, True])
def test_failure_mid_export_leaves_no_file(
    run: Runner, api: FakeAPI, tmp_path: Path, existing: bool
) -> None:
    target = tmp_path / "frames.jsonl"
    if existing:
        target.write_text("previous export\n")
    api.fail_offset = 200  # pages 0 and 100 arrive and are written first
    result = run("--max-retries", "0", "frames", "export", JOB_ID, "--output", str(target))
    assert result.code == 3
    assert result.err.startswith("error: 500 GET ")
    if existing:
        assert target.read_text() == "previous export\n"  # untouched
        assert [p.name for p in tmp_path.iterdir()] == ["frames.jsonl"]
    else:
        assert list(tmp_path.iterdir()) == []  # neither the file nor a temporary one


def test_unwritable_output_is_exit_1(run: Runner, tmp_path: Path) -> None:
    result = run("frames", "export", JOB_ID, "-o", str(tmp_path / "missing" / "x.jsonl"))
    assert result.code == 1
    assert result.err.startswith("error: cannot write ") and "\n" not in result.err[:-1]


def test_export_waits_first(run: Runner, api: FakeAPI) -> None:
    api.statuses[JOB_ID] = ["pending", "processing", "completed"]
    result = run("frames", "export", JOB_ID, "--wait", "--wait-timeout", "30")
    assert result.code == 0, result.err
    assert len(result.out.splitlines()) == api.total_frames


def test_export_of_an_unfinished_job_is_a_job_error(run: Runner, api: FakeAPI) -> None:
    api.statuses[SEG_ID] = ["processing"]
    result = run("segmentations", "export", SEG_ID)
    assert result.code == 4
    assert result.out == ""
    assert result.err == (
        f"error: job {SEG_ID} is processing, not completed: wait for it first (or use --wait)\n"
    )


@pytest.mark.parametrize("wait", [False, True])
def test_export_of_a_not_applicable_segmentation_is_zero_rows(
    run: Runner, api: FakeAPI, wait: bool
) -> None:
    api.statuses[SEG_ID] = ["processing", "not_applicable"] if wait else ["not_applicable"]
    flags = ["--wait", "--timeout", "30"] if wait else []
    result = run("segmentations", "export", SEG_ID, "--format", "csv", *flags)
    assert result.code == 0, result.err
    assert result.out == "id,start_time,end_time,thumbnail_url\n"  # the header, no rows
    assert not any("limit=" in p and "offset=100" in p for p in api.paths())


def test_interrupted_export_leaves_no_file(run: Runner, api: FakeAPI, tmp_path: Path) -> None:
    serve = api.handle

    def interrupt(request: httpx.Request) -> httpx.Response:
        if request.url.params.get("offset") == "100":
            raise KeyboardInterrupt
        return serve(request)

    api.handle = interrupt  # type: ignore[method-assign]
    result = run("frames", "export", JOB_ID, "-o", str(tmp_path / "out.jsonl"))
    assert result.code == 130
    assert result.err == "error: interrupted\n"
    assert list(tmp_path.iterdir()) == []


class ClosedPipe(io.StringIO):
    """stdout whose reader went away after a few lines (like `| head`)."""

    def write(self, text: str) -> int:
        if self.tell() > 200:
            raise BrokenPipeError(32, "Broken pipe")
        return super().write(text)


def test_closed_pipe_is_quiet(api: FakeAPI, monkeypatch: pytest.MonkeyPatch) -> None:
    err = io.StringIO()
    monkeypatch.setattr(sys, "stdout", ClosedPipe())
    monkeypatch.setattr(sys, "stderr", err)
    with api.client() as http:
        assert main(["frames", "export", JOB_ID], http_client=http) == 1
    assert err.getvalue() == ""
