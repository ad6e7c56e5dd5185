"""Client-side loops of the download benchmark, each run in its own fresh process.

    python bench/download_driver.py KIND '{"json": "args"}'

prints one JSON object on its last line: the loop's wall time (from just before the first
request to just after the last file is written), what it wrote, and the process's peak RSS
(VmHWM, see driver._rss_kb).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

from driver import _rss_kb  # run as a script: bench/ is on sys.path, as for driver.py


def ours(a: dict[str, Any]) -> dict[str, Any]:
    """`frames.download` with the given concurrency."""
    from cloudglue_client import Cloudglue

    with Cloudglue(api_key=a["api_key"], base_url=a["base_url"]) as cg:
        started = time.perf_counter()
        result = cg.frames.download(a["job_id"], a["dir"], concurrency=a["concurrency"])
        wall = time.perf_counter() - started
    return {
        "wall": wall,
        "images": result.downloaded,
        "failed": len(result.failed),
        "bytes": result.bytes,
        "maxrss_kb": _rss_kb(),
    }


def sequential(a: dict[str, Any]) -> dict[str, Any]:
    """What users write today: iterate the frames, GET each thumbnail with httpx, write it."""
    import httpx

    from cloudglue_client import Cloudglue

    target = Path(a["dir"])
    target.mkdir(parents=True, exist_ok=True)
    images = size = 0
    with Cloudglue(api_key=a["api_key"], base_url=a["base_url"]) as cg, httpx.Client() as http:
        started = time.perf_counter()
        for frame in cg.frames.iter_frames(a["job_id"]):
            response = http.get(str(frame.thumbnail_url))
            response.raise_for_status()
            (target / f"{frame.timestamp:010.3f}_{frame.id}.jpg").write_bytes(response.content)
            images += 1
            size += len(response.content)
        wall = time.perf_counter() - started
    return {"wall": wall, "images": images, "failed": 0, "bytes": size, "maxrss_kb": _rss_kb()}


KINDS = {"ours": ours, "sequential": sequential}

if __name__ == "__main__":
    print(json.dumps(KINDS[sys.argv[1]](json.loads(sys.argv[2]))))
