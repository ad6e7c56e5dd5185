"""Errors cross process boundaries: a ProcessPoolExecutor or multiprocessing worker pickles
what it raises and the parent unpickles it; so do `copy.copy` and `copy.deepcopy`."""

from __future__ import annotations

import copy
import pickle
from typing import Any

import httpx
import pytest

from cloudglue_client import (
    APIConnectionError,
    APIResponseValidationError,
    APITimeoutError,
    ClientClosedError,
    CloudglueError,
    JobFailedError,
    JobNotReadyError,
    NotFoundError,
    NoThumbnailsError,
    RateLimitError,
    WaitTimeoutError,
)
from tests.support.fakeapi import JOB_ID, FakeAPI, respond

from .conftest import Flavor

ERRORS: list[CloudglueError] = [
    APIConnectionError("connection refused", method="GET", url="https://api.example/v1/x"),
    APITimeoutError("read timed out", method="GET", url="https://api.example/v1/x"),
    APIResponseValidationError("missing field", operation="get_frame_extraction"),
    ClientClosedError(in_flight=True),
    JobFailedError(None, reason="bad clip"),
    WaitTimeoutError(None, timeout=3.0, job_id=JOB_ID),
    JobNotReadyError(None),
    NoThumbnailsError(None, "pass thumbnails=True"),
    CloudglueError("plain"),
]


def _same(error: CloudglueError, back: Any) -> None:
    assert type(back) is type(error)
    assert str(back) == str(error) and back.args == error.args
    assert vars(back).keys() == vars(error).keys()


@pytest.mark.parametrize("error", ERRORS, ids=lambda error: type(error).__name__)
@pytest.mark.parametrize("how", ["pickle", "copy", "deepcopy"])
def test_every_error_survives_pickling_and_copying(error: CloudglueError, how: str) -> None:
    back = {
        "pickle": lambda: pickle.loads(pickle.dumps(error)),
        "copy": lambda: copy.copy(error),
        "deepcopy": lambda: copy.deepcopy(error),
    }[how]()
    _same(error, back)


@pytest.mark.parametrize(("status", "kind"), [(404, NotFoundError), (429, RateLimitError)])
def test_a_status_error_from_a_call_survives_pickling_with_its_response(
    flavor: Flavor, api: FakeAPI, status: int, kind: type[CloudglueError]
) -> None:
    api.script = [respond(status, {"error": "nope"}, headers={"x-request-id": "req-1"})]
    with pytest.raises(kind) as info:
        flavor.call(lambda cg: cg.frames.get(JOB_ID), max_retries=0)
    back = pickle.loads(pickle.dumps(info.value))
    _same(info.value, back)
    assert (back.status_code, back.request_id, back.body) == (status, "req-1", {"error": "nope"})
    assert back.response.status_code == status
    assert isinstance(back.response.headers, httpx.Headers)
