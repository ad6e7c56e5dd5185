"""The command line's only imports from the client core's private modules.

Everything else the CLI uses is public (`cloudglue_client`, `.errors`, `.configs`, and the
generated `cloudglue_openapi.constraints`). What is here should become public in the core:
the defaults the help texts and options show, the clock the core's waits run on (so a wait's
progress line shows the time those waits see), and how an allowed range is written.
"""

from __future__ import annotations

import cloudglue_client._clock as clock
from cloudglue_client._constants import (
    API_KEY_ENV,
    BASE_URL_ENV,
    DEFAULT_BASE_URL,
    DEFAULT_DETECTOR,
    DEFAULT_DOWNLOAD_CONCURRENCY,
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
    DEFAULT_WAIT_TIMEOUT,
    LOG_ENV,
    MAX_DOWNLOAD_CONCURRENCY,
)
from cloudglue_client._validation import describe

__all__ = [
    "API_KEY_ENV",
    "BASE_URL_ENV",
    "DEFAULT_BASE_URL",
    "DEFAULT_DETECTOR",
    "DEFAULT_DOWNLOAD_CONCURRENCY",
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "DEFAULT_WAIT_TIMEOUT",
    "LOG_ENV",
    "MAX_DOWNLOAD_CONCURRENCY",
    "clock",
    "describe",
]
