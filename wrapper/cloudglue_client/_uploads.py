"""Validating and opening what `files.upload` sends; the file is streamed, never read whole."""

from __future__ import annotations

import contextlib
import io
import json
import mimetypes
import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from . import _validation as v

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


@contextlib.contextmanager
def open_upload(
    file: UploadSource,
    *,
    filename: str | None,
    metadata: dict[str, Any] | None,
    enable_segment_thumbnails: bool | None,
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
        body = FileUpload(
            file=UploadPart(
                payload=stream,  # type: ignore[arg-type]
                file_name=name,
                mime_type=mimetypes.guess_type(name)[0] or "application/octet-stream",
            ),
            metadata=v.unset_if_none(None if metadata is None else json.dumps(metadata)),
            enable_segment_thumbnails=v.unset_if_none(enable_segment_thumbnails),
        )
        yield body
