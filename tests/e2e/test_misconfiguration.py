"""Against the real emulator: a base URL without `/v1` is named as the cause of the 404s."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from cloudglue_client import Cloudglue, NotFoundError
from cloudglue_emulator.testing import RunningEmulator

pytestmark = pytest.mark.e2e


def test_the_client_says_the_v1_is_missing(emulator: RunningEmulator) -> None:
    root = emulator.base_url.removesuffix("/v1")
    with (
        Cloudglue(api_key=emulator.api_key, base_url=root) as cg,
        pytest.raises(NotFoundError) as e,
    ):
        cg.files.list()
    assert "does not end in a version segment" in str(e.value)
    assert f"use {root}/v1;" in str(e.value)


def test_the_cli_says_the_v1_is_missing(emulator: RunningEmulator) -> None:
    root = emulator.base_url.removesuffix("/v1")
    env = {**os.environ, "CLOUDGLUE_API_KEY": emulator.api_key}
    result = subprocess.run(
        [sys.executable, "-m", "cloudglue_client.cli", "--base-url", root, "files", "list"],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )
    assert result.returncode == 3
    assert f"use {root}/v1;" in result.stderr and "--base-url" in result.stderr
    assert emulator.api_key not in result.stderr
