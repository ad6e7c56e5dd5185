"""`client.frames`: frame extraction jobs and their frames."""

from __future__ import annotations

from collections.abc import Callable
from os import PathLike
from typing import TYPE_CHECKING
from uuid import UUID

from .. import _constants as C
from .. import _validation as v
from .._calls import Call
from .._ids import FileRef, FrameExtractionRef
from .._pagination import AsyncPager, SyncPage
from ._base import AsyncRunner, PageRequest, SyncRunner, precheck, wait_state
from ._base import settled as _done
from ._jobs import delete_call, file_jobs_pages, get_call
from ._pages import frames, nested_pages, page_args

if TYPE_CHECKING:
    from cloudglue_openapi.models import (
        Frame,
        FrameExtraction,
        FrameExtractionDelete,
        FrameExtractionListItem,
    )

    from .._download import DownloadResult, Plan, ProgressCallback

#: The operation whose contract (openapi.yaml, via the generated constraints) `create` checks.
CREATE = "createFileFrameExtraction"


def _create_call(
    file_id: object,
    frames_per_second: object,
    max_width: object,
    thumbnails: object,
    start_time_seconds: object,
    end_time_seconds: object,
) -> Call[FrameExtraction]:
    from cloudglue_openapi.api.frames import create_file_frame_extraction
    from cloudglue_openapi.models import (
        FrameExtraction,
        FrameExtractionConfig,
        FrameExtractionStrategy,
        FrameExtractionThumbnailsConfig,
        FrameExtractionUniformConfig,
    )
    from cloudglue_openapi.types import UNSET, Unset

    fid = v.as_uuid(file_id, "file_id")
    fps = v.checked(CREATE, "body.uniform_config.frames_per_second", frames_per_second)
    width = v.checked(CREATE, "body.uniform_config.max_width", max_width)
    thumbs = v.checked(
        CREATE, "body.thumbnails_config.enable_frame_thumbnails", thumbnails, "thumbnails"
    )
    start = v.checked(CREATE, "body.start_time_seconds", start_time_seconds)
    end = v.checked(CREATE, "body.end_time_seconds", end_time_seconds)
    v.check_rules(CREATE, "body", {"start_time_seconds": start, "end_time_seconds": end})
    uniform: FrameExtractionUniformConfig | Unset = UNSET
    if fps is not None or width is not None:
        uniform = FrameExtractionUniformConfig(
            frames_per_second=v.unset_if_none(fps), max_width=v.unset_if_none(width)
        )
    body = FrameExtractionConfig(
        strategy=FrameExtractionStrategy.UNIFORM,
        uniform_config=uniform,
        thumbnails_config=UNSET
        if thumbs is None
        else FrameExtractionThumbnailsConfig(enable_frame_thumbnails=thumbs),
        start_time_seconds=v.unset_if_none(start),
        end_time_seconds=v.unset_if_none(end),
    )
    # The service returns the same job for an identical config, so retrying a create is safe.
    return Call(create_file_frame_extraction, FrameExtraction, {"file_id": fid, "body": body})


def _get_call(job_id: object, limit: object = None, offset: object = None) -> Call[FrameExtraction]:
    from cloudglue_openapi.api.frames import get_frame_extraction
    from cloudglue_openapi.models import FrameExtraction

    return get_call(
        get_frame_extraction, FrameExtraction, "frame_extraction_id", job_id, limit, offset
    )


def _delete_call(job_id: object) -> Call[FrameExtractionDelete]:
    from cloudglue_openapi.api.frames import delete_frame_extraction
    from cloudglue_openapi.models import FrameExtractionDelete

    return delete_call(
        delete_frame_extraction, FrameExtractionDelete, "frame_extraction_id", job_id
    )


def _list_pages(file_id: object) -> PageRequest[FrameExtractionListItem]:
    from cloudglue_openapi.api.frames import list_file_frame_extractions
    from cloudglue_openapi.models import FrameExtractionList

    return file_jobs_pages(list_file_frame_extractions, FrameExtractionList, file_id, "list_frames")


def _frame_pages(frame_extraction_id: object) -> PageRequest[Frame]:
    return nested_pages(_get_call, frames, v.as_uuid(frame_extraction_id, "frame_extraction_id"))


def _download_plan(
    job: object, directory: object, concurrency: object, overwrite: object, on_progress: object
) -> tuple[UUID, Plan]:
    from ._images import frames_plan, job_id, options  # loaded on first download

    fid = job_id(job, "frame_extraction_id", "frame_extraction_id_or_job")
    opts = options(directory, concurrency, overwrite, on_progress)
    return fid, frames_plan(_frame_pages(fid), opts)


class Frames:
    """Frame extraction jobs."""

    def __init__(self, client: SyncRunner) -> None:
        self._c = client

    def create(
        self,
        file_id: FileRef,
        *,
        frames_per_second: float | None = None,
        max_width: int | None = None,
        thumbnails: bool | None = None,
        start_time_seconds: float | None = None,
        end_time_seconds: float | None = None,
        wait: bool = False,
        wait_timeout: float | None = None,
        on_update: Callable[[FrameExtraction], object] | None = None,
    ) -> FrameExtraction:
        """Start sampling a file uniformly; server defaults apply to every None."""
        call = _create_call(
            file_id, frames_per_second, max_width, thumbnails, start_time_seconds, end_time_seconds
        )
        precheck(wait, wait_timeout, on_update)
        job = self._c._run(call)
        if _done(job, wait, on_update):
            return job
        return self.wait(job.frame_extraction_id, timeout=wait_timeout, on_update=on_update)

    def get(
        self,
        frame_extraction_id: FrameExtractionRef,
        *,
        limit: int | None = None,
        offset: int | None = None,
    ) -> FrameExtraction:
        """The job with one page (`limit`, `offset`) of its frames once completed."""
        return self._c._run(_get_call(frame_extraction_id, limit, offset))

    def iter_frames(
        self,
        frame_extraction_id: FrameExtractionRef,
        *,
        page_size: int = C.DEFAULT_PAGE_SIZE,
        prefetch: int | None = None,
        wait: bool = False,
        on_update: Callable[[FrameExtraction], object] | None = None,
    ) -> SyncPage[Frame]:
        """Every frame in order, all pages; raises JobNotReadyError unless completed (or `wait`)."""
        pages = _frame_pages(frame_extraction_id)
        size, ahead = page_args(page_size, prefetch)
        before = (lambda: self.wait(frame_extraction_id, on_update=on_update)) if wait else None
        return self._c._paginate(pages, size, ahead, before=before)

    def list(
        self,
        file_id: FileRef,
        *,
        page_size: int = C.DEFAULT_PAGE_SIZE,
        prefetch: int | None = None,
    ) -> SyncPage[FrameExtractionListItem]:
        """Every frame extraction of a file, all pages."""
        return self._c._paginate(_list_pages(file_id), *page_args(page_size, prefetch))

    def wait(
        self,
        frame_extraction_id: FrameExtractionRef,
        *,
        timeout: float | None = None,
        poll_interval: float | None = None,
        on_update: Callable[[FrameExtraction], object] | None = None,
        heartbeat: float | None = C.WAIT_HEARTBEAT,
    ) -> FrameExtraction:
        """Poll with backoff until terminal; JobFailedError on failed, WaitTimeoutError late."""
        state = wait_state(timeout, poll_interval, on_update, heartbeat)
        return self._c._wait(_get_call(frame_extraction_id), state)

    def download(
        self,
        frame_extraction_id_or_job: FrameExtractionRef,
        directory: str | PathLike[str],
        *,
        concurrency: int = C.DEFAULT_DOWNLOAD_CONCURRENCY,
        overwrite: bool = False,
        on_progress: ProgressCallback | None = None,
        wait: bool = False,
    ) -> DownloadResult:
        """Every frame's thumbnail into `directory`, plus `manifest.jsonl`; resumable.

        Files are named so they sort in time order; what is already there is skipped unless
        `overwrite`. Failed images are listed in the result's `failed`, never raised.
        """
        fid, plan = _download_plan(
            frame_extraction_id_or_job, directory, concurrency, overwrite, on_progress
        )
        return self._c._download(plan, (lambda: self.wait(fid)) if wait else None)

    def delete(self, frame_extraction_id: FrameExtractionRef) -> FrameExtractionDelete:
        """Delete a frame extraction."""
        return self._c._run(_delete_call(frame_extraction_id))


class AsyncFrames:
    """Frame extraction jobs (async)."""

    def __init__(self, client: AsyncRunner) -> None:
        self._c = client

    async def create(
        self,
        file_id: FileRef,
        *,
        frames_per_second: float | None = None,
        max_width: int | None = None,
        thumbnails: bool | None = None,
        start_time_seconds: float | None = None,
        end_time_seconds: float | None = None,
        wait: bool = False,
        wait_timeout: float | None = None,
        on_update: Callable[[FrameExtraction], object] | None = None,
    ) -> FrameExtraction:
        """Start sampling a file uniformly; server defaults apply to every None."""
        call = _create_call(
            file_id, frames_per_second, max_width, thumbnails, start_time_seconds, end_time_seconds
        )
        precheck(wait, wait_timeout, on_update)
        job = await self._c._run(call)
        if _done(job, wait, on_update):
            return job
        return await self.wait(job.frame_extraction_id, timeout=wait_timeout, on_update=on_update)

    async def get(
        self,
        frame_extraction_id: FrameExtractionRef,
        *,
        limit: int | None = None,
        offset: int | None = None,
    ) -> FrameExtraction:
        """The job with one page (`limit`, `offset`) of its frames once completed."""
        return await self._c._run(_get_call(frame_extraction_id, limit, offset))

    def iter_frames(
        self,
        frame_extraction_id: FrameExtractionRef,
        *,
        page_size: int = C.DEFAULT_PAGE_SIZE,
        prefetch: int | None = None,
        wait: bool = False,
        on_update: Callable[[FrameExtraction], object] | None = None,
    ) -> AsyncPager[Frame]:
        """Every frame in order: `async for frame in ...`; `await` gives the first page."""
        pages = _frame_pages(frame_extraction_id)
        size, ahead = page_args(page_size, prefetch)
        before = (lambda: self.wait(frame_extraction_id, on_update=on_update)) if wait else None
        return self._c._paginate(pages, size, ahead, before=before)

    def list(
        self,
        file_id: FileRef,
        *,
        page_size: int = C.DEFAULT_PAGE_SIZE,
        prefetch: int | None = None,
    ) -> AsyncPager[FrameExtractionListItem]:
        """Every frame extraction of a file, all pages."""
        return self._c._paginate(_list_pages(file_id), *page_args(page_size, prefetch))

    async def wait(
        self,
        frame_extraction_id: FrameExtractionRef,
        *,
        timeout: float | None = None,
        poll_interval: float | None = None,
        on_update: Callable[[FrameExtraction], object] | None = None,
        heartbeat: float | None = C.WAIT_HEARTBEAT,
    ) -> FrameExtraction:
        """Poll with backoff until terminal; JobFailedError on failed, WaitTimeoutError late."""
        state = wait_state(timeout, poll_interval, on_update, heartbeat)
        return await self._c._wait(_get_call(frame_extraction_id), state)

    async def download(
        self,
        frame_extraction_id_or_job: FrameExtractionRef,
        directory: str | PathLike[str],
        *,
        concurrency: int = C.DEFAULT_DOWNLOAD_CONCURRENCY,
        overwrite: bool = False,
        on_progress: ProgressCallback | None = None,
        wait: bool = False,
    ) -> DownloadResult:
        """Every frame's thumbnail into `directory`, plus `manifest.jsonl`; resumable.

        Files are named so they sort in time order; what is already there is skipped unless
        `overwrite`. Failed images are listed in the result's `failed`, never raised.
        """
        fid, plan = _download_plan(
            frame_extraction_id_or_job, directory, concurrency, overwrite, on_progress
        )
        return await self._c._download(plan, (lambda: self.wait(fid)) if wait else None)

    async def delete(self, frame_extraction_id: FrameExtractionRef) -> FrameExtractionDelete:
        """Delete a frame extraction."""
        return await self._c._run(_delete_call(frame_extraction_id))
