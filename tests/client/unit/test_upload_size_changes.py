"""A file given by path that grows or shrinks while it is uploaded, with no `on_progress`: the
same CloudglueError saying so as with a progress callback, not h11's "Too little data for
declared Content-Length" as an APIConnectionError (which reads as a network fault to retry).

The file is changed while the body is on the wire: a server with a small receive buffer reads
the first part of the body, lets the test change the file, then reads on.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from cloudglue_client import APIConnectionError, CloudglueError

from .conftest import Flavor

#: Bytes of body the server reads before the file is changed.
FIRST_PART = 256 * 1024


def _send_buffer_ceiling() -> int:
    """The most a TCP socket's send buffer grows to (Linux's tcp_wmem; 4 MiB elsewhere)."""
    try:
        return int(Path("/proc/sys/net/ipv4/tcp_wmem").read_text().split()[2])
    except (OSError, ValueError, IndexError):
        return 4 * 1024 * 1024


#: The file: more than the client's socket buffers can take while the server waits, so the
#: client is still reading it when it changes. Made sparse (no disk space, no writing).
SIZE = 2 * _send_buffer_ceiling() + FIRST_PART


@contextlib.contextmanager
def slow_reader(started: threading.Event, resume: threading.Event) -> Iterator[str]:
    """A server for one upload: reads FIRST_PART, sets `started`, waits for `resume`, then
    drains the rest and closes (the client fails before it needs an answer)."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 16 * 1024)  # inherited
    stop = threading.Event()

    def serve() -> None:
        with contextlib.suppress(OSError):
            conn, _ = listener.accept()
            with conn:
                conn.settimeout(10)
                received = 0
                while received < FIRST_PART and (chunk := conn.recv(65536)):
                    received += len(chunk)
                started.set()
                resume.wait(10)
                while not stop.is_set() and conn.recv(65536):
                    pass

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}/v1"
    finally:
        stop.set()
        resume.set()
        with contextlib.suppress(OSError):
            listener.shutdown(socket.SHUT_RDWR)
        listener.close()
        thread.join(timeout=15)


@pytest.mark.parametrize("change", ["grew", "shrank"])
def test_a_path_that_changes_size_while_sent_says_so_without_on_progress(
    flavor: Flavor, tmp_path: Path, change: str
) -> None:
    video = tmp_path / "clip.mp4"
    with video.open("wb") as f:
        f.truncate(SIZE)
    started, resume = threading.Event(), threading.Event()

    def meddle() -> None:
        if started.wait(30):
            with video.open("r+b") as f:
                f.truncate(SIZE * 2 if change == "grew" else FIRST_PART)
        resume.set()

    changer = threading.Thread(target=meddle, daemon=True)
    changer.start()
    with slow_reader(started, resume) as url, pytest.raises(CloudglueError) as caught:
        flavor.call(lambda cg: cg.files.upload(video), base_url=url, max_retries=2)
    changer.join(timeout=30)
    assert started.is_set()
    assert f"file: it {change} while it was being sent" in str(caught.value)
    assert not isinstance(caught.value, APIConnectionError)
