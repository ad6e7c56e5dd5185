"""Aligned tables that fit a width: optional columns go first, then long cells are cut.

Nothing wraps: a table always has one line per item. Columns a view marks `drop` are left
out (highest `drop` first) until the rest fit with `shrink` columns cut to READABLE
characters; then `shrink` columns are cut as needed, widest first, with a marker at the
cut; a line that still does not fit (a very narrow terminal) is cut at the width. Scripts
should read `--json` or `--quiet`, never tables.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

from ._views import View

#: Columns are separated by this; it counts against the width.
GAP = "  "
#: The width when stdout is not a terminal.
DEFAULT_WIDTH = 80
#: Optional columns are left out before a long cell is cut below this many characters.
READABLE = 16


def width_of(stream: TextIO) -> int:
    """$COLUMNS when set, else the terminal's width when `stream` is one, else 80 (min 40)."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit():
        return max(40, int(columns))
    try:
        if stream.isatty():
            return max(40, shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns)
    except (AttributeError, ValueError, OSError):
        pass
    return DEFAULT_WIDTH


def marker(stream: TextIO) -> str:
    """What marks a cut cell: an ellipsis where the stream can encode it, else `~`."""
    encoding = getattr(stream, "encoding", None) or os.device_encoding(1) or "ascii"
    try:
        "\u2026".encode(encoding)
    except (LookupError, UnicodeEncodeError):
        return "~"
    return "\u2026"


def clean(cell: str) -> str:
    """Server-supplied text (file names) must not break the table or drive the terminal."""
    return "".join(ch if ch.isprintable() else "?" for ch in cell)


def table_lines(items: Iterable[Any], view: View, *, width: int, cut: str = "~") -> Iterator[str]:
    """The lines of an aligned table of at most `width` characters: a header, one row per item."""
    rows = [[clean(col.cell(item)) for col in view] for item in items]
    natural = [max([len(col.header)] + [len(row[i]) for row in rows]) for i, col in enumerate(view)]
    keep, widths = _fit(view, natural, width)
    for row in [[col.header for col in view], *rows]:
        cells = (_cell(row[i], widths[i], view[i].right, cut) for i in keep)
        line = GAP.join(cells).rstrip()
        yield line if len(line) <= width else line[: width - len(cut)] + cut


def _fit(view: View, natural: list[int], width: int) -> tuple[list[int], list[int]]:
    """Which columns to show, and how wide each is."""
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
    excess = need(widths) - width
    while excess > 0:
        cuttable = [i for i in keep if widths[i] > narrowest[i]]
        if not cuttable:
            break
        widest = max(cuttable, key=lambda i: widths[i])
        widths[widest] -= 1
        excess -= 1
    return keep, widths


def _cell(text: str, width: int, right: bool, cut: str) -> str:
    if len(text) > width:
        text = text[: max(width - len(cut), 0)] + cut
    return text.rjust(width) if right else text.ljust(width)
