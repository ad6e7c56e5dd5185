"""Thumbnails to disk: the work of `frames.download` / `segmentations.download`, described once.

`Download` knows everything but I/O: which images a page holds (`Source`), their file names,
what to skip, the retry loop of one image as steps (`image_steps`: the request core's `Send`
and `Sleep`, plus `Refresh`), the manifest and the counters. `_download_io` runs it: with a
thread pool for `Cloudglue`, with asyncio tasks for `AsyncCloudglue`. Image requests are made
by the same attempts as API calls, so they keep the same promises (whole-attempt deadlines,
Ctrl-C and close() ending them at once, bounded bodies).

Promises kept here, whatever the runner:
- a body is streamed to a temporary file in the directory and renamed when complete, so an
  interrupted run never leaves a partial image under a final name;
- an image is retried on the rules of API calls (`RetryPolicy`, idempotent), and a URL answering
  403/404/410 is refreshed once by re-reading its page;
- the API key goes only to the API's own origin (scheme, host and port of `base_url`);
- at most `DOWNLOAD_WINDOW` images are between the oldest unfinished one and the newest
  started, so memory does not grow with the number of images, and the manifest is written in
  page order.
"""

from __future__ import annotations

import json
import math
import os
import re
import tempfile
import threading
import time
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Any
from urllib.parse import urlsplit

import httpx

from . import _constants as C
from ._attempt import Attempt, budget_of
from ._bodies import ACCEPT_ENCODING, BodyReader
from ._pagination import PageData
from ._request import Exchange, Runtime, is_redirect
from ._response import APIResponse
from ._retry import Send, Sleep
from ._runner import PageRequest
from ._transport import Origin, WireRequest
from .errors import APIStatusError, CloudglueError

#: The most of an error body read to describe the error (the rest is not downloaded).
_ERROR_BODY_LIMIT = 64 * 2**10
#: on_progress(done, total, bytes): images resolved so far, images in the job, bytes written.
ProgressCallback = Callable[[int, int, int], object]


# -- what the caller gets back -------------------------------------------------------------------


@dataclass(frozen=True)
class FailedImage:
    """One image that could not be written, and why."""

    id: str
    path: str
    reason: str
    status_code: int | None = None


@dataclass(frozen=True)
class DownloadResult:
    """What a download did: counts, the failures (each with its reason) and the manifest."""

    directory: Path
    downloaded: int
    skipped: int
    failed: list[FailedImage]
    bytes: int
    manifest: Path
    total: int

    @property
    def ok(self) -> bool:
        """True when no image failed."""
        return not self.failed

    def __str__(self) -> str:
        return (
            f"{self.downloaded} downloaded, {self.skipped} skipped (already there), "
            f"{len(self.failed)} failed, {self.bytes:,} bytes, into {self.directory}"
        )


# -- how a job is described ----------------------------------------------------------------------


@dataclass(frozen=True)
class Image:
    """One image of a page: the key that finds it again, its URL, file name and manifest fields."""

    key: str
    url: str | None
    name: str
    record: dict[str, Any]


@dataclass(frozen=True)
class Source:
    """One paginated stream of images (a job's frames, its segments, its keyframes)."""

    pages: PageRequest[Any]
    image: Callable[[Any], Image]
    page_size: int = C.DEFAULT_PAGE_SIZE


@dataclass(frozen=True)
class Options:
    """Validated arguments of a download."""

    directory: Path
    concurrency: int
    overwrite: bool
    on_progress: ProgressCallback | None


@dataclass(frozen=True)
class Plan:
    """A job's download: its first source, a check of the job, and sources that depend on it.

    `check(job, first_items)` raises (e.g. NoThumbnailsError) before anything is written, and
    says whether the main source's items carry images (a segmentation may have keyframes
    only); `extra(job)` names further sources (the keyframes of a segmentation).
    """

    main: Source
    check: Callable[[Any, list[Any]], bool]
    extra: Callable[[Any], list[Source]]
    options: Options


# -- the steps a runner performs -----------------------------------------------------------------


@dataclass(frozen=True)
class Refresh:
    """Read page `offset` of `source` again; answer with the image's new URL (or None)."""

    source: Source
    offset: int
    key: str


#: A runner answers a Send with the APIResponse (a 2xx body went to the sink) or the
#: exception; a Refresh with the new URL or None; a Sleep (after sleeping) with None.
Step = Send | Refresh | Sleep


class ImageTooLarge(CloudglueError):
    """A body went past MAX_IMAGE_BYTES."""


@dataclass(eq=False)
class Task:
    """One image being downloaded."""

    seq: int
    source: Source
    offset: int
    image: Image
    url: str


# -- the shared core -----------------------------------------------------------------------------


class Sink:
    """A temporary file in the target directory; `commit` renames it to its final name."""

    def __init__(self, directory: Path, final: Path) -> None:
        fd, name = tempfile.mkstemp(dir=directory, prefix=C.TEMP_PREFIX, suffix=C.TEMP_SUFFIX)
        self.path = Path(name)
        self.final = final
        self.size = 0
        self._file: IO[bytes] | None = os.fdopen(fd, "wb")

    def write(self, chunk: bytes) -> None:
        """Append a chunk (the reader feeding it enforces the size limit)."""
        self.size += len(chunk)
        assert self._file is not None
        self._file.write(chunk)

    def commit(self) -> None:
        """Close and rename to the final name (atomic on one file system)."""
        self._close()
        os.replace(self.path, self.final)

    def discard(self) -> None:
        """Close and delete the temporary file (idempotent)."""
        self._close()
        self.path.unlink(missing_ok=True)

    def _close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


class _Capture:
    """A PageRequest that remembers the parsed job its first response carried."""

    def __init__(self, request: PageRequest[Any]) -> None:
        self.job: Any = None
        self._request = request

    def __call__(self, offset: int, limit: int) -> tuple[Any, Callable[[Any], PageData[Any]]]:
        call, extract = self._request(offset, limit)

        def read(parsed: Any) -> PageData[Any]:
            if self.job is None:
                self.job = parsed
            return extract(parsed)

        return call, read


class Download:
    """The state of one download; runners feed it pages and perform its steps."""

    def __init__(self, plan: Plan, runtime: Runtime) -> None:
        self.plan = plan
        self.options = plan.options
        self.directory = plan.options.directory
        self.runtime = runtime
        self.main = Source(_Capture(plan.main.pages), plan.main.image, plan.main.page_size)
        self.total = 0
        self.done = 0
        self.downloaded = 0
        self.skipped = 0
        self.bytes = 0
        self.failed: list[FailedImage] = []
        self._origin = _origin(httpx.URL(runtime.base_url))
        self._next_seq = 0
        self._head = 0
        self._ready: dict[int, dict[str, Any] | None] = {}
        self._manifest: IO[str] | None = None
        self._manifest_tmp: Path | None = None
        # Attempts in flight (image workers add and remove them), for stop().
        self._attempts: set[Attempt] = set()
        self._lock = threading.Lock()
        self._stopped = False

    # -- set-up

    def begin(self, first: PageData[Any]) -> tuple[bool, list[Source]]:
        """After the main source's first page: check the job, open the manifest.

        Returns whether the main source has images, and the further sources.
        """
        job = self.main.pages.job if isinstance(self.main.pages, _Capture) else None
        main_images = self.plan.check(job, first.items)
        self.directory.mkdir(parents=True, exist_ok=True)
        self._remove_leftovers()
        fd, name = tempfile.mkstemp(dir=self.directory, prefix=C.TEMP_PREFIX, suffix=C.TEMP_SUFFIX)
        self._manifest = os.fdopen(fd, "w", encoding="utf-8")
        self._manifest_tmp = Path(name)
        self.total = first.total if main_images else 0
        return main_images, self.plan.extra(job) if job is not None else []

    def add_total(self, count: int) -> None:
        """Count the images of a further source (known from its first page)."""
        self.total += count

    # -- admitting images

    def has_room(self) -> bool:
        """Whether another image may start without widening the window past its bound."""
        return self._next_seq - self._head < C.DOWNLOAD_WINDOW

    def admit(self, source: Source, offset: int, item: Any) -> Task | None:
        """A task to download `item`'s image, or None when it was settled at once."""
        seq = self._next_seq
        self._next_seq += 1
        try:
            image = source.image(item)
        except ValueError as exc:  # a field we cannot name a file after
            key = str(getattr(item, "id", "?"))
            self._fail(seq, key, "", f"unusable item from the server: {exc}", None)
            return None
        final = self.directory / image.name
        if not self.options.overwrite and final.is_file():
            self.skipped += 1
            self._settle(seq, self._record(image, final.stat().st_size))
            return None
        if image.url is None:
            self._fail(seq, image.key, image.name, "the server sent no thumbnail URL for it", None)
            return None
        return Task(seq, source, offset, image, image.url)

    # -- one image, as steps

    def image_steps(self, task: Task) -> Generator[Step, Any, int | FailedImage]:
        """Download one image: retries, redirects, one refresh of a stale URL.

        Returns the bytes written, or the failure; `complete` settles it (in the runner's
        coordinating thread, so the counters, the manifest and on_progress need no lock).
        """
        exchange = Exchange(self.runtime, "download image", idempotent=True, api=False)
        refreshed = False
        url, hops = task.url, 0
        while True:
            target = self._parse(url)
            sent: bool | None = False
            if isinstance(target, CloudglueError):
                error = target
            else:
                sink = Sink(self.directory, self.directory / task.image.name)
                try:
                    self.runtime.stats.count(retry=exchange.attempt > 0)
                    send = self._send(target, sink)
                    try:
                        outcome = yield send
                    finally:
                        with self._lock:
                            self._attempts.discard(send.attempt)
                    if isinstance(outcome, APIResponse) and 200 <= outcome.status_code < 300:
                        sink.commit()
                        return sink.size
                finally:
                    sink.discard()
                redirect = isinstance(outcome, APIResponse) and is_redirect(outcome)
                if redirect and hops < C.MAX_IMAGE_REDIRECTS:
                    url, hops = str(target.join(outcome.headers["location"])), hops + 1
                    continue
                if redirect:
                    error, sent = _Unusable("too many redirects"), True
                else:
                    error, sent = exchange.failure(outcome, send)
                if sent is None:  # the client closed, or the transport failed unexpectedly
                    return self._failure(task, _reason(error, stale=False), None)
            status = error.status_code if isinstance(error, APIStatusError) else None
            if status in C.STALE_URL_STATUS and not refreshed:
                refreshed = True
                fresh = yield Refresh(task.source, task.offset, task.image.key)
                if isinstance(fresh, str):
                    url, hops = fresh, 0
                    continue
                return self._failure(task, _reason(error, stale=True), status)
            delay = exchange.retry_delay(error, sent=bool(sent))
            if delay is None:
                reason = _reason(error, stale=refreshed and status in C.STALE_URL_STATUS)
                return self._failure(task, reason, status)
            yield Sleep(delay)

    def _send(self, url: httpx.URL, sink: Sink) -> Send:
        """One GET of an image: the body goes to `sink`, an error body is read only in part."""
        timeout = self.runtime.timeout
        attempt = Attempt(budget_of(timeout), None)
        with self._lock:
            self._attempts.add(attempt)
            if self._stopped:
                attempt.abort()
        target = url.raw_path.decode("ascii")
        request = WireRequest(
            "GET",
            Origin.of(url),
            target,
            self._headers(url),
            extensions={"timeout": attempt.capped(timeout)},
        )

        def read(status: int, headers: list[tuple[bytes, bytes]]) -> BodyReader:
            if 200 <= status < 300:
                return BodyReader(
                    headers,
                    limit=C.MAX_IMAGE_BYTES,
                    operation="download image",
                    sink=sink.write,
                    too_large=ImageTooLarge,
                )
            return BodyReader(
                headers, limit=_ERROR_BODY_LIMIT, operation="download image", truncate=True
            )

        return Send(request, attempt, read)

    def refreshed_url(self, source: Source, page: PageData[Any], key: str) -> str | None:
        """The URL the re-read page gives the image with this key (None if it is gone)."""
        for item in page.items:
            try:
                image = source.image(item)
            except ValueError:
                continue
            if image.key == key:
                return image.url
        return None

    def complete(self, task: Task, outcome: int | FailedImage | Exception) -> None:
        """Settle a task: bytes landed, its failure, or an error its runner caught."""
        if isinstance(outcome, int):
            self.downloaded += 1
            self.bytes += outcome
            self._settle(task.seq, self._record(task.image, outcome))
            return
        if isinstance(outcome, Exception):
            outcome = self._failure(task, _reason(outcome, stale=False), None)
        self.failed.append(outcome)
        self._settle(task.seq, None)

    # -- the end

    def finish(self) -> DownloadResult:
        """Close and rename the manifest; the result."""
        manifest = self.directory / C.MANIFEST_NAME
        if self._manifest is not None and self._manifest_tmp is not None:
            self._manifest.close()
            self._manifest = None
            os.replace(self._manifest_tmp, manifest)
        return DownloadResult(
            directory=self.directory,
            downloaded=self.downloaded,
            skipped=self.skipped,
            failed=self.failed,
            bytes=self.bytes,
            manifest=manifest,
            total=max(self.total, self.done),
        )

    def stop(self) -> None:
        """End every image attempt in flight now, and any started later (thread-safe)."""
        with self._lock:
            self._stopped = True
            attempts = list(self._attempts)
        for attempt in attempts:
            attempt.abort()

    def abort(self) -> None:
        """Drop the unfinished manifest (an earlier complete one stays)."""
        if self._manifest is not None:
            self._manifest.close()
            self._manifest = None
        if self._manifest_tmp is not None:
            self._manifest_tmp.unlink(missing_ok=True)

    # -- internals

    def _headers(self, url: httpx.URL) -> list[tuple[str, str]]:
        # Every request says who it is; only the API's own origin gets the key, decided on the
        # very URL object the request is built from (no second parser to disagree).
        headers = [("User-Agent", self.runtime.user_agent), ("Accept-Encoding", ACCEPT_ENCODING)]
        if _origin(url) == self._origin:
            headers.append(("Authorization", f"Bearer {self.runtime.api_key}"))
        return headers

    def _parse(self, url: str) -> httpx.URL | CloudglueError:
        try:
            parsed = httpx.URL(url)
        except (httpx.InvalidURL, TypeError, ValueError):
            return _Unusable("the thumbnail URL is not a valid URL")
        if parsed.scheme not in ("http", "https") or not parsed.host:
            return _Unusable(f"the thumbnail URL is not http(s) but {parsed.scheme or 'relative'}")
        return parsed

    def _record(self, image: Image, size: int) -> dict[str, Any]:
        return {**image.record, "path": image.name, "bytes": size}

    def _failure(self, task: Task, reason: str, status: int | None) -> FailedImage:
        return FailedImage(task.image.key, task.image.name, reason, status)

    def _fail(self, seq: int, key: str, name: str, reason: str, status: int | None = None) -> None:
        self.failed.append(FailedImage(key, name, reason, status))
        self._settle(seq, None)

    def _settle(self, seq: int, record: dict[str, Any] | None) -> None:
        self.done += 1
        self._ready[seq] = record
        while self._head in self._ready:
            line = self._ready.pop(self._head)
            if line is not None and self._manifest is not None:
                self._manifest.write(json.dumps(line, sort_keys=True) + "\n")
            self._head += 1
        if self.options.on_progress is not None:
            self.options.on_progress(self.done, max(self.total, self.done), self.bytes)

    def _remove_leftovers(self) -> None:
        # Temporary files of a run that was killed (a normal end or an error removes its own).
        horizon = time.time() - C.STALE_TEMP_SECONDS
        for path in _temp_files(self.directory):
            try:
                if path.stat().st_mtime < horizon:
                    path.unlink()
            except OSError:
                pass


class _Unusable(CloudglueError):
    """An image that cannot be fetched at all (bad URL, redirect loop): never retried."""


def _temp_files(directory: Path) -> Iterator[Path]:
    for path in directory.glob(f"{C.TEMP_PREFIX}*{C.TEMP_SUFFIX}"):
        if path.is_file():
            yield path


def _origin(url: httpx.URL) -> tuple[str, str, int | None]:
    default = {"http": 80, "https": 443}.get(url.scheme)
    return url.scheme, url.host.lower(), url.port or default


def _reason(error: BaseException, *, stale: bool) -> str:
    if isinstance(error, APIStatusError):
        text = f"HTTP {error.status_code}"
        if error.message and not error.message.startswith(("non-JSON", "empty body")):
            text += f": {error.message}"
        if stale:
            text += " (the URL was stale: still failing after re-reading its page)"
        return text
    return " ".join(str(error).split()) or type(error).__name__


# -- names and manifest fields -------------------------------------------------------------------

_SAFE = re.compile(r"[^A-Za-z0-9_-]")
_EXTENSIONS = (".jpg", ".jpeg", ".png", ".webp", ".gif")


def seconds_label(value: object, field_name: str) -> str:
    """Seconds as a fixed-width label that sorts in time order (`000012.500`)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{field_name} is not a number: {value!r}")
    seconds = float(value)
    if not math.isfinite(seconds) or seconds < 0:
        raise ValueError(f"{field_name} is not a finite number >= 0: {value!r}")
    return f"{seconds:010.3f}"


def safe_id(value: object) -> str:
    """An id usable in a file name (server ids are uuids; anything else is cleaned)."""
    text = _SAFE.sub("_", str(value))[:80]
    if not text.strip("_"):
        raise ValueError(f"id {value!r} cannot name a file")
    return text


def extension(url: object) -> str:
    """The image's extension from its URL path, `.jpg` when it has none we know."""
    if isinstance(url, str):  # only names the file: the standard library's parser will do
        try:
            suffix = PurePosixPath(urlsplit(url).path).suffix.lower()
        except ValueError:
            suffix = ""
        if suffix in _EXTENSIONS:
            return suffix
    return ".jpg"


def url_or_none(value: object) -> str | None:
    """The URL if the server sent one."""
    return value if isinstance(value, str) and value else None
