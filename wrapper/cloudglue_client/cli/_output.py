"""What commands print: aligned tables or JSON on stdout, progress lines on stderr."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Iterable
from types import TracebackType
from typing import Any, TextIO

from .. import _clock
from .._status import JobStatus
from ._tables import marker, table_lines, width_of
from ._views import View


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


class Output:
    """Writes results as tables (default) or JSON (`--json`)."""

    def __init__(
        self, stdout: TextIO, stderr: TextIO, *, as_json: bool, quiet: bool = False
    ) -> None:
        self.stdout = stdout
        self.stderr = stderr
        self.as_json = as_json
        self.quiet = quiet
        self.interactive = is_tty(stderr) and not quiet
        self.width = width_of(stdout)

    def show(self, item: Any, view: View) -> None:
        """One model: a one-row table, its JSON object, or (`--quiet`) its id."""
        if self.quiet:
            self.show_many([item], view)
        elif self.as_json:
            self._write(to_json(item))
        else:
            self._table([item], view)

    def show_many(self, items: Iterable[Any], view: View) -> None:
        """Many models: a table, a JSON array streamed item by item, or ids one per line."""
        if self.quiet:
            for item in items:  # the first column of every view is the id
                self.stdout.write(view[0].cell(item) + "\n")
            self.stdout.flush()
            return
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
        if not self.as_json and not self.quiet:
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
        for line in table_lines(items, view, width=self.width, cut=marker(self.stdout)):
            self.stdout.write(line + "\n")
        self.stdout.flush()

    def _write(self, text: str) -> None:
        self.stdout.write(text + "\n")
        self.stdout.flush()


class Progress:
    """One line on stderr, rewritten in place with `\\r`: a wait's status and elapsed time
    (ticking once a second through the client's heartbeat), or an upload's bytes.
    """

    #: Seconds between progress refreshes while a job keeps its status.
    HEARTBEAT = 1.0

    def __init__(self, stream: TextIO, label: str, *, enabled: bool) -> None:
        self._stream = stream
        self._label = label
        self._enabled = enabled
        self._started = _clock.monotonic()
        self._width = 0
        self._shown = ""

    @property
    def heartbeat(self) -> float | None:
        """The `heartbeat` to ask the client's wait for (none when nothing is shown)."""
        return self.HEARTBEAT if self._enabled else None

    def update(self, job: Any) -> None:
        """`on_update` callback of the client's wait: show the status and elapsed time."""
        status = JobStatus.of(job.status).value
        elapsed = _clock.monotonic() - self._started
        self.show(f"{status} ({elapsed:.0f}s)")

    def sent(self, done: int, total: int | None) -> None:
        """`on_progress` callback of an upload: bytes sent, of how many."""
        if total:
            self.show(f"{human_size(done)} of {human_size(total)} ({100 * done // total}%)")
        else:
            self.show(f"{human_size(done)} sent")

    def show(self, text: str) -> None:
        """Rewrite the line as `label: text` (nothing when disabled or unchanged)."""
        if not self._enabled or text == self._shown:
            return
        self._shown = text
        line = f"{self._label}: {text}"
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


def human_size(count: int) -> str:
    """Bytes for people: 512 B, 1.5 KiB, 12.3 MiB, 2.0 GiB."""
    value = float(count)
    for unit in ("B", "KiB", "MiB"):
        if value < 1024:
            return f"{count} B" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} GiB"
