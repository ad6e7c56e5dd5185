"""Retry decisions, and the steps a retry loop asks its driver to perform.

A retry loop (an API call in `_request`, an image in `_download`) is a generator: it yields
`Send` (make one attempt, answer with what came back) or `Sleep` (wait, answer None), and the
sync or async driver performs them. The decisions here are pure functions.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import _constants as C
from .errors import APIConnectionError, APIStatusError, CloudglueError

if TYPE_CHECKING:
    from ._attempt import Attempt
    from ._bodies import BodyReader
    from ._wire import WireRequest

#: How to read a body: given the status and raw headers, the reader the chunks go to.
Reader = Callable[[int, list[tuple[bytes, bytes]]], "BodyReader"]


@dataclass(frozen=True)
class Send:
    """Make one attempt: send `request` within `attempt`'s deadline, read the body with `read`."""

    request: WireRequest
    attempt: Attempt
    read: Reader


@dataclass(frozen=True)
class Sleep:
    """Wait `seconds` before the next step (cut short when the client closes)."""

    seconds: float


@dataclass(frozen=True)
class RetryPolicy:
    """How many times to retry, and how long to wait (backoff, or the server's Retry-After)."""

    max_retries: int = C.DEFAULT_MAX_RETRIES

    def delay_for(
        self, error: CloudglueError, attempt: int, *, idempotent: bool, sent: bool
    ) -> float | None:
        """Seconds to wait before retry number `attempt + 1`, or None to give up.

        `idempotent` widens what is retried; `sent` is False when the failure happened before
        the request reached the server (a connect error), which makes any operation safe to
        retry.
        """
        if attempt >= self.max_retries or not is_retryable(error, idempotent=idempotent, sent=sent):
            return None
        hint = error.retry_after if isinstance(error, APIStatusError) else None
        if hint is not None:
            return None if hint > C.RETRY_AFTER_CAP else max(hint, 0.0)
        base = min(C.RETRY_MAX_DELAY, C.RETRY_INITIAL_DELAY * (2.0**attempt))
        # "Equal jitter": at least half the backoff, so clients spread out but still back off.
        return base / 2 + random.uniform(0, base / 2)


def is_retryable(error: CloudglueError, *, idempotent: bool, sent: bool) -> bool:
    """Whether this failure may be retried for an operation of this kind."""
    if isinstance(error, APIStatusError):
        codes = C.RETRYABLE_STATUS if idempotent else C.NOT_PROCESSED_STATUS
        return error.status_code in codes or (idempotent and 500 <= error.status_code < 600)
    return isinstance(error, APIConnectionError) and (idempotent or not sent)


#: Retry-After as a number of seconds.
_SECONDS = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")


def parse_retry_after(value: str | None, *, now: dt.datetime | None = None) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or an HTTP date), at most
    RETRY_AFTER_MAX; None if absent/bad.

    Only ASCII digits count as seconds (with a fraction, or a minus sign read as 0): Python's
    float() would also take nan, inf, `1_0`, `+5` and other scripts' digits.
    """
    if value is None:
        return None
    value = value.strip()
    if _SECONDS.fullmatch(value):
        seconds = float(value)
    else:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=dt.UTC)
        seconds = (when - (now or dt.datetime.now(dt.UTC))).total_seconds()
    return min(max(seconds, 0.0), C.RETRY_AFTER_MAX)
