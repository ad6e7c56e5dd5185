"""Conveniences over the generated models: job statuses, timestamps, fields left unset.

A field the server left out holds `UNSET` (the generated client's own `Unset`, re-exported
by `cloudglue_client`): `isinstance(x, Unset)` narrows both branches, `is_set(x)` is the same
test as a TypeGuard.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import TYPE_CHECKING, TypeGuard, TypeVar

if TYPE_CHECKING:
    from cloudglue_openapi.types import Unset

T = TypeVar("T")


class JobStatus(StrEnum):
    """Status of a file or job; members equal their wire strings.

    A status this client does not know yet parses as an unknown member that keeps its string;
    it is neither terminal nor a success, so waiting goes on until the deadline.
    """

    PENDING = "pending"
    PROCESSING = "processing"
    COMPLETED = "completed"
    FAILED = "failed"
    NOT_APPLICABLE = "not_applicable"

    @classmethod
    def _missing_(cls, value: object) -> JobStatus | None:
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = "UNKNOWN"
        member._value_ = value
        return member

    @classmethod
    def of(cls, status: object) -> JobStatus:
        """Coerce a generated status enum or a plain string to a JobStatus."""
        return cls(str(getattr(status, "value", status)))

    @property
    def is_unknown(self) -> bool:
        """True for a status the server added after this client was released."""
        return self._value_ not in type(self)._value2member_map_

    @property
    def is_terminal(self) -> bool:
        """The job will not change any more."""
        return self in (JobStatus.COMPLETED, JobStatus.FAILED, JobStatus.NOT_APPLICABLE)

    @property
    def is_success(self) -> bool:
        """The job finished and its results can be read."""
        return self is JobStatus.COMPLETED


def created_at_datetime(created_at: float | int) -> dt.datetime:
    """Turn a `created_at` into an aware UTC datetime, whatever its unit.

    The provider documents it both as seconds and as milliseconds: values above 1e11 (March
    1973 in milliseconds, the year 5138 in seconds) are read as milliseconds, others as seconds.
    """
    if isinstance(created_at, bool) or not isinstance(created_at, int | float):
        raise TypeError(f"created_at: expected a number, got {type(created_at).__name__}")
    try:
        seconds = created_at / 1000 if created_at > 1e11 else float(created_at)
        return dt.datetime.fromtimestamp(seconds, tz=dt.UTC)
    except (OverflowError, OSError, ValueError):  # NaN, infinities, years past 9999
        raise ValueError(f"created_at: {created_at!r} is no time a datetime can hold") from None


def is_set(value: T | Unset) -> TypeGuard[T]:
    """True when the server sent this field: `if is_set(frame.thumbnail_url): ...`."""
    from cloudglue_openapi.types import Unset

    return not isinstance(value, Unset)
