"""`client.segmentations`: segmentation jobs, their segments and thumbnails."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from os import PathLike
from typing import TYPE_CHECKING, Any, Unpack

from .. import _constants as C
from .. import _validation as v
from .._ids import FileRef, SegmentationRef, SegmentRef
from .._options import BodyRequestOptions, RequestOptions, WaitRequestOptions
from .._pagination import AsyncPager, SyncPage
from .._response import raw, raw_async
from .._runner import Call, PageRequest
from ..configs import CREATE
from ._base import listing, page_args
from ._jobs import AsyncJobs, JobKind, SyncJobs

if TYPE_CHECKING:
    from cloudglue_openapi.choices import ThumbnailKind
    from cloudglue_openapi.models import (
        NewSegmentation,
        Segment,
        Segmentation,
        SegmentationDelete,
        SegmentationListItem,
        Thumbnail,
    )

    from .._download import DownloadResult, Options, Plan, ProgressCallback


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
    # A NewSegmentation may be made by hand: all of it is checked as the builders check theirs.
    try:
        body = config.to_dict()
    except (AttributeError, TypeError, ValueError) as exc:
        raise TypeError(f"config: a field is not of its model's type ({exc})") from None
    v.conform(CREATE, "body", body, "config")
    strategy = body["strategy"]
    block = strategy.replace("-", "_") + "_config"  # shot-detector: shot_detector_config
    if isinstance(getattr(config, block, UNSET), Unset):
        raise ValueError(f"config.{block}: required when strategy is {strategy!r}")
    # `enable_segment_thumbnails` is required only inside a thumbnails_config that is sent.
    if thumbnails is not None:
        path = "body.thumbnails_config.enable_segment_thumbnails"
        enabled = v.checked(CREATE, path, thumbnails, "thumbnails")
        thumbs = ThumbnailsConfig(enable_segment_thumbnails=enabled)
        config = attrs.evolve(config, thumbnails_config=thumbs)
    # Not idempotent: retried only when the server surely did not act (docs: errors and retries).
    return Call(
        create_file_segmentation, Segmentation, {"file_id": fid, "body": config}, idempotent=False
    )


def _thumbnail_pages(
    segmentation_id: object, segment_ids: object, type: object
) -> PageRequest[Thumbnail]:
    from cloudglue_openapi.api.segmentations import get_segmentation_thumbnails
    from cloudglue_openapi.models import ThumbnailList

    job_id = v.as_uuid(segmentation_id, "segmentation_id")
    ids = None
    if segment_ids is not None:
        if isinstance(segment_ids, str | bytes) or not isinstance(segment_ids, Iterable):
            raise TypeError("segment_ids: expected an iterable of segment ids")
        ids = ",".join(str(v.as_uuid(s, "segment_ids[]")) for s in segment_ids)
        if not ids:  # sent as nothing, it would mean every segment, not none
            raise ValueError("segment_ids: give at least one segment id, or None for all")
    kinds = v.checked("getSegmentationThumbnails", "query.type", type)
    filters = {"segmentation_id": job_id, "segment_ids": ids, "type_": kinds}
    return listing(get_segmentation_thumbnails, ThumbnailList, **filters)


def _plan(kind: JobKind[Any, Any], job_id: Any, options: Options) -> Plan:
    from ._images import segments_plan

    keyframes = _thumbnail_pages(job_id, None, "keyframe")
    return segments_plan(kind.items(job_id), keyframes, options)


KIND: JobKind[Segmentation, SegmentationDelete] = JobKind(
    name="segmentation", package="segmentations", key="segments", count="total_segments", plan=_plan
)


class Segmentations(SyncJobs["Segmentation", "Segment"]):
    """Segmentation jobs."""

    _kind = KIND

    def create(
        self,
        file_id: FileRef,
        config: NewSegmentation,
        *,
        thumbnails: bool | None = None,
        wait: bool = False,
        wait_timeout: float | None = None,
        on_update: Callable[[Segmentation], object] | None = None,
        **options: Unpack[BodyRequestOptions],
    ) -> Segmentation:
        """Start a segmentation with a config from uniform(), shot_detector() or manual()."""
        call = _create_call(file_id, config, thumbnails)
        return self._using(options, body=True)._create(call, wait, wait_timeout, on_update)

    def get(
        self,
        segmentation_id: SegmentationRef,
        *,
        limit: int | None = None,
        offset: int | None = None,
        **options: Unpack[RequestOptions],
    ) -> Segmentation:
        """The job with one page (`limit`, `offset`) of its segments once completed."""
        return self._using(options)._r.run(KIND.get(segmentation_id, limit, offset))

    def iter_segments(
        self,
        segmentation_id: SegmentationRef,
        *,
        page_size: int = C.DEFAULT_PAGE_SIZE,
        prefetch: int | None = None,
        wait: bool = False,
        on_update: Callable[[Segmentation], object] | None = None,
        **options: Unpack[RequestOptions],
    ) -> SyncPage[Segment]:
        """Every segment in order (none if not_applicable); JobNotReadyError while unfinished."""
        using = self._using(options)
        return using._items(segmentation_id, page_size, prefetch, wait, on_update)

    def list(
        self,
        file_id: FileRef,
        *,
        page_size: int = C.DEFAULT_PAGE_SIZE,
        prefetch: int | None = None,
        **options: Unpack[RequestOptions],
    ) -> SyncPage[SegmentationListItem]:
        """Every segmentation of a file, all pages."""
        return self._using(options)._r.paginate(KIND.jobs(file_id), *page_args(page_size, prefetch))

    def thumbnails(
        self,
        segmentation_id: SegmentationRef,
        *,
        segment_ids: Iterable[SegmentRef] | None = None,
        type: ThumbnailKind | Iterable[ThumbnailKind] | None = None,
        page_size: int = C.DEFAULT_PAGE_SIZE,
        prefetch: int | None = None,
        **options: Unpack[RequestOptions],
    ) -> SyncPage[Thumbnail]:
        """Every thumbnail of a segmentation, optionally for some segments or types."""
        pages = _thumbnail_pages(segmentation_id, segment_ids, type)
        return self._using(options)._r.paginate(pages, *page_args(page_size, prefetch))

    def wait(
        self,
        segmentation_id: SegmentationRef,
        *,
        timeout: float | None = None,
        poll_interval: float | None = None,
        on_update: Callable[[Segmentation], object] | None = None,
        heartbeat: float | None = C.WAIT_HEARTBEAT,
        **options: Unpack[WaitRequestOptions],
    ) -> Segmentation:
        """Poll until terminal; `not_applicable` is returned, `failed` raises JobFailedError."""
        using = self._using(options)
        return using._wait(segmentation_id, timeout, poll_interval, on_update, heartbeat)

    def download(
        self,
        segmentation_id_or_job: SegmentationRef,
        directory: str | PathLike[str],
        *,
        concurrency: int = C.DEFAULT_DOWNLOAD_CONCURRENCY,
        overwrite: bool = False,
        on_progress: ProgressCallback | None = None,
        wait: bool = False,
        **options: Unpack[RequestOptions],
    ) -> DownloadResult:
        """Every segment thumbnail (and keyframe) into `directory`, plus `manifest.jsonl`.

        Files are named so they sort in time order; what is already there is skipped unless
        `overwrite`. Failed images are listed in the result's `failed`, never raised.
        """
        args = (directory, concurrency, overwrite, on_progress)
        return self._using(options)._download(segmentation_id_or_job, wait, *args)

    def delete(
        self, segmentation_id: SegmentationRef, **options: Unpack[RequestOptions]
    ) -> SegmentationDelete:
        """Delete a segmentation."""
        return self._using(options)._r.run(KIND.delete(segmentation_id))


class AsyncSegmentations(AsyncJobs["Segmentation", "Segment"]):
    """Segmentation jobs (async)."""

    _kind = KIND

    async def create(
        self,
        file_id: FileRef,
        config: NewSegmentation,
        *,
        thumbnails: bool | None = None,
        wait: bool = False,
        wait_timeout: float | None = None,
        on_update: Callable[[Segmentation], object] | None = None,
        **options: Unpack[BodyRequestOptions],
    ) -> Segmentation:
        """Start a segmentation with a config from uniform(), shot_detector() or manual()."""
        call = _create_call(file_id, config, thumbnails)
        return await self._using(options, body=True)._create(call, wait, wait_timeout, on_update)

    async def get(
        self,
        segmentation_id: SegmentationRef,
        *,
        limit: int | None = None,
        offset: int | None = None,
        **options: Unpack[RequestOptions],
    ) -> Segmentation:
        """The job with one page (`limit`, `offset`) of its segments once completed."""
        return await self._using(options)._r.run(KIND.get(segmentation_id, limit, offset))

    def iter_segments(
        self,
        segmentation_id: SegmentationRef,
        *,
        page_size: int = C.DEFAULT_PAGE_SIZE,
        prefetch: int | None = None,
        wait: bool = False,
        on_update: Callable[[Segmentation], object] | None = None,
        **options: Unpack[RequestOptions],
    ) -> AsyncPager[Segment]:
        """Every segment in order: `async for segment in ...`."""
        using = self._using(options)
        return using._items(segmentation_id, page_size, prefetch, wait, on_update)

    def list(
        self,
        file_id: FileRef,
        *,
        page_size: int = C.DEFAULT_PAGE_SIZE,
        prefetch: int | None = None,
        **options: Unpack[RequestOptions],
    ) -> AsyncPager[SegmentationListItem]:
        """Every segmentation of a file, all pages."""
        return self._using(options)._r.paginate(KIND.jobs(file_id), *page_args(page_size, prefetch))

    def thumbnails(
        self,
        segmentation_id: SegmentationRef,
        *,
        segment_ids: Iterable[SegmentRef] | None = None,
        type: ThumbnailKind | Iterable[ThumbnailKind] | None = None,
        page_size: int = C.DEFAULT_PAGE_SIZE,
        prefetch: int | None = None,
        **options: Unpack[RequestOptions],
    ) -> AsyncPager[Thumbnail]:
        """Every thumbnail of a segmentation, optionally for some segments or types."""
        pages = _thumbnail_pages(segmentation_id, segment_ids, type)
        return self._using(options)._r.paginate(pages, *page_args(page_size, prefetch))

    async def wait(
        self,
        segmentation_id: SegmentationRef,
        *,
        timeout: float | None = None,
        poll_interval: float | None = None,
        on_update: Callable[[Segmentation], object] | None = None,
        heartbeat: float | None = C.WAIT_HEARTBEAT,
        **options: Unpack[WaitRequestOptions],
    ) -> Segmentation:
        """Poll until terminal; `not_applicable` is returned, `failed` raises JobFailedError."""
        using = self._using(options)
        return await using._wait(segmentation_id, timeout, poll_interval, on_update, heartbeat)

    async def download(
        self,
        segmentation_id_or_job: SegmentationRef,
        directory: str | PathLike[str],
        *,
        concurrency: int = C.DEFAULT_DOWNLOAD_CONCURRENCY,
        overwrite: bool = False,
        on_progress: ProgressCallback | None = None,
        wait: bool = False,
        **options: Unpack[RequestOptions],
    ) -> DownloadResult:
        """Thumbnails and keyframes into `directory`, as `Cloudglue.segmentations.download` does."""
        args = (directory, concurrency, overwrite, on_progress)
        return await self._using(options)._download(segmentation_id_or_job, wait, *args)

    async def delete(
        self, segmentation_id: SegmentationRef, **options: Unpack[RequestOptions]
    ) -> SegmentationDelete:
        """Delete a segmentation."""
        return await self._using(options)._r.run(KIND.delete(segmentation_id))


class SegmentationsRaw:
    """`client.with_raw_response.segmentations`: each method returns a RawResponse (`.parse()`)."""

    def __init__(self, segmentations: Segmentations) -> None:
        self.create = raw(segmentations.create)
        self.get = raw(segmentations.get)
        self.iter_segments = raw(segmentations.iter_segments)
        self.list = raw(segmentations.list)
        self.thumbnails = raw(segmentations.thumbnails)
        self.wait = raw(segmentations.wait)
        self.download = raw(segmentations.download)
        self.delete = raw(segmentations.delete)


class AsyncSegmentationsRaw:
    """`client.with_raw_response.segmentations` (async): each method's RawResponse is awaited."""

    def __init__(self, segmentations: AsyncSegmentations) -> None:
        self.create = raw_async(segmentations.create)
        self.get = raw_async(segmentations.get)
        self.iter_segments = raw_async(segmentations.iter_segments)
        self.list = raw_async(segmentations.list)
        self.thumbnails = raw_async(segmentations.thumbnails)
        self.wait = raw_async(segmentations.wait)
        self.download = raw_async(segmentations.download)
        self.delete = raw_async(segmentations.delete)
