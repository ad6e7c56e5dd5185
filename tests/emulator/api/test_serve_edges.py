"""`serve` and `running()` at their edges: a parent that dies, wildcard binds, keys clients
refuse, and the small command-line promises (checked options, messages that say what)."""

from __future__ import annotations

import os
import shlex
import signal
import socket
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from cloudglue_emulator.cli import build_parser, main
from tests.support.polling import poll_until

DEADLINE_SECONDS = 30.0

PARENT = """
import sys, time
from cloudglue_emulator.testing import running

with running() as emu:
    print(emu.process.pid, emu.port, flush=True)
    time.sleep(600)  # until the test kills this process
"""


def _refuses(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1.0):
            return False
    except OSError:
        return True


def _gone(pid: int) -> bool:
    """The process has exited (a zombie not yet reaped by its new parent counts as gone)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    try:  # Linux: the state field of /proc/PID/stat
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True


@pytest.mark.slow
@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM])
def test_the_emulator_of_running_stops_when_its_parent_is_killed(how: signal.Signals) -> None:
    parent = subprocess.Popen(
        [sys.executable, "-c", PARENT], stdout=subprocess.PIPE, text=True, start_new_session=True
    )
    try:
        assert parent.stdout is not None
        pid, port = (int(x) for x in parent.stdout.readline().split())
        assert not _refuses(port)
        parent.send_signal(how)
        parent.wait(DEADLINE_SECONDS)
        poll_until(lambda: _refuses(port), DEADLINE_SECONDS, "the orphan to stop listening")
        if sys.platform == "linux":
            poll_until(lambda: _gone(pid), DEADLINE_SECONDS, "the orphan to exit")
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.wait()
        if parent.stdout is not None:
            parent.stdout.close()


def test_serve_with_exit_on_stdin_eof_stops_when_stdin_closes(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "cloudglue_emulator", "serve", "--port", "0"]
    command += ["--data-dir", str(tmp_path / "data"), "--exit-on-stdin-eof"]
    process = subprocess.Popen(
        command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
    )
    try:
        assert process.stdin is not None and process.stdout is not None
        assert process.stdout.readline().startswith(b"export CLOUDGLUE_BASE_URL=")
        process.stdin.close()
        assert process.wait(DEADLINE_SECONDS) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        if process.stdout is not None:
            process.stdout.close()


@pytest.mark.parametrize(("host", "shown"), [("0.0.0.0", "127.0.0.1"), ("::", "[::1]")])
def test_a_wildcard_bind_prints_a_url_that_answers(tmp_path: Path, host: str, shown: str) -> None:
    if host == "::" and not socket.has_ipv6:
        pytest.skip("no IPv6")
    command = [sys.executable, "-m", "cloudglue_emulator", "serve", "--host", host]
    command += ["--port", "0", "--api-key", "s3cret", "--data-dir", str(tmp_path / "data")]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        line = process.stdout.readline().strip()
        if not line and host == "::":
            pytest.skip("cannot bind ::")
        url = shlex.split(line)[1].split("=", 1)[1]
        assert url.startswith(f"http://{shown}:"), line
        headers = {"Authorization": "Bearer s3cret"}

        def answered() -> int | None:
            try:
                return httpx.get(f"{url}/files", headers=headers).status_code
            except httpx.TransportError:
                return None

        assert poll_until(answered, DEADLINE_SECONDS, "an answer") == 200
        process.send_signal(signal.SIGINT)
        assert process.wait(DEADLINE_SECONDS) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        for pipe in (process.stdout, process.stderr):
            if pipe is not None:
                pipe.close()


@pytest.mark.parametrize("key", ['my key$"x', "tab\there", "caf\u00e9", ""])
def test_serve_refuses_a_key_clients_refuse_without_showing_it(
    key: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as raised:
        build_parser().parse_args(["serve", "--api-key", key])
    assert raised.value.code == 2
    err = capsys.readouterr().err
    assert "--api-key" in err and ("printable ASCII" in err or "empty" in err), err
    if key:
        assert key not in err


@pytest.mark.parametrize("workers", ["0", "-5"])
def test_serve_refuses_fewer_than_one_worker(
    workers: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        build_parser().parse_args(["serve", "--workers", workers])
    assert "--workers" in capsys.readouterr().err


def test_serve_help_shows_the_defaults(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        build_parser().parse_args(["serve", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    for shown in ("(default 8765)", "(default 2048)", "(default 2)"):
        assert shown in text, shown


def test_serve_warns_about_exposure_only_once_it_listens(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["serve", "--host", "999.1.1.1", "--port", "0", "--data-dir", str(tmp_path / "d")]
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert "cannot listen on 999.1.1.1" in err
    assert "beyond this machine" not in err


def test_make_sample_names_a_path_it_cannot_write(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "missing" / "dir" / "x.mp4"
    assert main(["make-sample", str(out), "--seconds", "1"]) == 1
    assert str(out.parent) in capsys.readouterr().err


def test_make_sample_without_cuts_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["make-sample", str(tmp_path / "s.mp4"), "--seconds", "1"]) == 0
    out = capsys.readouterr().out
    assert "(no cuts)" in out and "cuts at  s" not in out, out


def test_a_refusal_lists_each_accepted_host_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cloudglue_emulator import hosts
    from cloudglue_emulator.settings import Settings

    monkeypatch.setattr(hosts, "_own_names", lambda: {"box", "127.0.0.1", "10.1.2.3"})
    allowed = hosts.allowed_hosts(Settings(data_dir=tmp_path, host="0.0.0.0"))
    assert allowed == {"box", "10.1.2.3"}
    scope = {"type": "http", "headers": [(b"host", b"evil.example")]}
    refused = hosts.HostCheckMiddleware(lambda *a: None, allowed).check(scope)  # type: ignore[arg-type]
    assert refused is not None
    accepted = refused.message.split("accepted: ", 1)[1].split(". ", 1)[0].split(", ")
    assert len(accepted) == len(set(accepted)) and "127.0.0.1" in accepted, accepted
