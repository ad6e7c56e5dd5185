"""What every resource shares: its runner, the checks of wait settings, and its pages (their
checked arguments, requests, and PageData read out of the parsed responses).

Every page is placed at the offset this client asked for: the `offset` a server echoes is
checked for type but not relied on (the spec does not promise an echo), so a server that
answers with another number loses or repeats nothing.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from types import ModuleType
from typing import Any, Generic, Self, TypeVar

from .. import _constants as C
from .. import _validation as v
from .._hooks import checked
from .._logging import logger
from .._pagination import PageData
from .._runner import AsyncRunner, Call, PageRequest, SyncRunner
from .._status import JobStatus
from .._waiting import WaitState
from ..errors import JobNotReadyError

R = TypeVar("R", SyncRunner, AsyncRunner)


class Resource(Generic[R]):
    """A group of operations, run by the client's runner (`SyncRunner` or `AsyncRunner`)."""

    def __init__(self, runner: R) -> None:
        self._r: R = runner

    def _using(self, options: Mapping[str, Any], *, body: bool = False) -> Self:
        """This resource with one call's options (`RequestOptions`) applied, checked first."""
        return type(self)(self._r.using(options, body=body)) if options else self


def precheck(wait: object, wait_timeout: float | None, on_update: Any) -> bool:
    """`wait` (a bool); bad wait settings are refused before sending, even without `wait`."""
    WaitState(wait_timeout, None, on_update, timeout_name="wait_timeout")
    return v.flag(wait, "wait")


def item_wait(wait: object, on_update: Any) -> bool:
    """`wait` (a bool) of an item listing, its `on_update` checked whether or not it waits."""
    checked(on_update, "on_update")
    return v.flag(wait, "wait")


def settled(job: Any, wait: bool, on_update: Callable[[Any], object] | None = None) -> bool:
    """Whether a new job needs no wait (not asked, or finished fine: shown to `on_update`)."""
    if not wait:
        return True
    status = JobStatus.of(job.status)
    done = status.is_terminal and status is not JobStatus.FAILED
    if done and (update := checked(on_update, "on_update")) is not None:
        update(job)  # checked: what it returns is refused as a wait's on_update's is
    return done


def camel(name: str) -> str:
    """`snake_case` in the spec's camelCase (`get_file` -> `getFile`)."""
    first, *rest = name.split("_")
    return first + "".join(word.capitalize() for word in rest)


def page_args(size: object, ahead: object) -> tuple[int, int | None]:
    """Checked (page_size, prefetch): a `limit` every list accepts; pages ahead, or None."""
    low, high = v.page_size_bounds()
    limit = v.integer(size, "page_size", minimum=low, maximum=high)
    if ahead is None:
        return limit, None
    return limit, v.integer(ahead, "prefetch", minimum=1, maximum=C.MAX_PREFETCH)


def listing(module: ModuleType, model: type[Any], **params: object) -> PageRequest[Any]:
    """Pages of a list operation's envelopes, with `params` (those that are None not sent)."""
    sent = {key: value for key, value in params.items() if value is not None}

    def request(offset: int, limit: int) -> tuple[Call[Any], Callable[[Any], PageData[Any]]]:
        call = Call(module, model, {**sent, "limit": limit, "offset": offset})
        return call, lambda result: placed(result, result.data, call.name, offset)

    return request


def placed(counts: Any, items: object, operation: str, requested_offset: int) -> PageData[Any]:
    """`items` as a checked page of `counts` (total, limit, offset), at the asked offset."""
    page: PageData[Any] = PageData.checked(
        items, counts.total, counts.limit, counts.offset, operation=operation
    )
    if page.offset == requested_offset:
        return page
    logger.debug("asked for offset %d, the server echoed %d", requested_offset, page.offset)
    return dataclasses.replace(page, offset=requested_offset)


def nested(key: str, count_field: str, job: Any, requested_offset: int) -> PageData[Any]:
    """The page of items (`data.<key>`, counted by `job.<count_field>`) nested in a job."""
    from cloudglue_openapi.types import Unset

    status = JobStatus.of(job.status)
    if status is JobStatus.NOT_APPLICABLE:  # terminal, and has no items
        return PageData([], 0, 0, requested_offset)
    if status is not JobStatus.COMPLETED:
        raise JobNotReadyError(job)
    data = job.data
    if isinstance(data, Unset):
        # The API omits `data` when a completed job has no items.
        count = getattr(job, count_field)
        total = int(count) if isinstance(count, int | float) and not isinstance(count, bool) else 0
        return PageData([], 0 if total <= requested_offset else total, 0, requested_offset)
    items = getattr(data, key)
    return placed(data, [] if isinstance(items, Unset) else items, f"get {key}", requested_offset)
