"""Fork safety: parent and child share one client object, never a connection or an answer."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path

import httpx
import pytest

from tests.support.fakeapi import frame_job
from tests.support.rawserver import RawServer

SCENARIO = Path(__file__).with_name("fork_scenario.py")
#: Rounds per flavour (async makes a fresh loop and pool per asyncio.run: slower per round).
ROUNDS = {"sync": 8, "async": 3}
CALLS = 10


def echo_job(request: httpx.Request) -> httpx.Response:
    """The job the path names, a few ms late (so parent and child overlap on the wire)."""
    threading.Event().wait(0.003)
    job_id = request.url.path.rsplit("/", 1)[-1]
    return httpx.Response(200, json=frame_job("processing", frame_extraction_id=job_id))


def run_scenario(url: str, flavor: str, *extra: str) -> dict[str, int]:
    done = subprocess.run(
        [sys.executable, str(SCENARIO), url, flavor, str(ROUNDS[flavor]), str(CALLS), *extra],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)  # type: ignore[no-any-return]


@pytest.mark.slow
@pytest.mark.parametrize("flavor", ["sync", "async"])
def test_forked_processes_never_get_each_others_answers(flavor: str) -> None:
    with RawServer(echo_job) as server:
        result = run_scenario(server.url, flavor)
    assert result == {"mixed": 0, "answers": 2 * ROUNDS[flavor] * CALLS}


USER_CLIENT_AFTER_FORK = """
import os, sys, warnings, httpx
from cloudglue_client import Cloudglue
cg = Cloudglue(api_key="k", base_url=sys.argv[1], http_client=httpx.Client(), max_retries=0)
cg.frames.get("3c90c3cc-0d44-4b50-8888-8dd25736052a")
pid = os.fork()
if pid == 0:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        cg.frames.get("3c90c3cc-0d44-4b50-8888-8dd25736052a")
    os._exit(0 if any("forked process" in str(w.message) for w in caught) else 1)
_, status = os.waitpid(pid, 0)
sys.exit(os.waitstatus_to_exitcode(status))
"""


def test_a_user_supplied_client_used_after_fork_warns() -> None:
    with RawServer(echo_job) as server:
        done = subprocess.run(
            [sys.executable, "-c", USER_CLIENT_AFTER_FORK, server.url],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert done.returncode == 0, done.stderr[-3000:]
