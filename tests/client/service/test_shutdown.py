"""Clean shutdown: close() ends the client's own work first, promptly; nothing is retried."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from cloudglue_client import AsyncCloudglue, ClientClosedError, Cloudglue
from tests.support.fakeapi import JOB_ID, FakeAPI, frame_id, frame_job
from tests.support.polling import poll_until, poll_until_async
from tests.support.rawserver import RawServer, Writer, hang

from .conftest import API_KEY, Flavor, Outcome, timed, timed_async

SCENARIO = Path(__file__).with_name("shutdown_scenario.py")
#: The issue's promise is "under 1 s"; exits get more room on a loaded machine.
CLOSE_BOUND = 1.0
EXIT_BOUND = 3.0


def pages_then_hang(request: httpx.Request) -> httpx.Response | Writer:
    """Frames pages: the first four at once, every later one held until the server stops.

    `GET /v1/_held` answers how many requests are being held (the scenario polls it).
    """
    if request.url.path.endswith("/_held"):
        return httpx.Response(200, json=len(HELD))
    if int(request.url.params.get("offset", 0)) >= 40:
        HELD.append(request)
        return hang
    return FakeAPI(total_frames=1000).handle(request)


HELD: list[httpx.Request] = []


def wait_for_requests(server: RawServer, count: int) -> None:
    poll_until(lambda: len(server.requests) >= count)


@pytest.mark.parametrize("flavor", ["sync", "async", "sync-unclosed"])
def test_leaving_the_client_with_prefetches_in_flight_is_prompt(flavor: str) -> None:
    """Closing the client, or (sync-unclosed) just ending the program after the loop, with
    pages still held by the server: the exit does not wait for them."""
    HELD.clear()
    with RawServer(pages_then_hang) as server:
        started = time.monotonic()
        done = subprocess.run(
            [sys.executable, str(SCENARIO), server.url, flavor],
            capture_output=True,
            text=True,
            timeout=120,
        )
        ended = time.monotonic()
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout)
    assert result["close"] < CLOSE_BOUND
    assert ended - result["closed_at"] < EXIT_BOUND, f"exit took {ended - result['closed_at']}"
    assert ended - started < 30  # never the 60 s read timeout
    assert "Traceback" not in done.stderr and "never retrieved" not in done.stderr, done.stderr


def test_a_sync_call_in_flight_at_close_ends_clearly_and_is_not_retried() -> None:
    with RawServer(lambda request: hang) as server:
        cg = Cloudglue(api_key=API_KEY, base_url=server.url, max_retries=5)
        outcome: list[object] = []
        worker = threading.Thread(
            target=lambda: outcome.append(timed(lambda: cg.frames.get(JOB_ID)))
        )
        worker.start()
        wait_for_requests(server, 1)
        closing = timed(cg.close)
        worker.join(timeout=CLOSE_BOUND + 5)
        requests = len(server.requests)
    assert closing.seconds < CLOSE_BOUND
    assert not worker.is_alive()
    error = outcome[0].error  # type: ignore[attr-defined]
    assert isinstance(error, ClientClosedError) and error.in_flight
    assert "closed while this call was in flight" in str(error)
    assert requests == 1 and cg.stats.retries == 0


@pytest.mark.parametrize("own", [True, False], ids=["own-pool", "users-httpx-client"])
def test_an_async_call_in_flight_at_close_ends_clearly_and_is_not_retried(own: bool) -> None:
    async def scenario(server: RawServer) -> tuple[BaseException | None, float, float]:
        http = None if own else httpx.AsyncClient()
        cg = AsyncCloudglue(api_key=API_KEY, base_url=server.url, max_retries=5, http_client=http)
        call = asyncio.ensure_future(cg.frames.get(JOB_ID))
        await poll_until_async(lambda: bool(server.requests))
        started = time.monotonic()
        await cg.close()
        closing = time.monotonic() - started
        done, _ = await asyncio.wait({call}, timeout=CLOSE_BOUND + 5)
        ended = time.monotonic() - started
        return (call.exception() if done else None), closing, ended

    with RawServer(lambda request: hang) as server:
        error, closing, ended = asyncio.run(scenario(server))
        requests = len(server.requests)
    assert closing < CLOSE_BOUND and ended < CLOSE_BOUND
    assert isinstance(error, ClientClosedError) and error.in_flight
    assert requests == 1


def test_with_a_users_sync_client_a_call_in_flight_ends_at_its_attempt_deadline() -> None:
    # We leave the user's connections alone, so the blocked read ends at the attempt's
    # deadline (timeout=1), then the call reports the close instead of retrying.
    with RawServer(lambda request: hang) as server:
        cg = Cloudglue(
            api_key=API_KEY,
            base_url=server.url,
            timeout=1,
            max_retries=5,
            http_client=httpx.Client(),
        )
        outcome: list[object] = []
        worker = threading.Thread(
            target=lambda: outcome.append(timed(lambda: cg.frames.get(JOB_ID)))
        )
        worker.start()
        wait_for_requests(server, 1)
        cg.close()
        worker.join(timeout=10)
    error = outcome[0].error  # type: ignore[attr-defined]
    assert isinstance(error, ClientClosedError) and error.in_flight
    assert outcome[0].seconds < 1 + 2  # type: ignore[attr-defined]
    assert cg.stats.retries == 0


def test_a_wait_sleeping_between_polls_ends_at_close(flavor: Flavor) -> None:
    route = lambda request: httpx.Response(200, json=frame_job("processing"))  # noqa: E731
    with RawServer(route) as server:
        cg = flavor.client(server.url)
        if flavor.name == "sync":
            outcome: list[object] = []
            waiter = threading.Thread(
                target=lambda: outcome.append(
                    timed(lambda: cg.frames.wait(JOB_ID, timeout=300, poll_interval=60))
                )
            )
            waiter.start()
            wait_for_requests(server, 1)
            cg.close()
            waiter.join(timeout=CLOSE_BOUND + 5)
            error = outcome[0].error  # type: ignore[attr-defined]
            seconds = outcome[0].seconds  # type: ignore[attr-defined]
        else:

            async def scenario() -> tuple[BaseException | None, float]:
                started = time.monotonic()
                task = asyncio.ensure_future(cg.frames.wait(JOB_ID, timeout=300, poll_interval=60))
                await poll_until_async(lambda: bool(server.requests))
                await cg.close()
                await asyncio.wait({task}, timeout=CLOSE_BOUND + 5)
                return task.exception(), time.monotonic() - started

            error, seconds = asyncio.run(scenario())
    assert isinstance(error, ClientClosedError)
    assert seconds < 10  # not the 60 s poll interval


def test_calls_on_a_closed_client_raise_at_once_and_send_nothing(flavor: Flavor) -> None:
    with RawServer(lambda request: hang) as server:
        outcome = flavor.call(server.url, lambda cg: cg.close())  # close inside, then call
        cg = flavor.client(server.url)
        if flavor.name == "sync":
            cg.close()
            late = timed(lambda: cg.frames.get(JOB_ID))
            pager = timed(lambda: cg.frames.iter_frames(JOB_ID))
        else:

            async def scenario() -> tuple[object, object]:
                await cg.close()
                from .conftest import timed_async

                return await timed_async(lambda: cg.frames.get(JOB_ID)), await timed_async(
                    lambda: cg.frames.iter_frames(JOB_ID)
                )

            late, pager = asyncio.run(scenario())
        requests = len(server.requests)
    assert outcome.error is None
    for each in (late, pager):
        assert isinstance(each.error, ClientClosedError) and not each.error.in_flight  # type: ignore[attr-defined]
        assert each.seconds < CLOSE_BOUND  # type: ignore[attr-defined]
    assert cg.closed and requests == 0


def test_copies_share_the_closed_state_and_do_not_close_the_original() -> None:
    with RawServer(lambda request: httpx.Response(200, json=frame_job())) as server:
        cg = Cloudglue(api_key=API_KEY, base_url=server.url)
        copy = cg.with_options(max_retries=0)
        copy.close()  # a copy never closes what it shares
        assert str(cg.frames.get(JOB_ID).frame_extraction_id) == JOB_ID
        cg.close()
        with pytest.raises(ClientClosedError):
            copy.frames.get(JOB_ID)
        requests = len(server.requests)
    assert copy.closed and requests == 1


def first_three_images_then_hang(frames: int) -> Callable[[httpx.Request], httpx.Response | Writer]:
    """A completed job of `frames` frames (pages of 100) whose images 0-2 answer and the
    others hang."""

    def route(request: httpx.Request) -> httpx.Response | Writer:
        if request.url.path.startswith("/img/"):
            index = int(request.url.path.rsplit("/", 1)[1].split(".")[0])
            return hang if index >= 3 else httpx.Response(200, content=b"jpeg-%d" % index)
        origin = f"http://127.0.0.1:{request.url.port}"
        offset = int(request.url.params.get("offset", 0))
        page = [
            {"id": frame_id(i), "timestamp": float(i), "thumbnail_url": f"{origin}/img/{i}.jpg"}
            for i in range(offset, min(offset + 100, frames))
        ]
        data = {"object": "list", "frames": page, "total": frames, "limit": 100, "offset": offset}
        return httpx.Response(200, json=frame_job(frame_count=frames, data=data))

    return route


@pytest.mark.parametrize("frames", [50, 300])
def test_a_download_in_flight_at_close_ends_clearly_and_leaves_the_folder_consistent(
    flavor: Flavor, frames: int, tmp_path: Path
) -> None:
    """Like any call in flight: ClientClosedError "while in flight" (not a result listing every
    unfinished image as failed, nor "closed before this call" when a page read met the close).
    What was written whole stays; no temporary file; the earlier manifest stays as it was."""
    (tmp_path / "manifest.jsonl").write_text("earlier\n")
    outcome: list[Outcome] = []

    def images_hanging(server: RawServer) -> bool:
        asked = [r for r in server.requests if r.url.path.startswith("/img/")]
        return len(asked) >= 7 and len(list(tmp_path.glob("*.jpg"))) == 3

    with RawServer(first_three_images_then_hang(frames)) as server:
        cg = flavor.client(server.url, max_retries=5)
        download = lambda: cg.frames.download(JOB_ID, tmp_path, concurrency=4)  # noqa: E731
        if flavor.name == "sync":
            worker = threading.Thread(target=lambda: outcome.append(timed(download)))
            worker.start()
            poll_until(lambda: images_hanging(server))
            cg.close()
            worker.join(timeout=CLOSE_BOUND + 5)
        else:

            async def scenario() -> None:
                task = asyncio.ensure_future(download())
                await poll_until_async(lambda: images_hanging(server))
                await cg.close()
                await asyncio.wait({task}, timeout=CLOSE_BOUND + 5)
                assert task.done()
                outcome.append(await timed_async(lambda: task))

            asyncio.run(scenario())
    error = outcome[0].error
    assert isinstance(error, ClientClosedError) and error.in_flight, outcome[0]
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
    assert [p.read_bytes() for p in sorted(tmp_path.glob("*.jpg"))] == [
        b"jpeg-0",
        b"jpeg-1",
        b"jpeg-2",
    ]
    assert (tmp_path / "manifest.jsonl").read_text() == "earlier\n"


def test_a_reader_waiting_on_a_prefetch_stuck_in_on_retry_ends_at_close() -> None:
    """A prefetched page's retry calls the caller's on_retry, which blocks (close() cannot end
    the caller's own code): the reader waiting for that page still ends at close()."""
    entered, release = threading.Event(), threading.Event()
    refused: list[int] = []

    def route(request: httpx.Request) -> httpx.Response:
        if int(request.url.params.get("offset", 0)) > 0 and not refused:
            refused.append(1)
            return httpx.Response(503, headers={"Retry-After": "0"}, json={"error": "busy"})
        return FakeAPI(total_frames=1000).handle(request)

    def stuck(event: object) -> None:
        entered.set()
        release.wait(timeout=60)

    with RawServer(route) as server:
        cg = Cloudglue(api_key=API_KEY, base_url=server.url, on_retry=stuck)
        outcome: list[Outcome] = []

        def read_all() -> None:
            outcome.append(timed(lambda: sum(1 for _ in cg.frames.iter_frames(JOB_ID))))

        reader = threading.Thread(target=read_all)
        reader.start()
        try:
            assert entered.wait(timeout=30), "no retry reached on_retry"
            closing = timed(cg.close)
            reader.join(timeout=CLOSE_BOUND + 5)
            still_waiting = reader.is_alive()
        finally:
            release.set()
            reader.join(timeout=30)
    assert closing.seconds < CLOSE_BOUND
    assert not still_waiting, "the reader waited for the caller's callback"
    error = outcome[0].error
    assert isinstance(error, ClientClosedError) and error.in_flight
