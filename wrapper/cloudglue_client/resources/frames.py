"""`client.frames`: frame extraction jobs and their frames."""

from __future__ import annotations

from collections.abc import Callable
from os import PathLike
from typing import TYPE_CHECKING, Any, Unpack

from .. import _constants as C
from .. import _validation as v
from .._ids import FileRef, FrameExtractionRef
from .._options import BodyRequestOptions, RequestOptions, WaitRequestOptions
from .._pagination import AsyncPager, SyncPage
from .._response import raw, raw_async
from .._runner import Call
from ._base import page_args
from ._jobs import AsyncJobs, JobKind, SyncJobs

if TYPE_CHECKING:
    from cloudglue_openapi.models import (
        Frame,
        FrameExtraction,
        FrameExtractionDelete,
        FrameExtractionListItem,
    )

    from .._download import DownloadResult, Options, Plan, ProgressCallback

#: The operation whose contract (openapi.yaml, via the generated constraints) `create` checks.
CREATE = "createFileFrameExtraction"


def _plan(kind: JobKind[Any, Any], job_id: Any, options: Options) -> Plan:
    from ._images import frames_plan

    return frames_plan(kind.items(job_id), options)


KIND: JobKind[FrameExtraction, FrameExtractionDelete] = JobKind(
    name="frame_extraction", package="frames", key="frames", count="frame_count", plan=_plan
)


def _create_call(
    file_id: object,
    frames_per_second: object,
    max_width: object,
    thumbnails: object,
    start_time_seconds: object,
    end_time_seconds: object,
) -> Call[FrameExtraction]:
    from cloudglue_openapi import models
    from cloudglue_openapi.api.frames import create_file_frame_extraction
    from cloudglue_openapi.types import UNSET, Unset

    fid = v.as_uuid(file_id, "file_id")
    fps = v.checked(CREATE, "body.uniform_config.frames_per_second", frames_per_second)
    width = v.checked(CREATE, "body.uniform_config.max_width", max_width)
    thumbs = v.checked(
        CREATE, "body.thumbnails_config.enable_frame_thumbnails", thumbnails, "thumbnails"
    )
    span = v.time_range(CREATE, start_time_seconds, end_time_seconds)
    uniform: models.FrameExtractionUniformConfig | Unset = UNSET
    if fps is not None or width is not None:
        uniform = models.FrameExtractionUniformConfig(
            frames_per_second=v.unset_if_none(fps), max_width=v.unset_if_none(width)
        )
    body = models.FrameExtractionConfig(
        strategy=models.FrameExtractionStrategy.UNIFORM,
        uniform_config=uniform,
        thumbnails_config=UNSET
        if thumbs is None
        else models.FrameExtractionThumbnailsConfig(enable_frame_thumbnails=thumbs),
        **span,
    )
    # The service returns the same job for an identical config, so retrying a create is safe.
    return Call(
        create_file_frame_extraction, models.FrameExtraction, {"file_id": fid, "body": body}
    )


class Frames(SyncJobs["FrameExtraction", "Frame"]):
    """Frame extraction jobs."""

    _kind = KIND

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
        **options: Unpack[BodyRequestOptions],
    ) -> FrameExtraction:
        """Start sampling a file uniformly; server defaults apply to every None.

        With `wait`, returns once the job is finished (see `wait`).
        """
        call = _create_call(
            file_id, frames_per_second, max_width, thumbnails, start_time_seconds, end_time_seconds
        )
        return self._using(options, body=True)._create(call, wait, wait_timeout, on_update)

    def get(
        self,
        frame_extraction_id: FrameExtractionRef,
        *,
        limit: int | None = None,
        offset: int | None = None,
        **options: Unpack[RequestOptions],
    ) -> FrameExtraction:
        """The job with one page (`limit`, `offset`) of its frames once completed."""
        return self._using(options)._r.run(KIND.get(frame_extraction_id, limit, offset))

    def iter_frames(
        self,
        frame_extraction_id: FrameExtractionRef,
        *,
        page_size: int = C.DEFAULT_PAGE_SIZE,
        prefetch: int | None = None,
        wait: bool = False,
        on_update: Callable[[FrameExtraction], object] | None = None,
        **options: Unpack[RequestOptions],
    ) -> SyncPage[Frame]:
        """Every frame in order, all pages; raises JobNotReadyError unless completed (or `wait`)."""
        using = self._using(options)
        return using._items(frame_extraction_id, page_size, prefetch, wait, on_update)

    def list(
        self,
        file_id: FileRef,
        *,
        page_size: int = C.DEFAULT_PAGE_SIZE,
        prefetch: int | None = None,
        **options: Unpack[RequestOptions],
    ) -> SyncPage[FrameExtractionListItem]:
        """Every frame extraction of a file, all pages."""
        return self._using(options)._r.paginate(KIND.jobs(file_id), *page_args(page_size, prefetch))

    def wait(
        self,
        frame_extraction_id: FrameExtractionRef,
        *,
        timeout: float | None = None,
        poll_interval: float | None = None,
        on_update: Callable[[FrameExtraction], object] | None = None,
        heartbeat: float | None = C.WAIT_HEARTBEAT,
        **options: Unpack[WaitRequestOptions],
    ) -> FrameExtraction:
        """Poll with backoff until terminal; JobFailedError on failed, WaitTimeoutError late."""
        using = self._using(options)
        return using._wait(frame_extraction_id, timeout, poll_interval, on_update, heartbeat)

    def download(
        self,
        frame_extraction_id_or_job: FrameExtractionRef,
        directory: str | PathLike[str],
        *,
        concurrency: int = C.DEFAULT_DOWNLOAD_CONCURRENCY,
        overwrite: bool = False,
        on_progress: ProgressCallback | None = None,
        wait: bool = False,
        **options: Unpack[RequestOptions],
    ) -> DownloadResult:
        """Every frame's thumbnail into `directory`, plus `manifest.jsonl`; resumable.

        Files are named so they sort in time order; what is already there is skipped unless
        `overwrite`. Failed images are listed in the result's `failed`, never raised.
        """
        args = (directory, concurrency, overwrite, on_progress)
        return self._using(options)._download(frame_extraction_id_or_job, wait, *args)

    def delete(
        self, frame_extraction_id: FrameExtractionRef, **options: Unpack[RequestOptions]
    ) -> FrameExtractionDelete:
        """Delete a frame extraction."""
        return self._using(options)._r.run(KIND.delete(frame_extraction_id))


class AsyncFrames(AsyncJobs["FrameExtraction", "Frame"]):
    """Frame extraction jobs (async)."""

    _kind = KIND

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
        **options: Unpack[BodyRequestOptions],
    ) -> FrameExtraction:
        """Start sampling a file uniformly; server defaults apply to every None."""
        call = _create_call(
            file_id, frames_per_second, max_width, thumbnails, start_time_seconds, end_time_seconds
        )
        return await self._using(options, body=True)._create(call, wait, wait_timeout, on_update)

    async def get(
        self,
        frame_extraction_id: FrameExtractionRef,
        *,
        limit: int | None = None,
        offset: int | None = None,
        **options: Unpack[RequestOptions],
    ) -> FrameExtraction:
        """The job with one page (`limit`, `offset`) of its frames once completed."""
        return await self._using(options)._r.run(KIND.get(frame_extraction_id, limit, offset))

    def iter_frames(
        self,
        frame_extraction_id: FrameExtractionRef,
        *,
        page_size: int = C.DEFAULT_PAGE_SIZE,
        prefetch: int | None = None,
        wait: bool = False,
        on_update: Callable[[FrameExtraction], object] | None = None,
        **options: Unpack[RequestOptions],
    ) -> AsyncPager[Frame]:
        """Every frame in order: `async for frame in ...`; `await` gives the first page."""
        using = self._using(options)
        return using._items(frame_extraction_id, page_size, prefetch, wait, on_update)

    def list(
        self,
        file_id: FileRef,
        *,
        page_size: int = C.DEFAULT_PAGE_SIZE,
        prefetch: int | None = None,
        **options: Unpack[RequestOptions],
    ) -> AsyncPager[FrameExtractionListItem]:
        """Every frame extraction of a file, all pages."""
        return self._using(options)._r.paginate(KIND.jobs(file_id), *page_args(page_size, prefetch))

    async def wait(
        self,
        frame_extraction_id: FrameExtractionRef,
        *,
        timeout: float | None = None,
        poll_interval: float | None = None,
        on_update: Callable[[FrameExtraction], object] | None = None,
        heartbeat: float | None = C.WAIT_HEARTBEAT,
        **options: Unpack[WaitRequestOptions],
    ) -> FrameExtraction:
        """Poll with backoff until terminal; JobFailedError on failed, WaitTimeoutError late."""
        using = self._using(options)
        return await using._wait(frame_extraction_id, timeout, poll_interval, on_update, heartbeat)

    async def download(
        self,
        frame_extraction_id_or_job: FrameExtractionRef,
        directory: str | PathLike[str],
        *,
        concurrency: int = C.DEFAULT_DOWNLOAD_CONCURRENCY,
        overwrite: bool = False,
        on_progress: ProgressCallback | None = None,
        wait: bool = False,
        **options: Unpack[RequestOptions],
    ) -> DownloadResult:
        """Every frame's thumbnail into `directory`, as `Cloudglue.frames.download` does."""
        args = (directory, concurrency, overwrite, on_progress)
        return await self._using(options)._download(frame_extraction_id_or_job, wait, *args)

    async def delete(
        self, frame_extraction_id: FrameExtractionRef, **options: Unpack[RequestOptions]
    ) -> FrameExtractionDelete:
        """Delete a frame extraction."""
        return await self._using(options)._r.run(KIND.delete(frame_extraction_id))


class FramesRaw:
    """`client.with_raw_response.frames`: each method returns a RawResponse (`.parse()`)."""

    def __init__(self, frames: Frames) -> None:
        self.create = raw(frames.create)
        self.get = raw(frames.get)
        self.iter_frames = raw(frames.iter_frames)
        self.list = raw(frames.list)
        self.wait = raw(frames.wait)
        self.download = raw(frames.download)
        self.delete = raw(frames.delete)


class AsyncFramesRaw:
    """`client.with_raw_response.frames` (async): each method's RawResponse is awaited."""

    def __init__(self, frames: AsyncFrames) -> None:
        self.create = raw_async(frames.create)
        self.get = raw_async(frames.get)
        self.iter_frames = raw_async(frames.iter_frames)
        self.list = raw_async(frames.list)
        self.wait = raw_async(frames.wait)
        self.download = raw_async(frames.download)
        self.delete = raw_async(frames.delete)
