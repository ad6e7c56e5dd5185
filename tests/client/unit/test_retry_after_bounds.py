"""A Retry-After too long to honour (hundreds of digits, a date centuries away): the client
gives up at once, and the error's `retry_after` is still a number a program can sleep on."""

from __future__ import annotations

import math
import threading
from typing import Any

import pytest

from cloudglue_client import RateLimitError
from cloudglue_client import _constants as C
from tests.support.fakeapi import JOB_ID, FakeAPI, respond

from .conftest import Flavor


@pytest.mark.parametrize("hint", ["9" * 400, "Fri, 31 Dec 9999 23:59:59 GMT"])
def test_an_endless_retry_after_is_a_finite_wait_that_sleep_accepts(
    flavor: Flavor, api: FakeAPI, clock: Any, hint: str
) -> None:
    api.script = [respond(429, {"error": "quota"}, headers={"Retry-After": hint})]
    with pytest.raises(RateLimitError) as info:
        flavor.call(lambda cg: cg.frames.get(JOB_ID))
    assert clock.sleeps == [] and len(api.requests) == 1  # given up, as before
    wait = info.value.retry_after
    assert wait is not None and math.isfinite(wait) and wait > C.RETRY_AFTER_CAP
    # A lock that is free returns at once, after checking its timeout as blocking calls do
    # (OverflowError for inf, or past what the platform's clocks can add).
    assert threading.Lock().acquire(timeout=wait)
