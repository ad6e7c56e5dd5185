"""Waiting: backoff, progress callback, failed, deadline, not_applicable, unknown statuses."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from cloudglue_client import (
    InternalServerError,
    JobFailedError,
    JobStatus,
    NotFoundError,
    WaitTimeoutError,
    shot_detector,
)
from tests.support.fakeapi import FILE_ID, JOB_ID, SEG_ID, FakeAPI, frame_job, respond, segmentation

from .conftest import Flavor


def test_pending_processing_completed_calls_on_update_per_change(
    flavor: Flavor, api: FakeAPI, clock: Any
) -> None:
    api.script = [
        respond(200, frame_job("pending")),
        respond(200, frame_job("pending")),
        respond(200, frame_job("processing")),
        respond(200, frame_job("processing")),
        respond(200, frame_job("completed")),
    ]
    seen: list[str] = []
    job = flavor.call(lambda cg: cg.frames.wait(JOB_ID, on_update=lambda j: seen.append(j.status)))
    assert job.status == "completed"
    assert seen == ["pending", "processing", "completed"]
    assert clock.sleeps == sorted(clock.sleeps)  # backoff never shrinks
    assert clock.sleeps[0] == pytest.approx(0.5) and clock.sleeps[-1] > clock.sleeps[0]


def test_deadline_raises_with_the_last_job(flavor: Flavor, api: FakeAPI, clock: Any) -> None:
    api.route = lambda request: httpx.Response(200, json=frame_job("processing"))
    with pytest.raises(WaitTimeoutError) as info:
        flavor.call(lambda cg: cg.frames.wait(JOB_ID, timeout=30))
    assert info.value.job.status == "processing"
    assert info.value.timeout == 30
    assert sum(clock.sleeps) == pytest.approx(30)  # slept exactly up to the deadline
    assert isinstance(info.value, TimeoutError)


def test_a_wait_no_poll_answered_names_what_it_waited_for(flavor: Flavor, api: FakeAPI) -> None:
    api.route = lambda request: httpx.Response(503, json={"error": "busy"})
    for action, waited in (
        (lambda cg: cg.frames.wait(JOB_ID, timeout=5, max_retries=20), JOB_ID),
        (lambda cg: cg.files.wait(FILE_ID, timeout=5, max_retries=20), FILE_ID),
    ):
        with pytest.raises(WaitTimeoutError) as info:
            flavor.call(action)
        assert info.value.job is None
        assert str(info.value) == f"job {waited}: no poll answered within 5s"


def test_failed_raises_job_failed_with_reason(flavor: Flavor, api: FakeAPI) -> None:
    api.route = lambda request: httpx.Response(200, json=frame_job("failed", error="bad codec"))
    with pytest.raises(JobFailedError, match="bad codec") as info:
        flavor.call(lambda cg: cg.frames.wait(JOB_ID))
    assert info.value.job.status == "failed"


def test_not_applicable_is_returned_not_raised(flavor: Flavor, api: FakeAPI) -> None:
    api.route = lambda request: httpx.Response(200, json=segmentation("not_applicable"))
    seg = flavor.call(lambda cg: cg.segmentations.wait(SEG_ID))
    assert JobStatus.of(seg.status) is JobStatus.NOT_APPLICABLE


def test_unknown_status_keeps_waiting_until_deadline(flavor: Flavor, api: FakeAPI) -> None:
    api.route = lambda request: httpx.Response(200, json=frame_job("archived"))
    with pytest.raises(WaitTimeoutError) as info:
        flavor.call(lambda cg: cg.frames.wait(JOB_ID, timeout=5))
    status = JobStatus.of(info.value.job.status)
    assert status == "archived" and status.is_unknown and not status.is_terminal


def test_create_with_wait_polls_until_done(flavor: Flavor, api: FakeAPI) -> None:
    api.script = [
        respond(200, segmentation("pending")),
        respond(200, segmentation("processing")),
        respond(200, segmentation("completed")),
    ]
    seg = flavor.call(lambda cg: cg.segmentations.create(FILE_ID, shot_detector(), wait=True))
    assert seg.status == "completed"
    assert [r.method for r in api.requests] == ["POST", "GET", "GET"]


def test_create_of_a_cached_completed_job_does_not_poll(flavor: Flavor, api: FakeAPI) -> None:
    api.script = [respond(200, frame_job("completed"))]
    job = flavor.call(lambda cg: cg.frames.create(FILE_ID, wait=True))
    assert job.status == "completed"
    assert len(api.requests) == 1


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"timeout": 0}, "timeout"),
        ({"timeout": float("inf")}, "timeout"),
        ({"poll_interval": -1}, "poll_interval"),
        ({"on_update": 5}, "on_update"),
    ],
)
def test_bad_wait_settings_fail_before_any_request(
    flavor: Flavor, api: FakeAPI, kwargs: dict[str, Any], message: str
) -> None:
    with pytest.raises((ValueError, TypeError), match=message):
        flavor.call(lambda cg: cg.frames.wait(JOB_ID, **kwargs))
    assert api.requests == []


def test_job_status_enum() -> None:
    assert JobStatus.COMPLETED == "completed"
    assert JobStatus("not_applicable").is_terminal
    assert JobStatus.COMPLETED.is_success and not JobStatus.FAILED.is_success
    assert not JobStatus.PROCESSING.is_terminal
    assert JobStatus.of("paused").is_unknown


def test_job_status_has_exactly_the_statuses_the_spec_names() -> None:
    """JobStatus is a public enum written out for type checkers; the spec's status enums are
    the source of its values, so a status added to (or dropped from) openapi.yaml fails here
    after `make generate` rather than parsing as unknown."""
    from cloudglue_openapi.models import FileStatus, FrameExtractionStatus, SegmentationStatus

    spec = {
        m.value for enum in (FileStatus, FrameExtractionStatus, SegmentationStatus) for m in enum
    }
    assert {m.value for m in JobStatus} == spec


def test_a_wait_rides_out_failed_polls_once_it_has_seen_its_job(
    flavor: Flavor, api: FakeAPI, clock: Any
) -> None:
    """An outage after the job was seen: each poll fails (its own retries too), and the wait
    polls again on its backoff until the job is done."""
    api.script = [respond(200, frame_job("pending"))]
    api.script += [respond(503, {"error": "down"}), respond(500, {"error": "down"})] * 3
    api.script += [respond(200, frame_job("completed"))]
    seen: list[str] = []
    job = flavor.call(
        lambda cg: cg.frames.wait(
            JOB_ID, max_retries=0, heartbeat=None, on_update=lambda j: seen.append(j.status)
        )
    )
    assert job.status == "completed" and seen == ["pending", "completed"]
    assert len(api.requests) == 8 and clock.sleeps == sorted(clock.sleeps)


def test_a_wait_whose_first_poll_fails_raises_that_failure(flavor: Flavor, api: FakeAPI) -> None:
    """Never having seen the job (a wrong base URL, an outage from the start), it says so."""
    api.script = [respond(500, {"error": "down"})]
    with pytest.raises(InternalServerError):
        flavor.call(lambda cg: cg.frames.wait(JOB_ID, max_retries=0))
    assert len(api.requests) == 1


def test_an_outage_until_the_deadline_is_a_timeout_caused_by_the_last_failure(
    flavor: Flavor, api: FakeAPI, clock: Any
) -> None:
    api.script = [respond(200, frame_job("processing"))]
    api.route = lambda request: httpx.Response(502, json={"error": "bad gateway"})
    with pytest.raises(WaitTimeoutError) as info:
        flavor.call(lambda cg: cg.frames.wait(JOB_ID, timeout=30, max_retries=0))
    assert info.value.job.status == "processing"
    assert isinstance(info.value.__cause__, InternalServerError)
    assert info.value.__cause__.status_code == 502
    assert sum(clock.sleeps) == pytest.approx(30)


def test_a_wait_still_raises_what_is_not_transient_at_once(flavor: Flavor, api: FakeAPI) -> None:
    api.script = [respond(200, frame_job("pending")), respond(404, {"error": "gone"})]
    with pytest.raises(NotFoundError):
        flavor.call(lambda cg: cg.frames.wait(JOB_ID, max_retries=0))
    assert len(api.requests) == 2
