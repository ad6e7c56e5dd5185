"""The command line against the real emulator, as a subprocess (console script entry point)."""

from __future__ import annotations

import csv
import json
import os
import re
import shlex
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from cloudglue_emulator.media import SampleTruth
from cloudglue_emulator.testing import RunningEmulator, running

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.slow,
]  # the CLI as a subprocess, jobs that stay processing for seconds


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


# -- Ctrl-C during --wait: the job goes on, and the printed command waits for it again ------------

#: Every job on the emulator below stays `processing` this long; a wait is interrupted well
#: before that (as soon as the emulator logs the CLI's first poll).
JOB_DELAY_SECONDS = 6.0
DEADLINE_SECONDS = 60.0
UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
#: The real console script next to this interpreter (`python -m cloudglue_client.cli` without).
SCRIPT = Path(sys.executable).with_name("cloudglue-client")
COMMAND = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "cloudglue_client.cli"]


@pytest.fixture(scope="module")
def slow(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningEmulator]:
    if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
        pytest.skip("SIGINT is ignored here, so the CLI under test would inherit that")
    data = tmp_path_factory.mktemp("slow-emulator")
    with running(
        data_dir=data, job_delay_seconds=JOB_DELAY_SECONDS, extra_args=["--log-level", "info"]
    ) as emu:
        yield emu


@pytest.fixture(scope="module")
def slow_file(slow: RunningEmulator, sample: SampleTruth) -> str:
    with slow.client() as cg:
        return cg.files.upload(sample.path, wait=True, wait_timeout=DEADLINE_SECONDS).id


def polls(emu: RunningEmulator, path_prefix: str) -> int:
    """How many GETs under `path_prefix` the emulator's access log shows so far."""
    pattern = re.compile(rf"cloudglue_emulator\.access.*: GET {re.escape(path_prefix)}{UUID} ")
    return len(pattern.findall(emu.log_text()))


def interrupt_once_polling(
    emu: RunningEmulator, args: list[str], path_prefix: str
) -> subprocess.CompletedProcess[str]:
    """Run the CLI, send SIGINT once the emulator has logged one more poll, collect it."""
    env = {**os.environ, "CLOUDGLUE_BASE_URL": emu.base_url, "CLOUDGLUE_API_KEY": emu.api_key}
    before = polls(emu, path_prefix)
    with subprocess.Popen(
        [*COMMAND, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    ) as process:
        try:
            deadline = time.monotonic() + DEADLINE_SECONDS
            while polls(emu, path_prefix) == before and process.poll() is None:
                assert time.monotonic() < deadline, "the CLI never polled"
                time.sleep(0.05)
            process.send_signal(signal.SIGINT)
            out, err = process.communicate(timeout=DEADLINE_SECONDS)
        finally:
            process.kill()
    return subprocess.CompletedProcess(args, process.returncode, out, err)


@pytest.mark.parametrize(
    ("args", "path_prefix", "group", "noun"),
    [
        (["frames", "create", "{file}", "--fps", "2", "--max-width", "96", "--wait"],
         "/v1/frames/", "frames", "frame extraction"),
        (["segmentations", "create", "{file}", "--strategy", "uniform", "--window", "2", "--wait"],
         "/v1/segmentations/", "segmentations", "segmentation"),
        (["files", "upload", "{clip}", "--wait"], "/v1/files/", "files", "file"),
        (["frames", "wait", "{job}"], "/v1/frames/", "frames", "frame extraction"),
    ],
    ids=["frames create", "segmentations create", "files upload", "frames wait"],
)  # fmt: skip
def test_ctrl_c_during_a_wait_prints_the_job_and_the_command_that_waits_again(
    slow: RunningEmulator,
    slow_file: str,
    sample: SampleTruth,
    args: list[str],
    path_prefix: str,
    group: str,
    noun: str,
) -> None:
    job = ""
    if "{job}" in args:
        with slow.client() as cg:
            job = str(cg.frames.create(slow_file, frames_per_second=1).frame_extraction_id)
    filled = [
        a.replace("{file}", slow_file).replace("{clip}", str(sample.path)).replace("{job}", job)
        for a in args
    ]
    done = interrupt_once_polling(slow, [*filled, "-q"], path_prefix)
    assert done.returncode == 130, done.stderr
    assert done.stdout == ""  # -q: nothing but ids on stdout, and no id is final yet
    match = re.fullmatch(
        rf"interrupted: stopped waiting for {noun} ({UUID}); it goes on on the server\n"
        rf"to wait for it again: (cloudglue-client {group} wait \1 --quiet)\n",
        done.stderr,
    )
    assert match, done.stderr
    job_id, resume = match.groups()
    assert not job or job_id == job

    env = {**os.environ, "CLOUDGLUE_BASE_URL": slow.base_url, "CLOUDGLUE_API_KEY": slow.api_key}
    again = subprocess.run(
        [*COMMAND, *shlex.split(resume)[1:]],
        capture_output=True,
        text=True,
        timeout=DEADLINE_SECONDS * 2,
        env=env,
        check=False,
    )
    assert again.returncode == 0, again.stderr
    assert again.stdout == f"{job_id}\n"  # the same job finished: it went on after Ctrl-C


# -- the file lifecycle: update, thumbnails, segments, list filters ------------------------------


@pytest.fixture
def fresh_file(emulator: RunningEmulator, sample: SampleTruth) -> str:
    """A file of its own (no other test's jobs or metadata on it)."""
    up = cli(emulator, "files", "upload", str(sample.path), "--wait", "-q")
    assert up.returncode == 0, up.stderr
    return up.stdout.strip()


def test_cli_update_a_file_and_find_it_by_its_metadata(
    emulator: RunningEmulator, fresh_file: str
) -> None:
    tag = {"team": f"cli-{fresh_file[:8]}"}
    updated = cli(emulator, "--json", "files", "update", fresh_file, "--filename", "renamed.mp4",
                  "--metadata", json.dumps(tag))  # fmt: skip
    assert updated.returncode == 0, updated.stderr
    assert json.loads(updated.stdout)["filename"] == "renamed.mp4"
    got = json.loads(cli(emulator, "--json", "files", "get", fresh_file).stdout)
    assert (got["filename"], got["metadata"]) == ("renamed.mp4", tag)
    match = {"metadata": [{"path": "team", "operator": "Equal", "valueText": tag["team"]}]}
    found = cli(emulator, "files", "list", "--filter", json.dumps(match), "-q")
    assert found.returncode == 0 and found.stdout.split() == [fresh_file], found.stderr
    refused = cli(emulator, "files", "update", fresh_file, "--filename", "x", "--metadata", "[]")
    assert refused.returncode == 2 and "expected a JSON object" in refused.stderr


def test_cli_segments_of_a_file_in_a_window_labelled_and_their_thumbnails(
    emulator: RunningEmulator, fresh_file: str
) -> None:
    cut = cli(emulator, "segmentations", "create", fresh_file, "--strategy", "uniform",
              "--window", "2", "--thumbnails", "--wait", "-q")  # fmt: skip
    assert cut.returncode == 0, cut.stderr
    seg_id = cut.stdout.strip()
    window = cli(emulator, "--json", "files", "segments", fresh_file, "--start-time-after", "2",
                 "--end-time-before", "6")  # fmt: skip
    assert window.returncode == 0, window.stderr
    segments = json.loads(window.stdout)
    assert [(s["start_time"], s["end_time"]) for s in segments] == [(2, 4), (4, 6)]
    assert {s["segmentation_id"] for s in segments} == {seg_id}

    segment = segments[0]["id"]
    labelled = cli(emulator, "segments", "update", fresh_file, segment, "--metadata",
                   '{"label": "intro"}', "-q")  # fmt: skip
    assert labelled.returncode == 0 and labelled.stdout == f"{segment}\n", labelled.stderr
    again = json.loads(cli(emulator, "--json", "segments", "get", fresh_file, segment).stdout)
    assert again["metadata"] == {"label": "intro"}

    every = json.loads(cli(emulator, "--json", "files", "segments", fresh_file).stdout)
    thumbs = cli(emulator, "--json", "files", "thumbnails", fresh_file, "--segmentation-id",
                 seg_id, "--type", "segment")  # fmt: skip
    assert thumbs.returncode == 0, thumbs.stderr
    listed = json.loads(thumbs.stdout)
    assert {t["type"] for t in listed} == {"segment"}
    assert sorted(t["segment_id"] for t in listed) == sorted(s["id"] for s in every)
    missing = cli(emulator, "segments", "get", fresh_file, "00000000-0000-4000-8000-000000000000")
    assert missing.returncode == 3 and "404" in missing.stderr
