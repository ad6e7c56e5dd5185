"""Client-side loops of the download benchmark, each run in its own fresh process.

    python bench/download_driver.py KIND '{"json": "args"}'

prints one JSON object on its last line: the loop's wall time and the process's CPU time (all
threads; from just before the first request to just after the last file is written), what it
wrote, and the process's peak RSS (VmHWM, see driver.peak_rss_kb).
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from driver import peak_rss_kb  # run as a script: bench/ is on sys.path, as for driver.py


def _timed(loop: Callable[[], tuple[int, int, int]]) -> dict[str, Any]:
    wall0, cpu0 = time.perf_counter(), time.process_time()
    images, failed, size = loop()
    wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    return {
        "wall": wall,
        "cpu": cpu,
        "images": images,
        "failed": failed,
        "bytes": size,
        "maxrss_kb": peak_rss_kb(),
    }


def ours(a: dict[str, Any]) -> dict[str, Any]:
    """`Cloudglue.frames.download` with the given concurrency."""
    from cloudglue_client import Cloudglue

    with Cloudglue(api_key=a["api_key"], base_url=a["base_url"]) as cg:

        def loop() -> tuple[int, int, int]:
            result = cg.frames.download(a["job_id"], a["dir"], concurrency=a["concurrency"])
            return result.downloaded, len(result.failed), result.bytes

        return _timed(loop)


def ours_async(a: dict[str, Any]) -> dict[str, Any]:
    """`AsyncCloudglue.frames.download` with the given concurrency, under `asyncio.run`."""
    import asyncio

    from cloudglue_client import AsyncCloudglue

    async def scenario() -> dict[str, Any]:
        async with AsyncCloudglue(api_key=a["api_key"], base_url=a["base_url"]) as cg:
            wall0, cpu0 = time.perf_counter(), time.process_time()
            result = await cg.frames.download(a["job_id"], a["dir"], concurrency=a["concurrency"])
            wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
        return {
            "wall": wall,
            "cpu": cpu,
            "images": result.downloaded,
            "failed": len(result.failed),
            "bytes": result.bytes,
            "maxrss_kb": peak_rss_kb(),
        }

    return asyncio.run(scenario())


def sequential(a: dict[str, Any]) -> dict[str, Any]:
    """What users write without `download`: iterate the frames, GET each thumbnail, write it."""
    import httpx

    from cloudglue_client import Cloudglue

    target = Path(a["dir"])
    target.mkdir(parents=True, exist_ok=True)
    with Cloudglue(api_key=a["api_key"], base_url=a["base_url"]) as cg, httpx.Client() as http:

        def loop() -> tuple[int, int, int]:
            images = size = 0
            for frame in cg.frames.iter_frames(a["job_id"]):
                response = http.get(str(frame.thumbnail_url))
                response.raise_for_status()
                (target / f"{frame.timestamp:010.3f}_{frame.id}.jpg").write_bytes(response.content)
                images += 1
                size += len(response.content)
            return images, 0, size

        return _timed(loop)


def pool(a: dict[str, Any]) -> dict[str, Any]:
    """The floor of client work: bare httpx, no library of ours.

    A sequential page loop (`json.loads`) collects the thumbnail URLs, then a thread pool of
    `concurrency` workers sharing one `httpx.Client` (as many connections) GETs each URL and
    writes its bytes to a file. Both phases are timed, as `download` does both.
    """
    from concurrent.futures import ThreadPoolExecutor

    import httpx

    target = Path(a["dir"])
    target.mkdir(parents=True, exist_ok=True)
    concurrency = a["concurrency"]
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    headers = {"Authorization": f"Bearer {a['api_key']}"}
    with httpx.Client(limits=limits) as http:

        def fetch(item: tuple[int, str]) -> int:
            number, url = item
            response = http.get(url)
            response.raise_for_status()
            (target / f"{number:08d}.jpg").write_bytes(response.content)
            return len(response.content)

        def loop() -> tuple[int, int, int]:
            page_url = f"{a['base_url']}/frames/{a['job_id']}"
            urls: list[str] = []
            total = None
            while total is None or len(urls) < total:
                params = {"limit": 100, "offset": len(urls)}
                response = http.get(page_url, params=params, headers=headers)
                response.raise_for_status()
                data = json.loads(response.content)["data"]
                urls += [frame["thumbnail_url"] for frame in data["frames"]]
                total = data["total"]
            with ThreadPoolExecutor(max_workers=concurrency) as workers:
                sizes = list(workers.map(fetch, enumerate(urls)))
            return len(sizes), 0, sum(sizes)

        return _timed(loop)


KINDS = {"ours": ours, "ours-async": ours_async, "sequential": sequential, "pool": pool}

if __name__ == "__main__":
    print(json.dumps(KINDS[sys.argv[1]](json.loads(sys.argv[2]))))
