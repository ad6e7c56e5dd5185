"""The network backend of the async pool that goes to the API directly: asyncio's own transports.

httpcore's AnyIOBackend runs every read and write in an anyio cancel scope, and checks whether
an idle connection is readable (for every idle connection, each time the pool assigns a
request) by polling its socket. Here a connection is an asyncio transport with a protocol of
ours that buffers what arrives: a read whose bytes are already here returns without suspending,
only a read that must wait arms a timer, and the idle check reads two fields. Whole attempts
are bounded by the `asyncio.timeout` around them (`_runner.AsyncRunner.drive`). TLS is ours too
(`_TLSStream`, on `_tls.Session`): the protocol keeps buffering raw bytes, so an early answer
read after a failed write is decrypted as over plain TCP. Pools through a proxy keep
`_sockets.AsyncBackend` (anyio), which also covers TLS inside a TLS tunnel. This module loads
asyncio, so it is imported with the first async pool.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import itertools
import socket
import ssl
from collections.abc import AsyncIterator
from typing import Any

import httpcore

from . import _tls
from ._sockets import SocketOptions, bind

#: Seconds before trying a host's next address while one still connects (anyio's default).
_HAPPY_EYEBALLS = 0.25
#: Bytes buffered from a connection before reading from its socket pauses.
_HIGH_WATER = 256 * 1024


class _Protocol(asyncio.Protocol):
    """Receives a connection's bytes into a buffer; a reader waits on a future only when the
    buffer is empty. It knows, without a system call, whether the peer sent anything or closed
    while the connection was idle (httpcore asks that before reusing a connection)."""

    #: Set by connection_made(), asyncio's first callback: the TCP transport (with TLS too, the
    #: bytes buffered here are the raw ones, which `_TLSStream` decrypts).
    transport: asyncio.Transport

    def __init__(self) -> None:
        self.chunks: collections.deque[bytes] = collections.deque()
        self.buffered = 0
        self.eof = False
        self.error: BaseException | None = None
        self._waiting: dict[bool, asyncio.Future[None]] = {}  # keyed by `writing`, as in wait()
        self._write_paused = False
        self._read_paused = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        self.chunks.append(data)
        self.buffered += len(data)
        if self.buffered > _HIGH_WATER and not self._read_paused:
            self._read_paused = True
            self.transport.pause_reading()
        self._wake(writing=False)

    def eof_received(self) -> bool:
        self.eof = True
        self._wake(writing=False)
        return False  # the transport closes itself

    def connection_lost(self, exc: Exception | None) -> None:
        if exc is not None:
            self._salvage()
        self.eof = True
        self.error = exc
        self._wake(writing=False)
        self.resume_writing()

    def _salvage(self) -> None:
        """Keep what the peer sent before a failed write closed the connection.

        A server may answer (503, 413) before reading an upload and close; the next write
        fails, and asyncio then closes the socket without reading it. The answer, still in
        the socket, is read here (the socket is closed just after this callback) so that
        httpcore parses it after the write error, as with a blocking socket."""
        sock = self.transport.get_extra_info("socket")
        if sock is None:
            return
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
        self._wake(writing=True)

    def _wake(self, writing: bool) -> None:
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
        """Until bytes (or the end) arrive, or the transport can take writes again; at most
        `timeout` seconds (then httpcore's ReadTimeout or WriteTimeout)."""
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


def _expire(waiter: asyncio.Future[None], writing: bool) -> None:
    if not waiter.done():
        waiter.set_exception(httpcore.WriteTimeout() if writing else httpcore.ReadTimeout())


class _AsyncioStream(httpcore.AsyncNetworkStream):
    """A connection on an asyncio transport, for httpcore's async pool."""

    def __init__(self, transport: asyncio.Transport, protocol: _Protocol) -> None:
        self._asyncio_transport = transport
        self._protocol = protocol

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        bind(self)
        protocol = self._protocol
        if not protocol.chunks and not protocol.eof:
            await protocol.wait(timeout, writing=False)
        if protocol.chunks:
            return protocol.take(max_bytes)
        if protocol.error is not None:
            raise httpcore.ReadError(str(protocol.error) or type(protocol.error).__name__)
        return b""

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        if not buffer:
            return
        bind(self)
        protocol = self._protocol
        if self._asyncio_transport.is_closing():
            detail = protocol.error or "the connection is closed"
            raise httpcore.WriteError(str(detail))
        self._asyncio_transport.write(buffer)
        if protocol._write_paused:
            await protocol.wait(timeout, writing=True)
            if protocol.error is not None:
                raise httpcore.WriteError(str(protocol.error))

    def shutdown(self, how: int) -> None:
        """Close the connection at once, whatever `how`: what an aborted attempt does to the
        sockets bound to it (the pool then sees it closing, and does not hand it out again)."""
        self._asyncio_transport.abort()

    async def aclose(self) -> None:
        # With bytes still unsent (an upload cancelled, or timed out, while the server does not
        # read), close() would wait for them to drain: that connection would stay open for as
        # long as the server keeps it. Nothing more will be read from it: drop them.
        transport = self._asyncio_transport
        if transport.get_write_buffer_size():
            transport.abort()
        else:
            transport.close()

    async def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.AsyncNetworkStream:
        session = _tls.Session(ssl_context, server_hostname)
        stream = _TLSStream(self._asyncio_transport, self._protocol, session)
        async with _connecting(timeout, aborting=self._asyncio_transport):
            try:
                await stream.handshake()
            except BaseException:  # cancelled too: httpcore never sees this stream to close it
                self._asyncio_transport.abort()
                raise
        return stream

    def get_extra_info(self, info: str) -> Any:
        if info == "is_readable":
            # Anything the peer sent to an idle connection, or its close, is already here: the
            # event loop reads the socket whenever it is readable.
            protocol = self._protocol
            return bool(protocol.chunks) or protocol.eof or self._asyncio_transport.is_closing()
        key = _EXTRA.get(info)
        return None if key is None else self._asyncio_transport.get_extra_info(key)


class _TLSStream(_AsyncioStream):
    """A TLS connection: the raw bytes buffered by `_Protocol` go through a `_tls.Session`
    (not asyncio's TLS), so an answer salvaged after a failed write is still decrypted."""

    def __init__(
        self, transport: asyncio.Transport, protocol: _Protocol, session: _tls.Session
    ) -> None:
        super().__init__(transport, protocol)
        self._session = session

    async def handshake(self) -> None:
        """Shake hands (ssl.SSLError or OSError when that fails; unbounded: see start_tls)."""
        session, protocol = self._session, self._protocol
        while True:
            try:
                done = session.handshake()
            finally:
                self._send(session.outgoing())  # the next flight, or the alert of a failure
            if done:
                return
            if not protocol.chunks and not protocol.eof:
                await protocol.wait(None, writing=False)
            if protocol.chunks:
                session.feed(protocol.take(_HIGH_WATER))
            elif isinstance(protocol.error, OSError):
                raise protocol.error
            elif protocol.eof:
                session.feed(b"")

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        bind(self)
        session, protocol = self._session, self._protocol
        deadline = None
        while True:
            self._pull()
            try:
                data = session.decrypt(max_bytes)
            except ssl.SSLError as exc:
                raise httpcore.ReadError(str(exc)) from exc
            finally:
                self._send(session.outgoing())  # what post-handshake messages ask for
            if data is not None:
                return data
            if protocol.chunks:  # a record longer than what is held: feed it more
                session.feed(protocol.take(_HIGH_WATER))
            elif protocol.eof:
                if protocol.error is not None:
                    raise httpcore.ReadError(str(protocol.error) or type(protocol.error).__name__)
                session.feed(b"")
            else:
                loop = asyncio.get_running_loop()
                if timeout is not None and deadline is None:
                    deadline = loop.time() + timeout
                left = None if deadline is None else max(0.0, deadline - loop.time())
                await protocol.wait(left, writing=False)

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        if not buffer:
            return
        try:
            records = self._session.encrypt(buffer)
        except ssl.SSLError as exc:
            raise httpcore.WriteError(str(exc)) from exc
        await super().write(records, timeout)

    def get_extra_info(self, info: str) -> Any:
        if info == "is_readable":
            # Readable for application data or the end only: records that carry none (TLS 1.3
            # session tickets) arriving on an idle connection do not end it.
            self._pull()
            if self._protocol.eof or self._asyncio_transport.is_closing():
                return True
            readable = self._session.readable()
            self._send(self._session.outgoing())  # what post-handshake messages ask for
            return readable
        if info == "ssl_object":
            return self._session.sslobj
        return super().get_extra_info(info)

    def _pull(self) -> None:
        """Move the raw bytes buffered so far into the TLS session, as many as it wants."""
        protocol, session = self._protocol, self._session
        while protocol.chunks and session.wants():
            session.feed(protocol.take(_HIGH_WATER))

    def _send(self, data: bytes) -> None:
        if data and not self._asyncio_transport.is_closing():
            self._asyncio_transport.write(data)


#: httpcore's names for a stream's details, and asyncio's.
_EXTRA = {
    "ssl_object": "ssl_object",
    "client_addr": "sockname",
    "server_addr": "peername",
    "socket": "socket",
}


class AsyncioBackend(httpcore.AsyncNetworkBackend):
    """Connections on asyncio's own transports, buffered by `_Protocol` (see the module's
    docstring), for the async pool that goes to the API directly."""

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: SocketOptions = None,
    ) -> httpcore.AsyncNetworkStream:
        loop = asyncio.get_running_loop()
        async with _connecting(timeout):
            sock = await _connect(loop, host, port, local_address)
            try:
                transport, protocol = await loop.create_connection(_Protocol, sock=sock)
            except BaseException:
                sock.close()
                raise
        assert isinstance(transport, asyncio.Transport)
        for option in socket_options or ():
            sock.setsockopt(*option)
        return _AsyncioStream(transport, protocol)


@contextlib.asynccontextmanager
async def _connecting(
    timeout: float | None, aborting: asyncio.Transport | None = None
) -> AsyncIterator[None]:
    """At most `timeout` seconds, failures raised as httpcore's (and `aborting` aborted)."""
    try:
        async with asyncio.timeout(timeout):
            yield
    except OSError as exc:  # TimeoutError and ssl.SSLError included
        if aborting is not None:
            aborting.abort()
        if isinstance(exc, TimeoutError):
            raise httpcore.ConnectTimeout() from None
        raise httpcore.ConnectError(str(exc)) from exc


#: One resolved address: (family, type, proto, canonical name, socket address).
_AddrInfo = tuple[Any, Any, int, str, Any]


async def _connect(
    loop: asyncio.AbstractEventLoop, host: str, port: int, local_address: str | None
) -> socket.socket:
    """A socket connected to one of `host`'s addresses (RFC 8305, "happy eyeballs"): they are
    tried in turn, alternating families, the next one starting when the one before fails or
    has not connected within `_HAPPY_EYEBALLS` seconds.

    Every socket opened and not returned is closed, also when this is cancelled: asyncio's
    own happy eyeballs (`create_connection(happy_eyeballs_delay=...)`) drops, unclosed, a
    socket that connected just as the call was cancelled. An IP address is not resolved.
    """
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_NUMERICHOST)
    except socket.gaierror:
        infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    if not infos:
        raise OSError(f"no address found for {host}")
    if len(infos) == 1:
        return await _connect_one(loop, infos[0], local_address)
    errors: list[BaseException] = []
    started: list[asyncio.Task[socket.socket]] = []
    pending: set[asyncio.Task[socket.socket]] = set()
    winner = None
    try:
        addresses = iter(_interleaved(infos))
        while (info := next(addresses, None)) is not None or pending:
            if info is not None:
                started.append(loop.create_task(_connect_one(loop, info, local_address)))
                pending.add(started[-1])
            delay = None if info is None else _HAPPY_EYEBALLS
            done, pending = await asyncio.wait(
                pending, timeout=delay, return_when=asyncio.FIRST_COMPLETED
            )
            for task in done:
                error = task.exception()
                if error is None and winner is None:
                    winner = task
                elif error is not None:
                    errors.append(error)
            if winner is not None:
                return winner.result()
    finally:
        for task in started:
            if task is not winner:
                task.cancel()
                task.add_done_callback(_close_connected)
    if len({str(error) for error in errors}) == 1:
        raise errors[0]
    raise OSError("Multiple exceptions: " + ", ".join(str(error) for error in errors))


async def _connect_one(
    loop: asyncio.AbstractEventLoop, info: _AddrInfo, local_address: str | None
) -> socket.socket:
    """A socket connected to one address (closed if that fails or is cancelled)."""
    family, kind, proto, _, address = info
    sock = socket.socket(family, kind, proto)
    try:
        sock.setblocking(False)
        if local_address is not None:
            sock.bind((local_address, 0))
        await loop.sock_connect(sock, address)
    except BaseException:
        sock.close()
        raise
    return sock


def _close_connected(task: asyncio.Task[socket.socket]) -> None:
    """Close the socket of a connection attempt that lost the race (if it connected)."""
    if not task.cancelled() and task.exception() is None:
        task.result().close()


def _interleaved(infos: list[_AddrInfo]) -> list[_AddrInfo]:
    """The addresses alternating between families, the resolver's first family first."""
    families: dict[int, list[_AddrInfo]] = {}
    for info in infos:
        families.setdefault(info[0], []).append(info)
    rounds = itertools.zip_longest(*families.values())
    return [info for group in rounds for info in group if info is not None]
