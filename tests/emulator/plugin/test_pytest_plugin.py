"""The pytest plugin works for a user's project: run pytest on tiny outside test files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.docs.blocks import page_blocks
from tests.support.paths import ROOT

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.slow,
]  # pytest runs of outside projects, each with its emulator

USER_TEST = """
import pytest
from cloudglue_client import JobStatus, shot_detector, uniform


@pytest.fixture(scope="session")
def cloudglue_emulator_options():
    return {"job_delay_seconds": 0.2}


@pytest.fixture(scope="session")
def shared_file(cloudglue_shared, cloudglue_sample_video):
    return cloudglue_shared.files.upload(cloudglue_sample_video, wait=True)


def test_my_service_segments_a_video(cloudglue, cloudglue_sample_video):
    assert cloudglue.files.list().total == 0
    f = cloudglue.files.upload(cloudglue_sample_video, wait=True)
    seg = cloudglue.segmentations.create(f.id, uniform(2), wait=True)
    assert JobStatus.of(seg.status).is_success
    assert [s.start_time for s in cloudglue.segmentations.iter_segments(seg.segmentation_id)] \\
        == [0, 2, 4, 6]
    assert [x.id for x in cloudglue.files.list().items] == [f.id]


def test_a_throttled_test(cloudglue_emulator):
    assert cloudglue_emulator.set_faults(throttle_rate=1.0)["throttle_rate"] == 1.0


def test_the_next_test_starts_from_the_session_faults_and_no_files(cloudglue):
    files = cloudglue.files.list()  # would be a RateLimitError if the throttle stayed on
    assert files.total == 0


def test_faults_are_the_session_options(cloudglue_emulator):
    faults = cloudglue_emulator.set_faults()
    assert (faults["throttle_rate"], faults["job_delay_seconds"]) == (0.0, 0.2)


def test_the_sample_knows_its_cuts(cloudglue, cloudglue_sample_video):
    assert cloudglue_sample_video.cuts == (1.5, 3.25, 6.25)
    f = cloudglue.files.upload(cloudglue_sample_video, wait=True)
    seg = cloudglue.segmentations.create(f.id, shot_detector("content"), wait=True)
    starts = [s.start_time for s in cloudglue.segmentations.iter_segments(seg.segmentation_id)]
    for cut in cloudglue_sample_video.cuts:  # the cross-fade may add a boundary of its own
        assert any(abs(start - cut) < 0.05 for start in starts), (cut, starts)


def test_thumbnails_of_a_tests_store_download(cloudglue, cloudglue_sample_video, tmp_path):
    f = cloudglue.files.upload(cloudglue_sample_video, wait=True)
    fx = cloudglue.frames.create(f.id, frames_per_second=1, wait=True)
    result = cloudglue.frames.download(fx, tmp_path / "frames")
    assert (result.downloaded, list(result.failed)) == (8, [])


def test_a_shared_file_is_read_through_the_shared_client(cloudglue_shared, shared_file, cloudglue):
    assert cloudglue_shared.files.get(shared_file.id).status == "completed"
    assert cloudglue.files.list().total == 0  # not in this test's own store


def test_a_services_own_client_with_the_tests_key_shares_its_store(
    cloudglue_emulator, cloudglue, cloudglue_sample_video
):
    with cloudglue_emulator.client() as service:
        uploaded = service.files.upload(cloudglue_sample_video)
    assert [x.id for x in cloudglue.files.list().items] == [uploaded.id]


@pytest.mark.asyncio
async def test_async_client(async_cloudglue, cloudglue, cloudglue_sample_video):
    assert (await async_cloudglue.files.list()).total == 0
    f = await async_cloudglue.files.upload(cloudglue_sample_video, wait=True)
    assert [x.id for x in cloudglue.files.list().items] == [f.id]  # one store per test
    fx = await async_cloudglue.frames.create(f.id, frames_per_second=1, wait=True)
    stamps = [frame.timestamp async for frame in async_cloudglue.frames.iter_frames(
        fx.frame_extraction_id)]
    assert stamps == [0, 1, 2, 3, 4, 5, 6, 7]


@pytest.mark.asyncio
async def test_an_async_test_starts_with_no_files(async_cloudglue):
    assert (await async_cloudglue.files.list()).total == 0
"""
USER_TEST_COUNT = USER_TEST.count("def test_")

REVERSED = """
def pytest_collection_modifyitems(items):
    items.reverse()
"""

PARALLEL_TEST = """
import json
import os
from pathlib import Path

import pytest


def record(emu, n):
    seen = {"worker": os.environ.get("PYTEST_XDIST_WORKER"), "url": emu.base_url}
    Path(os.environ["PLUGIN_TEST_RECORDS"], f"{n}.json").write_text(json.dumps(seen))


@pytest.mark.parametrize("n", range(6))
def test_sync(cloudglue, cloudglue_emulator, cloudglue_sample_video, n):
    assert cloudglue.files.list().total == 0
    uploaded = [cloudglue.files.upload(cloudglue_sample_video).id for _ in range(n % 3 + 1)]
    assert sorted(x.id for x in cloudglue.files.list().items) == sorted(uploaded)
    record(cloudglue_emulator, n)


@pytest.mark.asyncio
@pytest.mark.parametrize("n", range(6, 12))
async def test_async(async_cloudglue, cloudglue_emulator, cloudglue_sample_video, n):
    assert (await async_cloudglue.files.list()).total == 0
    uploaded = (await async_cloudglue.files.upload(cloudglue_sample_video)).id
    assert [x.id for x in (await async_cloudglue.files.list()).items] == [uploaded]
    record(cloudglue_emulator, n)
"""

# The user-facing example lives in the testing guide (the README links to it).
README = ROOT / "docs" / "guides" / "testing.md"
README_EXAMPLE_START = "# conftest.py (optional): start the session's emulator with faults"


def run_user_tests(
    folder: Path, source: str, passed: int, *options: str, env: dict[str, str] | None = None
) -> str:
    """Run `source` as an outside project's test file; all `passed` tests must pass."""
    (folder / "test_user.py").write_text(source)
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *options, str(folder)],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=240,
        env=env,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{passed} passed" in result.stdout, result.stdout
    return result.stdout


def test_fixtures_are_available_to_an_outside_project(tmp_path: Path) -> None:
    run_user_tests(tmp_path, USER_TEST, USER_TEST_COUNT)


def test_every_test_starts_clean_in_the_reverse_order_too(tmp_path: Path) -> None:
    (tmp_path / "conftest.py").write_text(REVERSED)
    output = run_user_tests(tmp_path, USER_TEST, USER_TEST_COUNT, "-vv")  # after -q: -v
    names = [line.split("::")[1].split()[0] for line in output.splitlines() if "::" in line]
    assert names[0] == "test_an_async_test_starts_with_no_files", names


def test_tests_on_two_xdist_workers_each_start_clean(tmp_path: Path) -> None:
    """`pytest -n 2`: each worker starts its own emulator, and every test its own store."""
    records = tmp_path / "records"
    records.mkdir()
    project = tmp_path / "project"
    project.mkdir()
    env = {**os.environ, "PLUGIN_TEST_RECORDS": str(records)}
    run_user_tests(project, PARALLEL_TEST, 12, "-n", "2", env=env)
    seen = [json.loads(path.read_text()) for path in records.iterdir()]
    assert len(seen) == 12
    by_worker: dict[str, set[str]] = {}
    for record in seen:
        by_worker.setdefault(record["worker"], set()).add(record["url"])
    assert set(by_worker) == {"gw0", "gw1"}, by_worker  # both workers ran tests
    assert all(len(urls) == 1 for urls in by_worker.values()), by_worker
    assert by_worker["gw0"] != by_worker["gw1"], by_worker  # one emulator per worker


def test_the_testing_guides_example_shows_isolation_and_sharing() -> None:
    """The example runs as an outside project's test file in `make docs-check`, which runs
    every block of the docs marked `pytest`; here: that it is so marked, and what it shows."""
    (example,) = [b for b in page_blocks(README) if README_EXAMPLE_START in b.code]
    assert example.pytest and example.skip is None, example.where
    assert "def test_starts_with_no_files(cloudglue)" in example.code  # isolation is shown
    assert "cloudglue_shared" in example.code  # and sharing on purpose


def test_loading_the_plugin_imports_nothing_heavy() -> None:
    """pytest imports the plugin at every start of every project in the environment: it must
    not load the client, httpx, the server or the testing helpers until a fixture is used.
    (pytest-asyncio, which the async fixture needs, is loaded by pytest itself wherever it is
    installed.)"""
    code = (
        "import sys, pytest, pytest_asyncio\n"
        "before = set(sys.modules)\n"
        "import cloudglue_emulator.pytest_plugin\n"
        "print(sorted(set(sys.modules) - before))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    loaded = result.stdout.strip()
    assert loaded == "['cloudglue_emulator', 'cloudglue_emulator.pytest_plugin']", loaded


STOPPING_TESTS = """
def test_kill(cloudglue_emulator, cloudglue):
    cloudglue.files.list()
    cloudglue_emulator.kill()


def test_after_kill(cloudglue):
    assert cloudglue.files.list().total == 0


def test_stop(cloudglue_emulator):
    cloudglue_emulator.stop()


def test_shared_after_stop(cloudglue_shared):
    assert cloudglue_shared.files.list().total == 0


def test_after_stop(cloudglue_emulator, cloudglue):
    assert cloudglue_emulator.process.poll() is None
    assert cloudglue.files.list().total == 0
"""


def test_a_server_a_test_stopped_or_killed_serves_the_next_tests(tmp_path: Path) -> None:
    run_user_tests(tmp_path, STOPPING_TESTS, 5, "-p", "no:randomly")


def test_a_fixed_data_dir_gets_the_xdist_workers_id(tmp_path: Path) -> None:
    from cloudglue_emulator.pytest_plugin import session_options

    given = {"data_dir": tmp_path / "fixed", "latency_ms": 5}
    default = tmp_path / "default"
    assert session_options(given, default, {}) == given
    assert session_options({}, default, {})["data_dir"] == default
    on_worker = {"PYTEST_XDIST_WORKER": "gw1", "PYTEST_XDIST_WORKER_COUNT": "2"}
    assert session_options(given, default, on_worker)["data_dir"] == tmp_path / "fixed-gw1"
    assert session_options({}, default, on_worker)["data_dir"] == default
    assert session_options({"port": 8999}, default, {})["port"] == 8999
    with pytest.raises(pytest.fail.Exception, match="port=8999 cannot serve 2"):
        session_options({"port": 8999}, default, on_worker)
