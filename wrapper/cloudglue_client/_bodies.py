"""Reading a response body within a size limit that decompression counts against: gzip and
deflate are decoded `_PIECE` bytes a step, so a gzip bomb costs no more memory than the limit.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterator

from .errors import APIResponseValidationError, CloudglueError

#: The Accept-Encoding every request sends: what BodyReader decodes.
ACCEPT_ENCODING = "gzip, deflate"
#: Most decoded bytes produced by one decompression step.
_PIECE = 64 * 1024


def _joined(raw: list[tuple[bytes, bytes]], wanted: bytes) -> str:
    return ", ".join(value.decode("latin-1") for name, value in raw if name.lower() == wanted)


class BodyReader:
    """Decodes one body, kept or passed to `sink`, within `limit` bytes: past it raises
    APIResponseValidationError (or what `too_large` makes of the detail), or with `truncate`
    keeps the first `limit` bytes and sets `full` (error bodies, read only to describe them)."""

    def __init__(
        self,
        raw_headers: list[tuple[bytes, bytes]],
        *,
        limit: int,
        operation: str,
        sink: Callable[[bytes], object] | None = None,
        too_large: Callable[[str], CloudglueError] | None = None,
        truncate: bool = False,
    ) -> None:
        encoding = _joined(raw_headers, b"content-encoding")
        length = _joined(raw_headers, b"content-length")
        self.limit = limit
        self.operation = operation
        self.size = 0
        self.full = False
        #: Bytes the whole body must hold, and what to run at finish() if it does not.
        self.expect: tuple[bytes, Callable[[], object]] | None = None
        self._sink = sink
        self._too_large_error = too_large
        self._truncate = truncate
        self._kept = bytearray()
        codings = [c.strip().lower() for c in encoding.split(",")]
        codings = [c for c in codings if c and c != "identity"]
        if len(codings) > 1 or (codings and codings[0] not in ("gzip", "x-gzip", "deflate")):
            raise self._invalid(f"unsupported content-encoding {', '.join(codings)!r}")
        self._decoder = _Inflater(codings[0]) if codings else None
        declared = int(length) if length.isascii() and length.isdigit() else None
        if self._decoder is None and declared is not None and declared > limit and not truncate:
            raise self._too_large(f"declares {declared} bytes,")

    def feed(self, raw: bytes) -> None:
        """Add the next raw chunk of the body (none once `full`)."""
        pieces = [raw] if self._decoder is None else self._decoder.decode(raw)
        try:
            for piece in pieces:
                if self.size + len(piece) > self.limit:
                    if self._truncate:
                        self._keep(piece[: self.limit - self.size])
                        self.full = True
                        return
                    how = "is" if self._decoder is None else "expands to"
                    raise self._too_large(how)
                self._keep(piece)
        except zlib.error as exc:
            raise self._invalid(f"corrupt compressed body ({exc})") from exc

    def finish(self) -> bytes:
        """The whole decoded body (empty when it went to the sink)."""
        decoder = self._decoder
        if decoder is not None and not decoder.complete and not self.full:
            raise self._invalid("the compressed body ended early")
        body = bytes(self._kept)
        self._kept = bytearray()
        if self.expect is not None and self.expect[0] not in body:
            self.expect[1]()
        return body

    def _keep(self, piece: bytes) -> None:
        self.size += len(piece)
        if self._sink is None:
            self._kept += piece
        else:
            self._sink(piece)

    def _too_large(self, how: str) -> CloudglueError:
        detail = f"the response body {how} larger than the limit of {self.limit} bytes"
        if self._too_large_error is not None:
            return self._too_large_error(detail)
        return self._invalid(f"{detail} (max_response_bytes); not read further")

    def _invalid(self, detail: str) -> APIResponseValidationError:
        return APIResponseValidationError(detail, operation=self.operation)


class _Inflater:
    """gzip (any number of members) or deflate (zlib-wrapped or raw), in bounded steps."""

    def __init__(self, coding: str) -> None:
        self.gzip = coding != "deflate"
        self._d: zlib._Decompress | None = None
        self._head = b""  # deflate's first byte, held until the second tells its kind
        self.complete = True  # until a compressed byte arrives (an empty body is fine)

    def decode(self, data: bytes) -> Iterator[bytes]:
        if self._d is None and not self.gzip:
            # Which deflate this is shows in its first two bytes, which may come one at a time.
            data, self._head = self._head + data, b""
            if len(data) < 2:
                self._head = data
                self.complete = not data
                return
        # A step that filled its output bound may leave output inside zlib with all the input
        # taken: one more step, fed nothing, brings it out.
        full = False
        while data or full:
            if self._d is None or self._d.eof:
                if self._d is not None and not self.gzip:
                    raise zlib.error("data after the end of the deflate stream")
                self._d = zlib.decompressobj(self._wbits(data))
            self.complete = False
            out = self._d.decompress(data, _PIECE)
            full = len(out) == _PIECE
            if out:
                yield out
            if self._d.eof:
                self.complete = True
                full = False
                data = self._d.unused_data  # a next gzip member
            else:
                data = self._d.unconsumed_tail  # more output pending from this input

    def _wbits(self, data: bytes) -> int:
        if self.gzip:
            return 16 + zlib.MAX_WBITS
        # "deflate" is meant zlib-wrapped, but raw deflate is common: tell by the header.
        wrapped = len(data) >= 2 and data[0] & 0x0F == 8 and (data[0] << 8 | data[1]) % 31 == 0
        return zlib.MAX_WBITS if wrapped else -zlib.MAX_WBITS
