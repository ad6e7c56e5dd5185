"""files update/thumbnails/segments, segments get/update and the files list options: what each
sends, prints (table, --json, -q) and refuses (exit 2, nothing sent). Bounds and choices are read
from the generated constraints, never typed here."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

import pytest

from cloudglue_client._validation import describe
from cloudglue_openapi.constraints import field, schema
from tests.support.contract_values import below, not_one_of, number

from .conftest import Runner
from .fake import FILE_ID, SEG_ID, FakeAPI, item_id
from .test_commands import rows
from .test_contract_options import _command, _option

KINDS = field("getThumbnails", "query.type").enum or ()
ORDERS = field("listFiles", "query.order").enum or ()
SORTS = field("listFiles", "query.sort").enum or ()
OPERATORS = schema("SearchFilterOperator").enum or ()
BAD_OPERATOR = not_one_of(schema("SearchFilterOperator"))
SEGMENT_ID = item_id(7, 3)
WINDOW = {
    "--start-time-after": "start_time_after",
    "--end-time-before": "end_time_before",
    "--min-duration": "min_duration",
    "--max-duration": "max_duration",
}


def query(api: FakeAPI, i: int = 0) -> dict[str, str]:
    """The query string of request i, one value per name."""
    return {k: v for k, [v] in parse_qs(urlsplit(str(api.requests[i].url)).query).items()}


def one_error(err: str) -> str:
    assert err.startswith("error: ") and err.count("\n") == 1, err
    return err[len("error: ") : -1]


# -- files update


def test_files_update_sends_what_is_given(run: Runner, api: FakeAPI) -> None:
    result = run("files", "update", FILE_ID, "--filename", "keynote.mp4", "--metadata",
                 '{"team": "video", "reviewed": true}', "--json")  # fmt: skip
    assert result.code == 0, result.err
    [request] = api.requests
    assert (request.method, request.url.path) == ("PUT", f"/v1/files/{FILE_ID}")
    sent = {"filename": "keynote.mp4", "metadata": {"team": "video", "reviewed": True}}
    assert json.loads(request.content) == sent
    shown = json.loads(result.out)
    assert shown["id"] == FILE_ID and shown["metadata"] == sent["metadata"]

    api.requests.clear()
    renamed = run("files", "update", FILE_ID, "--filename", "b.mp4")
    assert json.loads(api.requests[0].content) == {"filename": "b.mp4"}  # metadata kept
    header, row = rows(renamed.out)
    assert header[:3] == ["ID", "STATUS", "FILENAME"] and row[2] == "b.mp4"


def test_a_files_metadata_is_a_column_of_wide_tables(
    run: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    result = run("files", "update", FILE_ID, "--metadata", '{"b": 1, "a": "x"}')
    header, row = rows(result.out)
    assert header[-1] == "METADATA" and row[-1] == '{"a":"x","b":1}'


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        ([], "nothing to update: give --filename, --metadata or both"),
        (["--metadata", "{nope"], "argument --metadata: not valid JSON"),
        (["--metadata", '"x"'], "argument --metadata: expected a JSON object, got str"),
        (["--filename", " "], "filename: expected a non-empty str"),
    ],
)
def test_files_update_refuses_bad_input(
    run: Runner, api: FakeAPI, argv: list[str], message: str
) -> None:
    result = run("files", "update", FILE_ID, *argv)
    assert result.code == 2
    assert message in one_error(result.err)
    assert api.requests == []


# -- files thumbnails


def test_files_thumbnails_table_json_and_filters(
    run: Runner, api: FakeAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    table = run("files", "thumbnails", FILE_ID)
    assert table.code == 0, table.err
    header, *lines = rows(table.out)
    assert header == ["ID", "TYPE", "TIME", "SEGMENTATION_ID", "SEGMENT_ID", "URL"]
    assert len(lines) == api.total_thumbnails
    url = "https://t/thumb-1.jpg"
    assert lines[1] == [item_id(6, 1), KINDS[1], "0.5", SEG_ID, item_id(2, 1), url]

    api.requests.clear()
    args = ["--type", KINDS[0], "--type", f"{KINDS[1]},{KINDS[2]}", "--segmentation-id", SEG_ID]
    picked = json.loads(run("files", "thumbnails", FILE_ID, *args, "--not-default", "--json").out)
    assert query(api) == {
        "type": ",".join(KINDS[:3]), "segmentation_id": SEG_ID, "is_default": "false",
        "limit": query(api)["limit"], "offset": "0",
    }  # fmt: skip
    assert {t["type"] for t in picked} == set(KINDS[:3])

    api.requests.clear()
    first = run("files", "thumbnails", FILE_ID, "--default", "--limit", "2", "-q")
    assert first.out.splitlines() == [item_id(6, 0), item_id(6, 1)]
    assert query(api)["is_default"] == "true" and query(api)["limit"] == "2"  # no more fetched


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--type", not_one_of(schema("ThumbnailKind"))], ", ".join(KINDS)),
        (["--type", f"{KINDS[0]},"], "'' is not one of"),
        (["--segmentation-id", "nope"], "segmentation_id: 'nope' is not a valid UUID"),
        (["--limit", "0"], "argument --limit: must be at least 1"),
        (["--default", "--not-default"], "argument --not-default: not allowed with argument"),
    ],
)
def test_files_thumbnails_refuses_bad_input(
    run: Runner, api: FakeAPI, argv: list[str], message: str
) -> None:
    result = run("files", "thumbnails", FILE_ID, *argv)
    assert result.code == 2
    assert message in one_error(result.err)
    assert api.requests == []


def test_segmentations_thumbnails_takes_kinds_joined_or_repeated(run: Runner, api: FakeAPI) -> None:
    joined = run("segmentations", "thumbnails", SEG_ID, "--type", f"{KINDS[0]},{KINDS[1]}", "-q")
    assert joined.code == 0, joined.err
    repeated = run("segmentations", "thumbnails", SEG_ID, "--type", KINDS[0], "--type", KINDS[1])
    assert repeated.code == 0
    assert [query(api, i)["type"] for i in (0, 1)] == [f"{KINDS[0]},{KINDS[1]}"] * 2
    assert joined.out.splitlines() == [r[0] for r in rows(repeated.out)[1:]]


# -- files segments


def test_files_segments_sends_the_window_and_shows_segments(
    run: Runner, api: FakeAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    values = dict(zip(WINDOW, ["0.5", "60", "1.25", "30"], strict=True))
    result = run("files", "segments", FILE_ID, *(a for pair in values.items() for a in pair))
    assert result.code == 0, result.err
    sent = query(api)
    assert {WINDOW[flag]: float(sent[WINDOW[flag]]) for flag in WINDOW} == {
        WINDOW[flag]: float(value) for flag, value in values.items()
    }
    header, *lines = rows(result.out)
    assert header == ["ID", "START", "END", "SEGMENTATION_ID", "METADATA", "THUMBNAIL_URL"]
    assert lines[1] == [item_id(7, 1), "2", "3.5", SEG_ID, "-", "-"]
    assert len(lines) == api.total_file_segments

    as_json = json.loads(run("files", "segments", FILE_ID, "--limit", "2", "--json").out)
    assert [s["id"] for s in as_json] == [item_id(7, 0), item_id(7, 1)]


@pytest.mark.parametrize("flag", list(WINDOW))
def test_files_segments_refuses_values_below_the_contract(
    run: Runner, api: FakeAPI, flag: str
) -> None:
    spec = field("listFileSegments", f"query.{WINDOW[flag]}")
    result = run("files", "segments", FILE_ID, flag, number(below(spec)))
    assert result.code == 2
    assert one_error(result.err).startswith(f"{flag}: ")  # the option, not the field
    assert f"allowed {describe(spec)}" in result.err
    assert api.requests == []


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--start-time-after", "5", "--end-time-before", "5"],
         "--start-time-after (5) must be less than --end-time-before (5)"),
        (["--min-duration", "3", "--max-duration", "1"],
         "--min-duration (3) must not exceed --max-duration (1)"),
        (["--min-duration", "nan"], "--min-duration: must be finite"),
        (["--max-duration", "long"], "argument --max-duration: invalid float value"),
    ],
)  # fmt: skip
def test_files_segments_refuses_broken_rules(
    run: Runner, api: FakeAPI, argv: list[str], message: str
) -> None:
    result = run("files", "segments", FILE_ID, *argv)
    assert result.code == 2
    assert message in one_error(result.err)
    assert api.requests == []


# -- segments get / update


def test_segments_get_and_update(run: Runner, api: FakeAPI) -> None:
    got = run("segments", "get", FILE_ID, SEGMENT_ID)
    assert got.code == 0, got.err
    assert api.paths() == [f"GET /v1/files/{FILE_ID}/segments/{SEGMENT_ID}"]
    assert rows(got.out)[1][:3] == [SEGMENT_ID, "0", "1.5"]

    api.requests.clear()
    label = {"label": "intro", "score": 0.5}
    updated = run("segments", "update", FILE_ID, SEGMENT_ID, "--metadata", json.dumps(label))
    assert updated.code == 0, updated.err
    [request] = api.requests
    assert request.method == "PUT" and json.loads(request.content) == {"metadata": label}
    assert '{"label":"intro","score":0.5}' in updated.out
    shown = json.loads(run("segments", "update", FILE_ID, SEGMENT_ID, "--metadata", "{}",
                           "--json").out)  # fmt: skip
    assert shown["id"] == SEGMENT_ID and shown["metadata"] == {}


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["update", FILE_ID, SEGMENT_ID], "the following arguments are required: --metadata"),
        (["update", FILE_ID, SEGMENT_ID, "--metadata", "[1]"], "expected a JSON object, got list"),
        (["get", FILE_ID, "nope"], "segment_id: 'nope' is not a valid UUID"),
        (["get", "nope", SEGMENT_ID], "file_id: 'nope' is not a valid UUID"),
        (["get", FILE_ID], "the following arguments are required: SEGMENT_ID"),
    ],
)
def test_segments_refuse_bad_input(
    run: Runner, api: FakeAPI, argv: list[str], message: str
) -> None:
    result = run("segments", *argv)
    assert result.code == 2
    assert message in one_error(result.err)
    assert api.requests == []


# -- files list options


def test_files_list_sends_order_sort_dates_and_filter(run: Runner, api: FakeAPI) -> None:
    condition = {"path": "team", "operator": OPERATORS[0], "valueText": "video"}
    result = run(
        "files", "list", "--order", ORDERS[-1], "--sort", SORTS[0], "--created-after",
        "2026-01-01", "--created-before", "2026-02-01", "--filter",
        json.dumps({"metadata": [condition]}), "--limit", "2", "-q",
    )  # fmt: skip
    assert result.code == 0, result.err
    sent = query(api)
    assert json.loads(sent.pop("filter")) == {"metadata": [condition]}
    assert sent == {
        "order": ORDERS[-1], "sort": SORTS[0], "created_after": "2026-01-01",
        "created_before": "2026-02-01", "limit": "2", "offset": "0",
    }  # fmt: skip
    assert len(result.out.splitlines()) == 2


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--order", not_one_of(field("listFiles", "query.order"))], "--order: invalid choice"),
        (["--sort", not_one_of(field("listFiles", "query.sort"))], "--sort: invalid choice"),
        (["--created-after", "2026-13-01"], "--created-after: '2026-13-01' is not a date"),
        (["--created-before", "yesterday"], "--created-before: 'yesterday' is not a date"),
        (["--filter", "{"], "argument --filter: not valid JSON"),
        (["--filter", "[]"], "argument --filter: expected a JSON object, got list"),
        (["--filter", '{"nope": []}'], "--filter: 'nope' is not one of"),
        (["--filter", json.dumps({"metadata": [{"path": "a", "operator": BAD_OPERATOR}]})],
         f"filter.metadata[0].operator: {BAD_OPERATOR!r} is not one of {OPERATORS[0]!r}"),
    ],
)  # fmt: skip
def test_files_list_refuses_bad_options(
    run: Runner, api: FakeAPI, argv: list[str], message: str
) -> None:
    result = run("files", "list", *argv)
    assert result.code == 2
    assert message in one_error(result.err)
    assert api.requests == []


# -- help: the contract's ranges and choices


def test_new_options_show_the_contracts_ranges_and_choices() -> None:
    segments = _command("files", "segments")
    for flag, name in WINDOW.items():
        spec = field("listFileSegments", f"query.{name}")
        assert f"({describe(spec)} s)" in (_option(segments, flag).help or ""), flag
        assert _option(segments, flag).type is (int if spec.is_integer else float)
    listing = _command("files", "list")
    assert list(_option(listing, "--order").choices or ()) == list(ORDERS)
    assert list(_option(listing, "--sort").choices or ()) == list(SORTS)
    assert _option(listing, "--created-after").metavar == "YYYY-MM-DD"
    for group in ("files", "segmentations"):
        assert ", ".join(KINDS) in (_option(_command(group, "thumbnails"), "--type").help or "")


# -- errors: the request id stays on the line


@pytest.mark.parametrize(
    "argv",
    [
        ["files", "update", FILE_ID, "--filename", "x.mp4"],
        ["files", "thumbnails", FILE_ID],
        ["files", "segments", FILE_ID],
        ["segments", "get", FILE_ID, SEGMENT_ID],
        ["segments", "update", FILE_ID, SEGMENT_ID, "--metadata", "{}"],
        ["files", "list", "--order", ORDERS[0]],
    ],
    ids=" ".join,
)
def test_api_errors_are_exit_3_and_name_the_request_id(
    run: Runner, api: FakeAPI, argv: list[str]
) -> None:
    api.error = (404, {"error": "no such thing"})
    api.headers = {"x-request-id": "req_7f3a"}
    result = run("--max-retries", "0", *argv)
    assert result.code == 3
    line = one_error(result.err)
    assert ": no such thing" in line and line.endswith(" (request id req_7f3a)")
