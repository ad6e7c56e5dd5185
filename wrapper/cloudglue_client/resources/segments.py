"""`client.segments`: one segment of a file, read and labelled (its metadata); a file's
segments are listed by `client.files.segments(file_id, ...)`."""

from __future__ import annotations

from collections.abc import Mapping
from types import ModuleType
from typing import TYPE_CHECKING, Any, TypeVar, Unpack

from .. import _uploads
from .. import _validation as v
from .._ids import FileRef, SegmentRef
from .._options import BodyRequestOptions, RequestOptions
from .._response import raw, raw_async
from .._runner import AsyncRunner, Call, SyncRunner
from ._base import Resource

if TYPE_CHECKING:
    from cloudglue_openapi.models import FileSegment

T = TypeVar("T")


def _by_ids(
    module: ModuleType, model: type[T], file_id: object, segment_id: object, **kwargs: object
) -> Call[T]:
    fid = v.as_uuid(file_id, "file_id")
    sid = v.as_uuid(segment_id, "segment_id")
    params = {"file_id": fid, "segment_id": sid, **kwargs}
    return Call(module, model, params, identity=("id", str(sid)))


def _get_call(file_id: object, segment_id: object) -> Call[FileSegment]:
    from cloudglue_openapi.api.files import get_file_segment
    from cloudglue_openapi.models import FileSegment

    return _by_ids(get_file_segment, FileSegment, file_id, segment_id)


def _update_call(file_id: object, segment_id: object, metadata: object) -> Call[FileSegment]:
    from cloudglue_openapi.api.files import update_file_segment
    from cloudglue_openapi.models import FileSegment, FileSegmentUpdate, FileSegmentUpdateMetadata

    meta = _uploads.check_metadata(metadata)
    if meta is None:
        raise ValueError("metadata: required (a mapping; it replaces the segment's metadata)")
    body = FileSegmentUpdate(metadata=FileSegmentUpdateMetadata.from_dict(meta))
    # PUT: the same metadata twice leaves the same segment, so a retry is safe.
    return _by_ids(update_file_segment, FileSegment, file_id, segment_id, body=body)


class Segments(Resource[SyncRunner]):
    """Segments of files: read one, label one."""

    def get(
        self, file_id: FileRef, segment_id: SegmentRef, **options: Unpack[RequestOptions]
    ) -> FileSegment:
        """One segment of a file (with the segmentation it belongs to, and its metadata)."""
        return self._using(options)._r.run(_get_call(file_id, segment_id))

    def update(
        self,
        file_id: FileRef,
        segment_id: SegmentRef,
        *,
        metadata: Mapping[str, Any],
        **options: Unpack[BodyRequestOptions],
    ) -> FileSegment:
        """Replace a segment's metadata (a JSON object): label it, tag it."""
        call = _update_call(file_id, segment_id, metadata)
        return self._using(options, body=True)._r.run(call)


class AsyncSegments(Resource[AsyncRunner]):
    """Segments of files: read one, label one (async)."""

    async def get(
        self, file_id: FileRef, segment_id: SegmentRef, **options: Unpack[RequestOptions]
    ) -> FileSegment:
        """One segment of a file (with the segmentation it belongs to, and its metadata)."""
        return await self._using(options)._r.run(_get_call(file_id, segment_id))

    async def update(
        self,
        file_id: FileRef,
        segment_id: SegmentRef,
        *,
        metadata: Mapping[str, Any],
        **options: Unpack[BodyRequestOptions],
    ) -> FileSegment:
        """Replace a segment's metadata (a JSON object): label it, tag it."""
        call = _update_call(file_id, segment_id, metadata)
        return await self._using(options, body=True)._r.run(call)


class SegmentsRaw:
    """`client.with_raw_response.segments`: each method returns a RawResponse (`.parse()`)."""

    def __init__(self, segments: Segments) -> None:
        self.get = raw(segments.get)
        self.update = raw(segments.update)


class AsyncSegmentsRaw:
    """`client.with_raw_response.segments` (async): each method's RawResponse is awaited."""

    def __init__(self, segments: AsyncSegments) -> None:
        self.get = raw_async(segments.get)
        self.update = raw_async(segments.update)
