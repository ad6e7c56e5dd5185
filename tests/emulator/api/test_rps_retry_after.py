"""The rps limit's 429 says when a request would be admitted: its `Retry-After` is the time
until the next slot frees, rounded up to whole seconds and at least 1, not the configured
`retry_after` (which is for the injected 429s and 503s of `throttle_rate` and `fail_rate`).
A client that waits what it is told gets in; one told more would wait for nothing, one told
less (`retry_after=0`) would spend its retries on more 429s."""

from __future__ import annotations

import math

import pytest

from cloudglue_emulator.faults import FaultState
from cloudglue_emulator.settings import FAULT_OPTIONS, FaultSettings


def limited_at(state: FaultState, now: float) -> int:
    """The Retry-After of the rps 429 answered at `now` (the request must be limited)."""
    answer = state.decide(now=now)
    assert answer is not None and answer.status == 429, answer
    assert "per second" in answer.message  # the rps limit, not throttle_rate
    return answer.retry_after


def spent(rps: float, retry_after: int) -> FaultState:
    """A limiter whose burst was spent at time 0."""
    state = FaultState(FaultSettings(rps=rps, retry_after=retry_after))
    assert all(state.decide(now=0.0) is None for _ in range(math.floor(max(1.0, rps))))
    return state


@pytest.mark.parametrize(
    ("rps", "retry_after", "later", "expected"),
    [
        (2.0, 5, 0.1, 1),  # a slot frees in 0.4 s: 1, not the configured 5
        (0.25, 1, 0.5, 4),  # one request per 4 s, asked 0.5 s after: 3.5 s, rounded up
        (0.1, 0, 0.0, 10),  # retry_after=0 would send the client straight back
        (1000.0, 0, 0.0, 1),  # a millisecond away: at least 1
    ],
)
def test_retry_after_is_the_time_until_a_slot_frees(
    rps: float, retry_after: int, later: float, expected: int
) -> None:
    assert limited_at(spent(rps, retry_after), later) == expected
    assert spent(rps, retry_after).decide(now=later + expected) is None
    if expected > 1:  # a second less is too soon: the answer is not padded
        assert spent(rps, retry_after).decide(now=later + expected - 1) is not None


@pytest.mark.parametrize("rps", [0.3, 0.5, 0.7, 1.0, 3.0])
def test_a_client_that_waits_what_it_is_told_is_admitted(rps: float) -> None:
    state = FaultState(FaultSettings(rps=rps, retry_after=0))
    now = 0.0
    for _ in range(5):
        while state.decide(now=now) is None:  # spend what the bucket holds
            pass
        now += limited_at(state, now)
        assert state.decide(now=now) is None


@pytest.mark.parametrize("rps", [math.ulp(0.0), 1e-309, 1e-300])
def test_a_rate_near_zero_gets_a_429_whose_wait_is_the_longest_retry_after(rps: float) -> None:
    """Any rate above 0 is accepted; one so small that the wait overflows a float (or is
    centuries long) is told the longest wait `retry_after` may be set to, not a 500."""
    (longest,) = (o.maximum for o in FAULT_OPTIONS if o.name == "retry_after")
    assert limited_at(spent(rps, 1), 0.0) == longest
