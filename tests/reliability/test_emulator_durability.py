"""`kill -9` during uploads and jobs, restart, repeat: nothing acknowledged is lost or changed.

Each round uploads small files, starts a frame extraction and a shot-detector segmentation,
then SIGKILLs the server while a large (24 MiB) upload is on the wire: half-way through the body,
once the server's temp file holds (almost) all of it, or once the server has moved it into
uploads/ (see KILL_POINTS). After the restart:

- every upload that got a 200 is there with the same row (id, name, size, metadata,
  created_at), its stored bytes hash like the source, and it reaches `completed`;
- a file that never got its 200 is either absent or complete, never partial; half-way kills
  leave nothing at all; `tmp/` is empty and `uploads/` holds exactly the listed files;
- every job finished before the kill has the same frames/segments/shots and thumbnails;
- every job, including the ones the kill interrupted, reaches `completed` within a deadline,
  with the results an uninterrupted job gives.

Short (make test): 2 rounds. Full (CLOUDGLUE_RELIABILITY=full): 8 rounds.
"""

from __future__ import annotations

import hashlib
import io
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, BinaryIO, cast

import httpx
import pytest

from cloudglue_emulator.media import uniform_sample_times
from cloudglue_emulator.testing import RunningEmulator, running
from tests.support.clips import sample_clip
from tests.support.polling import poll_until

from .emulator_helpers import (
    FULL,
    POLL_SECONDS,
    all_pages,
    assert_serving,
    padded_video,
    sha256,
    wait_terminal,
)

pytestmark = [pytest.mark.e2e, pytest.mark.slow]  # kill -9 loops on emulator subprocesses

ROUNDS = 8 if FULL else 2
KILL_POINTS = ("half-sent", "received", "half-sent", "stored")
"""Where the big upload is when the server dies: half of the body sent; the body (almost) all
in the server's temp file; the file renamed into uploads/ (before or around its row and 200)."""
BIG_BYTES = 24 * 1024 * 1024
JOB_DEADLINE = 90.0
LONG_SECONDS = 24
SHOT_CONFIG = {"strategy": "shot-detector", "shot_detector_config": {"detector": "adaptive"}}


@dataclass(frozen=True)
class Source:
    path: Path
    size: int
    digest: str


def source(path: Path) -> Source:
    return Source(path, path.stat().st_size, sha256(path))


class TrippingReader(io.RawIOBase):
    """A file whose reads set `tripped` once `trip_at` bytes have been handed to the client."""

    def __init__(self, path: Path, trip_at: int) -> None:
        super().__init__()
        self._file = path.open("rb")
        self._trip_at = trip_at
        self.sent = 0
        self.tripped = threading.Event()

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        return self._file.seek(offset, whence)

    def tell(self) -> int:
        return self._file.tell()

    def fileno(self) -> int:
        return self._file.fileno()

    def readinto(self, buffer: Any) -> int:
        n = self._file.readinto(buffer)
        self.sent += n
        if self.sent >= self._trip_at:
            self.tripped.set()
        return n

    def close(self) -> None:
        self._file.close()
        super().close()


@dataclass
class UploadOutcome:
    response: httpx.Response | None = None
    error: BaseException | None = None


def upload_in_thread(
    emu: RunningEmulator, reader: TrippingReader, outcome: UploadOutcome
) -> threading.Thread:
    def run() -> None:
        try:
            outcome.response = httpx.post(
                f"{emu.base_url}/files",
                headers=emu.headers,
                files={"file": ("big.mp4", cast(BinaryIO, reader), "video/mp4")},
                data={"metadata": '{"big": true}'},
                timeout=30.0,
            )
        except BaseException as exc:
            outcome.error = exc

    thread = threading.Thread(target=run, name="big-upload", daemon=True)
    thread.start()
    return thread


def temp_nearly_full(data_dir: Path) -> str | None:
    """Set once the server's temp file holds all but the last 2 MiB of the big upload."""
    for part in (data_dir / "tmp").glob("*.part"):
        try:
            size = part.stat().st_size
        except FileNotFoundError:
            continue
        if size >= BIG_BYTES - 2 * 2**20:
            return f"the server's temp file held {size / 2**20:.1f} MiB"
    return None


def newly_stored(data_dir: Path, before: set[str]) -> str | None:
    new = {p.name for p in (data_dir / "uploads").iterdir()} - before
    return "the server had moved it into uploads/" if new else None


def answered(thread: threading.Thread) -> str | None:
    return None if thread.is_alive() else "the server had answered"


def first_of(checks: Sequence[Callable[[], str | None]]) -> str | None:
    for check in checks:
        found = check()
        if found is not None:
            return found
    return None


def snapshot(c: httpx.Client, kind: str, job_id: str) -> dict[str, Any]:
    """A finished job: its fields, every result item, shots, and hashes of two thumbnails."""
    body = c.get(f"/{kind}/{job_id}").json()
    key = "frames" if kind == "frames" else "segments"
    items = all_pages(c, f"/{kind}/{job_id}", key)
    shots = body.get("data", {}).get("shots")
    body.pop("data", None)
    thumbs = {}
    for item in (items[:1] + items[-1:]) if items else []:
        if "thumbnail_url" in item:
            image = httpx.get(item["thumbnail_url"], timeout=10.0)
            assert image.status_code == 200
            thumbs[item["thumbnail_url"]] = hashlib.sha256(image.content).hexdigest()
    return {"job": body, "items": items, "shots": shots, "thumbs": thumbs}


@pytest.fixture(scope="module")
def media(
    tmp_path_factory: pytest.TempPathFactory, small_clip: Path, run_cache: Path
) -> dict[str, Source]:
    root = tmp_path_factory.mktemp("durability-media")
    small = small_clip
    long = sample_clip(run_cache, seconds=LONG_SECONDS, width=320, height=180).path
    big = padded_video(small, root / "big.mp4", BIG_BYTES)
    return {"small": source(small), "long": source(long), "big": source(big)}


@pytest.fixture
def emulator(tmp_path: Path) -> Iterator[RunningEmulator]:
    with running(data_dir=tmp_path / "data") as emu:
        yield emu


def upload(c: httpx.Client, src: Source, name: str, meta: str) -> dict[str, Any]:
    with src.path.open("rb") as handle:
        r = c.post("/files", files={"file": (name, handle, "video/mp4")}, data={"metadata": meta})
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


def test_kill_9_during_uploads_and_jobs_loses_nothing_acknowledged(
    emulator: RunningEmulator, media: dict[str, Source]
) -> None:
    emu = emulator
    data_dir = emu.data_dir
    acked: dict[str, tuple[dict[str, Any], Source]] = {}  # id -> (200 body, source)
    jobs: dict[str, str] = {}  # id -> "frames" | "segmentations"
    expected_frames: dict[str, list[float]] = {}
    figures: list[str] = []
    interrupted_total = 0

    c = httpx.Client(base_url=emu.base_url, headers=emu.headers, timeout=30.0)
    try:
        long = upload(c, media["long"], "long.mp4", '{"kind": "long"}')
        acked[long["id"]] = (long, media["long"])
        duration = wait_terminal(c, f"/files/{long['id']}", 60)["media_info"]["duration_seconds"]
        reference = c.post(f"/files/{long['id']}/segmentations", json=SHOT_CONFIG).json()
        ref_id = reference["segmentation_id"]
        assert wait_terminal(c, f"/segmentations/{ref_id}", JOB_DEADLINE)["status"] == "completed"
        jobs[ref_id] = "segmentations"
        reference_cut = snapshot(c, "segmentations", ref_id)
        finished = {ref_id: reference_cut}

        for rnd in range(ROUNDS):
            # Acknowledged small uploads, left to process while the server dies.
            for n in range(2):
                body = upload(c, media["small"], f"r{rnd}-{n}.mp4", f'{{"round": {rnd}, "n": {n}}}')
                acked[body["id"]] = (body, media["small"])
            # Long-running jobs: one frame extraction (new fps each round) and one segmentation.
            fps = 10 + rnd * 0.5
            fx = c.post(
                f"/files/{long['id']}/frames",
                json={"strategy": "uniform", "uniform_config": {"frames_per_second": fps}},
            ).json()
            seg = c.post(f"/files/{long['id']}/segmentations", json=SHOT_CONFIG).json()
            round_jobs = {
                fx["frame_extraction_id"]: "frames",
                seg["segmentation_id"]: "segmentations",
            }
            jobs.update(round_jobs)
            expected_frames[fx["frame_extraction_id"]] = uniform_sample_times(duration, fps)

            def processing(
                round_jobs: dict[str, str] = round_jobs, c: httpx.Client = c
            ) -> list[str] | None:
                statuses = {j: c.get(f"/{k}/{j}").json()["status"] for j, k in round_jobs.items()}
                return [j for j, s in statuses.items() if s == "processing"] or None

            busy = poll_until(processing, 20, "a job to be processing", POLL_SECONDS)
            # Kill mid-upload: see KILL_POINTS.
            point = KILL_POINTS[rnd % len(KILL_POINTS)]
            trip_at = BIG_BYTES // 2 if point == "half-sent" else BIG_BYTES
            reader = TrippingReader(media["big"].path, trip_at)
            outcome = UploadOutcome()
            before = {p.name for p in (data_dir / "uploads").iterdir()}
            thread = upload_in_thread(emu, reader, outcome)
            assert reader.tripped.wait(30), "the big upload never got going"
            where = f"client had sent {reader.sent / 2**20:.1f} of {BIG_BYTES / 2**20:.0f} MiB"
            if point != "half-sent":
                # Fall back to later points if the server moved on between two polls.
                checks = [partial(newly_stored, data_dir, before), partial(answered, thread)]
                if point == "received":
                    checks.insert(0, partial(temp_nearly_full, data_dir))
                where = poll_until(
                    partial(first_of, checks), 30, f"kill point {point!r}", interval=0.001
                )
            emu.kill()
            thread.join(30)
            reader.close()
            assert not thread.is_alive()
            unfinished = [j for j in round_jobs if j not in busy]  # may have been pending
            interrupted_total += len(busy)

            big_id: str | None = None
            if outcome.response is not None and outcome.response.status_code == 200:
                big_body = outcome.response.json()
                big_id = big_body["id"]
                acked[big_id] = (big_body, media["big"])
            else:
                assert outcome.error is not None or outcome.response is not None
            if point == "half-sent":
                assert big_id is None, "a half-sent upload was acknowledged"

            emu.restart()
            c.close()
            c = httpx.Client(base_url=emu.base_url, headers=emu.headers, timeout=30.0)

            assert list((data_dir / "tmp").iterdir()) == [], "half-written upload left behind"
            # Finished results are unchanged.
            for job_id, earlier in finished.items():
                assert snapshot(c, jobs[job_id], job_id) == earlier, job_id
            # Every acknowledged upload: same row, same bytes, and it completes.
            for file_id, (body, src) in acked.items():
                now = wait_terminal(c, f"/files/{file_id}", JOB_DEADLINE)
                assert now["status"] == "completed", now
                for key in ("id", "filename", "bytes", "metadata", "created_at", "media_info"):
                    assert now[key] == body[key], (file_id, key)
                assert now["bytes"] == src.size
                assert sha256(data_dir / "uploads" / f"{file_id}.bin") == src.digest
            # Nothing partial is visible: every listed file is complete and was sent whole.
            listed = {f["id"]: f for f in all_pages(c, "/files", "data")}
            extra = set(listed) - set(acked)
            assert len(extra) <= (0 if point == "half-sent" else 1), extra
            for file_id in extra:  # stored, then killed before the 200 went out: complete
                f = wait_terminal(c, f"/files/{file_id}", JOB_DEADLINE)
                assert f["bytes"] == BIG_BYTES and f["status"] == "completed", f
                assert sha256(data_dir / "uploads" / f"{file_id}.bin") == media["big"].digest
                acked[file_id] = (f, media["big"])
            assert set(acked) <= set(listed)
            stored = {p.name for p in (data_dir / "uploads").iterdir()}
            assert stored == {f"{file_id}.bin" for file_id in acked}
            # Every job reaches a terminal state; interrupted ones finish with the right result.
            for job_id in round_jobs:
                kind = jobs[job_id]
                done = wait_terminal(c, f"/{kind}/{job_id}", JOB_DEADLINE)
                assert done["status"] == "completed", done
                snap = snapshot(c, kind, job_id)
                if kind == "frames":
                    got = [f["timestamp"] for f in snap["items"]]
                    assert got == expected_frames[job_id]
                    assert all("thumbnail_url" in f for f in snap["items"])
                else:
                    cut = [(s["start_time"], s["end_time"]) for s in snap["items"]]
                    ref = [(s["start_time"], s["end_time"]) for s in reference_cut["items"]]
                    assert cut == ref and snap["shots"] == reference_cut["shots"]
                finished[job_id] = snap
            if big_id:
                outcome_text = "got its 200, intact after restart"
            elif extra:
                outcome_text = "no 200, but stored whole: listed and intact after restart"
            else:
                error = type(outcome.error).__name__ if outcome.error else "no response"
                outcome_text = f"no 200 ({error}), not listed, nothing left on disk"
            figures.append(
                f"  round {rnd + 1}: kill -9 when {where}; big upload: {outcome_text}; "
                f"jobs processing just before: {len(busy)} (+{len(unfinished)} pending or done)"
            )
        assert_serving(emu, long["id"])
        # Ground truth from the database: jobs claimed more than once were really interrupted.
        db = sqlite3.connect(f"file:{data_dir / 'emulator.sqlite3'}?mode=ro", uri=True)
        try:
            attempts = dict(db.execute("SELECT id, attempts FROM jobs").fetchall())
        finally:
            db.close()
        resumed = sum(1 for job_id in jobs if attempts[job_id] >= 2)
    finally:
        c.close()

    print(
        f"\ndurability: {ROUNDS} kill -9 rounds, {len(acked)} acknowledged uploads intact, "
        f"{len(finished)} finished jobs unchanged, {resumed} jobs interrupted mid-run and "
        f"completed after restart ({interrupted_total} seen processing just before a kill)"
    )
    print("\n".join(figures))
    assert resumed >= ROUNDS  # the kills really hit running jobs
