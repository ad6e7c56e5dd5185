"""uvicorn's server as the emulator runs it (imported only by `serve`, so the command line
can start, and explain a missing extra, without uvicorn installed)."""

from __future__ import annotations

import asyncio
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, cast

import uvicorn
from uvicorn.protocols.http.auto import AutoHTTPProtocol

HOLD_LIMIT_BYTES = 64 * 1024
"""Writes up to this size may wait for the next one; larger ones are never copied."""


class Server(uvicorn.Server):
    """uvicorn's server, minus re-raising SIGINT/SIGTERM after the graceful shutdown (which
    would end the process by that signal instead of exiting with status 0)."""

    @contextmanager
    def capture_signals(self) -> Iterator[None]:
        if threading.current_thread() is not threading.main_thread():
            yield
            return
        stops = (signal.SIGINT, signal.SIGTERM)
        original = {sig: signal.signal(sig, self.handle_exit) for sig in stops}
        try:
            yield
        finally:
            for sig, handler in original.items():
                signal.signal(sig, handler)


class OneWriteTransport:
    """A connection's transport that sends a response's head together with its body.

    uvicorn writes the status line and headers, then the body, as two `write` calls, and
    each is a `send` system call: on loopback the second costs about as much as the whole
    rest of serving a small page. A small write is held back until the next write (joined
    with it) or the end of the current event loop step (`call_soon`), whichever comes first;
    nothing waits longer than that, and closing sends what is held first. Every other
    attribute is the wrapped transport's.
    """

    def __init__(self, transport: asyncio.Transport, loop: asyncio.AbstractEventLoop) -> None:
        self._transport = transport
        self._loop = loop
        self._held: bytes | None = None

    def write(self, data: bytes | bytearray | memoryview) -> None:
        """Send `data` after what is held, in one call when both are small."""
        if not data:
            return
        held = self._held
        if held is None:
            if len(data) <= HOLD_LIMIT_BYTES:
                self._held = bytes(data)
                self._loop.call_soon(self.flush)
                return
        else:
            self._held = None
            if len(data) <= HOLD_LIMIT_BYTES:
                self._transport.write(held + data)
                return
            self._transport.write(held)
        self._transport.write(data)

    def flush(self) -> None:
        """Send what is held now (dropped if the connection is already gone)."""
        held, self._held = self._held, None
        if held is not None and not self._transport.is_closing():
            self._transport.write(held)

    def writelines(self, lines: Any) -> None:
        """`write` of the concatenation."""
        self.write(b"".join(lines))

    def write_eof(self) -> None:
        """Send what is held, then the end of the stream."""
        self.flush()
        self._transport.write_eof()

    def close(self) -> None:
        """Send what is held, then close."""
        self.flush()
        self._transport.close()

    def abort(self) -> None:
        """Close at once, dropping what is held (as the transport drops its buffer)."""
        self._held = None
        self._transport.abort()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._transport, name)


class OneWriteHTTPProtocol(AutoHTTPProtocol):  # type: ignore[misc,valid-type]
    """uvicorn's HTTP protocol (httptools if installed, else h11) on a `OneWriteTransport`."""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        stream = cast(asyncio.Transport, transport)
        super().connection_made(OneWriteTransport(stream, asyncio.get_running_loop()))
