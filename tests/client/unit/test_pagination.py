"""Every item exactly once, in order, across pages, retries and prefetch."""

from __future__ import annotations

import asyncio
import contextlib
import json
import threading
import time
from typing import Any

import httpx
import pytest

from cloudglue_client import (
    APIResponseValidationError,
    AsyncPage,
    JobNotReadyError,
    NotFoundError,
    SyncPage,
)
from cloudglue_client._pagination import PageData, Prefetch
from tests.support.fakeapi import (
    JOB_ID,
    SEG_ID,
    FakeAPI,
    frame_id,
    frame_job,
    passthrough,
    respond,
    segmentation,
)

from .conftest import Flavor


def expected_ids(n: int) -> list[str]:
    return [frame_id(i) for i in range(n)]


def assert_prefetch_threads_end() -> None:
    """Every sync prefetch thread ends (within a generous bound)."""
    for thread in threading.enumerate():
        if thread.name.startswith("cloudglue-page"):
            thread.join(10)
            assert not thread.is_alive()


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


def test_a_prefetched_page_that_fails_raises_where_the_reader_reaches_it(
    flavor: Flavor, api: FakeAPI
) -> None:
    """Every frame before the failed page, in order, then its error; nothing after it."""
    api.total_frames = 200

    def gone_from_60(request: httpx.Request) -> httpx.Response | None:
        if int(request.url.params.get("offset", 0)) == 60:
            return httpx.Response(404, json={"error": "gone"})
        return None

    api.route = gone_from_60
    seen: list[str] = []

    def read(cg: Any) -> Any:
        pages = cg.frames.iter_frames(JOB_ID, page_size=10, prefetch=8)
        if flavor.name == "sync":
            seen.extend(str(frame.id) for frame in pages)
            return None

        async def consume() -> None:
            async for frame in pages:
                seen.append(str(frame.id))

        return consume()

    with pytest.raises(NotFoundError):
        flavor.call(read)
    assert seen == expected_ids(60)
    # The window has grown past 3 pages by the time the reader is at offset 30, so the page at
    # 60 is always started ahead of the reader; it is asked for once (a 404 is not retried).
    offsets = [int(r.url.params.get("offset", 0)) for r in api.requests]
    assert offsets.count(60) == 1
    assert_prefetch_threads_end()


def test_prefetch_fetches_ahead_concurrently_and_keeps_order(flavor: Flavor, api: FakeAPI) -> None:
    api.total_frames = 1000
    frames = flavor.collect(lambda cg: cg.frames.iter_frames(JOB_ID, page_size=50, prefetch=4))
    assert [str(f.id) for f in frames] == expected_ids(1000)
    offsets = sorted(int(r.url.params["offset"]) for r in api.requests)
    assert offsets == list(range(0, 1000, 50))  # no page fetched twice, none skipped


def test_sync_prefetch_really_overlaps_requests(api: FakeAPI) -> None:
    gate = threading.Barrier(3, timeout=5)

    def slow(request: httpx.Request) -> None:
        if int(request.url.params.get("offset", 0)) in (300, 400, 500):
            gate.wait()  # only passes when three page requests are in flight together
        return None

    # The window grows by a page per page read: pages 4, 5 and 6 are in flight together.
    api.total_frames = 1000
    api.route = slow
    flav = Flavor("sync", api)
    frames = flav.collect(lambda cg: cg.frames.iter_frames(JOB_ID, prefetch=3))
    assert len(frames) == 1000
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


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_a_number_json_does_not_have_is_a_validation_error(
    flavor: Flavor, api: FakeAPI, constant: str
) -> None:
    """Python's json reads NaN and Infinity; they are not JSON, and a frame never gets one."""
    frame = {"id": frame_id(0), "timestamp": 0.5}
    data = {"object": "list", "frames": [frame], "total": 1, "limit": 100, "offset": 0}
    body = json.dumps(frame_job(data=data)).replace("0.5", constant).encode()
    api.route = lambda request: httpx.Response(
        200, content=body, headers={"content-type": "application/json"}
    )
    with pytest.raises(APIResponseValidationError, match=f"{constant} is not a JSON number"):
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
    from tests.support.fakeapi import FILE_ID

    jobs = flavor.collect(lambda cg: cg.frames.list(FILE_ID, page_size=3))
    assert [int(j.frame_extraction_id) for j in jobs] == list(range(1, 8))
    assert len(api.requests) == 3


def read_then_stop(flavor: Flavor, n: int, **kw: Any) -> list[Any]:
    """Read `n` frames through the item iterator, then leave the loop."""
    cg = flavor.client()
    if flavor.name == "sync":
        got = []
        for frame in cg.frames.iter_frames(JOB_ID, **kw):
            got.append(frame)
            if len(got) == n:
                break
        return got

    async def run() -> list[Any]:
        got = []
        async for frame in cg.frames.iter_frames(JOB_ID, **kw):
            got.append(frame)
            if len(got) == n:
                break
        await asyncio.sleep(0.01)  # anything the loop left behind would run now
        return got

    return asyncio.run(run())


def test_reading_the_first_page_then_stopping_costs_one_request(
    flavor: Flavor, api: FakeAPI
) -> None:
    api.total_frames = 1000
    assert len(read_then_stop(flavor, 10, page_size=10)) == 10
    assert len(api.requests) == 1


def test_reading_26_frames_of_10_frame_pages_costs_at_most_4_requests(
    flavor: Flavor, api: FakeAPI
) -> None:
    api.total_frames = 1000
    got = read_then_stop(flavor, 26, page_size=10)
    assert [str(f.id) for f in got] == expected_ids(26)
    assert len(api.requests) <= 4


def _widths(window: int, *, waited: bool) -> list[int]:
    """Pages in flight when each later page of a 100-page listing is needed (no I/O)."""

    class Handle:
        def cancel(self) -> bool:
            return True

    core: Prefetch[Handle] = Prefetch(PageData(list(range(10)), 1000, 10, 0), 10, window)
    widths = []
    while not core.done:
        for offset in core.to_start():
            core.in_flight[offset] = Handle()
        requested = core.cursor
        widths.append(len(core.in_flight) + (requested not in core.in_flight))
        core.take(requested)
        page = PageData(list(range(requested, requested + 10)), 1000, 10, 0)
        core.accept(requested, page, waited=waited)
    return widths


def test_a_reader_that_waits_for_pages_grows_the_window_faster() -> None:
    # Pages 2 and 3 come two at a time either way (the early-exit costs stay the same);
    # then a reader that had to wait quadruples the window, one that did not doubles it.
    assert _widths(16, waited=False)[:6] == [2, 2, 4, 8, 16, 16]
    assert _widths(16, waited=True)[:5] == [2, 2, 8, 16, 16]
    assert _widths(1, waited=True) == [1] * 99  # prefetch=1 stays sequential
    assert max(_widths(6, waited=True)) == 6  # never beyond the window


@pytest.mark.parametrize(("stop_after", "most"), [(10, 1), (11, 3), (20, 3), (26, 4), (31, 11)])
def test_an_early_exit_costs_at_most_the_documented_requests(
    flavor: Flavor, api: FakeAPI, stop_after: int, most: int
) -> None:
    # 10-frame pages: page 1 alone; pages 2-3 together; page 4 when page 3 is needed; then
    # pages 5-7 when page 4 is (the window doubles), or 5-11 if the reader had to wait for
    # page 3 (it quadruples): over real connections, either can happen.
    api.total_frames = 1000
    got = read_then_stop(flavor, stop_after, page_size=10)
    assert [str(f.id) for f in got] == expected_ids(stop_after)
    assert len(api.requests) <= most


def test_the_window_doubles_with_each_page_read_up_to_prefetch() -> None:
    class Handle:
        def cancel(self) -> bool:
            return True

    first = PageData(list(range(10)), 200, 10, 0)
    core: Prefetch[Handle] = Prefetch(first, 10, window=6)
    widths = []
    while not core.done:
        for offset in core.to_start():
            core.in_flight[offset] = Handle()
        requested = core.cursor
        widths.append(len(core.in_flight) + (requested not in core.in_flight))
        core.take(requested)
        core.accept(requested, PageData(list(range(requested, requested + 10)), 200, 10, 0))
    # pages in flight when each later page is needed: the second with one guess, the third
    # with one more, then doubling up to the window
    assert widths[:6] == [2, 2, 4, 6, 6, 6]
    assert len(widths) == 19  # pages 2..20, none twice


def test_full_iteration_with_a_growing_window_fetches_each_page_once(
    flavor: Flavor, api: FakeAPI
) -> None:
    api.total_frames = 2000
    frames = flavor.collect(lambda cg: cg.frames.iter_frames(JOB_ID, page_size=10, prefetch=8))
    assert [str(f.id) for f in frames] == expected_ids(2000)
    offsets = sorted(int(r.url.params["offset"]) for r in api.requests)
    assert offsets == list(range(0, 2000, 10))


@pytest.mark.parametrize("echo", ["zero", "shifted"])
def test_a_server_that_does_not_echo_the_offset_loses_and_repeats_nothing(
    flavor: Flavor, api: FakeAPI, echo: str
) -> None:
    api.total_frames = 730

    def wrong_echo(request: httpx.Request) -> httpx.Response:
        body = api.frames_page(request)
        body["data"]["offset"] = 0 if echo == "zero" else body["data"]["offset"] + 7
        return httpx.Response(200, json=body)

    api.route = wrong_echo
    frames = flavor.collect(lambda cg: cg.frames.iter_frames(JOB_ID, prefetch=4))
    assert [str(f.id) for f in frames] == expected_ids(730)
    assert len(api.requests) == 8


def test_a_server_that_ignores_the_offset_is_a_validation_error_not_repeats(
    flavor: Flavor, api: FakeAPI
) -> None:
    api.total_frames = 5000
    api.route = lambda request: httpx.Response(
        200, json=api.frames_page(httpx.Request("GET", request.url.copy_set_param("offset", 0)))
    )
    with pytest.raises(APIResponseValidationError, match="ignored the requested offset"):
        flavor.collect(lambda cg: cg.frames.iter_frames(JOB_ID))
    assert len(api.requests) <= 3


def test_pages_that_overlap_by_one_item_are_a_validation_error_not_a_repeat(
    flavor: Flavor, api: FakeAPI
) -> None:
    """An off-by-one server starts each page with the last item of the one before."""
    api.total_frames = 25

    def off_by_one(request: httpx.Request) -> httpx.Response:
        offset = int(request.url.params.get("offset", 0))
        shifted = request.url.copy_set_param("offset", max(offset - 1, 0))
        return httpx.Response(200, json=api.frames_page(httpx.Request("GET", shifted)))

    api.route = off_by_one
    for prefetch in (1, 16):
        with pytest.raises(APIResponseValidationError, match="the server's pages overlap"):
            flavor.collect(
                lambda cg, p=prefetch: cg.frames.iter_frames(JOB_ID, page_size=10, prefetch=p)
            )


def test_page_offsets_are_the_requested_ones_even_when_the_echo_differs(api: FakeAPI) -> None:
    def zero_echo(request: httpx.Request) -> httpx.Response:
        body = api.frames_page(request)
        body["data"]["offset"] = 0
        return httpx.Response(200, json=body)

    api.total_frames = 250
    api.route = zero_echo
    page = Flavor("sync", api).call(lambda cg: cg.frames.iter_frames(JOB_ID))
    assert [p.offset for p in page.iter_pages()] == [0, 100, 200]
    second = page.next_page()
    assert second is not None and second.offset == 100 and second.has_next_page()


def test_a_page_has_no_len_or_indexing_only_its_items_do(api: FakeAPI) -> None:
    api.total_frames = 600
    page = Flavor("sync", api).call(lambda cg: cg.frames.iter_frames(JOB_ID))
    with pytest.raises(TypeError):
        len(page)
    with pytest.raises(TypeError):
        page[0]
    assert len(page.items) == 100 and str(page.items[0].id) == frame_id(0)
    assert page.total == 600
    assert sum(1 for _ in page) == 600  # iteration: every item of every page


def test_an_async_page_has_no_len_or_indexing_either(api: FakeAPI) -> None:
    api.total_frames = 600

    async def scenario(cg: Any) -> tuple[Any, int]:
        page = await cg.frames.iter_frames(JOB_ID)
        return page, len([f async for f in page])

    page, count = Flavor("async", api).call(scenario)
    with pytest.raises(TypeError):
        len(page)
    with pytest.raises(TypeError):
        page[0]
    assert (len(page.items), page.total, count) == (100, 600, 600)


def test_not_applicable_segmentation_iterates_to_nothing(flavor: Flavor, api: FakeAPI) -> None:
    api.route = lambda request: httpx.Response(200, json=segmentation("not_applicable"))
    segments = flavor.collect(lambda cg: cg.segmentations.iter_segments(SEG_ID))
    assert segments == []
    assert len(api.requests) == 1


def test_not_applicable_segmentation_with_wait_iterates_to_nothing(
    flavor: Flavor, api: FakeAPI
) -> None:
    api.script = [respond(200, segmentation("processing"))]
    api.route = lambda request: httpx.Response(200, json=segmentation("not_applicable"))
    segments = flavor.collect(lambda cg: cg.segmentations.iter_segments(SEG_ID, wait=True))
    assert segments == []


def test_breaking_out_of_a_sync_loop_ends_its_prefetch_threads(api: FakeAPI) -> None:
    release = threading.Event()

    def hold(request: httpx.Request) -> None:
        if int(request.url.params.get("offset", 0)) >= 40:
            release.wait(10)  # pages ahead stay in flight until the loop is left
        return None

    api.total_frames = 1000
    api.route = hold
    cg = Flavor("sync", api).client()
    for seen, _ in enumerate(cg.frames.iter_frames(JOB_ID, page_size=10), start=1):
        if seen == 31:  # page 4 is being read: pages 5-7 are in flight
            break
    release.set()
    assert_prefetch_threads_end()
    offsets = sorted(int(r.url.params["offset"]) for r in api.requests)
    # Nothing beyond the window at the break: after page 3 at most 8 pages are in flight (the
    # window quadruples when the reader had to wait for its page, doubles otherwise).
    assert offsets[-1] <= 100 and len(offsets) <= 11


class StallingAPI:
    """Async transport: the first page answers, later pages wait until cancelled."""

    def __init__(self, api: FakeAPI) -> None:
        self.api = api
        self.started: list[int] = []
        self.cancelled: list[int] = []
        self.stalling = asyncio.Event()

    async def handle(self, request: httpx.Request) -> httpx.Response:
        offset = int(request.url.params.get("offset", 0))
        if offset >= 30:
            self.started.append(offset)
            self.stalling.set()
            try:
                await asyncio.Event().wait()
            except asyncio.CancelledError:
                self.cancelled.append(offset)
                raise
        return httpx.Response(200, json=self.api.frames_page(request))


def stalled_client(api: FakeAPI) -> tuple[Any, StallingAPI]:
    from cloudglue_client import AsyncCloudglue

    from .conftest import API_KEY

    stall = StallingAPI(api)
    http = httpx.AsyncClient(transport=httpx.MockTransport(stall.handle))
    return AsyncCloudglue(api_key=API_KEY, base_url="https://api.test/v1", http_client=http), stall


async def settle(stall: StallingAPI) -> None:
    for _ in range(100):  # poll, bounded: the cancellations run on the next loop turns
        if set(stall.cancelled) == set(stall.started):
            return
        await asyncio.sleep(0.001)


def test_breaking_out_of_async_for_cancels_the_prefetch_at_once(api: FakeAPI) -> None:
    api.total_frames = 1000

    async def run() -> StallingAPI:
        cg, stall = stalled_client(api)
        seen = 0
        async for _ in cg.frames.iter_frames(JOB_ID, page_size=10):
            seen += 1
            if seen == 25:  # page 3 is being read: pages 4 and 5 are in flight
                await asyncio.wait_for(stall.stalling.wait(), 10)
                break
        # Two turns of the loop: the tasks were cancelled when the loop was left, not later
        # by a chain of async-generator finalizers or the garbage collector.
        await asyncio.sleep(0)
        await asyncio.sleep(0)
        return stall

    stall = asyncio.run(run())
    assert stall.started and sorted(stall.cancelled) == sorted(stall.started)


def test_aclosing_the_async_iterators_cancels_their_prefetch(api: FakeAPI) -> None:
    api.total_frames = 1000

    async def run() -> StallingAPI:
        cg, stall = stalled_client(api)
        pager = cg.frames.iter_frames(JOB_ID, page_size=10)
        async with contextlib.aclosing(aiter(pager)) as items:
            kept = items  # a reference outlives the loop: only aclose() can stop the prefetch
            seen = 0
            async for _ in items:
                seen += 1
                if seen == 25:
                    await asyncio.wait_for(stall.stalling.wait(), 10)
                    break
        await settle(stall)
        assert kept is items
        pages = (await pager).iter_pages()
        async with contextlib.aclosing(pages):
            async for page in pages:
                if page.offset == 20:
                    break
        await settle(stall)
        return stall

    stall = asyncio.run(run())
    assert stall.started and sorted(stall.cancelled) == sorted(stall.started)


def test_aclosing_pages_from_another_loop_cancels_the_prefetch_on_its_own_loop(
    api: FakeAPI,
) -> None:
    """Pages read on a loop in another thread, then closed from this one: their prefetch is
    cancelled on its own loop (Task.cancel is not thread-safe: in debug mode it raises, and an
    idle loop would not notice it until its next timer, the attempt's timeout)."""
    api.total_frames = 1000
    cg, stall = stalled_client(api)
    loop = asyncio.new_event_loop()
    loop.set_debug(True)  # where asyncio reports a call from the wrong thread
    runner = threading.Thread(target=loop.run_forever)
    runner.start()
    try:

        async def read_two_pages() -> Any:
            pages = (await cg.frames.iter_frames(JOB_ID, page_size=10)).iter_pages()
            for _ in range(3):  # page 3 is read: pages 4 and 5 are in flight
                await anext(pages)
            await asyncio.wait_for(stall.stalling.wait(), 10)
            return pages

        pages = asyncio.run_coroutine_threadsafe(read_two_pages(), loop).result(10)
        asyncio.run(pages.aclose())  # on this thread's loop
        deadline = time.monotonic() + 10
        while set(stall.cancelled) != set(stall.started) and time.monotonic() < deadline:
            time.sleep(0.01)
        assert stall.started and sorted(stall.cancelled) == sorted(stall.started)
    finally:
        loop.call_soon_threadsafe(loop.stop)
        runner.join(10)
        loop.close()


def test_a_failed_prefetched_page_nobody_reached_is_not_logged_as_unretrieved(
    api: FakeAPI, caplog: pytest.LogCaptureFixture
) -> None:
    api.total_frames = 1000

    def broken_far_page(request: httpx.Request) -> httpx.Response | None:
        if int(request.url.params.get("offset", 0)) == 40:
            return httpx.Response(404, json={"error": "gone"})
        return None

    api.route = broken_far_page

    async def run() -> None:
        cg = Flavor("async", api).client(max_retries=0)
        seen = 0
        async for _ in cg.frames.iter_frames(JOB_ID, page_size=10):
            seen += 1
            if seen == 31:
                break
        await asyncio.sleep(0.01)
        import gc

        gc.collect()

    asyncio.run(run())
    assert "never retrieved" not in caplog.text


def test_a_prefetch_left_behind_makes_no_more_retries(api: FakeAPI) -> None:
    """A page fetch under way when the loop is left ends with its current attempt: a server
    that throttles with 503 does not get the retries of a page nobody will read."""
    broke = threading.Event()

    def throttle(request: httpx.Request) -> httpx.Response | None:
        if int(request.url.params.get("offset", 0)) < 20:
            return None
        broke.wait(10)  # the first answer comes once the loop is left
        return httpx.Response(503, json={"error": "busy"}, headers={"Retry-After": "1"})

    api.total_frames = 100
    api.route = throttle
    cg = Flavor("sync", api).client(max_retries=6)
    for seen, _ in enumerate(cg.frames.iter_frames(JOB_ID, page_size=10, prefetch=2), start=1):
        if seen == 15:
            break
    broke.set()
    assert_prefetch_threads_end()
    retried = [r for r in api.requests if int(r.url.params["offset"]) >= 20]
    assert 1 <= len(retried) <= 2, [str(r.url) for r in retried]
