"""What commands print: aligned tables or JSON on stdout, progress lines on stderr."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Iterable, Iterator
from types import TracebackType
from typing import Any, TextIO

from .. import _clock
from .._status import JobStatus
from ._views import View

_GAP = "  "


def is_tty(stream: TextIO) -> bool:
    """True when `stream` is an interactive terminal."""
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def to_json(item: Any, *, indent: int | None = 2) -> str:
    """A model's `to_dict()` as JSON with sorted keys (stable whatever the server's order)."""
    separators = None if indent is not None else (",", ":")
    return json.dumps(
        item.to_dict(), indent=indent, sort_keys=True, default=str, separators=separators
    )


def _clean(cell: str) -> str:
    # Server-supplied text (file names) must not break the table or drive the terminal.
    return "".join(ch if ch.isprintable() else "?" for ch in cell)


def table_lines(items: Iterable[Any], view: View) -> Iterator[str]:
    """The lines of an aligned table: a header, then one row per item."""
    rows = [[_clean(col.cell(item)) for col in view] for item in items]
    widths = [max([len(col.header)] + [len(row[i]) for row in rows]) for i, col in enumerate(view)]
    for row in [[col.header for col in view], *rows]:
        cells = (
            cell.rjust(width) if col.right else cell.ljust(width)
            for cell, width, col in zip(row, widths, view, strict=True)
        )
        yield _GAP.join(cells).rstrip()


class Output:
    """Writes results as tables (default) or JSON (`--json`)."""

    def __init__(self, stdout: TextIO, stderr: TextIO, *, as_json: bool) -> None:
        self.stdout = stdout
        self.stderr = stderr
        self.as_json = as_json
        self.interactive = is_tty(stderr)

    def show(self, item: Any, view: View) -> None:
        """One model: a one-row table, or its JSON object."""
        if self.as_json:
            self._write(to_json(item))
        else:
            self._table([item], view)

    def show_many(self, items: Iterable[Any], view: View) -> None:
        """Many models: a table, or a JSON array streamed item by item."""
        if not self.as_json:
            self._table(items, view)
            return
        opened = False
        for item in items:
            self.stdout.write(",\n" if opened else "[\n")
            self.stdout.write(textwrap.indent(to_json(item), "  "))
            opened = True
        self._write("\n]" if opened else "[]")

    def section(self, title: str, items: Iterable[Any], view: View) -> None:
        """A titled table after the main one (tables only; JSON already nests it)."""
        if not self.as_json:
            self._write(f"\n{title}")
            self._table(items, view)

    def note(self, message: str) -> None:
        """A human-only remark on stderr, shown on a terminal only."""
        if self.interactive:
            self.stderr.write(message + "\n")
            self.stderr.flush()

    def progress(self, label: str) -> Progress:
        """A status line for a wait; silent unless stderr is a terminal."""
        return Progress(self.stderr, label, enabled=self.interactive)

    def _table(self, items: Iterable[Any], view: View) -> None:
        for line in table_lines(items, view):
            self.stdout.write(line + "\n")
        self.stdout.flush()

    def _write(self, text: str) -> None:
        self.stdout.write(text + "\n")
        self.stdout.flush()


class Progress:
    """One line on stderr, rewritten in place with `\\r` each time the status changes."""

    def __init__(self, stream: TextIO, label: str, *, enabled: bool) -> None:
        self._stream = stream
        self._label = label
        self._enabled = enabled
        self._started = _clock.monotonic()
        self._width = 0

    def update(self, job: Any) -> None:
        """`on_update` callback of the client's wait: show the new status and elapsed time."""
        if not self._enabled:
            return
        status = JobStatus.of(job.status).value
        elapsed = _clock.monotonic() - self._started
        line = f"{self._label}: {status} ({elapsed:.0f}s)"
        self._stream.write("\r" + line.ljust(self._width))
        self._stream.flush()
        self._width = max(self._width, len(line))

    def close(self) -> None:
        """End the line so whatever follows starts on a fresh one."""
        if self._width:
            self._stream.write("\n")
            self._stream.flush()
            self._width = 0

    def __enter__(self) -> Progress:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
