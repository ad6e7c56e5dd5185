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
import queue
import threading
from collections.abc import Awaitable, Callable, Collection, Generator
from typing import TYPE_CHECKING, Any

from . import _constants as C
from ._download import Download, DownloadResult, Outcome, Plan, Source, Task
from ._runner import AsyncRunner, SyncRunner

if TYPE_CHECKING:
    import asyncio


def run_sync(runner: SyncRunner, plan: Plan, before: Callable[[], object] | None) -> DownloadResult:
    """Download every image of the plan with worker threads; see Download for the promises."""
    dl = Download(plan, runner.runtime)
    first = runner.paginate(dl.main.pages, dl.main.page_size, None, before=before)
    sources = dl.begin(first.items)
    with dl.ending():
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
        # Workers take images from one queue and live as long as the run, one started per image
        # running, up to `concurrency`; they report each outcome to `landed`, and the
        # coordinator settles them one at a time.
        todo: queue.SimpleQueue[Task | None] = queue.SimpleQueue()
        landed: queue.SimpleQueue[tuple[Task, Outcome]] = queue.SimpleQueue()
        running: set[Task] = set()
        workers: list[threading.Thread] = []

        def sleep(seconds: float) -> None:
            if not dl.stopped.wait(seconds):  # stop() ends it, and then the image's steps
                runner.runtime.lifecycle.check(in_flight=True)

        def worker() -> None:
            while (task := todo.get()) is not None:
                try:
                    with contextlib.closing(dl.image_steps(task)) as steps:
                        outcome: Outcome = runner.drive(steps, sleep)
                except BaseException as exc:  # ends the run, in the coordinator (see complete)
                    outcome = exc
                landed.put((task, outcome))  # always, or the coordinator would wait forever

        def settle_one() -> None:
            while True:
                try:
                    task, outcome = landed.get(timeout=C.CLOSED_CHECK_INTERVAL)
                    break
                except queue.Empty:  # close() does not wake a worker in its backoff: ask
                    runner.runtime.lifecycle.check(in_flight=True)
            running.discard(task)
            dl.complete(task, outcome)

        try:
            for source, offset, item in items:
                if dl.broken is not None:  # the manifest cannot be written
                    break
                while dl.full(len(running)):
                    settle_one()
                task = dl.admit(source, offset, item)
                if task is not None:
                    running.add(task)
                    todo.put(task)
                    if len(workers) < len(running):
                        name = f"cloudglue-download-{len(workers)}"
                        workers.append(threading.Thread(target=worker, name=name))
                        workers[-1].start()
            while running:
                settle_one()
        except BaseException:
            dl.stop()  # images in flight end at once; those queued never start a step
            raise
        finally:
            items.close()  # its prefetches end now, even while the exception is kept
            for _ in workers:
                todo.put(None)
            for thread in workers:
                thread.join()
    return dl.finish()


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
        try:
            with contextlib.closing(dl.image_steps(task)) as steps:
                outcome: Outcome = await runner.drive(steps)
                return outcome
        except Exception as exc:
            return exc

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
