"""Without the `emulator` extra, the command, running() and the pytest fixtures say which
extra to install (not a bare ModuleNotFoundError). Its modules are hidden in a subprocess by
a meta-path finder, as if they were not installed."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import cloudglue_client

HINT = "install it with: pip install 'cloudglue-client[emulator]'"
#: Runs first in each subprocess: importing uvicorn or av fails as when they are not installed.
HIDE = textwrap.dedent(
    """
    import sys

    class _NotInstalled:
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in ("uvicorn", "av"):
                raise ModuleNotFoundError(f"No module named {name!r}", name=name)
            return None

    sys.meta_path.insert(0, _NotInstalled())
    """
)


def python(code: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", HIDE + textwrap.dedent(code)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_command_names_the_extra(tmp_path: Path) -> None:
    result = python(
        """
        from cloudglue_emulator.cli import main
        sys.exit(main(["serve", "--port", "0"]))
        """,
        tmp_path,
    )
    assert result.returncode == 1, result.stderr
    assert result.stderr.strip() == (
        "cloudglue-emulator: cloudglue-emulator serve needs the 'emulator' extra, which is not "
        f"installed (missing: av, uvicorn); {HINT}"
    )
    assert result.stdout == ""  # no URL printed: nothing started


def test_version_works_without_the_extra(tmp_path: Path) -> None:
    result = python("from cloudglue_emulator.cli import main\nmain(['--version'])", tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"cloudglue-emulator {cloudglue_client.__version__} ")


def test_running_raises_a_module_not_found_error_naming_the_extra(tmp_path: Path) -> None:
    result = python(
        """
        import cloudglue_emulator
        try:
            with cloudglue_emulator.running():
                pass
        except ModuleNotFoundError as exc:
            print(type(exc).__name__, exc.name, exc, sep="|")
        """,
        tmp_path,
    )
    kind, name, message = result.stdout.strip().split("|")
    assert (kind, name) == ("MissingExtraError", "av")
    assert message.startswith("running the Cloudglue emulator needs the 'emulator' extra")
    assert message.endswith(HINT)


@pytest.mark.slow
def test_the_pytest_fixture_fails_with_the_hint(tmp_path: Path) -> None:
    (tmp_path / "conftest.py").write_text(HIDE)
    (tmp_path / "test_user.py").write_text("def test_uses_it(cloudglue):\n    pass\n")
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "1 error" in result.stdout
    assert (
        "the cloudglue_emulator pytest fixture needs the 'emulator' extra, which is not "
        f"installed (missing: av, uvicorn); {HINT}"
    ) in result.stdout
    assert "Traceback" not in result.stdout and "another exception" not in result.stdout
