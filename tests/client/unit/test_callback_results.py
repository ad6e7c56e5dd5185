"""A plain callback that returns a coroutine (`lambda job: notify(job)` with an async
`notify`): the client never awaits what a callback returns, so the coroutine would never run.
It is a TypeError naming the argument, and the coroutine is closed, not left to warn."""

from __future__ import annotations

import asyncio
import gc
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.support.fakeapi import FILE_ID, JOB_ID, FakeAPI, frame_job, respond

from .conftest import Flavor
from .test_download import Images

ran: list[object] = []


async def notify(*args: object) -> None:
    ran.append(args)


def returns_coroutine(*args: object) -> object:
    return notify(*args)


def call(flavor: Flavor, action: Callable[[Any], Any], **client: Any) -> TypeError:
    ran.clear()
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always", RuntimeWarning)
        with pytest.raises(TypeError) as info:
            flavor.call(action, **client)
        error = info.value
        del info  # its traceback holds the coroutine; collected unclosed, it would warn
        gc.collect()
    assert ran == []
    assert not [w for w in seen if "never awaited" in str(w.message)]
    return error


def message(name: str) -> str:
    return f"{name}: returned an awaitable coroutine, which the client never awaits"


def test_on_retry(flavor: Flavor, api: FakeAPI) -> None:
    api.script = [respond(503, {"error": "busy"}, headers={"Retry-After": "0"})]
    error = call(flavor, lambda cg: cg.frames.get(JOB_ID), on_retry=returns_coroutine)
    assert message("on_retry") in str(error)
    assert len(api.requests) == 1  # no retry after it


def test_on_update(flavor: Flavor, api: FakeAPI) -> None:
    error = call(flavor, lambda cg: cg.frames.wait(JOB_ID, on_update=returns_coroutine))
    assert message("on_update") in str(error)


def test_on_update_of_a_create_answered_completed(flavor: Flavor, api: FakeAPI) -> None:
    """A job that is complete when created is shown to `on_update` once, without a poll: that
    call is checked too."""
    api.script = [respond(200, frame_job("completed"))]
    create = lambda cg: cg.frames.create(FILE_ID, wait=True, on_update=returns_coroutine)  # noqa: E731
    error = call(flavor, create)
    assert message("on_update") in str(error)
    assert len(api.requests) == 1


def test_an_upload_on_progress(flavor: Flavor, api: FakeAPI) -> None:
    error = call(flavor, lambda cg: cg.files.upload(__file__, on_progress=returns_coroutine))
    assert message("on_progress") in str(error)


def test_a_download_on_progress(flavor: Flavor, api: FakeAPI, tmp_path: Path) -> None:
    Images(api, total=3)
    error = call(
        flavor, lambda cg: cg.frames.download(JOB_ID, tmp_path, on_progress=returns_coroutine)
    )
    assert message("on_progress") in str(error)


def test_a_task_scheduled_by_the_callback_is_its_own_and_runs(api: FakeAPI) -> None:
    """Returning a future (`loop.create_task(...)`) is how async work is scheduled from a
    plain callback: it runs whether or not the client looks at it."""
    ran.clear()

    async def main() -> None:
        async with Flavor("async", api).client() as cg:
            await cg.frames.wait(JOB_ID, on_update=lambda job: asyncio.ensure_future(notify(job)))
        await asyncio.sleep(0)  # let the scheduled task run

    asyncio.run(main())
    assert len(ran) == 1
