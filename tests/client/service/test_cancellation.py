"""Async calls cancelled at any moment leave nothing open: no socket of a connection being
opened, no connection holding an unsent upload, no file or lock of a download.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import socket
import threading
import warnings
from collections.abc import Callable, Coroutine, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from cloudglue_client import APITimeoutError, AsyncCloudglue
from cloudglue_client import _constants as C
from tests.support.fakeapi import JOB_ID, frame_id, frame_job
from tests.support.polling import poll_until_async
from tests.support.rawserver import RawServer, hang

from .conftest import API_KEY


@contextlib.contextmanager
def no_resource_warnings() -> Iterator[None]:
    """Fail if anything inside leaves a socket, transport or file for the garbage collector to
    close (collected at the end; earlier tests' garbage is collected before)."""
    gc.collect()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ResourceWarning)
        yield
        gc.collect()
    leaks = [str(w.message) for w in caught if issubclass(w.category, ResourceWarning)]
    assert leaks == []


async def cancel_after(steps: int, call: Coroutine[Any, Any, Any]) -> None:
    """Start `call`, let the loop run `steps` times, cancel it and wait for it to end."""
    task = asyncio.ensure_future(call)
    for _ in range(steps):
        await asyncio.sleep(0)
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task


def job(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, json=frame_job("processing"))


def test_a_call_cancelled_while_its_connection_opens_leaves_no_socket_behind() -> None:
    # Cancelled at each step in turn: before, while and after its connection opens.
    async def sweep(url: str) -> None:
        for steps in range(30):
            cg = AsyncCloudglue(api_key=API_KEY, base_url=url)
            await cancel_after(steps, cg.frames.get(JOB_ID))
            await cg.close()

    with RawServer(job) as server, no_resource_warnings():
        asyncio.run(sweep(server.url))


@pytest.fixture
def two_addresses(monkeypatch: pytest.MonkeyPatch) -> Callable[[int, int], str]:
    """`resolve(first, second)`: a host name whose addresses are 127.0.0.1 on these two ports
    (in that order), so connecting to it races two addresses."""
    real = socket.getaddrinfo
    ports: list[int] = []

    def getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host != "two.test":
            return real(host, port, *args, **kwargs)
        if kwargs.get("flags", 0) & socket.AI_NUMERICHOST:
            raise socket.gaierror(socket.EAI_NONAME, "not a number")
        tcp = (socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "")
        return [(*tcp, ("127.0.0.1", p)) for p in ports]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)

    def resolve(first: int, second: int) -> str:
        ports[:] = [first, second]
        return "two.test"

    return resolve


def closed_port() -> int:
    """A loopback port nothing listens on (connecting to it is refused at once)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_cancelling_a_connect_that_races_two_addresses_leaves_no_socket_behind(
    two_addresses: Callable[[int, int], str],
) -> None:
    async def sweep(port: int) -> None:
        host = two_addresses(port, port)
        for steps in range(30):
            cg = AsyncCloudglue(api_key=API_KEY, base_url=f"http://{host}:{port}/v1")
            await cancel_after(steps, cg.frames.get(JOB_ID))
            await cg.close()

    with RawServer(job) as server, no_resource_warnings():
        asyncio.run(sweep(server.port))


def test_a_name_whose_first_address_refuses_is_reached_at_the_next(
    two_addresses: Callable[[int, int], str],
) -> None:
    async def get(url: str) -> Any:
        async with AsyncCloudglue(api_key=API_KEY, base_url=url, max_retries=0) as cg:
            return await cg.frames.get(JOB_ID)

    with RawServer(job) as server, no_resource_warnings():
        host = two_addresses(closed_port(), server.port)
        got = asyncio.run(get(f"http://{host}:{server.port}/v1"))
    assert str(got.frame_extraction_id) == JOB_ID


@pytest.fixture
def deaf_server() -> Iterator[str]:
    """The URL of a server that accepts connections and never reads from them."""
    listener = socket.create_server(("127.0.0.1", 0))
    held: list[socket.socket] = []

    def accept() -> None:
        with contextlib.suppress(OSError):
            while True:
                held.append(listener.accept()[0])

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}/v1"
    finally:
        listener.shutdown(socket.SHUT_RDWR)
        listener.close()
        thread.join(timeout=10)
        for conn in held:
            conn.close()


@pytest.mark.slow
def test_an_upload_ended_while_the_server_does_not_read_leaves_no_connection_open(
    deaf_server: str, tmp_path: Path
) -> None:
    # More than the socket buffers hold: the transport keeps unsent bytes when it ends.
    video = tmp_path / "big.mp4"
    with video.open("wb") as out:
        out.truncate(48 * 2**20)

    async def uploads() -> None:
        cancelled = AsyncCloudglue(api_key=API_KEY, base_url=deaf_server)
        with pytest.raises(TimeoutError):
            await asyncio.wait_for(cancelled.files.upload(video), 1.0)
        timed_out = AsyncCloudglue(api_key=API_KEY, base_url=deaf_server, timeout=1, max_retries=0)
        with pytest.raises(APITimeoutError):
            await timed_out.files.upload(video)
        await cancelled.close()
        await timed_out.close()

    with no_resource_warnings():
        asyncio.run(uploads())


JPEG = b"\xff\xd8\xff" + b"jpeg" * 500


def some_images_hang(request: httpx.Request) -> Any:
    """A completed job of 20 frames: images 0-4 answer, the others hang."""
    if request.url.path.startswith("/img/"):
        if int(request.url.path.rsplit("/", 1)[1].split(".")[0]) >= 5:
            return hang
        return httpx.Response(200, content=JPEG)
    origin = f"http://127.0.0.1:{request.url.port}"
    frames = [
        {"id": frame_id(i), "timestamp": float(i), "thumbnail_url": f"{origin}/img/{i}.jpg"}
        for i in range(20)
    ]
    data = {"object": "list", "frames": frames, "total": 20, "limit": 100, "offset": 0}
    return httpx.Response(200, json=frame_job(frame_count=20, data=data))


def test_a_download_cancelled_again_while_it_cleans_up_leaves_nothing_behind(
    tmp_path: Path,
) -> None:
    # asyncio.run, a TaskGroup or a server shutting down cancel again what they cancelled.
    async def twice(url: str) -> None:
        async with AsyncCloudglue(api_key=API_KEY, base_url=url) as cg:
            task = asyncio.ensure_future(cg.frames.download(JOB_ID, tmp_path, concurrency=8))
            await poll_until_async(lambda: len(list(tmp_path.glob("*.jpg"))) == 5)
            task.cancel()
            await asyncio.sleep(0)  # the download is cleaning up now
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task

    with RawServer(some_images_hang) as server, no_resource_warnings():
        asyncio.run(twice(server.url))
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(C.TEMP_PREFIX)) == []
    assert len(list(tmp_path.glob("*.jpg"))) == 5
    assert not (tmp_path / C.MANIFEST_NAME).exists()
