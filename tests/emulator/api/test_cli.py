"""The `serve` command: printed URL and key, fault flags, clean stops, default data dir."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from cloudglue_emulator import identity
from cloudglue_emulator.cli import build_parser, main, settings_from_args
from cloudglue_emulator.errors import fmt
from cloudglue_emulator.settings import (
    BODY_TIMEOUT_BOUNDS,
    DEFAULT_API_KEY,
    DEFAULT_BODY_TIMEOUT_SECONDS,
    Settings,
    default_data_dir,
)
from cloudglue_emulator.testing import running

DEADLINE_SECONDS = 30.0


def test_default_data_dir_honours_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert default_data_dir() == tmp_path / "cloudglue-emulator"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert default_data_dir() == Path.home() / ".cache" / "cloudglue-emulator"


def test_version_comes_from_the_package_metadata(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from importlib import metadata

    with pytest.raises(SystemExit) as stopped:
        main(["--version"])
    assert stopped.value.code == 0
    printed = capsys.readouterr().out
    assert printed.startswith(f"cloudglue-emulator {metadata.version('cloudglue-client')} (python ")

    def not_installed(name: str) -> str:
        raise metadata.PackageNotFoundError(name)

    monkeypatch.setattr(identity.metadata, "version", not_installed)
    assert identity.version() == identity.UNKNOWN_VERSION


def test_defaults_and_flags_parse() -> None:
    defaults = settings_from_args(build_parser().parse_args(["serve"]))
    assert (defaults.host, defaults.port, defaults.api_key) == ("127.0.0.1", 8765, DEFAULT_API_KEY)
    assert defaults.faults.rps is None and defaults.faults.retry_after == 1
    args = build_parser().parse_args(
        ["serve", "--rps", "5", "--fail-rate", "0.25", "--fault-seed", "7", "--retry-after", "2"]
    )
    faults = settings_from_args(args).faults
    assert (faults.rps, faults.fail_rate, faults.fault_seed, faults.retry_after) == (5, 0.25, 7, 2)
    with pytest.raises(SystemExit):
        build_parser().parse_args(["serve", "--fail-rate", "1.5"])


def body_timeout(*flags: str) -> float:
    return settings_from_args(build_parser().parse_args(["serve", *flags])).body_timeout_seconds


def test_the_body_timeout_has_a_default_a_floor_and_a_ceiling(
    capsys: pytest.CaptureFixture[str],
) -> None:
    low, high = BODY_TIMEOUT_BOUNDS
    assert low <= DEFAULT_BODY_TIMEOUT_SECONDS <= high
    assert body_timeout() == DEFAULT_BODY_TIMEOUT_SECONDS == Settings().body_timeout_seconds
    for edge in (low, high):
        assert body_timeout("--body-timeout-seconds", fmt(edge)) == edge
        assert Settings(body_timeout_seconds=edge).body_timeout_seconds == edge
    bounds = f"must be between {fmt(low)} and {fmt(high)}"
    for outside in (low / 2, high + 1, float("nan")):
        with pytest.raises(SystemExit):
            body_timeout("--body-timeout-seconds", str(outside))
        assert f"--body-timeout-seconds: {bounds}, got {fmt(outside)}" in capsys.readouterr().err
        with pytest.raises(ValueError, match=f"^body_timeout_seconds: {bounds}"):
            Settings(body_timeout_seconds=outside)
    with pytest.raises(SystemExit):
        body_timeout("--body-timeout-seconds", "soon")
    assert "must be a number of seconds, got 'soon'" in capsys.readouterr().err


def test_port_zero_prints_url_and_key_and_stops_cleanly_on_sigint(tmp_path: Path) -> None:
    command = [
        sys.executable,
        "-m",
        "cloudglue_emulator",
        "serve",
        "--port",
        "0",
        "--data-dir",
        str(tmp_path / "data"),
    ]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        url_line, key_line = process.stdout.readline().strip(), process.stdout.readline().strip()
        assert url_line.startswith("export CLOUDGLUE_BASE_URL=http://127.0.0.1:")
        assert url_line.endswith("/v1")
        assert key_line == f"export CLOUDGLUE_API_KEY={DEFAULT_API_KEY}"
        # A shell that evaluates the two lines has both variables set.
        shell = f'{url_line}\n{key_line}\necho "$CLOUDGLUE_BASE_URL $CLOUDGLUE_API_KEY"'
        echoed = subprocess.run(["bash", "-c", shell], capture_output=True, text=True, check=True)
        base_url, key = echoed.stdout.split()
        assert base_url == url_line.split("=", 1)[1] and key == DEFAULT_API_KEY
        headers = {"Authorization": f"Bearer {DEFAULT_API_KEY}"}
        end = time.monotonic() + DEADLINE_SECONDS
        while time.monotonic() < end:
            try:
                if httpx.get(f"{base_url}/files", headers=headers).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.05)
        else:
            pytest.fail("server never answered")
        process.send_signal(signal.SIGINT)
        assert process.wait(DEADLINE_SECONDS) == 0
        assert (tmp_path / "data" / "emulator.sqlite3").is_file()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        if process.stdout:
            process.stdout.close()
        if process.stderr:
            process.stderr.close()


@pytest.mark.slow
def test_fault_flags_and_runtime_changes_over_http() -> None:
    with running(
        throttle_rate=1.0, latency_ms=30, extra_args=["--retry-after", "4", "--fault-seed", "3"]
    ) as emu:
        started = time.monotonic()
        r = httpx.get(f"{emu.base_url}/files", headers=emu.headers)
        assert time.monotonic() - started >= 0.03
        assert r.status_code == 429 and r.headers["retry-after"] == "4"
        assert r.json()["error"].startswith("Too many requests")
        assert httpx.get(f"{emu.origin}/healthz").status_code == 200  # never throttled
        state = emu.set_faults(throttle_rate=0, latency_ms=0, fail_rate=1)
        assert state["fail_rate"] == 1 and state["fault_seed"] == 3
        r = httpx.post(f"{emu.base_url}/files", headers=emu.headers, files={"file": b"x"})
        assert r.status_code == 503 and r.headers["retry-after"] == "4"
        emu.set_faults(fail_rate=0, rps=2)
        codes = [
            httpx.get(f"{emu.base_url}/files", headers=emu.headers).status_code for _ in range(5)
        ]
        assert codes[:2] == [200, 200] and 429 in codes[2:]
        emu.set_faults(rps=None)
        page = httpx.get(f"{emu.base_url}/files", headers=emu.headers).json()
        assert page["total"] == 0  # the injected 503 stored nothing
        assert emu.stop() == 0  # SIGTERM: graceful, exit status 0
