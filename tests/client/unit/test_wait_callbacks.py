"""A wait's `on_update` is the caller's code: what it raises ends the wait as it is, even a
client error that a failed poll could also raise (the callback's own API call failing)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from cloudglue_client import APIStatusError, Cloudglue, WaitTimeoutError
from tests.support.clock import FakeClock
from tests.support.fakeapi import FILE_ID, JOB_ID, FakeAPI, frame_job

from .conftest import API_KEY, Flavor


@pytest.mark.parametrize("fails_on", ["processing", "completed"])
def test_a_client_error_raised_by_on_update_ends_the_wait(
    flavor: Flavor, api: FakeAPI, fails_on: str
) -> None:
    statuses = ["processing", "completed"]

    def route(request: httpx.Request) -> httpx.Response:
        if "/files/" in request.url.path:
            return httpx.Response(503, json={"error": "busy"})
        return httpx.Response(
            200, json=frame_job(statuses.pop(0) if len(statuses) > 1 else statuses[0])
        )

    api.route = route
    side = Cloudglue(api_key=API_KEY, base_url=api.url, max_retries=0)

    def on_update(job: Any) -> None:
        if job.status == fails_on:
            side.files.get(FILE_ID)  # the caller's own call fails: 503, after no retry

    with side, pytest.raises(APIStatusError) as info:
        flavor.call(lambda cg: cg.frames.wait(JOB_ID, on_update=on_update, heartbeat=None))
    assert info.value.status_code == 503
    polls = [r for r in api.requests if r.url.path.endswith(f"/frames/{JOB_ID}")]
    assert len(polls) == (1 if fails_on == "processing" else 2)  # no poll after it


def test_an_on_update_slower_than_the_heartbeat_still_lets_the_wait_poll_and_end(
    flavor: Flavor, api: FakeAPI, clock: FakeClock
) -> None:
    """Each update takes 2 s (a slow webhook) with a heartbeat of 1 s: heartbeats come as
    often as they can, and the wait still polls on its backoff and times out at its deadline."""
    api.route = lambda request: httpx.Response(200, json=frame_job("processing"))
    updates: list[float] = []

    def slow(job: Any) -> None:
        updates.append(clock.now)
        if len(updates) > 1000:
            raise RuntimeError("on_update called in a loop: the wait never sleeps or polls")
        clock.now += 2.0  # the callback's own time passes

    with pytest.raises(WaitTimeoutError):
        flavor.call(lambda cg: cg.frames.wait(JOB_ID, timeout=30, heartbeat=1.0, on_update=slow))
    assert len(api.requests) >= 3  # polls went on between the heartbeats
