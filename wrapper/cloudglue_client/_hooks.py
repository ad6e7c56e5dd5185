"""Callbacks a user can hang on the client: retries, upload progress."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass

from .errors import CloudglueError


@dataclass(frozen=True)
class RetryEvent:
    """What `on_retry` receives, just before the client sleeps and tries again."""

    #: The API operation, e.g. `get_frame_extraction` (the generated module's name).
    operation: str
    #: Which retry this is: 1 for the first retry (the second attempt).
    attempt: int
    #: Seconds the client sleeps before the retry (Retry-After or backoff with jitter).
    delay: float
    #: Why the previous attempt failed (an APIStatusError or APIConnectionError).
    error: CloudglueError


#: `on_retry(event)`: called before each retry's sleep; what it returns is ignored.
OnRetry = Callable[[RetryEvent], object]
#: `on_progress(sent, total)`: bytes of the file sent so far, and its size when known.
OnProgress = Callable[[int, "int | None"], object]


def checked(callback: object, name: str) -> Callable[..., object] | None:
    """`callback` ready to call, or a TypeError naming the argument when it is not callable or
    is a coroutine function: the client never awaits what its callbacks return (even on
    AsyncCloudglue), so an `async def` one would never run; one that returns an awaitable
    raises that TypeError when called. Its arguments are the public signature's promise."""
    if callback is None or isinstance(callback, _Plain):
        return callback
    if not callable(callback):
        raise TypeError(f"{name}: expected a callable or None, got {type(callback).__name__}")
    # An `async def` function (or partial of one), or an object whose `__call__` is one.
    call = getattr(callback, "__call__", None)  # noqa: B004 - the method, not callability
    if inspect.iscoroutinefunction(callback) or inspect.iscoroutinefunction(call):
        raise TypeError(
            f"{name}: expected a plain function, got a coroutine function (the client calls "
            "it without awaiting, so it would never run; schedule async work from a plain one)"
        )
    return _Plain(callback, name)


@dataclass(frozen=True)
class _Plain:
    """A checked callback, which must not return work that runs only when awaited."""

    callback: Callable[..., object]
    name: str

    def __call__(self, *args: object) -> object:
        result = self.callback(*args)
        if result is not None and inspect.isawaitable(result):
            import asyncio  # a future (a task it created) runs without being awaited

            if not asyncio.isfuture(result):
                if inspect.iscoroutine(result):
                    result.close()  # it never runs: no "never awaited" warning besides this
                raise TypeError(
                    f"{self.name}: returned an awaitable {type(result).__name__}, which the "
                    "client never awaits: pass a plain function (schedule async work from it, "
                    "e.g. with asyncio.create_task)"
                )
        return result
