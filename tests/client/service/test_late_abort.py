"""An answer about another id than asked drops the connection it came on, and only that one.

The asked id is looked for in the raw body while the connection is still the attempt's: missing,
the reader aborts the attempt, and the pool opens a new connection for the next request. Present
(the id shows up in another field), the mixed-up answer is caught only at parse, after the
connection went back to the pool, where another thread's (or task's) request may already be on
it: the attempt let go of its sockets as its response ended, so that request is not cut off (a
create cut off this way would be sent again), and the error does not claim the connection was
dropped."""

from __future__ import annotations

import asyncio
import threading
import uuid
from typing import Any

import httpx
import pytest

from cloudglue_client import APIResponseValidationError, AsyncCloudglue, Cloudglue
from tests.support.fakeapi import JOB_ID, frame_job
from tests.support.rawserver import RawServer

from .conftest import API_KEY

#: Generous bound for each hand-over between the two requests (a loaded 2-core machine).
BOUND = 10.0

#: Whether the asked id appears elsewhere in the mixed-up answer (as its file_id), and so how
#: many connections the two requests use: A's is dropped at once only if the id is missing.
CASES = pytest.mark.parametrize(("echoed", "connections"), [(False, 2), (True, 1)])


def _server(other: str, echoed: bool, b_arrived: threading.Event, a_parsed: threading.Event) -> Any:
    """A server answering A (asking for `other`) about JOB_ID, and B once A was parsed."""

    def route(request: httpx.Request) -> httpx.Response:
        if other in request.url.path:
            return httpx.Response(200, json=frame_job(**({"file_id": other} if echoed else {})))
        b_arrived.set()  # B's request: answered once A's answer was parsed
        a_parsed.wait(BOUND)
        return httpx.Response(200, json=frame_job())

    return RawServer(route)


def _check(error: pytest.ExceptionInfo[Exception], echoed: bool) -> None:
    """The error says the connection was dropped exactly when it was."""
    assert ("not used again" in str(error.value)) is not echoed, str(error.value)


@CASES
def test_a_mixed_up_answer_leaves_another_threads_request_alone(
    monkeypatch: pytest.MonkeyPatch, echoed: bool, connections: int
) -> None:
    from cloudglue_client import _runner, _wire

    other = str(uuid.uuid4())  # asked for; the server answers about JOB_ID instead
    b_arrived, a_parsed = threading.Event(), threading.Event()
    outcome: dict[str, BaseException | None] = {}
    parse = _runner.Call.parse

    def request_b(cg: Cloudglue, stripe: int) -> None:
        _wire._home.stripe = stripe  # A's pool: a thread beyond the stripes' count shares it
        try:
            cg.frames.get(JOB_ID)
            outcome["b"] = None
        except Exception as exc:
            outcome["b"] = exc

    def parse_once_b_is_sent(self: Any, exchange: Any, received: Any) -> Any:
        if threading.current_thread().name == "B":
            return parse(self, exchange, received)
        b = threading.Thread(target=request_b, args=(cg, _wire._home.stripe), name="B")
        b.start()
        assert b_arrived.wait(BOUND), "B's request never reached the server"
        try:
            return parse(self, exchange, received)
        finally:
            a_parsed.set()
            b.join(BOUND)

    monkeypatch.setattr(_runner.Call, "parse", parse_once_b_is_sent)
    with _server(other, echoed, b_arrived, a_parsed) as server:
        cg = Cloudglue(api_key=API_KEY, base_url=server.url, max_retries=0)
        with pytest.raises(APIResponseValidationError, match=r"not the .* asked for") as error:
            cg.frames.get(other)
        cg.close()
        assert "b" in outcome, "B did not finish"
        assert outcome["b"] is None, repr(outcome["b"])
        assert server.connections == connections  # B on A's connection only if it was kept
    _check(error, echoed)


@CASES
async def test_a_mixed_up_answer_leaves_another_tasks_request_alone(
    monkeypatch: pytest.MonkeyPatch, echoed: bool, connections: int
) -> None:
    from cloudglue_client import _runner

    other = str(uuid.uuid4())
    b_arrived, a_parsed = threading.Event(), threading.Event()
    parse, drive = _runner.Call.parse, _runner.AsyncRunner.drive
    tasks: list[asyncio.Task[Any]] = []

    async def drive_then_send_b(self: Any, steps: Any) -> Any:
        received = await drive(self, steps)
        if not tasks:  # A's answer is read, its connection released: B is sent before parse
            tasks.append(asyncio.create_task(cg.frames.get(JOB_ID)))
            assert await asyncio.to_thread(b_arrived.wait, BOUND), "B never reached the server"
        return received

    def parse_then_answer_b(self: Any, exchange: Any, received: Any) -> Any:
        try:
            return parse(self, exchange, received)
        finally:
            a_parsed.set()

    monkeypatch.setattr(_runner.AsyncRunner, "drive", drive_then_send_b)
    monkeypatch.setattr(_runner.Call, "parse", parse_then_answer_b)
    with _server(other, echoed, b_arrived, a_parsed) as server:
        async with AsyncCloudglue(api_key=API_KEY, base_url=server.url, max_retries=0) as cg:
            with pytest.raises(APIResponseValidationError, match=r"not the .* asked for") as error:
                await cg.frames.get(other)
            (b,) = await asyncio.wait_for(asyncio.gather(*tasks, return_exceptions=True), BOUND)
        assert not isinstance(b, BaseException), repr(b)
        assert server.connections == connections
    _check(error, echoed)
