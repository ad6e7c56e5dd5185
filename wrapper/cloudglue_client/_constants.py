"""Every default of the client, in one place."""

from __future__ import annotations

import threading
from typing import Final

import httpx

#: The provider's only server.
DEFAULT_BASE_URL = "https://api.cloudglue.dev/v1"
#: Environment variables read when the constructor gets no value.
API_KEY_ENV = "CLOUDGLUE_API_KEY"
BASE_URL_ENV = "CLOUDGLUE_BASE_URL"
LOG_ENV = "CLOUDGLUE_LOG"

#: Per-request timeouts (seconds). Never "no timeout".
DEFAULT_TIMEOUT = httpx.Timeout(60.0, connect=10.0)
#: The range of a timeout and of each of its parts (seconds). A day serves whoever wants "no
#: timeout"; far larger values overflow the platform's time arithmetic inside socket calls.
MIN_TIMEOUT = 0.001
MAX_TIMEOUT = 86400.0
#: The smallest per-read timeout handed to httpx when an attempt is nearly out of time.
MIN_ATTEMPT_SLICE = 0.001
#: Largest response body read (decoded size); larger is an error. A page of 100 items is ~100 KB.
DEFAULT_MAX_RESPONSE_BYTES = 8 * 1024 * 1024
#: The range `max_response_bytes` accepts: a body limit below 1 KiB would refuse error bodies.
MIN_RESPONSE_BYTES = 1024
MAX_RESPONSE_BYTES = 2**40
#: The client's own connection pool; every connection may be kept alive, as httpcore closes
#: idle ones whenever a pool holds more than that limit, busy ones counted.
DEFAULT_LIMITS = httpx.Limits(max_connections=32, max_keepalive_connections=32)
#: A sync client's pool is this many httpcore pools (`_wire.Stripes`); divides both limits.
SYNC_POOL_STRIPES = 4

#: Retries after the first attempt, for retryable failures, and the most one may ask for.
DEFAULT_MAX_RETRIES = 2
MAX_RETRIES_CEILING = 100
#: Exponential backoff between retries: INITIAL * 2**n, capped, with jitter.
RETRY_INITIAL_DELAY = 0.5
RETRY_MAX_DELAY = 8.0
#: A server's Retry-After longer than this is not slept on: the error is raised instead.
RETRY_AFTER_CAP = 60.0
#: The longest Retry-After an error reports (about 31 years; less where threads' waits allow
#: less): a longer one (hundreds of digits, a date centuries away) still means "not in this
#: program's lifetime", as a number that time.sleep, threading's waits and asyncio.sleep accept.
RETRY_AFTER_MAX = min(1e9, threading.TIMEOUT_MAX)
#: Status codes retried for every operation.
RETRYABLE_STATUS = frozenset({408, 429, 500, 502, 503, 504})
#: Status codes that mean "not processed", so safe to retry even for non-idempotent calls.
NOT_PROCESSED_STATUS = frozenset({429, 503})

#: Waiting on jobs: first poll interval, growth factor, cap, and the default deadline.
POLL_INITIAL_INTERVAL = 0.5
POLL_BACKOFF = 1.5
POLL_MAX_INTERVAL = 10.0
DEFAULT_WAIT_TIMEOUT = 600.0
#: A wait's last poll may run this far past the wait's deadline (its documented slack is 1 s).
WAIT_LAST_POLL_GRACE = 0.5
#: While a job keeps its status, `on_update` still gets the last job this often (seconds).
WAIT_HEARTBEAT = 5.0

#: How long AsyncCloudglue.close() waits for another, still running loop to close its pool.
CLOSE_OTHER_LOOP_TIMEOUT = 1.0

#: shot_detector()'s algorithm when none is named (the spec requires one; this is ours).
DEFAULT_DETECTOR: Final = "adaptive"

#: Pagination: items per request, and the most pages in flight at once (the window grows to
#: it) by default and at most.
DEFAULT_PAGE_SIZE = 100
DEFAULT_PREFETCH = 16
MAX_PREFETCH = 64

#: Images fetched at once by `frames.download` and `segmentations.download`.
DEFAULT_DOWNLOAD_CONCURRENCY = 16
MAX_DOWNLOAD_CONCURRENCY = 64
#: An image larger than this is not written (a hostile or wrong URL must not fill the disk).
MAX_IMAGE_BYTES = 64 * 2**20
#: Statuses that mean a thumbnail URL went stale: its page is read again once for a fresh URL.
STALE_URL_STATUS = frozenset({403, 404, 410})
#: Redirects followed per image (each hop gets the API key only if it is the API's origin).
MAX_IMAGE_REDIRECTS = 5
#: Images resolved ahead of the oldest unfinished one (bounds the manifest's reorder buffer).
DOWNLOAD_WINDOW = 1024
#: Seconds between checks of the client's close() by a thread waiting on other threads' work
#: (a reader on its prefetched page, a download on its images) that close() cannot wake.
CLOSED_CHECK_INTERVAL = 0.25
#: The manifest written beside the images, and how temporary files are named.
MANIFEST_NAME = "manifest.jsonl"
TEMP_PREFIX = ".cloudglue-"
TEMP_SUFFIX = ".part"
#: A starting lock file older than this is a leftover of a run killed as it started (see _disk).
STALE_TEMP_SECONDS = 600.0
