"""`frames.download` against a scripted API and image host: faults, stale URLs, resume, keys."""

from __future__ import annotations

import json
import os
import threading
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from cloudglue_client import JobNotReadyError, NoThumbnailsError
from cloudglue_client import _constants as C
from tests.support.fakeapi import JOB_ID, FakeAPI, frame_id, frame_job, respond
from tests.support.rawserver import RawServer

from .conftest import API_KEY, Flavor


def origins(api: FakeAPI) -> tuple[str, str]:
    """The API's origin and the image host's: the same loopback server under another host
    name (`localhost` rather than 127.0.0.1), so another origin."""
    root = api.url.removesuffix("/v1")
    return root, root.replace("127.0.0.1", "localhost")


def body(i: int) -> bytes:
    """The bytes of frame i's image (distinct per frame, a few chunks long for some)."""
    return f"JPEG-{i:04d}-".encode() * (10 + 900 * (i % 3 == 0))


class BrokenStream(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A body that sends a first chunk, then the connection drops."""

    def __iter__(self) -> Iterator[bytes]:
        yield b"partial-"
        raise httpx.ReadError("connection reset mid-body")

    async def __aiter__(self) -> AsyncIterator[bytes]:
        yield b"partial-"
        raise httpx.ReadError("connection reset mid-body")


class Images:
    """Frame pages whose thumbnail URLs live on `origin`, and the image host itself.

    `faults[i]` lists what frame i's image answers first (a status, an exception class or
    "broken" for a body cut short). Bumping `version` makes every URL handed out so far stale
    (403); `gone` images answer 404 whatever their URL.
    """

    def __init__(self, api: FakeAPI, total: int = 30, origin: str | None = None) -> None:
        self.api = api
        self.total = total
        self.origin = origin or origins(api)[1]
        self.version = 0
        self.faults: dict[int, list[Any]] = {}
        self.gone: set[int] = set()
        self.page_reads: list[int] = []
        self.image_headers: list[httpx.Headers] = []
        self.stale_after_first_page = False
        self.urls: dict[int, str] = {}
        self._lock = threading.Lock()
        api.total_frames = total
        api.route = self.handle

    def url(self, i: int) -> str:
        return self.urls.get(i, f"{self.origin}/img/{i}.jpg?v={self.version}&sig=s3cr3t")

    def handle(self, request: httpx.Request) -> httpx.Response | None:
        if request.url.path.endswith(f"/frames/{JOB_ID}"):
            return self.page(request)
        if "/img/" in request.url.path:
            return self.image(request)
        return None

    def page(self, request: httpx.Request) -> httpx.Response:
        offset = int(request.url.params.get("offset", 0))
        limit = int(request.url.params.get("limit", 50))
        with self._lock:
            self.page_reads.append(offset)
            frames = [
                {"id": frame_id(i), "timestamp": i / 2, "thumbnail_url": self.url(i)}
                for i in range(offset, min(offset + limit, self.total))
            ]
            if self.stale_after_first_page:
                self.version += 1
        data = {"object": "list", "frames": frames, "total": self.total, "limit": limit}
        return httpx.Response(
            200, json=frame_job(frame_count=self.total, data=data | {"offset": offset})
        )

    def image(self, request: httpx.Request) -> httpx.Response:
        i = int(request.url.path.rsplit("/", 1)[1].split(".")[0])
        with self._lock:
            self.image_headers.append(request.headers)
            fault = self.faults.get(i, []).pop(0) if self.faults.get(i) else None
            stale = request.url.params.get("v") != str(self.version)
        if isinstance(fault, int):
            headers = {"Retry-After": "0"} if fault == 429 else {}
            return httpx.Response(fault, json={"error": "injected"}, headers=headers)
        if fault == "broken":
            return httpx.Response(200, stream=BrokenStream())
        if fault == "empty":
            return httpx.Response(200, content=b"", headers={"content-type": "image/jpeg"})
        if isinstance(fault, type):
            raise fault("injected", request=request)
        if i in self.gone or stale:
            return httpx.Response(404 if i in self.gone else 403, text="expired")
        return httpx.Response(200, content=body(i), headers={"content-type": "image/jpeg"})


def download(flavor: Flavor, target: Path, **kw: Any) -> Any:
    return flavor.call(lambda cg: cg.frames.download(JOB_ID, target, **kw))


def on_disk(target: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in target.iterdir() if p.name != C.MANIFEST_NAME}


def manifest(target: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (target / C.MANIFEST_NAME).read_text().splitlines()]


def assert_complete(target: Path, total: int) -> None:
    """Every image once, byte-identical, named in time order, listed in the manifest."""
    files = on_disk(target)
    assert not [n for n in files if n.endswith(C.TEMP_SUFFIX)]
    assert len(files) == total
    entries = manifest(target)
    assert [e["id"] for e in entries] == [frame_id(i) for i in range(total)]
    assert [e["path"] for e in entries] == sorted(files)  # names sort in time order
    for i, entry in enumerate(entries):
        assert entry["timestamp"] == i / 2
        assert files[entry["path"]] == body(i)
        assert entry["bytes"] == len(body(i))


def test_every_image_once_and_byte_identical_under_injected_faults(
    flavor: Flavor, api: FakeAPI, tmp_path: Path
) -> None:
    images = Images(api, total=120)
    images.faults = {
        3: [503, 500],
        7: [429],
        11: [httpx.ConnectError],
        12: [httpx.ReadTimeout],
        40: ["broken"],
        99: [502, "broken"],
    }
    seen: list[tuple[int, int, int]] = []
    result = download(flavor, tmp_path, concurrency=8, on_progress=lambda *a: seen.append(a))
    assert result.failed == []
    assert (result.downloaded, result.skipped, result.total) == (120, 0, 120)
    assert result.bytes == sum(len(body(i)) for i in range(120))
    assert result.manifest == tmp_path / C.MANIFEST_NAME
    assert_complete(tmp_path, 120)
    assert [s[0] for s in seen] == list(range(1, 121)) and seen[-1] == (120, 120, result.bytes)


def test_stale_urls_are_refreshed_once_by_rereading_their_page(
    flavor: Flavor, api: FakeAPI, tmp_path: Path
) -> None:
    images = Images(api, total=60)
    images.stale_after_first_page = True  # every URL handed out is stale by the time it is used
    result = download(flavor, tmp_path, concurrency=4)
    # Each refresh re-reads a page, which makes the URLs stale again: the second 403 is final.
    assert result.downloaded == 0 and len(result.failed) == 60
    assert all("403" in f.reason and "stale" in f.reason for f in result.failed)
    assert all(f.status_code == 403 for f in result.failed)

    images.stale_after_first_page = False
    images.version += 1  # the URLs handed out from now on stay fresh
    reads_before = len(images.page_reads)
    result = download(flavor, tmp_path / "again", concurrency=4)
    assert result.failed == [] and result.downloaded == 60
    assert len(images.page_reads) == reads_before + 1  # the page, read once


def test_stale_url_refreshed_to_a_working_one(flavor: Flavor, api: FakeAPI, tmp_path: Path) -> None:
    images = Images(api, total=150)
    images.urls = {
        120: f"{images.origin}/img/120.jpg?v=old"
    }  # the first read hands out an expired URL

    def fresh_on_reread(request: httpx.Request) -> httpx.Response | None:
        if request.url.path.endswith(f"/frames/{JOB_ID}") and 100 in images.page_reads:
            images.urls.clear()  # the second page, read again, gives a fresh URL
        return images.handle(request)

    api.route = fresh_on_reread
    result = download(flavor, tmp_path)
    assert result.failed == [] and result.downloaded == 150
    assert sorted(images.page_reads) == [0, 100, 100]  # only the stale image's page again
    assert_complete(tmp_path, 150)


def test_images_still_missing_are_listed_and_never_abort_the_others(
    flavor: Flavor, api: FakeAPI, tmp_path: Path
) -> None:
    images = Images(api, total=20)
    images.gone = {2, 15}
    images.faults = {5: [503, 503, 503]}  # more than max_retries=2
    result = download(flavor, tmp_path)
    failed = {f.id: f for f in result.failed}
    assert set(failed) == {frame_id(2), frame_id(15), frame_id(5)}
    assert "404" in failed[frame_id(2)].reason and "stale" in failed[frame_id(2)].reason
    assert failed[frame_id(5)].status_code == 503 and "stale" not in failed[frame_id(5)].reason
    assert "s3cr3t" not in " ".join(f.reason for f in result.failed)
    assert result.downloaded == 17 and len(manifest(tmp_path)) == 17
    assert not (tmp_path / failed[frame_id(2)].path).exists()


def test_failure_reasons_show_neither_credentials_nor_query_of_an_image_url(
    flavor: Flavor, api: FakeAPI, tmp_path: Path
) -> None:
    images = Images(api, total=3)
    images.urls = {1: "http://someone:pa55word@127.0.0.1:1/img/1.jpg?sig=s3cr3t"}  # refused
    result = download(flavor, tmp_path)
    [failed] = result.failed
    assert failed.id == frame_id(1) and "127.0.0.1:1/img/1.jpg" in failed.reason
    for secret in ("someone", "pa55word", "s3cr3t"):
        assert secret not in failed.reason
    assert result.downloaded == 2


def test_resume_after_an_interrupted_run_skips_what_is_complete(
    flavor: Flavor, api: FakeAPI, tmp_path: Path
) -> None:
    images = Images(api, total=60)
    images.faults = {25: ["broken"] * 3}  # cut off mid-body, every retry

    class Interrupted(Exception):
        pass

    def stop_at_30(done: int, total: int, nbytes: int) -> None:
        if done == 30:
            raise Interrupted

    with pytest.raises(Interrupted):
        download(flavor, tmp_path, concurrency=4, on_progress=stop_at_30)
    first = on_disk(tmp_path)
    assert not [n for n in first if n.endswith(C.TEMP_SUFFIX)]  # no temporary file left
    assert not (tmp_path / C.MANIFEST_NAME).exists()
    assert 1 <= len(first) < 60
    for name, data in first.items():  # whatever has its final name is complete
        i = int(next(e for e in range(60) if frame_id(e) in name))
        assert data == body(i)

    images.faults = {}
    result = download(flavor, tmp_path)
    assert result.failed == []
    assert result.skipped == len(first) and result.downloaded == 60 - len(first)
    assert_complete(tmp_path, 60)

    result = download(flavor, tmp_path)
    assert (result.downloaded, result.skipped, result.bytes) == (0, 60, 0)
    assert_complete(tmp_path, 60)
    result = download(flavor, tmp_path, overwrite=True)
    assert (result.downloaded, result.skipped) == (60, 0)
    assert_complete(tmp_path, 60)


def test_key_only_to_the_apis_own_origin(flavor: Flavor, api: FakeAPI, tmp_path: Path) -> None:
    api_origin, cdn = origins(api)
    with RawServer(api.handle) as other_port:  # the API's host on another port
        images = Images(api, total=6, origin=cdn)
        images.urls = {
            1: f"{api_origin}/img/1.jpg?v=0",
            2: f"http://127.0.0.1:{other_port.port}/img/2.jpg?v=0",
        }
        images.urls[3] = f"{api_origin}/v1/redirect/3"

        def route(request: httpx.Request) -> httpx.Response | None:
            if request.url.path == "/v1/redirect/3":
                images.image_headers.append(request.headers)
                return httpx.Response(302, headers={"Location": f"{cdn}/img/3.jpg?v=0"})
            return images.handle(request)

        api.route = route
        result = download(flavor, tmp_path)
    assert result.failed == [] and result.downloaded == 6
    by_origin: dict[str, list[httpx.Request]] = {}
    for request in api.requests:
        host = request.headers["host"]  # what the client addressed (the server sees 127.0.0.1)
        by_origin.setdefault(host, []).append(request)
    api_host = api_origin.removeprefix("http://")
    for host, requests in by_origin.items():
        keyed = {r.headers.get("authorization") for r in requests}
        if host == api_host:
            assert keyed == {f"Bearer {API_KEY}"}
        else:  # the image host, and the API's host on another port (another origin)
            assert keyed == {None}, host
    assert set(by_origin) == {api_host, cdn.removeprefix("http://"), f"127.0.0.1:{other_port.port}"}


def test_a_job_without_thumbnails_is_a_clear_error_before_anything_is_written(
    flavor: Flavor, api: FakeAPI, tmp_path: Path
) -> None:
    api.total_frames = 5  # the default pages carry no thumbnail_url
    target = tmp_path / "out"
    with pytest.raises(NoThumbnailsError, match=rf"{JOB_ID}.*thumbnails=True"):
        download(flavor, target)
    assert not target.exists()

    def disabled(request: httpx.Request) -> httpx.Response:
        config = {"strategy": "uniform", "thumbnails_config": {"enable_frame_thumbnails": False}}
        return httpx.Response(200, json=frame_job(frame_extraction_config=config))

    api.route = disabled
    with pytest.raises(NoThumbnailsError, match="thumbnails off"):
        download(flavor, target)


@pytest.mark.parametrize(
    ("kw", "error", "field"),
    [
        ({"concurrency": 0}, ValueError, "concurrency"),
        ({"concurrency": 1000}, ValueError, "concurrency"),
        ({"concurrency": "8"}, TypeError, "concurrency"),
        ({"overwrite": "yes"}, TypeError, "overwrite"),
        ({"on_progress": 3}, TypeError, "on_progress"),
    ],
)
def test_bad_arguments_fail_before_any_request(
    flavor: Flavor, api: FakeAPI, tmp_path: Path, kw: dict[str, Any], error: type, field: str
) -> None:
    with pytest.raises(error, match=field):
        download(flavor, tmp_path, **kw)
    (tmp_path / "file").write_text("x")
    with pytest.raises(ValueError, match="directory"):
        download(flavor, tmp_path / "file")
    with pytest.raises(ValueError, match="frame_extraction_id_or_job"):
        flavor.call(lambda cg: cg.frames.download("not-an-id", tmp_path))
    assert api.requests == []


def test_oversized_and_unusable_urls_fail_without_retries(
    flavor: Flavor, api: FakeAPI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    images = Images(api, total=4)
    images.urls = {1: "file:///etc/passwd", 2: "not a url at all"}
    monkeypatch.setattr(C, "MAX_IMAGE_BYTES", 5000)  # frame 0 and 3 are 9,000+ bytes
    result = download(flavor, tmp_path)
    reasons = {f.id: f.reason for f in result.failed}
    assert set(reasons) == {frame_id(0), frame_id(1), frame_id(2), frame_id(3)}
    assert "larger than" in reasons[frame_id(0)]
    assert "not http(s)" in reasons[frame_id(1)]
    image_requests = [r for r in api.requests if "/img/" in r.url.path]
    assert len(image_requests) == 2  # the two oversized ones, once each
    assert on_disk(tmp_path) == {}


def test_an_empty_image_is_a_failure_the_next_run_repairs(
    flavor: Flavor, api: FakeAPI, tmp_path: Path
) -> None:
    """A 200 with no bytes is no thumbnail: saved, it would count as downloaded and every
    later run would skip it."""
    images = Images(api, total=4)
    images.faults = {1: ["empty"]}
    images.urls = {3: "http:///img/3.jpg"}
    result = download(flavor, tmp_path)
    reasons = {f.id: f.reason for f in result.failed}
    assert set(reasons) == {frame_id(1), frame_id(3)}
    assert "empty body" in reasons[frame_id(1)] and "no host" in reasons[frame_id(3)]
    assert result.downloaded == 2 and not [p for p in on_disk(tmp_path) if not p.strip()]
    assert all(content for content in on_disk(tmp_path).values())
    images.urls = {}
    again = download(flavor, tmp_path)
    assert (again.downloaded, again.failed) == (2, [])
    assert_complete(tmp_path, 4)


def test_concurrency_is_bounded_and_really_used(api: FakeAPI, tmp_path: Path) -> None:
    images = Images(api, total=40)
    in_flight = peak = 0
    lock = threading.Lock()
    four_at_once = threading.Barrier(4, timeout=10)

    def route(request: httpx.Request) -> httpx.Response | None:
        nonlocal in_flight, peak
        if "/img/" not in request.url.path:
            return images.handle(request)
        with lock:
            in_flight += 1
            peak = max(peak, in_flight)
        try:
            if int(request.url.path.rsplit("/", 1)[1].split(".")[0]) < 4:
                four_at_once.wait()  # passes only when four downloads overlap
            return images.handle(request)
        finally:
            with lock:
                in_flight -= 1

    api.route = route
    result = download(Flavor("sync", api), tmp_path, concurrency=4)
    assert result.downloaded == 40 and peak == 4


def test_worker_threads_end_with_the_run_whether_it_finishes_or_raises(
    api: FakeAPI, tmp_path: Path
) -> None:
    Images(api, total=40)
    seen: set[threading.Thread] = set()

    def workers() -> list[threading.Thread]:
        return [t for t in threading.enumerate() if t.name.startswith("cloudglue-download")]

    def watch(done: int, total: int, size: int) -> None:
        seen.update(workers())

    result = download(Flavor("sync", api), tmp_path / "all", concurrency=4, on_progress=watch)
    assert result.downloaded == 40
    assert 1 <= len(seen) <= 4  # never more workers than the concurrency asked for
    assert workers() == []

    def stop_at_ten(done: int, total: int, size: int) -> None:
        if done == 10:
            raise RuntimeError("the caller's callback failed")

    with pytest.raises(RuntimeError, match="callback failed"):
        download(Flavor("sync", api), tmp_path / "part", concurrency=4, on_progress=stop_at_ten)
    assert workers() == []


def test_wait_true_waits_for_the_job_first(flavor: Flavor, api: FakeAPI, tmp_path: Path) -> None:
    images = Images(api, total=5)
    api.script = [respond(200, frame_job("processing")), respond(200, frame_job("processing"))]
    result = download(flavor, tmp_path, wait=True)
    assert result.downloaded == 5 and api.script == []  # polled past both "processing"
    assert images.page_reads == [0, 0]  # the wait's last poll, then the first page
    api.script = [respond(200, frame_job("processing"))]
    with pytest.raises(JobNotReadyError):  # without wait: a clear error, nothing written
        download(flavor, tmp_path / "not-yet")
    assert not (tmp_path / "not-yet").exists()


def test_a_run_remembers_every_name_it_gave_across_table_growth() -> None:
    # The run's name table grows from 1,024 slots: every name stays remembered through the
    # growths, and a name is refused exactly when it was given before.
    from cloudglue_client._download import _Names

    names = _Names()
    given = [f"{i:012d}_frame.jpg" for i in range(5_000)]
    assert all(names.add(name) for name in given)
    assert not any(names.add(name) for name in given[::3])
    assert names.add("one-more.jpg")


def test_an_exception_of_on_retry_during_an_images_retries_ends_the_run_as_it_is(
    flavor: Flavor, api: FakeAPI, tmp_path: Path
) -> None:
    # on_retry raising for an API call stops the call; for an image it must too, not become
    # that image's failure (the others would meet it too, and the run would return normally).
    class Stop(Exception):
        pass

    def on_retry(event: Any) -> None:
        raise Stop(event.operation)

    images = Images(api, total=4)
    images.faults = {1: [503]}
    with pytest.raises(Stop, match="download image"):
        flavor.call(
            lambda cg: cg.frames.download(JOB_ID, tmp_path, concurrency=1), on_retry=on_retry
        )
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(C.TEMP_PREFIX)]
    assert leftovers == [] and not (tmp_path / C.MANIFEST_NAME).exists()


def test_a_temporary_file_that_cannot_be_removed_does_not_end_the_run(
    flavor: Flavor, api: FakeAPI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first image's body is cut short and its temporary file cannot be deleted: the file
    is left behind (as after a crash) and the image is retried; nothing else changes."""
    images = Images(api, total=4)
    images.faults = {0: ["broken"]}
    unlink, refused = os.unlink, []

    def refuse_first_temp(path: Any, *args: Any, **kwargs: Any) -> None:
        if C.TEMP_SUFFIX in os.fspath(path) and not refused and os.path.exists(path):
            refused.append(path)
            raise PermissionError(13, "Permission denied", path)
        unlink(path, *args, **kwargs)

    monkeypatch.setattr(os, "unlink", refuse_first_temp)
    result = download(flavor, tmp_path, concurrency=1)
    assert refused, "the cut-short body's temporary file was never deleted"
    assert (result.downloaded, result.failed) == (4, [])
    monkeypatch.setattr(os, "unlink", unlink)
    for leftover in refused:
        os.remove(leftover)
    assert_complete(tmp_path, 4)


def test_a_name_taken_then_removed_by_another_run_fails_that_image_only(
    flavor: Flavor, api: FakeAPI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another run takes an image's name, then removes the file before it is measured: that
    image is a failure the next run repairs, not an OSError ending the whole run."""
    from cloudglue_client import _disk

    Images(api, total=3)
    commit = _disk.Sink.commit

    def taken_then_gone(sink: Any, *, replace: bool) -> None:
        if frame_id(1) in os.path.basename(sink.final):
            raise _disk.NameTaken(17, "another file took this name meanwhile")
        commit(sink, replace=replace)

    monkeypatch.setattr(_disk.Sink, "commit", taken_then_gone)
    result = download(flavor, tmp_path)
    assert result.downloaded == 2 and [f.id for f in result.failed] == [frame_id(1)]
    assert "another run" in result.failed[0].reason
    monkeypatch.setattr(_disk.Sink, "commit", commit)
    again = download(flavor, tmp_path)
    assert (again.downloaded, again.failed) == (1, [])
    assert_complete(tmp_path, 3)
