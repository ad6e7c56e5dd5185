"""Retries (what, how long, how often) and the typed errors every failure becomes."""

from __future__ import annotations

import datetime as dt
import email.utils
from typing import Any

import httpx
import pytest

from cloudglue_client import (
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    UnsupportedMediaTypeError,
    uniform,
)
from cloudglue_client import _constants as C
from cloudglue_client._retry import RetryPolicy, parse_retry_after
from tests.support.fakeapi import FILE_ID, JOB_ID, FakeAPI, fail, frame_job, respond, segmentation

from .conftest import Flavor


@pytest.mark.parametrize(
    ("status", "kind"),
    [
        (400, BadRequestError),
        (401, AuthenticationError),
        (403, PermissionDeniedError),
        (404, NotFoundError),
        (415, UnsupportedMediaTypeError),
    ],
)
def test_status_errors_carry_status_message_and_request(
    flavor: Flavor, api: FakeAPI, status: int, kind: type[Exception]
) -> None:
    api.script = [respond(status, {"error": f"server says {status}"})]
    with pytest.raises(kind) as info:
        flavor.call(lambda cg: cg.frames.get(JOB_ID))
    err: Any = info.value
    assert err.status_code == status
    assert err.message == f"server says {status}"
    assert err.method == "GET"
    assert err.url == f"{api.url}/frames/{JOB_ID}"
    assert len(api.requests) == 1  # 4xx are not retried


def test_5xx_is_retried_then_raised(flavor: Flavor, api: FakeAPI, clock: Any) -> None:
    api.route = lambda request: httpx.Response(500, json={"error": "boom"})
    with pytest.raises(InternalServerError, match="boom"):
        flavor.call(lambda cg: cg.frames.get(JOB_ID), max_retries=3)
    assert len(api.requests) == 4
    assert len(clock.sleeps) == 3
    # exponential backoff with jitter: each delay within [base/2, base]
    for n, delay in enumerate(clock.sleeps):
        base = min(8.0, 0.5 * 2**n)
        assert base / 2 <= delay <= base


@pytest.mark.parametrize("status", [600, 999])
def test_a_status_beyond_5xx_is_no_server_error_and_not_retried(
    flavor: Flavor, api: FakeAPI, status: int
) -> None:
    """HTTP has no status above 599: such an answer is not the server failing."""
    api.route = lambda request: httpx.Response(status, json={"error": "odd"})
    with pytest.raises(APIStatusError) as info:
        flavor.call(lambda cg: cg.frames.get(JOB_ID), max_retries=3)
    assert not isinstance(info.value, InternalServerError)
    assert info.value.status_code == status and len(api.requests) == 1


def test_html_502_page_is_an_internal_server_error(flavor: Flavor, api: FakeAPI) -> None:
    page = b"<html><body><h1>502 Bad Gateway</h1></body></html>"
    api.route = lambda request: httpx.Response(
        502, content=page, headers={"content-type": "text/html"}
    )
    with pytest.raises(InternalServerError) as info:
        flavor.call(lambda cg: cg.frames.get(JOB_ID), max_retries=0)
    assert info.value.status_code == 502
    assert "text/html" in info.value.message


def test_retry_after_http_date_is_honoured(flavor: Flavor, api: FakeAPI, clock: Any) -> None:
    when = email.utils.format_datetime(
        dt.datetime.now(dt.UTC) + dt.timedelta(seconds=20), usegmt=True
    )
    api.script = [respond(429, {"error": "later"}, headers={"Retry-After": when})]
    assert flavor.call(lambda cg: cg.frames.get(JOB_ID)).status == "completed"
    assert len(clock.sleeps) == 1 and 15 <= clock.sleeps[0] <= 20


def test_retry_after_beyond_cap_gives_up_without_sleeping(
    flavor: Flavor, api: FakeAPI, clock: Any
) -> None:
    api.script = [respond(429, {"error": "quota"}, headers={"Retry-After": "3600"})]
    with pytest.raises(RateLimitError) as info:
        flavor.call(lambda cg: cg.frames.get(JOB_ID))
    assert info.value.retry_after == 3600
    assert clock.sleeps == []
    assert len(api.requests) == 1


@pytest.mark.parametrize("hostile", ["nan", "inf", "-inf", "1e400", "1_0", "+5", "\u0665"])
def test_a_retry_after_that_is_no_number_of_seconds_is_ignored(
    flavor: Flavor, api: FakeAPI, clock: Any, hostile: str
) -> None:
    """Not delta-seconds nor an HTTP date: the retry backs off as if there were no header."""
    api.script = [respond(503, {"error": "busy"}, headers={"Retry-After": hostile})]
    assert flavor.call(lambda cg: cg.frames.get(JOB_ID)).status == "completed"
    assert len(clock.sleeps) == 1 and 0 < clock.sleeps[0] <= C.RETRY_MAX_DELAY
    assert parse_retry_after(hostile) is None


def test_connection_errors_are_retried_then_typed(flavor: Flavor, api: FakeAPI) -> None:
    api.script = [fail(httpx.ConnectError), fail(httpx.ReadError)]
    assert flavor.call(lambda cg: cg.frames.get(JOB_ID)).status == "completed"
    api.script = [fail(httpx.ConnectError)] * 3
    with pytest.raises(APIConnectionError, match="ConnectError"):
        flavor.call(lambda cg: cg.frames.get(JOB_ID))


def test_timeouts_become_api_timeout_error(flavor: Flavor, api: FakeAPI) -> None:
    api.script = [fail(httpx.ReadTimeout)] * 3
    with pytest.raises(APITimeoutError):
        flavor.call(lambda cg: cg.frames.get(JOB_ID))
    assert len(api.requests) == 3


def test_non_idempotent_create_is_not_retried_after_it_may_have_run(
    flavor: Flavor, api: FakeAPI
) -> None:
    api.script = [respond(500, {"error": "maybe created"})]
    with pytest.raises(InternalServerError):
        flavor.call(lambda cg: cg.segmentations.create(FILE_ID, uniform(5)))
    assert len(api.requests) == 1
    api.script = [fail(httpx.ReadTimeout)]
    with pytest.raises(APITimeoutError):
        flavor.call(lambda cg: cg.segmentations.create(FILE_ID, uniform(5)))


def test_non_idempotent_create_is_retried_when_surely_not_processed(
    flavor: Flavor, api: FakeAPI
) -> None:
    api.script = [
        respond(429, {"error": "slow"}, headers={"Retry-After": "1"}),
        respond(503, {"error": "unavailable"}),
        fail(httpx.ConnectError),
        respond(200, segmentation("pending")),
    ]
    seg = flavor.call(lambda cg: cg.segmentations.create(FILE_ID, uniform(5)), max_retries=5)
    assert seg.status == "pending"
    assert len(api.requests) == 4


def test_frame_extraction_create_is_retried_because_the_service_dedupes(
    flavor: Flavor, api: FakeAPI
) -> None:
    api.script = [respond(500, {"error": "oops"}), respond(200, frame_job("pending"))]
    assert flavor.call(lambda cg: cg.frames.create(FILE_ID)).status == "pending"
    assert [r.method for r in api.requests] == ["POST", "POST"]


def test_with_options_changes_retries_per_call(flavor: Flavor, api: FakeAPI) -> None:
    api.route = lambda request: httpx.Response(503, json={"error": "busy"})
    with pytest.raises(InternalServerError):
        flavor.call(lambda cg: cg.with_options(max_retries=0).frames.get(JOB_ID))
    assert len(api.requests) == 1


@pytest.mark.parametrize(
    "body",
    [
        b'{"frame_extraction_id": "3c90c3cc-0d44-4b50',  # truncated JSON
        b"",  # empty body
        b'{"status": "completed"}',  # required fields missing
        b'{"frame_extraction_id": "not-a-uuid", "status": "completed", "created_at": 1, '
        b'"file_id": "3c90c3cc-0d44-4b50-8888-8dd25736052a", "frame_extraction_config": {}}',
        b'{"error": "I am an error with a 200"}',
        b"[1, 2, 3]",
        b'{"frame_extraction_id": "3c90c3cc-0d44-4b50-8888-8dd25736052a", "status": 7, '
        b'"created_at": 1, "file_id": "3c90c3cc-0d44-4b50-8888-8dd25736052a", '
        b'"frame_extraction_config": {"strategy": "uniform"}}',
        b'{"frame_extraction_id": "3c90c3cc-0d44-4b50-8888-8dd25736052a", "status": "completed", '
        b'"created_at": "yesterday", "file_id": "3c90c3cc-0d44-4b50-8888-8dd25736052a", '
        b'"frame_extraction_config": {"strategy": "uniform"}}',
        b'{"frame_extraction_id": "3c90c3cc-0d44-4b50-8888-8dd25736052a", "status": "completed", '
        b'"created_at": 1, "file_id": "3c90c3cc-0d44-4b50-8888-8dd25736052a", '
        b'"frame_extraction_config": {"strategy": "uniform"}, "data": {"object": "list", '
        b'"total": 1, "limit": 1, "offset": 0, "frames": [{"id": '
        b'"3c90c3cc-0d44-4b50-8888-8dd25736052a", "timestamp": null}]}}',
        # A number too large for a float: json.loads reads it as infinity.
        b'{"frame_extraction_id": "3c90c3cc-0d44-4b50-8888-8dd25736052a", "status": "completed", '
        b'"created_at": 1, "file_id": "3c90c3cc-0d44-4b50-8888-8dd25736052a", '
        b'"frame_extraction_config": {"strategy": "uniform"}, "data": {"object": "list", '
        b'"total": 1, "limit": 1, "offset": 0, "frames": [{"id": '
        b'"3c90c3cc-0d44-4b50-8888-8dd25736052a", "timestamp": 1e999}]}}',
    ],
)
def test_malformed_2xx_bodies_become_validation_errors(
    flavor: Flavor, api: FakeAPI, body: bytes
) -> None:
    api.route = lambda request: httpx.Response(
        200, content=body, headers={"content-type": "application/json"}
    )
    with pytest.raises(APIResponseValidationError, match="get_frame_extraction"):
        flavor.call(lambda cg: cg.frames.get(JOB_ID))


def test_undocumented_success_status_is_a_validation_error(flavor: Flavor, api: FakeAPI) -> None:
    api.route = lambda request: httpx.Response(204)
    with pytest.raises(APIResponseValidationError, match="204"):
        flavor.call(lambda cg: cg.frames.get(JOB_ID))


def test_retry_policy_pure_decisions() -> None:
    policy = RetryPolicy(max_retries=2)
    err = RateLimitError("x", status_code=429, method="GET", url="u", retry_after=2.0)
    assert policy.delay_for(err, 0, idempotent=False, sent=True) == 2.0
    assert policy.delay_for(err, 2, idempotent=True, sent=True) is None  # out of retries
    bad = BadRequestError("x", status_code=400, method="GET", url="u")
    assert policy.delay_for(bad, 0, idempotent=True, sent=True) is None


def test_parse_retry_after_forms() -> None:
    now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    assert parse_retry_after("7") == 7.0
    assert parse_retry_after("1.5") == 1.5
    assert parse_retry_after("-3") == 0.0
    assert parse_retry_after("Thu, 01 Jan 2026 00:00:30 GMT", now=now) == 30.0
    assert parse_retry_after("garbage") is None
    assert parse_retry_after(None) is None
