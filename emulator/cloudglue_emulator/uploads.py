"""Streaming a multipart upload straight to a temp file in the data dir (never whole in memory)."""

from __future__ import annotations

import contextlib
import os
import re
import unicodedata
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import anyio.to_thread
from python_multipart.exceptions import FormParserError
from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.requests import Request

from cloudglue_openapi import constraints

from .errors import ValidationError, fmt
from .validation import short

FILE_FIELD = "file"
MAX_TEXT_PART_BYTES = 1024 * 1024
MAX_PARTS = 32
FLUSH_BYTES = 1024 * 1024
MAX_FILENAME_CHARS = 255
FALLBACK_FILENAME = "upload"
UPLOAD = "uploadFile"
TEXT_PARTS = frozenset(f.name for f in constraints.children(UPLOAD, "body")) - {FILE_FIELD}
"""The text parts the contract defines for an upload (`metadata`, ...): UTF-8 text, as every
JSON body is; one that is not is a 400 naming it rather than stored with U+FFFD in place of the
bytes sent. Other text parts are ignored, as they always were."""


@dataclass
class ReceivedUpload:
    """The file part (in a temp file) and the text parts of an upload."""

    temp_path: Path
    size: int
    filename: str
    content_type: str | None
    fields: dict[str, str] = field(default_factory=dict)


def sanitize_filename(raw: str | None) -> str:
    """A display name only: the last path component, without control characters, bounded."""
    if not raw:
        return FALLBACK_FILENAME
    name = re.split(r"[/\\]", raw)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip()
    name = name.lstrip(".").strip() or FALLBACK_FILENAME
    return name[:MAX_FILENAME_CHARS]


class _Collector:
    """python-multipart callbacks: text parts into memory (bounded), the file part to a list."""

    def __init__(self, max_file_bytes: int) -> None:
        self.max_file_bytes = max_file_bytes
        self.fields: dict[str, str] = {}
        self.pending: list[bytes] = []
        self.file_size = 0
        self.file_parts = 0
        self.filename: str | None = None
        self.content_type: str | None = None
        self.error: ValidationError | None = None
        self.closed = False  # the closing boundary was seen
        self._parts = 0
        self._in_headers = False
        self._header_name = b""
        self._header_value = b""
        self._headers: dict[bytes, bytes] = {}
        self._name = ""
        self._is_file = False
        self._text = bytearray()

    def callbacks(self) -> dict[str, object]:
        return {
            "on_part_begin": self.on_part_begin,
            "on_part_data": self.on_part_data,
            "on_part_end": self.on_part_end,
            "on_header_field": self.on_header_field,
            "on_header_value": self.on_header_value,
            "on_header_end": self.on_header_end,
            "on_headers_finished": self.on_headers_finished,
            "on_end": self.on_end,
        }

    def fail(self, error: ValidationError) -> None:
        if self.error is None:
            self.error = error

    def on_part_begin(self) -> None:
        self._parts += 1
        if self._parts > MAX_PARTS:
            self.fail(ValidationError("body", f"too many multipart parts (at most {MAX_PARTS})"))
        self._headers = {}
        self._name = ""
        self._is_file = False
        self._text = bytearray()
        self._in_headers = True

    def on_header_field(self, data: bytes, start: int, end: int) -> None:
        self._header_name += data[start:end]

    def on_header_value(self, data: bytes, start: int, end: int) -> None:
        self._header_value += data[start:end]

    def on_header_end(self) -> None:
        self._headers[self._header_name.strip().lower()] = self._header_value.strip()
        self._header_name = self._header_value = b""

    def on_headers_finished(self) -> None:
        self._in_headers = False
        _, options = parse_options_header(self._headers.get(b"content-disposition"))
        self._name = options.get(b"name", b"").decode("utf-8", "replace")
        self._is_file = self._name == FILE_FIELD
        if self._is_file:
            self.file_parts += 1
            if self.file_parts > 1:
                self.fail(ValidationError(FILE_FIELD, "send exactly one file part"))
            raw_name = options.get(b"filename")
            self.filename = None if raw_name is None else raw_name.decode("utf-8", "replace")
            ctype = self._headers.get(b"content-type")
            self.content_type = None if ctype is None else ctype.decode("latin-1")

    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        if self.error is not None:
            return
        chunk = data[start:end]
        if self._is_file:
            self.file_size += len(chunk)
            if self.file_size > self.max_file_bytes:
                limit_mb = fmt(round(self.max_file_bytes / (1024 * 1024), 3))
                self.fail(
                    ValidationError(FILE_FIELD, f"larger than the upload limit of {limit_mb} MB")
                )
                return
            self.pending.append(chunk)
        else:
            self._text += chunk
            if len(self._text) > MAX_TEXT_PART_BYTES:
                self.fail(ValidationError(self._name or "body", "text part longer than 1 MiB"))

    def on_part_end(self) -> None:
        if self._is_file or not self._name:
            return
        try:
            self.fields[self._name] = self._text.decode("utf-8")
        except UnicodeDecodeError as exc:
            if self._name in TEXT_PARTS:
                self.fail(
                    ValidationError(self._name, f"must be UTF-8 text (byte {exc.start} is not)")
                )

    def on_end(self) -> None:
        self.closed = True

    def refused(self, header_limit: int | None) -> ValidationError:
        """The 400 for bytes the parser refused. Inside a Content-Disposition header it names
        `file`: python-multipart (0.0.27 on) refuses a header line longer than `header_limit`
        bytes, which in practice is a filename that long."""
        if self._in_headers and self._header_name.strip().lower() == b"content-disposition":
            bound = "" if header_limit is None else f" (at most {header_limit} bytes)"
            return ValidationError(
                FILE_FIELD,
                f"a part's Content-Disposition header is too long or malformed{bound};"
                " send a shorter filename",
            )
        return ValidationError("body", "malformed multipart data")


def _boundary(request: Request) -> bytes:
    ctype, options = parse_options_header(request.headers.get("content-type"))
    if ctype != b"multipart/form-data":
        raise ValidationError("body", "Content-Type must be multipart/form-data with a `file` part")
    boundary = options.get(b"boundary")
    if not boundary:
        raise ValidationError("body", "multipart boundary missing from Content-Type")
    return boundary


async def receive_upload(request: Request, tmp_dir: Path, max_file_bytes: int) -> ReceivedUpload:
    """Parse the request body, writing the `file` part to `tmp_dir`; fsynced when it returns.

    Raises ValidationError (400) for a body that is not a well-formed upload. The caller owns
    `temp_path` afterwards and must rename or delete it.
    """
    boundary = _boundary(request)
    collector = _Collector(max_file_bytes)
    try:
        parser = MultipartParser(boundary, collector.callbacks())  # type: ignore[arg-type]
    except FormParserError as exc:  # e.g. a boundary longer than the parser allows
        raise ValidationError("body", f"bad multipart boundary ({short(str(exc), 80)})") from None
    temp_path = tmp_dir / f"{uuid.uuid4().hex}.part"
    handle: BinaryIO = await anyio.to_thread.run_sync(lambda: open(temp_path, "wb"))  # noqa: SIM115
    buffered: list[bytes] = []
    buffered_size = 0
    try:
        async for chunk in request.stream():
            try:
                parser.write(chunk)
            except FormParserError:
                raise collector.refused(getattr(parser, "max_header_size", None)) from None
            if collector.error is not None:
                raise collector.error
            buffered.extend(collector.pending)
            buffered_size += sum(map(len, collector.pending))
            collector.pending.clear()
            if buffered_size >= FLUSH_BYTES:
                data, buffered, buffered_size = b"".join(buffered), [], 0
                await anyio.to_thread.run_sync(handle.write, data)
        try:
            parser.finalize()
        except FormParserError:
            raise ValidationError("body", "malformed multipart data") from None
        if collector.error is not None:
            raise collector.error
        if not collector.closed:  # a cut body: its file part may be partial
            raise ValidationError("body", "malformed multipart data (no closing boundary)")
        buffered.extend(collector.pending)
        await anyio.to_thread.run_sync(_finish, handle, b"".join(buffered))
    except BaseException:
        with contextlib.suppress(OSError):  # closing flushes, which fails again on a full disk
            handle.close()
        temp_path.unlink(missing_ok=True)
        raise
    if collector.file_parts == 0:
        temp_path.unlink(missing_ok=True)
        raise ValidationError(FILE_FIELD, "required: send the video as a multipart part named file")
    if collector.file_size == 0:
        temp_path.unlink(missing_ok=True)
        raise ValidationError(FILE_FIELD, "the uploaded file is empty")
    return ReceivedUpload(
        temp_path=temp_path,
        size=collector.file_size,
        filename=sanitize_filename(collector.filename),
        content_type=collector.content_type,
        fields=collector.fields,
    )


def _finish(handle: BinaryIO, data: bytes) -> None:
    handle.write(data)
    handle.flush()
    os.fsync(handle.fileno())
    handle.close()
