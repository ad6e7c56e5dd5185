"""Every item exactly once, in order, across pages, retries and prefetch."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from cloudglue_client import APIResponseValidationError, AsyncPage, JobNotReadyError, SyncPage

from .conftest import Flavor
from .fakeapi import JOB_ID, FakeAPI, frame_id, frame_job, passthrough, respond


def expected_ids(n: int) -> list[str]:
    return [frame_id(i) for i in range(n)]


def test_three_pages_with_503_and_429_in_between_yield_every_frame_once(
    flavor: Flavor, api: FakeAPI, clock: Any
) -> None:
    api.total_frames = 250
    api.script = [
        passthrough(),
        respond(503, {"error": "busy"}),
        passthrough(),
        respond(429, {"error": "slow down"}, headers={"Retry-After": "3"}),
    ]
    frames = flavor.collect(lambda cg: cg.frames.iter_frames(JOB_ID, prefetch=1))
    assert [str(f.id) for f in frames] == expected_ids(250)
    assert [f.timestamp for f in frames] == [i / 2 for i in range(250)]
    assert len(api.requests) == 5
    assert 3.0 in clock.sleeps  # Retry-After honoured exactly
    assert len(clock.sleeps) == 2


def test_prefetch_fetches_ahead_concurrently_and_keeps_order(flavor: Flavor, api: FakeAPI) -> None:
    api.total_frames = 1000
    frames = flavor.collect(lambda cg: cg.frames.iter_frames(JOB_ID, page_size=50, prefetch=4))
    assert [str(f.id) for f in frames] == expected_ids(1000)
    offsets = sorted(int(r.url.params["offset"]) for r in api.requests)
    assert offsets == list(range(0, 1000, 50))  # no page fetched twice, none skipped


def test_sync_prefetch_really_overlaps_requests(api: FakeAPI) -> None:
    import threading

    gate = threading.Barrier(3, timeout=5)

    def slow(request: httpx.Request) -> None:
        if int(request.url.params.get("offset", 0)) in (100, 200, 300):
            gate.wait()  # only passes when three page requests are in flight together
        return None

    api.total_frames = 400
    api.route = slow
    flav = Flavor("sync", api)
    frames = flav.collect(lambda cg: cg.frames.iter_frames(JOB_ID, prefetch=3))
    assert len(frames) == 400
    assert api.max_in_flight >= 3


def test_window_of_one_is_sequential(flavor: Flavor, api: FakeAPI) -> None:
    api.total_frames = 300
    frames = flavor.collect(lambda cg: cg.frames.iter_frames(JOB_ID, prefetch=1))
    assert len(frames) == 300
    assert api.max_in_flight == 1
    assert [int(r.url.params["offset"]) for r in api.requests] == [0, 100, 200]


def test_server_capping_the_page_size_leaves_no_gap(flavor: Flavor, api: FakeAPI) -> None:
    api.total_frames = 230
    api.max_limit = 30  # asks for 100, gets 30: prefetched guesses are misaligned
    frames = flavor.collect(lambda cg: cg.frames.iter_frames(JOB_ID, prefetch=4))
    assert [str(f.id) for f in frames] == expected_ids(230)


def test_total_shrinking_mid_iteration_stops_cleanly(flavor: Flavor, api: FakeAPI) -> None:
    api.total_frames = 300

    def shrink(request: httpx.Request) -> httpx.Response | None:
        if int(request.url.params.get("offset", 0)) >= 100:
            api.total_frames = 150
        return None

    api.route = shrink
    frames = flavor.collect(lambda cg: cg.frames.iter_frames(JOB_ID, prefetch=1))
    assert [str(f.id) for f in frames] == expected_ids(150)


def test_empty_page_before_total_does_not_loop(flavor: Flavor, api: FakeAPI) -> None:
    api.total_frames = 120

    def lie(request: httpx.Request) -> httpx.Response | None:
        if int(request.url.params.get("offset", 0)) >= 100:
            body = frame_job(
                frame_count=120,
                data={"object": "list", "frames": [], "total": 120, "limit": 100, "offset": 100},
            )
            return httpx.Response(200, json=body)
        return None

    api.route = lie
    frames = flavor.collect(lambda cg: cg.frames.iter_frames(JOB_ID))
    assert len(frames) == 100
    assert len(api.requests) == 2


def test_page_object_fields_and_navigation(api: FakeAPI) -> None:
    api.total_frames = 250
    page = Flavor("sync", api).call(lambda cg: cg.frames.iter_frames(JOB_ID))
    assert isinstance(page, SyncPage)
    assert (len(page.items), page.total, page.limit, page.offset) == (100, 250, 100, 0)
    assert page.has_next_page()
    second = page.next_page()
    assert second is not None and second.offset == 100
    pages = list(page.iter_pages())
    assert [p.offset for p in pages] == [0, 100, 200]
    assert not pages[-1].has_next_page()
    assert pages[-1].next_page() is None


def test_async_pager_awaits_to_first_page(api: FakeAPI) -> None:
    api.total_frames = 150

    async def scenario(cg: Any) -> tuple[Any, Any, list[int]]:
        page = await cg.frames.iter_frames(JOB_ID)
        nxt = await page.next_page()
        offsets = [p.offset async for p in page.iter_pages()]
        return page, nxt, offsets

    page, nxt, offsets = Flavor("async", api).call(scenario)
    assert isinstance(page, AsyncPage)
    assert (len(page.items), page.total) == (100, 150)
    assert nxt.offset == 100 and len(nxt.items) == 50
    assert offsets == [0, 100]


def test_completed_job_without_data_has_no_frames(flavor: Flavor, api: FakeAPI) -> None:
    api.route = lambda request: httpx.Response(200, json=frame_job(frame_count=0))
    assert flavor.collect(lambda cg: cg.frames.iter_frames(JOB_ID)) == []


def test_iterating_an_unfinished_job_names_its_status(flavor: Flavor, api: FakeAPI) -> None:
    api.route = lambda request: httpx.Response(200, json=frame_job("processing"))
    with pytest.raises(JobNotReadyError, match="processing"):
        flavor.collect(lambda cg: cg.frames.iter_frames(JOB_ID))


def test_iter_frames_wait_true_waits_first(flavor: Flavor, api: FakeAPI) -> None:
    api.total_frames = 10
    api.script = [respond(200, frame_job("pending")), respond(200, frame_job("processing"))]
    frames = flavor.collect(lambda cg: cg.frames.iter_frames(JOB_ID, wait=True))
    assert len(frames) == 10


def test_page_with_non_integer_total_is_a_validation_error(flavor: Flavor, api: FakeAPI) -> None:
    body = frame_job(
        data={"object": "list", "frames": [], "total": "many", "limit": 1, "offset": 0}
    )
    api.route = lambda request: httpx.Response(200, json=body)
    with pytest.raises(APIResponseValidationError, match="total"):
        flavor.collect(lambda cg: cg.frames.iter_frames(JOB_ID))


def test_list_endpoints_paginate_too(flavor: Flavor, api: FakeAPI) -> None:
    items = [
        dict(frame_job(), frame_extraction_id=str(__import__("uuid").UUID(int=i + 1)))
        for i in range(7)
    ]

    def listing(request: httpx.Request) -> httpx.Response | None:
        if not request.url.path.endswith("/frames"):
            return None
        off, lim = int(request.url.params["offset"]), int(request.url.params["limit"])
        return httpx.Response(
            200,
            json={
                "object": "list",
                "data": items[off : off + lim],
                "total": len(items),
                "limit": lim,
                "offset": off,
            },
        )

    api.route = listing
    from .fakeapi import FILE_ID

    jobs = flavor.collect(lambda cg: cg.frames.list(FILE_ID, page_size=3))
    assert [int(j.frame_extraction_id) for j in jobs] == list(range(1, 8))
    assert len(api.requests) == 3
