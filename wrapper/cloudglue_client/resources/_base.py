"""What every resource shares: its runner, and the checks of wait settings."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Generic, Self, TypeVar

from .. import _validation as v
from .._hooks import checked
from .._runner import AsyncRunner, SyncRunner
from .._status import JobStatus
from .._waiting import WaitState

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
