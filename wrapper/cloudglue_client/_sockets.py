"""The sockets of a sync client we own: whole-attempt caps on every read, and a registry.

Installed as the network backend of the client's own httpx pools (`install`), it:
- caps the timeout of every connect, TLS handshake, read and write at the time the current
  attempt has left (`_deadlines.CURRENT`), so trickled headers or bodies cannot outlast it;
- remembers every socket it opened in this process, so `close()` can shut them down: a thread
  blocked reading a socket another thread merely closed stays blocked until its read timeout
  (that is how shutdown used to hang), while `shutdown()` wakes it at once;
- after a fork, lets the child close its inherited copies without touching the parent's
  connections (`abandon`: closing a file descriptor sends nothing; shutting down would).
"""

from __future__ import annotations

import contextlib
import socket
import threading
from typing import Any

import httpcore
import httpx

from ._deadlines import CURRENT


class SocketRegistry:
    """The open sockets of one client in one process; thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._sockets: set[socket.socket] = set()
        self._shut = False

    def add(self, sock: Any) -> None:
        """Track a new socket (shut at once if the client is already shut)."""
        if not isinstance(sock, socket.socket):
            return
        with self._lock:
            if not self._shut:
                self._sockets.add(sock)
                return
        _shutdown(sock)

    def discard(self, sock: Any) -> None:
        """Forget a socket closed normally."""
        with self._lock:
            self._sockets.discard(sock)

    def shutdown(self) -> None:
        """Wake every reader and writer: shut down all sockets (and any opened later)."""
        with self._lock:
            self._shut = True
            sockets, self._sockets = self._sockets, set()
        for sock in sockets:
            _shutdown(sock)

    def abandon(self) -> None:
        """In a forked child: close our copies of the parent's sockets, sending nothing."""
        with self._lock:
            sockets, self._sockets = self._sockets, set()
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.close()


def _shutdown(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):  # not connected any more
        sock.shutdown(socket.SHUT_RDWR)


def _cap(timeout: float | None, expired: type[Exception]) -> float | None:
    clock = CURRENT.get()
    left = None if clock is None else clock.remaining()
    if left is None:
        return timeout
    if left <= 0:
        raise expired(clock.expired_message() if clock else "timed out")
    return left if timeout is None else min(timeout, left)


class _Stream(httpcore.NetworkStream):
    """A network stream whose every operation is capped at the attempt's time left."""

    def __init__(self, stream: httpcore.NetworkStream, registry: SocketRegistry) -> None:
        self._stream = stream
        self._registry = registry
        registry.add(stream.get_extra_info("socket"))

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, _cap(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, _cap(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._registry.discard(self._stream.get_extra_info("socket"))
        self._stream.close()

    def start_tls(
        self,
        ssl_context: Any,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        raw = self._stream.get_extra_info("socket")
        tls = self._stream.start_tls(
            ssl_context, server_hostname, _cap(timeout, httpcore.ConnectTimeout)
        )
        self._registry.discard(raw)
        return _Stream(tls, self._registry)

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


class _Backend(httpcore.NetworkBackend):
    """Opens capped, registered streams through the pool's original backend."""

    def __init__(self, inner: httpcore.NetworkBackend, registry: SocketRegistry) -> None:
        self._inner = inner
        self._registry = registry

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Any = None,
    ) -> httpcore.NetworkStream:
        stream = self._inner.connect_tcp(
            host, port, _cap(timeout, httpcore.ConnectTimeout), local_address, socket_options
        )
        return _Stream(stream, self._registry)

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Any = None
    ) -> httpcore.NetworkStream:
        stream = self._inner.connect_unix_socket(
            path, _cap(timeout, httpcore.ConnectTimeout), socket_options
        )
        return _Stream(stream, self._registry)

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


def install(client: httpx.Client, registry: SocketRegistry) -> bool:
    """Put the capping backend under every pool of `client` (before any connection).

    Reaches into httpx's transports (`_transport`, `_mounts`, `_pool`): there is no public
    way to choose a network backend while keeping httpx's proxy and TLS setup. Returns False,
    changing nothing, if those internals are not what this version expects.
    """
    transports = [client._transport, *client._mounts.values()]
    pools = [getattr(t, "_pool", None) for t in transports if t is not None]
    if not pools or not all(hasattr(p, "_network_backend") for p in pools):
        return False
    for pool in pools:
        pool._network_backend = _Backend(pool._network_backend, registry)  # type: ignore[union-attr]
    return True
