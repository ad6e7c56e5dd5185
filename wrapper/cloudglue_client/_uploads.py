"""Validating and opening what `files.upload` sends; the file is streamed, never read whole."""

from __future__ import annotations

import contextlib
import io
import json
import mimetypes
import os
import stat
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, BinaryIO, cast

from . import _validation as v
from ._hooks import OnProgress
from ._request import CallbackFailed, NotResendable
from .errors import CloudglueError

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
    if _text_mode(file):
        raise TypeError("file: open the file in binary mode ('rb')")
    if not callable(getattr(file, "read", None)):
        raise TypeError(f"file: expected a path or a binary file object, got {type(file).__name__}")
    if getattr(file, "closed", False) is True:
        raise ValueError("file: the file object is closed")
    readable = getattr(file, "readable", None)
    if callable(readable) and not readable():
        raise ValueError("file: not open for reading (open it with 'rb')")


def _text_mode(file: object) -> bool:
    """Whether a file object reads str. An io binary stream is binary whatever its `mode` says
    (a zip member's is 'r', a GzipFile's an int); other objects go by a str `mode`."""
    if isinstance(file, io.TextIOBase):
        return True
    if isinstance(file, io.BufferedIOBase | io.RawIOBase):
        return False
    mode = getattr(file, "mode", "b")
    return isinstance(mode, str) and "b" not in mode


def check_metadata(metadata: object) -> dict[str, Any] | None:
    """Metadata must be a mapping the contract's JSON can carry (finite numbers, valid Unicode;
    see `_validation.json_value`); an upload sends it as a JSON text part, an update as JSON."""
    if metadata is None:
        return None
    if not isinstance(metadata, Mapping):
        raise TypeError(f"metadata: expected a mapping, got {type(metadata).__name__}")
    meta = dict(metadata)
    v.json_value(meta, "metadata")
    return meta


def check_filename(filename: object) -> str | None:
    """A file name to send (upload's or update's): None, or a non-blank str of valid Unicode."""
    return None if filename is None else v.text(filename, "filename", blank=False)


class UploadStream:
    """The file part as httpx reads it (seeking to its start, then reading chunks): counts the
    bytes for `on_progress(sent, total)`, from 0 again when a retry rewinds it. A stream that
    cannot seek (a pipe) shows httpx no `fileno`, `seek` or size, is sent chunked, and a retry
    that would have to rewind it raises instead of sending an empty or truncated file.
    """

    def __init__(self, stream: IO[bytes], on_progress: OnProgress | None) -> None:
        self._stream = stream
        self._on_progress = on_progress
        self.can_seek = _seekable(stream)
        self.total = _size(stream) if self.can_seek else None
        self.sent = 0
        self._held: list[int] | None = None  # counts not yet reported (see on_loop)

    def on_loop(self) -> Callable[[], None]:
        """Hold each count from now on until the returned function reports them: an async
        upload reads in a worker thread and calls it back on the event loop."""
        self._held = []
        return self._report_held

    def read(self, size: int = -1) -> bytes:
        """Read on and report the count; a file that grows or shrinks while it is sent (its
        size went out first, as Content-Length) raises."""
        chunk = self._stream.read(size)
        total = self.total
        if total is not None and (
            self.sent + len(chunk) > total or (not chunk and self.sent < total)
        ):
            raise CloudglueError(
                f"file: it {'grew' if chunk else 'shrank'} while it was being sent ({total} bytes "
                "when the upload started); upload it once it is complete"
            )
        if chunk:
            self.sent += len(chunk)
            if self._held is not None:
                self._held.append(self.sent)
            else:
                self._report(self.sent)
        return chunk

    def _report(self, sent: int) -> None:
        if self._on_progress is not None:
            try:
                self._on_progress(sent, self.total)
            except Exception as exc:  # the request core raises it as it is
                raise CallbackFailed(exc) from exc

    def _report_held(self) -> None:
        held, self._held = self._held or [], []
        for sent in held:
            self._report(sent)

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        """Seek the wrapped stream; the count follows the new position."""
        if self.can_seek:
            self.sent = self._stream.seek(offset, whence)
            return self.sent
        if (offset, whence) == (self.sent, os.SEEK_SET):
            return self.sent  # already there (httpx seeks to 0 before a first read)
        if self.sent == 0:
            raise io.UnsupportedOperation("seek")  # httpx's size probe: send chunked
        raise NotResendable(
            f"file: the upload failed after {self.sent} bytes were sent and cannot be retried: "
            "the file object cannot seek back (pass a path or a seekable file to allow retries)"
        )

    def tell(self) -> int:
        return self._stream.tell() if self.can_seek else self.sent

    def __getattr__(self, name: str) -> Any:
        # The rest is the wrapped stream's; its fileno only when it reads that file as it is
        # (httpx takes the Content-Length from it).
        if name == "fileno" and not (self.can_seek and _on_disk(self._stream)):
            raise AttributeError(name)
        return getattr(self._stream, name)


def _seekable(stream: IO[bytes]) -> bool:
    """Whether a retry can rewind the stream to send it again."""
    check = getattr(stream, "seekable", None)
    try:
        if callable(check):
            return bool(check())
        stream.seek(stream.tell())
    except (AttributeError, OSError, ValueError):
        return False
    return True


def _on_disk(stream: IO[bytes]) -> bool:
    """Whether `stream` reads its file descriptor's bytes as they are, so fstat has its size
    (`open(path, 'rb')`, not a gzip, bz2 or xz stream on the compressed file's fileno)."""
    return isinstance(getattr(stream, "raw", stream), io.FileIO)


def _size(stream: IO[bytes]) -> int | None:
    """Bytes httpx will send: the whole file (it seeks to the start), when that can be known."""
    if _on_disk(stream):
        try:
            info = os.fstat(stream.fileno())
        except (OSError, ValueError):
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
            own: object = file
            stream: IO[bytes] = stack.enter_context(open(file, "rb"))
        else:  # a name that is no path (`os.fdopen`'s is an int) names nothing
            own, stream = getattr(file, "name", None), file
        base = Path(os.fsdecode(own)).name if isinstance(own, str | bytes | os.PathLike) else ""
        name = filename or base or "upload.bin"
        if filename is None:  # a name not in UTF-8 on disk cannot be sent as is
            v.unicode(name, "filename (the file's own name; pass filename= to send another)")
        body = FileUpload(
            file=UploadPart(
                # Wrapped even without on_progress, to tell a file that changes size while it
                # is sent; httpx uses only read, seek, tell and fileno of the BinaryIO declared.
                payload=cast("BinaryIO", UploadStream(stream, on_progress)),
                file_name=name,
                mime_type=mimetypes.guess_type(name)[0] or "application/octet-stream",
            ),
            metadata=v.unset_if_none(
                None if metadata is None else json.dumps(metadata, allow_nan=False)
            ),
            enable_segment_thumbnails=v.unset_if_none(enable_segment_thumbnails),
        )
        yield body
