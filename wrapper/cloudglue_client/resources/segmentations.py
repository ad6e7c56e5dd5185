"""`client.segmentations`: segmentation jobs, their segments and thumbnails."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from os import PathLike
from typing import TYPE_CHECKING
from uuid import UUID

from .. import _constants as C
from .. import _validation as v
from .._calls import Call
from .._ids import FileRef, SegmentationRef, SegmentRef
from .._pagination import AsyncPager, SyncPage
from ._base import AsyncRunner, PageRequest, SyncRunner, precheck, wait_state
from ._base import settled as _done
from ._jobs import delete_call, file_jobs_pages, get_call
from ._pages import envelope_pages, nested_pages, page_args, segments

if TYPE_CHECKING:
    from cloudglue_openapi.models import (
        NewSegmentation,
        Segment,
        Segmentation,
        SegmentationDelete,
        SegmentationListItem,
        Thumbnail,
    )
    from cloudglue_openapi.types import Unset

    from .._download import DownloadResult, Plan, ProgressCallback

#: The operation whose contract (openapi.yaml, via the generated constraints) `create` checks.
CREATE = "createFileSegmentation"


def strategy_block(strategy: str) -> str:
    """The config block a strategy needs: `shot-detector` -> `shot_detector_config`."""
    return strategy.replace("-", "_") + "_config"


def _create_call(file_id: object, config: object, thumbnails: object) -> Call[Segmentation]:
    import attrs

    from cloudglue_openapi.api.segmentations import create_file_segmentation
    from cloudglue_openapi.models import NewSegmentation, Segmentation, ThumbnailsConfig
    from cloudglue_openapi.types import UNSET, Unset

    fid = v.as_uuid(file_id, "file_id")
    if not isinstance(config, NewSegmentation):
        raise TypeError(
            "config: expected a config from uniform(), shot_detector() or manual(), "
            f"got {type(config).__name__}"
        )
    strategy = v.checked(CREATE, "body.strategy", str(config.strategy), "config.strategy")
    block = strategy_block(strategy)
    if isinstance(getattr(config, block, UNSET), Unset):
        raise ValueError(f"config.{block}: required when strategy is {strategy!r}")
    # `enable_segment_thumbnails` is required only inside a thumbnails_config that is sent.
    thumbs = (
        None
        if thumbnails is None
        else v.checked(
            CREATE, "body.thumbnails_config.enable_segment_thumbnails", thumbnails, "thumbnails"
        )
    )
    body = (
        config
        if thumbs is None
        else attrs.evolve(
            config, thumbnails_config=ThumbnailsConfig(enable_segment_thumbnails=thumbs)
        )
    )
    # Not idempotent: retried only when the server surely did not act (see README, Retries).
    return Call(
        create_file_segmentation, Segmentation, {"file_id": fid, "body": body}, idempotent=False
    )


def _get_call(job_id: object, limit: object = None, offset: object = None) -> Call[Segmentation]:
    from cloudglue_openapi.api.segmentations import get_segmentation
    from cloudglue_openapi.models import Segmentation

    return get_call(get_segmentation, Segmentation, "segmentation_id", job_id, limit, offset)


def _delete_call(job_id: object) -> Call[SegmentationDelete]:
    from cloudglue_openapi.api.segmentations import delete_segmentation
    from cloudglue_openapi.models import SegmentationDelete

    return delete_call(delete_segmentation, SegmentationDelete, "segmentation_id", job_id)


def _list_pages(file_id: object) -> PageRequest[SegmentationListItem]:
    from cloudglue_openapi.api.segmentations import list_file_segmentations
    from cloudglue_openapi.models import SegmentationList

    return file_jobs_pages(list_file_segmentations, SegmentationList, file_id, "list_segmentations")


def _segment_pages(segmentation_id: object) -> PageRequest[Segment]:
    return nested_pages(_get_call, segments, v.as_uuid(segmentation_id, "segmentation_id"))


def _thumbnail_filters(segment_ids: object, type: object) -> dict[str, str | Unset]:
    from cloudglue_openapi.types import UNSET

    ids: str | Unset = UNSET
    if segment_ids is not None:
        if isinstance(segment_ids, str | bytes) or not isinstance(segment_ids, Iterable):
            raise TypeError("segment_ids: expected an iterable of segment ids")
        ids = ",".join(str(v.as_uuid(s, "segment_ids[]")) for s in segment_ids) or UNSET
    kinds: str | Unset = UNSET
    if type is not None:
        values = [type] if isinstance(type, str) else type
        if not isinstance(values, Iterable):
            raise TypeError("type: expected a str or an iterable of str")
        parts = [str(t) for t in values]
        if any(not p or "," in p for p in parts):
            raise ValueError("type: each thumbnail type must be a non-empty name without commas")
        kinds = ",".join(parts) or UNSET
    return {"segment_ids": ids, "type_": kinds}


def _thumbnail_pages(
    segmentation_id: object, segment_ids: object, type: object
) -> PageRequest[Thumbnail]:
    from cloudglue_openapi.api.segmentations import get_segmentation_thumbnails
    from cloudglue_openapi.models import ThumbnailList

    job_id = v.as_uuid(segmentation_id, "segmentation_id")
    filters = _thumbnail_filters(segment_ids, type)
    return envelope_pages(
        lambda offset, limit: Call(
            get_segmentation_thumbnails,
            ThumbnailList,
            {"segmentation_id": job_id, "limit": limit, "offset": offset, **filters},
        ),
        "thumbnails",
    )


def _download_plan(
    job: object, directory: object, concurrency: object, overwrite: object, on_progress: object
) -> tuple[UUID, Plan]:
    from ._images import job_id, options, segments_plan  # loaded on first download

    sid = job_id(job, "segmentation_id", "segmentation_id_or_job")
    opts = options(directory, concurrency, overwrite, on_progress)
    keyframes = _thumbnail_pages(sid, None, "keyframe")
    return sid, segments_plan(_segment_pages(sid), keyframes, opts)


class Segmentations:
    """Segmentation jobs."""

    def __init__(self, client: SyncRunner) -> None:
        self._c = client

    def create(
        self,
        file_id: FileRef,
        config: NewSegmentation,
        *,
        thumbnails: bool | None = None,
        wait: bool = False,
        wait_timeout: float | None = None,
        on_update: Callable[[Segmentation], object] | None = None,
    ) -> Segmentation:
        """Start a segmentation with a config from uniform(), shot_detector() or manual()."""
        call = _create_call(file_id, config, thumbnails)
        precheck(wait, wait_timeout, on_update)
        job = self._c._run(call)
        if _done(job, wait, on_update):
            return job
        return self.wait(job.segmentation_id, timeout=wait_timeout, on_update=on_update)

    def get(
        self,
        segmentation_id: SegmentationRef,
        *,
        limit: int | None = None,
        offset: int | None = None,
    ) -> Segmentation:
        """The job with one page (`limit`, `offset`) of its segments once completed."""
        return self._c._run(_get_call(segmentation_id, limit, offset))

    def iter_segments(
        self,
        segmentation_id: SegmentationRef,
        *,
        page_size: int = C.DEFAULT_PAGE_SIZE,
        prefetch: int | None = None,
        wait: bool = False,
        on_update: Callable[[Segmentation], object] | None = None,
    ) -> SyncPage[Segment]:
        """Every segment in order (none if not_applicable); JobNotReadyError while unfinished."""
        pages = _segment_pages(segmentation_id)
        size, ahead = page_args(page_size, prefetch)
        before = (lambda: self.wait(segmentation_id, on_update=on_update)) if wait else None
        return self._c._paginate(pages, size, ahead, before=before)

    def list(
        self,
        file_id: FileRef,
        *,
        page_size: int = C.DEFAULT_PAGE_SIZE,
        prefetch: int | None = None,
    ) -> SyncPage[SegmentationListItem]:
        """Every segmentation of a file, all pages."""
        return self._c._paginate(_list_pages(file_id), *page_args(page_size, prefetch))

    def thumbnails(
        self,
        segmentation_id: SegmentationRef,
        *,
        segment_ids: Iterable[SegmentRef] | None = None,
        type: str | Iterable[str] | None = None,
        page_size: int = C.DEFAULT_PAGE_SIZE,
        prefetch: int | None = None,
    ) -> SyncPage[Thumbnail]:
        """Every thumbnail of a segmentation, optionally for some segments or types."""
        pages = _thumbnail_pages(segmentation_id, segment_ids, type)
        return self._c._paginate(pages, *page_args(page_size, prefetch))

    def wait(
        self,
        segmentation_id: SegmentationRef,
        *,
        timeout: float | None = None,
        poll_interval: float | None = None,
        on_update: Callable[[Segmentation], object] | None = None,
        heartbeat: float | None = C.WAIT_HEARTBEAT,
    ) -> Segmentation:
        """Poll until terminal; `not_applicable` is returned, `failed` raises JobFailedError."""
        state = wait_state(timeout, poll_interval, on_update, heartbeat)
        return self._c._wait(_get_call(segmentation_id), state)

    def download(
        self,
        segmentation_id_or_job: SegmentationRef,
        directory: str | PathLike[str],
        *,
        concurrency: int = C.DEFAULT_DOWNLOAD_CONCURRENCY,
        overwrite: bool = False,
        on_progress: ProgressCallback | None = None,
        wait: bool = False,
    ) -> DownloadResult:
        """Every segment thumbnail (and keyframe) into `directory`, plus `manifest.jsonl`.

        Files are named so they sort in time order; what is already there is skipped unless
        `overwrite`. Failed images are listed in the result's `failed`, never raised.
        """
        sid, plan = _download_plan(
            segmentation_id_or_job, directory, concurrency, overwrite, on_progress
        )
        return self._c._download(plan, (lambda: self.wait(sid)) if wait else None)

    def delete(self, segmentation_id: SegmentationRef) -> SegmentationDelete:
        """Delete a segmentation."""
        return self._c._run(_delete_call(segmentation_id))


class AsyncSegmentations:
    """Segmentation jobs (async)."""

    def __init__(self, client: AsyncRunner) -> None:
        self._c = client

    async def create(
        self,
        file_id: FileRef,
        config: NewSegmentation,
        *,
        thumbnails: bool | None = None,
        wait: bool = False,
        wait_timeout: float | None = None,
        on_update: Callable[[Segmentation], object] | None = None,
    ) -> Segmentation:
        """Start a segmentation with a config from uniform(), shot_detector() or manual()."""
        call = _create_call(file_id, config, thumbnails)
        precheck(wait, wait_timeout, on_update)
        job = await self._c._run(call)
        if _done(job, wait, on_update):
            return job
        return await self.wait(job.segmentation_id, timeout=wait_timeout, on_update=on_update)

    async def get(
        self,
        segmentation_id: SegmentationRef,
        *,
        limit: int | None = None,
        offset: int | None = None,
    ) -> Segmentation:
        """The job with one page (`limit`, `offset`) of its segments once completed."""
        return await self._c._run(_get_call(segmentation_id, limit, offset))

    def iter_segments(
        self,
        segmentation_id: SegmentationRef,
        *,
        page_size: int = C.DEFAULT_PAGE_SIZE,
        prefetch: int | None = None,
        wait: bool = False,
        on_update: Callable[[Segmentation], object] | None = None,
    ) -> AsyncPager[Segment]:
        """Every segment in order: `async for segment in ...`."""
        pages = _segment_pages(segmentation_id)
        size, ahead = page_args(page_size, prefetch)
        before = (lambda: self.wait(segmentation_id, on_update=on_update)) if wait else None
        return self._c._paginate(pages, size, ahead, before=before)

    def list(
        self,
        file_id: FileRef,
        *,
        page_size: int = C.DEFAULT_PAGE_SIZE,
        prefetch: int | None = None,
    ) -> AsyncPager[SegmentationListItem]:
        """Every segmentation of a file, all pages."""
        return self._c._paginate(_list_pages(file_id), *page_args(page_size, prefetch))

    def thumbnails(
        self,
        segmentation_id: SegmentationRef,
        *,
        segment_ids: Iterable[SegmentRef] | None = None,
        type: str | Iterable[str] | None = None,
        page_size: int = C.DEFAULT_PAGE_SIZE,
        prefetch: int | None = None,
    ) -> AsyncPager[Thumbnail]:
        """Every thumbnail of a segmentation, optionally for some segments or types."""
        pages = _thumbnail_pages(segmentation_id, segment_ids, type)
        return self._c._paginate(pages, *page_args(page_size, prefetch))

    async def wait(
        self,
        segmentation_id: SegmentationRef,
        *,
        timeout: float | None = None,
        poll_interval: float | None = None,
        on_update: Callable[[Segmentation], object] | None = None,
        heartbeat: float | None = C.WAIT_HEARTBEAT,
    ) -> Segmentation:
        """Poll until terminal; `not_applicable` is returned, `failed` raises JobFailedError."""
        state = wait_state(timeout, poll_interval, on_update, heartbeat)
        return await self._c._wait(_get_call(segmentation_id), state)

    async def download(
        self,
        segmentation_id_or_job: SegmentationRef,
        directory: str | PathLike[str],
        *,
        concurrency: int = C.DEFAULT_DOWNLOAD_CONCURRENCY,
        overwrite: bool = False,
        on_progress: ProgressCallback | None = None,
        wait: bool = False,
    ) -> DownloadResult:
        """Every segment thumbnail (and keyframe) into `directory`, plus `manifest.jsonl`.

        Files are named so they sort in time order; what is already there is skipped unless
        `overwrite`. Failed images are listed in the result's `failed`, never raised.
        """
        sid, plan = _download_plan(
            segmentation_id_or_job, directory, concurrency, overwrite, on_progress
        )
        return await self._c._download(plan, (lambda: self.wait(sid)) if wait else None)

    async def delete(self, segmentation_id: SegmentationRef) -> SegmentationDelete:
        """Delete a segmentation."""
        return await self._c._run(_delete_call(segmentation_id))
