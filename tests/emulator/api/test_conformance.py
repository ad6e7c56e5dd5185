"""Schemathesis against an emulator subprocess: no 5xx, documented statuses, bodies per schema,
on every operation of openapi.yaml.

Path ids that the generator made as valid uuids are swapped (for GET, POST and PUT) for ids
that exist, so success bodies are checked too, not only 404s.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

from cloudglue_emulator.testing import RunningEmulator, running
from tests.support.clips import sample_clip
from tests.support.paths import SPEC_PATH
from tests.support.polling import until_status

pytestmark = pytest.mark.slow  # Schemathesis on every operation of an emulator subprocess

MAX_EXAMPLES = 20
JOB_TIMEOUT_SECONDS = 60.0
#: Methods whose generated uuids are swapped for existing ids (DELETE would remove them).
REAL_IDS_FOR = ("GET", "POST", "PUT")

schema = schemathesis.openapi.from_path(SPEC_PATH)
schema.config.generation.update(
    modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE],
    max_examples=MAX_EXAMPLES,
    deterministic=True,
    with_security_parameters=False,
)


@pytest.fixture(scope="module")
def session() -> Iterator[requests.Session]:
    with requests.Session() as s:
        yield s


@pytest.fixture(scope="module")
def live(run_cache: Path) -> Iterator[tuple[RunningEmulator, dict[str, str]]]:
    """An emulator with one small processed file, a frame extraction and a segmentation."""
    video = sample_clip(run_cache, seconds=3.0, width=64, height=36)
    with running() as emu, httpx.Client(base_url=emu.base_url, headers=emu.headers) as c:
        with video.path.open("rb") as handle:
            file_id = c.post("/files", files={"file": ("tiny.mp4", handle, "video/mp4")}).json()[
                "id"
            ]
        fx = c.post(f"/files/{file_id}/frames", json={"strategy": "uniform"}).json()
        body = {"strategy": "uniform", "uniform_config": {"window_seconds": 1}}
        seg = c.post(f"/files/{file_id}/segmentations", json=body).json()
        segments = _completed(c, f"/segmentations/{seg['segmentation_id']}")["data"]["segments"]
        ids = {
            "file_id": file_id,
            "frame_extraction_id": fx["frame_extraction_id"],
            "segmentation_id": seg["segmentation_id"],
            "segment_id": segments[0]["id"],
        }
        yield emu, ids


def _completed(client: httpx.Client, url: str) -> dict[str, Any]:
    """The job at `url` once it has finished (polled with a deadline)."""
    job: dict[str, Any] = until_status(
        lambda: client.get(url).json(), timeout=JOB_TIMEOUT_SECONDS, what=url, interval=0.05
    )
    assert job["status"] == "completed", job
    return job


def _is_uuid(value: Any) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_conforms(
    case: Any, live: tuple[RunningEmulator, dict[str, str]], session: requests.Session
) -> None:
    emu, ids = live
    if case.method.upper() in REAL_IDS_FOR and case.path_parameters:
        for name, value in list(case.path_parameters.items()):
            if name in ids and _is_uuid(value):
                case.path_parameters[name] = ids[name]
    case.call_and_validate(
        base_url=emu.base_url,
        session=session,
        headers=emu.headers,
        checks=[not_a_server_error, status_code_conformance, response_schema_conformance],
    )
