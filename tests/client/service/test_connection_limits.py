"""The sync client's connection limits hold as a whole, however many threads send at once.

Its pool is several httpcore pools used as one (`_wire.Stripes`); together they must never
hold more connections than the documented limits (read from the client's constants, not
typed here), and they reuse the connections they keep alive.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import httpx

from cloudglue_client import Cloudglue
from cloudglue_client import _constants as C
from tests.support.fakeapi import JOB_ID, frame_job
from tests.support.polling import poll_until
from tests.support.rawserver import RawServer


def test_many_threads_share_at_most_the_connection_limits() -> None:
    limits = C.DEFAULT_LIMITS
    assert limits.max_connections is not None and limits.max_keepalive_connections is not None
    threads = limits.max_connections + 16
    lock = threading.Lock()
    release = threading.Event()
    held = 0
    most = 0

    def answer(request: httpx.Request) -> httpx.Response:
        nonlocal held, most
        with lock:
            held += 1
            most = max(most, held)
        release.wait(30)
        with lock:
            held -= 1
        return httpx.Response(200, json=frame_job())

    with RawServer(answer) as server, Cloudglue(api_key="k", base_url=server.url) as cg:
        with ThreadPoolExecutor(threads) as pool:
            calls = [pool.submit(cg.frames.get, JOB_ID) for _ in range(threads)]
            # Every connection the limit allows is in use, and the other requests wait.
            poll_until(lambda: held >= limits.max_connections or None, 30, "the limit in use")
            release.set()
            jobs = [call.result(timeout=30) for call in calls]
        assert all(str(job.frame_extraction_id) == JOB_ID for job in jobs)
        assert most == limits.max_connections
        assert len(server.requests) == threads
        stripes = cg._transport._current().for_origin(cg._runtime.origin)
        kept = sum(len(pool.connections) for pool in stripes.pools)
        assert kept <= limits.max_keepalive_connections


def test_threads_iterating_at_once_reuse_their_connections() -> None:
    """Four threads each reading pages 16 ahead keep reusing kept-alive connections: a new
    connection (a TCP and, against the service, a TLS handshake) is the exception, not one
    per request. httpcore closes idle connections whenever a pool holds more than its
    keep-alive limit, busy ones counted, so a keep-alive limit below the connection limit
    turned most requests into new connections."""
    import time

    from tests.support.fakeapi import FakeAPI

    api = FakeAPI()
    api.total_frames = 400

    def slow(request: httpx.Request) -> httpx.Response:
        time.sleep(0.005)  # server latency, so that pages overlap in flight
        return api.handle(request)

    with RawServer(slow) as server, Cloudglue(api_key="k", base_url=server.url) as cg:

        def read() -> None:
            for _ in range(3):
                assert sum(1 for _ in cg.frames.iter_frames(JOB_ID, page_size=20)) == 400

        threads = [threading.Thread(target=read) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        assert len(server.requests) >= 4 * 3 * 20
        assert C.DEFAULT_LIMITS.max_connections is not None
        assert server.connections <= C.DEFAULT_LIMITS.max_connections + 8, (
            f"{server.connections} connections for {len(server.requests)} requests"
        )
