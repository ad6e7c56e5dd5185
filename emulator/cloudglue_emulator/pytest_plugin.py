"""Pytest fixtures for testing your own service against a local Cloudglue emulator.

Installed with `cloudglue-client[emulator]` and registered through the `pytest11` entry
point; nothing starts unless a test asks for a fixture, and nothing heavy is imported until
then (pytest imports this module at every start, in every project of the environment):

    def test_my_service(cloudglue, cloudglue_sample_video):   # a client and a known video
        f = cloudglue.files.upload(cloudglue_sample_video, wait=True)
        ...

    def test_retries(cloudglue_emulator):      # the running server, through this test's key
        cloudglue_emulator.set_faults(fail_rate=0.3)

One emulator serves the whole session, and every test starts clean:

- **Data**: each test that uses `cloudglue`, `async_cloudglue` or `cloudglue_emulator` gets a
  key of its own (`SERVER_KEY.<random>`); the emulator keeps one store per key, created on
  the test's first request and deleted after the test. A test sees only its own files and
  jobs, in any order and under pytest-xdist. All three fixtures of one test share its key.
- **Faults**: whatever a test sets with `set_faults` is undone before the next test that uses
  those fixtures (and after it); faults are the server's, shared by every key.
- **Sharing on purpose**: `cloudglue_shared` is a session-long client on the server's own
  store, for data prepared once (an upload many tests read). Tests that use it see each
  other's changes there, so they should only read what a session fixture prepared.

- **A stopped server**: a test may `kill()`, `stop()` or `restart()` the server; one it left
  stopped is started again (same port and data) after it and before the next test. Should
  another process have taken the port meanwhile, it gets a free one with a RuntimeWarning:
  per-test fixtures follow it, session-long clients (`cloudglue_shared`) keep the old URL.

Override `cloudglue_emulator_options` (a dict of `running()` arguments, e.g. latency_ms,
fail_rate, job_delay_seconds) in a conftest.py to start it with faults. Under pytest-xdist a
fixed `data_dir` gets the worker's id as a suffix (`DIR-gw0`, `DIR-gw1`: a data dir serves
one process), and a fixed `port` is an error with more than one worker.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from cloudglue_client import AsyncCloudglue, Cloudglue

    from .media import SampleTruth
    from .testing import RunningEmulator

SAMPLE_SECONDS = 8.0
XDIST_WORKER_ENV = "PYTEST_XDIST_WORKER"
XDIST_WORKER_COUNT_ENV = "PYTEST_XDIST_WORKER_COUNT"


def _require_extra(what: str) -> None:
    """Fail the test (no traceback) with the install hint if the extra is missing."""
    from ._extra import missing_extra_message

    problem = missing_extra_message(what)
    if problem is not None:
        pytest.fail(problem, pytrace=False)


@pytest.fixture(scope="session")
def cloudglue_emulator_options() -> dict[str, Any]:
    """Keyword arguments for `running()`; override to add faults or a fixed data dir (under
    pytest-xdist, suffixed with the worker's id)."""
    return {}


def session_options(
    options: Mapping[str, Any], default_data_dir: Path, environ: Mapping[str, str] = os.environ
) -> dict[str, Any]:
    """`running()` arguments for this process: `default_data_dir` unless one is given; under
    pytest-xdist a given one suffixed with the worker's id (two servers cannot share a data
    dir), and a fixed port refused when several workers would each try to bind it."""
    result = dict(options)
    worker = environ.get(XDIST_WORKER_ENV, "")
    if result.get("data_dir") is None:
        result["data_dir"] = default_data_dir
    elif worker:
        result["data_dir"] = Path(f"{result['data_dir']}-{worker}")
    workers = environ.get(XDIST_WORKER_COUNT_ENV, "1")
    if worker and result.get("port") and workers != "1":
        pytest.fail(
            f"cloudglue_emulator_options: port={result['port']} cannot serve {workers}"
            " pytest-xdist workers (each starts its own emulator); drop `port` (a free one is"
            " picked) or run with one worker",
            pytrace=False,
        )
    return result


def _started(emu: RunningEmulator) -> RunningEmulator:
    """`emu`, its server started again if a test stopped or killed it."""
    if emu.process.poll() is not None:
        emu.restart()
    return emu


@pytest.fixture(scope="session")
def cloudglue_emulator_session(
    cloudglue_emulator_options: dict[str, Any], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RunningEmulator]:
    """The session's emulator subprocess through the server's own key (its shared store), for
    session-scoped fixtures (faults are not reset). Under pytest-xdist, one per worker."""
    _require_extra("the cloudglue_emulator pytest fixture")
    from .testing import running

    default_dir = tmp_path_factory.mktemp("cloudglue-emulator")
    with running(**session_options(cloudglue_emulator_options, default_dir)) as emu:
        yield emu


@pytest.fixture
def cloudglue_emulator(cloudglue_emulator_session: RunningEmulator) -> Iterator[RunningEmulator]:
    """The session's emulator through this test's own key (an empty store, deleted after the
    test), with its faults back at the session's settings. A server the test left stopped
    (`kill()`, `stop()`) is started again after it, for the tests after it."""
    emu = _started(cloudglue_emulator_session).isolated()
    emu.reset_faults()
    yield emu
    _started(emu)
    emu.reset_faults()
    emu.delete_store()


@pytest.fixture
def cloudglue(cloudglue_emulator: RunningEmulator) -> Iterator[Cloudglue]:
    """A `cloudglue_client.Cloudglue` on this test's own store, closed afterwards."""
    with cloudglue_emulator.client() as client:
        yield client


@pytest.fixture(scope="session")
def cloudglue_shared(cloudglue_emulator_session: RunningEmulator) -> Iterator[Cloudglue]:
    """A `Cloudglue` client on the session's shared store (the server's own key), for data
    prepared once per session and read by many tests. Faults set by tests apply to it too."""
    with cloudglue_emulator_session.client() as client:
        yield client


try:
    from pytest_asyncio import fixture as async_fixture
except ImportError:  # pragma: no cover - e.g. anyio's plugin runs async `pytest.fixture`s
    async_fixture = pytest.fixture  # type: ignore[assignment]


@async_fixture
async def async_cloudglue(cloudglue_emulator: RunningEmulator) -> AsyncIterator[AsyncCloudglue]:
    """A `cloudglue_client.AsyncCloudglue` on this test's own store (the same as `cloudglue`'s
    in the same test), closed afterwards.

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
