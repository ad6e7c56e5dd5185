"""Construction, defaults, repr, logging, and the API key never leaking."""

from __future__ import annotations

import asyncio
import json
import logging
import socket
from pathlib import Path
from typing import Any

import httpx
import pytest

from cloudglue_client import (
    APIStatusError,
    AsyncCloudglue,
    Cloudglue,
    CloudglueError,
    _constants,
    _logging,
)
from tests.support.fakeapi import FILE_ID, JOB_ID, FakeAPI, fail, frame_job, respond

from .conftest import API_KEY, Flavor

PACKAGE = Path(_constants.__file__).parent


def test_missing_key_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CLOUDGLUE_API_KEY", raising=False)
    with pytest.raises(ValueError, match="CLOUDGLUE_API_KEY"):
        Cloudglue()


def test_environment_fallbacks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLOUDGLUE_API_KEY", "cg-from-env")
    monkeypatch.setenv("CLOUDGLUE_BASE_URL", "http://127.0.0.1:9/v1/")
    with Cloudglue() as cg:
        assert cg.base_url == "http://127.0.0.1:9/v1"
    monkeypatch.delenv("CLOUDGLUE_BASE_URL")
    with Cloudglue() as cg:
        assert cg.base_url == _constants.DEFAULT_BASE_URL


def test_bad_settings() -> None:
    with pytest.raises(ValueError, match="base_url"):
        Cloudglue(api_key="k", base_url="ftp://x")
    with pytest.raises(ValueError, match="max_retries"):
        Cloudglue(api_key="k", max_retries=-1)
    with pytest.raises(
        ValueError, match=rf"max_retries: .* allowed 0\.\.{_constants.MAX_RETRIES_CEILING}"
    ):
        Cloudglue(api_key="k", max_retries=_constants.MAX_RETRIES_CEILING + 1)
    with pytest.raises(ValueError, match=rf"prefetch: .* allowed 1\.\.{_constants.MAX_PREFETCH}"):
        Cloudglue(api_key="k", prefetch=_constants.MAX_PREFETCH + 1)
    with pytest.raises(ValueError, match="prefetch"):
        Cloudglue(api_key="k", prefetch=0)
    # A large whole-number bound is written in full, as the user would type it.
    low, high = _constants.MIN_RESPONSE_BYTES, _constants.MAX_RESPONSE_BYTES
    for bad in (low - 1, high + 1):
        with pytest.raises(ValueError, match=rf"max_response_bytes: .* allowed {low}\.\.{high}$"):
            Cloudglue(api_key="k", max_response_bytes=bad)
    # The ceilings themselves are allowed.
    Cloudglue(
        api_key="k",
        max_retries=_constants.MAX_RETRIES_CEILING,
        prefetch=_constants.MAX_PREFETCH,
        max_response_bytes=high,
    ).close()
    Cloudglue(api_key="k", max_response_bytes=low).close()
    with pytest.raises(TypeError, match="http_client"):
        Cloudglue(api_key="k", http_client=httpx.AsyncClient())  # type: ignore[arg-type]


#: The parts of a malformed key around its flaw: neither may appear in an error.
_KEY_HEAD, _KEY_TAIL = "cg-canary-7d1c0a", "tail-9f2b44e1"


@pytest.mark.parametrize(
    ("flaw", "kind"),
    [
        ("\n", "a line break"),
        ("\r", "a line break"),
        ("\x00", "a control character"),
        ("\x1b", "a control character"),
        ("\x7f", "a control character"),
        ("\t", "whitespace"),
        (" ", "whitespace"),
        ("\u00e9", "not ASCII"),
    ],
    ids=["LF", "CR", "NUL", "ESC", "DEL", "tab", "space", "non-ASCII"],
)
def test_a_key_that_cannot_be_a_header_is_refused_without_showing_it(
    monkeypatch: pytest.MonkeyPatch, flaw: str, kind: str
) -> None:
    key = f"{_KEY_HEAD}{flaw}{_KEY_TAIL}"
    where = f"character {len(_KEY_HEAD) + 1} is {kind} (the key is not shown)"
    attempts: list[tuple[Any, str]] = [
        (lambda: Cloudglue(api_key=key), "api_key"),
        (lambda: AsyncCloudglue(api_key=key), "api_key"),
        (lambda: Cloudglue(api_key="k").with_options(api_key=key), "api_key"),
        (lambda: AsyncCloudglue(api_key="k").with_options(api_key=key), "api_key"),
    ]
    if flaw != "\x00":  # the environment cannot hold a NUL
        monkeypatch.setenv("CLOUDGLUE_API_KEY", key)
        attempts += [(Cloudglue, "CLOUDGLUE_API_KEY"), (AsyncCloudglue, "CLOUDGLUE_API_KEY")]
    for attempt, source in attempts:
        with pytest.raises(ValueError) as info:
            attempt()
        message = str(info.value)
        assert message.startswith(f"{source}: the API key must be printable ASCII")
        assert message.endswith(where)
        for text in (message, repr(info.value)):
            assert _KEY_HEAD not in text and _KEY_TAIL not in text


@pytest.mark.parametrize("key", [5, b"cg-bytes-key", ["cg"]], ids=["int", "bytes", "list"])
def test_a_key_that_is_not_a_str_is_named_as_such(key: object) -> None:
    for make in (Cloudglue, AsyncCloudglue):
        with pytest.raises(TypeError, match=r"^api_key: expected the API key as a str, got "):
            make(api_key=key)


def test_a_key_with_surrounding_whitespace_is_sent_without_it(api: FakeAPI) -> None:
    Flavor("sync", api).call(lambda cg: cg.frames.get(JOB_ID), api_key=f"  {API_KEY}\n")
    assert api.requests[0].headers["authorization"] == f"Bearer {API_KEY}"


@pytest.mark.parametrize("headers", ["X-A: 1", [("X-A", "1")], 5], ids=["str", "pairs", "int"])
def test_default_headers_that_are_not_a_mapping_are_named(headers: object) -> None:
    expected = r"^default_headers: expected a mapping of header names to values \(str to str\)"
    for make in (Cloudglue, AsyncCloudglue):
        with pytest.raises(TypeError, match=expected):
            make(api_key="k", default_headers=headers)
        with pytest.raises(TypeError, match=expected):
            make(api_key="k").with_options(default_headers=headers)


def test_default_timeout_is_never_none(api: FakeAPI) -> None:
    seen: list[Any] = []

    def capture(request: httpx.Request) -> None:
        seen.append(request.extensions.get("timeout"))
        return None

    api.route = capture
    Flavor("sync", api).call(lambda cg: cg.frames.get(JOB_ID), mock=True)  # sees extensions
    assert seen[0]["read"] == 60.0 and seen[0]["connect"] == 10.0


def test_auth_header_is_sent_and_repr_hides_key(flavor: Flavor, api: FakeAPI) -> None:
    flavor.call(lambda cg: cg.frames.get(JOB_ID))
    assert api.requests[0].headers["authorization"] == f"Bearer {API_KEY}"
    cg = flavor.client()
    assert API_KEY not in repr(cg)
    assert API_KEY not in repr(cg._runtime)


def test_the_key_is_in_no_repr_of_a_client_or_its_copy_state(flavor: Flavor) -> None:
    """Nor in what a debugger or `print(vars(client))` shows of a client and its copies; the
    copy still sends the original's key."""
    cg = flavor.client()
    copy = cg.with_options(max_retries=1).with_options(timeout=5)
    for client in (cg, copy):
        assert API_KEY not in repr(vars(client))
    assert copy._runtime.api_key == API_KEY


def test_stats_count_requests_and_retries(api: FakeAPI) -> None:
    api.script = [respond(503, {"error": "busy"})]
    cg = Flavor("sync", api).client()
    cg.frames.get(JOB_ID)
    cg.with_options(max_retries=0).frames.get(JOB_ID)
    assert (cg.stats.requests, cg.stats.retries) == (3, 1)


def test_key_never_appears_in_errors_or_logs(
    flavor: Flavor, api: FakeAPI, caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    caplog.set_level(logging.DEBUG, logger="cloudglue_client")
    scripts = [
        [respond(401, {"error": f"bad key {API_KEY}"})],  # a server that echoes the key
        [respond(500, {"error": "x"})] * 3,
        [respond(502, raw=b"<html>" + API_KEY.encode(), headers={"content-type": "text/html"})] * 3,
        [fail(httpx.ConnectError)] * 3,
        [fail(httpx.ReadTimeout)] * 3,
        [respond(200, raw=b"{broken")],
        [respond(429, {"error": "x"}, headers={"Retry-After": "9999"})],
    ]
    texts: list[str] = []
    for script in scripts:
        api.script = list(script)
        with pytest.raises(CloudglueError) as info:
            flavor.call(lambda cg: cg.frames.get(JOB_ID))
        err = info.value
        texts += [str(err), repr(err), repr(vars(err))]
        if isinstance(err, APIStatusError):
            texts.append(err.message)
    with pytest.raises(ValueError) as bad:
        flavor.call(lambda cg: cg.frames.create(FILE_ID, max_width=1))
    texts.append(str(bad.value))
    texts += [r.getMessage() for r in caplog.records]
    assert caplog.records, "debug logging should have produced records"
    assert not [t for t in texts if API_KEY in t]


def test_log_lines_have_method_path_status_and_attempt(
    api: FakeAPI, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="cloudglue_client")
    api.script = [respond(503, {"error": "busy"})]
    Flavor("sync", api).call(lambda cg: cg.frames.get(JOB_ID))
    lines = [r.getMessage() for r in caplog.records]
    assert any(f"GET /v1/frames/{JOB_ID} -> 503" in line and "attempt 0" in line for line in lines)
    assert any("-> 200" in line and "attempt 1" in line for line in lines)


def test_cloudglue_log_env_attaches_a_handler(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLOUDGLUE_LOG", "debug")
    monkeypatch.setattr(_logging, "_configured", False)
    before = list(_logging.logger.handlers)
    try:
        Cloudglue(api_key="k")
        assert len(_logging.logger.handlers) == len(before) + 1
        assert _logging.logger.level == logging.DEBUG
    finally:
        _logging.logger.handlers[:] = before
        _logging.logger.setLevel(logging.NOTSET)


def test_cloudglue_log_lines_cannot_be_forged_or_drive_the_terminal(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A record quoting a server's text is one printable line, its controls escaped."""
    monkeypatch.setenv("CLOUDGLUE_LOG", "info")
    monkeypatch.setattr(_logging, "_configured", False)
    before = list(_logging.logger.handlers)
    try:
        _logging.configure_from_env()
        _logging.logger.info("failed: %s", "gone\x1b[2J\n2026-01-01 cloudglue_client INFO forged")
    finally:
        _logging.logger.handlers[:] = before
        _logging.logger.setLevel(logging.NOTSET)
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1 and lines[0].endswith(
        "gone\\x1b[2J\\n2026-01-01 cloudglue_client INFO forged"
    )


def test_key_never_appears_where_the_server_escaped_or_encoded_it(
    flavor: Flavor, api: FakeAPI
) -> None:
    """A server may echo the key JSON-escaped or as UTF-16 JSON, where replacing its plain text
    in the raw bytes does not find it; and a 2xx answer may quote it where an id belongs."""
    escaped = API_KEY.replace("-", "\\u002d")
    echo = {"content-type": "application/json"}
    scripts = [
        respond(401, raw=f'{{"error": "bad key {escaped}"}}'.encode(), headers=echo),
        respond(
            400, raw=json.dumps({"error": f"bad key {API_KEY}"}).encode("utf-16"), headers=echo
        ),
        respond(200, frame_job(frame_extraction_id=API_KEY)),
        respond(200, frame_job(frame_extraction_id=escaped), headers=echo),
    ]
    for script in scripts:
        api.script = [script]
        with pytest.raises(CloudglueError) as info:
            flavor.call(lambda cg: cg.frames.get(JOB_ID))
        err = info.value
        response = getattr(err, "response", None)
        seen = [str(err), repr(vars(err)), repr(getattr(err, "body", None))]
        if response is not None:
            seen += [response.content.decode("utf-8", "replace"), repr(response.json())]
        assert not [text for text in seen if API_KEY in text], type(err).__name__


@pytest.mark.parametrize("status", [400, 404, 429, 500])
def test_an_error_body_nested_too_deep_to_read_is_still_the_status_error(
    flavor: Flavor, api: FakeAPI, status: int
) -> None:
    depth = 100_000
    body = b'{"a":' * depth + b"1" + b"}" * depth
    api.script = [respond(status, raw=body, headers={"content-type": "application/json"})]
    with pytest.raises(APIStatusError) as info:
        flavor.call(lambda cg: cg.frames.get(JOB_ID), max_retries=0)
    assert info.value.status_code == status and info.value.body is None
    assert "non-JSON body" in info.value.message


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_the_key_is_in_no_local_of_a_failed_call_traceback(kind: str) -> None:
    """Error trackers (Sentry) and `pytest --showlocals` print the repr of every local along an
    exception's traceback; on the default path none of them may show the key."""
    with socket.socket() as probe:  # a loopback port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings: dict[str, Any] = {"base_url": f"http://127.0.0.1:{port}", "max_retries": 0}
    with pytest.raises(CloudglueError) as info:
        if kind == "sync":
            with Cloudglue(api_key=API_KEY, **settings) as cg:
                cg.frames.get(JOB_ID)
        else:

            async def main() -> None:
                async with AsyncCloudglue(api_key=API_KEY, **settings) as acg:
                    await acg.frames.get(JOB_ID)

            asyncio.run(main())
    shown = []
    error: BaseException | None = info.value
    while error is not None:
        tb = error.__traceback__
        while tb is not None:
            if tb.tb_frame.f_code.co_filename.startswith(str(PACKAGE)):
                for name, value in list(tb.tb_frame.f_locals.items()):
                    if API_KEY in repr(value):
                        shown.append((tb.tb_frame.f_code.co_name, name))
            tb = tb.tb_next
        error = error.__cause__ or error.__context__
    assert shown == []
