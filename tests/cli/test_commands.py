"""Every subcommand, as a table and as --json, against the fake API."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from cloudglue_client.cli._strategies import STRATEGIES
from cloudglue_client.cli._views import text
from cloudglue_openapi.constraints import field

from .conftest import Runner
from .fake import FILE_ID, JOB_ID, NEW_FILE_ID, SEG_ID, FakeAPI


def rows(text: str) -> list[list[str]]:
    """A table's lines split on its column gaps."""
    return [re.split(r"\s{2,}", line.strip()) for line in text.splitlines() if line.strip()]


def sent_json(api: FakeAPI, method: str = "POST") -> dict[str, object]:
    request = next(r for r in api.requests if r.method == method)
    return dict(json.loads(request.content))


# -- files


def test_files_upload_table(
    run: Runner, api: FakeAPI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")  # wide enough for every column
    video = tmp_path / "clip.mp4"
    video.write_bytes(b"\x00" * 64)
    result = run("files", "upload", str(video), "--metadata", '{"project": "x"}')
    assert result.code == 0, result.err
    header, row = rows(result.out)
    assert header == [
        "ID", "STATUS", "CREATED", "FILENAME", "TYPE", "DURATION", "BYTES", "METADATA",
    ]  # fmt: skip
    assert row[:4] == [NEW_FILE_ID, "pending", "2026-01-01T00:00:00Z", "clip.mp4"]
    body = api.requests[0].content
    assert b'{"project": "x"}' in body and b"clip.mp4" in body


@pytest.mark.parametrize("columns", ["\u00b2", "wide", "-5"])
def test_a_columns_setting_that_is_no_number_is_ignored(
    run: Runner, monkeypatch: pytest.MonkeyPatch, columns: str
) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    result = run("files", "list")
    assert result.code == 0, result.err
    assert max(len(line) for line in result.out.splitlines()) <= 80  # the default width


def test_files_upload_wait_json(run: Runner, api: FakeAPI, tmp_path: Path) -> None:
    video = tmp_path / "clip.mp4"
    video.write_bytes(b"data")
    api.statuses[NEW_FILE_ID] = ["pending", "processing", "completed"]
    result = run("files", "upload", str(video), "--wait", "--json")
    assert result.code == 0, result.err
    assert json.loads(result.out)["status"] == "completed"
    assert [r.method for r in api.requests] == ["POST", "GET", "GET"]
    assert result.err == ""  # not a terminal: no progress at all


def test_files_list_table_and_limit(run: Runner, api: FakeAPI) -> None:
    result = run("files", "list")
    assert result.code == 0
    table = rows(result.out)
    assert len(table) == 1 + api.total_files
    assert table[1][0] == FILE_ID
    # Columns line up: every row starts each column at the same offset as the header.
    lines = result.out.splitlines()
    assert len({line.index("completed") for line in lines[1:]}) == 1
    assert lines[0].index("STATUS") == lines[1].index("completed")

    api.requests.clear()
    limited = run("files", "list", "--limit", "3", "--status", "completed", "--json")
    assert [f["filename"] for f in json.loads(limited.out)] == [
        "clip-0.mp4",
        "clip-1.mp4",
        "clip-2.mp4",
    ]
    assert api.paths() == ["GET /v1/files?status=completed&limit=3&offset=0"]


def test_files_list_json_is_a_sorted_list(run: Runner, api: FakeAPI) -> None:
    result = run("--json", "files", "list")
    items = json.loads(result.out)
    assert len(items) == api.total_files
    assert list(items[0]) == sorted(items[0])
    assert run("files", "list", "--json").out == result.out  # --json after the command too


def test_files_get_and_delete(run: Runner) -> None:
    got = run("files", "get", FILE_ID)
    assert rows(got.out)[1][:2] == [FILE_ID, "completed"]
    assert json.loads(run("files", "get", FILE_ID, "--json").out)["id"] == FILE_ID
    deleted = run("files", "delete", FILE_ID)
    assert rows(deleted.out) == [["ID", "DELETED"], [FILE_ID, "yes"]]
    assert json.loads(run("files", "delete", FILE_ID, "--json").out) == {
        "id": FILE_ID,
        "object": "file",
    }


# -- frames


def test_frames_create_sends_options(
    run: Runner, api: FakeAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    result = run(
        "frames",
        "create",
        FILE_ID,
        "--fps",
        "2.5",
        "--max-width",
        "640",
        "--no-thumbnails",
        "--start",
        "1",
        "--end",
        "9",
    )
    assert result.code == 0, result.err
    assert sent_json(api) == {
        "strategy": "uniform",
        "uniform_config": {"frames_per_second": 2.5, "max_width": 640},
        "thumbnails_config": {"enable_frame_thumbnails": False},
        "start_time_seconds": 1.0,
        "end_time_seconds": 9.0,
    }
    header, row = rows(result.out)
    assert header == [
        "ID",
        "STATUS",
        "CREATED",
        "FPS",
        "MAX_WIDTH",
        "THUMBNAILS",
        "RANGE",
        "FRAMES",
    ]
    assert row == [JOB_ID, "pending", "2026-01-01T00:00:00Z", "2.5", "640", "no", "1..9", "-"]


def test_frames_create_wait_json(run: Runner, api: FakeAPI) -> None:
    api.statuses[JOB_ID] = ["pending", "processing", "completed"]
    result = run("frames", "create", FILE_ID, "--wait", "--wait-timeout", "60", "--json")
    assert result.code == 0, result.err
    job = json.loads(result.out)
    assert job["status"] == "completed" and job["frame_count"] == api.total_frames


def test_frames_get_shows_the_page(run: Runner, api: FakeAPI) -> None:
    result = run("frames", "get", JOB_ID, "--limit", "3", "--offset", "10")
    assert result.code == 0, result.err
    assert "limit=3&offset=10" in api.paths()[0]
    assert "frames 11-13 of 250" in result.out
    assert result.out.count("https://t/") == 3
    data = json.loads(run("frames", "get", JOB_ID, "--limit", "3", "--json").out)["data"]
    assert [f["timestamp"] for f in data["frames"]] == [0, 0.5, 1.0]


def test_frames_list_wait_delete(run: Runner, api: FakeAPI) -> None:
    listed = run("frames", "list", FILE_ID)
    assert len(rows(listed.out)) == 4 and rows(listed.out)[1][-1] == "250"
    assert len(json.loads(run("frames", "list", FILE_ID, "--json").out)) == 3

    api.statuses[JOB_ID] = ["processing", "completed"]
    waited = run("frames", "wait", JOB_ID)
    assert waited.code == 0 and rows(waited.out)[1][1] == "completed"
    assert json.loads(run("frames", "wait", JOB_ID, "--json").out)["status"] == "completed"

    assert rows(run("frames", "delete", JOB_ID).out)[1] == [JOB_ID, "yes"]
    assert json.loads(run("frames", "delete", JOB_ID, "--json").out) == {"id": JOB_ID}


# -- segmentations


def test_segmentations_create_uniform(
    run: Runner, api: FakeAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    result = run(
        "segmentations", "create", FILE_ID, "--strategy", "uniform", "--window", "4", "--hop", "2"
    )
    assert result.code == 0, result.err
    assert sent_json(api) == {
        "strategy": "uniform",
        "uniform_config": {"window_seconds": 4.0, "hop_seconds": 2.0},
    }
    header, row = rows(result.out)
    assert header == ["ID", "STATUS", "CREATED", "STRATEGY", "CONFIG", "THUMBNAILS", "SEGMENTS"]
    assert row[3:5] == ["uniform", "window=4 hop=2"]


def test_segmentations_create_shot_detector(run: Runner, api: FakeAPI) -> None:
    args = ["--strategy", "shot-detector", "--detector", "content", "--threshold", "20"]
    args += ["--min-seconds", "1", "--max-seconds", "30", "--no-fill-gaps", "--thumbnails"]
    result = run("segmentations", "create", FILE_ID, *args, "--json")
    assert result.code == 0, result.err
    body = sent_json(api)
    assert body["shot_detector_config"] == {
        "detector": "content",
        "threshold": 20.0,
        "min_seconds": 1.0,
        "max_seconds": 30.0,
        "fill_gaps": False,
    }
    assert body["thumbnails_config"] == {"enable_segment_thumbnails": True}
    assert json.loads(result.out)["segmentation_config"]["strategy"] == "shot-detector"


def test_segmentations_create_manual_wait(run: Runner, api: FakeAPI) -> None:
    api.statuses[SEG_ID] = ["pending", "completed"]
    result = run(
        "segmentations",
        "create",
        FILE_ID,
        "--strategy",
        "manual",
        "--range",
        "0:5",
        "--range",
        "5:12.5",
        "--wait",
    )
    assert result.code == 0, result.err
    assert sent_json(api)["manual_config"] == {
        "segments": [{"start_time": 0.0, "end_time": 5.0}, {"start_time": 5.0, "end_time": 12.5}]
    }
    assert rows(result.out)[1][1] == "completed"


@pytest.mark.parametrize("name", [n for n, s in STRATEGIES.items() if s.settings()])
def test_every_strategy_option_is_sent_and_shown(
    run: Runner, api: FakeAPI, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    """Each row of the strategies table is sent under its config and shown in CONFIG under
    its label, given a value the contract allows: its last choice, its largest, or off."""
    monkeypatch.setenv("COLUMNS", "300")
    strategy, argv, sent = STRATEGIES[name], ["--strategy", name], {}
    for option in strategy.options:
        spec = field("createFileSegmentation", f"body.{strategy.config}.{option.field}")
        if spec.type == "boolean":
            argv.append(f"--no-{option.flag[2:]}")
            sent[option.field] = False
        else:
            sent[option.field] = spec.enum[-1] if spec.enum else spec.maximum
            argv += [option.flag, text(sent[option.field])]
    result = run("segmentations", "create", FILE_ID, *argv)
    assert result.code == 0, result.err
    assert sent_json(api)[strategy.config] == sent
    shown = [f"{o.label}={text(sent[o.field])}" for o in strategy.options if o.label]
    assert rows(result.out)[1][4] == " ".join(shown)


def test_segmentations_get_list_wait_delete(run: Runner, api: FakeAPI) -> None:
    got = run("segmentations", "get", SEG_ID, "--limit", "2")
    assert got.code == 0 and "segments 1-2 of 130" in got.out
    assert rows(got.out)[-1][1:3] == ["2", "4"]
    assert len(json.loads(run("segmentations", "get", SEG_ID, "--json").out)["data"]["segments"])

    assert len(rows(run("segmentations", "list", FILE_ID).out)) == 3
    assert len(json.loads(run("segmentations", "list", FILE_ID, "--json").out)) == 2

    api.statuses[SEG_ID] = ["processing", "not_applicable"]
    waited = run("segmentations", "wait", SEG_ID, "--json")
    assert waited.code == 0 and json.loads(waited.out)["status"] == "not_applicable"
    assert rows(run("segmentations", "wait", SEG_ID).out)[1][1] == "not_applicable"

    assert rows(run("segmentations", "delete", SEG_ID).out)[1] == [SEG_ID, "yes"]
    assert json.loads(run("segmentations", "delete", SEG_ID, "--json").out) == {"id": SEG_ID}


def test_options_before_the_group(run: Runner, api: FakeAPI) -> None:
    result = run(
        "--base-url", "https://other.test/v2", "--max-retries", "0", "--http-timeout", "5",
        "files", "get", FILE_ID,
    )  # fmt: skip
    assert result.code == 0, result.err
    assert str(api.requests[0].url).startswith("https://other.test/v2/files/")
