"""The `filter` query of GET /files: a JSON SearchFilter over metadata, video_info and file fields.

`{"metadata": [...], "video_info": [...], "file": [...]}`, each a list of
`{"path", "operator", "valueText" | "valueTextArray", "scope"}`; every condition must hold.
The operators, paths and scopes are the enums of openapi.yaml (`SearchFilterOperator`,
`SearchFilterVideoInfoPath`, `SearchFilterFilePath`, `SearchFilterScope`).

`LessThan` and `GreaterThan` compare numbers, except on `file.created_at`, where they compare
ISO 8601 date-times as the provider's reference does (`2024-01-01T00:00:00Z`; a time without
an offset is UTC). A condition's `scope` may be `file` (the default); `segment` is refused
with a 400 naming it: the provider's reference does not say which files a condition on
segments selects when files are listed, so the emulator cannot answer as the service would.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from cloudglue_openapi.constraints import schema

from .errors import ValidationError
from .serializers import Urls, file_json
from .store import FileRow
from .validation import decimal_number, obj, parse_json, short, type_name

OPERATORS = schema("SearchFilterOperator").enum or ()
VIDEO_INFO_PATHS = schema("SearchFilterVideoInfoPath").enum or ()
FILE_PATHS = schema("SearchFilterFilePath").enum or ()
SCOPES = schema("SearchFilterScope").enum or ()
SECTIONS = ("metadata", "video_info", "file")
"""The SearchFilter's properties, each read by its own code below."""
SCOPED_SECTIONS = ("metadata", "video_info")
"""The sections whose criteria have a `scope` (the file criteria have none)."""
FILE_SCOPE = "file"
_ARRAY_OPERATORS = ("In", "ContainsAny", "ContainsAll")
_ORDERED = ("LessThan", "GreaterThan")
_INSTANT_PATHS = ("created_at",)
"""`file` paths that LessThan and GreaterThan compare as ISO 8601 date-times."""
INSTANT_EXAMPLE = "2024-01-01T00:00:00Z"
_MISSING = object()


@dataclass(frozen=True)
class Condition:
    """One checked condition of the filter; `bound` is the number LessThan and GreaterThan
    compare with (milliseconds since the epoch for a date-time)."""

    section: str
    path: str
    operator: str
    text: str | None
    texts: tuple[str, ...]
    bound: float | None = None


def parse_filter(raw: str) -> Callable[[FileRow], bool]:
    """Check the filter text (400 naming the broken part) and return a predicate."""
    body = obj(parse_json(raw, "filter"), "filter")
    conditions: list[Condition] = []
    for section, value in body.items():
        if section not in SECTIONS:
            raise ValidationError(
                f"filter.{short(section)}", f"unknown section; use {', '.join(SECTIONS)}"
            )
        if not isinstance(value, list):
            raise ValidationError(f"filter.{section}", "must be an array of conditions")
        for i, item in enumerate(value):
            conditions.append(_condition(section, i, obj(item, f"filter.{section}[{i}]")))
    return lambda f: all(_holds(c, f) for c in conditions)


def _condition(section: str, i: int, item: dict[str, Any]) -> Condition:
    where = f"filter.{section}[{i}]"
    path = item.get("path")
    if not isinstance(path, str) or not path:
        raise ValidationError(f"{where}.path", "required: a non-empty string")
    allowed = {"video_info": VIDEO_INFO_PATHS, "file": FILE_PATHS}.get(section)
    if allowed is not None and path not in allowed:
        raise ValidationError(f"{where}.path", f"must be one of: {', '.join(allowed)}")
    operator = item.get("operator")
    if operator not in OPERATORS:
        raise ValidationError(f"{where}.operator", f"must be one of: {', '.join(OPERATORS)}")
    if section in SCOPED_SECTIONS and "scope" in item:
        _check_scope(item["scope"], f"{where}.scope")
    text, texts = item.get("valueText"), item.get("valueTextArray")
    if operator in _ARRAY_OPERATORS:
        if not isinstance(texts, list) or not all(isinstance(t, str) for t in texts):
            raise ValidationError(f"{where}.valueTextArray", f"required for {operator}: strings")
        return Condition(section, path, operator, None, tuple(texts))
    if not isinstance(text, str):
        raise ValidationError(f"{where}.valueText", f"required for {operator}: a string")
    if operator not in _ORDERED:
        return Condition(section, path, operator, text, ())
    if section == "file" and path in _INSTANT_PATHS:
        bound = _instant_ms(text)
        if bound is None:
            raise ValidationError(
                f"{where}.valueText",
                f"must be an ISO 8601 date-time for {operator} on {path}"
                f" (such as {INSTANT_EXAMPLE}), got {short(text)!r}",
            )
    else:
        bound = decimal_number(text)
        if bound is None:
            raise ValidationError(f"{where}.valueText", f"must be a number for {operator}")
    return Condition(section, path, operator, text, (), bound)


def _check_scope(scope: Any, where: str) -> None:
    if scope not in SCOPES:
        got = repr(short(scope)) if isinstance(scope, str) else type_name(scope)
        raise ValidationError(where, f"must be one of: {', '.join(SCOPES)}; got {got}")
    if scope != FILE_SCOPE:
        raise ValidationError(
            where,
            f"{scope} is not available in the local emulator: the provider's reference does"
            f" not say which files a condition on segments selects when files are listed;"
            f" leave it out or use {FILE_SCOPE}",
        )


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def _instant_ms(text: str) -> float | None:
    """An ISO 8601 date or date-time in milliseconds since the epoch (UTC without an offset)."""
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.timestamp() * 1000


def _lookup(c: Condition, f: FileRow) -> Any:
    if c.section == "metadata":
        value: Any = f.metadata or {}
        for part in c.path.split("."):
            if not isinstance(value, dict) or part not in value:
                return _MISSING
            value = value[part]
        return value
    if c.section == "video_info":
        return f.media.get(c.path, _MISSING)
    return file_json(f, Urls("")).get(c.path, _MISSING)


def _as_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _equal(value: Any, text: str) -> bool:
    """`value` equals `text`: a number when `text` is one written in decimal (compared exactly,
    so an integer past a double's range, which JSON allows, is compared, not converted)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        if _as_text(value) == text:
            return True
        number = decimal_number(text)
        return number is not None and value == number
    return (
        _as_text(value).lower() == text.lower()
        if isinstance(value, bool)
        else _as_text(value) == text
    )


def _piece(text: str, flags: int) -> re.Pattern[str]:
    """A LIKE pattern piece without `%`: one character per `_` or literal (fixed length)."""
    return re.compile("".join("." if ch == "_" else re.escape(ch) for ch in text), flags)


def _like(value: Any, pattern: str) -> bool:
    """SQL LIKE (`%` any run, `_` one character), case-insensitive.

    Matched piece by piece between the `%`s: the first piece at the start, the last at the
    end, the others leftmost in order (optimal, as pieces have a fixed length). One regex with
    a `.*` per `%` backtracks exponentially on patterns like `%a%a%a...%b` and would stall
    the server for hours. Both sides are case-folded first where that keeps their lengths, so
    the regex engine can use its fast literal search (it cannot under IGNORECASE).
    """
    text = _as_text(value)
    flags = re.DOTALL
    folded_text, folded_pattern = text.casefold(), pattern.casefold()
    if len(folded_text) == len(text) and len(folded_pattern) == len(pattern):
        text, pattern = folded_text, folded_pattern
    else:
        flags |= re.IGNORECASE
    pieces = pattern.split("%")
    if len(pieces) == 1:
        return _piece(pattern, flags).fullmatch(text) is not None
    first, *middle, last = pieces
    start, end = len(first), len(text) - len(last)
    if end < start or not _piece(first, flags).fullmatch(text, 0, start):
        return False
    if not _piece(last, flags).fullmatch(text, end):
        return False
    for piece in middle:
        found = _piece(piece, flags).search(text, start, end)
        if found is None:
            return False
        start = found.end()
    return True


def _holds(c: Condition, f: FileRow) -> bool:
    value = _lookup(c, f)
    if value is _MISSING or value is None:
        return c.operator == "NotEqual"
    if c.operator == "Equal":
        return _equal(value, c.text or "")
    if c.operator == "NotEqual":
        return not _equal(value, c.text or "")
    if c.operator in _ORDERED:
        left, right = _number(_as_text(value)), c.bound
        if left is None or right is None:
            return False
        return left < right if c.operator == "LessThan" else left > right
    if c.operator == "Like":
        return _like(value, c.text or "")
    if c.operator == "In":
        return any(_equal(value, t) for t in c.texts)
    items = value if isinstance(value, list) else [value]
    hits = [any(_equal(item, t) for item in items) for t in c.texts]
    return any(hits) if c.operator == "ContainsAny" else all(hits)
