"""Run by test_shutdown: the issue's case, in a fresh interpreter so its exit can be timed.

    python shutdown_scenario.py URL sync|async|sync-unclosed

Iterate frames with prefetch, break while later pages are in flight (the server holds them),
leave the client's `with` block. Prints {"close": seconds the close took, "closed_at": the
monotonic time (system-wide on Linux) when it returned}; the test times the exit after it.
`sync-unclosed` never closes the client: the program just ends after the loop.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time

import httpx

from cloudglue_client import AsyncCloudglue, Cloudglue

JOB = "3c90c3cc-0d44-4b50-8888-8dd25736052a"
PAGE = 10


def held(url: str) -> None:
    """Poll the server (its `_held` count) until it holds 2 prefetches (or more)."""
    end = time.monotonic() + 30
    while httpx.get(f"{url}/_held").json() < 2:
        if time.monotonic() > end:
            raise SystemExit("the prefetches never reached the server")
        time.sleep(0.01)  # polling interval


def report(started: float) -> None:
    closed_at = time.monotonic()
    print(json.dumps({"close": closed_at - started, "closed_at": closed_at}), flush=True)


def run_sync(url: str) -> None:
    with Cloudglue(api_key="k", base_url=url) as cg:  # default timeouts: 60 s per read
        for i, _ in enumerate(cg.frames.iter_frames(JOB, page_size=PAGE, prefetch=4)):
            if i == 3 * PAGE:  # four pages read: the window has grown, later ones are in flight
                held(url)
                break
        started = time.monotonic()
    report(started)


def run_sync_unclosed(url: str) -> None:
    cg = Cloudglue(api_key="k", base_url=url)
    for i, _ in enumerate(cg.frames.iter_frames(JOB, page_size=PAGE, prefetch=4)):
        if i == 3 * PAGE:
            held(url)
            break
    report(time.monotonic())


async def run_async(url: str) -> None:
    async with AsyncCloudglue(api_key="k", base_url=url) as cg:
        async for i, _ in aenumerate(cg.frames.iter_frames(JOB, page_size=PAGE, prefetch=4)):
            if i == 3 * PAGE:
                await asyncio.to_thread(held, url)
                break
        started = time.monotonic()
    report(started)


async def aenumerate(items):  # type: ignore[no-untyped-def]
    i = 0
    async for item in items:
        yield i, item
        i += 1


if __name__ == "__main__":
    if sys.argv[2] == "sync":
        run_sync(sys.argv[1])
    elif sys.argv[2] == "sync-unclosed":
        run_sync_unclosed(sys.argv[1])
    else:
        asyncio.run(run_async(sys.argv[1]))
