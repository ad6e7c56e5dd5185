"""Callbacks a user can hang on the client: retries, upload progress."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from .errors import CloudglueError

C = TypeVar("C", bound=Callable[..., object])


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


def checked(callback: C | None, name: str) -> C | None:
    """`callback` itself, or a TypeError naming the argument when it is not callable."""
    if callback is not None and not callable(callback):
        raise TypeError(f"{name}: expected a callable or None, got {type(callback).__name__}")
    return callback
