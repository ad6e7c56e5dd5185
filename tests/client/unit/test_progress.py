"""Progress for long work: upload bytes, on_update through create/iter/upload, heartbeats."""

from __future__ import annotations

import io
import itertools
import threading
from pathlib import Path
from typing import Any

import httpx
import pytest

from cloudglue_client import APIStatusError, uniform
from tests.support.clock import FakeClock
from tests.support.fakeapi import FILE_ID, JOB_ID, SEG_ID, FakeAPI, frame_job, respond, segmentation

from .conftest import Flavor
from .test_uploads import parts

FILE = {"id": FILE_ID, "uri": f"cloudglue://files/{FILE_ID}", "status": "pending"}
DONE = dict(FILE, status="completed")
SIZE = 300 * 1024  # several of httpx's 64 KiB chunks


def test_upload_progress_counts_every_byte_of_a_path(
    flavor: Flavor, api: FakeAPI, tmp_path: Path
) -> None:
    video = tmp_path / "v.mp4"
    video.write_bytes(b"v" * SIZE)
    seen: list[tuple[int, int | None]] = []
    api.script = [respond(200, FILE)]
    flavor.call(lambda cg: cg.files.upload(video, on_progress=lambda s, t: seen.append((s, t))))
    assert seen[-1] == (SIZE, SIZE)
    assert len(seen) == 5  # 64 KiB at a time
    assert [s for s, _ in seen] == sorted(s for s, _ in seen)


def test_upload_progress_is_reported_in_the_callers_thread(
    flavor: Flavor, api: FakeAPI, tmp_path: Path
) -> None:
    # An async upload reads its file in a worker thread; its callbacks still run on the event
    # loop's thread, where an async program's objects (queues, futures) may be touched.
    video = tmp_path / "v.mp4"
    video.write_bytes(b"v" * SIZE)
    threads: set[int] = set()
    api.script = [respond(200, FILE)]
    flavor.call(
        lambda cg: cg.files.upload(
            video, on_progress=lambda s, t: threads.add(threading.get_ident())
        )
    )
    assert threads == {threading.get_ident()}


def test_a_retried_upload_reports_from_zero_again(flavor: Flavor, api: FakeAPI) -> None:
    data = io.BytesIO(b"d" * SIZE)
    seen: list[int] = []
    api.script = [respond(503, {"error": "busy"}, headers={"Retry-After": "0"}), respond(200, FILE)]
    flavor.call(
        lambda cg: cg.files.upload(data, filename="a.mp4", on_progress=lambda s, t: seen.append(s))
    )
    assert len(api.requests) == 2
    assert seen.count(SIZE) == 2
    restart = seen.index(SIZE) + 1
    assert seen[restart] < SIZE and seen[-1] == SIZE


def test_an_unsized_stream_reports_no_total(flavor: Flavor, api: FakeAPI) -> None:
    class Unsized:  # a pipe-like reader: no seek, no size
        mode = "rb"

        def __init__(self) -> None:
            self.left = 1000

        def read(self, size: int = -1) -> bytes:
            n = self.left if size < 0 else min(size, self.left)
            self.left -= n
            return b"u" * n

    seen: list[tuple[int, int | None]] = []
    api.script = [respond(200, FILE)]
    flavor.call(
        lambda cg: cg.files.upload(
            Unsized(), filename="u.mp4", on_progress=lambda s, t: seen.append((s, t))
        )
    )
    assert seen == [(1000, None)]


def test_create_iter_and_upload_with_wait_pass_on_update(
    flavor: Flavor, api: FakeAPI, tmp_path: Path
) -> None:
    statuses: list[str] = []
    api.script = [
        respond(200, segmentation("pending")),
        respond(200, segmentation("processing")),
        respond(200, segmentation("completed")),
    ]
    flavor.call(
        lambda cg: cg.segmentations.create(
            FILE_ID, uniform(2), wait=True, on_update=lambda j: statuses.append(j.status)
        )
    )
    assert statuses == ["processing", "completed"]

    statuses.clear()
    api.requests.clear()
    api.script = [respond(200, frame_job("processing"))]  # then the fake serves completed pages
    frames = flavor.collect(
        lambda cg: cg.frames.iter_frames(
            JOB_ID, wait=True, on_update=lambda j: statuses.append(j.status)
        )
    )
    assert statuses == ["processing", "completed"] and len(frames) == 250

    statuses.clear()
    video = tmp_path / "v.mp4"
    video.write_bytes(b"x")
    api.script = [respond(200, FILE), respond(200, DONE)]
    flavor.call(
        lambda cg: cg.files.upload(video, wait=True, on_update=lambda f: statuses.append(f.status))
    )
    assert statuses == ["completed"]


def test_a_finished_job_is_still_shown_to_on_update(flavor: Flavor, api: FakeAPI) -> None:
    seen: list[Any] = []
    api.script = [respond(200, frame_job("completed"))]
    flavor.call(lambda cg: cg.frames.create(FILE_ID, wait=True, on_update=seen.append))
    assert len(api.requests) == 1 and len(seen) == 1


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda cg: cg.frames.create(FILE_ID, wait=True, on_update=3), "on_update"),
        (
            lambda cg: cg.segmentations.create(FILE_ID, uniform(2), wait=True, wait_timeout=-1),
            "timeout",
        ),
        (lambda cg: cg.files.upload(io.BytesIO(b"x"), on_progress="no"), "on_progress"),
        (lambda cg: cg.files.upload(io.BytesIO(b"x"), wait=True, on_update=1), "on_update"),
    ],
)
def test_bad_callbacks_fail_before_anything_is_sent(
    flavor: Flavor, api: FakeAPI, call: Any, message: str
) -> None:
    with pytest.raises((TypeError, ValueError), match=message):
        flavor.call(call)
    assert api.requests == []


def test_heartbeat_while_the_status_stays(flavor: Flavor, api: FakeAPI, clock: FakeClock) -> None:
    polls = 12
    api.script = [respond(200, frame_job("processing")) for _ in range(polls)]
    api.script.append(respond(200, frame_job("completed")))
    calls: list[tuple[float, str]] = []
    start = clock.now
    flavor.call(
        lambda cg: cg.frames.wait(
            JOB_ID, heartbeat=1.0, on_update=lambda j: calls.append((clock.now - start, j.status))
        )
    )
    times = [t for t, _ in calls]
    assert calls[0] == (0.0, "processing") and calls[-1][1] == "completed"
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert max(gaps) <= 1.0 + 1e-9  # never a second without an update
    assert len(api.requests) == polls + 1  # heartbeats cost no requests
    assert times[-1] > 30  # backoff grew the intervals past the heartbeat


def test_no_heartbeat_means_status_changes_only(
    flavor: Flavor, api: FakeAPI, clock: FakeClock
) -> None:
    api.script = [respond(200, frame_job("processing")) for _ in range(8)]
    api.script.append(respond(200, frame_job("completed")))
    seen: list[str] = []
    flavor.call(
        lambda cg: cg.frames.wait(JOB_ID, heartbeat=None, on_update=lambda j: seen.append(j.status))
    )
    assert seen == ["processing", "completed"]


def test_the_default_heartbeat_is_five_seconds(
    flavor: Flavor, api: FakeAPI, clock: FakeClock
) -> None:
    api.route = lambda request: httpx.Response(200, json=frame_job("processing"))
    seen: list[float] = []
    start = clock.now
    with pytest.raises(TimeoutError):
        flavor.call(
            lambda cg: cg.frames.wait(
                JOB_ID, timeout=60, on_update=lambda j: seen.append(clock.now - start)
            )
        )
    gaps = [b - a for a, b in itertools.pairwise(seen)]
    assert max(gaps) <= 5.0 + 1e-9 and len(seen) >= 12


def test_segmentation_heartbeat_too(flavor: Flavor, api: FakeAPI, clock: FakeClock) -> None:
    api.script = [respond(200, segmentation("pending")) for _ in range(6)]
    api.script.append(respond(200, segmentation("completed")))
    seen: list[str] = []
    flavor.call(
        lambda cg: cg.segmentations.wait(
            SEG_ID, heartbeat=0.5, on_update=lambda j: seen.append(j.status)
        )
    )
    assert seen.count("pending") > 6 and seen[-1] == "completed"


def test_a_pipe_is_sent_whole_and_chunked(flavor: Flavor, api: FakeAPI) -> None:
    import os
    import threading

    read_end, write_end = os.pipe()
    data = b"0123456789abcdef" * 20_000  # more than a pipe buffer: the writer must stream

    def write() -> None:
        with os.fdopen(write_end, "wb") as w:
            w.write(data)

    writer = threading.Thread(target=write)
    writer.start()
    seen: list[tuple[int, int | None]] = []
    api.script = [respond(200, FILE)]
    with os.fdopen(read_end, "rb") as pipe:
        flavor.call(
            lambda cg: cg.files.upload(
                pipe, filename="p.mp4", on_progress=lambda s, t: seen.append((s, t))
            )
        )
    writer.join(timeout=30)
    request = api.requests[0]
    assert parts(request)["file"] == data  # not cut at the pipe's fstat size of 0
    assert "content-length" not in request.headers  # chunked: the size is unknown
    assert seen[-1] == (len(data), None)


def test_a_stream_that_cannot_seek_is_not_sent_again(flavor: Flavor, api: FakeAPI) -> None:
    class Once:
        mode = "rb"

        def __init__(self) -> None:
            self.left = 5000

        def read(self, size: int = -1) -> bytes:
            n = self.left if size < 0 else min(size, self.left)
            self.left -= n
            return b"o" * n

    api.script = [respond(503, {"error": "busy"}, headers={"Retry-After": "0"}), respond(200, FILE)]
    with pytest.raises(APIStatusError) as info:
        flavor.call(lambda cg: cg.files.upload(Once(), filename="o.mp4"))
    assert len(api.requests) == 1  # never a second, empty file
    # What the server said comes out, with why it was not retried as its cause.
    assert info.value.status_code == 503 and "busy" in str(info.value)
    assert "after 5000 bytes were sent and cannot be retried" in str(info.value.__cause__)


@pytest.mark.parametrize("mock", [False, True], ids=["own", "users-httpx-client"])
def test_an_exception_of_on_progress_ends_the_upload_as_it_is(
    flavor: Flavor, api: FakeAPI, tmp_path: Path, mock: bool
) -> None:
    # The callback runs while the transport reads the file: its exception must not come out
    # as a transport failure (an APIConnectionError), nor be retried.
    class Stop(Exception):
        pass

    def on_progress(sent: int, total: int | None) -> None:
        raise Stop(f"at {sent}")

    video = tmp_path / "v.mp4"
    video.write_bytes(b"v" * SIZE)
    api.script = [respond(200, FILE)]
    with pytest.raises(Stop, match="at 65536") as caught:
        flavor.call(lambda cg: cg.files.upload(video, on_progress=on_progress), mock=mock)
    assert type(caught.value) is Stop and caught.value.__cause__ is None
    assert len(api.requests) <= 1  # never sent again
