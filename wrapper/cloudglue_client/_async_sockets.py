"""The network backend of the async pool that goes to the API directly: asyncio's own transports.

httpcore's AnyIOBackend runs each read and write in a cancel scope and polls an idle connection's
socket whenever the pool hands out a request; here a read of bytes already buffered does not
suspend, and the idle check reads two fields. TLS is ours too (`_tls`), so an early answer read
after a failed write is decrypted. Pools through a proxy keep AnyIOBackend (TLS in a TLS tunnel).
Whole attempts are bounded by the `asyncio.timeout` around them (`_runner.AsyncRunner.drive`).
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import itertools
import socket
import ssl
from collections.abc import AsyncIterator, Iterable
from typing import Any

import httpcore

from . import _tls

#: Seconds before trying a host's next address while one still connects (anyio's default).
_HAPPY_EYEBALLS = 0.25
#: Bytes buffered from a connection before reading from its socket pauses.
_HIGH_WATER = 256 * 1024


class _Connection(asyncio.Protocol, httpcore.AsyncNetworkStream):
    """A connection: the asyncio protocol that buffers its raw bytes, and httpcore's stream that
    reads them (through a `_tls.Session` once TLS is started)."""

    transport: asyncio.Transport  # set by connection_made(), asyncio's first callback

    def __init__(self) -> None:
        self.chunks: collections.deque[bytes] = collections.deque()
        self.buffered = 0
        self.eof = False
        self.error: BaseException | None = None
        self._waiting: dict[bool, asyncio.Future[None]] = {}  # keyed by `writing`, as in wait()
        self._write_paused = False
        self._read_paused = False
        self._session: _tls.Session | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        self.chunks.append(data)
        self.buffered += len(data)
        if self.buffered > _HIGH_WATER and not self._read_paused:
            self._read_paused = True
            self.transport.pause_reading()
        self.wake(writing=False)

    def eof_received(self) -> bool:
        self.eof = True
        self.wake(writing=False)
        return False  # the transport closes itself

    def connection_lost(self, exc: Exception | None) -> None:
        if exc is not None:
            self.salvage()
        self.eof = True
        self.error = exc
        self.wake(writing=False)
        self.resume_writing()

    def salvage(self) -> None:
        """Keep what the peer sent before a failed write (an early 503 or 413 to an upload):
        asyncio closes the socket unread after this callback."""
        sock = self.transport.get_extra_info("socket")
        try:
            with socket.fromfd(sock.fileno(), sock.family, sock.type) as own:
                own.setblocking(False)
                while data := own.recv(_HIGH_WATER):
                    self.chunks.append(data)
                    self.buffered += len(data)
        except OSError:  # nothing more (BlockingIOError), the reset, or a closed socket
            pass

    def pause_writing(self) -> None:
        self._write_paused = True

    def resume_writing(self) -> None:
        self._write_paused = False
        self.wake(writing=True)

    def wake(self, writing: bool) -> None:
        waiter = self._waiting.pop(writing, None)
        if waiter is not None and not waiter.done():
            waiter.set_result(None)

    def take(self, max_bytes: int) -> bytes:
        """At most `max_bytes` of the buffer (the buffer is not empty)."""
        chunk = self.chunks.popleft()
        if len(chunk) > max_bytes:
            self.chunks.appendleft(chunk[max_bytes:])
            chunk = chunk[:max_bytes]
        self.buffered -= len(chunk)
        if self._read_paused and self.buffered <= _HIGH_WATER // 4:
            self._read_paused = False
            self.transport.resume_reading()
        return chunk

    async def wait(self, timeout: float | None, writing: bool) -> None:
        """Until bytes or the end arrive (or, `writing`, writes may go on); at most `timeout`."""
        loop = asyncio.get_running_loop()
        waiter: asyncio.Future[None] = loop.create_future()
        self._waiting[writing] = waiter
        timer = None if timeout is None else loop.call_later(timeout, _expire, waiter, writing)
        try:
            await waiter
        finally:
            if timer is not None:
                timer.cancel()
            self._waiting.pop(writing, None)

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        if (session := self._session) is not None:
            return await self.read_tls(session, max_bytes, timeout)
        if not self.chunks and not self.eof:
            await self.wait(timeout, writing=False)
        if self.chunks:
            return self.take(max_bytes)
        if self.error is not None:
            raise httpcore.ReadError(str(self.error) or type(self.error).__name__)
        return b""

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        if not buffer:
            return
        if self._session is not None:
            try:
                buffer = self._session.encrypt(buffer)
            except ssl.SSLError as exc:
                raise httpcore.WriteError(str(exc)) from exc
        if self.transport.is_closing():
            raise httpcore.WriteError(str(self.error or "the connection is closed"))
        self.transport.write(buffer)
        if self._write_paused:
            await self.wait(timeout, writing=True)
            if self.error is not None:
                raise httpcore.WriteError(str(self.error))

    def shutdown(self, how: int) -> None:
        """Close at once, whatever `how` (`Attempt.abort`): the pool sees it closing."""
        self.transport.abort()

    async def aclose(self) -> None:
        # Bytes still unsent (an upload ended while the server does not read) are dropped:
        # close() would keep the connection open until they drain.
        if self.transport.get_write_buffer_size():
            self.transport.abort()
        else:
            self.transport.close()

    async def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.AsyncNetworkStream:
        self._session = _tls.Session(ssl_context, server_hostname)
        async with _connecting(timeout):
            try:
                await self.handshake(self._session)
            except BaseException:  # cancelled too: httpcore never sees this stream to close it
                self.transport.abort()
                raise
        return self

    def get_extra_info(self, info: str) -> Any:
        session = self._session
        if info == "is_readable":  # the loop reads the socket whenever it is readable
            if session is None:
                return bool(self.chunks) or self.eof or self.transport.is_closing()
            self.pull(session)  # data or the end is readable, not TLS 1.3 session tickets
            if self.eof or self.transport.is_closing():
                return True
            readable = session.readable()
            self.write_raw(session.outgoing())  # what post-handshake messages ask for
            return readable
        if info == "ssl_object":
            return None if session is None else session.sslobj
        return self.transport.get_extra_info(_EXTRA.get(info, info))

    async def handshake(self, session: _tls.Session) -> None:
        """Shake hands (OSError if that fails; bounded by start_tls)."""
        while True:
            try:
                done = session.handshake()
            finally:
                self.write_raw(session.outgoing())  # the next flight, or the alert of a failure
            if done:
                return
            if not self.chunks and not self.eof:
                await self.wait(None, writing=False)
            if self.chunks:
                session.feed(self.take(_HIGH_WATER))
            elif isinstance(self.error, OSError):
                raise self.error
            elif self.eof:
                session.feed(b"")

    async def read_tls(self, session: _tls.Session, max_bytes: int, timeout: float | None) -> bytes:
        deadline = None
        while True:
            self.pull(session)
            try:
                data = session.decrypt(max_bytes)
            except ssl.SSLError as exc:
                raise httpcore.ReadError(str(exc)) from exc
            finally:
                self.write_raw(session.outgoing())  # what post-handshake messages ask for
            if data is not None:
                return data
            if self.chunks:  # a record longer than what is held: feed it more
                session.feed(self.take(_HIGH_WATER))
            elif self.eof:
                if self.error is not None:
                    raise httpcore.ReadError(str(self.error) or type(self.error).__name__)
                session.feed(b"")
            else:
                loop = asyncio.get_running_loop()
                if timeout is not None and deadline is None:
                    deadline = loop.time() + timeout
                left = None if deadline is None else max(0.0, deadline - loop.time())
                await self.wait(left, writing=False)

    def pull(self, session: _tls.Session) -> None:
        """Feed the session the buffered raw bytes, as many as it wants."""
        while self.chunks and session.wants():
            session.feed(self.take(_HIGH_WATER))

    def write_raw(self, data: bytes) -> None:
        if data and not self.transport.is_closing():
            self.transport.write(data)


def _expire(waiter: asyncio.Future[None], writing: bool) -> None:
    if not waiter.done():
        waiter.set_exception(httpcore.WriteTimeout() if writing else httpcore.ReadTimeout())


#: httpcore's names for a stream's details that asyncio names otherwise.
_EXTRA = {"client_addr": "sockname", "server_addr": "peername"}


class AsyncioBackend(httpcore.AsyncNetworkBackend):
    """Connections on asyncio's transports. Our pools set no `local_address` or `socket_options`."""

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        loop = asyncio.get_running_loop()
        async with _connecting(timeout):
            sock = await _connect(loop, host, port)
            try:
                _, connection = await loop.create_connection(_Connection, sock=sock)
            except BaseException:
                sock.close()
                raise
        return connection


@contextlib.asynccontextmanager
async def _connecting(timeout: float | None) -> AsyncIterator[None]:
    """At most `timeout` seconds, failures raised as httpcore's."""
    try:
        async with asyncio.timeout(timeout):
            yield
    except OSError as exc:  # TimeoutError and ssl.SSLError included
        if isinstance(exc, TimeoutError):
            raise httpcore.ConnectTimeout() from None
        raise httpcore.ConnectError(str(exc)) from exc


#: One resolved address: (family, type, proto, canonical name, socket address).
_AddrInfo = tuple[Any, Any, int, str, Any]


async def _connect(loop: asyncio.AbstractEventLoop, host: str, port: int) -> socket.socket:
    """A socket connected to one of `host`'s addresses, raced as RFC 8305 says. Every socket not
    returned is closed, also on cancellation (asyncio's own race drops one connected just then)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_NUMERICHOST)
    except socket.gaierror:
        infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    errors: list[BaseException] = []
    started: list[asyncio.Task[socket.socket]] = []
    pending: set[asyncio.Task[socket.socket]] = set()
    try:
        addresses = iter(_interleaved(infos))
        while (info := next(addresses, None)) is not None or pending:
            if info is not None:
                started.append(loop.create_task(_connect_one(loop, info)))
                pending.add(started[-1])
            delay = None if info is None else _HAPPY_EYEBALLS
            done, pending = await asyncio.wait(
                pending, timeout=delay, return_when=asyncio.FIRST_COMPLETED
            )
            for task in done:
                if (error := task.exception()) is None:
                    started.remove(task)  # the winner: the others are dropped
                    return task.result()
                errors.append(error)
    finally:
        for task in started:
            task.cancel()
            task.add_done_callback(_close_connected)
    if len({str(error) for error in errors}) == 1:
        raise errors[0]
    raise OSError("Multiple exceptions: " + ", ".join(str(error) for error in errors))


async def _connect_one(loop: asyncio.AbstractEventLoop, info: _AddrInfo) -> socket.socket:
    """A socket connected to one address (closed if that fails or is cancelled)."""
    family, kind, proto, _, address = info
    sock = socket.socket(family, kind, proto)
    try:
        sock.setblocking(False)
        await loop.sock_connect(sock, address)
    except BaseException:
        sock.close()
        raise
    return sock


def _close_connected(task: asyncio.Task[socket.socket]) -> None:
    """Close the socket of an attempt that lost the race, if it connected."""
    if not task.cancelled() and task.exception() is None:
        task.result().close()


def _interleaved(infos: list[_AddrInfo]) -> list[_AddrInfo]:
    """The addresses alternating between families, the resolver's first family first."""
    families: dict[int, list[_AddrInfo]] = {}
    for info in infos:
        families.setdefault(info[0], []).append(info)
    rounds = itertools.zip_longest(*families.values())
    return [info for group in rounds for info in group if info is not None]
