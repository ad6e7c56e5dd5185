"""TLS over memory buffers (`ssl.SSLObject`) for the async pool's own connections: an answer
salvaged from the socket after a failed write is still decrypted (asyncio's TLS drops it).
"""

from __future__ import annotations

import ssl

#: The most decrypted bytes taken at once when checking an idle connection.
_PEEK = 64 * 1024
#: The largest TLS record on the wire: 16 KiB of data, 256 bytes of expansion, a 5-byte header.
_RECORD = 2**14 + 256 + 5
#: Raw bytes held in the session before more are fed.
_HOLD = 64 * 1024 + 4 * _RECORD


class Session:
    """One connection's TLS: raw bytes `feed` in and `outgoing`; data `decrypt`ed, `encrypt`ed."""

    def __init__(self, context: ssl.SSLContext, server_hostname: str | None) -> None:
        self._incoming = ssl.MemoryBIO()
        self._outgoing = ssl.MemoryBIO()
        self.sslobj = context.wrap_bio(
            self._incoming, self._outgoing, server_hostname=server_hostname
        )
        self._plain = b""  # decrypted by `readable()`, not yet read
        self._ended = False  # the peer closed: no more bytes will be fed

    def feed(self, data: bytes) -> None:
        """Bytes received from the peer; b"": the peer closed (no more will come)."""
        if data:
            self._incoming.write(data)
        elif not self._ended:
            self._ended = True
            self._incoming.write_eof()

    def outgoing(self) -> bytes:
        return self._outgoing.read() if self._outgoing.pending else b""

    def handshake(self) -> bool:
        """One step: True once done, False while it needs the peer's bytes (send `outgoing()`
        first); an OSError if it fails."""
        try:
            self.sslobj.do_handshake()
        except ssl.SSLWantReadError:
            if self._ended:
                raise ConnectionResetError(
                    "the server closed the connection during the TLS handshake"
                ) from None
            return False
        return True

    def encrypt(self, data: bytes) -> bytes:
        view = memoryview(data)
        while view:
            view = view[self.sslobj.write(view) :]
        return self._outgoing.read()

    def decrypt(self, max_bytes: int) -> bytes | None:
        """At most `max_bytes` of data; b"" at its end (with or without close_notify, as
        Python's sockets read it); None when more raw bytes are needed. ssl.SSLError if bad."""
        if self._plain:
            data, self._plain = self._plain[:max_bytes], self._plain[max_bytes:]
            return data
        try:
            data = self.sslobj.read(max_bytes)
        except ssl.SSLWantReadError:
            return b"" if self._ended else None
        except (ssl.SSLZeroReturnError, ssl.SSLEOFError):
            return b""
        return self._more(data, max_bytes) if self._incoming.pending >= _RECORD else data

    def _more(self, data: bytes, max_bytes: int) -> bytes:
        """`data` and what the next records hold, up to `max_bytes` (a read takes one record):
        only records surely whole, so that no read raises for want of bytes."""
        parts, size = [data], len(data)
        while size < max_bytes and self._incoming.pending >= _RECORD:
            try:
                more = self.sslobj.read(max_bytes - size)
            except ssl.SSLError:  # the end, or a bad record: the next read meets it
                break
            if not more:
                break
            parts.append(more)
            size += len(more)
        return b"".join(parts) if len(parts) > 1 else data

    def wants(self) -> bool:
        """Whether to feed more raw bytes now (what is held stays bounded)."""
        return self._incoming.pending < _HOLD

    def readable(self) -> bool:
        """Whether data or the end has arrived (kept for the next `decrypt`)."""
        if self._plain:
            return True
        if not self._incoming.pending and not self._incoming.eof:
            return self.sslobj.pending() > 0  # decrypted, left by a smaller read
        try:
            data = self.decrypt(_PEEK)
        except ssl.SSLError:
            return True  # the next read raises it
        if data is None:
            return False
        self._plain = data
        return True
