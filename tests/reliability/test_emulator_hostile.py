"""Hostile input against a real emulator over loopback: the right status and message every
time, nothing outside the thumbnails readable, and the server keeps serving after each batch.

Goes beyond tests/emulator/api (in-process): real sockets, exact request targets (no client-side
URL normalization), malformed HTTP, streamed oversized bodies, symlinks in the data dir, and
a check that thumbnail tokens are uuid4 (122 random bits).
"""

from __future__ import annotations

import base64
import io
import json
import random
import re
import shutil
import socket
import sys
import time
import uuid
import wave
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from cloudglue_emulator.testing import RunningEmulator, running
from cloudglue_openapi.constraints import OPERATIONS
from tests.support.spec import operations as spec_operations

from .emulator_helpers import (
    all_pages,
    assert_serving,
    padded_video,
    raw_exchange,
    raw_request,
    wait_terminal,
)

pytestmark = [pytest.mark.e2e, pytest.mark.slow]  # an emulator subprocess under hostile clients

UNAUTHORIZED = {"error": "Invalid or missing API key"}
MAX_UPLOAD_MB = 1
SECRET_MARK = "cg-hostile-secret-outside-the-data-dir"
LEAK_MARKS = (b"root:", b"SQLite format 3", SECRET_MARK.encode(), b"ftyp", b"\xff\xd8\xff")
TOKEN_URL = re.compile(r"http://127\.0\.0\.1:\d+/thumbnails/([0-9a-f]{32})\.jpg")


@dataclass
class World:
    """A module emulator with one processed file, a frame extraction and a segmentation."""

    emu: RunningEmulator
    root: Path
    clip: bytes
    secret: Path
    file_id: str
    frames_id: str
    seg_id: str

    def client(self, **kwargs: Any) -> httpx.Client:
        kwargs.setdefault("headers", self.emu.headers)
        return httpx.Client(base_url=self.emu.base_url, timeout=30.0, **kwargs)

    def serving(self) -> None:
        assert_serving(self.emu, self.file_id)

    def file_total(self) -> int:
        with self.client() as c:
            return int(c.get("/files").json()["total"])

    def stored_uploads(self) -> set[str]:
        return {p.name for p in (self.emu.data_dir / "uploads").iterdir()}

    def tmp_entries(self) -> list[Path]:
        return list((self.emu.data_dir / "tmp").iterdir())


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory, small_clip: Path) -> Iterator[World]:
    root = tmp_path_factory.mktemp("hostile")
    clip = shutil.copyfile(small_clip, root / "clip.mp4")  # tests pad copies of it
    secret = root / "secret.txt"
    secret.write_text(SECRET_MARK)
    args = ["--max-upload-mb", str(MAX_UPLOAD_MB)]
    with running(data_dir=root / "data", extra_args=args) as emu:
        with httpx.Client(base_url=emu.base_url, headers=emu.headers, timeout=30.0) as c:
            with clip.open("rb") as handle:
                f = c.post("/files", files={"file": ("clip.mp4", handle, "video/mp4")}).json()
            wait_terminal(c, f"/files/{f['id']}", 30)
            body = {"strategy": "uniform", "uniform_config": {"frames_per_second": 30}}
            fx = c.post(f"/files/{f['id']}/frames", json=body).json()
            seg_body = {
                "strategy": "uniform",
                "uniform_config": {"window_seconds": 1},
                "keyframe_config": {"frames_per_segment": 2},
            }
            seg = c.post(f"/files/{f['id']}/segmentations", json=seg_body).json()
            for url in (
                f"/frames/{fx['frame_extraction_id']}",
                f"/segmentations/{seg['segmentation_id']}",
            ):
                assert wait_terminal(c, url, 60)["status"] == "completed"
        yield World(
            emu,
            root,
            clip.read_bytes(),
            secret,
            f["id"],
            fx["frame_extraction_id"],
            seg["segmentation_id"],
        )


def multipart(
    parts: Sequence[tuple[bytes, bytes]], boundary: str | None = None
) -> tuple[bytes, dict[str, str]]:
    """A hand-made multipart body: (Content-Disposition params and extra headers, content)."""
    b = boundary or f"hostile{uuid.uuid4().hex}"
    body = bytearray()
    for disposition, content in parts:
        body += b"--" + b.encode() + b"\r\nContent-Disposition: form-data; " + disposition
        body += b"\r\n\r\n" + content + b"\r\n"
    body += b"--" + b.encode() + b"--\r\n"
    return bytes(body), {"Content-Type": f"multipart/form-data; boundary={b}"}


def file_part(filename: bytes, content: bytes) -> tuple[bytes, bytes]:
    return b'name="file"; filename="' + filename + b'"\r\nContent-Type: video/mp4', content


# ---- auth ------------------------------------------------------------------------------


def operations(world: World) -> list[tuple[str, str]]:
    """(method, path) of every operation in openapi.yaml with real ids, plus the admin API."""
    ids = {
        "file_id": world.file_id,
        "frame_extraction_id": world.frames_id,
        "segmentation_id": world.seg_id,
        "segment_id": world.seg_id,  # any uuid: the key is checked before the id
    }
    ops = [(op.method, "/v1" + op.filled(ids)) for op in spec_operations()]
    assert len(ops) == len(OPERATIONS)
    admin = [(method, "/_emulator/faults") for method in ("GET", "PUT", "DELETE")]
    return [*ops, *admin]


def bad_authorizations(key: str) -> list[list[tuple[str, bytes]]]:
    basic = base64.b64encode(f"user:{key}".encode())
    values: list[bytes] = [
        b"",
        b"Bearer",
        b"Bearer ",
        b"Bearer wrong-key",
        f"Bearer {key}x".encode(),
        f"Bearer {key[:-1]}".encode(),
        f"Bearer {key.upper()}".encode(),
        f"Bearer {key} {key}".encode(),
        f"Bearer{key}".encode(),
        b"Basic " + basic,
        f"Token {key}".encode(),
        key.encode(),
        b"Bearer " + b"x" * 8000,
        "Bearer ключ-🔑".encode(),
        b"Bearer \xff\xfe",
    ]
    variants: list[list[tuple[str, bytes]]] = [[]]  # no header at all
    variants += [[("Authorization", v)] for v in values]
    variants.append([("X-API-Key", key.encode())])
    variants.append(
        [("Authorization", b"Bearer wrong"), ("Authorization", f"Bearer {key}".encode())]
    )
    return variants


def test_every_operation_rejects_missing_or_wrong_keys(world: World) -> None:
    emu = world.emu
    files_before, stored_before = world.file_total(), world.stored_uploads()
    upload_body, upload_headers = multipart([file_part(b"clip.mp4", world.clip)])
    cases = 0
    for method, path in operations(world):
        for auth in bad_authorizations(emu.api_key):
            # Raw bytes on the socket: httpx refuses some of these headers (e.g. "Bearer ").
            headers = [(k, v.decode("latin-1")) for k, v in auth]
            body = b""
            if method == "POST" and path.endswith("/files"):
                body = upload_body
                headers += list(upload_headers.items())
            elif method in ("POST", "PUT"):
                body = json.dumps(
                    {"strategy": "uniform"} if method == "POST" else {"latency_ms": 5000}
                ).encode()
                headers.append(("Content-Type", "application/json"))
            target = f"{path}?api_key={emu.api_key}"
            r = raw_request(emu.port, target, method=method, headers=headers, body=body)
            assert r.status == 401, (method, path, auth, r.status, r.body[:200])
            assert json.loads(r.body) == UNAUTHORIZED
            assert "\r\nwww-authenticate: bearer\r\n" in r.head.lower() + "\r\n"
            cases += 1
    # Nothing happened: no upload, nothing deleted, no fault switched on.
    assert world.file_total() == files_before and world.stored_uploads() == stored_before
    with world.client() as c:
        assert c.get(f"/frames/{world.frames_id}").status_code == 200
        assert c.get(f"/segmentations/{world.seg_id}").status_code == 200
        assert c.get(f"{emu.origin}/_emulator/faults").json()["latency_ms"] == 0
    world.serving()
    print(f"\nhostile auth: {cases} requests with missing/wrong keys, all 401")


# ---- uploads ---------------------------------------------------------------------------

HOSTILE_NAMES: list[tuple[bytes, str | None]] = [
    (b"../../../../etc/passwd", "passwd"),
    (b"..\\..\\..\\windows\\win.ini", "win.ini"),
    (b"/etc/passwd", "passwd"),
    (b"C:\\Windows\\System32\\drivers\\etc\\hosts", "hosts"),
    (b"%2e%2e%2f%2e%2e%2fetc%2fpasswd", None),
    (b"....//....//etc/shadow", "shadow"),
    (b"thumbs/../emulator.sqlite3", "emulator.sqlite3"),
    (b"file:///etc/passwd", "passwd"),
    (b"\\\\server\\share\\x.mp4", "x.mp4"),
    (b"~/.ssh/authorized_keys", "authorized_keys"),
    (b"..", "upload"),
    (b".", "upload"),
    (b"", "upload"),
    (b".hidden.mp4", "hidden.mp4"),
    (b"a" * 3000 + b".mp4", "a" * 255),
    ("\u202egnp.mp4".encode(), "gnp.mp4"),
    (b"name\x01\x1f\x7f.mp4", "name.mp4"),
    ("../../ünïcødé/视频.mp4".encode(), "视频.mp4"),
]


def test_path_traversal_filenames_are_display_only(world: World) -> None:
    root_before = sorted(p.name for p in world.root.iterdir())
    ids = []
    with world.client() as c:
        for raw, expected in HOSTILE_NAMES:
            content, headers = multipart([file_part(raw, world.clip)])
            r = c.post("/files", content=content, headers=headers)
            assert r.status_code == 200, (raw, r.text)
            name = r.json()["filename"]
            if expected is not None:
                assert name == expected, raw
            assert name and "/" not in name and "\\" not in name and not name.startswith(".")
            assert len(name) <= 255 and name.isprintable()
            ids.append(r.json()["id"])
        # RFC 5987 `filename*` only: not used as a path either.
        content, headers = multipart(
            [(b"name=\"file\"; filename*=UTF-8''..%2F..%2Fetc%2Fpasswd", world.clip)]
        )
        r = c.post("/files", content=content, headers=headers)
        assert r.status_code == 200 and "/" not in r.json()["filename"]
        ids.append(r.json()["id"])
        for file_id in ids:
            assert wait_terminal(c, f"/files/{file_id}", 30)["status"] == "completed"
    # Stored under server-made names only; nothing written beside the data dir.
    data = world.emu.data_dir
    for path in data.rglob("*"):
        rel = path.relative_to(data).as_posix()
        for bad in ("passwd", "win.ini", "hosts", "shadow", "authorized_keys", "hidden", ".."):
            assert bad not in rel, rel
    assert {f"{i}.bin" for i in ids} <= world.stored_uploads()
    for name in world.stored_uploads():
        assert re.fullmatch(r"[0-9a-f-]{36}\.bin", name)
    assert sorted(p.name for p in world.root.iterdir()) == root_before
    world.serving()
    print(f"\nhostile filenames: {len(ids)} uploads, all stored as <uuid>.bin")


def wav_bytes() -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(8000)
        w.writeframes(b"\0\0" * 4000)
    return out.getvalue()


def zip_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("video.mp4", b"not really")
    return out.getvalue()


def test_non_video_content_is_415_with_a_reason(world: World) -> None:
    rng = random.Random(7)
    bodies = {
        "text": b"hello, not a video\n" * 100,
        "random": rng.randbytes(256 * 1024),
        "zip": zip_bytes(),
        "html": b"<!doctype html><html><body><video src=x></video></body></html>",
        "pdf": b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n",
        "json": b'{"video": true}',
        "elf": Path(sys.executable).read_bytes()[:65536],
        "wav": wav_bytes(),
        "truncated mp4": world.clip[: len(world.clip) // 2],
        "mp4 header only": world.clip[:64],
        "reversed mp4": world.clip[::-1],
    }
    files_before, stored_before = world.file_total(), world.stored_uploads()
    with world.client() as c:
        for label, content in bodies.items():
            r = c.post("/files", files={"file": (f"{label}.mp4", content, "video/mp4")})
            assert r.status_code == 415, (label, r.text)
            message = r.json()["error"]
            assert message.startswith("Unsupported media type: not a decodable video"), message
            for leak in (str(world.emu.data_dir), ".part", ".bin", "/tmp"):
                assert leak not in message, (label, message)
        assert (
            "no video stream"
            in c.post("/files", files={"file": ("a.wav", bodies["wav"])}).json()["error"]
        )
    assert world.file_total() == files_before and world.stored_uploads() == stored_before
    assert world.tmp_entries() == []
    world.serving()
    print(f"\nhostile content: {len(bodies)} non-video bodies, all 415")


def test_oversized_uploads_and_bodies_are_400(world: World) -> None:
    limit_message = f"file: larger than the upload limit of {MAX_UPLOAD_MB} MB"
    big = padded_video(world.root / "clip.mp4", world.root / "big.mp4", 32 * 1024 * 1024)
    files_before, stored_before = world.file_total(), world.stored_uploads()
    cases = 0
    with world.client() as c:
        for size in (MAX_UPLOAD_MB * 1024 * 1024 + 1024, 3 * 1024 * 1024):
            r = c.post("/files", files={"file": ("big.mp4", big.read_bytes()[:size])})
            assert r.status_code == 400 and r.json()["error"] == limit_message
            cases += 1
        with big.open("rb") as handle:  # 32 MiB streamed from disk
            r = c.post("/files", files={"file": ("big.mp4", handle, "video/mp4")})
        assert r.status_code == 400 and r.json()["error"] == limit_message
        head, headers = multipart([file_part(b"x.mp4", b"")], boundary="B")
        opening = head[: head.index(b"\r\n--B--")]

        def chunked() -> Iterator[bytes]:  # no Content-Length
            yield opening
            for _ in range(48):
                yield b"\0" * 65536
            yield b"\r\n--B--\r\n"

        r = c.post("/files", content=chunked(), headers=headers)
        assert r.status_code == 400 and r.json()["error"] == limit_message
        cases += 2
        checks: list[tuple[bytes, dict[str, str], str]] = []
        meta = multipart(
            [
                file_part(b"a.mp4", world.clip),
                (b'name="metadata"', b'"' + b"m" * (1024 * 1024 + 10) + b'"'),
            ]
        )
        checks.append((*meta, "metadata: text part longer than 1 MiB"))
        many = multipart([(f'name="f{i}"'.encode(), b"x") for i in range(40)])
        checks.append((*many, "body: too many multipart parts (at most 32)"))
        two = multipart([file_part(b"a.mp4", world.clip), file_part(b"b.mp4", world.clip)])
        checks.append((*two, "file: send exactly one file part"))
        for content, headers, message in checks:
            r = c.post("/files", content=content, headers=headers)
            assert r.status_code == 400 and r.json()["error"] == message, r.text
            cases += 1
        huge_json = json.dumps({"strategy": "uniform", "pad": "x" * (2 * 1024 * 1024)})
        for url in (
            f"/files/{world.file_id}/frames",
            f"/files/{world.file_id}/segmentations",
            f"{world.emu.origin}/_emulator/faults",
        ):
            method = "PUT" if "faults" in url else "POST"
            r = c.request(
                method, url, content=huge_json, headers={"Content-Type": "application/json"}
            )
            assert r.status_code == 400 and r.json()["error"] == "body: larger than 1 MiB"
            cases += 1
    assert world.file_total() == files_before and world.stored_uploads() == stored_before
    assert world.tmp_entries() == []
    world.serving()
    print(f"\nhostile sizes: {cases} oversized uploads/bodies, all 400")


# ---- JSON, content types, paging --------------------------------------------------------

INVALID_JSON: list[tuple[bytes, str]] = [
    (b"{", "body: invalid JSON"),
    (b'{"strategy": "uniform",}', "body: invalid JSON"),
    (b'{"strategy": "uniform"} trailing', "body: invalid JSON"),
    (b"", "body: required"),
    (b" \n\t ", "body: required"),
    (b"[]", "body: must be an object"),
    (b"null", "body: must be an object"),
    (b'"uniform"', "body: must be an object"),
    (b"1e999999", "body: invalid JSON"),  # overflows to infinity: could not be sent back
    (b"NaN", "body: invalid JSON"),
    (b"-Infinity", "body: invalid JSON"),
    (b'{"strategy": "uniform", "x": NaN}', "body: invalid JSON"),
    (b"[" * 100_000, "body: invalid JSON"),
    (b'{"a":' * 50_000, "body: invalid JSON"),
    (b'{"strategy": "uniform", "n": ' + b"1" * 5000 + b"}", "body: invalid JSON"),
    (b"\xc3\x28", "body: invalid JSON"),
    (b"\xff\xfe\x00{", "body: invalid JSON"),
    (b'{"strategy": "\\ud800"}', "body: invalid JSON"),  # a lone surrogate is not UTF-8
    (b'{"strategy": "uniform", "strategy": "evil"}', "strategy: must be one of"),
    (b'{"strategy": {"$ne": null}}', "strategy: must be one of"),
]


def test_invalid_json_bodies_are_400_naming_the_body(world: World) -> None:
    origin = world.emu.origin
    targets = [
        ("POST", f"/files/{world.file_id}/frames"),
        ("POST", f"/files/{world.file_id}/segmentations"),
    ]
    with world.client() as c:
        jobs_before = [
            c.get(f"/files/{world.file_id}/{k}").json()["total"]
            for k in ("frames", "segmentations")
        ]
        cases = 0
        for method, url in targets:
            for content, prefix in INVALID_JSON:
                r = c.request(
                    method, url, content=content, headers={"Content-Type": "application/json"}
                )
                assert r.status_code == 400, (url, content[:40], r.text)
                assert r.json()["error"].startswith(prefix), (content[:40], r.json())
                cases += 1
        for content, prefix in INVALID_JSON:
            if prefix.startswith("strategy"):
                continue
            r = c.put(
                f"{origin}/_emulator/faults",
                content=content,
                headers={"Content-Type": "application/json"},
            )
            assert r.status_code == 400 and r.json()["error"].startswith(prefix), r.text
            cases += 1
        numbers = {
            b"1e999": "body: invalid JSON",
            b"-1e999": "body: invalid JSON",
            b"1" * 400: "uniform_config.frames_per_second: must be a finite number",
            b"1" * 4000: "uniform_config.frames_per_second: must be a finite number",
        }
        for raw, prefix in numbers.items():
            body = b'{"strategy":"uniform","uniform_config":{"frames_per_second":' + raw + b"}}"
            r = c.post(targets[0][1], content=body, headers={"Content-Type": "application/json"})
            assert r.status_code == 400 and r.json()["error"].startswith(prefix), r.text
            cases += 1
        assert [
            c.get(f"/files/{world.file_id}/{k}").json()["total"]
            for k in ("frames", "segmentations")
        ] == jobs_before
    world.serving()
    print(f"\nhostile JSON: {cases} invalid bodies, all 400 naming the field")


def test_json_that_cannot_be_sent_back_is_400_and_never_poisons_listings(world: World) -> None:
    """Values JSON can carry but not send back (lone surrogates, numbers that overflow to
    infinity) are refused at the door: stored, they would make every later listing a 500."""
    origin = world.emu.origin
    files_before = world.file_total()
    cases = 0
    with world.client() as c:
        for meta in ('{"k": "\\ud800"}', '{"k": 1e999}', '{"k": [-1e999]}', '{"\\udfff": 1}'):
            r = c.post("/files", files={"file": ("a.mp4", world.clip)}, data={"metadata": meta})
            assert r.status_code == 400 and r.json()["error"].startswith("metadata: invalid JSON")
            cases += 1
        json_ctype = {"Content-Type": "application/json"}
        for url, method, body in (
            ("/files", "GET", None),
            (f"{origin}/_emulator/faults", "PUT", b'{"\\ud800": 1}'),
            (f"/files/{world.file_id}/frames", "POST", b'{"strategy": "uniform", "\\ud800": 1}'),
            (
                f"/files/{world.file_id}/segmentations",
                "POST",
                b'{"strategy": "manual", "manual_config": {"segments": [], "x": "\\ud800"}}',
            ),
        ):
            params = {"filter": '{"\\ud800": []}'} if method == "GET" else None
            r = c.request(method, url, content=body, params=params, headers=json_ctype)
            assert r.status_code == 400, (url, r.text)
            assert "invalid JSON" in r.json()["error"], r.text
            cases += 1
        assert c.get("/files").status_code == 200
    assert world.file_total() == files_before
    world.serving()
    print(f"\nhostile JSON values: {cases} unencodable values, all 400, listings intact")


def test_wrong_content_types_are_400(world: World) -> None:
    upload_message = "body: Content-Type must be multipart/form-data with a `file` part"
    good, good_headers = multipart([file_part(b"a.mp4", world.clip)], boundary="XyZ")
    video = padded_video(world.root / "clip.mp4", world.root / "padded.mp4", 600_000)
    padded, padded_headers = multipart([file_part(b"p.mp4", video.read_bytes())])
    cut_message = "body: malformed multipart data (no closing boundary)"
    uploads: list[tuple[dict[str, str], bytes, str]] = [
        ({"Content-Type": "application/json"}, b'{"file": "abc"}', upload_message),
        ({"Content-Type": "text/plain"}, world.clip, upload_message),
        ({"Content-Type": "application/x-www-form-urlencoded"}, b"file=abc", upload_message),
        ({"Content-Type": "video/mp4"}, world.clip, upload_message),
        ({"Content-Type": "multipart/mixed; boundary=XyZ"}, good, upload_message),
        ({}, good, upload_message),
        (
            {"Content-Type": "multipart/form-data"},
            good,
            "body: multipart boundary missing from Content-Type",
        ),
        (
            {"Content-Type": "multipart/form-data; boundary=Other"},
            good,
            "body: malformed multipart data",
        ),
        (
            {"Content-Type": "multipart/form-data; boundary=" + "B" * 5000},
            good,
            "body: bad multipart boundary",
        ),
        (good_headers, good[: len(good) // 2], cut_message),
        # Cut inside the padding of a decodable video: the part alone would probe fine, so
        # only the missing closing boundary tells that the file is partial.
        (padded_headers, padded[: len(padded) * 2 // 3], cut_message),
    ]
    json_message = "body: Content-Type must be application/json, got "
    body = json.dumps({"strategy": "uniform"}).encode()
    creates: list[tuple[dict[str, str], bytes, str]] = [
        ({"Content-Type": "text/plain"}, body, json_message + "text/plain"),
        (
            {"Content-Type": "application/x-www-form-urlencoded"},
            b"strategy=uniform",
            json_message + "application/x-www-form-urlencoded",
        ),
        (
            {"Content-Type": "multipart/form-data; boundary=XyZ"},
            good,
            json_message + "multipart/form-data",
        ),
        (
            {"Content-Type": "application/xml"},
            b"<strategy>uniform</strategy>",
            json_message + "application/xml",
        ),
        ({}, body, json_message + "none"),
        ({"Content-Type": "x" * 10_000}, body, json_message + "x" * 60 + "..."),
    ]
    files_before = world.file_total()
    cases = 0
    with world.client() as c:
        for headers, content, message in uploads:
            r = c.post("/files", content=content, headers=headers)
            assert r.status_code == 400, (headers, r.text)
            assert r.json()["error"].startswith(message), (headers, r.json())
            cases += 1
        for url in (f"/files/{world.file_id}/frames", f"/files/{world.file_id}/segmentations"):
            for headers, content, message in creates:
                r = c.post(url, content=content, headers=headers)
                assert r.status_code == 400 and r.json()["error"] == message, (headers, r.text)
                cases += 1
    assert world.file_total() == files_before and world.tmp_entries() == []
    world.serving()
    print(f"\nhostile content types: {cases} requests, all 400 with the reason")


HUGE_OFFSETS = [10**6, 2**62, 2**63 - 1, 2**63, 2**64, 10**199]
BAD_OFFSETS = ["-1", "1e3", "0x10", "", " 1", "+1", "1.0", "1" * 201, "١٢", "NaN"]
BAD_LIMITS = ["0", "101", "-1", "9" * 30, "abc", ""]


def test_huge_and_malformed_paging_values(world: World) -> None:
    paged = {
        "/files": None,
        f"/files/{world.file_id}/frames": None,
        f"/files/{world.file_id}/segmentations": None,
        f"/frames/{world.frames_id}": "frames",
        f"/segmentations/{world.seg_id}": "segments",
        f"/segmentations/{world.seg_id}/thumbnails": None,
    }
    cases = 0
    with world.client() as c:
        for url, key in paged.items():
            first = c.get(url).json()
            total = first["data"]["total"] if key else first["total"]
            assert total > 0
            for offset in HUGE_OFFSETS:
                r = c.get(url, params={"offset": str(offset)})
                assert r.status_code == 200, (url, offset, r.text)
                page = r.json()["data"] if key else r.json()
                items = page[key] if key else page["data"]
                assert items == [] and page["total"] == total and page["offset"] == offset
                cases += 1
            for raw in BAD_OFFSETS:
                r = c.get(url, params={"offset": raw})
                assert r.status_code == 400 and r.json()["error"].startswith("offset: must be"), (
                    url,
                    raw,
                    r.text,
                )
                cases += 1
            for raw in BAD_LIMITS:
                r = c.get(url, params={"limit": raw})
                assert r.status_code == 400 and r.json()["error"].startswith("limit: must be"), (
                    url,
                    raw,
                    r.text,
                )
                cases += 1
    world.serving()
    print(f"\nhostile paging: {cases} huge or malformed limit/offset values")


# ---- HTTP level ---------------------------------------------------------------------------


def test_malformed_http_does_not_take_the_server_down(world: World) -> None:
    port, key = world.emu.port, world.emu.api_key
    auth = f"Authorization: Bearer {key}\r\n".encode()
    upload_head = (
        b"POST /v1/files HTTP/1.1\r\nHost: x\r\n"
        + auth
        + b"Content-Type: multipart/form-data; boundary=B\r\n"
    )
    opening = b'--B\r\nContent-Disposition: form-data; name="file"; filename="a.mp4"\r\n\r\n'
    garbage: dict[str, bytes] = {
        "not http": b"GARBAGE\r\n\r\n",
        "binary": bytes(range(256)) * 4,
        "http/9.9": b"GET /v1/files HTTP/9.9\r\nHost: x\r\n\r\n",
        "nul in target": b"GET /thumbnails/\x00.jpg HTTP/1.1\r\nHost: x\r\n\r\n",
        "100 KB header": b"GET /v1/files HTTP/1.1\r\nHost: x\r\nX-Big: "
        + b"a" * 100_000
        + b"\r\n\r\n",
        "1000 headers": b"GET /v1/files HTTP/1.1\r\nHost: x\r\n"
        + b"".join(b"X-H%d: v\r\n" % i for i in range(1000))
        + b"\r\n",
        "bad chunk size": upload_head + b"Transfer-Encoding: chunked\r\n\r\nzz\r\n",
        "negative length": upload_head + b"Content-Length: -1\r\n\r\n",
        "length and chunked": upload_head
        + b"Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        "body cut short": upload_head
        + b"Content-Length: 1000000\r\n\r\n"
        + opening
        + world.clip[:1000],
        "huge length": upload_head + b"Content-Length: 1000000000000\r\n\r\n" + opening,
        "chunked cut short": upload_head
        + b"Transfer-Encoding: chunked\r\n\r\n"
        + b"%x\r\n" % len(opening)
        + opening
        + b"\r\n",
    }
    files_before = world.file_total()
    outcomes = {}
    for label, data in garbage.items():
        status = raw_exchange(port, data)
        outcomes[label] = status
        assert status is None or 400 <= status < 500 or status == 505, (label, status)
        world.serving()
    # Idle and half-sent connections do not block other clients.
    idle = [socket.create_connection(("127.0.0.1", port), timeout=10) for _ in range(50)]
    try:
        for sock in idle[:25]:
            sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        started = time.monotonic()
        world.serving()
        assert time.monotonic() - started < 5
    finally:
        for sock in idle:
            sock.close()

    def clean() -> bool:
        return world.tmp_entries() == []

    deadline = time.monotonic() + 10
    while not clean() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert clean(), world.tmp_entries()
    assert world.file_total() == files_before
    world.serving()
    print(
        f"\nhostile HTTP: {len(garbage)} malformed requests + 50 idle connections; "
        f"answers {sorted(outcomes.items())}"
    )


def test_hostile_filter_patterns_answer_quickly(tmp_path: Path, world: World) -> None:
    """LIKE patterns with many `%` must not backtrack exponentially (and stall the server)."""
    with running(data_dir=tmp_path / "data") as emu:
        with httpx.Client(base_url=emu.base_url, headers=emu.headers, timeout=15.0) as c:
            name = "a" * 200 + ".mp4"
            r = c.post(
                "/files",
                files={"file": (name, world.clip)},
                data={"metadata": json.dumps({"title": "a" * 5000})},
            )
            assert r.status_code == 200
            cases = [
                ("file", "filename", "%a" * 30 + "%b", 0),
                ("metadata", "title", "%a" * 30 + "%b", 0),
                ("file", "filename", "%_" * 40 + "%.mp4", 1),
                ("metadata", "title", "a%a%a%a%a%a%a%a", 1),
                ("metadata", "title", "%" + "a" * 4999 + "b%", 0),
                ("file", "filename", "A%.MP_", 1),
            ]
            for section, path, pattern, expected in cases:
                flt = json.dumps(
                    {section: [{"path": path, "operator": "Like", "valueText": pattern}]}
                )
                started = time.monotonic()
                r = c.get("/files", params={"filter": flt})
                elapsed = time.monotonic() - started
                assert r.status_code == 200 and r.json()["total"] == expected, (pattern, r.text)
                assert elapsed < 5, (pattern[:40], elapsed)
        assert_serving(emu)
    print(f"\nhostile filters: {len(cases)} backtracking-prone LIKE patterns answered quickly")


# ---- thumbnails ---------------------------------------------------------------------------


def thumbnail_urls(world: World) -> tuple[list[str], set[str]]:
    """Every thumbnail URL the API hands out, and every public id (file, jobs, items)."""
    urls: list[str] = []
    public: set[str] = {world.file_id, world.frames_id, world.seg_id}
    with world.client() as c:
        urls.append(c.get(f"/files/{world.file_id}").json()["thumbnail_url"])
        for frame in all_pages(c, f"/frames/{world.frames_id}", "frames"):
            urls.append(frame["thumbnail_url"])
            public.add(frame["id"])
        for segment in all_pages(c, f"/segmentations/{world.seg_id}", "segments"):
            urls.append(segment["thumbnail_url"])
            public.add(segment["id"])
        for thumb in all_pages(c, f"/segmentations/{world.seg_id}/thumbnails", "data"):
            urls.append(thumb["url"])
            public.add(thumb["id"])
    return urls, public


def test_thumbnail_urls_are_unguessable_uuid4_tokens(world: World) -> None:
    urls, public = thumbnail_urls(world)
    tokens = []
    for url in urls:
        match = TOKEN_URL.fullmatch(url)
        assert match, url
        tokens.append(match.group(1))
    distinct = set(tokens)
    segment_urls = len(urls) - len(distinct)  # segment thumbnails are listed twice
    assert len(distinct) >= 64
    public_hex = {uuid.UUID(i).hex for i in public}
    random_bits = 0
    for token in distinct:
        parsed = uuid.UUID(hex=token)
        assert parsed.version == 4 and parsed.variant == uuid.RFC_4122, token
        assert token not in public_hex  # not derived from an id the API shows
    # Each of the 122 random bits takes both values across the tokens (not sequential or
    # time-based); for 64+ tokens a bit stuck by chance has odds below 2**-63.
    fixed_bits = {48, 49, 50, 51, 64, 65}  # version nibble 0100, variant 10
    ints = [int(t, 16) for t in distinct]
    for bit in range(128):
        position = 127 - bit  # bit 0 is the most significant
        seen = {(n >> position) & 1 for n in ints}
        if bit in fixed_bits:
            assert len(seen) == 1
        else:
            assert seen == {0, 1}, bit
            random_bits += 1
    assert random_bits == 122
    # Every URL serves a JPEG without auth; a neighbour of a real token does not.
    with httpx.Client(timeout=10.0) as anonymous:
        for url in sorted(set(urls)):
            r = anonymous.get(url)
            assert r.status_code == 200 and r.headers["content-type"] == "image/jpeg"
            assert r.content.startswith(b"\xff\xd8") and "private" in r.headers["cache-control"]
        token = tokens[0]
        for neighbour in (token[:-1] + ("0" if token[-1] != "0" else "1"), token.upper()):
            r = anonymous.get(urls[0].replace(token, neighbour))
            assert r.status_code == 404 and r.json() == {"error": "Thumbnail not found"}
    print(
        f"\nthumbnails: {len(distinct)} distinct tokens ({len(urls)} URLs, {segment_urls} "
        f"listed twice), all uuid4 with {random_bits} random bits"
    )


def attack_targets(world: World) -> list[str]:
    data = world.emu.data_dir
    upload = f"{world.file_id}.bin"
    thumb_dir = data / "thumbs" / world.frames_id / "frames"
    on_disk = sorted(thumb_dir.iterdir())[0].relative_to(data).as_posix()
    token = TOKEN_URL.fullmatch(thumbnail_urls(world)[0][0])
    assert token
    real = token.group(1)
    secret = str(world.secret)
    targets = [
        "/thumbnails/../../../../etc/passwd",
        "/thumbnails/..%2f..%2f..%2f..%2fetc%2fpasswd",
        "/thumbnails/%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "/thumbnails/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/thumbnails/%252e%252e%252f%252e%252e%252fetc%252fpasswd",
        "/thumbnails/..%255c..%255cetc%255cpasswd",
        "/thumbnails/..%5c..%5c..%5cetc%5cpasswd",
        "/thumbnails/..\\..\\..\\etc\\passwd",
        "/thumbnails/%c0%ae%c0%ae%c0%afetc%c0%afpasswd",
        "/thumbnails//etc/passwd",
        "/thumbnails/%2fetc%2fpasswd",
        "/thumbnails/" + secret,
        "/thumbnails/" + quote(secret, safe=""),
        "/thumbnails/..%2f" + quote(world.secret.name),
        "/thumbnails/../../secret.txt",
        "/thumbnails/..%2f..%2fsecret.txt",
        "//etc/passwd",
        "/etc/passwd",
        "/../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        f"http://127.0.0.1:{world.emu.port}/thumbnails/../../etc/passwd",
        "/thumbnails/emulator.sqlite3",
        "/thumbnails/emulator.sqlite3-wal",
        "/thumbnails/emulator.sqlite3-shm",
        "/thumbnails/.lock",
        "/thumbnails/../emulator.sqlite3",
        "/thumbnails/..%2femulator.sqlite3",
        "/emulator.sqlite3",
        "/uploads/" + upload,
        "/thumbnails/" + upload,
        "/thumbnails/../uploads/" + upload,
        "/thumbnails/..%2fuploads%2f" + upload,
        "/thumbnails/" + uuid.UUID(world.file_id).hex + ".jpg",
        "/thumbnails/" + uuid.UUID(world.frames_id).hex + ".jpg",
        "/" + on_disk,
        "/thumbnails/" + on_disk,
        "/thumbnails/" + quote(on_disk, safe=""),
        "/thumbnails/" + on_disk.split("/", 1)[1],
        f"/thumbnails/{real}.jpg/../../emulator.sqlite3",
        f"/thumbnails/{real}.jpg%2f..%2f..%2femulator.sqlite3",
        f"/thumbnails/{real}.jpg%00.png",
        f"/thumbnails/{real}.jpg%00",
        f"/thumbnails/{real}",
        f"/thumbnails/{real}.png",
        f"/thumbnails/{real}.JPG",
        f"/thumbnails/{real}.jpg.",
        f"/thumbnails/{real}.jpg;.png",
        "/thumbnails/..;/emulator.sqlite3",
        "/thumbnails/%00",
        "/thumbnails/",
        "/thumbnails",
        "/thumbnails/" + "a" * 10_000 + ".jpg",
        "/thumbnails/" + "0" * 32 + ".jpg",
        "/thumbnails/" + "../" * 2_000 + "etc/passwd",
        "/v1/../thumbnails/../emulator.sqlite3",
        "/healthz/../emulator.sqlite3",
    ]
    return targets


def test_nothing_outside_the_thumbnails_can_be_read(world: World) -> None:
    data = str(world.emu.data_dir).encode()
    targets = attack_targets(world)
    statuses: dict[int, int] = {}
    for headers in ([], [("Authorization", f"Bearer {world.emu.api_key}")]):
        for target in targets:
            r = raw_request(world.emu.port, target, headers=headers)
            assert r.status in (400, 401, 404), (target[:120], r.status, r.body[:200])
            for mark in (*LEAK_MARKS, data):
                assert mark not in r.body, (target[:120], mark)
            statuses[r.status] = statuses.get(r.status, 0) + 1
    world.serving()
    print(
        f"\nthumbnail escapes: {len(targets)} targets x 2 (with and without key): "
        f"{dict(sorted(statuses.items()))}, none readable"
    )


def test_symlinked_thumbnails_are_not_followed_outside(world: World, tmp_path: Path) -> None:
    data = world.emu.data_dir
    with world.client() as c:
        body = {"strategy": "uniform", "uniform_config": {"frames_per_second": 0.5}}
        fx = c.post(f"/files/{world.file_id}/frames", json=body).json()
        job = wait_terminal(c, f"/frames/{fx['frame_extraction_id']}", 30)
    url = job["data"]["frames"][0]["thumbnail_url"]
    owner = data / "thumbs" / fx["frame_extraction_id"]
    [jpeg] = list((owner / "frames").iterdir())
    original = jpeg.read_bytes()
    assert httpx.get(url).content == original
    outside = tmp_path / "outside"
    (outside / "frames").mkdir(parents=True)
    (outside / "frames" / jpeg.name).write_bytes(original)  # a real image, but outside
    targets = {
        "secret outside the data dir": world.secret,
        "the database": data / "emulator.sqlite3",
        "a stored upload": data / "uploads" / f"{world.file_id}.bin",
        "/etc/passwd": Path("/etc/passwd"),
    }
    try:
        for label, target in targets.items():
            jpeg.unlink()
            jpeg.symlink_to(target)
            r = httpx.get(url)
            assert r.status_code == 404 and r.json() == {"error": "Thumbnail not found"}, label
        jpeg.unlink()
        jpeg.write_bytes(original)
        moved = owner.with_name(owner.name + ".moved")
        owner.rename(moved)
        owner.symlink_to(outside, target_is_directory=True)
        try:
            r = httpx.get(url)
            assert r.status_code == 404, "followed a symlinked folder out of thumbs/"
        finally:
            owner.unlink()
            moved.rename(owner)
    finally:
        if jpeg.is_symlink():
            jpeg.unlink()
        if not jpeg.exists():
            jpeg.write_bytes(original)
        shutil.rmtree(outside, ignore_errors=True)
    assert httpx.get(url).content == original  # the real one is served again
    world.serving()
    print(f"\nsymlinks: {len(targets) + 1} symlink swaps inside thumbs/, none followed out")
