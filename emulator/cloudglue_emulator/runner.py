"""A bounded pool of worker threads that runs jobs, and recovery of unfinished jobs on start.

Each job moves `pending -> processing -> completed | failed` (segmentations may end
`not_applicable`). A job interrupted by a crash or a stop is reset to `pending` and run again
on the next start; after `MAX_ATTEMPTS` interrupted runs it is marked `failed` with a reason.
A failure that a full disk keeps from being written is kept by the store (and shown on every
read); idle workers try to write it every `POLL_SECONDS`, so it lands as soon as the disk
allows, not at the next start.

The fault `job_delay_seconds` does not hold a worker: a claimed job (already `processing`)
waits on a timer heap and is queued again when its delay is over, so N delayed jobs take
about one delay, not N / workers delays, as they would on a service that scales out.
"""

from __future__ import annotations

import heapq
import itertools
import logging
import queue
import shutil
import threading
import time
from collections.abc import Callable

from .deletion import finish_interrupted
from .failures import is_disk_full, job_failure_reason, media_reason
from .faults import FaultState
from .media import MediaError
from .paths import DataDir
from .processing import (
    Cancelled,
    JobRefused,
    WorkContext,
    process_file,
    process_frames,
    process_segmentation,
)
from .store import JobKind, Store, TaskKind

log = logging.getLogger("cloudglue_emulator.jobs")

# (kind, id, claimed): a claimed task has been moved to `processing` and has waited its delay.
Task = tuple[TaskKind, str, bool]
MAX_ATTEMPTS = 3
INTERRUPTED_REASON = f"interrupted {MAX_ATTEMPTS} times by server restarts; giving up"
POLL_SECONDS = 0.2
STOP_TIMEOUT_SECONDS = 10.0
"""How long a stop waits for the workers; each job checks the stop flag at every frame."""


class JobRunner:
    """Runs files' and jobs' background work on `workers` threads; a job that would make more
    than `max_results` frames, segments, shots or thumbnails fails with the reason."""

    def __init__(
        self,
        store: Store,
        data: DataDir,
        faults: FaultState,
        workers: int,
        max_results: int,
    ) -> None:
        self._store = store
        self._data = data
        self._faults = faults
        self._workers = max(1, workers)
        self._queue: queue.Queue[Task | None] = queue.Queue()
        self._delayed: list[tuple[float, int, TaskKind, str]] = []
        self._delayed_cv = threading.Condition()
        self._order = itertools.count()
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._idle = threading.Condition()
        self._outstanding = 0
        self._ctx = WorkContext(store, data, self._stop.is_set, max_results)

    def start(self) -> None:
        """Recover unfinished work, clean up leftovers of a crash, then start the workers."""
        self._data.clear_tmp()
        finish_interrupted(self._store, self._data)
        self._remove_orphans()
        file_ids, job_ids = self._store.recover(MAX_ATTEMPTS, INTERRUPTED_REASON)
        for file_id in file_ids:
            self.submit("file", file_id)
        for kind, job_id in job_ids:
            self.submit(kind, job_id)
        for n in range(self._workers):
            thread = threading.Thread(target=self._loop, name=f"cg-emulator-job-{n}", daemon=True)
            thread.start()
            self._threads.append(thread)
        timer = threading.Thread(target=self._release_due, name="cg-emulator-delay", daemon=True)
        timer.start()
        self._threads.append(timer)

    def _remove_orphans(self) -> None:
        """Uploads and thumbnail folders that no row refers to (never acknowledged, or deleted)."""
        names = set(self._store.storage_names().values())
        for entry in self._data.uploads.iterdir():
            if entry.name not in names:
                entry.unlink(missing_ok=True)
        owners = self._store.owner_ids()
        for entry in self._data.thumbs.iterdir():
            if entry.name not in owners:
                shutil.rmtree(entry, ignore_errors=True)

    def submit(self, kind: TaskKind, ident: str) -> None:
        """Queue work for a file or job."""
        with self._idle:
            self._outstanding += 1
        self._queue.put((kind, ident, False))

    def stop(self, timeout: float = STOP_TIMEOUT_SECONDS) -> bool:
        """Ask the workers to stop (a running job stays unfinished) and wait for them; False
        if one still runs after `timeout` (stuck in a call that checks no stop flag)."""
        self._stop.set()
        with self._delayed_cv:
            dropped = len(self._delayed)  # they stay `processing`: resumed on the next start
            self._delayed.clear()
            self._delayed_cv.notify_all()
        with self._idle:
            self._outstanding -= dropped
            self._idle.notify_all()
        for _ in self._threads:
            self._queue.put(None)  # wake idle workers at once
        deadline = time.monotonic() + timeout
        for thread in self._threads:
            thread.join(max(0.0, deadline - time.monotonic()))
        running = [t.name for t in self._threads if t.is_alive()]
        if running:
            log.warning(
                "%s still running %g s after the stop; leaving the database open for it",
                ", ".join(running),
                timeout,
            )
            return False
        self._threads.clear()
        return True

    def wait_idle(self, timeout: float) -> bool:
        """Wait until no work is queued or running; False on timeout."""
        with self._idle:
            return self._idle.wait_for(lambda: self._outstanding == 0, timeout)

    def _loop(self) -> None:
        while not self._stop.is_set():
            self._write_kept_failures()
            try:
                task = self._queue.get(timeout=POLL_SECONDS)
            except queue.Empty:
                continue
            if task is None:
                return
            kind, ident, claimed = task
            try:
                self._run(kind, ident, claimed)
            except Exception as exc:  # even recording the failure failed: keep the worker
                log.error(
                    "%s %s: could not record its failure (%s: %s); it stays unfinished and"
                    " is run again after a restart",
                    kind,
                    ident,
                    type(exc).__name__,
                    exc,
                )
            finally:
                with self._idle:
                    self._outstanding -= 1
                    self._idle.notify_all()

    def _write_kept_failures(self) -> None:
        """Write the failures a full disk kept back, if there are any and the disk allows."""
        if not self._store.kept_failures:
            return
        try:
            if self._store.write_kept_failures():
                log.info("the failures a full disk kept back are written now")
        except Exception as exc:  # e.g. the database is locked: try again on the next round
            log.warning("could not write kept failures yet (%s: %s)", type(exc).__name__, exc)

    def _defer(self, kind: TaskKind, ident: str) -> bool:
        """Park a just-claimed task for the configured delay; False if there is none.

        The task stays outstanding (for `wait_idle`) until a worker has run it.
        """
        delay = self._faults.settings.job_delay_seconds
        if delay <= 0:
            return False
        with self._idle:
            self._outstanding += 1
        with self._delayed_cv:
            due = time.monotonic() + delay
            heapq.heappush(self._delayed, (due, next(self._order), kind, ident))
            self._delayed_cv.notify()
        return True

    def _release_due(self) -> None:
        """Queue parked tasks as their delays end (one thread for all of them)."""
        with self._delayed_cv:
            while not self._stop.is_set():
                now = time.monotonic()
                while self._delayed and self._delayed[0][0] <= now:
                    _, _, kind, ident = heapq.heappop(self._delayed)
                    self._queue.put((kind, ident, True))
                timeout = self._delayed[0][0] - now if self._delayed else None
                self._delayed_cv.wait(timeout)

    def healthy(self) -> tuple[bool, str]:
        """Whether every worker thread runs, and what is wrong if not."""
        if self._stop.is_set():
            return False, "the job workers are stopping"
        dead = sum(not t.is_alive() for t in self._threads)
        if dead:
            return False, f"{dead} of {len(self._threads)} job threads have stopped"
        return True, "ok"

    def _run(self, kind: TaskKind, ident: str, claimed: bool = False) -> None:
        """Run one task to its end: done, failed with a reason, or (stopping) unfinished.

        Raises only if even recording a failure failed (the task then stays unfinished).
        """
        try:
            if self._stop.is_set():
                raise Cancelled
            if kind == "file":
                owner_gone = not self._run_file(ident, claimed)
            else:
                owner_gone = not self._run_job(kind, ident, claimed)
        except Cancelled:
            return
        except Exception as exc:
            owner_gone = self._failed(kind, ident, exc)
        if owner_gone:
            self._data.remove_thumbs([ident])

    def _failed(self, kind: TaskKind, ident: str, exc: Exception) -> bool:
        """Record why a task failed; True (quietly) if it was deleted while it ran."""
        if not self._exists(kind, ident):  # e.g. its thumbnail folder went with it
            log.debug("%s %s was deleted while it ran (%s)", kind, ident, type(exc).__name__)
            return True
        if isinstance(exc, MediaError):
            reason = media_reason(exc)
        elif isinstance(exc, JobRefused):
            reason = str(exc)
        else:
            reason = job_failure_reason(exc)
            if is_disk_full(exc):
                log.error("%s %s failed: %s", kind, ident, reason)
            else:
                log.exception("%s %s failed", kind, ident)
        fail = self._store.fail_file if kind == "file" else self._store.fail_job
        if not fail(ident, reason):
            log.error(
                "%s %s: its failure could not be written (the disk is full); it is shown as"
                " failed and written once there is space",
                kind,
                ident,
            )
        return False

    def _exists(self, kind: TaskKind, ident: str) -> bool:
        if kind == "file":
            return self._store.get_file(ident) is not None
        return self._store.get_job(ident, kind) is not None

    def _run_file(self, file_id: str, claimed: bool) -> bool:
        """Process a file; False if it was deleted (so its thumbnails go too)."""
        if claimed:  # back from its delay
            f = self._store.get_file(file_id)
            if f is None or f.status != "processing":
                return f is not None
        else:
            f = self._store.claim_file(file_id)
            if f is None:
                return self._store.get_file(file_id) is not None
            if self._defer("file", file_id):
                return True
        return process_file(self._ctx, f)

    def _run_job(self, kind: JobKind, job_id: str, claimed: bool) -> bool:
        """Run a job; False if it (or its file) was deleted meanwhile."""
        if claimed:  # back from its delay
            job = self._store.get_job(job_id, kind)
            if job is None or job.status != "processing":
                return job is not None
        else:
            job = self._store.claim_job(job_id)
            if job is None:
                return self._store.get_job(job_id, kind) is not None
            if self._defer(kind, job_id):
                return True
        f = self._store.get_file(job.file_id)
        if f is None:
            return False
        work: Callable[..., bool] = process_frames if kind == "frames" else process_segmentation
        return bool(work(self._ctx, job, f))
