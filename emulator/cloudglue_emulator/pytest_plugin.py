"""Pytest fixtures for testing your own service against a local Cloudglue emulator.

Installed with `cloudglue-client[emulator]` and registered through the `pytest11` entry
point; nothing starts unless a test asks for a fixture:

    def test_my_service(cloudglue):            # a Cloudglue client bound to the emulator
        f = cloudglue.files.upload("clip.mp4", wait=True)
        ...

    def test_retries(cloudglue_emulator):      # the running server itself
        cloudglue_emulator.set_faults(fail_rate=0.3)

Override `cloudglue_emulator_options` (a dict of `running()` arguments, e.g. latency_ms,
fail_rate, job_delay_seconds) in a conftest.py to start it with faults.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from ._extra import missing_extra_message
from .testing import RunningEmulator, running


@pytest.fixture(scope="session")
def cloudglue_emulator_options() -> dict[str, Any]:
    """Keyword arguments for `running()`; override to add faults or a fixed data dir."""
    return {}


@pytest.fixture(scope="session")
def cloudglue_emulator(
    cloudglue_emulator_options: dict[str, Any], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RunningEmulator]:
    """A Cloudglue emulator subprocess on a free loopback port, for the whole session."""
    problem = missing_extra_message("the cloudglue_emulator pytest fixture")
    if problem is not None:
        pytest.fail(problem, pytrace=False)
    options = dict(cloudglue_emulator_options)
    options.setdefault("data_dir", tmp_path_factory.mktemp("cloudglue-emulator"))
    with running(**options) as emu:
        yield emu


@pytest.fixture
def cloudglue(cloudglue_emulator: RunningEmulator) -> Iterator[Any]:
    """A `cloudglue_client.Cloudglue` pointed at the session's emulator, closed afterwards."""
    with cloudglue_emulator.client() as client:
        yield client
