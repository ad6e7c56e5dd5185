"""/v1/files: upload (streamed, probed, durable before the answer), list, get, update, delete,
a file's thumbnails; and the one lookup of a file named in a path, which the job and segment
routes use too.

A `file_id` that is not a uuid names no file: it is answered like an unknown one, 404 `File
not found: <id>`, on every operation. That is the answer openapi.yaml documents on every
operation that takes a file id (getFile and deleteFile declare `file_id` as any string and
document no 400; the others document both 400 and 404).
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from pathlib import Path
from typing import Any

import anyio.to_thread
from starlette.requests import Request
from starlette.responses import JSONResponse

from .. import deletion
from ..context import Runtime, runtime, urls
from ..errors import NotFound, UnsupportedMedia, ValidationError
from ..failures import media_reason
from ..filters import parse_filter
from ..media import MediaError, MediaInfo, probe
from ..paths import fsync_dir
from ..responses import json_response
from ..serializers import envelope, file_json, now_ms, thumbnail_json
from ..settings import API_PREFIX
from ..store import FileQuery, FileRow, FileThumb, Store, ThumbQuery
from ..uploads import ReceivedUpload, receive_upload, sanitize_filename
from ..validation import (
    form_bool,
    json_body,
    page_params,
    parse_json,
    parse_uuid,
    query_bool,
    query_csv,
    query_date,
    query_enum,
    sent_fields,
    server_default,
    short,
    uuid_or_none,
)
from .dispatch import route

UPDATE = "updateFile"
THUMBNAILS = "getThumbnails"


def format_name(container_format: str, filename: str) -> str:
    """A short container name: FFmpeg's `mov,mp4,m4a,...` becomes the one the file's extension
    names (else the first)."""
    names = [n for n in container_format.split(",") if n]
    ext = Path(filename).suffix.lstrip(".").lower()
    return ext if ext in names else (names[0] if names else container_format)


def media_json(info: MediaInfo, filename: str) -> dict[str, Any]:
    """The probed properties as stored with the file."""
    return {
        "duration_seconds": info.duration_seconds,
        "width": info.width,
        "height": info.height,
        "fps": info.fps,
        "format": format_name(info.format, filename),
        "has_audio": info.has_audio,
        "frame_count": info.frame_count,
        "media_type": "image" if info.still_image else "video",
    }


def file_id_param(request: Request) -> str:
    """The `file_id` in the path, canonical (any spelling of a uuid); 404 if it is no uuid."""
    raw = request.path_params["file_id"]
    file_id = uuid_or_none(raw)
    if file_id is None:
        raise NotFound("File", short(raw))
    return file_id


def find_file(store: Store, file_id: str) -> FileRow:
    """The file, or 404 (database work: call it inside `Runtime.db`)."""
    found = store.get_file(file_id)
    if found is None:
        raise NotFound("File", file_id)
    return found


def _metadata(fields: dict[str, str]) -> dict[str, Any] | None:
    if "metadata" not in fields:
        return None
    value = parse_json(fields["metadata"], "metadata")
    if not isinstance(value, dict):
        raise ValidationError("metadata", "must be a JSON object")
    return value


def _store_upload(temp_path: Path, target: Path) -> None:
    os.replace(temp_path, target)
    fsync_dir(target.parent)


async def upload_file(request: Request) -> JSONResponse:
    """POST /files: stream to a temp file, probe, rename into uploads/, insert, answer."""
    rt = runtime(request)
    received = await receive_upload(request, rt.data.tmp, rt.settings.max_upload_bytes)
    try:
        row = await _accept(rt, received)
    finally:
        received.temp_path.unlink(missing_ok=True)
    rt.jobs.submit("file", row.id)
    return json_response(file_json(row, urls(request)))


async def _accept(rt: Runtime, received: ReceivedUpload) -> FileRow:
    metadata = _metadata(received.fields)
    segment_thumbnails = None
    if "enable_segment_thumbnails" in received.fields:
        segment_thumbnails = form_bool(
            received.fields["enable_segment_thumbnails"], "enable_segment_thumbnails"
        )
    try:
        info = await anyio.to_thread.run_sync(probe, received.temp_path)
    except MediaError as exc:
        raise UnsupportedMedia(f"not a decodable video: {media_reason(exc)}") from None
    file_id = str(uuid.uuid4())
    storage_name = f"{file_id}.bin"
    target = rt.data.upload(storage_name)
    await anyio.to_thread.run_sync(_store_upload, received.temp_path, target)
    row = FileRow(
        id=file_id,
        status="pending",
        filename=received.filename,
        bytes=received.size,
        created_at=now_ms(),
        metadata=metadata,
        media=media_json(info, received.filename),
        storage_name=storage_name,
        segment_thumbnails=segment_thumbnails,
    )
    try:
        await rt.db(rt.store.insert_file, row)
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return row


def _day_start_ms(day: dt.date) -> int:
    return int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp() * 1000)


async def list_files(request: Request) -> JSONResponse:
    """GET /files: filters, order and one page (newest first by default)."""
    rt = runtime(request)
    q = request.query_params
    limit, offset = page_params(q, "listFiles")
    status = query_enum(q, "listFiles", "status")
    after, before = query_date(q, "created_after"), query_date(q, "created_before")
    order = query_enum(q, "listFiles", "order") or server_default("listFiles", "query.order", str)
    sort = query_enum(q, "listFiles", "sort") or server_default("listFiles", "query.sort", str)
    keep = parse_filter(q["filter"]) if "filter" in q else None
    query = FileQuery(
        status=status,
        created_from_ms=None if after is None else _day_start_ms(after),
        created_before_ms=None if before is None else _day_start_ms(before),
        order=order,
        descending=sort == "desc",
    )
    rows, total = await rt.db(rt.store.list_files, query, limit, offset, keep)
    base = urls(request)
    return json_response(envelope([file_json(r, base) for r in rows], total, limit, offset))


async def get_file(request: Request) -> JSONResponse:
    """GET /files/{file_id}."""
    rt = runtime(request)
    found = await rt.db(find_file, rt.store, file_id_param(request))
    return json_response(file_json(found, urls(request)))


async def delete_file(request: Request) -> JSONResponse:
    """DELETE /files/{file_id}: the file, its jobs and every thumbnail of them."""
    rt = runtime(request)
    deleted = await rt.db(_delete_file, rt, file_id_param(request))
    return json_response({"id": deleted.id, "object": "file"})


async def update_file(request: Request) -> JSONResponse:
    """PUT /files/{file_id}: a new filename and/or metadata (a field left out keeps its value;
    `metadata` replaces the stored object). A bad body is a 400 before anything is looked up
    or written."""
    rt = runtime(request)
    file_id = file_id_param(request)
    fields = sent_fields(await json_body(request), UPDATE)
    filename, metadata = fields.get("filename"), fields.get("metadata")
    if filename is not None:  # a display name, as an upload's is
        filename = sanitize_filename(filename)
    updated = await rt.db(rt.store.update_file, file_id, filename, metadata)
    if updated is None:
        raise NotFound("File", file_id)
    return json_response(file_json(updated, urls(request)))


async def list_file_thumbnails(request: Request) -> JSONResponse:
    """GET /files/{file_id}/thumbnails: the file's own thumbnail and those its jobs rendered,
    in time order; `is_default`, `segmentation_id` and `type` filter them."""
    rt = runtime(request)
    file_id = file_id_param(request)
    q = request.query_params
    limit, offset = page_params(q, THUMBNAILS)
    segmentation_id = q.get("segmentation_id")
    kinds = query_csv(q, "type")
    default_only = query_bool(q, "is_default")
    query = ThumbQuery(
        default_only=(
            server_default(THUMBNAILS, "query.is_default", bool)
            if default_only is None
            else default_only
        ),
        segmentation_id=None
        if segmentation_id is None
        else parse_uuid(segmentation_id, "segmentation_id"),
        # ThumbnailType is a free string in the contract: a name no thumbnail has matches none.
        kinds=tuple(kinds) if kinds else None,
    )
    found, total = await rt.db(_file_thumbnails, rt.store, file_id, query, limit, offset)
    base = urls(request)
    return json_response(
        envelope([thumbnail_json(t, seg, base) for t, seg in found], total, limit, offset)
    )


def _file_thumbnails(
    store: Store, file_id: str, query: ThumbQuery, limit: int, offset: int
) -> tuple[list[FileThumb], int]:
    find_file(store, file_id)
    return store.page_file_thumbnails(file_id, query, limit, offset)


def _delete_file(rt: Runtime, file_id: str) -> FileRow:
    deleted = deletion.delete_file(rt.store, rt.data, file_id)
    if deleted is None:
        raise NotFound("File", file_id)
    return deleted


routes = [
    route(f"{API_PREFIX}/files", {"POST": upload_file, "GET": list_files}),
    route(
        f"{API_PREFIX}/files/{{file_id}}",
        {"GET": get_file, "PUT": update_file, "DELETE": delete_file},
    ),
    route(f"{API_PREFIX}/files/{{file_id}}/thumbnails", {"GET": list_file_thumbnails}),
]
