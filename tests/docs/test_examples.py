"""Every code block of the README and the docs runs, against the emulator, as a reader runs it.

Per page (blocks.py says which blocks run and how):
- its shell blocks run in order in one bash in a fresh folder, where `make` is `make -n` (the
  targets are checked to exist and expand, nothing runs), `cloudglue-emulator serve` gets a
  free port and a temporary data dir (they win over the page's; a `8765` in the page becomes
  that port), and a server started in the background is waited for (`/healthz`) and stopped
  at the end;
- its Python blocks run in order in one namespace in a subprocess (`run_python.py`), in a
  folder holding `bikes.mp4`, with CLOUDGLUE_BASE_URL and CLOUDGLUE_API_KEY set to a running
  emulator;
- a block marked `pytest` is run as a test file with pytest (the plugin's fixtures on).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from cloudglue_emulator.clips import default_clips_dir
from cloudglue_emulator.testing import RunningEmulator

from .blocks import PYTHON, ROOT, SHELL, Block, names_our_command, page_blocks, pages

pytestmark = pytest.mark.e2e
HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
PAGES = pages()
IDS = [str(p.relative_to(ROOT)) for p in PAGES]
#: The emulator's default port as pages write it; replaced by a free one when run here.
DEFAULT_PORT = "8765"
SHELL_PREAMBLE = r"""
set -euo pipefail
make() { command make --no-print-directory -n -C "$DOCS_REPO" "$@"; }
cloudglue-emulator() {
  if [ "${1:-}" = serve ]; then
    shift
    exec cloudglue-emulator serve "$@" --port "$DOCS_PORT" --data-dir "$DOCS_WORK/emulator-data"
  else
    command cloudglue-emulator "$@"
  fi
}
docs_wait_ready() {
  for _ in $(seq 300); do
    curl -sf "http://127.0.0.1:$DOCS_PORT/healthz" >/dev/null && return 0
    sleep 0.1
  done
  echo "the emulator started in the background did not answer /healthz" >&2; return 1
}
trap 'kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true' EXIT
"""


def _run(argv: list[str], timeout: float, **kwargs: Any) -> subprocess.CompletedProcess[str]:
    """Run in a process group of its own; whatever it leaves running (a server started in
    the background) is stopped with it. What was printed is reported on a timeout."""
    with subprocess.Popen(
        argv,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        **kwargs,
    ) as process:
        try:
            out, err = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _stop_group(process.pid)
            out, err = process.communicate()
            pytest.fail(f"timed out after {timeout:g} s:\n{out[-4000:]}\n{err[-4000:]}")
        finally:
            _stop_group(process.pid)
    return subprocess.CompletedProcess(argv, process.returncode, out, err)


def _stop_group(pgid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signal.SIGTERM)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _env(work: Path, emu: RunningEmulator) -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("CLOUDGLUE_", "PYTEST_", "COV"))
    }
    env.update(
        PATH=f"{BIN}{os.pathsep}{env.get('PATH', '')}",
        CLOUDGLUE_BASE_URL=emu.base_url,
        CLOUDGLUE_API_KEY=emu.api_key,
        # The clips are already cached (make clips); the rest of the cache is the test's.
        CLOUDGLUE_EMULATOR_CLIPS_DIR=os.environ.get("CLOUDGLUE_EMULATOR_CLIPS_DIR")
        or str(default_clips_dir()),
        XDG_CACHE_HOME=str(work / "cache"),
        DOCS_REPO=str(ROOT),
        DOCS_WORK=str(work),
        COLUMNS="100",
    )
    return env


def _shell_script(blocks: list[Block], port: int) -> str:
    parts = [SHELL_PREAMBLE]
    for block in blocks:
        parts.append(f"# --- {block.where}")
        for line in block.code.replace(DEFAULT_PORT, str(port)).splitlines():
            parts.append(line)
            if re.search(r"cloudglue-emulator serve\b.*&\s*(#.*)?$", line):
                parts.append("docs_wait_ready")
    return "\n".join(parts) + "\n"


def _check_markers(blocks: list[Block]) -> None:
    for block in blocks:
        if block.language in SHELL and block.skip is None:
            assert names_our_command(block.code), (
                f"{block.where}: a shell block that names none of our commands must be marked "
                "<!-- docs-test: skip REASON --> (it would not be run)"
            )
        if block.skip is not None:
            assert block.skip != "no reason given", f"{block.where}: skip needs a reason"
        elif block.language in SHELL:
            for line in block.code.splitlines():
                assert not re.search(r"cloudglue-emulator serve\b(?!.*&\s*(#.*)?$)", line), (
                    f"{block.where}: a server in the foreground never returns; end the line "
                    "with & (then it is waited for and stopped) or mark the block skip"
                )


@pytest.mark.parametrize("page", PAGES, ids=IDS)
def test_code_blocks_run(
    page: Path, docs_emulator: RunningEmulator, bikes: Path, tmp_path: Path
) -> None:
    blocks = page_blocks(page)
    _check_markers(blocks)
    runnable = [b for b in blocks if b.skip is None]
    shell = [b for b in runnable if b.language in SHELL]
    python = [b for b in runnable if b.language in PYTHON and not b.pytest]
    tests = [b for b in runnable if b.language in PYTHON and b.pytest]
    if not (shell or python or tests):
        skipped = [f"{b.where}: {b.skip}" for b in blocks if b.skip]
        pytest.skip("no code to run" + (f" (skipped: {'; '.join(skipped)})" if skipped else ""))
    work = tmp_path / "work"
    work.mkdir()
    shutil.copy(bikes, work / "bikes.mp4")
    env = _env(work, docs_emulator)
    if shell:
        port = _free_port()
        script = _shell_script(shell, port)
        result = _run(["bash", "-c", script], 90, cwd=work, env={**env, "DOCS_PORT": str(port)})
        assert result.returncode == 0, (
            f"shell blocks of {page.name} failed (exit {result.returncode}):\n"
            f"{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
        )
    if python:
        spec = tmp_path / "blocks.json"
        spec.write_text(json.dumps([b.__dict__ for b in python]))
        result = _run(
            [sys.executable, str(HERE / "run_python.py"), str(spec)], 120, cwd=work, env=env
        )
        assert result.returncode == 0, (
            f"Python blocks of {page.name} failed:\n{result.stdout[-4000:]}\n"
            f"{result.stderr[-6000:]}"
        )
    for block in tests:
        folder = tmp_path / f"pytest-{block.line}"
        folder.mkdir()
        (folder / "test_from_docs.py").write_text(block.code)
        argv = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(folder)]
        result = _run(argv, 120, cwd=folder, env=env)
        assert result.returncode == 0, f"{block.where}:\n{result.stdout[-6000:]}"
        written = len(re.findall(r"^(?:async )?def test_", block.code, flags=re.MULTILINE))
        passed = re.search(rf"(?<!\d){written} passed", result.stdout)
        assert passed, f"{block.where}: {written} tests written:\n{result.stdout[-6000:]}"
        assert "failed" not in result.stdout and "skipped" not in result.stdout
