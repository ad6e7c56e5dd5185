"""A listing that grows at its front while it is read (files uploaded, jobs created: listings
are newest first) shifts later pages by the number of new items. Offset pagination cannot
see the new items; it must not fail (as if the server were broken) nor repeat old ones."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

from tests.support.fakeapi import FILE_ID, FakeAPI, frame_job

from .conftest import Flavor


def job(n: int) -> dict[str, Any]:
    return dict(frame_job(), frame_extraction_id=str(uuid.UUID(int=n)))


def growing_listing(api: FakeAPI, inserts: int, before_offset: int) -> list[dict[str, Any]]:
    """25 jobs; `inserts` new ones come first once a page at `before_offset` is asked for."""
    items = [job(100 + i) for i in range(25)]
    grown: list[bool] = []

    def listing(request: httpx.Request) -> httpx.Response | None:
        if not request.url.path.endswith("/frames"):
            return None
        off, lim = int(request.url.params["offset"]), int(request.url.params["limit"])
        if off >= before_offset and not grown:
            grown.append(True)
            items[:0] = [job(1 + k) for k in range(inserts)]
        page = items[off : off + lim]
        body = {"object": "list", "data": page, "total": len(items), "limit": lim, "offset": off}
        return httpx.Response(200, json=body)

    api.route = listing
    return items


@pytest.mark.parametrize("inserts", [1, 2, 3])
def test_items_added_at_the_front_mid_listing_repeat_nothing_and_lose_nothing_old(
    flavor: Flavor, api: FakeAPI, inserts: int
) -> None:
    growing_listing(api, inserts, before_offset=10)
    jobs = flavor.collect(lambda cg: cg.frames.list(FILE_ID, page_size=5, prefetch=1))
    assert [int(j.frame_extraction_id) for j in jobs] == [100 + i for i in range(25)]


def test_next_page_of_a_listing_grown_at_its_front_repeats_nothing(
    flavor: Flavor, api: FakeAPI
) -> None:
    growing_listing(api, 2, before_offset=5)

    def walk_sync(cg: Any) -> list[int]:
        page, seen = cg.frames.list(FILE_ID, page_size=5), []
        while page is not None:
            seen += [int(j.frame_extraction_id) for j in page.items]
            page = page.next_page()
        return seen

    async def walk_async(cg: Any) -> list[int]:
        page, seen = await cg.frames.list(FILE_ID, page_size=5), []
        while page is not None:
            seen += [int(j.frame_extraction_id) for j in page.items]
            page = await page.next_page()
        return seen

    seen = flavor.call(walk_sync if flavor.name == "sync" else walk_async)
    assert seen == [100 + i for i in range(25)]
