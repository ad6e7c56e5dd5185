"""JSON text written exactly as starlette's `JSONResponse` writes it, built from parts.

A page of 100 frames as 100 dicts through `json.dumps` costs over twice what an f-string per
item does (the encoder's per-dict work dominates), and pages are what clients read most.
`dumps` is the encoder `JSONResponse` uses. `string(s)` is its text for a str, and `repr(x)`
its text for an int or a finite float (`json` writes numbers with their repr), so an item
formatted with them is byte-identical to its dict through `dumps` as long as
`plain_numbers` holds for the numbers (else use `dumps`, which also refuses NaN and infinity
as before). `with_fields` appends already-encoded members to an encoded object.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from typing import Any

string = json.encoder.encode_basestring
"""A str as JSON text (non-ASCII kept as is, as with `ensure_ascii=False`)."""


def dumps(value: Any) -> str:
    """`value` as JSON text, compact and non-ASCII kept (starlette's `JSONResponse.render`)."""
    return json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"))


def integer(value: int) -> str:
    """An int as `dumps` writes it (anything else through `dumps`)."""
    return int.__repr__(value) if value.__class__ is int else dumps(value)


def plain_numbers(values: Sequence[Any]) -> bool:
    """True if `repr` writes each value as `dumps` does: exact floats and ints, all finite.

    Two C-level passes over the page (one `type` each, one sum); a NaN or an infinity makes
    the sum one too (an overflowing sum only sends the page the exact, slower way).
    """
    return set(map(type, values)) <= _PLAIN and math.isfinite(sum(values))


_PLAIN = frozenset({float, int})


def array(items: Iterable[str]) -> str:
    """A JSON array of already-encoded items."""
    return "[" + ",".join(items) + "]"


def with_fields(encoded: str, fields: Iterable[tuple[str, str]]) -> str:
    """The encoded JSON object `encoded` with `(name, encoded value)` members appended."""
    tail = ",".join(f"{string(name)}:{value}" for name, value in fields)
    if not tail:
        return encoded
    separator = "" if encoded == "{}" else ","
    return f"{encoded[:-1]}{separator}{tail}}}"
