"""`client.files`: upload, get, list, update, delete, wait; a file's thumbnails and segments."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import json
import typing
from collections.abc import Callable, Iterable, Iterator, Mapping
from types import ModuleType
from typing import TYPE_CHECKING, Any, TypeVar, Unpack

from .. import _constants as C
from .. import _uploads
from .. import _validation as v
from .._hooks import OnProgress, checked
from .._ids import FileRef, SegmentationRef
from .._options import BodyRequestOptions, RequestOptions, WaitRequestOptions
from .._pagination import AsyncPager, SyncPage
from .._response import raw, raw_async
from .._runner import AsyncRunner, Call, PageRequest, SyncRunner
from .._waiting import WaitState
from ._base import Resource, camel, listing, page_args, precheck

if TYPE_CHECKING:
    from cloudglue_openapi.choices import FileStatus, ListFilesOrder, ListFilesSort, ThumbnailKind
    from cloudglue_openapi.models import File, FileDelete, FileSegment, SearchFilter, Thumbnail

#: The operation whose query filters `list` checks against the contract.
LIST = "listFiles"
T = TypeVar("T")


def _by_id(module: ModuleType, model: type[T], file_id: object, **kwargs: object) -> Call[T]:
    fid = v.as_file_id(file_id)
    return Call(module, model, {"file_id": fid, **kwargs}, identity=("id", fid))


def _get_call(file_id: object) -> Call[File]:
    from cloudglue_openapi.api.files import get_file
    from cloudglue_openapi.models import File

    return _by_id(get_file, File, file_id)


def _delete_call(file_id: object) -> Call[FileDelete]:
    from cloudglue_openapi.api.files import delete_file
    from cloudglue_openapi.models import FileDelete

    return _by_id(delete_file, FileDelete, file_id)


def _list_pages(
    status: object, order: object, sort: object, before: object, after: object, filter: object
) -> PageRequest[File]:
    from cloudglue_openapi import models
    from cloudglue_openapi.api.files import list_files

    def enum(kind: type[Any], name: str, value: object) -> Any:
        chosen = v.checked(LIST, f"query.{name}", value)
        return None if chosen is None else kind(chosen)

    extra = {
        "status": enum(models.FileStatus, "status", status),
        "order": enum(models.ListFilesOrder, "order", order),
        "sort": enum(models.ListFilesSort, "sort", sort),
        "created_before": v.checked(LIST, "query.created_before", before),
        "created_after": v.checked(LIST, "query.created_after", after),
        "filter_": _filter(filter),
    }
    return listing(list_files, models.FileList, **extra)


def _filter(value: object) -> str | None:
    """A SearchFilter (model or mapping) as the JSON text the API takes: its sections and the
    enums of its conditions checked against the contract, its values as JSON it allows."""
    if value is None:
        return None
    from cloudglue_openapi.models import SearchFilter

    if isinstance(value, SearchFilter):
        value = value.to_dict()
    if not isinstance(value, Mapping):
        raise TypeError(f"filter: expected a SearchFilter or a mapping, got {type(value).__name__}")
    sections = _conditions()
    for section, conditions in value.items():
        v.choice(section, "filter", sections)
        if not isinstance(conditions, list) or not all(isinstance(c, Mapping) for c in conditions):
            raise TypeError(f"filter.{section}: expected a list of conditions (mappings)")
        enums, lists = sections[section]
        for i, condition in enumerate(conditions):
            for key, (allowed, required) in enums.items():
                if required or condition.get(key) is not None:
                    v.choice(condition.get(key), f"filter.{section}[{i}].{key}", allowed)
            for key in lists:
                # The model would read a str or mapping as a list (of characters, of keys).
                if not isinstance(condition.get(key, []), list | tuple):
                    got = type(condition[key]).__name__
                    raise TypeError(f"filter.{section}[{i}].{key}: expected a list, got {got}")
    v.json_value(value, "filter")
    try:
        SearchFilter.from_dict(dict(value))
    except (TypeError, ValueError, KeyError) as exc:
        raise ValueError(f"filter: not a SearchFilter ({exc})") from None
    return json.dumps(value, separators=(",", ":"), allow_nan=False)


@functools.cache
def _conditions() -> dict[str, tuple[dict[str, tuple[tuple[str, ...], bool]], frozenset[str]]]:
    """Per SearchFilter section, its conditions' enum keys (JSON key -> (the values the contract
    allows, whether required)) and list keys, read from the generated models and constraints:
    an enum added to openapi.yaml is checked with no code here."""
    import enum

    import attrs

    from cloudglue_openapi import models
    from cloudglue_openapi.constraints import schema
    from cloudglue_openapi.models import SearchFilter

    class Models(dict[str, Any]):
        """Names in the models' annotations, resolved from the (lazy) models package."""

        def __missing__(self, key: str) -> Any:
            try:
                return getattr(models, key)
            except AttributeError:
                raise KeyError(key) from None

    def hints(cls: type[Any]) -> dict[str, Any]:
        return typing.get_type_hints(cls, localns=Models())

    def parts(hint: Any) -> tuple[Any, ...]:
        return typing.get_args(hint) or (hint,)

    out: dict[str, tuple[dict[str, tuple[tuple[str, ...], bool]], frozenset[str]]] = {}
    for section, hint in hints(SearchFilter).items():
        criteria = next(arg for part in parts(hint) for arg in typing.get_args(part))
        required = {f.name: f.default is attrs.NOTHING for f in attrs.fields(criteria)}
        fields = hints(criteria).items()
        enums = {
            camel(name): (schema(kind.__name__).enum or (), required[name])
            for name, field_hint in fields
            for kind in parts(field_hint)
            if isinstance(kind, type) and issubclass(kind, enum.Enum)
        }
        lists = frozenset(
            camel(name)
            for name, field_hint in fields
            if any(typing.get_origin(kind) is list for kind in parts(field_hint))
        )
        out[section] = (enums, lists)
    return out


def _update_call(file_id: object, filename: object, metadata: object) -> Call[File]:
    from cloudglue_openapi.api.files import update_file
    from cloudglue_openapi.models import File, FileUpdate, FileUpdateMetadata
    from cloudglue_openapi.types import UNSET

    name = _uploads.check_filename(filename)
    meta = _uploads.check_metadata(metadata)
    body = FileUpdate(
        filename=v.unset_if_none(name),
        metadata=UNSET if meta is None else FileUpdateMetadata.from_dict(meta),
    )
    # PUT: the same update twice leaves the same file, so a retry is safe.
    return _by_id(update_file, File, file_id, body=body)


def _thumbnail_pages(
    file_id: object, is_default: object, segmentation_id: object, type: object
) -> PageRequest[Thumbnail]:
    from cloudglue_openapi.api.files import get_thumbnails
    from cloudglue_openapi.models import ThumbnailList

    op = "getThumbnails"
    filters = {
        "is_default": v.checked(op, "query.is_default", is_default),
        "segmentation_id": None
        if segmentation_id is None
        else v.as_uuid(segmentation_id, "segmentation_id"),
        "type_": v.checked(op, "query.type", type),
    }
    return listing(get_thumbnails, ThumbnailList, file_id=v.as_uuid(file_id, "file_id"), **filters)


def _segment_pages(file_id: object, *window: object) -> PageRequest[FileSegment]:
    from cloudglue_openapi.api.files import list_file_segments
    from cloudglue_openapi.models import FileSegmentListResponse

    op = "listFileSegments"
    names = ("start_time_after", "end_time_before", "min_duration", "max_duration")
    checked = {
        n: v.checked(op, f"query.{n}", value) for n, value in zip(names, window, strict=True)
    }
    v.check_rules(op, "query", checked)
    fid = v.as_uuid(file_id, "file_id")
    return listing(list_file_segments, FileSegmentListResponse, file_id=fid, **checked)


@contextlib.contextmanager
def _upload_call(
    file: _uploads.UploadSource, metadata: object, thumbnails: object, filename: object, *rest: Any
) -> Iterator[Call[File]]:
    """The upload call, checked (`rest`: on_progress, `precheck`'s) and its file open."""
    from cloudglue_openapi.api.files import upload_file
    from cloudglue_openapi.models import File

    on_progress, *wait = rest
    _uploads.check_source(file)
    meta = _uploads.check_metadata(metadata)
    name = _uploads.check_filename(filename)
    enable = None if thumbnails is None else v.flag(thumbnails, "enable_segment_thumbnails")
    precheck(*wait)
    with _uploads.open_upload(
        file,
        filename=name,
        metadata=meta,
        enable_segment_thumbnails=enable,
        on_progress=checked(on_progress, "on_progress"),
    ) as body:
        yield Call(upload_file, File, {"body": body}, idempotent=False)


class Files(Resource[SyncRunner]):
    """Uploaded media files."""

    def upload(
        self,
        file: _uploads.UploadSource,
        *,
        metadata: Mapping[str, Any] | None = None,
        enable_segment_thumbnails: bool | None = None,
        filename: str | None = None,
        wait: bool = False,
        wait_timeout: float | None = None,
        on_update: Callable[[File], object] | None = None,
        on_progress: OnProgress | None = None,
        **options: Unpack[BodyRequestOptions],
    ) -> File:
        """Upload a path or binary file object (streamed); with `wait`, until processed.

        `on_progress(sent, total)` follows the bytes of the file as they are sent (`total` is
        None when the size cannot be known); `on_update` is `wait()`'s.
        """
        files = self._using(options, body=True)
        args = (file, metadata, enable_segment_thumbnails, filename, on_progress)
        with _upload_call(*args, wait, wait_timeout, on_update) as call:
            uploaded = files._r.run(call)
        if not wait:
            return uploaded
        return files.wait(uploaded.id, timeout=wait_timeout, on_update=on_update)

    def get(self, file_id: FileRef, **options: Unpack[RequestOptions]) -> File:
        """One file."""
        return self._using(options)._r.run(_get_call(file_id))

    def list(
        self,
        *,
        status: FileStatus | None = None,
        order: ListFilesOrder | None = None,
        sort: ListFilesSort | None = None,
        created_before: dt.date | str | None = None,
        created_after: dt.date | str | None = None,
        filter: SearchFilter | Mapping[str, Any] | None = None,
        page_size: int = C.DEFAULT_PAGE_SIZE,
        prefetch: int | None = None,
        **options: Unpack[RequestOptions],
    ) -> SyncPage[File]:
        """Every file, all pages, lazily: of a `status`, in an `order` and `sort`, created
        before or after a date (UTC), matching a SearchFilter (`filter`)."""
        pages = _list_pages(status, order, sort, created_before, created_after, filter)
        return self._using(options)._r.paginate(pages, *page_args(page_size, prefetch))

    def delete(self, file_id: FileRef, **options: Unpack[RequestOptions]) -> FileDelete:
        """Delete a file."""
        return self._using(options)._r.run(_delete_call(file_id))

    def wait(
        self,
        file_id: FileRef,
        *,
        timeout: float | None = None,
        poll_interval: float | None = None,
        on_update: Callable[[File], object] | None = None,
        heartbeat: float | None = C.WAIT_HEARTBEAT,
        **options: Unpack[WaitRequestOptions],
    ) -> File:
        """Poll until the file is processed; raises JobFailedError / WaitTimeoutError."""
        state = WaitState(timeout, poll_interval, on_update, heartbeat)
        return self._using(options)._r.wait(_get_call(file_id), state)

    def update(
        self,
        file_id: FileRef,
        *,
        filename: str | None = None,
        metadata: Mapping[str, Any] | None = None,
        **options: Unpack[BodyRequestOptions],
    ) -> File:
        """Rename a file or replace its metadata; what is left out (None) keeps its value."""
        return self._using(options, body=True)._r.run(_update_call(file_id, filename, metadata))

    def thumbnails(
        self,
        file_id: FileRef,
        *,
        is_default: bool | None = None,
        segmentation_id: SegmentationRef | None = None,
        type: ThumbnailKind | Iterable[ThumbnailKind] | None = None,
        page_size: int = C.DEFAULT_PAGE_SIZE,
        prefetch: int | None = None,
        **options: Unpack[RequestOptions],
    ) -> SyncPage[Thumbnail]:
        """Every thumbnail of a file (its own and its jobs'), optionally of one segmentation,
        of some kinds, or only the default one."""
        pages = _thumbnail_pages(file_id, is_default, segmentation_id, type)
        return self._using(options)._r.paginate(pages, *page_args(page_size, prefetch))

    def segments(
        self,
        file_id: FileRef,
        *,
        start_time_after: float | None = None,
        end_time_before: float | None = None,
        min_duration: float | None = None,
        max_duration: float | None = None,
        page_size: int = C.DEFAULT_PAGE_SIZE,
        prefetch: int | None = None,
        **options: Unpack[RequestOptions],
    ) -> SyncPage[FileSegment]:
        """Every segment of a file's segmentations in a time window (`start_time_after`,
        `end_time_before`) and of a duration (`min_duration`, `max_duration`), all pages."""
        window = (start_time_after, end_time_before, min_duration, max_duration)
        pages = _segment_pages(file_id, *window)
        return self._using(options)._r.paginate(pages, *page_args(page_size, prefetch))


class AsyncFiles(Resource[AsyncRunner]):
    """Uploaded media files (async)."""

    async def upload(
        self,
        file: _uploads.UploadSource,
        *,
        metadata: Mapping[str, Any] | None = None,
        enable_segment_thumbnails: bool | None = None,
        filename: str | None = None,
        wait: bool = False,
        wait_timeout: float | None = None,
        on_update: Callable[[File], object] | None = None,
        on_progress: OnProgress | None = None,
        **options: Unpack[BodyRequestOptions],
    ) -> File:
        """Upload a path or binary file object (streamed), as `Cloudglue.files.upload` does."""
        files = self._using(options, body=True)
        args = (file, metadata, enable_segment_thumbnails, filename, on_progress)
        with _upload_call(*args, wait, wait_timeout, on_update) as call:
            uploaded = await files._r.run(call)
        if not wait:
            return uploaded
        return await files.wait(uploaded.id, timeout=wait_timeout, on_update=on_update)

    async def get(self, file_id: FileRef, **options: Unpack[RequestOptions]) -> File:
        """One file."""
        return await self._using(options)._r.run(_get_call(file_id))

    def list(
        self,
        *,
        status: FileStatus | None = None,
        order: ListFilesOrder | None = None,
        sort: ListFilesSort | None = None,
        created_before: dt.date | str | None = None,
        created_after: dt.date | str | None = None,
        filter: SearchFilter | Mapping[str, Any] | None = None,
        page_size: int = C.DEFAULT_PAGE_SIZE,
        prefetch: int | None = None,
        **options: Unpack[RequestOptions],
    ) -> AsyncPager[File]:
        """Every file (filters as in `Cloudglue.files.list`): `await` for the first page,
        `async for` for all items."""
        pages = _list_pages(status, order, sort, created_before, created_after, filter)
        return self._using(options)._r.paginate(pages, *page_args(page_size, prefetch))

    async def delete(self, file_id: FileRef, **options: Unpack[RequestOptions]) -> FileDelete:
        """Delete a file."""
        return await self._using(options)._r.run(_delete_call(file_id))

    async def wait(
        self,
        file_id: FileRef,
        *,
        timeout: float | None = None,
        poll_interval: float | None = None,
        on_update: Callable[[File], object] | None = None,
        heartbeat: float | None = C.WAIT_HEARTBEAT,
        **options: Unpack[WaitRequestOptions],
    ) -> File:
        """Poll until the file is processed; raises JobFailedError / WaitTimeoutError."""
        state = WaitState(timeout, poll_interval, on_update, heartbeat)
        return await self._using(options)._r.wait(_get_call(file_id), state)

    async def update(
        self,
        file_id: FileRef,
        *,
        filename: str | None = None,
        metadata: Mapping[str, Any] | None = None,
        **options: Unpack[BodyRequestOptions],
    ) -> File:
        """Rename a file or replace its metadata; what is left out (None) keeps its value."""
        call = _update_call(file_id, filename, metadata)
        return await self._using(options, body=True)._r.run(call)

    def thumbnails(
        self,
        file_id: FileRef,
        *,
        is_default: bool | None = None,
        segmentation_id: SegmentationRef | None = None,
        type: ThumbnailKind | Iterable[ThumbnailKind] | None = None,
        page_size: int = C.DEFAULT_PAGE_SIZE,
        prefetch: int | None = None,
        **options: Unpack[RequestOptions],
    ) -> AsyncPager[Thumbnail]:
        """Every thumbnail of a file (filters as in `Cloudglue.files.thumbnails`)."""
        pages = _thumbnail_pages(file_id, is_default, segmentation_id, type)
        return self._using(options)._r.paginate(pages, *page_args(page_size, prefetch))

    def segments(
        self,
        file_id: FileRef,
        *,
        start_time_after: float | None = None,
        end_time_before: float | None = None,
        min_duration: float | None = None,
        max_duration: float | None = None,
        page_size: int = C.DEFAULT_PAGE_SIZE,
        prefetch: int | None = None,
        **options: Unpack[RequestOptions],
    ) -> AsyncPager[FileSegment]:
        """Every segment of a file's segmentations (filters as in `Cloudglue.files.segments`)."""
        window = (start_time_after, end_time_before, min_duration, max_duration)
        pages = _segment_pages(file_id, *window)
        return self._using(options)._r.paginate(pages, *page_args(page_size, prefetch))


class FilesRaw:
    """`client.with_raw_response.files`: each method returns a RawResponse (`.parse()`)."""

    def __init__(self, files: Files) -> None:
        self.upload = raw(files.upload)
        self.get = raw(files.get)
        self.list = raw(files.list)
        self.delete = raw(files.delete)
        self.wait = raw(files.wait)
        self.update = raw(files.update)
        self.thumbnails = raw(files.thumbnails)
        self.segments = raw(files.segments)


class AsyncFilesRaw:
    """`client.with_raw_response.files` (async): each method's RawResponse is awaited."""

    def __init__(self, files: AsyncFiles) -> None:
        self.upload = raw_async(files.upload)
        self.get = raw_async(files.get)
        self.list = raw_async(files.list)
        self.delete = raw_async(files.delete)
        self.wait = raw_async(files.wait)
        self.update = raw_async(files.update)
        self.thumbnails = raw_async(files.thumbnails)
        self.segments = raw_async(files.segments)
