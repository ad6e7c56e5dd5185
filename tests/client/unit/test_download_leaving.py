"""A download left early by an exception ends its page prefetches at once, even while someone
keeps that exception (a Future, an error report) and with it the download's frames."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from cloudglue_client import _constants as C
from tests.support.fakeapi import FakeAPI
from tests.support.polling import poll_until

from .conftest import Flavor
from .test_download import Images, download


class Stop(Exception):
    """The caller's on_progress gives up."""


def page_threads() -> list[str]:
    return [t.name for t in threading.enumerate() if t.name.startswith("cloudglue-page-")]


def test_a_kept_exception_of_on_progress_holds_no_prefetch_threads(
    api: FakeAPI, tmp_path: Path
) -> None:
    Images(api, total=4 * C.DEFAULT_PAGE_SIZE)
    stop_at = C.DEFAULT_PAGE_SIZE + 10  # past the first page: later pages are being prefetched

    prefetching: list[str] = []

    def on_progress(done: int, total: int, written: int) -> None:
        if done == stop_at:
            prefetching.extend(page_threads())
            raise Stop

    with pytest.raises(Stop) as kept:
        download(Flavor("sync", api), tmp_path, on_progress=on_progress, concurrency=1)
    assert prefetching, "no page was being prefetched when the run was left"
    assert kept.value.__traceback__ is not None  # the run's frames stay referenced
    poll_until(lambda: not page_threads(), what="the prefetch threads to end")
