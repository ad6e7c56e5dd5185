"""What resources need from their client, and the pieces both flavours share."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from .. import _constants as C
from .._calls import Call
from .._pagination import AsyncPager, PageData, SyncPage
from .._status import JobStatus
from .._waiting import WaitState

if TYPE_CHECKING:
    from .._download import DownloadResult, Plan

T = TypeVar("T")
J = TypeVar("J")

#: (offset, limit) -> the call that fetches that page, and how to read the page out of it.
PageRequest = Callable[[int, int], tuple[Call[Any], Callable[[Any], PageData[T]]]]


class SyncRunner(Protocol):
    """The sync client as resources see it."""

    def _run(self, call: Call[T]) -> T: ...

    def _paginate(
        self,
        request: PageRequest[T],
        page_size: int,
        prefetch: int | None,
        *,
        before: Callable[[], object] | None = None,
    ) -> SyncPage[T]: ...

    def _wait(self, poll: Call[J], state: WaitState) -> J: ...

    def _download(self, plan: Plan, before: Callable[[], object] | None) -> DownloadResult: ...


class AsyncRunner(Protocol):
    """The async client as resources see it."""

    async def _run(self, call: Call[T]) -> T: ...

    def _paginate(
        self,
        request: PageRequest[T],
        page_size: int,
        prefetch: int | None,
        *,
        before: Callable[[], Awaitable[object]] | None = None,
    ) -> AsyncPager[T]: ...

    async def _wait(self, poll: Call[J], state: WaitState) -> J: ...

    async def _download(
        self, plan: Plan, before: Callable[[], Awaitable[object]] | None
    ) -> DownloadResult: ...


def wait_state(
    timeout: float | None,
    poll_interval: float | None,
    on_update: Any,
    heartbeat: float | None = C.WAIT_HEARTBEAT,
) -> WaitState:
    """Validated wait settings (raises before any request)."""
    return WaitState(
        timeout=timeout, poll_interval=poll_interval, on_update=on_update, heartbeat=heartbeat
    )


def precheck(wait: bool, wait_timeout: float | None, on_update: object) -> None:
    """Reject bad wait settings of a create/upload before it sends anything."""
    if wait:
        wait_state(wait_timeout, None, on_update)


def settled(job: Any, wait: bool, on_update: Callable[[Any], object] | None = None) -> bool:
    """True when a just-created job needs no waiting (not asked, or already finished fine).

    A job asked to be waited on that is finished already is still shown to `on_update` once.
    """
    status = JobStatus.of(job.status)
    if not wait:
        return True
    done = status.is_terminal and status is not JobStatus.FAILED
    if done and on_update is not None:
        on_update(job)
    return done
