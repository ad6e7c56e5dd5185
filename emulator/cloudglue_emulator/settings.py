"""Run-time settings of the emulator, and the one table of fault settings.

`FaultSettings` is that table: each field carries its type, default, bounds and help, and
`FAULT_OPTIONS` reads them from it. The `serve` flags, `PUT /_emulator/faults`, `FaultSettings(...)`
itself and `testing.running(...)` all check a value with `FaultOption.check`, so every way in has
the same bounds and the same error text (`latency_ms: must be between 0 and 60000, got 70000`).
"""

from __future__ import annotations

import dataclasses
import math
import os
import re
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import fmt

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765
DEFAULT_API_KEY = "cg-emulator-dev-key"
"""Fixed development key accepted when no `--api-key` is given. Not a secret."""
DEFAULT_MAX_UPLOAD_MB = 2048
DEFAULT_WORKERS = 2
DEFAULT_LOCK_WAIT_SECONDS = 5.0
"""How long a database statement waits for another process's lock before it fails."""
API_PREFIX = "/v1"
SPACE_ADMIN_PATH = "/_emulator/space"
"""`DELETE` it with a `KEY.NAME` key to delete that key's isolated store."""
SPACE_SEPARATOR = "."
SPACE_NAME = re.compile(r"[A-Za-z0-9_-]{1,64}")
"""A `KEY.NAME` key's name: it names an isolated store (`spaces`)."""
SPACE_NAME_RULE = "1-64 letters, digits, '-' or '_'"
DEFAULT_MAX_JOB_RESULTS = 100_000
"""The most frames, segments, shots or thumbnails one job may make: 55 min at 30 fps, 27 h at 1
fps. A create asking for more is a 400 naming the fields (a shot-detector job, whose count is
known only once detected, fails with the reason), so a tiny upload claiming hours cannot make a
job fill the disk and memory."""
DEFAULT_MAX_OPEN_SPACES = 16
"""Isolated stores (`KEY.NAME` keys) open at once; idle ones beyond are closed (kept on disk)."""
DEFAULT_BODY_TIMEOUT_SECONDS = 600.0
"""The longest a request body may take to arrive, from the first read of it (a 2 GiB upload,
the default size limit, needs about 3.4 MiB/s): then a 408, and a partial upload is removed,
so a client that stalls or trickles cannot hold a connection and a temporary file forever."""
BODY_TIMEOUT_BOUNDS = (1.0, 86_400.0)
"""The allowed `body_timeout_seconds`: at least a second (less would refuse ordinary bodies
that arrive in a few packets), at most a day."""

FaultValue = float | int | bool | None
_OPTION = "fault_option"


def default_data_dir() -> Path:
    """`$XDG_CACHE_HOME/cloudglue-emulator`, or `~/.cache/cloudglue-emulator`."""
    cache = os.environ.get("XDG_CACHE_HOME") or ""
    base = Path(cache) if cache.strip() else Path.home() / ".cache"
    return base / "cloudglue-emulator"


class FaultValueError(ValueError):
    """A fault setting out of its bounds or of the wrong type; `reason` says which."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(f"{name}: {reason}")
        self.name = name
        self.reason = reason


@dataclass(frozen=True)
class FaultOption:
    """One fault setting: its name (the JSON key and `running()` keyword; `--name-with-dashes`
    on the command line), type, default, bounds and help."""

    name: str
    kind: type[float] | type[int] | type[bool]
    nullable: bool
    default: FaultValue
    minimum: float | None
    maximum: float | None
    exclusive_minimum: bool
    help: str

    @property
    def flag(self) -> str:
        """The `serve` flag: `--latency-ms`."""
        return "--" + self.name.replace("_", "-")

    def bounds(self) -> str:
        """The allowed values in words: `between 0 and 60000`, `> 0 and <= 1000000`."""
        if self.minimum is None or self.maximum is None:
            return "true or false" if self.kind is bool else "any number"
        if self.exclusive_minimum:
            return f"> {fmt(self.minimum)} and <= {fmt(self.maximum)}"
        return f"between {fmt(self.minimum)} and {fmt(self.maximum)}"

    def check(self, value: object) -> FaultValue:
        """`value` as the setting's type, or FaultValueError. Booleans are not numbers, and a
        float setting takes ints (stored as floats)."""
        if value is None and self.nullable:
            return None
        if self.kind is bool:
            if not isinstance(value, bool):
                raise FaultValueError(self.name, f"must be true or false, got {_shown(value)}")
            return value
        integer = self.kind is int
        if isinstance(value, bool) or not isinstance(value, int | float):
            wanted = "an integer" if integer else "a number"
            raise FaultValueError(self.name, f"must be {wanted}, got {_shown(value)}")
        # An int is finite and whole at any size; float() of one past 1e308 would overflow.
        if isinstance(value, float) and not math.isfinite(value):
            raise FaultValueError(self.name, "must be a finite number")
        if integer and isinstance(value, float) and not value.is_integer():
            raise FaultValueError(self.name, f"must be an integer, got {fmt(value)}")
        low, high = self.minimum, self.maximum
        too_low = low is not None and (value <= low if self.exclusive_minimum else value < low)
        if too_low or (high is not None and value > high):
            raise FaultValueError(self.name, f"must be {self.bounds()}, got {fmt(value)}")
        return int(value) if integer else float(value)

    def parse(self, text: str) -> FaultValue:
        """A command-line value, checked as `check` checks a JSON one."""
        value: object = text
        for convert in (int, float):
            try:
                value = convert(text)
                break
            except ValueError:
                continue
        return self.check(value)

    def describe(self) -> str:
        """The flag's help: what it does, its bounds and its default."""
        if self.kind is bool:
            return self.help
        default = "none" if self.default is None else fmt(float(self.default))
        return f"{self.help} ({self.bounds()}; default {default})"

    def as_flags(self, value: FaultValue) -> list[str]:
        """The `serve` arguments that set this value ([] for the default)."""
        if value == self.default or value is None:
            return []
        if self.kind is bool:
            return [self.flag]
        return [self.flag, str(value)]


def _shown(value: object) -> str:
    if isinstance(value, str):
        return repr(value if len(value) <= 40 else value[:40] + "...")
    return "null" if value is None else type(value).__name__


def _setting(
    default: FaultValue,
    help: str,
    minimum: float | None = None,
    maximum: float | None = None,
    *,
    exclusive_minimum: bool = False,
) -> Any:
    """A FaultSettings field with its row of the table."""
    row = {"minimum": minimum, "maximum": maximum, "exclusive_minimum": exclusive_minimum}
    return field(default=default, metadata={_OPTION: {**row, "help": help}})


@dataclass(frozen=True)
class FaultSettings:
    """Fault injection values (all off by default); changeable at run time. Every value is
    checked against its bounds on construction (FaultValueError, a ValueError)."""

    latency_ms: float = _setting(0.0, "delay added to every /v1 request, in ms", 0, 60_000)
    fail_rate: float = _setting(0.0, "fraction of /v1 requests answered 503", 0, 1)
    throttle_rate: float = _setting(0.0, "fraction of /v1 requests answered 429", 0, 1)
    rps: float | None = _setting(
        None,
        "requests answered per second, in bursts up to the rate; the rest get 429s whose"
        " Retry-After is the wait until one would be answered",
        0,
        1_000_000,
        exclusive_minimum=True,
    )
    job_delay_seconds: float = _setting(
        0.0, "extra time before each job and upload is processed, in seconds", 0, 3600
    )
    retry_after: int = _setting(
        1, "Retry-After seconds of the fail_rate 503s and throttle_rate 429s", 0, 86_400
    )
    fault_seed: int | None = _setting(None, "seed for repeatable faults", 0, 2**63 - 1)
    thumbnail_faults: bool = _setting(
        False, "apply the latency and injected errors to thumbnail downloads too"
    )

    def __post_init__(self) -> None:
        for option in FAULT_OPTIONS:
            object.__setattr__(self, option.name, option.check(getattr(self, option.name)))

    def as_flags(self) -> list[str]:
        """`serve` arguments that start a server with these settings."""
        return [flag for o in FAULT_OPTIONS for flag in o.as_flags(getattr(self, o.name))]


def _options() -> tuple[FaultOption, ...]:
    hints = typing.get_type_hints(FaultSettings)
    rows = []
    for f in dataclasses.fields(FaultSettings):
        hint = hints[f.name]
        union = typing.get_args(hint)  # (float, NoneType) for `float | None`, () for `float`
        rows.append(
            FaultOption(
                name=f.name,
                kind=next(k for k in union if k is not type(None)) if union else hint,
                nullable=type(None) in union,
                default=f.default,  # type: ignore[arg-type]
                **f.metadata[_OPTION],
            )
        )
    return tuple(rows)


FAULT_OPTIONS = _options()
"""The table: one FaultOption per field of FaultSettings, in order."""


def fault_settings(**values: object) -> FaultSettings:
    """FaultSettings from keyword values, or TypeError naming an unknown setting."""
    known = [o.name for o in FAULT_OPTIONS]
    for name in values:
        if name not in known:
            raise TypeError(f"unknown fault setting {name!r}; known: {', '.join(known)}")
    return FaultSettings(**values)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Settings:
    """Everything `create_app` needs; `cli` builds one from the command line."""

    data_dir: Path = field(default_factory=default_data_dir)
    api_key: str = DEFAULT_API_KEY
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    max_upload_mb: float = DEFAULT_MAX_UPLOAD_MB
    workers: int = DEFAULT_WORKERS
    public_url: str | None = None
    """Origin (e.g. `http://example:8765`) used in absolute URLs instead of the request's."""
    faults: FaultSettings = field(default_factory=FaultSettings)
    lock_wait_seconds: float = DEFAULT_LOCK_WAIT_SECONDS
    """Bound on waiting for a database lock held by another process (then 503 / exit)."""
    allowed_hosts: tuple[str, ...] = ()
    """Extra `Host` header values accepted besides loopback names and the bound address."""
    max_open_spaces: int = DEFAULT_MAX_OPEN_SPACES
    """Isolated stores open at once (each has its job workers); idle ones beyond are closed."""
    max_job_results: int = DEFAULT_MAX_JOB_RESULTS
    """The most frames, segments, shots or thumbnails one job may make."""
    body_timeout_seconds: float = DEFAULT_BODY_TIMEOUT_SECONDS
    """The longest a request body may take to arrive (`BODY_TIMEOUT_BOUNDS`)."""

    def __post_init__(self) -> None:
        problem = body_timeout_problem(self.body_timeout_seconds)
        if problem is not None:
            raise ValueError(f"body_timeout_seconds: {problem}")

    @property
    def max_upload_bytes(self) -> int:
        """The upload size limit in bytes."""
        return int(self.max_upload_mb * 1024 * 1024)


def body_timeout_problem(value: object) -> str | None:
    """Why `value` is no body timeout in seconds (its bounds), or None if it is one."""
    low, high = BODY_TIMEOUT_BOUNDS
    if isinstance(value, bool) or not isinstance(value, int | float):
        return f"must be a number of seconds, got {_shown(value)}"
    if not math.isfinite(value) or not low <= value <= high:
        return f"must be between {fmt(low)} and {fmt(high)}, got {fmt(value)}"
    return None
