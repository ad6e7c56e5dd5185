"""Running a `Download` (see `_download`): threads for Cloudglue, asyncio tasks for AsyncCloudglue.

Both runners do the same thing with different I/O: read the job's pages (prefetched, as
`iter_frames` does), admit each image to the download (which names it and skips what is on
disk), keep at most `concurrency` images in flight, perform each image's steps, and hand every
outcome back to the download in one place (the calling thread or the event loop).
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Awaitable, Callable, Iterable
from typing import TYPE_CHECKING, Any

import httpx

from . import _clock
from . import _constants as C
from ._download import (
    Download,
    DownloadResult,
    FailedImage,
    Fetch,
    ImageTooLarge,
    Plan,
    Refresh,
    Source,
    Step,
    Task,
)
from ._http import _admitted
from ._logging import logger
from ._pagination import PageData
from .errors import CloudglueError

if TYPE_CHECKING:
    from ._client import AsyncCloudglue, Cloudglue

Outcome = int | FailedImage | Exception
#: The most of an error body read to describe the error (the rest is not downloaded).
_ERROR_BODY_LIMIT = 64 * 2**10
#: Longest uninterrupted sleep of a sync worker, so a cancelled download stops soon.
_SLEEP_SLICE = 0.25


class _Cancelled(Exception):
    """The download is being abandoned (an error or Ctrl-C in the caller)."""


def _data(page: Any) -> PageData[Any]:
    return PageData(page.items, page.total, page.limit, page.offset)


def _error_response(response: httpx.Response, chunks: Iterable[bytes]) -> httpx.Response:
    """A copy of a non-2xx response holding at most _ERROR_BODY_LIMIT bytes of its body."""
    body = bytearray()
    for chunk in chunks:
        body += chunk
        if len(body) >= _ERROR_BODY_LIMIT:
            break
    headers = [
        (k, v)
        for k, v in response.headers.multi_items()
        if k.lower() not in ("content-encoding", "content-length", "transfer-encoding")
    ]
    return httpx.Response(
        response.status_code,
        headers=headers,
        content=bytes(body[:_ERROR_BODY_LIMIT]),
        request=response.request,
    )


def _refreshed(dl: Download, step: Refresh, page: PageData[Any]) -> str | None:
    url = dl.refreshed_url(step.source, page, step.key)
    logger.info("re-read page at offset %d: %s", step.offset, "new URL" if url else "image gone")
    return url


def _sources(main_images: bool, main: tuple[Source, Any], extra: list[tuple[Source, Any]]) -> Any:
    return ([main] if main_images else []) + extra


# -- sync ----------------------------------------------------------------------------------------


def run_sync(client: Cloudglue, plan: Plan, before: Callable[[], object] | None) -> DownloadResult:
    """Download every image of the plan with a thread pool; see Download for the promises."""
    import concurrent.futures as cf

    dl = Download(plan, client._settings.runtime)
    first = client._paginate(dl.main.pages, dl.main.page_size, None, before=before)
    main_images, extra = dl.begin(_data(first))
    try:
        later = []
        for source in extra:
            page = client._paginate(source.pages, source.page_size, None)
            dl.add_total(page.total)
            later.append((source, page))
        cancel = threading.Event()
        limit = plan.options.concurrency
        # Workers report here; waiting on one queue is O(1) per image (cf.wait is O(futures)).
        landed: queue.SimpleQueue[tuple[Task, Outcome]] = queue.SimpleQueue()
        in_flight = 0

        def work(task: Task) -> None:
            outcome: Outcome = RuntimeError("the download worker stopped")
            try:
                outcome = _drive_sync(client, dl, task, cancel)
            finally:  # always report, or the coordinator would wait forever
                landed.put((task, outcome))

        def settle_one() -> None:
            nonlocal in_flight
            task, outcome = landed.get()
            in_flight -= 1
            dl.complete(task, outcome)

        with cf.ThreadPoolExecutor(limit, thread_name_prefix="cloudglue-download") as pool:
            try:
                for source, page_zero in _sources(main_images, (dl.main, first), later):
                    for page in page_zero.iter_pages():
                        for item in page.items:
                            while in_flight >= limit or (in_flight and not dl.has_room()):
                                settle_one()
                            task = dl.admit(source, page.offset, item)
                            if task is not None:
                                pool.submit(work, task)
                                in_flight += 1
                while in_flight:
                    settle_one()
            except BaseException:
                cancel.set()
                pool.shutdown(wait=True, cancel_futures=True)
                raise
    except BaseException:
        dl.abort()
        raise
    return dl.finish()


def _drive_sync(client: Cloudglue, dl: Download, task: Task, cancel: threading.Event) -> Outcome:
    """Perform one image's steps in a worker thread; never raises."""
    steps = dl.image_steps(task)
    try:
        step: Step = next(steps)
        while True:
            if cancel.is_set():
                raise _Cancelled("download cancelled")
            if isinstance(step, float):
                _sleep_sync(step, cancel)
                step = steps.send(None)
            elif isinstance(step, Refresh):
                step = steps.send(_refresh_sync(client, dl, step))
            else:
                step = steps.send(_fetch_sync(client._connections.client(), step, cancel))
    except StopIteration as done:
        outcome: Outcome = done.value
        return outcome
    except Exception as exc:
        return exc
    finally:
        steps.close()


def _sleep_sync(seconds: float, cancel: threading.Event) -> None:
    left = seconds
    while left > 0 and not cancel.is_set():
        _clock.sleep(min(left, _SLEEP_SLICE))
        left -= _SLEEP_SLICE


def _refresh_sync(client: Cloudglue, dl: Download, step: Refresh) -> str | None:
    call, extract = step.source.pages(step.offset, step.source.page_size)
    try:
        return _refreshed(dl, step, extract(client._run(call)))
    except CloudglueError as exc:
        logger.info("re-reading the page at offset %d failed: %s", step.offset, exc)
        return None


def _fetch_sync(
    http: httpx.Client, step: Fetch, cancel: threading.Event
) -> httpx.Response | httpx.HTTPError | ImageTooLarge:
    try:
        with http.stream("GET", step.url, headers=step.headers, timeout=step.timeout) as response:
            if not response.is_success:
                return _error_response(response, response.iter_bytes(C.DOWNLOAD_CHUNK_BYTES))
            for chunk in response.iter_bytes(C.DOWNLOAD_CHUNK_BYTES):
                if cancel.is_set():
                    raise _Cancelled("download cancelled")
                step.sink.write(chunk)
            return response
    except (httpx.HTTPError, ImageTooLarge) as exc:
        return exc


# -- async ---------------------------------------------------------------------------------------


async def run_async(
    client: AsyncCloudglue, plan: Plan, before: Callable[[], Awaitable[object]] | None
) -> DownloadResult:
    """Download every image of the plan with asyncio tasks; see Download for the promises."""
    import asyncio

    dl = Download(plan, client._settings.runtime)
    first = await client._paginate(dl.main.pages, dl.main.page_size, None, before=before)
    main_images, extra = dl.begin(_data(first))
    limit = plan.options.concurrency
    in_flight: dict[asyncio.Task[Outcome], Task] = {}

    async def settle_one() -> None:
        finished, _ = await asyncio.wait(in_flight, return_when=asyncio.FIRST_COMPLETED)
        for done in finished:
            dl.complete(in_flight.pop(done), done.result())

    try:
        later = []
        for source in extra:
            page = await client._paginate(source.pages, source.page_size, None)
            dl.add_total(page.total)
            later.append((source, page))
        for source, page_zero in _sources(main_images, (dl.main, first), later):
            async for page in page_zero.iter_pages():
                for item in page.items:
                    while len(in_flight) >= limit or (in_flight and not dl.has_room()):
                        await settle_one()
                    task = dl.admit(source, page.offset, item)
                    if task is not None:
                        in_flight[asyncio.ensure_future(_drive_async(client, dl, task))] = task
        while in_flight:
            await settle_one()
    except BaseException:
        for running in in_flight:
            running.cancel()
        # Let each task's clean-up (deleting its temporary file) run before we go.
        await asyncio.gather(*in_flight, return_exceptions=True)
        dl.abort()
        raise
    return dl.finish()


async def _drive_async(client: AsyncCloudglue, dl: Download, task: Task) -> Outcome:
    """Perform one image's steps on the event loop; raises only CancelledError."""
    steps = dl.image_steps(task)
    try:
        step: Step = next(steps)
        while True:
            if isinstance(step, float):
                await _clock.async_sleep(step)
                step = steps.send(None)
            elif isinstance(step, Refresh):
                step = steps.send(await _refresh_async(client, dl, step))
            else:
                step = steps.send(await _fetch_async(await client._connections.client(), step))
    except StopIteration as done:
        outcome: Outcome = done.value
        return outcome
    except Exception as exc:
        return exc
    finally:
        steps.close()


async def _refresh_async(client: AsyncCloudglue, dl: Download, step: Refresh) -> str | None:
    call, extract = step.source.pages(step.offset, step.source.page_size)
    try:
        return _refreshed(dl, step, extract(await client._run(call)))
    except CloudglueError as exc:
        logger.info("re-reading the page at offset %d failed: %s", step.offset, exc)
        return None


async def _fetch_async(
    http: httpx.AsyncClient, step: Fetch
) -> httpx.Response | httpx.HTTPError | ImageTooLarge:
    try:
        async with (
            _admitted(http, step.timeout),
            http.stream("GET", step.url, headers=step.headers, timeout=step.timeout) as response,
        ):
            if not response.is_success:
                chunks = [c async for c in _limited(response.aiter_bytes(C.DOWNLOAD_CHUNK_BYTES))]
                return _error_response(response, chunks)
            async for chunk in response.aiter_bytes(C.DOWNLOAD_CHUNK_BYTES):
                step.sink.write(chunk)
            return response
    except (httpx.HTTPError, ImageTooLarge) as exc:
        return exc


async def _limited(chunks: Any) -> Any:
    read = 0
    async for chunk in chunks:
        yield chunk
        read += len(chunk)
        if read >= _ERROR_BODY_LIMIT:
            return
