"""Narrowing the models' optional fields: a field the server left out holds `UNSET`.

`Unset` and `UNSET` are the generated client's own (re-exported by `cloudglue_client`), so
`isinstance(x, Unset)` narrows both branches; `is_set(x)` is the same test as a TypeGuard.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeGuard, TypeVar

if TYPE_CHECKING:
    from cloudglue_openapi.types import Unset

T = TypeVar("T")


def is_set(value: T | Unset) -> TypeGuard[T]:
    """True when the server sent this field: `if is_set(frame.thumbnail_url): ...`."""
    from cloudglue_openapi.types import Unset

    return not isinstance(value, Unset)
