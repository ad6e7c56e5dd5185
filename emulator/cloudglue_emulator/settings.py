"""Run-time settings of the emulator and their documented defaults."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765
DEFAULT_API_KEY = "cg-emulator-dev-key"
"""Fixed development key accepted when no `--api-key` is given. Not a secret."""
DEFAULT_MAX_UPLOAD_MB = 2048
DEFAULT_WORKERS = 2
DEFAULT_RETRY_AFTER_SECONDS = 1
DEFAULT_LOCK_WAIT_SECONDS = 5.0
"""How long a database statement waits for another process's lock before it fails."""
API_PREFIX = "/v1"


def default_data_dir() -> Path:
    """`$XDG_CACHE_HOME/cloudglue-emulator`, or `~/.cache/cloudglue-emulator`."""
    cache = os.environ.get("XDG_CACHE_HOME") or ""
    base = Path(cache) if cache.strip() else Path.home() / ".cache"
    return base / "cloudglue-emulator"


@dataclass(frozen=True)
class FaultSettings:
    """Initial fault injection values (all off by default); changeable at run time."""

    latency_ms: float = 0.0
    fail_rate: float = 0.0
    throttle_rate: float = 0.0
    rps: float | None = None
    job_delay_seconds: float = 0.0
    retry_after: int = DEFAULT_RETRY_AFTER_SECONDS
    fault_seed: int | None = None
    thumbnail_faults: bool = False
    """Apply the latency and injected errors to `/thumbnails/...` too (like a slow, flaky CDN)."""


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

    @property
    def max_upload_bytes(self) -> int:
        """The upload size limit in bytes."""
        return int(self.max_upload_mb * 1024 * 1024)
