"""Reading a response body with a size limit that decompression counts against.

The body arrives raw (as sent on the wire); `BodyReader` decodes gzip or deflate itself, at
most `_PIECE` bytes of output per step, so a 10 MB gzip bomb that expands to 10 GiB costs
no more memory than the limit: the reader stops (APIResponseValidationError) as soon as the
decoded size passes it. Peak memory is about twice the limit (the pieces, then the joined
body). Requests advertise only the encodings decoded here (`ACCEPT_ENCODING`).
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator

import httpx

from .errors import APIResponseValidationError

#: The Accept-Encoding every request sends: exactly what BodyReader can decode.
ACCEPT_ENCODING = "gzip, deflate"
#: Most decoded bytes produced by one decompression step.
_PIECE = 64 * 1024
#: Headers that describe the encoded body, dropped once it is decoded.
_ENCODED_HEADERS = frozenset({"content-encoding", "content-length", "transfer-encoding"})


def body_headers(raw: list[tuple[bytes, bytes]]) -> tuple[str, str]:
    """Content-Encoding and Content-Length of raw headers ("" if absent; repeats joined with
    ", " as httpx.Headers.get joins them)."""
    encoding: list[str] = []
    length: list[str] = []
    for name, value in raw:
        lower = name.lower()
        if lower == b"content-encoding":
            encoding.append(value.decode("latin-1"))
        elif lower == b"content-length":
            length.append(value.decode("latin-1"))
    return ", ".join(encoding), ", ".join(length)


class BodyReader:
    """Accumulates one response body; raises APIResponseValidationError past `limit` bytes."""

    def __init__(self, encoding: str, length: str, *, limit: int, operation: str) -> None:
        """`encoding` and `length`: the Content-Encoding and Content-Length ("" if absent)."""
        self.limit = limit
        self.operation = operation
        self.size = 0
        self._pieces: list[bytes] = []
        codings = [c.strip().lower() for c in encoding.split(",")] if encoding else []
        codings = [c for c in codings if c and c != "identity"]
        if len(codings) > 1 or (codings and codings[0] not in ("gzip", "x-gzip", "deflate")):
            raise self._invalid(f"unsupported content-encoding {', '.join(codings)!r}")
        self._decoder = _Inflater(codings[0]) if codings else None
        if self._decoder is None and length.isdigit() and int(length) > limit:
            raise self._too_large(f"declares {int(length)} bytes")

    def feed(self, raw: bytes) -> None:
        """Add the next raw chunk of the body."""
        pieces = [raw] if self._decoder is None else self._decoder.decode(raw)
        try:
            for piece in pieces:
                self.size += len(piece)
                if self.size > self.limit:
                    how = "is larger" if self._decoder is None else "expands further"
                    raise self._too_large(how)
                self._pieces.append(piece)
        except zlib.error as exc:
            raise self._invalid(f"corrupt compressed body ({exc})") from exc

    def already_read(self, response: httpx.Response) -> bytes | None:
        """The body of a response its transport had read already (a mock), limit checked."""
        if not response.is_stream_consumed:
            return None
        if len(response.content) > self.limit:
            raise self._too_large("is larger")
        return response.content

    def finish(self) -> bytes:
        """The whole decoded body."""
        if self._decoder is not None and self._decoder.started and not self._decoder.complete:
            raise self._invalid("the compressed body ended early")
        body = b"".join(self._pieces)
        self._pieces = []
        return body

    def _too_large(self, how: str) -> APIResponseValidationError:
        return self._invalid(
            f"the response body {how} than the limit of {self.limit} bytes "
            "(max_response_bytes); not read further"
        )

    def _invalid(self, detail: str) -> APIResponseValidationError:
        return APIResponseValidationError(detail, operation=self.operation)


class _Inflater:
    """gzip (any number of members) or deflate (zlib-wrapped or raw), in bounded steps."""

    def __init__(self, coding: str) -> None:
        self.gzip = coding != "deflate"
        self._d: zlib._Decompress | None = None
        self.complete = False

    @property
    def started(self) -> bool:
        """True once any compressed byte arrived (an empty body is fine)."""
        return self._d is not None

    def decode(self, data: bytes) -> Iterator[bytes]:
        while data:
            if self._d is None or self._d.eof:
                if self._d is not None and not self.gzip:
                    raise zlib.error("data after the end of the deflate stream")
                self._d = zlib.decompressobj(self._wbits(data))
            self.complete = False
            out = self._d.decompress(data, _PIECE)
            if out:
                yield out
            if self._d.eof:
                self.complete = True
                data = self._d.unused_data  # a next gzip member
            else:
                data = self._d.unconsumed_tail  # more output pending from this input

    def _wbits(self, data: bytes) -> int:
        if self.gzip:
            return 16 + zlib.MAX_WBITS
        # "deflate" is meant to be zlib-wrapped, but raw deflate is common: tell by the header.
        wrapped = len(data) >= 2 and data[0] & 0x0F == 8 and (data[0] << 8 | data[1]) % 31 == 0
        return zlib.MAX_WBITS if wrapped else -zlib.MAX_WBITS


def decoded_response(response: httpx.Response, body: bytes) -> httpx.Response:
    """`response`, now carrying the decoded `body` as its content (for the generated parsers).

    Sets httpx's `_content` rather than building a second Response: that costs about a tenth
    of the client's CPU per page, and `.content`, `.text` and `.json()` all read `_content`.
    """
    if "content-encoding" in response.headers:
        for name in _ENCODED_HEADERS:
            response.headers.pop(name, None)
    response._content = body
    return response
