"""What the server sends reaches stdout and stderr printable, in every output mode: ids
(`--quiet`), CSV exports and the progress line, as tables and error lines already were."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from .conftest import Runner
from .fake import JOB_ID, FakeAPI

HOSTILE = "x\x1b]0;PWNED\x07\x1b[2J"


def tamper(api: FakeAPI, monkeypatch: pytest.MonkeyPatch, key: str, value: Any) -> None:
    """Every JSON answer of the fake API carries `value` as each `key` it has, at any depth."""
    answer = api.answer

    def rewrite(node: Any) -> Any:
        if isinstance(node, dict):
            return {k: value if k == key else rewrite(v) for k, v in node.items()}
        if isinstance(node, list):
            return [rewrite(v) for v in node]
        return node

    def hostile(request: httpx.Request) -> httpx.Response:
        response = answer(request)
        if not response.headers.get("content-type", "").startswith("application/json"):
            return response
        return httpx.Response(response.status_code, json=rewrite(response.json()))

    monkeypatch.setattr(api, "answer", hostile)


def printable(text: str, keep: str = "\n") -> bool:
    return all(ch.isprintable() or ch in keep for ch in text)


@pytest.mark.parametrize("argv", [["files", "list", "-q"], ["files", "upload", "{video}", "-q"]])
def test_quiet_file_ids_are_printable(
    run: Runner, api: FakeAPI, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, argv: list[str]
) -> None:
    """A file id is any text in the contract (the other ids are checked UUIDs)."""
    video = tmp_path / "v.mp4"
    video.write_bytes(b"x")
    tamper(api, monkeypatch, "id", HOSTILE)
    result = run(*(arg.format(video=video) for arg in argv))
    assert result.code == 0, result.err
    assert result.out.splitlines()[0] == "x?]0;PWNED??[2J"
    assert printable(result.out)


def test_csv_cells_are_printable_but_keep_what_quoting_holds(
    run: Runner, api: FakeAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    api.total_frames = 2
    tamper(api, monkeypatch, "thumbnail_url", f"https://t/{HOSTILE}\ttab\r\nline")
    result = run("frames", "export", JOB_ID, "--format", "csv")
    assert result.code == 0, result.err
    rows = list(csv.reader(io.StringIO(result.out)))
    assert rows[1][2] == "https://t/x?]0;PWNED??[2J\ttab\r\nline"
    assert printable(result.out, keep="\t\r\n")


def test_jsonl_export_escapes_control_characters(
    run: Runner, api: FakeAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    api.total_frames = 1
    tamper(api, monkeypatch, "thumbnail_url", HOSTILE)
    result = run("frames", "export", JOB_ID)
    assert result.code == 0 and printable(result.out)
    assert json.loads(result.out)["thumbnail_url"] == HOSTILE  # escaped, not lost


def test_progress_line_shows_an_unknown_status_printable(run: Runner, api: FakeAPI) -> None:
    api.statuses[JOB_ID] = [f"queued{HOSTILE}", "completed"]
    result = run("frames", "wait", JOB_ID, tty=True)
    assert result.code == 0, result.err
    assert "queued" in result.err
    assert printable(result.err, keep="\r\n")  # its own \r only
