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


def _rss_kb() -> int:
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


def _timed(loop: Callable[[], tuple[int, int]]) -> dict[str, Any]:
    wall0, cpu0 = time.perf_counter(), time.process_time()
    frames, pages = loop()
    wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    return {"wall": wall, "cpu": cpu, "frames": frames, "pages": pages, "maxrss_kb": _rss_kb()}


def page_raw(a: dict[str, Any]) -> dict[str, Any]:
    """The floor: a sequential httpx loop over limit/offset with json.loads."""
    import httpx

    url = f"{a['base_url']}/frames/{a['job_id']}"
    with httpx.Client(headers={"Authorization": f"Bearer {a['api_key']}"}) as http:
        http.get(url, params={"limit": 1, "offset": 0}).raise_for_status()  # warm-up

        def loop() -> tuple[int, int]:
            frames = pages = offset = 0
            total = None
            acc = 0.0
            while total is None or offset < total:
                response = http.get(url, params={"limit": PAGE, "offset": offset})
                response.raise_for_status()
                data = json.loads(response.content)["data"]
                for frame in data["frames"]:
                    acc += frame["timestamp"]
                    frames += 1
                pages += 1
                total = data["total"]
                offset += len(data["frames"])
            return frames, pages

        return _timed(loop)


def page_generated(a: dict[str, Any]) -> dict[str, Any]:
    """The same sequential loop through the generated `cloudglue_openapi` functions."""
    import uuid

    from cloudglue_openapi import AuthenticatedClient
    from cloudglue_openapi.api.frames import get_frame_extraction

    job_id = uuid.UUID(a["job_id"])
    with AuthenticatedClient(base_url=a["base_url"], token=a["api_key"]) as client:
        get_frame_extraction.sync(frame_extraction_id=job_id, client=client, limit=1)  # warm-up

        def loop() -> tuple[int, int]:
            frames = pages = offset = 0
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
                pages += 1
                total = data.total
                offset += len(data.frames)
            return frames, pages

        return _timed(loop)


def page_official(a: dict[str, Any]) -> dict[str, Any]:
    """The provider's SDK (`cloudglue==0.7.28`), paging with get(id, limit=100, offset=...).

    Its client takes the API root as `host=` (documented constructor argument), so it is
    pointed at the emulator without any patching.
    """
    from cloudglue import Cloudglue

    # Not closed: 0.7.28's Cloudglue.close() raises AttributeError (ApiClient has no close).
    client = Cloudglue(api_key=a["api_key"], host=a["base_url"])
    client.frames.get(a["job_id"], limit=1, offset=0)  # warm-up

    def loop() -> tuple[int, int]:
        frames = pages = offset = 0
        total = None
        acc = 0.0
        while total is None or offset < total:
            job = client.frames.get(a["job_id"], limit=PAGE, offset=offset)
            data = job.data
            for frame in data.frames:
                acc += frame.timestamp
                frames += 1
            pages += 1
            total = data.total
            offset += len(data.frames)
        return frames, pages

    return _timed(loop)


def page_ours(a: dict[str, Any]) -> dict[str, Any]:
    """`Cloudglue.frames.iter_frames` with the default settings or a given prefetch window."""
    from cloudglue_client import Cloudglue

    with Cloudglue(api_key=a["api_key"], base_url=a["base_url"]) as cg:
        cg.frames.get(a["job_id"], limit=1, offset=0)  # warm-up
        warm_up = cg.stats.requests

        def loop() -> tuple[int, int]:
            frames = 0
            acc = 0.0
            pager = cg.frames.iter_frames(a["job_id"], prefetch=a.get("prefetch"))
            for frame in pager:
                acc += frame.timestamp
                frames += 1
            return frames, cg.stats.requests - warm_up

        return _timed(loop)


def early_exit(a: dict[str, Any]) -> dict[str, Any]:
    """Requests `iter_frames` makes to read `stop_after` frames in pages of `page_size`, then stop.

    Counted once the prefetch threads have ended, so fetches still running when the loop was
    left are included.
    """
    import threading

    from cloudglue_client import Cloudglue

    with Cloudglue(api_key=a["api_key"], base_url=a["base_url"]) as cg:
        frames = 0
        for _ in cg.frames.iter_frames(a["job_id"], page_size=a["page_size"]):
            frames += 1
            if frames == a["stop_after"]:
                break
        for thread in threading.enumerate():
            if thread.name.startswith("cloudglue-page"):
                thread.join(30)
        return {"frames": frames, "requests": cg.stats.requests}


def memory(a: dict[str, Any]) -> dict[str, Any]:
    """Peak RSS of iterating every frame with `iter_frames`, keeping none of them.

    With `trace`, two instruments are added (so that run is for counting, not timing):
    tracemalloc reports the peak of Python allocations made during the loop, and every
    `Frame` the generated parser builds is put in a WeakSet, whose largest size is the most
    frames alive at once: what the prefetch window bounds.
    """
    import gc
    import threading
    import tracemalloc
    import weakref

    from cloudglue_client import Cloudglue
    from cloudglue_openapi.models import frame as frame_module

    trace = bool(a.get("trace"))
    lock = threading.Lock()
    alive = most_alive = 0
    if trace:
        # Every Frame is built by `Frame.from_dict` (a page's list calls it once per item).
        parse = frame_module.Frame.from_dict.__func__  # type: ignore[attr-defined]

        def gone() -> None:
            nonlocal alive
            with lock:
                alive -= 1

        def counted(cls: type, src: Any) -> Any:
            nonlocal alive, most_alive
            frame = parse(cls, src)
            weakref.finalize(frame, gone)
            with lock:
                alive += 1
                most_alive = max(most_alive, alive)
            return frame

        frame_module.Frame.from_dict = classmethod(counted)  # type: ignore[assignment,method-assign]

    with Cloudglue(api_key=a["api_key"], base_url=a["base_url"]) as cg:
        # One page first, so connection set-up and lazily built objects are in the baseline.
        first = cg.frames.get(a["job_id"], limit=PAGE, offset=0)
        page_bytes = len(json.dumps(first.to_dict()))
        del first
        if trace:
            # Fill the bounded caches that grow with each distinct URL (the stdlib's urlsplit
            # LRU of 128 entries, reached through httpx's cookie handling) before tracing, so
            # the traced peak shows what iteration holds, not a cache filling up.
            for offset in range(130):
                cg.frames.get(a["job_id"], limit=1, offset=offset)
        gc.collect()
        before = _rss_kb()
        with lock:
            most_alive = alive
        if trace:
            tracemalloc.start()
        frames = 0
        for _ in cg.frames.iter_frames(a["job_id"], prefetch=a.get("prefetch")):
            frames += 1
        heap_peak = tracemalloc.get_traced_memory()[1] if trace else None
        if trace:
            tracemalloc.stop()
    return {
        "frames": frames,
        "rss_before_kb": before,
        "maxrss_kb": _rss_kb(),
        "heap_peak_bytes": heap_peak,
        "most_frames_alive": most_alive if trace else None,
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
                "requests": cg.stats.requests,
                "ids": sorted(ids),
            }

    return asyncio.run(scenario())


KINDS: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "page-raw": page_raw,
    "page-generated": page_generated,
    "page-official": page_official,
    "page-ours": page_ours,
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
