"""Run by test_download_deadlines in a fresh interpreter, so Ctrl-C and exit can be timed.

    python download_scenario.py URL sync|async DIRECTORY

Downloads a job's thumbnails (default timeouts: 60 s per read) from a server that never
answers them; the test sends SIGINT once every image is requested.

Ctrl-C raises KeyboardInterrupt here as in a program started from a terminal, even when the
test run itself was started with SIGINT ignored (a background job of a shell without job
control), which every child would otherwise inherit.
"""

from __future__ import annotations

import asyncio
import signal
import sys

from cloudglue_client import AsyncCloudglue, Cloudglue

JOB = "3c90c3cc-0d44-4b50-8888-8dd25736052a"


def main(url: str, flavor: str, directory: str) -> None:
    if flavor == "sync":
        with Cloudglue(api_key="k", base_url=url) as cg:
            cg.frames.download(JOB, directory, concurrency=8)
        return

    async def run() -> None:
        async with AsyncCloudglue(api_key="k", base_url=url) as cg:
            await cg.frames.download(JOB, directory, concurrency=8)

    asyncio.run(run())


if __name__ == "__main__":
    signal.signal(signal.SIGINT, signal.default_int_handler)
    main(*sys.argv[1:4])
