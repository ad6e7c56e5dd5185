"""Hostile bodies: size-limited reads (decompression counted), redirects, odd transports."""

from __future__ import annotations

import gzip
import json
import tracemalloc
import zlib
from collections.abc import Iterator

import httpx
import pytest

from cloudglue_client import (
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    Cloudglue,
    CloudglueError,
)
from cloudglue_client import _constants as C
from tests.support.fakeapi import JOB_ID, frame_job
from tests.support.rawserver import RawServer, Writer, streamed

from .conftest import API_KEY, Flavor

LIMIT = C.DEFAULT_MAX_RESPONSE_BYTES
#: The promise: a hostile body costs at most about twice the limit, whatever it expands to.
MEMORY_BOUND = 2 * LIMIT + 4 * 1024 * 1024


def gzip_bomb(gib: int = 10) -> bytes:
    """A gzip body of about 10 MB per 10 GiB of zeros (identical fully flushed blocks)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    zeros = bytes(1 << 20)
    first = packer.compress(zeros) + packer.flush(zlib.Z_FULL_FLUSH)
    block = packer.compress(zeros) + packer.flush(zlib.Z_FULL_FLUSH)
    return first + block * (gib * 1024 - 1)  # no trailer: nobody should get that far


def head(headers: dict[str, str], status: str = "200 OK") -> bytes:
    lines = [f"HTTP/1.1 {status}", *(f"{k}: {v}" for k, v in headers.items())]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def pieces(data: bytes, size: int = 65536) -> Iterator[bytes]:
    view = memoryview(data)
    for i in range(0, len(view), size):
        yield bytes(view[i : i + size])


def peak_during(flavor: Flavor, url: str) -> tuple[BaseException | None, int]:
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        before = tracemalloc.get_traced_memory()[0]
        outcome = flavor.call(url, lambda cg: cg.frames.get(JOB_ID), max_retries=0)
        return outcome.error, tracemalloc.get_traced_memory()[1] - before
    finally:
        tracemalloc.stop()


def test_gzip_bomb_is_a_typed_error_with_bounded_memory(flavor: Flavor) -> None:
    bomb = gzip_bomb()
    headers = {"content-type": "application/json", "content-encoding": "gzip"}
    headers["content-length"] = str(len(bomb))
    route = lambda request: streamed(head(headers), pieces(bomb))  # noqa: E731
    with RawServer(route) as server:
        error, peak = peak_during(flavor, server.url)
    assert isinstance(error, APIResponseValidationError), error
    assert f"limit of {LIMIT} bytes" in str(error)
    assert peak < MEMORY_BOUND, f"peak {peak / 2**20:.1f} MiB"


def test_a_body_declared_too_large_is_refused_unread(flavor: Flavor) -> None:
    size = 57 * 1024 * 1024  # a valid 57 MB JSON document, produced lazily
    opening = json.dumps(frame_job())[:-1].encode() + b', "pad": "'
    filler = size - len(opening) - 2

    def body() -> Iterator[bytes]:
        yield opening
        for _ in range(filler // 65536):
            yield b"a" * 65536
        yield b"a" * (filler % 65536) + b'"}'

    headers = {"content-type": "application/json", "content-length": str(size)}
    with RawServer(lambda request: streamed(head(headers), body())) as server:
        error, peak = peak_during(flavor, server.url)
    assert isinstance(error, APIResponseValidationError), error
    assert f"declares {size} bytes" in str(error)
    assert peak < MEMORY_BOUND


def test_the_limit_is_configurable_and_counts_undeclared_bodies(flavor: Flavor) -> None:
    body = json.dumps(frame_job(pad="x" * 10_000)).encode()
    headers = {"content-type": "application/json", "connection": "close"}  # no length: until EOF
    with RawServer(lambda request: streamed(head(headers), iter([body]))) as server:
        small = flavor.call(server.url, lambda cg: cg.frames.get(JOB_ID), max_response_bytes=4096)
        default = flavor.call(server.url, lambda cg: cg.frames.get(JOB_ID))
    assert isinstance(small.error, APIResponseValidationError)
    assert "limit of 4096 bytes" in str(small.error)
    assert default.error is None and str(default.value.frame_extraction_id) == JOB_ID


def test_gzip_bodies_are_decoded_and_corrupt_ones_are_typed(flavor: Flavor) -> None:
    good = gzip.compress(json.dumps(frame_job()).encode())
    answers = iter([good, good[:-12] + b"\x00" * 12])

    def route(request: httpx.Request) -> Writer:
        body = next(answers)
        headers = {"content-type": "application/json", "content-encoding": "gzip"}
        return streamed(head({**headers, "content-length": str(len(body))}), iter([body]))

    with RawServer(route) as server:
        ok = flavor.call(server.url, lambda cg: cg.frames.get(JOB_ID), max_retries=0)
        bad = flavor.call(server.url, lambda cg: cg.frames.get(JOB_ID), max_retries=0)
    assert ok.error is None and str(ok.value.frame_extraction_id) == JOB_ID
    assert isinstance(bad.error, APIResponseValidationError), bad.error


def test_a_redirect_loop_is_one_request_and_a_clear_status_error(flavor: Flavor) -> None:
    def route(request: httpx.Request) -> httpx.Response:
        return httpx.Response(302, headers={"location": str(request.url)})

    with RawServer(route) as server:
        http = flavor.http(follow_redirects=True)  # the user's client says "follow"
        outcome = flavor.call(server.url, lambda cg: cg.frames.get(JOB_ID), http_client=http)
        requests = len(server.requests)
    assert isinstance(outcome.error, APIStatusError), outcome.error
    assert outcome.error.status_code == 302
    assert "not followed" in str(outcome.error)
    assert requests == 1  # neither followed nor retried


@pytest.mark.parametrize("boom", [RuntimeError("Event loop is closed"), MemoryError()])
def test_anything_a_transport_raises_becomes_a_cloudglue_error(boom: BaseException) -> None:
    calls: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        raise boom

    http = httpx.Client(transport=httpx.MockTransport(handler))
    cg = Cloudglue(api_key=API_KEY, base_url="http://api.test/v1", http_client=http)
    with cg, pytest.raises(CloudglueError) as info:
        cg.frames.get(JOB_ID)
    assert isinstance(info.value, APIConnectionError)
    assert type(boom).__name__ in str(info.value)
    assert len(calls) == 1  # an unexpected failure is not retried


def _read(body: bytes, encoding: str, limit: int = 1 << 20) -> bytes:
    from cloudglue_client._bodies import BodyReader

    reader = BodyReader([(b"content-encoding", encoding.encode())], limit=limit, operation="op")
    for piece in pieces(body, 7):  # odd-sized chunks, as a network might cut them
        reader.feed(piece)
    return reader.finish()


@pytest.mark.parametrize(
    ("encoding", "packed"),
    [
        ("gzip", lambda d: gzip.compress(d[:900]) + gzip.compress(d[900:])),  # two members
        ("deflate", zlib.compress),  # zlib-wrapped, as the RFC says
        ("deflate", lambda d: zlib.compress(d, wbits=-15)),  # raw, as servers often send
        ("identity", lambda d: d),
    ],
)
def test_the_reader_decodes_what_it_advertises(encoding: str, packed: object) -> None:
    data = json.dumps(frame_job(pad="y" * 3000)).encode()
    assert _read(packed(data), encoding) == data  # type: ignore[operator]


def test_the_reader_refuses_encodings_it_did_not_ask_for() -> None:
    with pytest.raises(APIResponseValidationError, match="unsupported content-encoding 'br'"):
        _read(b"...", "br")


@pytest.mark.parametrize("length", [b"\xb2", b"1_0", b"+5", b" 7"])
def test_the_reader_ignores_a_content_length_that_is_not_ascii_digits(length: bytes) -> None:
    """h11 refuses such lengths on the wire; the reader does not rely on it (latin-1 `²` is
    what str.isdigit takes and int() refuses)."""
    from cloudglue_client._bodies import BodyReader

    reader = BodyReader([(b"content-length", length)], limit=4, operation="op")
    reader.feed(b"{}")
    assert reader.finish() == b"{}"


def test_a_body_of_tiny_chunks_costs_about_its_size_in_memory() -> None:
    """A hostile server may send its body one byte per chunk: what the reader keeps grows
    with the bytes, not with the number of chunks."""
    import tracemalloc

    from cloudglue_client._bodies import BodyReader

    size = 200_000
    reader = BodyReader([], limit=size, operation="op")
    chunk = b"x"
    tracemalloc.start()
    try:
        for _ in range(size):
            reader.feed(chunk)
        kept = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert reader.size == size
    assert kept < 3 * size, f"{kept} bytes traced for a {size}-byte body"
    assert reader.finish() == chunk * size
