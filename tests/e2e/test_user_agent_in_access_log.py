"""The emulator's access log shows who called: our User-Agent and the user's product token."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import httpx
import pytest

import cloudglue_client
from cloudglue_emulator.testing import RunningEmulator, running

pytestmark = pytest.mark.e2e
DEADLINE_SECONDS = 15.0


def access_lines(emu: RunningEmulator, path: str) -> list[str]:
    """The access-log lines for `path`, polled until one appears (it is written after the
    response is sent) or the deadline passes."""
    deadline = time.monotonic() + DEADLINE_SECONDS
    while True:
        lines = [
            line
            for line in emu.log_text().splitlines()
            if "cloudglue_emulator.access" in line and f" {path} " in line
        ]
        if lines or time.monotonic() > deadline:
            return lines
        time.sleep(0.05)


def test_every_request_is_logged_with_the_clients_user_agent(tmp_path: Path) -> None:
    with (
        running(data_dir=tmp_path, extra_args=["--log-level", "info"]) as emu,
        emu.client(user_agent="svc-under-test/7.1") as cg,
    ):
        list(cg.files.list())
        with pytest.raises(cloudglue_client.NotFoundError) as missing_error:
            cg.files.get("no-such-file")
        listed = access_lines(emu, "/v1/files")
        missing = access_lines(emu, "/v1/files/no-such-file")
    assert len(listed) == 1 and len(missing) == 1, emu.log_text()
    assert listed[0].split(": ", 1)[1].startswith("GET /v1/files 200 ")
    assert missing[0].split(": ", 1)[1].startswith("GET /v1/files/no-such-file 404 ")
    # The error names the request id the server logged: a failing test finds its line.
    request_id = missing_error.value.request_id
    assert request_id and request_id.startswith("req_") and f" {request_id} " in missing[0]
    assert f"(request id {request_id})" in str(missing_error.value)
    python = f"{sys.version_info.major}.{sys.version_info.minor}"
    agent = (
        f"cloudglue-client/{cloudglue_client.__version__} python/{python} "
        f"httpx/{httpx.__version__} svc-under-test/7.1"
    )
    for line in (*listed, *missing):
        assert line.endswith(f'"{agent}"'), line
