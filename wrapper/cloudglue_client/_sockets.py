"""The sync network backend of our own connection pools.

Every socket operation is capped at the time the current attempt has left and binds its socket
to the attempt (for `Attempt.abort()`). A `Registry` holds the pools' sockets: `shutdown()` wakes
threads blocked on them, `abandon()` lets a forked child drop them unsent. Our pools get no `uds`
and no `retries`, so httpcore calls no backend method but `connect_tcp`.
"""

from __future__ import annotations

import contextlib
import socket
from collections.abc import Iterable
from typing import Any

import httpcore

from . import _forksafe
from ._attempt import CURRENT, InUse

SocketOptions = Iterable[Any] | None


class Registry(InUse):
    """The open sockets of one process's sync pools; thread-safe, fork-safe."""

    def __init__(self) -> None:
        super().__init__(_forksafe.Lock())

    def abandon(self) -> None:
        """In a forked child: close our copies of the parent's sockets, sending nothing."""
        for sock in self.take():
            with contextlib.suppress(OSError):
                sock.close()


def _cap(timeout: float | None, expired: type[Exception], sock: object = None) -> float | None:
    """`timeout` capped at the current attempt's time left (binding `sock` to the attempt)."""
    attempt = CURRENT.get()
    if attempt is None:
        return timeout
    if sock is not None:
        attempt.bind(sock)
    left = attempt.remaining()
    if attempt.aborted or (left is not None and left <= 0):
        raise expired(attempt.expired_message())
    if left is None:
        return timeout
    return left if timeout is None else min(timeout, left)


class _Stream(httpcore.NetworkStream):
    """httpcore's stream, every operation capped at the attempt's time left."""

    def __init__(self, stream: httpcore.NetworkStream, registry: Registry) -> None:
        self._stream = stream
        self._registry = registry
        self._socket = stream.get_extra_info("socket")
        registry.add(self._socket)

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, _cap(timeout, httpcore.ReadTimeout, self._socket))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, _cap(timeout, httpcore.WriteTimeout, self._socket))

    def close(self) -> None:
        self._registry.discard(self._socket)
        self._stream.close()

    def start_tls(
        self,
        ssl_context: Any,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        # ssl's wrap_socket detaches our socket object before it shakes hands, so shutting
        # that object down no longer reaches the connection: a duplicate of its descriptor
        # does, so close() and abort() wake a handshake the server never answers.
        with socket.fromfd(self._socket.fileno(), self._socket.family, self._socket.type) as handle:
            self._registry.add(handle)
            try:
                capped = _cap(timeout, httpcore.ConnectTimeout, handle)
                tls = self._stream.start_tls(ssl_context, server_hostname, capped)
            except BaseException:
                self.close()  # httpcore drops a stream whose TLS failed without closing it
                raise
            finally:
                self._registry.discard(handle)
        self._registry.discard(self._socket)
        return _Stream(tls, self._registry)

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


class SyncBackend(httpcore.NetworkBackend):
    """httpcore's sync backend, with capped, registered, attempt-bound streams."""

    def __init__(self, registry: Registry) -> None:
        self._inner = httpcore.SyncBackend()
        self._registry = registry

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: SocketOptions = None,
    ) -> httpcore.NetworkStream:
        capped = _cap(timeout, httpcore.ConnectTimeout)
        stream = self._inner.connect_tcp(host, port, capped, local_address, socket_options)
        return _Stream(stream, self._registry)
