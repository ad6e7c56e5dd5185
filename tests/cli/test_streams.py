"""stdout and stderr that are closed, full or cannot encode, and local failures: exit code 1
(never a usage error, never an exception out of main)."""

from __future__ import annotations

import errno
import io
import sys
from pathlib import Path

import httpx
import pytest

from cloudglue_client.cli import main
from cloudglue_client.cli._output import Stderr, Stdout
from tests.cli import fake

from .conftest import Runner
from .fake import JOB_ID, FakeAPI


def call(
    api: FakeAPI, monkeypatch: pytest.MonkeyPatch, stdout: object, stderr: object, *argv: str
) -> int:
    """main() with these as sys.stdout and sys.stderr (None: closed, as Python makes them)."""
    monkeypatch.setattr(sys, "stdout", stdout)
    monkeypatch.setattr(sys, "stderr", stderr)
    with api.client() as http:
        return main(list(argv), http_client=http)


class Full(io.StringIO):
    """A stream on a full disk: every write fails."""

    def write(self, text: str) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")


@pytest.mark.parametrize(
    "argv", [["frames", "get", JOB_ID], ["frames", "export", JOB_ID], ["files", "list", "--json"]]
)
def test_closed_stdout_is_exit_1_with_a_message(
    api: FakeAPI, monkeypatch: pytest.MonkeyPatch, argv: list[str]
) -> None:
    err = io.StringIO()
    assert call(api, monkeypatch, None, err, *argv) == 1
    assert err.getvalue() == "error: cannot write to stdout: it is closed\n"


def test_full_stdout_is_exit_1_with_a_message(
    api: FakeAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    err = io.StringIO()
    assert call(api, monkeypatch, Full(), err, "frames", "export", JOB_ID) == 1
    assert err.getvalue() == "error: cannot write to stdout: No space left on device\n"


@pytest.mark.parametrize("stdout", [None, Full()], ids=["closed", "full"])
@pytest.mark.parametrize("argv", [["--help"], ["frames", "export", "--help"], ["--version"]])
def test_help_that_cannot_be_written_is_exit_1(
    api: FakeAPI, monkeypatch: pytest.MonkeyPatch, stdout: object, argv: list[str]
) -> None:
    err = io.StringIO()
    assert call(api, monkeypatch, stdout, err, *argv) == 1
    assert err.getvalue().startswith("error: cannot write to stdout: ")


@pytest.mark.parametrize(
    ("argv", "code"),
    [
        (["frames", "get", JOB_ID], 0),
        (["frames", "get", "nope"], 2),
        (["frames", "get", JOB_ID, "--debug"], 0),
        (["--json", "-q", "files", "list"], 2),
        (["--timeout", "3", "frames", "get", JOB_ID], 0),  # a deprecation note on stderr
    ],
)
@pytest.mark.parametrize("stderr", [None, Full()], ids=["closed", "full"])
def test_closed_stderr_keeps_the_exit_code_silently(
    api: FakeAPI, monkeypatch: pytest.MonkeyPatch, stderr: object, argv: list[str], code: int
) -> None:
    out = io.StringIO()
    assert call(api, monkeypatch, out, stderr, *argv) == code
    assert (out.getvalue() != "") == (code == 0)


def test_both_closed(api: FakeAPI, monkeypatch: pytest.MonkeyPatch) -> None:
    assert call(api, monkeypatch, None, None, "frames", "get", JOB_ID) == 1
    assert call(api, monkeypatch, None, None, "frames", "get", "nope") == 2


def ascii_stdout() -> tuple[io.TextIOWrapper, io.BytesIO]:
    raw = io.BytesIO()
    return io.TextIOWrapper(raw, encoding="ascii"), raw  # errors: strict, as PYTHONIOENCODING


def test_table_on_an_ascii_stdout_is_whole(api: FakeAPI, monkeypatch: pytest.MonkeyPatch) -> None:
    body = fake.file_body
    monkeypatch.setattr(fake, "file_body", lambda *a: body(*a) | {"filename": "caf\u00e9.mp4"})
    stdout, raw = ascii_stdout()
    err = io.StringIO()
    assert call(api, monkeypatch, stdout, err, "files", "list") == 0
    stdout.flush()
    lines = raw.getvalue().decode("ascii").splitlines()
    assert len(lines) == 1 + api.total_files and "caf?.mp4" in lines[1]
    assert err.getvalue() == ""


def test_csv_stdout_that_cannot_encode_is_exit_1(
    api: FakeAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An export is data: not written with '?' for what stdout cannot encode, but refused."""
    api.total_frames = 1
    answer = api.answer

    def accented(request: httpx.Request) -> httpx.Response:
        response = answer(request)
        content = response.content.replace(b"https://t/", "https://t/\u00e9".encode())
        return httpx.Response(response.status_code, headers=response.headers, content=content)

    monkeypatch.setattr(api, "answer", accented)
    stdout, _ = ascii_stdout()
    err = io.StringIO()
    assert call(api, monkeypatch, stdout, err, "frames", "export", JOB_ID, "--format", "csv") == 1
    assert err.getvalue() == (
        "error: stdout (ascii) cannot encode '\u00e9': write to a file with --output, "
        "or set PYTHONIOENCODING=utf-8\n"
    )


def test_download_directory_that_cannot_be_made_is_exit_1(run: Runner, tmp_path: Path) -> None:
    """DownloadError is the run's directory or manifest (local), like an --output file."""
    (tmp_path / "file").write_bytes(b"")
    result = run("frames", "download", JOB_ID, str(tmp_path / "file" / "sub"))
    assert result.code == 1
    assert result.err.startswith("error: the download stopped: ")


@pytest.mark.parametrize(
    ("value", "message"),
    [("", "expected a file name (or - for stdout), got ''"), (".", "'.' is a directory")],
)
def test_output_that_is_no_file_name_is_a_usage_error(
    run: Runner, api: FakeAPI, value: str, message: str
) -> None:
    result = run("frames", "export", JOB_ID, "-o", value)
    assert result.code == 2
    assert result.err.startswith(f"error: argument --output/-o: {message}")
    assert api.requests == []


class GoneReader(io.StringIO):
    """A pipe whose reader went away after a few lines: writes and flushes fail from then."""

    def write(self, text: str) -> int:
        if self.tell() > 200:
            raise BrokenPipeError(errno.EPIPE, "Broken pipe")
        return super().write(text)

    def flush(self) -> None:
        if self.tell() > 200:
            raise BrokenPipeError(errno.EPIPE, "Broken pipe")


@pytest.mark.parametrize("argv", [["frames", "export", JOB_ID], ["--help"]])
def test_reader_gone_is_quiet_even_when_the_last_flush_fails(
    api: FakeAPI, monkeypatch: pytest.MonkeyPatch, argv: list[str]
) -> None:
    err = io.StringIO()
    assert call(api, monkeypatch, GoneReader(), err, *argv) == 1
    assert err.getvalue() == ""


@pytest.mark.parametrize("wrapper", [Stdout, Stderr])
def test_letting_go_of_a_stream_never_flushes_it(wrapper: type[Stdout | Stderr]) -> None:
    # Garbage collection closes the wrapper; flushing the caller's stream there would raise
    # where nothing can catch it (Python 3.13 prints such errors as "Exception ignored").
    stream = GoneReader()
    stream.write("x" * 300)
    wrapped = wrapper(stream)
    wrapped.close()
    assert wrapped.closed
    assert not stream.closed
