"""Fake time at the client's one clock seam (`cloudglue_client._clock`, which the CLI shares):
time moves only when the code under test sleeps, so waits and retries take no real time."""

from __future__ import annotations

import asyncio

import pytest

from cloudglue_client import _clock


class FakeClock:
    """Time that only moves when the client sleeps; `sleeps` lists every sleep asked for."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float, wake: object = None) -> None:
        self.sleeps.append(seconds)
        self.now += max(seconds, 0)

    async def async_sleep(self, seconds: float, wake: object = None) -> None:
        self.sleep(seconds)
        await asyncio.sleep(0)


def install_fake_clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    """Patch the seam for one test (undone with `monkeypatch`)."""
    fake = FakeClock()
    monkeypatch.setattr(_clock, "monotonic", fake.monotonic)
    monkeypatch.setattr(_clock, "sleep", fake.sleep)
    monkeypatch.setattr(_clock, "async_sleep", fake.async_sleep)
    return fake
