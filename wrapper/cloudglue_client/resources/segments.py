"""`client.segments`: one segment of a file, read and labelled (its metadata).

The segments of a file are listed by `client.files.segments(file_id, ...)`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Unpack

from .. import _uploads
from .. import _validation as v
from .._ids import FileRef, SegmentRef
from .._options import BodyRequestOptions, RequestOptions
from .._response import raw, raw_async
from .._runner import AsyncRunner, Call, SyncRunner
from ._base import Resource

if TYPE_CHECKING:
    from cloudglue_openapi.models import FileSegment


def _ids(file_id: object, segment_id: object) -> dict[str, Any]:
    return {
        "file_id": v.as_uuid(file_id, "file_id"),
        "segment_id": v.as_uuid(segment_id, "segment_id"),
    }


def _get_call(file_id: object, segment_id: object) -> Call[FileSegment]:
    from cloudglue_openapi.api.files import get_file_segment
    from cloudglue_openapi.models import FileSegment

    ids = _ids(file_id, segment_id)
    return Call(get_file_segment, FileSegment, ids, identity=("id", str(ids["segment_id"])))


def _update_call(file_id: object, segment_id: object, metadata: object) -> Call[FileSegment]:
    from cloudglue_openapi.api.files import update_file_segment
    from cloudglue_openapi.models import (
        FileSegment,
        FileSegmentUpdate,
        FileSegmentUpdateMetadata,
    )

    meta = _uploads.check_metadata(metadata)
    if meta is None:
        raise ValueError("metadata: required (a mapping; it replaces the segment's metadata)")
    body = FileSegmentUpdate(metadata=FileSegmentUpdateMetadata.from_dict(meta))
    # PUT: the same metadata twice leaves the same segment, so a retry is safe.
    ids = _ids(file_id, segment_id)
    identity = ("id", str(ids["segment_id"]))
    return Call(update_file_segment, FileSegment, {**ids, "body": body}, identity=identity)


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
