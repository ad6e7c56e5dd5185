"""on_retry: called before each retry's sleep with the operation, attempt, delay and error."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from cloudglue_client import (
    APIConnectionError,
    Cloudglue,
    InternalServerError,
    RateLimitError,
    RetryEvent,
)
from tests.support.clock import FakeClock
from tests.support.fakeapi import JOB_ID, FakeAPI, fail, passthrough, respond

from .conftest import API_KEY, Flavor


def test_on_retry_sees_each_retry_before_its_sleep(
    flavor: Flavor, api: FakeAPI, clock: FakeClock
) -> None:
    events: list[RetryEvent] = []
    sleeps_seen: list[int] = []

    def on_retry(event: RetryEvent) -> None:
        events.append(event)
        sleeps_seen.append(len(clock.sleeps))  # the sleep has not happened yet

    api.script = [
        respond(429, {"error": "slow down"}, headers={"Retry-After": "3"}),
        fail(httpx.ConnectError),
        passthrough(),
    ]
    job = flavor.call(lambda cg: cg.frames.get(JOB_ID), on_retry=on_retry)
    assert str(job.frame_extraction_id) == JOB_ID
    assert [e.attempt for e in events] == [1, 2]
    assert all(e.operation == "get_frame_extraction" for e in events)
    assert isinstance(events[0].error, RateLimitError) and events[0].delay == 3.0
    assert isinstance(events[1].error, APIConnectionError)
    assert [e.delay for e in events] == clock.sleeps
    assert sleeps_seen == [0, 1]


def test_no_call_when_nothing_is_retried(flavor: Flavor, api: FakeAPI) -> None:
    events: list[RetryEvent] = []
    api.script = [respond(500, {"error": "boom"})]
    with pytest.raises(InternalServerError):
        flavor.call(lambda cg: cg.frames.get(JOB_ID), on_retry=events.append, max_retries=0)
    assert events == []


def test_with_options_sets_replaces_and_keeps_the_hook(api: FakeAPI) -> None:
    first: list[RetryEvent] = []
    second: list[RetryEvent] = []
    api.route = lambda request: httpx.Response(503, json={"error": "busy"})
    http = httpx.Client(transport=api.transport())
    cg = Cloudglue(api_key=API_KEY, base_url="https://api.test/v1", http_client=http)
    copies = [
        (cg.with_options(on_retry=first.append), 1),
        (cg.with_options(on_retry=first.append).with_options(max_retries=3), 3),
        (cg.with_options(on_retry=first.append).with_options(on_retry=second.append), 2),
        (cg.with_options(on_retry=first.append).with_options(on_retry=None), 2),
    ]
    counts = []
    for copy, _ in copies:
        before = len(first), len(second)
        with pytest.raises(InternalServerError):
            copy.frames.get(JOB_ID)
        counts.append((len(first) - before[0], len(second) - before[1]))
    assert counts == [(2, 0), (3, 0), (0, 2), (0, 0)]
    assert cg._runtime.on_retry is None


def test_an_exception_in_the_hook_stops_the_call(flavor: Flavor, api: FakeAPI) -> None:
    class Stop(Exception):
        pass

    def on_retry(event: RetryEvent) -> None:
        raise Stop(event.operation)

    api.script = [respond(503, {"error": "busy"})]
    with pytest.raises(Stop, match="get_frame_extraction"):
        flavor.call(lambda cg: cg.frames.get(JOB_ID), on_retry=on_retry)
    assert len(api.requests) == 1


@pytest.mark.parametrize("bad", ["print", 3])
def test_a_hook_that_is_not_callable_is_refused(flavor: Flavor, bad: Any) -> None:
    with pytest.raises(TypeError, match="on_retry: expected a callable"):
        flavor.client(on_retry=bad)


def test_per_request_timings_with_httpx_event_hooks(api: FakeAPI) -> None:
    """The README's recipe: httpx's own event hooks on a client you pass in."""
    import time

    timings: list[tuple[str, int, float]] = []

    def started(request: httpx.Request) -> None:
        request.extensions["started"] = time.perf_counter()

    def finished(response: httpx.Response) -> None:
        request = response.request
        elapsed = time.perf_counter() - request.extensions["started"]
        timings.append((request.url.path, response.status_code, elapsed))

    api.script = [respond(503, {"error": "busy"}, headers={"Retry-After": "0"}), passthrough()]
    hooks = {"request": [started], "response": [finished]}
    http = httpx.Client(transport=api.transport(), event_hooks=hooks)
    with Cloudglue(api_key=API_KEY, base_url="https://api.test/v1", http_client=http) as cg:
        cg.frames.get(JOB_ID)
    assert [(path, status) for path, status, _ in timings] == [
        (f"/v1/frames/{JOB_ID}", 503),  # every attempt is seen, retries included
        (f"/v1/frames/{JOB_ID}", 200),
    ]
    assert all(elapsed >= 0 for _, _, elapsed in timings)
    http.close()
