"""Per-request options, default headers and with_options, as openai-python users know them.

Each option must reach the wire on every request a method makes (pages, polls), stay off image
hosts, and be refused before anything is sent when it is wrong.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import httpx
import pytest

from cloudglue_client import APITimeoutError, Cloudglue, RateLimitError, _constants
from tests.support.fakeapi import FILE_ID, JOB_ID, SEG_ID, FakeAPI, frame_job, respond, segmentation
from tests.support.rawserver import RawServer

from .conftest import API_KEY, Flavor


def test_options_reach_every_request_a_method_makes(flavor: Flavor, api: FakeAPI) -> None:
    api.total_frames = 250
    options = {"extra_headers": {"X-Team": "video"}, "extra_query": {"trace": "on"}}
    frames = flavor.collect(lambda cg: cg.frames.iter_frames(JOB_ID, page_size=100, **options))
    assert len(frames) == 250 and len(api.requests) == 3
    for request in api.requests:
        assert request.headers["x-team"] == "video"
        assert request.url.params["trace"] == "on"
        assert request.headers["authorization"] == f"Bearer {API_KEY}"


def test_extra_query_wins_over_the_methods_own(flavor: Flavor, api: FakeAPI) -> None:
    flavor.call(lambda cg: cg.frames.get(JOB_ID, limit=5, extra_query={"limit": 7}))
    assert api.requests[0].url.params["limit"] == "7"


def test_extra_body_joins_the_json_body(flavor: Flavor, api: FakeAPI) -> None:
    api.script = [respond(200, frame_job("pending"))]
    flavor.call(lambda cg: cg.frames.create(FILE_ID, extra_body={"priority": "high"}))
    body = httpx.Response(200, content=api.requests[0].content).json()
    assert body["priority"] == "high" and body["strategy"] == "uniform"


def test_extra_body_joins_an_uploads_form(flavor: Flavor, api: FakeAPI, tmp_path: Path) -> None:
    clip = tmp_path / "clip.mp4"
    clip.write_bytes(b"\x00" * 100)
    api.script = [respond(200, {"id": FILE_ID, "uri": "cloudglue://f", "status": "pending"})]
    flavor.call(lambda cg: cg.files.upload(clip, extra_body={"folder": "raw"}))
    assert b'name="folder"\r\nContent-Type: text/plain\r\n\r\nraw' in api.requests[0].content


def test_max_retries_per_call(flavor: Flavor, api: FakeAPI) -> None:
    api.script = [respond(429, {"error": "slow"}, headers={"Retry-After": "0"})] * 5
    with pytest.raises(RateLimitError):
        flavor.call(lambda cg: cg.frames.get(JOB_ID, max_retries=0), max_retries=4)
    assert len(api.requests) == 1


def test_a_timeout_per_call_bounds_each_attempt(flavor: Flavor) -> None:
    from tests.support.rawserver import hang

    with RawServer(lambda request: hang) as server, pytest.raises(APITimeoutError):
        flavor.call(
            lambda cg: cg.frames.get(JOB_ID, timeout=0.3, max_retries=0),
            base_url=server.url,
        )


def test_wait_takes_the_options_of_its_polls(flavor: Flavor, api: FakeAPI) -> None:
    api.script = [respond(200, segmentation("processing")), respond(200, segmentation())]
    job = flavor.call(
        lambda cg: cg.segmentations.wait(SEG_ID, timeout=30, extra_headers={"X-Poll": "1"})
    )
    assert job.status == "completed"
    assert [r.headers["x-poll"] for r in api.requests] == ["1", "1"]


@pytest.mark.parametrize(
    ("call", "error", "text"),
    [
        (
            lambda cg: cg.frames.get(JOB_ID, extra_headers={"Authorization": "x"}),
            ValueError,
            "api_key=",
        ),
        (
            lambda cg: cg.frames.get(JOB_ID, extra_headers={"X-A": "a\r\nB: c"}),
            ValueError,
            "one line",
        ),
        (lambda cg: cg.frames.get(JOB_ID, extra_body={"a": 1}), TypeError, "extra_body"),
        (lambda cg: cg.frames.get(JOB_ID, timout=3), TypeError, "timout"),
        (lambda cg: cg.frames.get(JOB_ID, timeout=-1), ValueError, "timeout"),
        (lambda cg: cg.frames.get(JOB_ID, max_retries=1000), ValueError, "max_retries"),
        (lambda cg: cg.frames.get(JOB_ID, extra_query={"a": [1]}), TypeError, "extra_query"),
    ],
    ids=[
        "reserved header",
        "header injection",
        "body on a GET",
        "unknown",
        "timeout",
        "retries",
        "query",
    ],
)
def test_bad_options_are_refused_before_anything_is_sent(
    flavor: Flavor, api: FakeAPI, call: Any, error: type[Exception], text: str
) -> None:
    with pytest.raises(error, match=text):
        flavor.call(call)
    assert api.requests == []


def test_default_headers_and_with_options(api: FakeAPI) -> None:
    cg = Flavor("sync", api).client(default_headers={"X-App": "billing"})
    cg.frames.get(JOB_ID)
    copy = cg.with_options(default_headers={"X-App": "reports"}, api_key="cg-other-key")
    copy.frames.get(JOB_ID)
    sent = [(r.headers["x-app"], r.headers["authorization"]) for r in api.requests]
    assert sent == [("billing", f"Bearer {API_KEY}"), ("reports", "Bearer cg-other-key")]
    assert cg.default_headers == {"X-App": "billing"} and cg.stats.requests == 2
    assert "cg-other-key" not in repr(copy) and API_KEY not in repr(cg)
    with pytest.raises(ValueError, match="default_headers"):
        Flavor("sync", api).client(default_headers={"User-Agent": "me"})


def test_a_copy_on_another_base_url_sends_its_key_only_there(api: FakeAPI) -> None:
    with RawServer(api.handle) as other:
        cg = Flavor("sync", api).client()
        moved = cg.with_options(base_url=other.url, api_key="cg-moved")
        moved.frames.get(JOB_ID)
        cg.frames.get(JOB_ID)
    ports = [(r.url.port, r.headers["authorization"]) for r in api.requests]
    assert ports == [
        (other.port, "Bearer cg-moved"),
        (httpx.URL(api.url).port, f"Bearer {API_KEY}"),
    ]


def test_options_of_a_download_apply_to_its_pages_not_its_images(
    flavor: Flavor, api: FakeAPI, tmp_path: Path
) -> None:
    from .test_download import Images

    images = Images(api, total=5)
    result = flavor.call(
        lambda cg: cg.frames.download(JOB_ID, tmp_path, extra_headers={"X-Team": "v"})
    )
    assert result.downloaded == 5
    pages = [r for r in api.requests if "/frames/" in r.url.path]
    assert pages and all(r.headers.get("x-team") == "v" for r in pages)
    assert all("x-team" not in h for h in images.image_headers)


def test_a_cloudglue_client_is_typed_with_the_options(api: FakeAPI) -> None:
    cg: Cloudglue = Flavor("sync", api).client()
    assert cg.frames.get(JOB_ID, timeout=5.0, max_retries=1).status == "completed"


_LOW, _HIGH = _constants.MIN_TIMEOUT, _constants.MAX_TIMEOUT
_OUT_OF_RANGE = [
    math.nextafter(_LOW, 0.0),
    math.nextafter(_HIGH, math.inf),
    0,
    -5,
    1e10,  # past the platform's time_t limit of a sync socket's timeout
    1e300,
    math.inf,
    math.nan,
    httpx.Timeout(-5.0),
    httpx.Timeout(5.0, read=1e10),
    httpx.Timeout(5.0, pool=0.0),
    httpx.Timeout(None, write=math.inf),
]


def _set_timeout(where: str, value: object) -> Any:
    """A call that gives `value` as the timeout of the client, of a copy, or of one call."""
    if where == "constructor":  # the client is made with `timeout=value`
        return lambda cg: cg.frames.get(JOB_ID)
    if where == "with_options":
        return lambda cg: cg.with_options(timeout=value).frames.get(JOB_ID)
    return lambda cg: cg.frames.get(JOB_ID, timeout=value)


@pytest.mark.parametrize("where", ["constructor", "with_options", "per call"])
@pytest.mark.parametrize("value", _OUT_OF_RANGE, ids=repr)
def test_a_timeout_out_of_range_is_refused_before_anything_is_sent(
    flavor: Flavor, api: FakeAPI, where: str, value: object
) -> None:
    pattern = r"^timeout(\.(connect|read|write|pool))?: .* allowed 0\.001\.\.86400 seconds$"
    kw = {"timeout": value} if where == "constructor" else {}
    with pytest.raises(ValueError, match=pattern):
        flavor.call(_set_timeout(where, value), **kw)
    assert api.requests == []


def test_the_part_of_a_timeout_out_of_range_is_named() -> None:
    with pytest.raises(ValueError, match=r"^timeout\.read: 10000000000\.0 is out of range"):
        Cloudglue(api_key="k", timeout=httpx.Timeout(5.0, read=1e10))
    with pytest.raises(TypeError, match=r"^timeout\.pool: expected a number \(0\.001\.\.86400"):
        Cloudglue(api_key="k", timeout=httpx.Timeout(5.0, pool="9"))  # type: ignore[arg-type]


@pytest.mark.parametrize("where", ["constructor", "with_options", "per call"])
def test_a_timeout_at_the_ceiling_works_on_both_clients(
    flavor: Flavor, api: FakeAPI, where: str
) -> None:
    kw = {"timeout": _HIGH} if where == "constructor" else {}
    assert flavor.call(_set_timeout(where, _HIGH), **kw).status == "completed"
    # Not the floor here: a 1 ms connect can miss on a loaded machine (the floor is sent as
    # given, below).
    whole = httpx.Timeout(connect=5.0, read=_HIGH, write=_HIGH, pool=5.0)
    kw = {"timeout": whole} if where == "constructor" else {}
    assert flavor.call(_set_timeout(where, whole), **kw).status == "completed"
    assert len(api.requests) == 2


def _sent_timeouts(api: FakeAPI, **options: Any) -> dict[str, float]:
    """The timeout extension of a request made with `options` (the clock stands still, so
    each part is as given)."""
    seen: list[dict[str, float]] = []

    def capture(request: httpx.Request) -> None:
        seen.append(request.extensions["timeout"])

    api.route = capture
    Flavor("sync", api).call(lambda cg: cg.frames.get(JOB_ID, **options), mock=True)
    return seen[0]


def test_timeout_parts_at_the_floor_and_ceiling_are_sent_as_given(api: FakeAPI) -> None:
    given = httpx.Timeout(connect=_LOW, read=_HIGH, write=_LOW, pool=_HIGH)
    sent = _sent_timeouts(api, timeout=given)
    assert sent == {"connect": _LOW, "read": _HIGH, "write": _LOW, "pool": _HIGH}


def test_a_part_of_none_is_never_no_timeout(api: FakeAPI) -> None:
    # A None part gets the largest other part; all None is the client's default.
    sent = _sent_timeouts(api, timeout=httpx.Timeout(None, read=7.0, connect=2.0))
    assert sent == {"connect": 2.0, "read": 7.0, "write": 7.0, "pool": 7.0}
    sent = _sent_timeouts(api, timeout=httpx.Timeout(None))
    assert sent == {"connect": 10.0, "read": 60.0, "write": 60.0, "pool": 60.0}


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda cg: cg.frames.get(JOB_ID, timout=3),
            "unexpected keyword argument 'timout' (not a parameter of this method, nor a "
            "request option; the request options are extra_headers, extra_query, max_retries, "
            "timeout); did you mean 'timeout'?",
        ),
        (
            lambda cg: cg.frames.create(FILE_ID, frames_per_sec=1),
            "unexpected keyword argument 'frames_per_sec' (not a parameter of this method, nor "
            "a request option; the request options are extra_body, extra_headers, extra_query, "
            "max_retries, timeout)",
        ),
        (
            lambda cg: cg.frames.get(JOB_ID, extra_body={"a": 1}),
            "unexpected keyword argument 'extra_body' (this method sends no body; the request "
            "options are extra_headers, extra_query, max_retries, timeout)",
        ),
    ],
    ids=["close to an option", "far from any option", "a body option without a body"],
)
def test_a_mistyped_keyword_is_not_blamed_on_the_options_alone(
    flavor: Flavor, api: FakeAPI, call: Any, message: str
) -> None:
    with pytest.raises(TypeError) as info:
        flavor.call(call)
    assert str(info.value) == message
    assert api.requests == []


def test_a_mistyped_keyword_of_an_iterator_is_named(flavor: Flavor, api: FakeAPI) -> None:
    with pytest.raises(TypeError, match=r"^unexpected keyword argument 'page_sizee' \(not a"):
        flavor.collect(lambda cg: cg.frames.iter_frames(JOB_ID, page_sizee=5))
    assert api.requests == []
