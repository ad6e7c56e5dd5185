"""The client's own httpx clients keep no cookies: the API authenticates by key alone."""

from __future__ import annotations

import json
from typing import Any

import httpx

from tests.support.fakeapi import JOB_ID, frame_job
from tests.support.rawserver import RawServer

from .conftest import Flavor


def test_a_set_cookie_is_not_sent_back(flavor: Flavor) -> None:
    def route(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200,
            headers={"Set-Cookie": "session=abc; Path=/", "Content-Type": "application/json"},
            content=json.dumps(frame_job()).encode(),
        )

    def twice(cg: Any) -> Any:
        if flavor.name == "sync":
            return [cg.frames.get(JOB_ID) for _ in range(2)]

        async def both() -> Any:
            return [await cg.frames.get(JOB_ID) for _ in range(2)]

        return both()

    with RawServer(route) as server:
        outcome = flavor.call(server.url, twice)
    assert outcome.error is None, outcome.error
    assert len(server.requests) == 2
    assert all("cookie" not in r.headers for r in server.requests)
