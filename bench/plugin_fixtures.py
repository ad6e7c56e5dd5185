"""What the pytest plugin costs a user's project: per test, and at every pytest start.

    python -m bench.plugin_fixtures [--tests N] [--starts N]

- **Per test**: an outside project (a temporary folder, run with this interpreter) whose tests
  alternate between the plugin's `cloudglue` fixture and `today`, a conftest fixture that takes
  the steps `cloudglue` took before tests were isolated (reset the faults, a client on the
  session's own store, reset the faults again), through today's `RunningEmulator`, so the two
  differ only by the isolation. Each test lists the files once, so an isolated test pays for
  its store being linked on first use and deleted at teardown. A conftest hook
  times each test's whole protocol (setup, call, teardown); the first pairs (emulator start,
  warm-up) are left out; medians per variant, and their difference is the isolation's cost.
  Then each variant alone, for the CPU seconds of the emulator process (/proc) and of pytest
  over its tests: wall time on a shared machine moves with the load, CPU much less.
- **Start-up**: `pytest --co -q` on a one-test project with plugin autoloading off (the dev
  venv's other plugins would add a second of noise), with and without
  `-p cloudglue_emulator.pytest_plugin`, interleaved; medians of wall and CPU time, the
  plugin module's own import time (after pytest's), and `-X importtime`'s list of the
  modules the plugin adds. pytest-asyncio, when installed, is loaded in both: pytest loads
  it in any project that has it, whether or not our plugin is there.

Prints the numbers; nothing is asserted (the machine is small and shared).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CONFTEST = '''
import json, os, time
import pytest

TIMES = []


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    started = time.perf_counter()
    yield
    TIMES.append((item.callspec.params["case"][1], time.perf_counter() - started))


def pytest_sessionfinish(session):
    with open(os.environ["BENCH_TIMES"], "w") as out:
        json.dump(TIMES, out)


def _cpu(pid):
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@pytest.fixture(scope="session", autouse=True)
def cpu_of_the_run(cloudglue_emulator_session):
    """CPU seconds of the server and of this process over the session's tests."""
    pid = cloudglue_emulator_session.process.pid
    server, client = _cpu(pid), time.process_time()
    yield
    spent = {"server": _cpu(pid) - server, "client": time.process_time() - client}
    with open(os.environ["BENCH_CPU"], "w") as out:
        json.dump(spent, out)


@pytest.fixture
def today(cloudglue_emulator_session):
    """The `cloudglue` fixture as it was before isolation: faults reset, the session's store."""
    emu = cloudglue_emulator_session
    emu.reset_faults()
    with emu.client() as client:
        yield client
    emu.reset_faults()
'''

TESTS = """
import pytest

CASES = [(i, v) for i in range({n}) for v in ("today", "isolated")]


@pytest.mark.parametrize("case", CASES, ids=[f"{{v}}-{{i}}" for i, v in CASES])
def test_lists_files(case, request):
    client = request.getfixturevalue("today" if case[1] == "today" else "cloudglue")
    assert client.files.list().total >= 0
"""

WARMUP_PAIRS = 5
PLUGIN = "cloudglue_emulator.pytest_plugin"
#: Loaded in both start-up variants when installed (see the module docstring).
BESIDE = ["-p", "asyncio"] if importlib.util.find_spec("pytest_asyncio") else []


def run_project(folder: Path, *select: str) -> tuple[list[tuple[str, float]], dict[str, float]]:
    """Run the outside project (or the tests `-k select` picks): per-test times, and the CPU
    seconds of server and client over the session."""
    times, cpu = folder / "times.json", folder / "cpu.json"
    env = {**os.environ, "BENCH_TIMES": str(times), "BENCH_CPU": str(cpu)}
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist"]
    result = subprocess.run(
        [*command, *select, str(folder)], cwd=folder, env=env, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise SystemExit(result.stdout + result.stderr)
    return json.loads(times.read_text()), json.loads(cpu.read_text())


def per_test(tests: int) -> None:
    """Median wall time per test of each variant (interleaved in one run) and their
    difference; then CPU per test of server and client, one run per variant."""
    with tempfile.TemporaryDirectory(prefix="bench-plugin-") as tmp:
        folder = Path(tmp)
        (folder / "conftest.py").write_text(CONFTEST)
        (folder / "test_cost.py").write_text(TESTS.format(n=tests + WARMUP_PAIRS))
        samples: dict[str, list[float]] = {"today": [], "isolated": []}
        for variant, seconds in run_project(folder)[0][2 * WARMUP_PAIRS :]:
            samples[variant].append(seconds)
        cpu = {v: run_project(folder, "-k", v)[1] for v in ("today", "isolated")}
    today, isolated = (statistics.median(samples[v]) * 1000 for v in ("today", "isolated"))
    count = tests + WARMUP_PAIRS
    print(f"per test ({tests} of each, medians of setup + call + teardown):")
    print(f"  today's fixture (faults reset, shared store): {today:.1f} ms")
    print(f"  cloudglue (faults reset, its own store):      {isolated:.1f} ms")
    print(f"  isolation costs {isolated - today:+.1f} ms per test (goal: under 20 ms)")
    print(f"CPU per test ({count} tests of one variant per run, emulator start included):")
    for variant in ("today", "isolated"):
        server, client = (cpu[variant][k] * 1000 / count for k in ("server", "client"))
        print(f"  {variant}: server {server:.1f} ms, client {client:.1f} ms")


def start_seconds(folder: Path, with_plugin: bool) -> tuple[float, float]:
    """Wall time and CPU time (user + system) of one `pytest --co -q` in a fresh process."""
    extra = [*BESIDE, "-p", PLUGIN] if with_plugin else BESIDE
    env = {**os.environ, "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "pytest", "--co", "-q", "-p", "no:cacheprovider", *extra],
        cwd=folder,
        env=env,
        check=True,
        capture_output=True,
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


IMPORT_SCRIPT = (
    "import time, pytest\n"
    "{beside}"
    "t = time.perf_counter()\n"
    "import cloudglue_emulator.pytest_plugin\n"
    "print(time.perf_counter() - t)\n"
)


def plugin_import_seconds() -> float:
    """`import cloudglue_emulator.pytest_plugin` in a fresh process that has pytest (and
    pytest-asyncio, when installed) imported already, as it is when pytest loads plugins."""
    beside = "import pytest_asyncio\n" if BESIDE else ""
    out = subprocess.run(
        [sys.executable, "-c", IMPORT_SCRIPT.format(beside=beside)],
        check=True,
        capture_output=True,
        text=True,
    )
    return float(out.stdout.strip().splitlines()[-1])


def plugin_modules(folder: Path) -> str:
    """The modules (by self time) loading the plugin adds to a pytest start."""

    def selfs(with_plugin: bool) -> dict[str, int]:
        extra = [*BESIDE, "-p", PLUGIN] if with_plugin else BESIDE
        env = {**os.environ, "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}
        err = subprocess.run(
            [sys.executable, "-X", "importtime", "-m", "pytest", "--co", "-q", *extra],
            cwd=folder,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stderr
        found: dict[str, int] = {}
        for line in err.splitlines():
            m = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|\s+(.*)$", line)
            if m:
                found[m.group(3).strip()] = int(m.group(1))
        return found

    ours, base = selfs(True), selfs(False)
    extra = sorted(((us, name) for name, us in ours.items() if name not in base), reverse=True)
    top = ", ".join(f"{name} {us / 1000:.1f}" for us, name in extra[:6])
    total = sum(us for us, _ in extra) / 1000
    return f"{len(extra)} modules, self {total:.0f} ms in all; heaviest (ms): {top or 'none'}"


def start_up(repeats: int) -> None:
    """Median `pytest --co` wall and CPU time with and without the plugin."""
    with tempfile.TemporaryDirectory(prefix="bench-plugin-start-") as tmp:
        folder = Path(tmp)
        (folder / "test_nothing.py").write_text("def test_nothing():\n    assert True\n")
        start_seconds(folder, True)  # bytecode caches written
        samples: dict[bool, list[tuple[float, float]]] = {False: [], True: []}
        imports: list[float] = []
        for _ in range(repeats):
            for with_plugin in (False, True):
                samples[with_plugin].append(start_seconds(folder, with_plugin))
            imports.append(plugin_import_seconds())
        modules = plugin_modules(folder)

    def med(with_plugin: bool, index: int) -> float:
        return statistics.median(s[index] for s in samples[with_plugin]) * 1000

    print(f"pytest --co start-up ({repeats} interleaved runs each, medians):")
    print(f"  the plugin's own import: {statistics.median(imports) * 1000:.1f} ms")
    for index, what in ((0, "wall"), (1, "CPU")):
        without, with_ = med(False, index), med(True, index)
        print(f"  {what}: {without:.0f} ms without the plugin, {with_:.0f} ms with it")
    print(f"  modules the plugin adds to the start: {modules}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tests", type=int, default=60, help="tests of each variant")
    parser.add_argument("--starts", type=int, default=15, help="pytest starts of each variant")
    args = parser.parse_args()
    per_test(args.tests)
    start_up(args.starts)


if __name__ == "__main__":
    main()
