"""A described API call: which generated function, its arguments, what it must return.

Resources build `Call`s (validation included, so bad input fails before any I/O); the sync and
async clients only differ in how they run them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from types import ModuleType
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

from ._http import AsyncSender, Exchange, Runtime, SyncSender
from .errors import APIResponseValidationError, CloudglueError

if TYPE_CHECKING:
    from cloudglue_openapi.types import Response

T = TypeVar("T")


@dataclass(frozen=True)
class Call(Generic[T]):
    """One operation of the generated client with its arguments and expected result type."""

    module: ModuleType
    expect: type[T]
    kwargs: dict[str, Any] = field(default_factory=dict)
    idempotent: bool = True

    @property
    def name(self) -> str:
        """The operation's module name, e.g. `get_frame_extraction`."""
        return self.module.__name__.rsplit(".", 1)[-1]

    def run(self, runtime: Runtime, http: Any, deadline: float | None = None) -> T:
        """Run through a sync client's connections; no attempt runs past `deadline`."""
        sender = SyncSender(http, self._exchange(runtime, deadline))
        detailed = cast("Callable[..., Response[Any]]", self.module.sync_detailed)
        try:
            response = detailed(client=sender, **self.kwargs)
        except Exception as exc:
            failure = self._parse_failure(exc, sender.exchange)
            if failure is exc:
                raise
            raise failure from exc
        return self._result(response)

    async def arun(self, runtime: Runtime, http: Any, deadline: float | None = None) -> T:
        """Run through an async client's connections; no attempt runs past `deadline`."""
        sender = AsyncSender(http, self._exchange(runtime, deadline))
        detailed = cast("Callable[..., Awaitable[Response[Any]]]", self.module.asyncio_detailed)
        try:
            response = await detailed(client=sender, **self.kwargs)
        except Exception as exc:
            failure = self._parse_failure(exc, sender.exchange)
            if failure is exc:
                raise
            raise failure from exc
        return self._result(response)

    def _exchange(self, runtime: Runtime, deadline: float | None) -> Exchange:
        return Exchange(runtime, self.name, idempotent=self.idempotent, deadline=deadline)

    def _parse_failure(self, exc: Exception, exchange: Exchange) -> Exception:
        # Our own errors pass through; anything raised while the generated code parsed a
        # response we received means the body broke the contract.
        if isinstance(exc, CloudglueError) or not exchange.got_response:
            return exc
        return APIResponseValidationError(f"{type(exc).__name__}: {exc}", operation=self.name)

    def _result(self, response: Response[Any]) -> T:
        parsed = response.parsed
        if not isinstance(parsed, self.expect):
            raise APIResponseValidationError(
                f"expected {self.expect.__name__}, got status {int(response.status_code)} "
                f"with {type(parsed).__name__}",
                operation=self.name,
                status_code=int(response.status_code),
            )
        return parsed
