"""`client.files`: upload, get, list, delete, wait."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from .. import _constants as C
from .. import _uploads
from .. import _validation as v
from .._hooks import OnProgress, checked
from .._ids import FileRef
from .._pagination import AsyncPager, SyncPage
from .._runner import AsyncRunner, Call, PageRequest, SyncRunner
from ._base import Resource, precheck, wait_state
from ._pages import envelope_pages, page_args

if TYPE_CHECKING:
    from cloudglue_openapi.models import File, FileDelete

#: The operation whose `status` filter `list` checks against the contract.
LIST = "listFiles"


def _get_call(file_id: object) -> Call[File]:
    from cloudglue_openapi.api.files import get_file
    from cloudglue_openapi.models import File

    return Call(get_file, File, {"file_id": v.as_file_id(file_id)})


def _delete_call(file_id: object) -> Call[FileDelete]:
    from cloudglue_openapi.api.files import delete_file
    from cloudglue_openapi.models import FileDelete

    return Call(delete_file, FileDelete, {"file_id": v.as_file_id(file_id)})


def _list_pages(status: str | None) -> PageRequest[File]:
    from cloudglue_openapi.api.files import list_files
    from cloudglue_openapi.models import FileList, FileStatus

    chosen = None if status is None else FileStatus(v.checked(LIST, "query.status", status))
    extra: dict[str, Any] = {} if chosen is None else {"status": chosen}
    return envelope_pages(
        lambda offset, limit: Call(
            list_files, FileList, {"limit": limit, "offset": offset, **extra}
        ),
        "list_files",
    )


@contextlib.contextmanager
def _upload_call(
    file: _uploads.UploadSource,
    metadata: object,
    enable_segment_thumbnails: object,
    filename: str | None,
    on_progress: OnProgress | None,
) -> Iterator[Call[File]]:
    """The upload call, its file opened (and afterwards closed) around it."""
    from cloudglue_openapi.api.files import upload_file
    from cloudglue_openapi.models import File

    with _uploads.open_upload(
        file,
        filename=filename,
        metadata=_uploads.check_metadata(metadata),
        enable_segment_thumbnails=v.optional_bool(
            enable_segment_thumbnails, "enable_segment_thumbnails"
        ),
        on_progress=checked(on_progress, "on_progress"),
    ) as body:
        yield Call(upload_file, File, {"body": body}, idempotent=False)


def _check_upload(
    file: object, metadata: object, enable_segment_thumbnails: object, wait: bool, **wait_args: Any
) -> None:
    """Everything about an upload that can be wrong, raised before a byte is sent."""
    _uploads.check_source(file)
    _uploads.check_metadata(metadata)
    v.optional_bool(enable_segment_thumbnails, "enable_segment_thumbnails")
    precheck(wait, **wait_args)


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
    ) -> File:
        """Upload a path or binary file object (streamed); with `wait`, until processed.

        `on_progress(sent, total)` follows the bytes of the file as they are sent (`total` is
        None when the size cannot be known); `on_update` is `wait()`'s.
        """
        _check_upload(
            file,
            metadata,
            enable_segment_thumbnails,
            wait,
            wait_timeout=wait_timeout,
            on_update=on_update,
        )
        with _upload_call(file, metadata, enable_segment_thumbnails, filename, on_progress) as call:
            uploaded = self._r.run(call)
        return (
            self.wait(uploaded.id, timeout=wait_timeout, on_update=on_update) if wait else uploaded
        )

    def get(self, file_id: FileRef) -> File:
        """One file."""
        return self._r.run(_get_call(file_id))

    def list(
        self,
        *,
        status: str | None = None,
        page_size: int = C.DEFAULT_PAGE_SIZE,
        prefetch: int | None = None,
    ) -> SyncPage[File]:
        """Every file (newest first by default), all pages, lazily."""
        return self._r.paginate(_list_pages(status), *page_args(page_size, prefetch))

    def delete(self, file_id: FileRef) -> FileDelete:
        """Delete a file."""
        return self._r.run(_delete_call(file_id))

    def wait(
        self,
        file_id: FileRef,
        *,
        timeout: float | None = None,
        poll_interval: float | None = None,
        on_update: Callable[[File], object] | None = None,
        heartbeat: float | None = C.WAIT_HEARTBEAT,
    ) -> File:
        """Poll until the file is processed; raises JobFailedError / WaitTimeoutError."""
        state = wait_state(timeout, poll_interval, on_update, heartbeat)
        return self._r.wait(_get_call(file_id), state)


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
    ) -> File:
        """Upload a path or binary file object (streamed); with `wait`, until processed.

        `on_progress(sent, total)` follows the bytes of the file as they are sent (`total` is
        None when the size cannot be known); `on_update` is `wait()`'s.
        """
        _check_upload(
            file,
            metadata,
            enable_segment_thumbnails,
            wait,
            wait_timeout=wait_timeout,
            on_update=on_update,
        )
        with _upload_call(file, metadata, enable_segment_thumbnails, filename, on_progress) as call:
            uploaded = await self._r.run(call)
        if not wait:
            return uploaded
        return await self.wait(uploaded.id, timeout=wait_timeout, on_update=on_update)

    async def get(self, file_id: FileRef) -> File:
        """One file."""
        return await self._r.run(_get_call(file_id))

    def list(
        self,
        *,
        status: str | None = None,
        page_size: int = C.DEFAULT_PAGE_SIZE,
        prefetch: int | None = None,
    ) -> AsyncPager[File]:
        """Every file: `await` for the first page, `async for` for all items."""
        return self._r.paginate(_list_pages(status), *page_args(page_size, prefetch))

    async def delete(self, file_id: FileRef) -> FileDelete:
        """Delete a file."""
        return await self._r.run(_delete_call(file_id))

    async def wait(
        self,
        file_id: FileRef,
        *,
        timeout: float | None = None,
        poll_interval: float | None = None,
        on_update: Callable[[File], object] | None = None,
        heartbeat: float | None = C.WAIT_HEARTBEAT,
    ) -> File:
        """Poll until the file is processed; raises JobFailedError / WaitTimeoutError."""
        state = wait_state(timeout, poll_interval, on_update, heartbeat)
        return await self._r.wait(_get_call(file_id), state)
