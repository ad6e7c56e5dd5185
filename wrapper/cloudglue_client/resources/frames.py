"""`client.frames`: frame extraction jobs and their frames."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

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

#: Ranges from openapi.yaml, checked client-side.
FPS_RANGE = (0.1, 30.0)
MAX_WIDTH_RANGE = (64, 4096)


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
    fps = v.optional_number(
        frames_per_second, "frames_per_second", minimum=FPS_RANGE[0], maximum=FPS_RANGE[1]
    )
    width = v.optional_integer(
        max_width, "max_width", minimum=MAX_WIDTH_RANGE[0], maximum=MAX_WIDTH_RANGE[1]
    )
    thumbs = v.optional_bool(thumbnails, "thumbnails")
    start = v.optional_number(start_time_seconds, "start_time_seconds", minimum=0)
    end = v.optional_number(end_time_seconds, "end_time_seconds", minimum=0)
    v.time_range(start, end)
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
    job_id = v.as_uuid(frame_extraction_id, "frame_extraction_id")
    return nested_pages(_get_call, frames, job_id)


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

    async def delete(self, frame_extraction_id: FrameExtractionRef) -> FrameExtractionDelete:
        """Delete a frame extraction."""
        return await self._c._run(_delete_call(frame_extraction_id))
