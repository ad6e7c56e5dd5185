"""Pages that iterate over every item, fetching later pages ahead in a window that grows.

`Prefetch` decides, without I/O, which offsets to request and when to stop; `SyncPage` runs it
with prefetch threads, `AsyncPage` with asyncio tasks. The window grows like TCP's slow start,
up to `prefetch` pages: none until an item past the first page is asked for, one guess each for
the second and third pages, then doubling with each page read (quadrupling when the reader had
to wait), so a reader that stops early has paid for at most `prefetch` unread pages. Pages are
placed at the offsets asked for, never the one echoed: one that starts like the page before is
an APIResponseValidationError, and the items that a listing grown at its front repeats are dropped.
"""

from __future__ import annotations

import contextlib
import os
import queue
import threading
from collections.abc import Awaitable, Callable, Generator, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, Protocol, Self, TypeVar

from . import _constants as C
from ._logging import logger
from ._validation import describe
from .errors import APIResponseValidationError, ClientClosedError

if TYPE_CHECKING:
    import asyncio

T = TypeVar("T")


@dataclass(frozen=True)
class PageData(Generic[T]):
    """One page as the server sent it."""

    items: list[T]
    total: int
    limit: int
    offset: int

    @classmethod
    def checked(
        cls, items: object, total: object, limit: object, offset: object, *, operation: str
    ) -> PageData[T]:
        """Build from parsed fields; `total`, `limit` and `offset` must be `PageCount`s."""
        from cloudglue_openapi.constraints import schema

        counter = schema("PageCount")
        for name, value in (("total", total), ("limit", limit), ("offset", offset)):
            if isinstance(value, bool) or not isinstance(value, int) or not counter.in_range(value):
                raise APIResponseValidationError(
                    f"{name} must be an integer {describe(counter)}, got {value!r}",
                    operation=operation,
                )
        if not isinstance(items, list):
            raise APIResponseValidationError(
                f"items must be a list, got {type(items).__name__}", operation=operation
            )
        return cls(items, total, limit, offset)  # type: ignore[arg-type]


#: (offset, limit, abandoned) -> the page read off the wire, parsed by calling it: a prefetch
#: thread does only the I/O, the reader parses (less contention for the GIL).
SyncFetch = Callable[[int, int, Callable[[], bool]], Callable[[], PageData[T]]]
AsyncFetch = Callable[[int, int], Awaitable[PageData[T]]]


class Abandoned(Exception):
    """Raised instead of a prefetch's next retry once its page is no longer wanted."""


def never() -> bool:
    """Nothing is abandoned, nothing closed: the default of those callbacks."""
    return False


class _Handle(Protocol):
    """An in-flight fetch: a prefetch thread's `_Fetching` or an asyncio.Task."""

    def cancel(self) -> bool: ...


H = TypeVar("H", bound=_Handle)


class Prefetch(Generic[H]):
    """Which offsets to request and when to stop; `in_flight` maps offsets to their handles."""

    def __init__(self, first: PageData[Any], page_size: int, window: int) -> None:
        self.step = page_size  # items per page; learnt from the server when it sends fewer
        self.window = window
        self.cursor = first.offset + len(first.items)
        self.total = first.total
        self.read = 1  # pages handed to the consumer so far
        self.allowed = min(self.window, 2)  # pages in flight when the next page is needed
        self.done = not first.items or self.cursor >= self.total
        self.in_flight: dict[int, H] = {}
        self._before: list[Any] = first.items  # the last page read, as the server sent it

    def to_start(self) -> list[int]:
        """Offsets to request now, up to `allowed` in flight."""
        if self.allowed == 1:  # prefetch=1: each page is fetched inline, when it is needed
            return []
        offsets: list[int] = []
        offset = self.cursor
        while offset < self.total and len(self.in_flight) + len(offsets) < self.allowed:
            if offset not in self.in_flight:
                offsets.append(offset)
            offset += self.step
        return offsets

    def take(self, offset: int) -> H | None:
        return self.in_flight.pop(offset, None)

    def accept(self, requested: int, page: PageData[T], *, waited: bool = False) -> PageData[T]:
        """Advance past `page`, fetched at the cursor, cancel guesses off the grid, and return the
        page to hand on (`_after`); `waited` (for it) grows the window fourfold, not twofold."""
        count = len(page.items)
        shown = _after(self._before, page.total - self.total, page, requested)
        if count:
            self._before = page.items
        self.read += 1
        if self.read >= 3:
            self.allowed = min(self.window, self.allowed * (4 if waited else 2))
        self.total = page.total
        self.cursor = requested + count
        more = self.cursor < self.total
        if not count and more:
            logger.warning(
                "empty page at offset %d although total is %d: stopping", requested, self.total
            )
        elif count < self.step and more:
            self.step = count  # the server sends shorter pages than asked: guess its size
        self.done = not count or not more
        stale = [
            o
            for o in self.in_flight
            if self.done or o < self.cursor or (o - self.cursor) % self.step
        ]
        for offset in stale:
            self.in_flight.pop(offset).cancel()
        return shown

    def orphan(self) -> list[H]:
        """Forget (and return) the fetches in flight, which belong to another process or loop."""
        handles = list(self.in_flight.values())
        self.in_flight.clear()
        return handles

    def abandon(self) -> list[H]:
        """Cancel (and return) everything in flight: the iteration ended."""
        self.done = True
        handles = self.orphan()
        for handle in handles:
            handle.cancel()
        return handles


def _after(before: list[Any], grown: int, page: PageData[T], requested: int) -> PageData[T]:
    """`page`, fetched at `requested`, checked against the page `before` it: a repeat is refused,
    and items it repeats because the listing grew at its front (up to `grown`) are dropped."""
    items = page.items
    if grown > 0 and items and before:  # nothing to compare in the usual case
        for k in range(min(grown, len(before), len(items)), 0, -1):
            if before[-k] == items[0] and before[-k:] == items[:k]:
                logger.info(
                    "the listing grew at its front: %d item(s) at offset %d were read", k, requested
                )
                page = PageData(items[k:], page.total, page.limit, requested + k)
                break
    if not page.items or not before:
        return page
    first = page.items[0]
    if first == before[0]:  # the server ignored `offset`: repeat nothing
        raise APIResponseValidationError(
            f"the page at offset {requested} starts with the same item as the page before "
            "it: the server ignored the requested offset",
            operation="pagination",
        )
    if first == before[-1]:  # off by one (the listing did not grow): it would come twice
        raise APIResponseValidationError(
            f"the page at offset {requested} starts with the last item of the page before "
            "it: the server's pages overlap",
            operation="pagination",
        )
    return page


class _Fetching:
    """One page fetch for a prefetch thread; lighter than a Future: one lock, held until done."""

    __slots__ = ("_args", "_error", "_fetch", "_value", "cancelled", "running")

    def __init__(self, fetch: SyncFetch[Any], offset: int, limit: int) -> None:
        self._fetch = fetch
        self._args = (offset, limit)
        self.running = threading.Lock()
        self.running.acquire()
        self._value: Callable[[], PageData[Any]] | None = None
        self._error: BaseException | None = None
        self.cancelled = False

    def run(self) -> None:
        try:
            if not self.cancelled:
                self._value = self._fetch(*self._args, lambda: self.cancelled)
        except BaseException as exc:  # handed to the reader, as a Future would
            self._error = exc
        finally:
            self.running.release()

    def cancel(self) -> bool:
        self.cancelled = True
        return True

    def result(self, closed: Callable[[], bool]) -> Callable[[], PageData[Any]]:
        """The result (or error); ClientClosedError soon after `closed()` if the fetch is stuck."""
        while not self.running.acquire(timeout=C.CLOSED_CHECK_INTERVAL):
            if closed():
                raise ClientClosedError(in_flight=True)
        self.running.release()
        if self._error is not None:
            raise self._error
        return self._value  # type: ignore[return-value]


def _prefetcher(todo: queue.SimpleQueue[_Fetching | None]) -> None:
    while (fetching := todo.get()) is not None:
        fetching.run()


F = TypeVar("F")  # the fetch: SyncFetch or AsyncFetch


class _PageBase(Generic[T, F]):
    """What sync and async pages share. A page has no `len()` and no indexing: iterating it
    yields every item from this page to the end, so `len(page)` would disagree with it;
    `page.items` is this page's list, `page.total` the server's count."""

    def __init__(
        self,
        data: PageData[T],
        fetch: F,
        *,
        page_size: int,
        prefetch: int,
        closed: Callable[[], bool] = never,
    ) -> None:
        self.items: list[T] = data.items
        self.total = data.total
        self.limit = data.limit
        self.offset = data.offset
        self._data = data
        self._fetch = fetch
        self._page_size = page_size
        self._prefetch = prefetch
        self._closed = closed

    def has_next_page(self) -> bool:
        """True when items remain after this page."""
        return bool(self.items) and self._next_offset() < self.total

    def _next_offset(self) -> int:
        return self.offset + len(self.items)

    def _next(self, data: PageData[T]) -> Self:
        """The page after this one, from `data` checked against this one (see `_after`)."""
        data = _after(self.items, data.total - self.total, data, self._next_offset())
        return self._wrap(data)

    def _wrap(self, data: PageData[T]) -> Self:
        return self.__class__(
            data,
            self._fetch,
            page_size=self._page_size,
            prefetch=self._prefetch,
            closed=self._closed,
        )

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(items={len(self.items)}, total={self.total}, "
            f"limit={self.limit}, offset={self.offset})"
        )


class SyncPage(_PageBase[T, "SyncFetch[T]"]):
    """A page of results; iterating it yields every item from here to the end, lazily."""

    def next_page(self) -> SyncPage[T] | None:
        """The following page, or None after the last one."""
        if not self.has_next_page():
            return None
        return self._next(self._fetch(self._next_offset(), self._page_size, never)())

    def iter_pages(self) -> Generator[SyncPage[T], None, None]:
        """This page and every later one, in order, fetching up to `prefetch` ahead; leaving
        the loop early (or `close()` on the generator) cancels the fetches not yet started."""
        yield self
        core: Prefetch[_Fetching] = Prefetch(self._data, self._page_size, self._prefetch)
        # Prefetch threads take fetches from one queue, one per fetch in flight (up to the
        # window), and end with this iteration.
        todo: queue.SimpleQueue[_Fetching | None] = queue.SimpleQueue()
        threads = 0
        pid = os.getpid()
        try:
            while not core.done:
                if os.getpid() != pid:  # a forked child: the parent's threads are not here
                    core.orphan()
                    todo, threads, pid = queue.SimpleQueue(), 0, os.getpid()
                for offset in core.to_start():
                    ahead = core.in_flight[offset] = _Fetching(self._fetch, offset, self._page_size)
                    todo.put(ahead)
                    if threads < len(core.in_flight):
                        threads += 1
                        threading.Thread(
                            target=_prefetcher,
                            args=(todo,),
                            name=f"cloudglue-page-{threads}",
                            daemon=True,
                        ).start()
                requested = core.cursor
                fetching = core.take(requested)
                waited = fetching is None or fetching.running.locked()
                if fetching is None:
                    data = self._fetch(requested, self._page_size, never)()
                else:
                    data = fetching.result(self._closed)()
                yield self._wrap(core.accept(requested, data, waited=waited))
        finally:
            core.abandon()
            if pid == os.getpid():
                for _ in range(threads):
                    todo.put(None)

    def __iter__(self) -> Generator[T, None, None]:
        with contextlib.closing(self.iter_pages()) as pages:
            for page in pages:
                yield from page.items


class AsyncPage(_PageBase[T, "AsyncFetch[T]"]):
    """Async twin of SyncPage's interface: `async for item in page` yields every item."""

    async def next_page(self) -> AsyncPage[T] | None:
        """The following page, or None after the last one."""
        if not self.has_next_page():
            return None
        return self._next(await self._fetch(self._next_offset(), self._page_size))

    def iter_pages(self) -> AsyncPages[T]:
        """This page and every later one, in order, fetching up to `prefetch` ahead."""
        return AsyncPages(self)

    def __aiter__(self) -> AsyncItems[T]:
        return AsyncItems(AsyncPages(self))


class AsyncPages(Generic[T]):
    """Async iterator over pages; its prefetch tasks end with it: leaving an `async for` early
    cancels them once the iterator is dropped (at once on CPython), `aclose()` (or
    `contextlib.aclosing(...)`) deterministically on any Python."""

    def __init__(self, first: AsyncPage[T] | Callable[[], Awaitable[AsyncPage[T]]]) -> None:
        self._first = first
        self._page: AsyncPage[T] | None = None
        self._core: Prefetch[asyncio.Task[PageData[T]]] | None = None
        self._closed = False
        self._loop: asyncio.AbstractEventLoop | None = None

    def __aiter__(self) -> AsyncPages[T]:
        return self

    async def __anext__(self) -> AsyncPage[T]:
        import asyncio

        if self._closed:
            raise StopAsyncIteration
        page, core = self._page, self._core
        if page is None:
            page = self._first if isinstance(self._first, AsyncPage) else await self._first()
            self._page = page
            self._core = Prefetch(page._data, page._page_size, page._prefetch)
            return page
        if core is None or core.done:
            self.close()
            raise StopAsyncIteration
        loop = asyncio.get_running_loop()
        if loop is not self._loop:  # another loop (or process) than the prefetches': ask again
            _cancel_all(core.orphan())
            self._loop = loop
        try:
            for offset in core.to_start():
                core.in_flight[offset] = asyncio.ensure_future(page._fetch(offset, page._page_size))
            requested = core.cursor
            task = core.take(requested)
            waited = task is None or not task.done()
            data = await (page._fetch(requested, page._page_size) if task is None else task)
            data = core.accept(requested, data, waited=waited)
        except BaseException:
            self.close()
            raise
        return page._wrap(data)

    def close(self) -> None:
        """Cancel the prefetch tasks (no await needed)."""
        self._closed = True
        if self._core is not None:
            _cancel_all(self._core.orphan())

    async def aclose(self) -> None:
        """Cancel the prefetch tasks; `contextlib.aclosing` calls this."""
        self.close()

    def __del__(self) -> None:
        if self._core is not None and self._core.in_flight:
            self.close()


def _cancel_all(tasks: list[asyncio.Task[Any]]) -> None:
    """Cancel prefetch tasks, each from its own loop's thread: from another, cancel() is not
    thread-safe (debug mode raises) and an idle loop would not notice it until its next timer."""
    import asyncio

    here = None
    with contextlib.suppress(RuntimeError):  # no loop runs on this thread
        here = asyncio.get_running_loop()
    for task in tasks:
        if task.get_loop() is here:
            _cancel(task)
        else:
            with contextlib.suppress(RuntimeError):  # that loop is closed: nothing to cancel
                task.get_loop().call_soon_threadsafe(_cancel, task)


def _cancel(task: asyncio.Task[Any]) -> None:
    task.cancel()  # and a failure nobody read is not logged as "never retrieved":
    task.add_done_callback(lambda t: None if t.cancelled() else t.exception())


class AsyncItems(Generic[T]):
    """Async iterator over the items of every page (see AsyncPages about leaving early)."""

    def __init__(self, pages: AsyncPages[T]) -> None:
        self._pages = pages
        self._items: Iterator[T] = iter(())

    def __aiter__(self) -> AsyncItems[T]:
        return self

    async def __anext__(self) -> T:
        while True:
            for item in self._items:
                return item
            self._items = iter((await self._pages.__anext__()).items)

    async def aclose(self) -> None:
        """Cancel the prefetch tasks; `contextlib.aclosing` calls this."""
        self._pages.close()


class AsyncPager(Generic[T]):
    """Returned by async list methods: `await` it for the first page, `async for` for items."""

    def __init__(self, first: Callable[[], Awaitable[AsyncPage[T]]]) -> None:
        self._first = first

    def __await__(self) -> Generator[Any, None, AsyncPage[T]]:
        return self._first().__await__()

    def __aiter__(self) -> AsyncItems[T]:
        return AsyncItems(AsyncPages(self._first))

    def iter_pages(self) -> AsyncPages[T]:
        """Every page, in order."""
        return AsyncPages(self._first)
