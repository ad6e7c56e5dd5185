"""The test harness talks to the server it started directly, whatever proxy the environment
names: its health check and admin calls (faults, deleting a store) go to a loopback port of
this machine, which no proxy can reach. A CI job with HTTP_PROXY set and no NO_PROXY used to
wait out the start timeout and fail with "emulator did not become healthy"."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from cloudglue_emulator.testing import running

pytestmark = pytest.mark.slow  # starts an emulator subprocess

PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy")


@pytest.fixture
def dead_proxy(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Every proxy variable set to a loopback port nothing listens on, NO_PROXY unset."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{probe.getsockname()[1]}"
    for name in PROXY_VARIABLES:
        monkeypatch.setenv(name, url)
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    yield url


def test_start_and_admin_calls_ignore_environment_proxies(dead_proxy: str, tmp_path: Path) -> None:
    with running(data_dir=tmp_path / "data", latency_ms=0) as emu:
        changed = emu.set_faults(latency_ms=5)
        assert changed["latency_ms"] == 5
        assert emu.reset_faults()["latency_ms"] == 0
        emu.isolated().delete_store()  # a key's store: nothing to delete, still a 204
        restarted = emu.restart()
        assert restarted == emu.base_url
