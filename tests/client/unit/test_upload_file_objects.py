"""Binary file objects that are not plain files: a member of a zip or tar archive, a gzip, bz2
or xz stream. They are sent whole, as the bytes they read. A zip member's `mode` is 'r' and a
GzipFile's is an int, so a check of `mode` took them for text or failed on them; the `fileno`
of a compressed stream is the compressed file's, whose size is not what `read` returns.

A file object that cannot be read at all (closed, or open for writing only) is refused before
anything is sent, instead of failing mid-request as a connection error.
"""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import tarfile
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

import pytest

from tests.support.fakeapi import FakeAPI, respond

from .conftest import Flavor
from .test_uploads import FILE, parts

#: Bytes that compress well, so a compressed file's size is far from theirs.
DATA = b"frame " * 50_000


def zip_member(tmp: Path) -> IO[bytes]:
    archive = tmp / "clips.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("clip.mp4", DATA)
    return zipfile.ZipFile(archive).open("clip.mp4")


def tar_member(tmp: Path) -> IO[bytes]:
    archive = tmp / "clips.tar"
    with tarfile.open(archive, "w") as t:
        info = tarfile.TarInfo("clip.mp4")
        info.size = len(DATA)
        t.addfile(info, io.BytesIO(DATA))
    member = tarfile.open(archive).extractfile("clip.mp4")  # noqa: SIM115 - returned open
    assert member is not None
    return member


def compressed(module: Any, suffix: str) -> Callable[[Path], IO[bytes]]:
    def make(tmp: Path) -> IO[bytes]:
        path = tmp / f"clip.mp4.{suffix}"
        with module.open(path, "wb") as f:
            f.write(DATA)
        return module.open(path, "rb")  # type: ignore[no-any-return]

    return make


SOURCES = {
    "zip": zip_member,
    "tar": tar_member,
    "gzip": compressed(gzip, "gz"),
    "bz2": compressed(bz2, "bz2"),
    "xz": compressed(lzma, "xz"),
}


@pytest.mark.parametrize("kind", SOURCES)
def test_an_archive_member_or_compressed_stream_is_sent_as_it_reads(
    flavor: Flavor, api: FakeAPI, tmp_path: Path, kind: str
) -> None:
    api.script = [respond(200, FILE)]
    sizes: list[int | None] = []
    with SOURCES[kind](tmp_path) as source:
        flavor.call(
            lambda cg: cg.files.upload(
                source, filename="clip.mp4", on_progress=lambda sent, total: sizes.append(total)
            )
        )
    assert parts(api.requests[0])["file"] == DATA
    assert set(sizes) == {len(DATA)}


def closed_file(tmp: Path) -> IO[bytes]:
    (tmp / "clip.mp4").write_bytes(DATA)
    f = (tmp / "clip.mp4").open("rb")
    f.close()
    return f


def write_only(tmp: Path) -> IO[bytes]:
    return (tmp / "out.mp4").open("wb")


@pytest.mark.parametrize(
    ("make", "message"),
    [(closed_file, "file: the file object is closed"), (write_only, "file: not open for reading")],
)
def test_a_file_object_that_cannot_be_read_is_refused_before_sending(
    flavor: Flavor, api: FakeAPI, tmp_path: Path, make: Callable[[Path], IO[bytes]], message: str
) -> None:
    source = make(tmp_path)
    try:
        with pytest.raises(ValueError, match=message):
            flavor.call(lambda cg: cg.files.upload(source, filename="clip.mp4"))
    finally:
        source.close()
    assert api.requests == []
