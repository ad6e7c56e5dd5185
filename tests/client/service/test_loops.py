"""Many event loops: one AsyncCloudglue across successive asyncio.run calls, and two at once."""

from __future__ import annotations

import asyncio
import gc
import socket
import threading
import warnings
from collections.abc import Callable

import httpx
import pytest

from cloudglue_client import AsyncCloudglue, CloudglueError
from tests.support.fakeapi import JOB_ID, frame_job
from tests.support.polling import poll_until
from tests.support.rawserver import RawServer, Writer, serialize

from .conftest import API_KEY


def echo_job(request: httpx.Request) -> httpx.Response:
    job_id = request.url.path.rsplit("/", 1)[-1]
    return httpx.Response(200, json=frame_job("processing", frame_extraction_id=job_id))


async def ids(cg: AsyncCloudglue, job: str, times: int) -> list[str]:
    jobs = await asyncio.gather(*(cg.frames.get(job) for _ in range(times)))
    return [str(j.frame_extraction_id) for j in jobs]


@pytest.mark.slow
def test_one_async_client_serves_successive_event_loops() -> None:
    gc.collect()  # earlier tests' garbage must not warn inside the block below
    with RawServer(echo_job) as server, warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ResourceWarning)
        cg = AsyncCloudglue(api_key=API_KEY, base_url=server.url)
        first = asyncio.run(ids(cg, JOB_ID, 5))  # leaves keep-alive connections behind
        second = asyncio.run(ids(cg, JOB_ID, 5))  # on a new loop: must not touch those
        third = asyncio.run(ids(cg, JOB_ID, 1))
        asyncio.run(cg.close())
        gc.collect()
    assert first == second == [JOB_ID] * 5 and third == [JOB_ID]
    assert not [w for w in caught if issubclass(w.category, ResourceWarning)], caught


def test_a_client_kept_open_across_many_loops_does_not_keep_the_ended_ones() -> None:
    """A service keeps one AsyncCloudglue while code calls asyncio.run() again and again:
    each ended loop, with its pools, is let go, not kept for the life of the client."""
    import weakref

    loops: list[weakref.ref[asyncio.AbstractEventLoop]] = []

    async def one_call(cg: AsyncCloudglue) -> None:
        loops.append(weakref.ref(asyncio.get_running_loop()))
        await cg.frames.get(JOB_ID)

    with RawServer(echo_job) as server:
        cg = AsyncCloudglue(api_key=API_KEY, base_url=server.url)
        for _ in range(30):
            asyncio.run(one_call(cg))
        gc.collect()
        alive = sum(ref() is not None for ref in loops)
        asyncio.run(cg.close())
    assert alive <= 2, f"{alive} of 30 ended loops are still alive"


def test_one_async_client_serves_two_running_loops_at_once() -> None:
    jobs = [JOB_ID, "5f0c2a8e-7d1b-4c3a-9e6f-2b1d0c9a8e7f"]
    results: dict[str, list[str]] = {}
    with RawServer(echo_job) as server:
        cg = AsyncCloudglue(api_key=API_KEY, base_url=server.url)
        barrier = threading.Barrier(2, timeout=10)

        def run(job: str) -> None:
            async def both() -> list[str]:
                await asyncio.to_thread(barrier.wait)  # both loops are running from here
                return await ids(cg, job, 20)

            results[job] = asyncio.run(both())

        threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        asyncio.run(cg.close())
    assert results == {job: [job] * 20 for job in jobs}


def test_a_users_async_client_on_a_second_running_loop_is_a_clear_error() -> None:
    with RawServer(echo_job) as server:
        cg = AsyncCloudglue(api_key=API_KEY, base_url=server.url, http_client=httpx.AsyncClient())
        started, release = threading.Event(), threading.Event()

        async def hold_first_loop() -> None:
            await cg.frames.get(JOB_ID)  # binds the user's client to this loop
            started.set()
            await asyncio.to_thread(release.wait, 10)

        holder = threading.Thread(target=lambda: asyncio.run(hold_first_loop()))
        holder.start()
        assert started.wait(10)
        try:
            with pytest.raises(CloudglueError, match="another event loop"):
                asyncio.run(cg.frames.get(JOB_ID))
        finally:
            release.set()
            holder.join(timeout=10)


def test_a_users_async_client_kept_from_an_ended_loop_is_a_clear_error() -> None:
    # httpx keeps the first loop's connections; the next loop's calls get them from its pool.
    with RawServer(echo_job) as server:
        http = httpx.AsyncClient()
        cg = AsyncCloudglue(api_key=API_KEY, base_url=server.url, http_client=http)
        assert asyncio.run(ids(cg, JOB_ID, 3)) == [JOB_ID] * 3
        with pytest.raises(CloudglueError) as caught:
            asyncio.run(ids(cg, JOB_ID, 1))
        sent = len(server.requests)
        with warnings.catch_warnings():  # httpx's connections of the ended loop, unclosable
            warnings.simplefilter("ignore", ResourceWarning)
            del http, cg
            gc.collect()
    assert type(caught.value) is CloudglueError  # not an APIConnectionError: not retried
    assert "event loop that has ended" in str(caught.value)
    assert "httpx.AsyncClient" in str(caught.value) and "per loop" in str(caught.value)
    assert sent <= 4  # not retried


def answered_then_watched(ended: list[int]) -> Callable[[httpx.Request], Writer]:
    """Answer like `echo_job`, then note in `ended` when the client closes the connection."""

    def route(request: httpx.Request) -> Writer:
        def write(conn: socket.socket, stop: threading.Event) -> None:
            conn.sendall(serialize(echo_job(request)))
            conn.settimeout(0.05)
            while not stop.is_set():
                try:
                    if conn.recv(1) == b"":
                        break
                except TimeoutError:
                    continue
                except OSError:
                    break
            ended.append(1)

        return write

    return route


def test_close_from_another_loop_reaches_a_loop_that_is_not_running() -> None:
    # A loop driven by run_until_complete is idle between calls: its connections close when
    # it next runs, not only when it ends.
    ended: list[int] = []
    with RawServer(answered_then_watched(ended)) as server:
        cg = AsyncCloudglue(api_key=API_KEY, base_url=server.url)
        idle = asyncio.new_event_loop()
        try:
            assert idle.run_until_complete(ids(cg, JOB_ID, 3)) == [JOB_ID] * 3
            asyncio.run(cg.close())
            idle.run_until_complete(asyncio.sleep(0))
            poll_until(lambda: len(ended) == 3, timeout=10, what="the connections to close")
        finally:
            idle.run_until_complete(idle.shutdown_asyncgens())
            idle.close()
