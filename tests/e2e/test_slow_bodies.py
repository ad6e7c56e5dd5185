"""Against the real emulator, over raw sockets: a body that stops or trickles ends in a 408
after `--body-timeout-seconds`, its partial upload is removed, and other requests are served
meanwhile."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from cloudglue_emulator.errors import fmt
from cloudglue_emulator.settings import BODY_TIMEOUT_BOUNDS, FaultSettings
from cloudglue_emulator.testing import RunningEmulator, running
from tests.support.polling import poll_until

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

BOUND_SECONDS = 3 * BODY_TIMEOUT_BOUNDS[0]
"""Three times the quickest bound the server accepts: the tests must see an upload's partial file
before the deadline removes it, and at the floor a loaded 2-core machine sometimes did not."""
ANSWER_WAIT_SECONDS = 60.0
"""How long the client waits for the 408 (generous: 2 shared cores)."""
BOUNDARY = "cg-slow-body"
TRICKLE_INTERVAL_SECONDS = 0.1


@pytest.fixture(scope="module")
def emu(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningEmulator]:
    data_dir = tmp_path_factory.mktemp("slow-bodies") / "data"
    with running(data_dir=data_dir, extra_args=["--body-timeout-seconds", fmt(BOUND_SECONDS)]) as e:
        yield e


def partial_files(emu: RunningEmulator) -> list[Path]:
    return sorted((emu.data_dir / "tmp").glob("*.part"))


def upload_head(emu: RunningEmulator, file_bytes: int) -> tuple[bytes, bytes]:
    """The request head and the body's start of an upload announcing `file_bytes`."""
    opening = (
        f"--{BOUNDARY}\r\n"
        'Content-Disposition: form-data; name="file"; filename="slow.mp4"\r\n'
        "Content-Type: video/mp4\r\n\r\n"
    ).encode()
    closing = f"\r\n--{BOUNDARY}--\r\n".encode()
    head = (
        f"POST /v1/files HTTP/1.1\r\nHost: 127.0.0.1:{emu.port}\r\n"
        f"Authorization: Bearer {emu.api_key}\r\n"
        f"Content-Type: multipart/form-data; boundary={BOUNDARY}\r\n"
        f"Content-Length: {len(opening) + file_bytes + len(closing)}\r\n\r\n"
    ).encode()
    return head, opening


def answer(sock: socket.socket) -> bytes:
    """Everything the server sends until it closes the connection."""
    sock.settimeout(ANSWER_WAIT_SECONDS)
    received = b""
    while chunk := sock.recv(65536):
        received += chunk
    return received


def others_are_served(emu: RunningEmulator) -> None:
    r = httpx.get(f"{emu.base_url}/files", headers=emu.headers, timeout=30.0)
    assert r.status_code == 200 and r.json()["total"] == 0, r.text


def check_408(received: bytes) -> None:
    head, _, body = received.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 408 "), received[:200]
    assert b"connection: close" in head.lower()
    assert b"--body-timeout-seconds" in body and b"nothing was stored" in body


def test_an_upload_that_stops_mid_body_is_a_408_and_leaves_no_file(
    emu: RunningEmulator,
) -> None:
    head, opening = upload_head(emu, 1 << 20)
    with socket.create_connection(("127.0.0.1", emu.port)) as sock:
        sock.sendall(head + opening + b"\0" * 4096)  # then nothing more
        poll_until(lambda: partial_files(emu), what="the upload's temporary file")
        others_are_served(emu)
        check_408(answer(sock))
    poll_until(lambda: not partial_files(emu), what="the temporary file to go")
    others_are_served(emu)  # nothing was stored


def test_an_upload_that_trickles_is_cut_off_by_the_whole_body_deadline(
    emu: RunningEmulator,
) -> None:
    head, opening = upload_head(emu, 1 << 20)
    stop = threading.Event()
    with socket.create_connection(("127.0.0.1", emu.port)) as sock:
        sock.sendall(head + opening + b"\0" * 4096)  # the partial file starts at once

        def trickle() -> None:  # a byte at a time: never idle long, never done
            while not stop.wait(TRICKLE_INTERVAL_SECONDS):
                try:
                    sock.sendall(b"\0")
                except OSError:  # the server closed the connection
                    return

        sender = threading.Thread(target=trickle, daemon=True)
        sender.start()
        try:
            poll_until(lambda: partial_files(emu), what="the upload's temporary file")
            check_408(answer(sock))
        finally:
            stop.set()
            sender.join(ANSWER_WAIT_SECONDS)
    poll_until(lambda: not partial_files(emu), what="the temporary file to go")
    others_are_served(emu)


def test_a_json_body_that_stops_is_a_408(emu: RunningEmulator) -> None:
    head = (
        f"PUT /_emulator/faults HTTP/1.1\r\nHost: 127.0.0.1:{emu.port}\r\n"
        f"Authorization: Bearer {emu.api_key}\r\nContent-Type: application/json\r\n"
        "Content-Length: 100\r\n\r\n"
    ).encode()
    with socket.create_connection(("127.0.0.1", emu.port)) as sock:
        sock.sendall(head + b'{"latency_ms": ')
        check_408(answer(sock))
    assert emu.set_faults()["latency_ms"] == FaultSettings().latency_ms  # nothing changed
