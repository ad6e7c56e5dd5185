"""Connection-layer hazards found by a bug hunt: each test is one way a real service broke us."""

from __future__ import annotations

import asyncio
import faulthandler
import json
import os
import socket
import sys
import threading
import time
import traceback
import zlib
from collections.abc import Callable, Iterator

import httpx
import pytest

from cloudglue_client import (
    APIConnectionError,
    APIResponseValidationError,
    AsyncCloudglue,
    ClientClosedError,
    Cloudglue,
)
from tests.support.fakeapi import JOB_ID, frame_job
from tests.support.polling import poll_until, poll_until_async
from tests.support.rawserver import RawServer, hang

from .conftest import API_KEY, Flavor, timed
from .test_transport import both_ways

#: close() promises to end calls in flight at once; room for a loaded 2-core machine.
CLOSE_BOUND = 3.0
#: A timeout the call would run into if close() did not wake it.
LONG_TIMEOUT = 30.0
#: Threads each running event loops one after another, and loops per thread.
THREADS = 4
RUNS_PER_THREAD = 100
#: Handshakes failed in a row against a server that does not speak TLS.
FAILED_HANDSHAKES = 5
#: How long a close() racing the first request is given to finish on its own.
CLOSER_GRACE = 0.5
#: Seconds a forked child is given before it counts as stuck.
CHILD_BOUND = 20.0


class SilentTLSPeer:
    """Accepts connections and reads what the client sends (its ClientHello), never answering."""

    def __init__(self) -> None:
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"https://127.0.0.1:{self._listener.getsockname()[1]}/v1"
        self.received = 0
        self._conns: list[socket.socket] = []
        self._thread = threading.Thread(target=self._accept, daemon=True)

    def __enter__(self) -> SilentTLSPeer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._listener.close()
        for conn in self._conns:
            conn.close()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self._listener.accept()
            except OSError:
                return
            self._conns.append(conn)
            threading.Thread(target=self._read, args=(conn,), daemon=True).start()

    def _read(self, conn: socket.socket) -> None:
        with_data = True
        while with_data:
            try:
                data = conn.recv(65536)
            except OSError:
                return
            self.received += len(data)
            with_data = bool(data)


@pytest.fixture
def silent_tls() -> Iterator[SilentTLSPeer]:
    with SilentTLSPeer() as peer:
        yield peer


def test_close_wakes_a_sync_call_blocked_in_the_tls_handshake(silent_tls: SilentTLSPeer) -> None:
    cg = Cloudglue(api_key=API_KEY, base_url=silent_tls.url, timeout=LONG_TIMEOUT, max_retries=0)
    outcome: list[object] = []
    worker = threading.Thread(target=lambda: outcome.append(timed(lambda: cg.frames.get(JOB_ID))))
    worker.start()
    poll_until(lambda: silent_tls.received > 0, what="the ClientHello")
    started = time.monotonic()
    cg.close()
    worker.join(timeout=LONG_TIMEOUT + 5)
    ended = time.monotonic() - started
    assert ended < CLOSE_BOUND, f"the call ended {ended:.1f}s after close()"
    error = outcome[0].error  # type: ignore[attr-defined]
    assert isinstance(error, ClientClosedError) and error.in_flight, repr(error)


def test_close_wakes_an_async_call_blocked_in_the_tls_handshake(silent_tls: SilentTLSPeer) -> None:
    async def scenario() -> tuple[BaseException | None, float]:
        cg = AsyncCloudglue(
            api_key=API_KEY, base_url=silent_tls.url, timeout=LONG_TIMEOUT, max_retries=0
        )
        call = asyncio.ensure_future(cg.frames.get(JOB_ID))
        await poll_until_async(lambda: silent_tls.received > 0, what="the ClientHello")
        started = time.monotonic()
        await cg.close()
        done, _ = await asyncio.wait({call}, timeout=LONG_TIMEOUT + 5)
        return (call.exception() if done else None), time.monotonic() - started

    error, ended = asyncio.run(scenario())
    assert ended < CLOSE_BOUND, f"the call ended {ended:.1f}s after close()"
    assert isinstance(error, ClientClosedError) and error.in_flight, repr(error)


@pytest.mark.parametrize("wbits", [-15, 15, 31], ids=["raw-deflate", "zlib-deflate", "gzip"])
def test_a_body_ending_in_a_long_repeat_decodes_whole(wbits: int) -> None:
    """A decompression step stops at its output bound; zlib may then hold the rest of a long
    back-reference with all the input consumed (raw deflate has no trailer left to feed), and
    that output must still come out. JSON may end in a run of whitespace, so this is a valid
    body; the sizes straddle the bound of one step."""
    from cloudglue_client._bodies import _PIECE, BodyReader

    encoding = b"gzip" if wbits == 31 else b"deflate"
    failed = []
    for size in range(_PIECE - 64, _PIECE + 512):
        body = b"{}" + b" " * size
        packer = zlib.compressobj(9, zlib.DEFLATED, wbits)
        packed = packer.compress(body) + packer.flush()
        reader = BodyReader([(b"content-encoding", encoding)], limit=1 << 22, operation="op")
        reader.feed(packed)
        try:
            if reader.finish() != body:
                failed.append(size)
        except Exception:
            failed.append(size)
    assert failed == []


@pytest.fixture
def eager_thread_switches() -> Iterator[None]:
    """Threads switch as often as the interpreter allows, so races show in few runs."""
    before = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(before)


@pytest.mark.usefixtures("eager_thread_switches")
def test_one_async_client_on_event_loops_in_several_threads_at_once() -> None:
    """A service running asyncio.run() per request in worker threads, sharing one client: each
    new loop sets up its pools while other threads' loops add, drop and use theirs."""
    failures: list[BaseException] = []

    def worker(cg: AsyncCloudglue) -> None:
        for _ in range(RUNS_PER_THREAD):
            try:
                asyncio.run(cg.frames.get(JOB_ID))
            except Exception as exc:
                failures.append(exc)

    with RawServer(lambda request: httpx.Response(200, json=frame_job())) as server:
        cg = AsyncCloudglue(api_key=API_KEY, base_url=server.url, max_retries=0)
        threads = [threading.Thread(target=worker, args=(cg,)) for _ in range(THREADS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert failures == []


@pytest.mark.parametrize("field", ["frame_extraction_id", "file_id"])
def test_a_server_echoing_the_key_into_a_bad_field_leaves_it_out_of_the_traceback(
    flavor: Flavor, field: str
) -> None:
    """The parser's own error quotes the bad value; the message is redacted, and the key must
    not come back through the exception's chain when it is logged with its traceback."""
    body = frame_job(**{field: API_KEY})
    with RawServer(lambda request: httpx.Response(200, json=body)) as server:
        outcome = flavor.call(server.url, lambda cg: cg.frames.get(JOB_ID), max_retries=0)
    assert isinstance(outcome.error, APIResponseValidationError), repr(outcome.error)
    shown = "".join(traceback.format_exception(outcome.error))
    assert "[redacted]" in shown
    assert API_KEY not in shown


def test_failed_tls_handshakes_leave_nothing_in_the_sync_pools_registry() -> None:
    """A server that does not speak TLS fails every handshake at once; a service retrying
    against it for days must not keep one socket per failure until the client closes."""
    with socket.create_server(("127.0.0.1", 0)) as listener:

        def answer_in_plain_text() -> None:
            while True:
                try:
                    conn, _ = listener.accept()
                except OSError:
                    return
                with conn:
                    conn.recv(65536)
                    conn.sendall(b"HTTP/1.1 400 Bad Request\r\n\r\n")

        threading.Thread(target=answer_in_plain_text, daemon=True).start()
        url = f"https://127.0.0.1:{listener.getsockname()[1]}/v1"
        with Cloudglue(api_key=API_KEY, base_url=url, max_retries=0) as cg:
            for _ in range(FAILED_HANDSHAKES):
                with pytest.raises(APIConnectionError):
                    cg.frames.get(JOB_ID)
            registry = cg._transport._registry
            assert registry is not None and len(registry._open) == 0


def test_close_during_a_sync_clients_first_request_still_ends_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """close() from another thread lands while the first request sets up the client's pools
    (after it checked the client was open): that request must still end at once."""
    from cloudglue_client import _sockets

    holder: list[Cloudglue] = []

    class ClosedMeanwhile(_sockets.Registry):
        def __init__(self) -> None:
            super().__init__()
            closer = threading.Thread(target=holder[0].close, daemon=True)
            closer.start()
            # Let the close run to its end, unless it waits for the pools being made here.
            closer.join(timeout=CLOSER_GRACE)

    monkeypatch.setattr(_sockets, "Registry", ClosedMeanwhile)
    with RawServer(lambda request: hang) as server:
        cg = Cloudglue(api_key=API_KEY, base_url=server.url, timeout=LONG_TIMEOUT, max_retries=0)
        holder.append(cg)
        outcome = timed(lambda: cg.frames.get(JOB_ID))
    assert cg.closed
    assert outcome.seconds < CLOSE_BOUND, f"the call ended after {outcome.seconds:.1f}s"
    assert isinstance(outcome.error, ClientClosedError), repr(outcome.error)


@pytest.mark.parametrize("name", ["Accept", "accept"])
def test_a_default_accept_header_replaces_the_wires_own_as_through_httpx(
    flavor: Flavor, name: str
) -> None:
    """httpx sends `Accept: */*` unless the request sets its own; our own pools too, not both."""
    (ours, ours_seen), (theirs, theirs_seen) = both_ways(
        flavor,
        lambda request: httpx.Response(200, json=frame_job()),
        lambda cg: cg.frames.get(JOB_ID),
        default_headers={name: "application/json"},
    )
    assert ours.error is None and theirs.error is None
    (sent,), (expected,) = ours_seen, theirs_seen
    assert sent.headers.get_list("accept") == ["application/json"]
    assert sent.headers.raw == expected.headers.raw


@pytest.mark.parametrize(
    ("encoding", "wbits"),
    [("deflate", zlib.MAX_WBITS), ("deflate", -zlib.MAX_WBITS), ("gzip", 16 + zlib.MAX_WBITS)],
    ids=["zlib-deflate", "raw-deflate", "gzip"],
)
def test_a_compressed_body_arriving_a_byte_at_a_time_decodes(encoding: str, wbits: int) -> None:
    """A trickling server (or the network) may hand over the body one byte at a time: which
    deflate it is (zlib-wrapped or raw) is told from its first two bytes, not the first read."""
    from cloudglue_client._bodies import BodyReader

    body = json.dumps(frame_job()).encode()
    packer = zlib.compressobj(6, zlib.DEFLATED, wbits)
    packed = packer.compress(body) + packer.flush()
    reader = BodyReader([(b"content-encoding", encoding.encode())], limit=1 << 20, operation="op")
    for at in range(len(packed)):
        reader.feed(packed[at : at + 1])
    assert reader.finish() == body


def test_a_one_byte_deflate_body_is_corrupt_not_empty() -> None:
    from cloudglue_client._bodies import BodyReader

    reader = BodyReader([(b"content-encoding", b"deflate")], limit=1 << 20, operation="op")
    reader.feed(b"x")
    with pytest.raises(APIResponseValidationError, match="ended early"):
        reader.finish()


def _in_a_child(action: Callable[[], object]) -> int:
    """Fork; in the child run `action` (its exit code: 0 done, 1 raised, 2 stuck), in the
    parent wait for it."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child's outcome is its exit code
        code = 1
        try:
            faulthandler.dump_traceback_later(CHILD_BOUND, exit=True)  # exit code 1 too
            action()
            code = 0
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


# Forking beside a live thread is this test's point; Python 3.12+ warns about it.
@pytest.mark.filterwarnings("ignore:This process .* is multi-threaded:DeprecationWarning")
@pytest.mark.parametrize("held", ["stats", "registry", "lifecycle"])
def test_a_child_forked_while_another_thread_held_a_client_lock_can_use_the_client(
    held: str,
) -> None:
    """Threads take the client's locks for a moment on every request (counting it, tracking a
    new socket, closing). A fork at such a moment copies the lock held, with no thread left in
    the child to release it: the child's first use of that lock must not wait forever."""
    with RawServer(lambda request: httpx.Response(200, json=frame_job())) as server:
        cg = Cloudglue(api_key=API_KEY, base_url=server.url, max_retries=0)
        cg.frames.get(JOB_ID)  # the pools and their registry exist
        transport = cg._transport
        lock = {
            "stats": cg.stats._lock,
            "registry": transport._registry._lock,
            "lifecycle": cg._runtime.lifecycle._pokes._lock,
        }[held]
        with lock:  # as another thread would, at the moment of the fork
            code = _in_a_child(lambda: (cg.frames.get(JOB_ID), cg.close()))
        cg.close()
    assert code == 0, "the child got stuck (or failed) on a lock held at the fork"
