"""Thumbnails to disk: the work of `frames.download` / `segmentations.download`, described once.

`Download` knows everything but I/O: which images a page holds (`Source`), their file names,
what to skip, the retry loop of one image as the request core's `Send` and `Sleep` steps (a
stale URL refreshed by re-reading its page the same way), the manifest and the counters.
`_download_io` runs it with worker threads (`Cloudglue`) or asyncio tasks (`AsyncCloudglue`).
Image requests are attempts like API calls', with the same promises (whole-attempt deadlines,
Ctrl-C and close() ending them at once, bounded bodies).

Promises kept here, whatever the runner:
- one image never fails the download: what goes wrong with it (its name, its server, the disk)
  is its entry in `failed`, with the reason. Only what makes the run impossible (the directory,
  the manifest) raises, as a DownloadError carrying the partial result; the client closed
  (ClientClosedError, "while in flight") or a callback's exception ends the run as it is;
- a body goes to a temporary file of the run, renamed when complete (`_disk`): an interrupted
  run never leaves a partial image under a final name;
- an image is retried on the rules of API calls (idempotent), and a URL answering 403/404/410
  is refreshed once by re-reading its page; the API key goes only to the API's own origin;
- at most `DOWNLOAD_WINDOW` images lie between the oldest unfinished one and the newest
  started: memory does not grow with the image count, and the manifest keeps page order.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import secrets
import stat
import threading
from array import array
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import httpx

from . import _constants as C
from ._attempt import Attempt, InUse
from ._bodies import ACCEPT_ENCODING, BodyReader
from ._disk import Manifest, NameTaken, Run, Sink
from ._logging import logger
from ._pagination import PageData
from ._request import Exchange, Runtime, is_redirect
from ._response import APIResponse
from ._retry import Send, Sleep
from ._runner import Call, PageRequest
from ._wire import Origin, WireRequest
from .errors import APIStatusError, ClientClosedError, CloudglueError

#: The most of an error body read to describe the error (the rest is not downloaded).
_ERROR_BODY_LIMIT = 64 * 2**10
#: Image origins a download remembers at most (see Download._origins).
_ORIGINS_KEPT = 64
#: on_progress(done, total, bytes): images resolved so far, images in the job, bytes written.
ProgressCallback = Callable[[int, int, int], object]


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


class DownloadError(CloudglueError):
    """The download could not go on (its directory or its manifest failed); `result` says
    what it did before, and the manifest is whole or was not written."""

    def __init__(self, reason: str, result: DownloadResult) -> None:
        self.reason = reason
        self.result = result
        super().__init__(f"the download stopped: {reason} ({result})")


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
    """A job's download. `check(job, first_items)` raises (e.g. NoThumbnailsError) before
    anything is written, and says whether the main source's items carry images (a segmentation
    may have keyframes only); `extra(job)` names further sources (a segmentation's keyframes).
    """

    main: Source
    check: Callable[[Any, list[Any]], bool]
    extra: Callable[[Any], list[Source]]
    options: Options


#: A runner answers a Send with the APIResponse (a 2xx body went to the sink) or the
#: exception, and a Sleep (after sleeping) with None.
Step = Send | Sleep


@dataclass(frozen=True)
class Skipped:
    """An image found under its name, of `size` bytes (there before, or another run's)."""

    size: int


#: How an image ended: bytes written, found there, failed, or what its steps raised (the
#: client closed, a callback's exception), which ends the run.
Outcome = int | Skipped | FailedImage | BaseException


@dataclass(eq=False)
class Task:
    """One image being downloaded."""

    seq: int
    source: Source
    offset: int
    image: Image
    url: str


class Download:
    """The state of one download; runners feed it pages and perform its steps."""

    def __init__(self, plan: Plan, runtime: Runtime) -> None:
        self.plan = plan
        self.options = plan.options
        self.directory = plan.options.directory
        self._folder = os.fspath(self.directory)  # str: see _disk.Run.create; begin() fixes it
        self.runtime = runtime
        self._job: Any = None  # the parsed answer of the main source's first page

        def capture(offset: int, limit: int) -> tuple[Call[Any], Callable[[Any], PageData[Any]]]:
            call, extract = plan.main.pages(offset, limit)

            def read(parsed: Any) -> PageData[Any]:
                if self._job is None:
                    self._job = parsed
                return extract(parsed)

            return call, read

        self.main = Source(capture, plan.main.image, plan.main.page_size)
        self.total = 0
        self.done = 0
        self.downloaded = 0
        self.skipped = 0
        self.bytes = 0
        self.failed: list[FailedImage] = []
        self._next_seq = 0
        self._head = 0
        self._ready: dict[int, dict[str, Any] | None] = {}
        self._names = _Names()
        # Attempts in flight (images and page re-reads; see image_steps), for stop().
        self._attempts = InUse(end=Attempt.abort)
        #: The origins of image URLs met so far, so an image's request does not parse its
        #: URL again to find one (cleared when a server spreads images over many hosts).
        self._origins: dict[tuple[bytes, bytes, int | None], Origin] = {}
        #: Set by stop(): no image starts another step, and sleeps end at once.
        self.stopped = threading.Event()

    def begin(self, first_items: list[Any]) -> list[Source]:
        """After the main source's first page: check the job, open the manifest. The sources
        to read, in order (the main one unless it has no images); the runner sets `total`."""
        job = self._job
        main_images = self.plan.check(job, first_items)
        try:
            if not os.path.isabs(self._folder):  # every file goes here, whatever chdir comes
                self._folder = os.path.join(os.getcwd(), self._folder)  # `..` after links
            os.makedirs(self._folder, exist_ok=True)
            self._run = Run(Path(self._folder))
            try:
                self._run.sweep()
                self._manifest = Manifest(self._run)
            except BaseException:
                self._run.close()
                raise
        except OSError as exc:
            reason = f"{self.directory} cannot be used: {_text(exc)}"
            raise DownloadError(reason, self.result()) from exc
        return ([self.main] if main_images else []) + self.plan.extra(job)

    @property
    def broken(self) -> OSError | None:
        """Why the run cannot go on (its manifest cannot be written), or None."""
        return self._manifest.error

    def full(self, running: int) -> bool:
        """Whether an image must finish before another starts: `concurrency` are running, or
        another would widen the window past its bound."""
        window = self._next_seq - self._head >= C.DOWNLOAD_WINDOW
        return running >= self.options.concurrency or (running > 0 and window)

    def admit(self, source: Source, offset: int, item: Any) -> Task | None:
        """A task to download `item`'s image, or None when it was settled at once (skipped,
        or failed: a name out of range or taken twice in this job, something in the way)."""
        seq = self._next_seq
        self._next_seq += 1
        try:
            image = source.image(item)
        except ValueError as exc:  # a field we cannot name a file after
            unnamed = Image(str(getattr(item, "id", "?")), None, "", {})
            self._refuse(seq, unnamed, f"unusable item from the server: {exc}")
            return None
        if not self._names.add(image.name):
            reason = "another image of this job has the same file name (the same id and time)"
            self._refuse(seq, image, reason)
            return None
        try:
            found = os.lstat(os.path.join(self._folder, image.name))
        except FileNotFoundError:
            found = None
        except OSError as exc:
            self._refuse(seq, image, f"the file name is refused: {_text(exc)}")
            return None
        if found is not None and not self.options.overwrite:
            if stat.S_ISREG(found.st_mode):
                self._settle(seq, image, Skipped(found.st_size))
                return None
            what = "a symbolic link" if stat.S_ISLNK(found.st_mode) else "something else"
            reason = f"{what} is in the way (not followed; overwrite=True replaces it)"
            self._refuse(seq, image, reason)
            return None
        if found is not None and stat.S_ISDIR(found.st_mode):
            self._refuse(seq, image, "a directory is in the way")
            return None
        if image.url is None:
            self._refuse(seq, image, "the server sent no thumbnail URL for it")
            return None
        return Task(seq, source, offset, image, image.url)

    def image_steps(self, task: Task) -> Generator[Step, Any, Outcome]:
        """Download one image (retries, redirects, one refresh of a stale URL): the bytes
        written or the failure, for `complete`. The attempt of each Send (the image's own and
        its page's) is noted for stop() while it runs, and ended at once if stop() came first.
        """
        outcome: Any = None
        with contextlib.closing(self._image(task)) as steps:
            while True:
                try:
                    step = steps.send(outcome)
                except StopIteration as done:
                    return cast(Outcome, done.value)
                if not isinstance(step, Send):
                    outcome = yield step
                    continue
                self._attempts.add(step.attempt)
                try:
                    outcome = yield step
                finally:
                    self._attempts.discard(step.attempt)

    def _image(self, task: Task) -> Generator[Step, Any, Outcome]:
        exchange = Exchange(self.runtime, "download image", idempotent=True, api=False)
        refreshed = False
        url, hops = task.url, 0
        while not self.stopped.is_set():
            target = self._parse(url)
            if isinstance(target, CloudglueError):  # never retried
                return self._failure(task, _reason(target))
            try:
                sink = Sink(self._run, os.path.join(self._folder, task.image.name))
            except OSError as exc:
                return self._failure(task, f"cannot write it: {_text(exc)}")
            try:
                self.runtime.stats.count(retry=exchange.attempt > 0)
                send = self._send(target, sink)
                outcome = yield send
                if isinstance(outcome, APIResponse) and 200 <= outcome.status_code < 300:
                    if not sink.size:  # no thumbnail; kept, every later run would skip it
                        reason = "the image host sent an empty body"
                        return self._failure(task, reason, outcome.status_code)
                    try:
                        sink.commit(replace=self.options.overwrite)
                    except NameTaken:  # another run wrote it meanwhile: there already
                        with contextlib.suppress(OSError):
                            return Skipped(os.lstat(sink.final).st_size)
                        return self._failure(task, "another run took its name, then removed it")
                    except OSError as exc:
                        return self._failure(task, f"cannot name it: {_text(exc)}")
                    return sink.size
            finally:
                sink.discard()
            if isinstance(outcome, APIResponse) and is_redirect(outcome):
                if hops >= C.MAX_IMAGE_REDIRECTS:
                    return self._failure(task, "too many redirects")
                try:  # a Location httpx cannot parse is the image host's fault: this image's
                    url = str(target.join(outcome.headers["location"]))
                except (httpx.InvalidURL, ValueError):
                    reason = "the image host redirected to a URL that is not a valid URL"
                    return self._failure(task, reason)
                hops += 1
                continue
            error, sent = exchange.failure(outcome, send)
            if isinstance(error, ClientClosedError):  # the run's end, not this image's
                raise error from (outcome if isinstance(outcome, BaseException) else None)
            if sent is None:  # the transport failed unexpectedly
                return self._failure(task, _reason(error))
            status = error.status_code if isinstance(error, APIStatusError) else None
            if status in C.STALE_URL_STATUS and not refreshed and not self.stopped.is_set():
                refreshed = True
                fresh = yield from self._fresh_url(task)
                if fresh is not None:
                    url, hops = fresh, 0
                    continue
                return self._failure(task, _reason(error, stale=True), status)
            delay = exchange.retry_delay(error, sent=sent)
            if delay is None:
                reason = _reason(error, stale=refreshed and status in C.STALE_URL_STATUS)
                return self._failure(task, reason, status)
            yield Sleep(delay)
        return self._failure(task, "the download was cancelled")

    def _send(self, url: httpx.URL, sink: Sink) -> Send:
        """One GET of an image: the body goes to `sink`, an error body is read only in part."""
        attempt = Attempt(self.runtime.timeout, None)
        # Every request says who it is; only the API's own origin gets the key, decided on the
        # very URL object the request is built from (no second parser to disagree).
        key = (url.raw_scheme, url.raw_host, url.port)
        origin = self._origins.get(key)
        if origin is None:
            if len(self._origins) >= _ORIGINS_KEPT:
                self._origins.clear()
            origin = self._origins[key] = Origin.of(url)
        headers = [("User-Agent", self.runtime.user_agent), ("Accept-Encoding", ACCEPT_ENCODING)]
        if key == self.runtime.origin.key:
            headers.append(("Authorization", f"Bearer {self.runtime.api_key}"))
        timeouts = {"timeout": attempt.timeouts}
        request = WireRequest(
            "GET", origin, url.raw_path.decode("ascii"), headers, extensions=timeouts
        )

        def read(status: int, headers: list[tuple[bytes, bytes]]) -> BodyReader:
            if 200 <= status < 300:
                return BodyReader(
                    headers,
                    limit=C.MAX_IMAGE_BYTES,
                    operation="download image",
                    sink=sink.write,
                    too_large=_Unusable,
                )
            return BodyReader(
                headers, limit=_ERROR_BODY_LIMIT, operation="download image", truncate=True
            )

        return Send(request, attempt, read)

    def _fresh_url(self, task: Task) -> Generator[Step, Any, str | None]:
        """The image's URL in its page read again with the request core's steps (their attempts
        ended by stop() as an image's are); None if the read failed or the image is gone."""
        call, extract = task.source.pages(task.offset, task.source.page_size)
        exchange = call.exchange(self.runtime, None)
        try:
            answer = yield from exchange.steps(call.request())
            items = extract(call.parse(exchange, answer)).items
        except ClientClosedError:
            raise
        except CloudglueError as exc:
            logger.info("re-reading the page at offset %d failed: %s", task.offset, exc)
            return None
        url = None
        for item in items:
            with contextlib.suppress(ValueError):  # an item we cannot name is not ours
                image = task.source.image(item)
                if image.key == task.image.key:
                    url = image.url
                    break
        logger.info(
            "re-read page at offset %d: %s", task.offset, "new URL" if url else "image gone"
        )
        return url

    def complete(self, task: Task, outcome: Outcome) -> None:
        """Settle a task: bytes landed, found there, or its failure; raises what its steps
        raised (the client closed, a callback's exception): that ends the run."""
        if isinstance(outcome, BaseException):
            raise outcome
        self._settle(task.seq, task.image, outcome)

    def result(self) -> DownloadResult:
        """What the download did so far."""
        return DownloadResult(
            directory=self.directory,
            downloaded=self.downloaded,
            skipped=self.skipped,
            failed=self.failed,
            bytes=self.bytes,
            manifest=self.directory / C.MANIFEST_NAME,
            total=max(self.total, self.done),
        )

    def finish(self) -> DownloadResult:
        """Put the manifest in place, release the directory: the result (DownloadError with
        it when the manifest cannot be written)."""
        try:
            self._manifest.finish()
        except OSError as exc:
            reason = f"the manifest cannot be written: {_text(exc)}"
            raise DownloadError(reason, self.result()) from exc
        finally:
            self._release()
        return self.result()

    @contextlib.contextmanager
    def ending(self) -> Iterator[None]:
        """Around a run after `begin`: leaving early drops the unfinished manifest and releases
        the directory; the client closed, even "before" a page read, ends it "while in flight"."""
        try:
            yield
        except BaseException as exc:
            self._release()
            if isinstance(exc, ClientClosedError) and not exc.in_flight:
                raise ClientClosedError(in_flight=True) from exc
            raise

    def stop(self) -> None:
        """End every attempt in flight now (images and page re-reads), and any started later
        (thread-safe)."""
        self.stopped.set()
        self._attempts.shutdown()

    def _release(self) -> None:
        """Drop the manifest's temporary file (if not in place yet), release the directory."""
        self._manifest.discard()
        self._run.close()

    def _parse(self, url: str) -> httpx.URL | CloudglueError:
        try:
            parsed = httpx.URL(url)
            host = parsed.host  # decodes an IDNA host: a malformed one (`xn--`) raises here
        except (httpx.InvalidURL, TypeError, ValueError):
            return _Unusable("the thumbnail URL is not a valid URL")
        if parsed.scheme not in ("http", "https"):
            return _Unusable(f"the thumbnail URL is not http(s) but {parsed.scheme or 'relative'}")
        if not host:
            return _Unusable("the thumbnail URL has no host")
        return parsed

    def _failure(self, task: Task, reason: str, status: int | None = None) -> FailedImage:
        return FailedImage(task.image.key, task.image.name, reason, status)

    def _refuse(self, seq: int, image: Image, reason: str) -> None:
        self._settle(seq, image, FailedImage(image.key, image.name, reason))

    def _settle(self, seq: int, image: Image, outcome: int | Skipped | FailedImage) -> None:
        """Count an image's outcome, write the manifest's lines in page order, report progress."""
        record = None
        if isinstance(outcome, FailedImage):
            self.failed.append(outcome)
        elif isinstance(outcome, Skipped):
            self.skipped += 1
            record = {**image.record, "path": image.name, "bytes": outcome.size}
        else:
            self.downloaded += 1
            self.bytes += outcome
            record = {**image.record, "path": image.name, "bytes": outcome}
        self.done += 1
        self._ready[seq] = record
        while self._head in self._ready:
            line = self._ready.pop(self._head)
            if line is not None:
                self._manifest.add(line)
            self._head += 1
        if self.options.on_progress is not None:
            self.options.on_progress(self.done, max(self.total, self.done), self.bytes)


class _Names:
    """Every file name a run gave, so two images never silently share one: 64-bit digests
    keyed for this run (a server cannot aim at a collision) in an open-addressing array at
    most half full, so a long download's memory barely grows. A chance collision fails one
    image with its reason; it never overwrites or skips one silently."""

    def __init__(self) -> None:
        self._key = secrets.token_bytes(16)
        self._slots = array("Q", bytes(8 * 1024))
        self._count = 0

    def add(self, name: str) -> bool:
        """Note `name`; False if this run gave it already."""
        digest = hashlib.blake2b(name.encode(), digest_size=8, key=self._key).digest()
        number = int.from_bytes(digest) | 1  # 0 marks an empty slot
        i = _slot(self._slots, number)
        if self._slots[i]:
            return False
        self._slots[i] = number
        self._count += 1
        if self._count * 2 > len(self._slots):
            old, self._slots = self._slots, array("Q", bytes(16 * len(self._slots)))
            for kept in filter(None, old):
                self._slots[_slot(self._slots, kept)] = kept
        return True


def _slot(slots: array[int], number: int) -> int:
    """Where `number` is in the table, or the empty slot where it would go (linear probing)."""
    mask = len(slots) - 1
    i = number & mask
    while slots[i] and slots[i] != number:
        i = (i + 1) & mask
    return i


class _Unusable(CloudglueError):
    """An image that cannot be fetched (a bad URL, a body past MAX_IMAGE_BYTES): not retried."""


def _reason(error: BaseException, *, stale: bool = False) -> str:
    if isinstance(error, APIStatusError):
        text = f"HTTP {error.status_code}"
        if error.message and not error.message.startswith(("non-JSON", "empty body")):
            text += f": {error.message}"
        if stale:
            text += " (the URL was stale: still failing after re-reading its page)"
        return text
    return " ".join(str(error).split()) or type(error).__name__


def _text(exc: OSError) -> str:
    """An OSError in a few words: `No space left on device (ENOSPC)`."""
    name = errno.errorcode.get(exc.errno or 0, "")
    return f"{exc.strerror or exc}" + (f" ({name})" if name else "")
