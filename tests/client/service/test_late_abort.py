"""An answer about another id than asked drops the connection it came on (`Call.parse` aborts
the attempt). The abort comes at parse, after the connection went back to the pool, where
another thread's request may already be on it: that request is cut off, and a create cut off
this way is sent again (the server saw it twice). Known defect, left open: the identity check has
to run before the connection is released, and an attempt has to let go of its sockets there."""

from __future__ import annotations

import threading
import uuid
from typing import Any

import httpx
import pytest

from cloudglue_client import APIResponseValidationError, Cloudglue
from tests.support.fakeapi import JOB_ID, frame_job
from tests.support.rawserver import RawServer

from .conftest import API_KEY

#: Generous bound for each hand-over between the two threads (a loaded 2-core machine).
BOUND = 10.0


@pytest.mark.xfail(strict=True, reason="a mixed-up answer's abort comes after its release")
def test_a_mixed_up_answer_leaves_another_threads_request_on_its_connection_alone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from cloudglue_client import _runner, _wire

    other = str(uuid.uuid4())  # asked for; the server answers about JOB_ID instead
    b_arrived, a_parsed = threading.Event(), threading.Event()
    outcome: dict[str, BaseException | None] = {}
    parse = _runner.Call.parse

    def route(request: httpx.Request) -> httpx.Response:
        if other not in request.url.path:  # B's request, on A's connection: answered after A
            b_arrived.set()
            a_parsed.wait(BOUND)
        return httpx.Response(200, json=frame_job())

    def request_b(cg: Cloudglue, stripe: int) -> None:
        _wire._home.stripe = stripe  # A's pool: a thread beyond the stripes' count shares it
        try:
            cg.frames.get(JOB_ID)
            outcome["b"] = None
        except Exception as exc:
            outcome["b"] = exc

    def parse_once_b_is_on_the_connection(self: Any, exchange: Any, received: Any) -> Any:
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

    monkeypatch.setattr(_runner.Call, "parse", parse_once_b_is_on_the_connection)
    with RawServer(route) as server:
        cg = Cloudglue(api_key=API_KEY, base_url=server.url, max_retries=0)
        with pytest.raises(APIResponseValidationError, match=r"not the .* asked for"):
            cg.frames.get(other)
        cg.close()
        assert server.connections == 1  # B was on A's connection
    assert "b" in outcome, "B did not finish"
    assert outcome["b"] is None, repr(outcome["b"])
