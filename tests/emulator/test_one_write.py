"""A response's head and body leave in one send; nothing held waits past the loop step."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from cloudglue_emulator.server import HOLD_LIMIT_BYTES, OneWriteTransport

from .conftest import served


class FakeTransport(asyncio.Transport):
    """Records writes and what happened to the connection."""

    def __init__(self) -> None:
        super().__init__()
        self.events: list[Any] = []
        self.closing = False

    def write(self, data: Any) -> None:
        self.events.append(data)

    def is_closing(self) -> bool:
        return self.closing

    def close(self) -> None:
        self.closing = True
        self.events.append("close")

    def abort(self) -> None:
        self.closing = True
        self.events.append("abort")

    def write_eof(self) -> None:
        self.events.append("eof")

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return f"info:{name}"


def one_write() -> tuple[OneWriteTransport, FakeTransport]:
    raw = FakeTransport()
    return OneWriteTransport(raw, asyncio.get_running_loop()), raw


async def test_head_and_body_written_in_one_step_are_one_write() -> None:
    held, raw = one_write()
    held.write(b"HTTP/1.1 200 OK\r\n\r\n")
    held.write(bytearray(b"{}"))
    held.write(b"")  # h11's end of a content-length body
    assert raw.events == [b"HTTP/1.1 200 OK\r\n\r\n{}"]
    await asyncio.sleep(0)
    assert raw.events == [b"HTTP/1.1 200 OK\r\n\r\n{}"]


async def test_a_lone_write_leaves_at_the_end_of_the_loop_step() -> None:
    held, raw = one_write()
    held.write(b"head")
    assert raw.events == []
    await asyncio.sleep(0)
    assert raw.events == [b"head"]
    held.write(b"next")
    await asyncio.sleep(0)
    assert raw.events == [b"head", b"next"]


async def test_a_large_write_is_never_held_or_copied() -> None:
    held, raw = one_write()
    big = b"x" * (HOLD_LIMIT_BYTES + 1)
    held.write(b"head")
    held.write(big)
    assert raw.events == [b"head", big] and raw.events[1] is big
    held.write(big)
    assert raw.events[2] is big


async def test_close_and_eof_send_what_is_held_first_and_abort_drops_it() -> None:
    held, raw = one_write()
    held.write(b"a")
    held.write_eof()
    held.write(b"b")
    held.close()
    assert raw.events == [b"a", "eof", b"b", "close"]
    held, raw = one_write()
    held.write(b"a")
    held.abort()
    await asyncio.sleep(0)
    assert raw.events == ["abort"]


async def test_what_is_held_when_the_connection_goes_is_dropped() -> None:
    held, raw = one_write()
    held.write(b"a")
    raw.closing = True
    await asyncio.sleep(0)
    assert raw.events == []


async def test_everything_else_is_the_transports() -> None:
    held, _ = one_write()
    assert held.get_extra_info("peername") == "info:peername"
    assert held.is_closing() is False


def test_served_responses_arrive_whole() -> None:
    """Under uvicorn: keep-alive answers, HEAD, then `Connection: close` closes."""

    async def hello(request: Request) -> PlainTextResponse:
        return PlainTextResponse("hello " * 10)

    app = Starlette(routes=[Route("/", hello)])
    with served(app) as (host, port), httpx.Client(base_url=f"http://{host}:{port}") as client:
        for _ in range(3):
            r = client.get("/")
            assert r.status_code == 200 and r.text == "hello " * 10
        r = client.head("/")
        assert r.status_code == 200 and r.content == b""
        assert r.headers["content-length"] == "60"
        r = client.get("/", headers={"Connection": "close"})
        assert r.text == "hello " * 10 and r.headers["connection"] == "close"
