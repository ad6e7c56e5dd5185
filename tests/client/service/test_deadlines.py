"""Deadlines that hold as a whole, however slowly the server answers (or if it stops)."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from cloudglue_client import APITimeoutError, WaitTimeoutError
from cloudglue_client import _constants as C
from tests.support.fakeapi import FILE_ID, JOB_ID, frame_job
from tests.support.polling import poll_until
from tests.support.rawserver import RawServer, Writer, drip, hang

from .conftest import Flavor

#: Room for a loaded 2-core machine on top of each promised bound.
SLACK = 2.0
#: The promised slack of wait(timeout=T): it returns or raises within T + WAIT_SLACK.
WAIT_SLACK = 1.0

HEADERS_TRICKLE = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nx-slow: "
BODY_TRICKLE = (
    b'HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100000\r\n\r\n{"pad": "'
)


@pytest.mark.parametrize("prefix", [HEADERS_TRICKLE, BODY_TRICKLE], ids=["headers", "body"])
def test_a_trickling_server_cannot_stretch_a_call(flavor: Flavor, prefix: bytes) -> None:
    timeout, retries = 0.5, 1
    retried: list[object] = []
    with RawServer(lambda request: drip(prefix, interval=0.1)) as server:
        outcome = flavor.call(
            server.url,
            lambda cg: cg.frames.get(JOB_ID),
            timeout=timeout,
            max_retries=retries,
            on_retry=retried.append,
        )
    assert isinstance(outcome.error, APITimeoutError), outcome.error
    assert "as a whole" in str(outcome.error)
    # The promise: timeout x (max_retries + 1) plus the backoff (at most 0.5 s before retry 1).
    assert outcome.seconds < timeout * (retries + 1) + C.RETRY_INITIAL_DELAY + SLACK
    assert len(retried) == retries  # every attempt was made, and each was cut short


def processing_then(after: Writer) -> object:
    """A route: the first request answers `processing`, every later one gets `after`."""
    seen: list[int] = []

    def route(request: httpx.Request) -> httpx.Response | Writer:
        seen.append(1)
        if len(seen) == 1:
            return httpx.Response(200, json=frame_job("processing"))
        return after

    return route


def test_wait_holds_its_deadline_when_the_server_stops_answering(flavor: Flavor) -> None:
    # Default client timeout (60 s per read, 2 retries): each poll must be capped at the time
    # the wait has left, or this would take minutes.
    with RawServer(processing_then(hang)) as server:  # type: ignore[arg-type]
        outcome = flavor.call(server.url, lambda cg: cg.frames.wait(JOB_ID, timeout=1))
    assert isinstance(outcome.error, WaitTimeoutError), outcome.error
    assert outcome.error.job is not None  # the last state seen
    assert outcome.seconds < 1 + WAIT_SLACK + SLACK


def test_create_with_wait_holds_the_wait_deadline(flavor: Flavor) -> None:
    with RawServer(processing_then(hang)) as server:  # type: ignore[arg-type]
        outcome = flavor.call(
            server.url,
            lambda cg: cg.frames.create(FILE_ID, frames_per_second=1, wait=True, wait_timeout=1),
        )
    assert isinstance(outcome.error, WaitTimeoutError), outcome.error
    assert outcome.seconds < 1 + WAIT_SLACK + SLACK


def test_iterating_with_wait_holds_the_default_wait_deadline(
    flavor: Flavor, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(C, "DEFAULT_WAIT_TIMEOUT", 1.0)  # the deadline iter_*(wait=True) uses

    def first_page(cg: object) -> object:
        pages = cg.frames.iter_frames(JOB_ID, wait=True)  # type: ignore[attr-defined]
        return pages if flavor.name == "sync" else _first(pages)

    with RawServer(processing_then(hang)) as server:  # type: ignore[arg-type]
        outcome = flavor.call(server.url, first_page)
    assert isinstance(outcome.error, WaitTimeoutError), outcome.error
    assert outcome.seconds < 1 + WAIT_SLACK + SLACK


async def _first(pager: object) -> object:
    return await pager  # type: ignore[misc]


def test_an_upload_is_bounded_once_its_body_is_sent(flavor: Flavor, tmp_path: Path) -> None:
    video = tmp_path / "clip.mp4"
    video.write_bytes(b"\x00" * 300_000)
    answers = iter(
        [
            httpx.Response(
                200, json={"id": "f1", "uri": "cloudglue://files/f1", "status": "pending"}
            ),
            drip(HEADERS_TRICKLE, interval=0.1),
        ]
    )
    with RawServer(lambda request: next(answers)) as server:
        ok = flavor.call(server.url, lambda cg: cg.files.upload(video), timeout=0.5)
        slow = flavor.call(server.url, lambda cg: cg.files.upload(video), timeout=0.5)
        poll_until(lambda: len(server.requests) >= 2)
        sizes = [len(r.content) for r in server.requests]
    assert ok.error is None and ok.value.id == "f1"
    assert isinstance(slow.error, APITimeoutError), slow.error
    assert slow.seconds < 0.5 + SLACK
    assert len(sizes) == 2 and min(sizes) > 300_000  # each body arrived whole; none retried
