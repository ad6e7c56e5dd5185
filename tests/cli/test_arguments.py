"""Arguments the API cannot carry (text that is not UTF-8, NaN in JSON, unbounded counts) are
usage errors naming the option, before anything is sent; what the client rejects is named
by the option too; a local path may hold any bytes."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from cloudglue_client import _constants as C
from cloudglue_client._validation import describe
from cloudglue_openapi.constraints import field

from .conftest import Runner
from .fake import FILE_ID, JOB_ID, SEG_ID, FakeAPI
from .test_contract_options import _command, _option

#: Bytes that are not UTF-8 on the command line, as Python hands them to the program.
BAD = os.fsdecode(b"\xff\xfe")


def error_line(err: str) -> str:
    assert err.startswith("error: ") and err.count("\n") == 1, err
    return err[len("error: ") : -1]


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-Infinity", "1e999"])
@pytest.mark.parametrize(
    ("argv", "flag"),
    [
        (["files", "update", FILE_ID, "--metadata"], "--metadata"),
        (["files", "list", "--filter"], "--filter"),
        (["segments", "update", FILE_ID, JOB_ID, "--metadata"], "--metadata"),
    ],
)
def test_json_options_refuse_what_json_has_no_number_for(
    run: Runner, api: FakeAPI, argv: list[str], flag: str, value: str
) -> None:
    result = run(*argv, f'{{"a": {value}}}')
    assert result.code == 2
    assert error_line(result.err).startswith(f"argument {flag}: not valid JSON ({value} ")
    assert api.requests == []


@pytest.mark.parametrize(
    ("argv", "name"),
    [
        (["files", "get", BAD], "FILE_ID"),
        (["frames", "get", BAD], "ID"),
        (["frames", "create", f"x{BAD}"], "FILE_ID"),
        (["files", "update", FILE_ID, "--filename", f"bad{BAD}"], "--filename"),
        (["files", "update", FILE_ID, "--metadata", f'{{"a": "{BAD}"}}'], "--metadata"),
        (["files", "update", FILE_ID, "--metadata", f'{{"{BAD}": 1}}'], "--metadata"),
        (["files", "update", FILE_ID, "--metadata", '{"a": ["\\ud800"]}'], "--metadata"),
        (["files", "list", "--filter", f'{{"metadata": [{{"path": "{BAD}"}}]}}'], "--filter"),
        (["files", "thumbnails", FILE_ID, "--segmentation-id", BAD], "--segmentation-id"),
        (["segments", "get", FILE_ID, BAD], "SEGMENT_ID"),
        (["--base-url", f"http://x{BAD}", "files", "list"], "--base-url"),
        (["files", "list", "--base-url", f"http://x{BAD}"], "--base-url"),
        (["--api-key", f"cg-key-{BAD}", "files", "list"], "--api-key"),
        (["files", "list", "--created-after", BAD], "--created-after"),
    ],
)
def test_text_that_is_not_utf8_is_a_usage_error_naming_the_option(
    run: Runner, api: FakeAPI, argv: list[str], name: str
) -> None:
    result = run(*argv)
    assert result.code == 2
    assert error_line(result.err) == (
        f"argument {name}: not valid UTF-8 text (bytes that are not UTF-8, or a lone surrogate)"
    )
    assert api.requests == []


def test_upload_reads_a_path_whatever_its_bytes(run: Runner, api: FakeAPI, tmp_path: Path) -> None:
    """The name sent is the path's with what is not UTF-8 as U+FFFD (or --filename)."""
    video = tmp_path / os.fsdecode(b"tiny\xff.mp4")
    video.write_bytes(b"abc")
    result = run("files", "upload", str(video), "-q")
    assert result.code == 0, result.err
    body = api.requests[0].content
    assert b'filename="tiny\xef\xbf\xbd.mp4"' in body and b"\r\n\r\nabc\r\n" in body

    named = run("files", "upload", str(video), "--filename", "clip.mp4", "-q")
    assert named.code == 0, named.err
    assert b'filename="clip.mp4"' in api.requests[1].content

    bad = run("files", "upload", str(video), "--filename", f"clip{BAD}.mp4")
    assert bad.code == 2 and "argument --filename: not valid UTF-8" in bad.err
    empty = run("files", "upload", str(video), "--filename", "")  # not the path's name
    assert empty.code == 2 and "--filename: expected a non-empty str" in empty.err
    assert len(api.requests) == 2


def test_download_directory_may_hold_any_bytes(run: Runner, api: FakeAPI, tmp_path: Path) -> None:
    api.total_frames = 0
    target = tmp_path / os.fsdecode(b"out\xff")
    result = run("frames", "download", JOB_ID, str(target), "-q")
    assert result.code == 0, result.err
    assert (target / "manifest.jsonl").exists()


def test_limit_has_a_floor_and_no_ceiling(run: Runner, api: FakeAPI) -> None:
    """--limit counts items: past sys.maxsize (islice's largest stop) it means all, and its
    error states only the floor; --concurrency keeps its real ceiling."""
    result = run("frames", "list", FILE_ID, "--limit", "0")
    assert result.code == 2
    assert error_line(result.err) == (
        "argument --limit: must be at least 1, got 0 (see 'cloudglue-client frames list --help')"
    )
    assert api.requests == []
    for huge in (str(sys.maxsize), str(sys.maxsize + 1), "1" + "0" * 30):
        listed = run("frames", "list", FILE_ID, "--limit", huge, "-q")
        assert listed.code == 0, listed.err
        assert listed.out.count("\n") == 3  # the fake file's three frame extractions
    most = C.MAX_DOWNLOAD_CONCURRENCY
    over = run("frames", "download", JOB_ID, "out", "--concurrency", str(most + 1))
    assert error_line(over.err).startswith(
        f"argument --concurrency: must be at least 1 and at most {most}, got {most + 1}"
    )


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["frames", "create", FILE_ID, "--fps", "0"], "--fps: 0.0 is out of range; allowed "),
        (["--http-timeout", "1e-07", "files", "list"], "--http-timeout: 1e-07 is out of range"),
        (["files", "list", "--http-timeout", "1e-07"], "--http-timeout: 1e-07 is out of range"),
        (["frames", "get", JOB_ID, "--offset", "-1"], "--offset: -1 is out of range"),
        (["segmentations", "get", SEG_ID, "--limit", "0"], "--limit: 0 is out of range"),
        (["frames", "create", FILE_ID, "--start", "-1"], "--start: -1.0 is out of range"),
        (
            ["segmentations", "create", FILE_ID, "--strategy", "uniform", "--window", "2",
             "--end", "-2"],
            "--end: -2.0 is out of range",
        ),
        (["files", "list", "--filter", '{"nope": []}'], "--filter: 'nope' is not one of"),
    ],
)  # fmt: skip
def test_what_the_client_refuses_is_named_by_its_option(
    run: Runner, api: FakeAPI, argv: list[str], message: str
) -> None:
    result = run(*argv)
    assert result.code == 2
    assert error_line(result.err).startswith(message)
    assert api.requests == []


def test_negative_range_reaches_the_clients_check(run: Runner, api: FakeAPI) -> None:
    """`--range -1:2` is a range, not an unknown option (argparse's "expected one argument")."""
    start = field("createFileSegmentation", "body.manual_config.segments[].start_time")
    for argv in (["--range", "-1:2"], ["--range=-1:2"]):
        result = run("segmentations", "create", FILE_ID, "--strategy", "manual", *argv)
        assert result.code == 2
        assert "segments[0].start_time: -1.0 is out of range; allowed >= 0" in result.err
        assert start.minimum == 0
    assert api.requests == []


def test_unrecognized_arguments_point_at_the_commands_help(run: Runner) -> None:
    result = run("frames", "create", FILE_ID, "--fsp", "2")
    assert result.code == 2
    assert error_line(result.err) == (
        "unrecognized arguments: --fsp 2 (see 'cloudglue-client frames create --help')"
    )


def test_start_and_end_show_the_contracts_range() -> None:
    for group, operation in (
        ("frames", "createFileFrameExtraction"),
        ("segmentations", "createFileSegmentation"),
    ):
        create = _command(group, "create")
        for flag, path in (
            ("--start", "body.start_time_seconds"),
            ("--end", "body.end_time_seconds"),
        ):
            spec = field(operation, path)
            assert f"({describe(spec)} s)" in (_option(create, flag).help or ""), flag
