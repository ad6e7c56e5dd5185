"""What a server writes into an error reaches an exception's message escaped (`\\n`,
`\\x1b`): a message is logged and printed, where a line break would forge a log line and an
escape sequence would drive the terminal. Programs still get the text as sent."""

from __future__ import annotations

import httpx
import pytest

from cloudglue_client import APIStatusError, JobFailedError, WaitTimeoutError
from tests.support.fakeapi import JOB_ID, FakeAPI, frame_job, respond

from .conftest import Flavor

HOSTILE = "bad\n2026-01-01 cloudglue_client INFO forged\x1b[2J\u202e"
ESCAPED = "bad\\n2026-01-01 cloudglue_client INFO forged\\x1b[2J\\u202e"


def test_a_status_error_quotes_the_servers_error_escaped(flavor: Flavor, api: FakeAPI) -> None:
    api.script = [respond(400, {"error": HOSTILE})]
    with pytest.raises(APIStatusError) as info:
        flavor.call(lambda cg: cg.frames.get(JOB_ID))
    assert str(info.value).endswith(f": {ESCAPED}") and str(info.value).isprintable()
    assert info.value.message == HOSTILE
    assert info.value.body == {"error": HOSTILE}


def test_a_json_body_without_an_error_is_quoted_escaped(flavor: Flavor, api: FakeAPI) -> None:
    raw = b'{"detail":\n"x",\r\n"y": 1}'
    api.script = [respond(502, raw=raw, headers={"content-type": "application/json"})]
    with pytest.raises(APIStatusError) as info:
        flavor.call(lambda cg: cg.frames.get(JOB_ID), max_retries=0)
    assert str(info.value).endswith(': {"detail":\\n"x",\\r\\n"y": 1}')


def test_a_failed_jobs_reason_is_quoted_escaped(flavor: Flavor, api: FakeAPI) -> None:
    api.route = lambda request: httpx.Response(200, json=frame_job("failed", error=HOSTILE))
    with pytest.raises(JobFailedError) as info:
        flavor.call(lambda cg: cg.frames.wait(JOB_ID))
    assert str(info.value) == f"job {JOB_ID} failed: {ESCAPED}"
    assert info.value.reason == HOSTILE


def test_an_unknown_status_is_quoted_escaped(flavor: Flavor, api: FakeAPI) -> None:
    api.route = lambda request: httpx.Response(200, json=frame_job(HOSTILE))
    with pytest.raises(WaitTimeoutError) as info:
        flavor.call(lambda cg: cg.frames.wait(JOB_ID, timeout=5))
    assert str(info.value) == f"job {JOB_ID} still {ESCAPED} after 5s"
