"""A wait's `on_update` is the caller's code: what it raises ends the wait as it is, even a
client error that a failed poll could also raise (the callback's own API call failing)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from cloudglue_client import APIStatusError, Cloudglue
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
