"""Client-side loops of the benchmarks, each run in its own fresh process.

    python bench/driver.py KIND '{"json": "args"}'

prints one JSON object on its last line. The module imports only the standard library at
the top, because the official SDK's loop runs with the interpreter of its own throwaway venv
(which has neither httpx nor this project). Every loop times itself (wall clock and the
process's CPU time, all threads included) from just before its first request to just after
its last item, so interpreter start-up and imports are never part of a loop's numbers: each
pagination loop first makes one untimed request through the same client (`limit=1`), which
loads whatever its library imports lazily and opens the first connection, for every variant
alike (import time is measured on its own, in bench/imports.py).
"""

from __future__ import annotations

import json
import resource
import sys
import time
from collections.abc import Callable
from typing import Any

PAGE = 100


def peak_rss_kb() -> int:
    """Peak resident set size of this process so far, in KiB.

    `VmHWM` of /proc/self/status, not `getrusage(RUSAGE_SELF).ru_maxrss`: Linux carries
    ru_maxrss over an exec, so a child started by a large parent (vfork + exec, as
    subprocess does) reports at least the parent's peak. VmHWM belongs to the new image.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def _timed(loop: Callable[[], int]) -> dict[str, Any]:
    wall0, cpu0 = time.perf_counter(), time.process_time()
    frames = loop()
    wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    return {"wall": wall, "cpu": cpu, "frames": frames, "maxrss_kb": peak_rss_kb()}


def page_raw(a: dict[str, Any]) -> dict[str, Any]:
    """The floor: a sequential httpx loop over limit/offset with json.loads."""
    import httpx

    url = f"{a['base_url']}/frames/{a['job_id']}"
    with httpx.Client(headers={"Authorization": f"Bearer {a['api_key']}"}) as http:
        http.get(url, params={"limit": 1, "offset": 0}).raise_for_status()  # warm-up

        def loop() -> int:
            frames = offset = 0
            total = None
            acc = 0.0
            while total is None or offset < total:
                response = http.get(url, params={"limit": PAGE, "offset": offset})
                response.raise_for_status()
                data = json.loads(response.content)["data"]
                for frame in data["frames"]:
                    acc += frame["timestamp"]
                    frames += 1
                total = data["total"]
                offset += len(data["frames"])
            return frames

        return _timed(loop)


def page_generated(a: dict[str, Any]) -> dict[str, Any]:
    """The same sequential loop through the generated `cloudglue_openapi` functions."""
    import uuid

    from cloudglue_openapi import AuthenticatedClient
    from cloudglue_openapi.api.frames import get_frame_extraction

    job_id = uuid.UUID(a["job_id"])
    with AuthenticatedClient(base_url=a["base_url"], token=a["api_key"]) as client:
        get_frame_extraction.sync(frame_extraction_id=job_id, client=client, limit=1)  # warm-up

        def loop() -> int:
            frames = offset = 0
            total = None
            acc = 0.0
            while total is None or offset < total:
                job = get_frame_extraction.sync(
                    frame_extraction_id=job_id, client=client, limit=PAGE, offset=offset
                )
                data: Any = job.data  # type: ignore[union-attr]
                for frame in data.frames:
                    acc += frame.timestamp
                    frames += 1
                total = data.total
                offset += len(data.frames)
            return frames

        return _timed(loop)


def page_official(a: dict[str, Any]) -> dict[str, Any]:
    """The provider's SDK (`cloudglue==0.7.28`), paging with get(id, limit=100, offset=...).

    Its client takes the API root as `host=` (documented constructor argument), so it is
    pointed at the bench server without any patching.
    """
    from cloudglue import Cloudglue

    # Not closed: 0.7.28's Cloudglue.close() raises AttributeError (ApiClient has no close).
    client = Cloudglue(api_key=a["api_key"], host=a["base_url"])
    client.frames.get(a["job_id"], limit=1, offset=0)  # warm-up

    def loop() -> int:
        frames = offset = 0
        total = None
        acc = 0.0
        while total is None or offset < total:
            job = client.frames.get(a["job_id"], limit=PAGE, offset=offset)
            data = job.data
            for frame in data.frames:
                acc += frame.timestamp
                frames += 1
            total = data.total
            offset += len(data.frames)
        return frames

    return _timed(loop)


def page_ours(a: dict[str, Any]) -> dict[str, Any]:
    """`Cloudglue.frames.iter_frames` with the default settings or a given prefetch window."""
    from cloudglue_client import Cloudglue

    with Cloudglue(api_key=a["api_key"], base_url=a["base_url"]) as cg:
        cg.frames.get(a["job_id"], limit=1, offset=0)  # warm-up

        def loop() -> int:
            frames = 0
            acc = 0.0
            for frame in cg.frames.iter_frames(a["job_id"], prefetch=a.get("prefetch")):
                acc += frame.timestamp
                frames += 1
            return frames

        return _timed(loop)


def page_ours_async(a: dict[str, Any]) -> dict[str, Any]:
    """`AsyncCloudglue.frames.iter_frames` (default settings) under `asyncio.run`.

    The clock runs inside the event loop, from just before the first page request to just
    after the last frame, like the sync loops.
    """
    import asyncio

    from cloudglue_client import AsyncCloudglue

    async def scenario() -> dict[str, Any]:
        async with AsyncCloudglue(api_key=a["api_key"], base_url=a["base_url"]) as cg:
            await cg.frames.get(a["job_id"], limit=1, offset=0)  # warm-up
            wall0, cpu0 = time.perf_counter(), time.process_time()
            frames = 0
            acc = 0.0
            async for frame in cg.frames.iter_frames(a["job_id"], prefetch=a.get("prefetch")):
                acc += frame.timestamp
                frames += 1
            wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
        return {"wall": wall, "cpu": cpu, "frames": frames, "maxrss_kb": peak_rss_kb()}

    return asyncio.run(scenario())


def early_exit(a: dict[str, Any]) -> dict[str, Any]:
    """Read `stop_after` frames with `iter_frames` in pages of `page_size`, then stop.

    The requests this costs are counted by the server (bench/pagination.py), after this
    process has ended, so fetches still running when the loop was left are included.
    """
    from cloudglue_client import Cloudglue

    with Cloudglue(api_key=a["api_key"], base_url=a["base_url"]) as cg:
        frames = 0
        for _ in cg.frames.iter_frames(a["job_id"], page_size=a["page_size"]):
            frames += 1
            if frames == a["stop_after"]:
                break
    return {"frames": frames}


def memory(a: dict[str, Any]) -> dict[str, Any]:
    """Peak RSS of iterating every frame with `iter_frames`, keeping none of them.

    `trace` adds one instrument (so that run is for counting, not timing), through public APIs
    only: "heap" reports the tracemalloc peak of Python allocations made during the loop;
    "alive" counts the `Frame` objects the garbage collector tracks each time the reader
    takes a page's first frame, and reports the most seen: what the prefetch window bounds.
    Counting makes the reader slow, so the window is full at every count (the worst case).
    """
    import gc
    import tracemalloc

    from cloudglue_client import Cloudglue, Frame

    trace = a.get("trace")
    with Cloudglue(api_key=a["api_key"], base_url=a["base_url"]) as cg:
        # One page first, so connection set-up and lazily built objects are in the baseline.
        first = cg.frames.get(a["job_id"], limit=PAGE, offset=0)
        page_bytes = len(json.dumps(first.to_dict()))
        del first
        if trace == "heap":
            # Fill the bounded caches that grow with each distinct URL (the stdlib's urlsplit
            # LRU of 128 entries, reached through httpx's cookie handling) before tracing, so
            # the traced peak shows what iteration holds, not a cache filling up.
            for offset in range(130):
                cg.frames.get(a["job_id"], limit=1, offset=offset)
        gc.collect()
        before = peak_rss_kb()
        most_alive = 0
        if trace == "heap":
            tracemalloc.start()
        frames = 0
        for _ in cg.frames.iter_frames(a["job_id"], prefetch=a.get("prefetch")):
            if trace == "alive" and frames % PAGE == 0:
                alive = sum(1 for o in gc.get_objects() if type(o) is Frame)
                most_alive = max(most_alive, alive)
            frames += 1
        heap_peak = tracemalloc.get_traced_memory()[1] if trace == "heap" else None
        if trace == "heap":
            tracemalloc.stop()
    return {
        "frames": frames,
        "rss_before_kb": before,
        "maxrss_kb": peak_rss_kb(),
        "heap_peak_bytes": heap_peak,
        "most_frames_alive": most_alive if trace == "alive" else None,
        "page_json_bytes": page_bytes,
    }


def page_objects(a: dict[str, Any]) -> dict[str, Any]:
    """Python heap held by one parsed page (100 Frame objects) and by its response."""
    import gc
    import tracemalloc

    from cloudglue_client import Cloudglue

    with Cloudglue(api_key=a["api_key"], base_url=a["base_url"]) as cg:
        cg.frames.get(a["job_id"], limit=PAGE, offset=0)  # warm: connection, lazy imports
        gc.collect()
        tracemalloc.start()
        job = cg.frames.get(a["job_id"], limit=PAGE, offset=PAGE)
        gc.collect()
        held = tracemalloc.get_traced_memory()[0]
        tracemalloc.stop()
    data: Any = job.data
    return {"page_bytes": held, "frames": len(data.frames)}


def fanout(a: dict[str, Any]) -> dict[str, Any]:
    """`AsyncCloudglue`: create `jobs` frame extractions and wait on all of them at once."""
    import asyncio

    from cloudglue_client import AsyncCloudglue, JobStatus

    async def scenario() -> dict[str, Any]:
        async with AsyncCloudglue(api_key=a["api_key"], base_url=a["base_url"]) as cg:
            wall0, cpu0 = time.perf_counter(), time.process_time()
            jobs = await asyncio.gather(
                *[
                    cg.frames.create(
                        a["file_id"],
                        frames_per_second=fps,
                        thumbnails=False,
                        wait=True,
                        wait_timeout=300,
                    )
                    for fps in a["fps"]
                ]
            )
            wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
            ok = sum(JobStatus.of(j.status) is JobStatus.COMPLETED for j in jobs)
            ids = {str(j.frame_extraction_id) for j in jobs}
            return {
                "wall": wall,
                "cpu": cpu,
                "completed": ok,
                "distinct": len(ids),
                "ids": sorted(ids),
            }

    return asyncio.run(scenario())


KINDS: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "page-raw": page_raw,
    "page-generated": page_generated,
    "page-official": page_official,
    "page-ours": page_ours,
    "page-ours-async": page_ours_async,
    "early-exit": early_exit,
    "memory": memory,
    "page-objects": page_objects,
    "fanout": fanout,
}


def main() -> None:
    kind, args = sys.argv[1], json.loads(sys.argv[2])
    print(json.dumps(KINDS[kind](args)), flush=True)


if __name__ == "__main__":
    main()
