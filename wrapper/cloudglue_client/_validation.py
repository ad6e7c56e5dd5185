"""Client-side checks of arguments, raised before anything is sent."""

from __future__ import annotations

import datetime as dt
import json
import math
import uuid
from collections.abc import Collection, Iterable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from ._ids import accepted, unwrap

if TYPE_CHECKING:
    from cloudglue_openapi.constraints import Field
    from cloudglue_openapi.types import Unset

T = TypeVar("T")


def unset_if_none(value: T | None) -> T | Unset:
    """The generated models mark omitted fields with UNSET, not None."""
    from cloudglue_openapi.types import UNSET

    return UNSET if value is None else value


def as_uuid(value: object, name: str, kind: str | None = None) -> uuid.UUID:
    """Return `value` (a str, UUID or a model carrying the id) as a UUID, or raise naming it;
    the models accepted are those of the id parameter `kind` (default: `name`)."""
    kind = kind or name
    value = unwrap(value, kind)
    if isinstance(value, uuid.UUID):
        return value
    if isinstance(value, str):
        try:
            return uuid.UUID(value)
        except ValueError:
            raise ValueError(f"{name}: {value!r} is not a valid UUID") from None
    raise TypeError(f"{name}: expected {accepted(kind)}, got {type(value).__name__}")


def as_file_id(value: object, name: str = "file_id") -> str:
    """File ids are plain strings in the API; accept str, UUID or File, reject blank ones."""
    value = unwrap(value, name)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, str):
        # A path segment of its own: no '/', and not '.' or '..', which URL normalisers fold.
        # Surrounding whitespace (a pasted id's newline) would be sent as part of the id.
        if value != value.strip() or not value or "/" in value or value in (".", ".."):
            raise ValueError(f"{name}: {value!r} is not a valid file id")
        return unicode(value, name)
    raise TypeError(f"{name}: expected {accepted(name)}, got {type(value).__name__}")


def unicode(value: str, name: str) -> str:
    """`value` as a plain str when it is valid Unicode, else ValueError naming `name`: a lone
    surrogate (`surrogateescape`'s bad byte of argv or a file name) fits neither a URL nor JSON."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        where = f"a lone surrogate {value[exc.start]!r} at position {exc.start}"
        raise ValueError(f"{name}: not valid Unicode ({where})") from None
    return plain(value)


def plain(value: T) -> T:
    """`value` as the built-in bool, int, float or str it is an instance of (else itself):
    a subclass's `str()` is not its value (a `class Size(int, Enum)` member checks as 5 but
    prints `Size.SMALL`, which a query or path would carry)."""
    if isinstance(value, bool):
        return value  # bool cannot be subclassed
    if isinstance(value, int):
        return int.__int__(value)  # type: ignore[return-value]
    if isinstance(value, float):
        return float.__float__(value)  # type: ignore[return-value]
    if isinstance(value, str):
        return str.__str__(value)  # type: ignore[return-value]
    return value


def text(value: object, name: str, *, blank: bool = True) -> str:
    """A str of valid Unicode (and not blank unless `blank`), else an error naming `name`."""
    if not isinstance(value, str):
        raise TypeError(f"{name}: expected a str, got {type(value).__name__}")
    if not blank and not value.strip():
        raise ValueError(f"{name}: expected a non-empty str, got {value!r}")
    return unicode(value, name)


def flag(value: object, name: str) -> bool:
    """A bool; anything else (`"no"`, 1, None) is a TypeError."""
    if not isinstance(value, bool):
        raise TypeError(f"{name}: expected a bool, got {type(value).__name__}")
    return value


def finite(value: float) -> bool:
    """Whether a number can be sent as JSON: a finite double (an int past the largest double
    overflows; `math.isfinite` raises OverflowError for it)."""
    try:
        return math.isfinite(value)
    except OverflowError:
        return False


def shown(value: object) -> str:
    """`value` as messages show it: repr, but an int too large for a double by its size (its
    repr is hundreds of digits, and raises ValueError past 4300)."""
    if isinstance(value, int) and not isinstance(value, bool) and not finite(value):
        return f"an integer of {value.bit_length()} bits"
    return repr(value)


def json_value(value: object, name: str) -> None:
    """Raise, naming `name` and the path inside (`metadata['a'][0]`), unless `value` is the
    contract's JSON: dicts, lists and tuples of valid Unicode str, finite numbers, bools and
    None, with keys JSON writes as str (json.dumps would send `NaN` or fail mid-request)."""
    try:
        _json_walk(value, name, set())
    except RecursionError:
        raise ValueError(f"{name}: nested too deeply to send as JSON") from None


def _json_walk(value: object, path: str, open_: set[int]) -> None:
    if value is None or isinstance(value, bool):
        return
    if isinstance(value, str):
        unicode(value, path)
    elif isinstance(value, int | float):
        if not finite(value):
            raise ValueError(f"{path}: {shown(value)} is not a finite number, which JSON needs")
    elif isinstance(value, dict | list | tuple):
        if id(value) in open_:
            raise ValueError(f"{path}: holds itself (a circular reference)")
        open_.add(id(value))
        if isinstance(value, dict):
            written: dict[str, object] = {}  # each key as JSON writes it
            for key, item in value.items():
                inner = f"{path}[{key!r}]"
                if not (key is None or isinstance(key, str | int | float)):
                    raise ValueError(f"{inner}: a {type(key).__name__} key is not JSON")
                _json_walk(key, inner, open_)
                as_json = key if isinstance(key, str) else json.dumps(key)  # 1 and '1' are one
                if (other := written.setdefault(as_json, key)) is not key:
                    raise ValueError(
                        f"{path}: the keys {other!r} and {key!r} are the same key in JSON"
                    )
                _json_walk(item, inner, open_)
        else:
            for i, item in enumerate(value):
                _json_walk(item, f"{path}[{i}]", open_)
        open_.discard(id(value))
    else:
        raise ValueError(f"{path}: not JSON-serialisable (a {type(value).__name__})")


def integer(value: object, name: str, *, minimum: int, maximum: int) -> int:
    """An int (not a bool) in minimum..maximum."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name}: expected an int, got {type(value).__name__}")
    if not minimum <= value <= maximum:
        raise ValueError(f"{name}: {shown(value)} is out of range; allowed {minimum}..{maximum}")
    return plain(value)


def choice(value: object, name: str, allowed: Collection[str]) -> str:
    if not isinstance(value, str) or value not in allowed:
        options = ", ".join(repr(a) for a in allowed)
        raise ValueError(f"{name}: {shown(value)} is not one of {options}")
    return plain(value)


def _date(value: object, name: str) -> dt.date:
    if isinstance(value, dt.datetime):
        raise TypeError(f"{name}: expected a date (YYYY-MM-DD), got a datetime")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise ValueError(f"{name}: {value!r} is not a date (YYYY-MM-DD)")


def checked(operation: str, path: str, value: object, name: str | None = None) -> Any:
    """`value` checked against the contract's field (None: not sent), or an error naming `name`
    (default: the field's own) and what the contract allows: a missing required value, a wrong
    type, a value outside the bounds or not among the enum values."""
    from cloudglue_openapi.constraints import field

    spec = field(operation, path)
    label = name or spec.name
    if value is None:
        if spec.required:
            raise ValueError(f"{label}: required")
        return None
    if spec.separator is not None and spec.enum is not None:  # a list of choices, joined
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, Iterable):
            raise TypeError(f"{label}: expected a str or an iterable of str")
        chosen = [choice(item, label, spec.enum) for item in items]
        if not chosen:  # sent as nothing, it would mean every kind, not none
            raise ValueError(f"{label}: give at least one of {', '.join(spec.enum)}, or None")
        return spec.separator.join(chosen)
    if spec.enum is not None:
        return choice(value, label, spec.enum)
    if spec.format == "date":
        return _date(value, label)
    if spec.type == "boolean":
        return flag(value, label)
    if spec.type == "string":
        return text(value, label)
    if spec.type not in ("integer", "number"):
        return value
    kind, expected = (int, "an int") if spec.type == "integer" else ((int, float), "a number")
    if isinstance(value, bool) or not isinstance(value, kind):
        raise TypeError(f"{label}: expected {expected}, got {type(value).__name__}")
    value = plain(value)
    if finite(value) and spec.in_range(value):
        return value
    if not spec.bounded:  # only a value JSON cannot carry fails
        raise ValueError(f"{label}: must be a finite number (a double), got {shown(value)}")
    allowed = describe(spec)
    if isinstance(value, float) and not finite(value):
        raise ValueError(f"{label}: must be finite, got {value!r}; allowed {allowed}")
    raise ValueError(f"{label}: {shown(value)} is out of range; allowed {allowed}")


def check_rules(operation: str, parent: str, values: Mapping[str, Any], prefix: str = "") -> None:
    """The contract's cross-field rules (`x-rules`) between fields of one object.

    `values` maps field names under `parent` to what will be sent (None: not sent). A field
    left out counts as its `x-server-default`, as the server checks it; a rule is checked when
    at least one of its fields is sent and both values are known.
    """
    from cloudglue_openapi.constraints import rules

    for rule in rules(operation, parent):
        left, right = rule.left.rsplit(".", 1)[-1], rule.right.rsplit(".", 1)[-1]
        if values.get(left) is None and values.get(right) is None:
            continue
        low, shown_low = _known(operation, rule.left, values.get(left))
        high, shown_high = _known(operation, rule.right, values.get(right))
        if low is not None and high is not None and not rule.holds(low, high):
            verb = "must be less than" if rule.op == "<" else "must not exceed"
            raise ValueError(f"{prefix}{left} ({shown_low}) {verb} {prefix}{right} ({shown_high})")


def _known(operation: str, path: str, sent: Any) -> tuple[Any, str]:
    """The value the server checks for a rule's field, and how a message shows it: what is
    sent, else the field's server default (None when the contract states none)."""
    from cloudglue_openapi.constraints import field

    if sent is not None:
        return sent, _number(sent)
    default = field(operation, path).server_default
    if not isinstance(default, int | float):  # rules compare numbers: none is stated
        return None, ""
    return default, f"{_number(default)} when left out"


def time_range(operation: str, start: object, end: object) -> dict[str, Any]:
    """`start_time_seconds` and `end_time_seconds` of a create, checked against the contract
    and its rule between them, as the generated model's arguments (UNSET when not sent)."""
    first = checked(operation, "body.start_time_seconds", start)
    last = checked(operation, "body.end_time_seconds", end)
    check_rules(operation, "body", {"start_time_seconds": first, "end_time_seconds": last})
    return {"start_time_seconds": unset_if_none(first), "end_time_seconds": unset_if_none(last)}


def conform(operation: str, path: str, value: object, label: str) -> None:
    """Decoded JSON (a model's `to_dict()`) checked against the contract's input at `path` and
    under it, naming `label` and the path inside (`config.manual_config.segments[0].start_time`):
    fields as `checked` checks them, nulls, required fields, item counts and `x-rules`; what the
    contract does not describe only as JSON (`json_value`)."""
    from cloudglue_openapi import constraints

    spec = constraints.operation(operation).fields.get(path)
    if spec is None:
        json_value(value, label)
    elif value is None:
        if not spec.nullable:
            raise ValueError(f"{label}: must not be null")
    elif spec.type == "object":
        if not isinstance(value, dict):
            raise TypeError(f"{label}: expected an object, got {type(value).__name__}")
        for child in constraints.children(operation, path):
            if child.required and child.name not in value:
                raise ValueError(f"{label}.{child.name}: required")
        for key, item in value.items():
            conform(operation, f"{path}.{key}", item, f"{label}.{key}")
        check_rules(operation, path, value, prefix=f"{label}.")
    elif spec.type == "array":
        if not isinstance(value, list | tuple):
            raise TypeError(f"{label}: expected a list, got {type(value).__name__}")
        count = len(value)
        if spec.min_items is not None and count < spec.min_items:
            raise ValueError(f"{label}: at least {_items(spec.min_items)} required, got {count}")
        if spec.max_items is not None and count > spec.max_items:
            raise ValueError(f"{label}: at most {_items(spec.max_items)} allowed, got {count}")
        for i, item in enumerate(value):
            conform(operation, f"{path}[]", item, f"{label}[{i}]")
    else:
        checked(operation, path, value, label)


def page_size_bounds() -> tuple[int, int]:
    """Page sizes every paginated operation accepts as `limit` (`page_size` feeds them all)."""
    from cloudglue_openapi.constraints import OPERATIONS

    limits = [op.fields["query.limit"] for op in OPERATIONS.values() if "query.limit" in op.fields]
    low = max(int(f.minimum) + int(f.exclusive_minimum) for f in limits if f.minimum is not None)
    high = min(int(f.maximum) - int(f.exclusive_maximum) for f in limits if f.maximum is not None)
    return low, high


def describe(spec: Field) -> str:
    """The allowed range of a field as people write it: `0.1..30`, `>= 0`, `> 0`, `0 < x <= 5`."""
    low, high = spec.minimum, spec.maximum
    above = "<" if spec.exclusive_minimum else "<="  # low {above} x
    below = "<" if spec.exclusive_maximum else "<="  # x {below} high
    if low is not None and high is not None:
        if above == below == "<=":
            return f"{_number(low)}..{_number(high)}"
        return f"{_number(low)} {above} x {below} {_number(high)}"
    if low is not None:
        return f"{above.replace('<', '>')} {_number(low)}"
    return "any value" if high is None else f"{below} {_number(high)}"


def _number(value: float) -> str:
    """`value` as people write it: whole numbers in full (`1099511627776`, not `1.09951e+12`)."""
    if float(value).is_integer() and abs(value) < 2**53:
        return str(int(value))
    return f"{value:g}"


def _items(count: int) -> str:
    return f"{count} item{'s' * (count != 1)}"
