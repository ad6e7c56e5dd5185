"""Property-based: whatever a server sends, the wrapper returns a parsed object or raises a
CloudglueError; never KeyError/TypeError/AttributeError from inside, a loop or a hang.

Valid bodies are generated from openapi.yaml, then mutated. Seeds are fixed (derandomize), so
CI runs the same cases every time; the last test checks that at least 2,000 ran.
"""

from __future__ import annotations

import asyncio
import functools
import json
from collections import Counter
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cloudglue_client import AsyncCloudglue, Cloudglue, CloudglueError
from tests.support.spec_strategies import from_schema, response_schema

ID = "3c90c3cc-0d44-4b50-8888-8dd25736052a"
MAX_REQUESTS = 60
CASES: Counter[str] = Counter()

# operationId -> how the wrapper consumes it (iterating where the method paginates)
ACTIONS: dict[str, Callable[[Cloudglue], Any]] = {
    "getFrameExtraction": lambda cg: cg.frames.get(ID),
    "getSegmentation": lambda cg: cg.segmentations.get(ID),
    "getFile": lambda cg: cg.files.get("abc"),
    "listFiles": lambda cg: list(cg.files.list()),
    "listFileFrameExtractions": lambda cg: list(cg.frames.list(ID)),
    "listFileSegmentations": lambda cg: list(cg.segmentations.list(ID)),
    "getSegmentationThumbnails": lambda cg: list(cg.segmentations.thumbnails(ID)),
    "iterFrames": lambda cg: list(cg.frames.iter_frames(ID, prefetch=2)),
    "iterSegments": lambda cg: list(cg.segmentations.iter_segments(ID, prefetch=1)),
}
SCHEMA_OF = {"iterFrames": "getFrameExtraction", "iterSegments": "getSegmentation"}


class Server:
    """Serves whatever the current example says, and refuses to be looped on."""

    def __init__(self) -> None:
        self.responses: Callable[[int, httpx.Request], httpx.Response] = lambda n, r: (
            httpx.Response(500)
        )
        self.count = 0

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.count += 1
        if self.count > MAX_REQUESTS:
            raise AssertionError(f"client looped: {self.count} requests for one call")
        return self.responses(self.count, request)


SERVER = Server()
CLIENT = Cloudglue(
    api_key="cg-prop",
    base_url="https://api.test/v1",
    max_retries=1,
    http_client=httpx.Client(transport=httpx.MockTransport(SERVER.handle)),
)


@pytest.fixture(autouse=True)
def no_sleep(monkeypatch: pytest.MonkeyPatch) -> None:
    from cloudglue_client import _clock

    monkeypatch.setattr(_clock, "sleep", lambda s, wake=None: None)


def run(action: str, responses: Callable[[int, httpx.Request], httpx.Response]) -> Any:
    """Run one wrapper call; only parsed objects and CloudglueErrors may come out."""
    SERVER.responses, SERVER.count = responses, 0
    CASES[action] += 1
    try:
        return ACTIONS[action](CLIENT)
    except CloudglueError:
        return None


def json_response(body: Any, status: int = 200) -> Callable[[int, httpx.Request], httpx.Response]:
    data = json.dumps(body).encode()
    return lambda n, r: httpx.Response(
        status, content=data, headers={"content-type": "application/json"}
    )


@functools.cache
def bodies(action: str) -> st.SearchStrategy[Any]:
    """Valid bodies of the action's response (built once: the same strategy, so the same draws,
    without rebuilding and validating it for every example)."""
    return from_schema(response_schema(SCHEMA_OF.get(action, action)))


action_names = st.sampled_from(sorted(ACTIONS))


def cases(n: int) -> settings:
    """Fixed-seed settings for n examples."""
    return settings(
        max_examples=n,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


@cases(600)
@given(data=st.data(), action=action_names)
def _spec_valid_bodies_parse(data: st.DataObject, action: str) -> None:
    body = data.draw(bodies(action))
    # An answer must be about what was asked (the client checks it): the id of a single
    # object is the one requested, whatever the generator drew.
    asked = {"getFrameExtraction": ("frame_extraction_id", str(ID))}
    asked |= {"getSegmentation": ("segmentation_id", str(ID)), "getFile": ("id", "abc")}
    if action in asked and isinstance(body, dict):
        body[asked[action][0]] = asked[action][1]
    result = run(action, json_response(body))
    # single objects must parse; pages may legitimately end in a CloudglueError (a job that
    # is not completed, an envelope whose offset is not the one asked or is negative)
    if action in ("getFrameExtraction", "getSegmentation", "getFile"):
        assert result is not None, body


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix] if prefix else []
    if isinstance(value, dict):
        for k, v in value.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out += _paths(v, (*prefix, i))
    return out


def _set(body: Any, path: tuple[Any, ...], value: Any, delete: bool = False) -> Any:
    node = body
    for key in path[:-1]:
        node = node[key]
    if delete:
        del node[path[-1]]
    else:
        node[path[-1]] = value
    return body


WRONG_VALUES = st.sampled_from(
    [None, "zzz_unknown", 3.5, -1, True, [], {}, {"x": 1}, "", "9" * 40, [None]]
)


@st.composite
def mutated(draw: st.DrawFn, action: str) -> Callable[[int, httpx.Request], httpx.Response]:
    body = draw(bodies(action))
    raw = json.dumps(body).encode()
    kind = draw(
        st.sampled_from(
            [
                "truncate",
                "html",
                "retype",
                "drop",
                "null",
                "enum",
                "extra",
                "empty",
                "error200",
                "not_json",
                "status",
            ]
        )
    )
    paths = _paths(body)
    if kind == "truncate":
        cut = draw(st.integers(0, max(len(raw) - 1, 0)))
        return lambda n, r: httpx.Response(200, content=raw[:cut])
    if kind == "html":
        return lambda n, r: httpx.Response(
            502,
            content=b"<html><h1>502 Bad Gateway</h1></html>",
            headers={"content-type": "text/html"},
        )
    if kind == "empty":
        return lambda n, r: httpx.Response(200, content=b"")
    if kind == "error200":
        return json_response({"error": "looks like an error"})
    if kind == "not_json":
        return json_response(draw(st.sampled_from([[], "text", 42, None, [body]])))
    if kind == "status":
        return json_response(body, draw(st.sampled_from([201, 204, 302, 418, 451, 503])))
    if kind == "extra":
        target = draw(
            st.sampled_from([p for p in paths if isinstance(_get(body, p), dict)] or [()])
        )
        node = _get(body, target) if target else body
        if isinstance(node, dict):
            node[draw(st.text(min_size=1, max_size=8))] = draw(WRONG_VALUES)
        return json_response(body)
    if not paths:
        return json_response(body)
    path = draw(st.sampled_from(paths))
    if kind == "drop":
        return json_response(_set(body, path, None, delete=True))
    if kind == "null":
        return json_response(_set(body, path, None))
    if kind == "enum":
        return json_response(_set(body, path, "zzz_unknown"))
    return json_response(_set(body, path, draw(WRONG_VALUES)))


def _get(body: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        body = body[key]
    return body


@cases(1300)
@given(data=st.data(), action=action_names)
def _mutated_bodies_end_in_an_object_or_a_cloudglue_error(data: st.DataObject, action: str) -> None:
    run(action, data.draw(mutated(action)))


def _frames_page(total: int, offset: int, limit: int) -> dict[str, Any]:
    frames = [
        {"id": f"00000000-0000-4000-8000-{i:012d}", "timestamp": i}
        for i in range(offset, max(offset, min(offset + limit, total)))
    ]
    return {
        "frame_extraction_id": ID,
        "status": "completed",
        "created_at": 1,
        "file_id": ID,
        "frame_extraction_config": {"strategy": "uniform"},
        "frame_count": total,
        "data": {
            "object": "list",
            "frames": frames,
            "total": total,
            "limit": limit,
            "offset": offset,
        },
    }


@cases(200)
@given(totals=st.lists(st.integers(0, 900), min_size=1, max_size=12), prefetch=st.integers(1, 4))
def _total_that_shrinks_or_grows_between_pages(totals: list[int], prefetch: int) -> None:
    def respond(n: int, request: httpx.Request) -> httpx.Response:
        total = totals[min(n - 1, len(totals) - 1)]
        offset = int(request.url.params.get("offset", 0))
        limit = int(request.url.params.get("limit", 50))
        return httpx.Response(200, json=_frames_page(total, offset, limit))

    SERVER.responses, SERVER.count = respond, 0
    CASES["shifting-total"] += 1
    frames = list(CLIENT.frames.iter_frames(ID, prefetch=prefetch))
    ids = [f.id for f in frames]
    assert len(ids) == len(set(ids)), "duplicate frame"
    assert [f.timestamp for f in frames] == list(range(len(frames))), "gap or disorder"


@cases(100)
@given(
    data=st.data(), action=st.sampled_from(["getFrameExtraction", "getSegmentation", "iterFrames"])
)
def _async_client_under_mutated_bodies(data: st.DataObject, action: str) -> None:
    responses = data.draw(mutated(action))
    CASES[f"async-{action}"] += 1

    async def scenario() -> None:
        count = 0

        def handle(request: httpx.Request) -> httpx.Response:
            nonlocal count
            count += 1
            assert count <= MAX_REQUESTS, "async client looped"
            return responses(count, request)

        async with AsyncCloudglue(
            api_key="cg-prop",
            base_url="https://api.test/v1",
            max_retries=0,
            http_client=httpx.AsyncClient(transport=httpx.MockTransport(handle)),
        ) as cg:
            try:
                if action == "iterFrames":
                    [f async for f in cg.frames.iter_frames(ID)]
                elif action == "getFrameExtraction":
                    await cg.frames.get(ID)
                else:
                    await cg.segmentations.get(ID)
            except CloudglueError:
                pass

    asyncio.run(scenario())


def _cases_run(prop: Callable[[], None], examples: int) -> int:
    """Run a property; return how many cases it drew (each test checks its own, so the count
    holds however xdist spreads the module's tests over workers)."""
    before = sum(CASES.values())
    prop()
    ran = sum(CASES.values()) - before
    print(f"\n{prop.__name__}: {ran} of {examples} cases")
    return ran


@pytest.mark.slow
def test_spec_valid_bodies_parse() -> None:
    assert _cases_run(_spec_valid_bodies_parse, 600) >= 540


@pytest.mark.slow
def test_mutated_bodies_end_in_an_object_or_a_cloudglue_error() -> None:
    assert _cases_run(_mutated_bodies_end_in_an_object_or_a_cloudglue_error, 1300) >= 1170


def test_total_that_shrinks_or_grows_between_pages() -> None:
    assert _cases_run(_total_that_shrinks_or_grows_between_pages, 200) >= 180


def test_async_client_under_mutated_bodies() -> None:
    assert _cases_run(_async_client_under_mutated_bodies, 100) >= 90
