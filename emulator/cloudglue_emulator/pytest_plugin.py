"""Pytest fixtures for testing your own service against a local Cloudglue emulator.

Installed with `cloudglue-client[emulator]` and registered through the `pytest11` entry
point; nothing starts unless a test asks for a fixture:

    def test_my_service(cloudglue, cloudglue_sample_video):   # a client and a known video
        f = cloudglue.files.upload(cloudglue_sample_video, wait=True)
        ...

    def test_retries(cloudglue_emulator):      # the running server itself
        cloudglue_emulator.set_faults(fail_rate=0.3)

One emulator serves the whole session, but every test starts from the faults the session was
configured with: whatever a test sets with `set_faults` is undone before the next test that
uses `cloudglue`, `async_cloudglue` or `cloudglue_emulator` (and after it).

Override `cloudglue_emulator_options` (a dict of `running()` arguments, e.g. latency_ms,
fail_rate, job_delay_seconds) in a conftest.py to start it with faults.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import TYPE_CHECKING, Any

import pytest

from ._extra import missing_extra_message
from .testing import RunningEmulator, running

if TYPE_CHECKING:
    from cloudglue_client import AsyncCloudglue

    from .media import SampleTruth

SAMPLE_SECONDS = 8.0


def _require_extra(what: str) -> None:
    """Fail the test (no traceback) with the install hint if the extra is missing."""
    problem = missing_extra_message(what)
    if problem is not None:
        pytest.fail(problem, pytrace=False)


@pytest.fixture(scope="session")
def cloudglue_emulator_options() -> dict[str, Any]:
    """Keyword arguments for `running()`; override to add faults or a fixed data dir."""
    return {}


@pytest.fixture(scope="session")
def cloudglue_emulator_session(
    cloudglue_emulator_options: dict[str, Any], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RunningEmulator]:
    """The session's emulator subprocess, for session-scoped fixtures (faults are not reset)."""
    _require_extra("the cloudglue_emulator pytest fixture")
    options = dict(cloudglue_emulator_options)
    options.setdefault("data_dir", tmp_path_factory.mktemp("cloudglue-emulator"))
    with running(**options) as emu:
        yield emu


@pytest.fixture
def cloudglue_emulator(cloudglue_emulator_session: RunningEmulator) -> Iterator[RunningEmulator]:
    """The session's emulator, with its faults back at the session's settings for this test."""
    emu = cloudglue_emulator_session
    emu.reset_faults()
    yield emu
    if emu.process.poll() is None:  # a test may have stopped or killed it
        emu.reset_faults()


@pytest.fixture
def cloudglue(cloudglue_emulator: RunningEmulator) -> Iterator[Any]:
    """A `cloudglue_client.Cloudglue` pointed at the session's emulator, closed afterwards."""
    with cloudglue_emulator.client() as client:
        yield client


try:
    from pytest_asyncio import fixture as async_fixture
except ImportError:  # pragma: no cover - e.g. anyio's plugin runs async `pytest.fixture`s
    async_fixture = pytest.fixture  # type: ignore[assignment]


@async_fixture
async def async_cloudglue(cloudglue_emulator: RunningEmulator) -> AsyncIterator[AsyncCloudglue]:
    """A `cloudglue_client.AsyncCloudglue` on the session's emulator, closed afterwards.

    Async tests need a plugin that runs them: pytest-asyncio (`@pytest.mark.asyncio`) or anyio.
    """
    async with cloudglue_emulator.async_client() as client:
        yield client


@pytest.fixture(scope="session")
def cloudglue_sample_video(tmp_path_factory: pytest.TempPathFactory) -> SampleTruth:
    """An 8 s synthetic clip with known cuts (1.5, 3.25, 6.25 s), made once per session.

    Path-like (pass it to `files.upload` or `open`); `.path`, `.cuts`, `.gradual`,
    `.seconds`, `.fps` and `.frame_count` describe it.
    """
    _require_extra("the cloudglue_sample_video fixture")
    from .media import make_sample

    folder = tmp_path_factory.mktemp("cloudglue-sample")
    return make_sample(folder / "sample.mp4", seconds=SAMPLE_SECONDS)
