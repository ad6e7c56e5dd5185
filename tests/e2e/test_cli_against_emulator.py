"""The command line against the real emulator, as a subprocess (console script entry point)."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cloudglue_emulator.media import SampleTruth
from cloudglue_emulator.testing import RunningEmulator

pytestmark = pytest.mark.e2e


def cli(
    emu: RunningEmulator, *args: str, key: str | None = None
) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "CLOUDGLUE_BASE_URL": emu.base_url,
        "CLOUDGLUE_API_KEY": key or emu.api_key,
    }
    return subprocess.run(
        [sys.executable, "-m", "cloudglue_client.cli", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )


def test_cli_full_flow(emulator: RunningEmulator, sample: SampleTruth, tmp_path: Path) -> None:
    up = cli(
        emulator,
        "--json",
        "files",
        "upload",
        str(sample.path),
        "--metadata",
        '{"from": "cli"}',
        "--wait",
    )
    assert up.returncode == 0, up.stderr
    file_id = json.loads(up.stdout)["id"]

    fx = cli(
        emulator, "--json", "frames", "create", file_id, "--fps", "4", "--max-width", "96", "--wait"
    )
    assert fx.returncode == 0, fx.stderr
    job = json.loads(fx.stdout)
    assert job["status"] == "completed" and job["frame_count"] == 32

    out = tmp_path / "frames.csv"
    exported = cli(
        emulator,
        "frames",
        "export",
        job["frame_extraction_id"],
        "--format",
        "csv",
        "--output",
        str(out),
    )
    assert exported.returncode == 0, exported.stderr
    rows = list(csv.DictReader(out.open()))
    assert [float(r["timestamp"]) for r in rows] == [i / 4 for i in range(32)]

    seg = cli(
        emulator,
        "--json",
        "segmentations",
        "create",
        file_id,
        "--strategy",
        "shot-detector",
        "--detector",
        "adaptive",
        "--min-seconds",
        "0.6",
        "--wait",
    )
    assert seg.returncode == 0, seg.stderr
    seg_id = json.loads(seg.stdout)["segmentation_id"]
    lines = cli(emulator, "segmentations", "export", seg_id)
    assert lines.returncode == 0
    segments = [json.loads(line) for line in lines.stdout.splitlines()]
    assert len(segments) == len([c for c in sample.cuts if c < sample.seconds]) + 1

    table = cli(emulator, "frames", "list", file_id)
    assert table.returncode == 0 and job["frame_extraction_id"] in table.stdout


def test_cli_errors_are_one_line_with_distinct_exit_codes(emulator: RunningEmulator) -> None:
    missing = cli(emulator, "frames", "get", "00000000-0000-4000-8000-000000000000")
    assert missing.returncode == 3
    assert missing.stderr.strip().count("\n") == 0 and "404" in missing.stderr
    bad_key = cli(emulator, "files", "list", key="cg-wrong-key-canary")
    assert bad_key.returncode == 3 and "401" in bad_key.stderr
    assert "cg-wrong-key-canary" not in bad_key.stderr + bad_key.stdout
    usage = cli(emulator, "frames", "get", "not-a-uuid")
    assert usage.returncode == 2 and "frame_extraction_id" in usage.stderr
