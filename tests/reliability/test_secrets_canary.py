"""A canary API key through every error path of both clients and the CLI, at debug log level.

Two canaries: a wrong key (401s, plus injected 429/503, a timeout and a refused connection
while it is in use) and the emulator's own key (successful flows, an export to files, and the
404/400/415/not-ready/wait-timeout/bad-argument paths). Neither may appear in any exception
text, repr or attribute, log record, CLI stdout/stderr (with --debug and CLOUDGLUE_LOG=debug),
or any file under the temp dirs the test controls (exports, HOME, the emulator's data dir).
The emulator prints its own key on stdout by design (not checked); its log (stderr, at debug
level) must hold neither key.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import socket
import subprocess
import sys
import traceback
import uuid
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from cloudglue_client import (
    APIConnectionError,
    APITimeoutError,
    AsyncCloudglue,
    AuthenticationError,
    BadRequestError,
    Cloudglue,
    InternalServerError,
    JobNotReadyError,
    NotFoundError,
    RateLimitError,
    UnsupportedMediaTypeError,
    WaitTimeoutError,
    uniform,
)
from cloudglue_client.cli import main as cli_main
from cloudglue_emulator.testing import RunningEmulator, running

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.slow,
]  # CLI subprocesses at debug level on an emulator subprocess

WRONG = f"cg-canary-wrong-{uuid.uuid4().hex}"
RIGHT = f"cg-canary-right-{uuid.uuid4().hex}"
CANARIES = (WRONG, RIGHT)
CLI_TIMEOUT = 60.0


@dataclass
class Scanner:
    """Collects every place checked and every place a canary showed up."""

    places: int = 0
    leaks: list[str] = field(default_factory=list)

    def text(self, where: str, text: str | bytes) -> None:
        self.places += 1
        data = text if isinstance(text, bytes) else text.encode("utf-8", "replace")
        for canary in CANARIES:
            if canary.encode() in data:
                self.leaks.append(f"{where}: {'wrong' if canary == WRONG else 'right'} key")

    def exception(self, where: str, exc: BaseException) -> None:
        self.text(f"{where} str", str(exc))
        self.text(f"{where} repr", repr(exc))
        self.text(f"{where} args", repr(exc.args))
        self.text(f"{where} traceback", "".join(traceback.format_exception(exc)))
        for name, value in vars(exc).items():
            self.text(f"{where} .{name}", repr(value))

    def records(self, where: str, records: list[logging.LogRecord]) -> None:
        formatter = logging.Formatter("%(name)s %(levelname)s %(message)s")
        for record in records:
            self.text(f"{where} log {record.name}", formatter.format(record))
            self.text(f"{where} log args", repr(record.args))
            for key, value in vars(record).items():
                if key not in ("msg", "args", "exc_info", "exc_text", "message"):
                    self.text(f"{where} log extra {key}", repr(value))

    def tree(self, where: str, root: Path) -> None:
        for path in sorted(root.rglob("*")):
            if path.is_file() and not path.is_symlink():
                self.text(f"{where} file {path.relative_to(root)}", path.read_bytes())

    def assert_clean(self) -> None:
        assert self.places > 0
        assert not self.leaks, self.leaks[:20]


@dataclass
class Ids:
    file_id: str
    frames_id: str
    seg_id: str
    clip: Path


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("canary")


@pytest.fixture(scope="module")
def emulator(workspace: Path) -> Iterator[RunningEmulator]:
    args = ["--log-level", "debug"]
    with running(data_dir=workspace / "data", api_key=RIGHT, extra_args=args) as emu:
        yield emu


@pytest.fixture(scope="module")
def ids(emulator: RunningEmulator, workspace: Path, small_clip: Path) -> Ids:
    clip = small_clip
    with Cloudglue(api_key=RIGHT, base_url=emulator.base_url) as cg:
        f = cg.files.upload(clip, wait=True, wait_timeout=60)
        fx = cg.frames.create(f.id, frames_per_second=2, wait=True, wait_timeout=60)
        seg = cg.segmentations.create(f.id, uniform(1), wait=True, wait_timeout=60)
    return Ids(f.id, str(fx.frame_extraction_id), str(seg.segmentation_id), clip)


@pytest.fixture
def debug_logs(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.DEBUG)  # every logger: cloudglue_client, httpx, httpcore, ...
    caplog.set_level(logging.DEBUG, logger="cloudglue_client")
    return caplog


def sync_calls(cg: Cloudglue, ids: Ids) -> dict[str, Callable[[], object]]:
    """Every operation of the sync client (with real ids, so only the key can be wrong)."""
    return {
        "files.upload": lambda: cg.files.upload(ids.clip, metadata={"a": 1}),
        "files.get": lambda: cg.files.get(ids.file_id),
        "files.list": lambda: list(cg.files.list()),
        "files.wait": lambda: cg.files.wait(ids.file_id, timeout=5),
        "files.delete": lambda: cg.files.delete(ids.file_id),
        "frames.create": lambda: cg.frames.create(ids.file_id, frames_per_second=1),
        "frames.get": lambda: cg.frames.get(ids.frames_id),
        "frames.iter_frames": lambda: list(cg.frames.iter_frames(ids.frames_id)),
        "frames.list": lambda: list(cg.frames.list(ids.file_id)),
        "frames.wait": lambda: cg.frames.wait(ids.frames_id, timeout=5),
        "frames.delete": lambda: cg.frames.delete(ids.frames_id),
        "segmentations.create": lambda: cg.segmentations.create(ids.file_id, uniform(1)),
        "segmentations.get": lambda: cg.segmentations.get(ids.seg_id),
        "segmentations.iter_segments": lambda: list(cg.segmentations.iter_segments(ids.seg_id)),
        "segmentations.list": lambda: list(cg.segmentations.list(ids.file_id)),
        "segmentations.thumbnails": lambda: list(cg.segmentations.thumbnails(ids.seg_id)),
        "segmentations.wait": lambda: cg.segmentations.wait(ids.seg_id, timeout=5),
        "segmentations.delete": lambda: cg.segmentations.delete(ids.seg_id),
    }


def async_calls(cg: AsyncCloudglue, ids: Ids) -> dict[str, Callable[[], Awaitable[object]]]:
    async def collect(pager: Any) -> list[Any]:
        return [item async for item in pager]

    return {
        "files.upload": lambda: cg.files.upload(ids.clip),
        "files.get": lambda: cg.files.get(ids.file_id),
        "files.list": lambda: collect(cg.files.list()),
        "files.wait": lambda: cg.files.wait(ids.file_id, timeout=5),
        "files.delete": lambda: cg.files.delete(ids.file_id),
        "frames.create": lambda: cg.frames.create(ids.file_id, frames_per_second=1),
        "frames.get": lambda: cg.frames.get(ids.frames_id),
        "frames.iter_frames": lambda: collect(cg.frames.iter_frames(ids.frames_id)),
        "frames.list": lambda: collect(cg.frames.list(ids.file_id)),
        "frames.wait": lambda: cg.frames.wait(ids.frames_id, timeout=5),
        "frames.delete": lambda: cg.frames.delete(ids.frames_id),
        "segmentations.create": lambda: cg.segmentations.create(ids.file_id, uniform(1)),
        "segmentations.get": lambda: cg.segmentations.get(ids.seg_id),
        "segmentations.iter_segments": lambda: collect(cg.segmentations.iter_segments(ids.seg_id)),
        "segmentations.list": lambda: collect(cg.segmentations.list(ids.file_id)),
        "segmentations.thumbnails": lambda: collect(cg.segmentations.thumbnails(ids.seg_id)),
        "segmentations.wait": lambda: cg.segmentations.wait(ids.seg_id, timeout=5),
        "segmentations.delete": lambda: cg.segmentations.delete(ids.seg_id),
    }


def scan_emulator(scan: Scanner, emulator: RunningEmulator) -> None:
    """The emulator's log and access log (stderr) and stdout, minus the key line it prints."""
    scan.text("emulator log", emulator.log_text())
    lines = emulator.output_text().splitlines()
    scan.text("emulator stdout", "\n".join(x for x in lines if "CLOUDGLUE_API_KEY=" not in x))
    assert sum("CLOUDGLUE_API_KEY=" in x for x in lines) <= 1


async def async_get(base_url: str, frames_id: str, options: dict[str, Any]) -> object:
    async with AsyncCloudglue(api_key=WRONG, base_url=base_url, **options) as acg:
        return await acg.frames.get(frames_id)


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_wrong_key_never_leaks_from_either_client(
    emulator: RunningEmulator, ids: Ids, workspace: Path, debug_logs: pytest.LogCaptureFixture
) -> None:
    control = Scanner()
    control.exception("control", RuntimeError(f"Authorization: Bearer {WRONG}"))
    assert control.leaks  # the scanner does find a key where there is one
    scan = Scanner()
    errors = 0
    with Cloudglue(api_key=WRONG, base_url=emulator.base_url, max_retries=0) as cg:
        scan.text("repr(Cloudglue)", repr(cg))
        for name, call in sync_calls(cg, ids).items():
            with pytest.raises(AuthenticationError) as info:
                call()
            assert info.value.status_code == 401
            scan.exception(f"sync {name}", info.value)
            errors += 1

    async def run_async() -> list[tuple[str, BaseException]]:
        caught: list[tuple[str, BaseException]] = []
        async with AsyncCloudglue(api_key=WRONG, base_url=emulator.base_url, max_retries=0) as acg:
            scan.text("repr(AsyncCloudglue)", repr(acg))
            for name, call in async_calls(acg, ids).items():
                with pytest.raises(AuthenticationError) as info:
                    await call()
                caught.append((name, info.value))
        return caught

    for name, exc in asyncio.run(run_async()):
        scan.exception(f"async {name}", exc)
        errors += 1

    # The same key through the other error paths: 429, 503 after a retry, a timeout, no server.
    paths: list[tuple[dict[str, Any], type[BaseException], dict[str, Any]]] = [
        ({"throttle_rate": 1, "retry_after": 3600}, RateLimitError, {}),
        ({"fail_rate": 1, "retry_after": 0}, InternalServerError, {"max_retries": 1}),
        ({"latency_ms": 3000}, APITimeoutError, {"timeout": 0.3, "max_retries": 0}),
    ]
    try:
        for faults, expected, options in paths:
            emulator.set_faults(**faults)
            with Cloudglue(api_key=WRONG, base_url=emulator.base_url, **options) as cg:
                with pytest.raises(expected) as sync_info:
                    cg.files.get(ids.file_id)
                scan.exception(f"sync {expected.__name__}", sync_info.value)
            with pytest.raises(expected) as async_info:
                asyncio.run(async_get(emulator.base_url, ids.frames_id, options))
            scan.exception(f"async {expected.__name__}", async_info.value)
            errors += 2
            emulator.set_faults(throttle_rate=0, fail_rate=0, latency_ms=0, retry_after=1)
    finally:
        emulator.set_faults(throttle_rate=0, fail_rate=0, latency_ms=0, retry_after=1)
    nowhere = f"http://127.0.0.1:{closed_port()}/v1"
    with Cloudglue(api_key=WRONG, base_url=nowhere, max_retries=1) as cg:
        with pytest.raises(APIConnectionError) as refused:
            cg.frames.get(ids.frames_id)
        scan.exception("sync refused", refused.value)
    with pytest.raises(APIConnectionError) as async_refused:
        asyncio.run(async_get(nowhere, ids.frames_id, {"max_retries": 1}))
    scan.exception("async refused", async_refused.value)
    errors += 2

    scan.records("wrong key", debug_logs.records)
    assert any(r.name.startswith("cloudglue_client") for r in debug_logs.records)
    scan_emulator(scan, emulator)
    assert " 401 " in emulator.log_text()  # its access log did see the requests
    scan.tree("workspace", workspace)
    scan.assert_clean()
    print(
        f"\ncanary (wrong key): {errors} errors from both clients (401, 429, 503, timeout, "
        f"refused), {len(debug_logs.records)} log records, {scan.places} places scanned, 0 leaks"
    )


def test_right_key_flows_and_errors_never_leak(
    emulator: RunningEmulator, ids: Ids, workspace: Path, debug_logs: pytest.LogCaptureFixture
) -> None:
    scan = Scanner()
    text_file = workspace / "notes.mp4"
    text_file.write_text("not a video\n" * 10)
    missing = str(uuid.uuid4())
    errors = 0
    with Cloudglue(api_key=RIGHT, base_url=emulator.base_url, max_retries=0) as cg:
        f = cg.files.upload(ids.clip, metadata={"k": "v"}, wait=True, wait_timeout=60)
        fx = cg.frames.create(f.id, frames_per_second=5, wait=True, wait_timeout=60)
        frames = list(cg.frames.iter_frames(fx.frame_extraction_id))
        seg = cg.segmentations.create(f.id, uniform(1), wait=True, wait_timeout=60)
        segments = list(cg.segmentations.iter_segments(seg.segmentation_id))
        thumbs = list(cg.segmentations.thumbnails(seg.segmentation_id))
        listed = list(cg.files.list())
        for label, obj in (
            ("file", f),
            ("job", fx),
            ("seg", seg),
            ("frames", frames),
            ("segments", segments),
            ("thumbs", thumbs),
            ("list", listed),
        ):
            scan.text(f"result {label}", repr(obj))
        assert len(frames) == 10 and len(segments) == 2 and thumbs
        error_paths: dict[str, tuple[type[BaseException], Callable[[], object]]] = {
            "404": (NotFoundError, lambda: cg.files.get(missing)),
            "400": (BadRequestError, lambda: cg.frames.create(f.id, start_time_seconds=100)),
            "415": (UnsupportedMediaTypeError, lambda: cg.files.upload(text_file)),
            "bad argument": (ValueError, lambda: cg.frames.create(f.id, frames_per_second=999)),
            "bad id": (ValueError, lambda: cg.frames.get("not-a-uuid")),
        }
        for label, (expected, call) in error_paths.items():
            with pytest.raises(expected) as info:
                call()
            scan.exception(label, info.value)
            errors += 1
        emulator.set_faults(job_delay_seconds=5)
        try:
            slow = cg.frames.create(f.id, frames_per_second=3)
            with pytest.raises(JobNotReadyError) as not_ready:
                list(cg.frames.iter_frames(slow.frame_extraction_id))
            scan.exception("not ready", not_ready.value)
            with pytest.raises(WaitTimeoutError) as late:
                cg.frames.wait(slow.frame_extraction_id, timeout=0.3, poll_interval=0.1)
            scan.exception("wait timeout", late.value)
            errors += 2
        finally:
            emulator.set_faults(job_delay_seconds=0)

    async def run_async() -> list[BaseException]:
        caught: list[BaseException] = []
        async with AsyncCloudglue(api_key=RIGHT, base_url=emulator.base_url) as acg:
            done = await acg.frames.create(f.id, frames_per_second=2, wait=True)
            scan.text(
                "async result",
                repr([fr async for fr in acg.frames.iter_frames(done.frame_extraction_id)]),
            )
            try:
                await acg.files.get(missing)
            except NotFoundError as exc:
                caught.append(exc)
            try:
                await acg.files.upload(text_file)
            except UnsupportedMediaTypeError as exc:
                caught.append(exc)
        return caught

    caught = asyncio.run(run_async())
    assert len(caught) == 2
    for exc in caught:
        scan.exception(f"async {type(exc).__name__}", exc)
        errors += 1

    scan.records("right key", debug_logs.records)
    scan_emulator(scan, emulator)
    scan.tree("workspace", workspace)
    scan.assert_clean()
    print(
        f"\ncanary (right key): upload/frames/segments/thumbnails/list flows + {errors} errors "
        f"(404, 400, 415, not ready, wait timeout, bad arguments), {scan.places} places, 0 leaks"
    )


def run_cli(args: list[str], env: dict[str, str], cwd: Path) -> tuple[int, str, str]:
    done = subprocess.run(
        [sys.executable, "-m", "cloudglue_client.cli", *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=CLI_TIMEOUT,
        check=False,
    )
    return done.returncode, done.stdout, done.stderr


def test_cli_at_debug_level_never_prints_or_saves_the_key(
    emulator: RunningEmulator,
    ids: Ids,
    workspace: Path,
    tmp_path: Path,
    debug_logs: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
) -> None:
    scan = Scanner()
    home = tmp_path / "home"
    out = tmp_path / "exports"
    home.mkdir()
    out.mkdir()
    base = {k: v for k, v in os.environ.items() if not k.startswith("CLOUDGLUE_")}
    base.update(
        HOME=str(home),
        XDG_CACHE_HOME=str(home / ".cache"),
        XDG_CONFIG_HOME=str(home / ".config"),
        CLOUDGLUE_BASE_URL=emulator.base_url,
        CLOUDGLUE_LOG="debug",
    )
    wrong_env = {**base, "CLOUDGLUE_API_KEY": WRONG}
    right_env = {**base, "CLOUDGLUE_API_KEY": RIGHT}
    missing = str(uuid.uuid4())
    runs: list[tuple[list[str], dict[str, str], int]] = [
        (["--debug", "files", "list"], wrong_env, 3),
        (["--api-key", WRONG, "--debug", "frames", "get", ids.frames_id], base, 3),
        (["files", "upload", str(ids.clip), "--wait", f"--api-key={WRONG}", "--debug"], base, 3),
        (["--debug", "segmentations", "export", ids.seg_id], wrong_env, 3),
        (["--debug", "--json", "files", "upload", str(ids.clip), "--wait"], right_env, 0),
        (
            ["--debug", "--json", "frames", "create", ids.file_id, "--fps", "4", "--wait"],
            right_env,
            0,
        ),
        (["--debug", "files", "get", missing], right_env, 3),
        (["--api-key", RIGHT, "--debug", "files", "list"], base, 0),
    ]
    outputs, stderrs = [], []
    for args, env, expected in runs:
        code, stdout, stderr = run_cli(args, env, tmp_path)
        assert code == expected, (args, code, stderr[-2000:])
        label = " ".join(a for a in args if a not in CANARIES)[:60]
        scan.text(f"cli stdout [{label}]", stdout)
        scan.text(f"cli stderr [{label}]", stderr)
        outputs.append(stdout)
        stderrs.append(stderr)
    assert all("cloudglue_client" in e for e in stderrs)  # every run really logged requests
    job_id = json.loads(outputs[5])["frame_extraction_id"]
    frames_file, segments_file = out / "frames.jsonl", out / "segments.csv"
    exports = [
        ["--debug", "frames", "export", job_id, "-o", str(frames_file)],
        ["--debug", "segmentations", "export", ids.seg_id, "--format", "csv"],
    ]
    exports[1] += ["--output", str(segments_file)]
    for args in exports:
        code, stdout, stderr = run_cli(args, right_env, tmp_path)
        assert code == 0, stderr[-2000:]
        scan.text("cli export stdout", stdout)
        scan.text("cli export stderr", stderr)
    assert len(frames_file.read_text().splitlines()) == 8
    assert len(segments_file.read_text().splitlines()) == 3  # header + 2 segments

    # In process as well: main(argv) with --debug (the CLI's own handler), captured output.
    in_process = [
        (["--api-key", WRONG, "--debug", "files", "get", ids.file_id], 3),
        (
            [
                "--api-key",
                RIGHT,
                "--base-url",
                emulator.base_url,
                "--debug",
                "segmentations",
                "export",
                ids.seg_id,
                "--format",
                "jsonl",
                "-o",
                str(out / "in-process.jsonl"),
            ],
            0,
        ),
    ]
    for argv, expected in in_process:
        if "--base-url" not in argv:
            argv = [*argv[:2], "--base-url", emulator.base_url, *argv[2:]]
        assert cli_main(argv) == expected
        captured = capsys.readouterr()
        scan.text("in-process stdout", captured.out)
        scan.text("in-process stderr", captured.err)
    scan.records("cli in-process", debug_logs.records)
    scan.tree("cli temp dir", tmp_path)
    scan.tree("workspace", workspace)
    scan_emulator(scan, emulator)
    scan.assert_clean()
    print(
        f"\ncanary (CLI): {len(runs) + len(exports)} subprocess runs at CLOUDGLUE_LOG=debug "
        f"--debug + {len(in_process)} in-process, exports to JSONL/CSV, {scan.places} places, "
        "0 leaks"
    )
