"""Exit codes, one-line errors, --debug, and the API key never shown."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from cloudglue_client.cli import ExitCode, main
from cloudglue_openapi.constraints import field
from tests.support.contract_values import above, number

from .conftest import API_KEY, Runner
from .fake import FILE_ID, JOB_ID, SEG_ID, FakeAPI

FPS = field("createFileFrameExtraction", "body.uniform_config.frames_per_second")
FRAME_LIMIT = field("getFrameExtraction", "query.limit")


def one_error_line(err: str) -> str:
    assert err.endswith("\n") and err.count("\n") == 1, err
    assert "Traceback" not in err
    assert err.startswith("error: ")
    return err[len("error: ") : -1]


# -- 2: usage


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        ([], "the following arguments are required: GROUP"),
        (["frames"], "the following arguments are required: COMMAND"),
        (["frames", "create"], "the following arguments are required: FILE_ID"),
        (["frames", "create", FILE_ID, "--fps", "two"], "argument --fps: invalid float value"),
        (["files", "list", "--limit", "0"], "argument --limit: must be at least 1"),
        (["files", "list", "--status", "weird"], "argument --status: invalid choice"),
        (
            ["frames", "wait", JOB_ID, "--wait-timeout", "-3"],
            "must be a positive number of seconds",
        ),
        (["segmentations", "create", FILE_ID], "required: --strategy"),
        (  # in the contract's enum, but the CLI has no builder for it
            ["segmentations", "create", FILE_ID, "--strategy", "narrative"],
            "argument --strategy: invalid choice: 'narrative'",
        ),
        (["--api", "x", "files", "list"], "invalid choice: 'x'"),  # --api is not --api-key
        (["files", "list", "--bogus"], "unrecognized arguments: --bogus"),
    ],
)
def test_argparse_errors_are_exit_2(run: Runner, argv: list[str], message: str) -> None:
    result = run(*argv)
    assert result.code == 2 and ExitCode.USAGE.value == 2
    assert message in one_error_line(result.err)
    assert result.out == ""


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["frames", "get", "not-a-uuid"], "frame_extraction_id: 'not-a-uuid' is not a valid UUID"),
        (
            ["frames", "create", FILE_ID, "--fps", number(above(FPS))],
            f"--fps: {float(above(FPS))!r} is out of range",
        ),
        (
            ["frames", "create", FILE_ID, "--start", "5", "--end", "1"],
            "--start (5) must be less than --end (1)",
        ),
        (
            ["frames", "get", JOB_ID, "--limit", number(above(FRAME_LIMIT))],
            f"--limit: {number(above(FRAME_LIMIT))} is out of range",
        ),
        (["segmentations", "create", FILE_ID, "--strategy", "uniform"], "--window is required"),
        (
            ["segmentations", "create", FILE_ID, "--strategy", "uniform", "--window", "2",
             "--threshold", "3"],
            "--threshold is only valid with --strategy shot-detector",
        ),
        (
            ["segmentations", "create", FILE_ID, "--strategy", "manual"],
            "--range START:END is required",
        ),
        (
            ["segmentations", "create", FILE_ID, "--strategy", "manual", "--range", "9:3"],
            "segments[0].start_time (9) must be less than segments[0].end_time (3)",
        ),
        (
            ["segmentations", "create", FILE_ID, "--strategy", "manual", "--range", "9"],
            "expected START:END in seconds",
        ),
        (
            ["segmentations", "create", FILE_ID, "--strategy", "shot-detector",
             "--min-seconds", "9", "--max-seconds", "3"],
            "--min-seconds (9) must not exceed --max-seconds (3)",
        ),
        (["files", "upload", "/nonexistent/clip.mp4"], "does not exist"),
        (["--base-url", "ftp://x", "files", "list"], "--base-url: expected an http(s) URL"),
        (["--max-retries", "-1", "files", "list"], "--max-retries: -1 is out of range"),
    ],
)  # fmt: skip
def test_client_argument_checks_are_exit_2(
    run: Runner, api: FakeAPI, argv: list[str], message: str
) -> None:
    result = run(*argv)
    assert result.code == 2
    assert message in one_error_line(result.err)
    assert api.requests == []  # rejected before anything was sent


def test_a_flag_left_out_counts_as_its_server_default_in_a_rule(run: Runner, api: FakeAPI) -> None:
    """--min-seconds above the server's default --max-seconds is refused before sending."""
    from cloudglue_openapi.constraints import field

    longest = field(
        "createFileSegmentation", "body.shot_detector_config.max_seconds"
    ).server_default
    argv = ["segmentations", "create", FILE_ID, "--strategy", "shot-detector"]
    result = run(*argv, "--min-seconds", f"{longest + 1:g}")
    assert result.code == 2
    assert (
        f"--min-seconds ({longest + 1:g}) must not exceed --max-seconds ({longest:g} when left out)"
        in one_error_line(result.err)
    )
    assert api.requests == []


def test_bad_metadata_is_exit_2(run: Runner, tmp_path: Path) -> None:
    video = tmp_path / "v.mp4"
    video.write_bytes(b"x")
    bad_json = run("files", "upload", str(video), "--metadata", "{nope")
    assert bad_json.code == 2 and "--metadata: not valid JSON" in one_error_line(bad_json.err)
    not_object = run("files", "upload", str(video), "--metadata", "[1]")
    assert "expected a JSON object, got list" in one_error_line(not_object.err)


def test_missing_api_key_is_exit_2(run: Runner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CLOUDGLUE_API_KEY")
    result = run("files", "list")
    assert result.code == 2
    assert one_error_line(result.err) == "no API key: set CLOUDGLUE_API_KEY or pass --api-key"
    assert run("--api-key", "cg-from-argv-123", "files", "list").code == 0


def test_help_is_exit_0_and_documents_exit_codes(
    run: Runner, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--help"]) == 0
    text = capsys.readouterr().out
    assert "exit codes:" in text and "CLOUDGLUE_API_KEY" in text
    for code in ("0 ", "2 ", "3 ", "4 "):
        assert f"\n  {code}" in text
    assert main(["frames", "export", "--help"]) == 0
    assert "exit codes: cloudglue-client --help" in capsys.readouterr().out  # listed once


# -- 3: API


@pytest.mark.parametrize(
    ("status", "fragment"),
    [
        (404, "404 GET https://api.test/v1/files/"),
        (401, "401 GET"),
        (500, "500 GET"),
    ],
)
def test_api_status_errors_are_exit_3(
    run: Runner, api: FakeAPI, status: int, fragment: str
) -> None:
    api.error = (status, {"error": "scripted"})
    result = run("--max-retries", "0", "files", "get", FILE_ID)
    assert result.code == 3 and ExitCode.API.value == 3
    line = one_error_line(result.err)
    assert fragment in line and ": scripted" in line
    if status == 401:  # the message says where the key comes from, on the command line too
        assert line.endswith("--api-key)")
    else:
        assert line.endswith(": scripted")


def test_what_the_server_sends_cannot_drive_the_terminal(run: Runner, api: FakeAPI) -> None:
    api.error = (400, {"error": "bad \x1b[31mred\x1b[0m"})
    api.headers = {"x-request-id": "req\x1b]0;title\x07"}
    result = run("--max-retries", "0", "files", "get", FILE_ID)
    assert result.code == 3
    assert "\x1b" not in result.err and "\x07" not in result.err
    assert one_error_line(result.err).endswith("(request id req?]0;title?)")


def test_connection_error_is_exit_3(run: Runner, api: FakeAPI) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    api.handle = refuse  # type: ignore[method-assign]
    result = run("files", "list")
    assert result.code == 3
    assert "ConnectError: connection refused" in one_error_line(result.err)


def test_malformed_response_is_exit_3(run: Runner, api: FakeAPI) -> None:
    api.error = (200, {"unexpected": True})
    result = run("frames", "get", JOB_ID)
    assert result.code == 3
    assert "does not match the API contract" in one_error_line(result.err)


# -- 4: jobs


def test_failed_job_is_exit_4(run: Runner, api: FakeAPI) -> None:
    api.statuses[JOB_ID] = ["processing", "failed"]
    result = run("frames", "wait", JOB_ID)
    assert result.code == 4 and ExitCode.JOB.value == 4
    assert one_error_line(result.err) == f"job {JOB_ID} failed: decoder gave up"
    assert result.out == ""


def test_create_wait_failed_is_exit_4(run: Runner, api: FakeAPI) -> None:
    api.statuses[JOB_ID] = ["pending", "failed"]
    assert run("frames", "create", FILE_ID, "--wait").code == 4


def test_wait_timeout_is_exit_4(run: Runner, api: FakeAPI) -> None:
    api.statuses[SEG_ID] = ["processing"]
    result = run("segmentations", "wait", SEG_ID, "--wait-timeout", "20")
    assert result.code == 4
    assert one_error_line(result.err) == f"job {SEG_ID} still processing after 20s"


# -- debug and secrets (Runner also checks the key is absent from every run's output)


def test_debug_shows_traceback_and_logs_without_the_key(run: Runner, api: FakeAPI) -> None:
    api.error = (404, {"error": "no such file"})
    result = run("--debug", "--api-key", API_KEY, "files", "get", FILE_ID)
    assert result.code == 3
    assert "Traceback (most recent call last)" in result.err
    assert "NotFoundError" in result.err
    assert "cloudglue_client INFO GET /v1/files/" in result.err  # the request log
    assert result.err.splitlines()[-1].startswith("error: 404 GET")
    assert logging.getLogger("cloudglue_client").handlers == []  # removed after the run


def test_debug_output_cannot_drive_the_terminal(run: Runner, api: FakeAPI) -> None:
    """The traceback and log lines quote the server's error text with its control characters
    replaced, as the one-line error does; they keep their own line breaks."""
    api.error = (404, {"error": "gone\x1b]0;owned\x07\x1b[2J"})
    result = run("--debug", "files", "get", FILE_ID)
    assert result.code == 3
    assert "Traceback (most recent call last)" in result.err and "gone" in result.err
    assert len(result.err.splitlines()) > 3
    assert not any(ch in result.err for ch in "\x1b\x07\r")


def test_debug_after_the_command(run: Runner, api: FakeAPI) -> None:
    api.statuses[JOB_ID] = ["failed"]
    result = run("frames", "wait", JOB_ID, "--debug")
    assert result.code == 4 and "JobFailedError" in result.err


def test_key_echoed_by_a_message_is_redacted(run: Runner) -> None:
    # The key pasted where an id belongs: the validation message quotes the value.
    for argv in (
        ["frames", "get", API_KEY],
        ["--debug", "frames", "get", API_KEY],
        ["--api-key", "cg-argv-secret-42", "frames", "get", "cg-argv-secret-42", "--debug"],
        ["files", "list", "--api-key=cg-argv-secret-42", "--limit", "cg-argv-secret-42"],
    ):
        result = run(*argv)
        assert result.code == 2
        assert "[redacted]" in result.err
        assert "cg-argv-secret-42" not in result.err


def test_key_is_sent_but_never_printed(run: Runner, api: FakeAPI) -> None:
    result = run("--debug", "files", "list", "--json")
    assert result.code == 0
    assert api.requests[0].headers["authorization"] == f"Bearer {API_KEY}"


@pytest.mark.slow
def test_module_entry_point() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "cloudglue_client.cli", "frames", "get", "x"],
        capture_output=True,
        text=True,
        env={"CLOUDGLUE_API_KEY": API_KEY, "PATH": ""},
        timeout=30,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr == "error: frame_extraction_id: 'x' is not a valid UUID\n"
