"""Running a `Download` (see `_download`): threads for Cloudglue, asyncio tasks for AsyncCloudglue.

Both read the job's pages (prefetched), admit each item to the download (which names it and
skips what is on disk), keep the images in flight within `Download.full`, drive each image's
steps with the request core's drivers, and hand every outcome back to the download in one
place (the calling thread or the event loop), using the client only through its runner.

Leaving early (an error, Ctrl-C, cancellation) ends the images in flight at once: async tasks
are cancelled; sync workers have their attempt aborted (its socket shut down), so a worker
blocked on a hanging image server wakes immediately. close() from elsewhere ends a sync run
within `CLOSED_CHECK_INTERVAL`, even while every worker waits out a retry's backoff.
"""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable, Collection, Generator
from typing import TYPE_CHECKING, Any

from . import _constants as C
from ._download import Download, DownloadResult, Outcome, Plan, Source, Task
from ._request import drive_sync
from ._runner import AsyncRunner, SyncRunner

if TYPE_CHECKING:
    import asyncio


def run_sync(runner: SyncRunner, plan: Plan, before: Callable[[], object] | None) -> DownloadResult:
    """Download every image of the plan with worker threads; see Download for the promises."""
    from concurrent import futures

    dl = Download(plan, runner.runtime)
    first = runner.paginate(dl.main.pages, dl.main.page_size, None, before=before)
    sources = dl.begin(first.items)
    workers = futures.ThreadPoolExecutor(plan.options.concurrency, "cloudglue-download")
    with dl.ending(), workers:  # (on leaving, the workers end before the directory is released)
        pages = [
            (s, first if s is dl.main else runner.paginate(s.pages, s.page_size, None))
            for s in sources
        ]
        dl.total = sum(page.total for _, page in pages)

        def admissions() -> Generator[tuple[Source, int, Any], None, None]:
            for source, first in pages:  # each iteration closed here, not when it is collected
                with contextlib.closing(first.iter_pages()) as each:
                    yield from ((source, p.offset, item) for p in each for item in p.items)

        items = admissions()
        running: dict[futures.Future[Outcome], Task] = {}

        def sleep(seconds: float) -> None:
            if not dl.stopped.wait(seconds):  # stop() ends it, and then the image's steps
                runner.runtime.lifecycle.check(in_flight=True)

        def work(task: Task) -> Outcome:  # what it raises ends the run (see Download.complete)
            with contextlib.closing(dl.image_steps(task)) as steps:
                outcome: Outcome = drive_sync(steps, runner.transport, sleep)
                return outcome

        def settle_one() -> None:
            while True:
                done, _ = futures.wait(running, C.CLOSED_CHECK_INTERVAL, futures.FIRST_COMPLETED)
                if done:
                    break
                runner.runtime.lifecycle.check(in_flight=True)  # close() cannot wake a backoff
            for future in done:
                dl.complete(running.pop(future), future.result())

        try:
            for source, offset, item in items:
                if dl.broken is not None:  # the manifest cannot be written
                    break
                while dl.full(len(running)):
                    settle_one()
                task = dl.admit(source, offset, item)
                if task is not None:
                    running[workers.submit(work, task)] = task
            while running:
                settle_one()
        except BaseException:
            dl.stop()  # images in flight end at once
            raise
        finally:
            items.close()  # its prefetches end now, even while the exception is kept
    return dl.finish()


# -- async ---------------------------------------------------------------------------------------


async def run_async(
    runner: AsyncRunner, plan: Plan, before: Callable[[], Awaitable[object]] | None
) -> DownloadResult:
    """Download every image of the plan with asyncio tasks; see Download for the promises."""
    import asyncio

    dl = Download(plan, runner.runtime)
    first = await runner.paginate(dl.main.pages, dl.main.page_size, None, before=before)
    sources = dl.begin(first.items)
    in_flight: dict[asyncio.Task[Outcome], Task] = {}

    async def work(task: Task) -> Outcome:
        """Perform one image's steps on the event loop; raises only CancelledError (what the
        steps raise is returned, and ends the run in the coordinator: see complete)."""
        steps = dl.image_steps(task)
        try:
            outcome: Outcome = await runner.drive(steps)
            return outcome
        except Exception as exc:
            return exc
        finally:
            steps.close()

    async def settle_one() -> None:
        finished, _ = await asyncio.wait(in_flight, return_when=asyncio.FIRST_COMPLETED)
        for done in finished:
            dl.complete(in_flight.pop(done), done.result())

    with dl.ending():
        try:
            pages = [
                (s, first if s is dl.main else await runner.paginate(s.pages, s.page_size, None))
                for s in sources
            ]
            dl.total = sum(page.total for _, page in pages)
            items = (
                (s, p.offset, item)
                for s, f in pages
                async for p in f.iter_pages()
                for item in p.items
            )
            async with contextlib.aclosing(items) as admissions:
                async for source, offset, item in admissions:
                    if dl.broken is not None:  # the manifest cannot be written
                        break
                    while dl.full(len(in_flight)):
                        await settle_one()
                    task = dl.admit(source, offset, item)
                    if task is not None:
                        in_flight[asyncio.ensure_future(work(task))] = task
            while in_flight:
                await settle_one()
        except BaseException:
            await _ended(in_flight)  # each task's clean-up deletes its temporary file
            raise
    return dl.finish()


async def _ended(tasks: Collection[asyncio.Task[Outcome]]) -> None:
    """Cancel `tasks` and wait until each has ended, however often this wait is cancelled
    meanwhile (as asyncio.TaskGroup waits for its tasks; asyncio.run and servers cancel
    again when shutting down); then raise the CancelledError, if one came."""
    import asyncio

    for task in tasks:
        task.cancel()
    cancelled: asyncio.CancelledError | None = None
    pending = set(tasks)
    while pending:
        try:
            _, pending = await asyncio.wait(pending)
        except asyncio.CancelledError as exc:
            cancelled = exc
    if cancelled is not None:
        raise cancelled
