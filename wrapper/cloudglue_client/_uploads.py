"""Validating and opening what `files.upload` sends; the file is streamed, never read whole."""

from __future__ import annotations

import contextlib
import io
import json
import mimetypes
import os
import stat
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from . import _validation as v
from ._hooks import OnProgress

if TYPE_CHECKING:
    from cloudglue_openapi.models import FileUpload

UploadSource = str | os.PathLike[str] | IO[bytes]


def check_source(file: object) -> None:
    """Raise for anything that cannot be uploaded, before a byte is sent."""
    if isinstance(file, str | os.PathLike):
        path = Path(file)
        if not path.exists():
            raise ValueError(f"file: {str(path)!r} does not exist")
        if not path.is_file():
            raise ValueError(f"file: {str(path)!r} is not a regular file")
        return
    if isinstance(file, io.TextIOBase) or "b" not in getattr(file, "mode", "b"):
        raise TypeError("file: open the file in binary mode ('rb')")
    if not callable(getattr(file, "read", None)):
        raise TypeError(f"file: expected a path or a binary file object, got {type(file).__name__}")


def check_metadata(metadata: object) -> dict[str, Any] | None:
    """Metadata must be a JSON-serialisable mapping; it is sent as a JSON text part."""
    if metadata is None:
        return None
    if not isinstance(metadata, Mapping):
        raise TypeError(f"metadata: expected a mapping, got {type(metadata).__name__}")
    try:
        json.dumps(metadata)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"metadata: not JSON-serialisable ({exc})") from None
    return dict(metadata)


class ProgressReader:
    """A binary stream that reports `on_progress(sent, total)` as httpx reads it.

    httpx sends a file part by seeking to its start and reading chunks; a retry rewinds it.
    `sent` follows the stream's position, so a rewound upload counts from 0 again.
    """

    def __init__(self, stream: IO[bytes], on_progress: OnProgress) -> None:
        self._stream = stream
        self._on_progress = on_progress
        self.total = _size(stream)
        self.sent = 0

    def read(self, size: int = -1) -> bytes:
        """Read from the wrapped stream and report the running count."""
        chunk = self._stream.read(size)
        if chunk:
            self.sent += len(chunk)
            self._on_progress(self.sent, self.total)
        return chunk

    def __getattr__(self, name: str) -> Any:
        # Everything else is the wrapped stream's (a stream without `seek` must not seem to
        # have one); `seek` also moves the count to the new position.
        attr = getattr(self._stream, name)
        if name != "seek":
            return attr

        def seek(offset: int, whence: int = os.SEEK_SET) -> int:
            self.sent = attr(offset, whence)
            return self.sent

        return seek


def _size(stream: IO[bytes]) -> int | None:
    """Bytes httpx will send: the whole file (it seeks to the start), when that can be known."""
    try:
        info = os.fstat(stream.fileno())
    except (AttributeError, OSError, ValueError):
        pass
    else:
        return info.st_size if stat.S_ISREG(info.st_mode) else None
    try:
        here = stream.tell()
        size = stream.seek(0, os.SEEK_END)
        stream.seek(here)
    except (AttributeError, OSError, ValueError):
        return None
    return size


@contextlib.contextmanager
def open_upload(
    file: UploadSource,
    *,
    filename: str | None,
    metadata: dict[str, Any] | None,
    enable_segment_thumbnails: bool | None,
    on_progress: OnProgress | None = None,
) -> Iterator[FileUpload]:
    """Yield the multipart body, opening (and afterwards closing) a path given by name."""
    from cloudglue_openapi.models import FileUpload
    from cloudglue_openapi.types import File as UploadPart

    with contextlib.ExitStack() as stack:
        if isinstance(file, str | os.PathLike):
            stream: IO[bytes] = stack.enter_context(open(file, "rb"))
            name = filename or Path(file).name
        else:
            stream = file
            name = filename or Path(str(getattr(file, "name", "upload.bin"))).name
        payload = stream if on_progress is None else ProgressReader(stream, on_progress)
        body = FileUpload(
            file=UploadPart(
                payload=payload,  # type: ignore[arg-type]
                file_name=name,
                mime_type=mimetypes.guess_type(name)[0] or "application/octet-stream",
            ),
            metadata=v.unset_if_none(None if metadata is None else json.dumps(metadata)),
            enable_segment_thumbnails=v.unset_if_none(enable_segment_thumbnails),
        )
        yield body
