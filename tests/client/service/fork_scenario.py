"""Run by test_fork in a fresh interpreter (forking pytest itself would copy its threads).

    python fork_scenario.py URL sync|async ROUNDS CALLS

One client makes a request (leaving a pooled keep-alive connection), then each round forks:
parent and child each ask for their own job CALLS times through that same client. Prints
{"mixed": answers that named the other job, "answers": total}.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import traceback

from cloudglue_client import AsyncCloudglue, Cloudglue

PARENT_JOB = "3c90c3cc-0d44-4b50-8888-8dd25736052a"
CHILD_JOB = "5f0c2a8e-7d1b-4c3a-9e6f-2b1d0c9a8e7f"


def main() -> None:
    url, flavor, rounds, calls = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    sync = Cloudglue(api_key="k", base_url=url, max_retries=0, timeout=10)
    aio = AsyncCloudglue(api_key="k", base_url=url, max_retries=0, timeout=10)

    def ask(job: str) -> int:
        """How many of `calls` answers were for another job."""
        if flavor == "sync":
            return sum(str(sync.frames.get(job).frame_extraction_id) != job for _ in range(calls))

        async def run() -> int:
            jobs = [await aio.frames.get(job) for _ in range(calls)]
            return sum(str(j.frame_extraction_id) != job for j in jobs)

        return asyncio.run(run())

    ask(PARENT_JOB)
    mixed = 0
    for _ in range(rounds):
        pid = os.fork()
        if pid == 0:
            try:
                os._exit(min(ask(CHILD_JOB), 100))
            except BaseException:
                traceback.print_exc()
                os._exit(101)
        mixed += ask(PARENT_JOB)
        _, status = os.waitpid(pid, 0)
        code = os.waitstatus_to_exitcode(status)
        if code > 100:
            raise SystemExit(f"child failed with {code}")
        mixed += code
    print(json.dumps({"mixed": mixed, "answers": 2 * rounds * calls}))


if __name__ == "__main__":
    main()
