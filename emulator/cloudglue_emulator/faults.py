"""Fault injection on demand: latency, 503s, 429s with Retry-After, an rps limit, job delay.

Injected 503s and 429s (`fail_rate`, `throttle_rate`) send the configured `retry_after`; the
rps limit's 429 sends the time until a request would be admitted, as a real limiter does.

The decision is made before the route runs, so a request answered with an injected error has
no effect on the state.
"""

from __future__ import annotations

import asyncio
import math
import random
import threading
import time
from dataclasses import asdict, dataclass, replace
from typing import Any

from starlette.types import ASGIApp, Receive, Scope, Send

from .errors import ValidationError
from .responses import send_error
from .serializers import THUMBNAILS_PATH
from .settings import API_PREFIX, FAULT_OPTIONS, FaultSettings, FaultValueError
from .validation import obj


@dataclass(frozen=True)
class Injected:
    """An error answered instead of running the route."""

    status: int
    message: str
    retry_after: int


class FaultState:
    """The current fault settings, a seeded random source and the rps window (thread-safe)."""

    def __init__(self, initial: FaultSettings) -> None:
        self._lock = threading.Lock()
        self._initial = initial
        self._settings = initial
        self._rng = random.Random(initial.fault_seed)
        self._tokens = _capacity(initial.rps)
        self._refilled_at: float | None = None

    @property
    def settings(self) -> FaultSettings:
        """The settings in force."""
        with self._lock:
            return self._settings

    def as_json(self) -> dict[str, Any]:
        """The settings in force as a JSON object."""
        return asdict(self.settings)

    def update(self, body: Any) -> dict[str, Any]:
        """Apply a partial JSON update, checked by the fault table (nothing changes on a 400)."""
        changes = obj(body, "body")
        known = [o.name for o in FAULT_OPTIONS]
        for key in changes:
            if key not in known:
                raise ValidationError(key, f"unknown setting; known: {', '.join(known)}")
        try:
            checked = replace(self.settings, **changes)
        except FaultValueError as exc:
            raise ValidationError(exc.name, exc.reason) from None
        values = {key: getattr(checked, key) for key in changes}
        with self._lock:
            self._settings = replace(self._settings, **values)
            if "fault_seed" in values:
                self._rng = random.Random(values["fault_seed"])
            if "rps" in values:
                self._tokens, self._refilled_at = _capacity(values["rps"]), None
        return self.as_json()

    def reset(self) -> dict[str, Any]:
        """Back to the settings the server started with (fresh random source and rps bucket)."""
        with self._lock:
            self._settings = self._initial
            self._rng = random.Random(self._initial.fault_seed)
            self._tokens, self._refilled_at = _capacity(self._initial.rps), None
        return self.as_json()

    def decide(self, now: float | None = None) -> Injected | None:
        """Whether to answer this request with an injected error (and which)."""
        moment = time.monotonic() if now is None else now
        with self._lock:
            s = self._settings
            fail_draw, throttle_draw = self._rng.random(), self._rng.random()
            wait = 0.0 if s.rps is None else self._take_token(s.rps, moment)
            if wait > 0:  # Retry-After: when a request would be admitted, in whole seconds
                return Injected(
                    429,
                    f"Too many requests: limit is {s.rps:g} per second",
                    max(1, math.ceil(min(wait, _LONGEST_WAIT))),
                )
            if fail_draw < s.fail_rate:
                return Injected(
                    503, "Service unavailable (injected by the emulator)", s.retry_after
                )
            if throttle_draw < s.throttle_rate:
                return Injected(429, "Too many requests (injected by the emulator)", s.retry_after)
        return None

    def _take_token(self, rps: float, now: float) -> float:
        """Token bucket: `rps` tokens a second, bursts up to max(1, rps). Takes a token and
        returns 0, or returns the seconds until there is one."""
        if self._refilled_at is not None:
            elapsed = max(0.0, now - self._refilled_at)
            self._tokens = min(_capacity(rps), self._tokens + elapsed * rps)
        self._refilled_at = now
        if self._tokens >= 1.0:
            self._tokens -= 1.0
            return 0.0
        return (1.0 - self._tokens) / rps


_LONGEST_WAIT = next(o.maximum or 0.0 for o in FAULT_OPTIONS if o.name == "retry_after")
"""The rps 429's wait is told as at most this (`retry_after`'s maximum): a rate near 0 would
make it centuries long, or a float's infinity, which no whole number of seconds can say."""


def _capacity(rps: float | None) -> float:
    return max(1.0, rps or 1.0)


def _faulted(path: str, settings: FaultSettings) -> bool:
    if path == API_PREFIX or path.startswith(API_PREFIX + "/"):
        return True
    return settings.thumbnail_faults and path.startswith(THUMBNAILS_PATH + "/")


class FaultMiddleware:
    """Adds the configured latency to every /v1 request and answers injected errors.

    With `thumbnail_faults`, thumbnail downloads get the same treatment.
    """

    def __init__(self, app: ASGIApp, state: FaultState) -> None:
        self.app = app
        self.state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        settings = self.state.settings
        if scope["type"] != "http" or not _faulted(path, settings):
            await self.app(scope, receive, send)
            return
        if settings.latency_ms > 0:
            await asyncio.sleep(settings.latency_ms / 1000)
        injected = self.state.decide()
        if injected is None:
            await self.app(scope, receive, send)
            return
        await send_error(
            scope,
            receive,
            send,
            injected.status,
            injected.message,
            {"Retry-After": str(injected.retry_after)},
        )
