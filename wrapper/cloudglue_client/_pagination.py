"""Pages that iterate over every item, with bounded concurrent prefetch of later pages.

`Planner` is the shared arithmetic (which offsets to fetch, when to stop, alignment checks);
`SyncPage` and `AsyncPage` are thin shells that run it with threads or asyncio tasks.
asyncio and concurrent.futures are imported where they are used, so importing this module
does not load them for programs that never prefetch or use asyncio.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Generator, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from ._logging import logger
from .errors import APIResponseValidationError

if TYPE_CHECKING:
    import asyncio
    import concurrent.futures as cf

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
        """Build from parsed fields, rejecting shapes pagination cannot trust.

        `total`, `limit` and `offset` must be integers within the spec's `PageCount` schema
        (`minimum: 0`), read from the generated constraints.
        """
        from cloudglue_openapi.constraints import schema

        from ._validation import describe

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


SyncFetch = Callable[[int, int], PageData[T]]
AsyncFetch = Callable[[int, int], Awaitable[PageData[T]]]


class Planner:
    """Decides which offsets to fetch next; knows nothing about I/O."""

    def __init__(self, first: PageData[Any], page_size: int, window: int) -> None:
        self.page_size = page_size
        self.window = max(1, window)
        self.cursor = first.offset + len(first.items)
        self.total = first.total
        self.done = not first.items or self.cursor >= self.total

    def to_schedule(self, in_flight: set[int]) -> list[int]:
        """Offsets to request now so that up to `window` pages ahead are in flight."""
        offsets: list[int] = []
        offset = self.cursor
        while offset < self.total and len(in_flight) + len(offsets) < self.window:
            if offset not in in_flight:
                offsets.append(offset)
            offset += self.page_size
        return offsets

    def accept(self, requested: int, page: PageData[Any]) -> None:
        """Advance past `page`, fetched at `requested` (== the cursor)."""
        if page.offset != requested:
            raise APIResponseValidationError(
                f"asked for offset {requested}, got a page at offset {page.offset}",
                operation="pagination",
            )
        self.total = page.total
        self.cursor = requested + len(page.items)
        if not page.items and self.cursor < self.total:
            logger.warning(
                "empty page at offset %d although total is %d: stopping", requested, self.total
            )
        self.done = not page.items or self.cursor >= self.total


class _PageBase(Generic[T]):
    """Fields and arithmetic common to sync and async pages."""

    def __init__(self, data: PageData[T], *, page_size: int, prefetch: int) -> None:
        self.items: list[T] = data.items
        self.total = data.total
        self.limit = data.limit
        self.offset = data.offset
        self._data = data
        self._page_size = page_size
        self._prefetch = prefetch

    def has_next_page(self) -> bool:
        """True when items remain after this page."""
        return bool(self.items) and self.offset + len(self.items) < self.total

    def __len__(self) -> int:
        return len(self.items)

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(items={len(self.items)}, total={self.total}, "
            f"limit={self.limit}, offset={self.offset})"
        )


class SyncPage(_PageBase[T]):
    """A page of results; iterating it yields every item from here to the end, lazily."""

    def __init__(
        self, data: PageData[T], fetch: SyncFetch[T], *, page_size: int, prefetch: int
    ) -> None:
        super().__init__(data, page_size=page_size, prefetch=prefetch)
        self._fetch = fetch

    def next_page(self) -> SyncPage[T] | None:
        """The following page, or None after the last one."""
        if not self.has_next_page():
            return None
        cursor = self.offset + len(self.items)
        return self._wrap(self._fetch(cursor, self._page_size))

    def iter_pages(self) -> Iterator[SyncPage[T]]:
        """This page and every later one, in order, fetching up to `prefetch` ahead."""
        yield self
        planner = Planner(self._data, self._page_size, self._prefetch)
        if planner.window == 1:
            while not planner.done:
                requested = planner.cursor
                page = self._fetch(requested, self._page_size)
                planner.accept(requested, page)
                yield self._wrap(page)
            return
        yield from self._prefetched(planner)

    def _prefetched(self, planner: Planner) -> Generator[SyncPage[T], None, None]:
        import concurrent.futures as cf

        pool = cf.ThreadPoolExecutor(planner.window, thread_name_prefix="cloudglue-page")
        in_flight: dict[int, cf.Future[PageData[T]]] = {}
        try:
            while not planner.done:
                for offset in planner.to_schedule(set(in_flight)):
                    in_flight[offset] = pool.submit(self._fetch, offset, self._page_size)
                requested = planner.cursor
                page = in_flight.pop(requested).result()
                planner.accept(requested, page)
                _drop_misaligned(in_flight, planner.cursor, self._page_size)
                yield self._wrap(page)
        finally:
            for future in in_flight.values():
                future.cancel()
            pool.shutdown(wait=False, cancel_futures=True)

    def __iter__(self) -> Iterator[T]:
        for page in self.iter_pages():
            yield from page.items

    def _wrap(self, data: PageData[T]) -> SyncPage[T]:
        return SyncPage(data, self._fetch, page_size=self._page_size, prefetch=self._prefetch)


class AsyncPage(_PageBase[T]):
    """Async twin of SyncPage's interface: `async for item in page` yields every item."""

    def __init__(
        self, data: PageData[T], fetch: AsyncFetch[T], *, page_size: int, prefetch: int
    ) -> None:
        super().__init__(data, page_size=page_size, prefetch=prefetch)
        self._fetch = fetch

    async def next_page(self) -> AsyncPage[T] | None:
        """The following page, or None after the last one."""
        if not self.has_next_page():
            return None
        cursor = self.offset + len(self.items)
        return self._wrap(await self._fetch(cursor, self._page_size))

    async def iter_pages(self) -> AsyncIterator[AsyncPage[T]]:
        """This page and every later one, in order, fetching up to `prefetch` ahead."""
        import asyncio

        yield self
        planner = Planner(self._data, self._page_size, self._prefetch)
        in_flight: dict[int, asyncio.Task[PageData[T]]] = {}
        try:
            while not planner.done:
                for offset in planner.to_schedule(set(in_flight)):
                    in_flight[offset] = asyncio.ensure_future(self._fetch(offset, self._page_size))
                requested = planner.cursor
                page = await in_flight.pop(requested)
                planner.accept(requested, page)
                _drop_misaligned(in_flight, planner.cursor, self._page_size)
                yield self._wrap(page)
        finally:
            for task in in_flight.values():
                task.cancel()

    async def __aiter__(self) -> AsyncIterator[T]:
        async for page in self.iter_pages():
            for item in page.items:
                yield item

    def _wrap(self, data: PageData[T]) -> AsyncPage[T]:
        return AsyncPage(data, self._fetch, page_size=self._page_size, prefetch=self._prefetch)


class AsyncPager(Generic[T]):
    """Returned by async list methods: `await` it for the first page, `async for` for items."""

    def __init__(self, first: Callable[[], Awaitable[AsyncPage[T]]]) -> None:
        self._first = first

    def __await__(self) -> Generator[Any, None, AsyncPage[T]]:
        return self._first().__await__()

    async def __aiter__(self) -> AsyncIterator[T]:
        page = await self._first()
        async for item in page:
            yield item

    async def iter_pages(self) -> AsyncIterator[AsyncPage[T]]:
        """Every page, in order."""
        page = await self._first()
        async for each in page.iter_pages():
            yield each


def _drop_misaligned(in_flight: dict[int, Any], cursor: int, page_size: int) -> None:
    # A short page moves the cursor off the page grid: earlier guesses no longer line up.
    for offset in [o for o in in_flight if o < cursor or (o - cursor) % page_size]:
        in_flight.pop(offset).cancel()
