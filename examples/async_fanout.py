"""Async fan-out: start many frame extractions at once and wait for all of them concurrently.

CLOUDGLUE_API_KEY=... python examples/async_fanout.py VIDEO [--jobs 20]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from pathlib import Path

from cloudglue_client import AsyncCloudglue, CloudglueError


async def fan_out(video: Path, jobs: int) -> int:
    async with AsyncCloudglue() as cg:
        f = await cg.files.upload(video, wait=True)
        started = time.monotonic()
        # distinct rates, so the service does not hand back one cached job for all of them
        rates = [round(0.5 + 0.25 * i, 2) for i in range(jobs)]
        results = await asyncio.gather(
            *(
                cg.frames.create(f.id, frames_per_second=r, thumbnails=False, wait=True)
                for r in rates
            ),
            return_exceptions=True,
        )
        failed = [r for r in results if isinstance(r, BaseException)]
        counts = [int(r.frame_count or 0) for r in results if not isinstance(r, BaseException)]
        print(
            f"{len(counts)} of {jobs} extractions completed in "
            f"{time.monotonic() - started:.1f}s; {sum(counts)} frames in all; "
            f"{cg.stats.requests} requests, {cg.stats.retries} retries"
        )
        for err in failed:
            print(f"  failed: {err}", file=sys.stderr)
        return 1 if failed else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("video", type=Path)
    parser.add_argument("--jobs", type=int, default=20)
    args = parser.parse_args()
    try:
        return asyncio.run(fan_out(args.video, args.jobs))
    except CloudglueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
