"""Tables: the columns of each model, how a value reads in a cell, and how a table fits a width.

Nothing wraps: one line per item. Columns marked `drop` are left out (highest first) until the
rest fit with `shrink` columns cut to READABLE characters; then `shrink` columns are cut,
widest first, with a marker; a line that still does not fit is cut at the width. Scripts
should read `--json` or `--quiet`, never tables.
"""

from __future__ import annotations

import enum
import json
import os
import shutil
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, TextIO

from cloudglue_client import created_at_datetime
from cloudglue_openapi.types import Unset

from ._strategies import STRATEGIES

MISSING = "-"


@dataclass(frozen=True)
class Column:
    """One column: its header; its cell, the item's attribute (dotted for one inside another)
    or a function of the item; its alignment; whether it may be cut (with a marker) when the
    table is too wide, and whether left out (`drop`: higher numbers first; 0 never)."""

    header: str
    value: str | Callable[[Any], str]
    right: bool = False
    shrink: bool = False
    drop: int = 0

    def cell(self, item: Any) -> str:
        """The column's text for `item`."""
        if callable(self.value):
            return self.value(item)
        return text(_get(item, self.value))


View = tuple[Column, ...]


def is_missing(value: object) -> bool:
    """True for None and the generated models' UNSET."""
    return value is None or isinstance(value, Unset)


def text(value: object) -> str:
    """A value as shown in a table cell."""
    if is_missing(value):
        return MISSING
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:.15g}"
    return str(value)


def created(item: Any) -> str:
    """The item's `created_at` as an ISO 8601 UTC time (whatever its unit)."""
    try:
        when = created_at_datetime(item.created_at)
    except TypeError:  # not a number
        return MISSING
    except ValueError:  # no time a datetime can hold
        return text(item.created_at)
    return when.isoformat(timespec="seconds").replace("+00:00", "Z")


def time_range(config: Any) -> str:
    """A job config's `start..end` in seconds, either side may be open; `-` when neither is set."""
    start, end = config.start_time_seconds, config.end_time_seconds
    if is_missing(start) and is_missing(end):
        return MISSING
    return f"{'' if is_missing(start) else text(start)}..{'' if is_missing(end) else text(end)}"


def _get(obj: object, path: str) -> object:
    """Follow dotted attributes (`media_info.duration_seconds`), stopping at a missing one."""
    for name in path.split("."):
        if is_missing(obj):
            return None
        obj = getattr(obj, name, None)
    return obj


def to_json(item: Any, *, indent: int | None = 2) -> str:
    """A model's `to_dict()` as JSON with sorted keys (stable whatever the server's order)."""
    separators = None if indent is not None else (",", ":")
    return json.dumps(
        item.to_dict(), indent=indent, sort_keys=True, default=str, separators=separators
    )


def _metadata(item: Any) -> str:
    value = _get(item, "metadata")
    return MISSING if is_missing(value) else to_json(value, indent=None)


def _duration(file: Any) -> str:
    seconds = _get(file, "media_info.duration_seconds")
    return text(_get(file, "video_info.duration_seconds") if is_missing(seconds) else seconds)


def segmentation_summary(job: Any) -> str:
    """The settings of a segmentation's strategy, e.g. `window=2 hop=1`."""
    cfg = job.segmentation_config
    strategy = text(cfg.strategy)
    settings = STRATEGIES[strategy].settings() if strategy in STRATEGIES else {}
    values = {label: _get(cfg, path) for label, path in settings.items()}
    parts = [f"{label}={text(value)}" for label, value in values.items() if not is_missing(value)]
    if strategy == "manual" and not is_missing(cfg.manual_config):
        count = len(cfg.manual_config.segments)
        parts.append(f"{count} range{'' if count == 1 else 's'}")
    span = time_range(cfg)
    if span != MISSING:
        parts.append(f"range={span}")
    return " ".join(parts) or MISSING


FILE: View = (
    Column("ID", "id"),
    Column("STATUS", "status"),
    Column("CREATED", created, drop=2),
    Column("FILENAME", "filename", shrink=True),
    Column("TYPE", "media_type", drop=3),
    Column("DURATION", _duration, right=True, drop=1),
    Column("BYTES", "bytes_", right=True, drop=4),
    Column("METADATA", _metadata, shrink=True, drop=5),
)

FRAME_JOB: View = (
    Column("ID", "frame_extraction_id"),
    Column("STATUS", "status"),
    Column("CREATED", created, drop=3),
    Column("FPS", "frame_extraction_config.uniform_config.frames_per_second"),
    Column("MAX_WIDTH", "frame_extraction_config.uniform_config.max_width", drop=2),
    Column(
        "THUMBNAILS", "frame_extraction_config.thumbnails_config.enable_frame_thumbnails", drop=4
    ),
    Column("RANGE", lambda job: time_range(job.frame_extraction_config), shrink=True, drop=1),
    Column("FRAMES", "frame_count", right=True),
)

SEGMENTATION: View = (
    Column("ID", "segmentation_id"),
    Column("STATUS", "status"),
    Column("CREATED", created, drop=2),
    Column("STRATEGY", "segmentation_config.strategy", drop=1),
    Column("CONFIG", segmentation_summary, shrink=True),
    Column("THUMBNAILS", "thumbnails_config.enable_segment_thumbnails", drop=3),
    Column("SEGMENTS", "total_segments", right=True),
)

FRAME: View = (
    Column("ID", "id"),
    Column("TIMESTAMP", "timestamp", right=True),
    Column("THUMBNAIL_URL", "thumbnail_url", shrink=True),
)

SEGMENT: View = (
    Column("ID", "id"),
    Column("START", "start_time", right=True),
    Column("END", "end_time", right=True),
    Column("THUMBNAIL_URL", "thumbnail_url", shrink=True),
)

FILE_SEGMENT: View = (
    *SEGMENT[:3],
    Column("SEGMENTATION_ID", "segmentation_id", drop=2),
    Column("METADATA", _metadata, shrink=True),
    Column("THUMBNAIL_URL", "thumbnail_url", shrink=True, drop=1),
)

DELETED: View = (
    Column("ID", "id"),
    Column("DELETED", lambda _: "yes"),
)

THUMBNAIL: View = (
    Column("ID", "id"),
    Column("TYPE", "type_"),
    Column("TIME", "time", right=True),
    Column("SEGMENTATION_ID", "segmentation_id", drop=2),
    Column("SEGMENT_ID", "segment_id", drop=1),
    Column("URL", "url", shrink=True),
)


GAP = "  "
DEFAULT_WIDTH = 80
#: Optional columns are left out before a long cell is cut below this many characters.
READABLE = 16


def width_of(stream: TextIO) -> int:
    """$COLUMNS when set, else the terminal's width when `stream` is one, else 80 (min 40)."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isascii() and columns.isdigit():  # not "²", which int() refuses
        return max(40, int(columns))
    if stream.isatty():
        return max(40, shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns)
    return DEFAULT_WIDTH


def marker(stream: TextIO) -> str:
    """What marks a cut cell: an ellipsis where the stream can encode it, else `~`."""
    encoding = getattr(stream, "encoding", None) or os.device_encoding(1) or "ascii"
    try:
        "\u2026".encode(encoding)
    except (LookupError, UnicodeEncodeError):
        return "~"
    return "\u2026"


def clean(cell: str, keep: str = "") -> str:
    """`cell` with every character that is not printable, but those in `keep`, as '?': what the
    server sent (file names) must not break the table or drive the terminal."""
    return "".join(ch if ch.isprintable() or ch in keep else "?" for ch in cell)


def table_lines(items: Iterable[Any], view: View, *, width: int, cut: str = "~") -> Iterator[str]:
    """The lines of an aligned table of at most `width` characters: a header, one row per item."""
    rows = [[clean(col.cell(item)) for col in view] for item in items]
    natural = [max([len(col.header)] + [len(row[i]) for row in rows]) for i, col in enumerate(view)]
    pairs = list(zip(natural, view, strict=True))
    narrowest = [min(w, len(col.header)) if col.shrink else w for w, col in pairs]
    comfortable = [min(w, max(len(col.header), READABLE)) if col.shrink else w for w, col in pairs]
    keep = list(range(len(view)))

    def need(widths: list[int]) -> int:
        return sum(widths[i] for i in keep) + len(GAP) * (len(keep) - 1)

    # Leave columns out while the rest would cut a long cell below READABLE characters.
    droppable = sorted((i for i, col in enumerate(view) if col.drop), key=lambda i: -view[i].drop)
    for i in droppable:
        if need(comfortable) <= width:
            break
        keep.remove(i)
    widths = list(natural)
    for _ in range(need(widths) - width):  # one character off the widest cuttable column
        cuttable = [i for i in keep if widths[i] > narrowest[i]]
        if not cuttable:
            break
        widths[max(cuttable, key=lambda i: widths[i])] -= 1
    for row in [[col.header for col in view], *rows]:
        cells = (_cell(row[i], widths[i], view[i].right, cut) for i in keep)
        line = GAP.join(cells).rstrip()
        yield line if len(line) <= width else line[: width - len(cut)] + cut


def _cell(text: str, width: int, right: bool, cut: str) -> str:
    if len(text) > width:
        text = text[: max(width - len(cut), 0)] + cut
    return text.rjust(width) if right else text.ljust(width)
