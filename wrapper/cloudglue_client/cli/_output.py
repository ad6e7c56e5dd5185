"""What commands print: aligned tables, JSON or ids on stdout; progress lines on stderr;
exports of frames or segments as JSON Lines, CSV or ids, to stdout or atomically to a file."""

from __future__ import annotations

import contextlib
import csv
import io
import os
import secrets
import stat
import textwrap
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, TextIO

import cloudglue_client._clock as clock
from cloudglue_client import JobStatus

from ._views import View, clean, marker, table_lines, to_json, width_of


class OutputError(Exception):
    """What a command writes could not be written (exit code 1, not a usage error)."""


def encodable(text: str, encoding: str | None) -> str:
    """`text` with what `encoding` cannot hold as '?' (a table is printed whole, never half)."""
    if not encoding:
        return text
    try:
        return text.encode(encoding, "replace").decode(encoding, "replace")
    except LookupError:
        return text


class _Wrapped(io.TextIOBase):
    """A standard stream the CLI writes through; None stands for a closed one (`>&-`)."""

    def __init__(self, stream: TextIO | None) -> None:
        super().__init__()
        self._stream = stream

    def close(self) -> None:
        """Let go of the stream underneath without flushing it: `main` flushes it where a
        failure can be reported (not as "Exception ignored" at garbage collection)."""
        self._stream = None
        super().close()

    @property
    def encoding(self) -> str | None:  # type: ignore[override]
        """The encoding of the stream underneath (None for an in-memory one)."""
        return getattr(self._stream, "encoding", None)

    def isatty(self) -> bool:
        """Whether the stream is a terminal (False when it is closed or cannot say)."""
        try:
            return self._stream is not None and self._stream.isatty()
        except (AttributeError, ValueError, OSError):
            return False


class Stdout(_Wrapped):
    """stdout as commands write it: a closed one (`>&-`: None), a full disk or text it cannot
    encode raise OutputError naming stdout; a reader that went away stays BrokenPipeError (the
    command stops quietly). `broken`: a write or flush failed; what is buffered is lost too."""

    broken = False

    def write(self, text: str) -> int:
        """Write `text`, or raise OutputError saying why it cannot be."""
        if self._stream is None:
            raise OutputError("cannot write to stdout: it is closed")
        with self._failing():
            return self._stream.write(text)

    def flush(self) -> None:
        """Flush the stream underneath, or raise OutputError saying why it cannot be."""
        if self._stream is not None:
            with self._failing():
                self._stream.flush()

    @contextlib.contextmanager
    def _failing(self) -> Iterator[None]:
        try:
            yield
        except UnicodeEncodeError as exc:  # nothing of `text` was buffered
            bad = exc.object[exc.start : exc.end]
            raise OutputError(
                f"stdout ({exc.encoding}) cannot encode {bad!r}: write to a file with --output, "
                "or set PYTHONIOENCODING=utf-8"
            ) from None
        except BrokenPipeError:
            self.broken = True
            raise
        except OSError as exc:
            self.broken = True
            raise OutputError(f"cannot write to stdout: {exc.strerror or exc}") from None
        except ValueError as exc:  # a closed file object
            raise OutputError(f"cannot write to stdout: {exc}") from None


class Stderr(_Wrapped):
    """stderr as the CLI writes it: what it cannot encode becomes '?'; a closed or failing one
    swallows what is written (the exit code still tells)."""

    def write(self, text: str) -> int:
        """Write `text` as far as the stream can; never raises."""
        with contextlib.suppress(OSError, ValueError, AttributeError):
            if self._stream is not None:
                self._stream.write(encodable(text, self.encoding))
        return len(text)

    def flush(self) -> None:
        """Flush as far as the stream can; never raises."""
        with contextlib.suppress(OSError, ValueError, AttributeError):
            if self._stream is not None:
                self._stream.flush()


class Output:
    """Writes results as tables (default), JSON (`--json`) or ids (`--quiet`)."""

    def __init__(self, stdout: TextIO, stderr: TextIO, *, as_json: bool, quiet: bool) -> None:
        self.stdout, self.stderr = stdout, stderr
        self.as_json, self.quiet = as_json, quiet
        self.interactive = stderr.isatty() and not quiet
        self.width, self.cut = width_of(stdout), marker(stdout)

    def show(self, item: Any, view: View) -> None:
        """One model: a one-row table, its JSON object, or (`--quiet`) its id."""
        if self.as_json:  # never with quiet (a usage error)
            self.write(to_json(item))
        else:
            self.show_many([item], view)

    def show_many(self, items: Iterable[Any], view: View) -> None:
        """Many models: a table, a JSON array streamed item by item, or ids one per line."""
        if self.quiet:  # the first column of every view is the id
            self._lines(view[0].cell(item) for item in items)
        elif not self.as_json:
            self._lines(table_lines(items, view, width=self.width, cut=self.cut))
        else:
            opened = False
            for item in items:
                self.stdout.write(",\n" if opened else "[\n")
                self.stdout.write(textwrap.indent(to_json(item), "  "))
                opened = True
            self.write("\n]" if opened else "[]")

    def section(self, title: str, items: Iterable[Any], view: View) -> None:
        """A titled table after the main one (tables only; JSON already nests it)."""
        if not self.as_json and not self.quiet:
            self.write(f"\n{title}")
            self._lines(table_lines(items, view, width=self.width, cut=self.cut))

    def note(self, message: str) -> None:
        """A human-only remark on stderr, shown on a terminal only."""
        if self.interactive:
            self.stderr.write(message + "\n")
            self.stderr.flush()

    def progress(self, label: str) -> contextlib.closing[Progress]:
        """A status line, ended when the block is; silent unless stderr is a terminal."""
        return contextlib.closing(Progress(self.stderr, label, enabled=self.interactive))

    def write(self, text: str) -> None:
        """A line on stdout, flushed (scripts read it as it comes)."""
        self._lines([text])

    def _lines(self, lines: Iterable[str]) -> None:
        """Print `lines` printable whatever the server sent, and encodable by stdout."""
        for line in lines:
            self.stdout.write(encodable(clean(line, keep="\n"), self.stdout.encoding) + "\n")
        self.stdout.flush()


class Progress:
    """One line on stderr, rewritten in place with `\\r`: a wait's status and elapsed time
    (ticking each second through the client's heartbeat), an upload's bytes, a download's bar."""

    #: A download's bar is redrawn at most every REDRAW seconds, and is BAR characters wide.
    REDRAW = 0.1
    BAR = 24

    def __init__(self, stream: TextIO, label: str, *, enabled: bool) -> None:
        self._stream, self._label, self._enabled = stream, label, enabled
        self._started, self._drawn_at = clock.monotonic(), -1.0
        self._width, self._shown = 0, ""
        #: The `heartbeat` to ask the client's wait for: a tick a second, when anything is shown.
        self.heartbeat = 1.0 if enabled else None

    def update(self, job: Any) -> None:
        """`on_update` callback of the client's wait: show the status and elapsed time."""
        elapsed = clock.monotonic() - self._started
        self.show(f"{JobStatus.of(job.status).value} ({elapsed:.0f}s)")

    def sent(self, done: int, total: int | None) -> None:
        """`on_progress` callback of an upload: bytes sent, of how many."""
        if total:
            self.show(f"{human_size(done)} of {human_size(total)} ({100 * done // total}%)")
        else:
            self.show(f"{human_size(done)} sent")

    def images(self, done: int, total: int, nbytes: int) -> None:
        """`on_progress` callback of a download: `[#####.....] 120/2000 images  1.2 MiB`."""
        now = clock.monotonic()
        if now - self._drawn_at < self.REDRAW and done < total:
            return
        self._drawn_at = now
        filled = self.BAR * done // total if total else self.BAR
        bar = "#" * filled + "." * (self.BAR - filled)
        self.show(f"[{bar}] {done}/{total} images  {human_size(nbytes)}")

    def show(self, text: str) -> None:
        """Rewrite the line as `label: text` (nothing when disabled or unchanged)."""
        if not self._enabled or text == self._shown:
            return
        self._shown = text
        line = clean(f"{self._label}: {text}")  # a status or id the server sent, printable
        self._stream.write("\r" + line.ljust(self._width))
        self._stream.flush()
        self._width = max(self._width, len(line))

    def close(self) -> None:
        """End the line so whatever follows starts on a fresh one."""
        if self._width:
            self._stream.write("\n")
            self._stream.flush()
            self._width = 0


def human_size(count: int) -> str:
    """Bytes for people: 512 B, 1.5 KiB, 12.3 MiB, 2.0 GiB."""
    value = float(count)
    for unit in ("B", "KiB", "MiB"):
        if value < 1024:
            return f"{count} B" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} GiB"


FORMATS = ("jsonl", "csv")


def write(items: Iterable[Any], stream: TextIO, fmt: str, fields: Sequence[str]) -> int:
    """Write `items` as `fmt` (one of FORMATS, or `ids`: one per line); returns the count.
    JSON Lines: one compact object per item. CSV: a header of `fields`, then a row per item, a
    missing value empty. Either way control characters cannot reach a terminal: JSON escapes
    them, CSV has '?' for them (but the tab, CR and LF that it quotes)."""
    writer = csv.writer(stream, lineterminator="\n")
    if fmt == "csv":
        writer.writerow(fields)
    count = 0
    for count, item in enumerate(items, 1):  # noqa: B007 - the count is the result
        if fmt == "csv":
            cells = map(item.to_dict().get, fields)
            writer.writerow([clean(c, keep="\t\r\n") if isinstance(c, str) else c for c in cells])
        elif fmt == "ids":
            stream.write(clean(str(item.id)) + "\n")
        else:
            stream.write(to_json(item, indent=None) + "\n")
    return count


@contextlib.contextmanager
def atomic_file(path: str) -> Iterator[TextIO]:
    """A text stream that becomes `path` only if the block succeeds: a hidden temporary file
    next to it, synced and renamed over it at the end, removed on any error (a failed export
    leaves no truncated file, and an existing one as it was). A file replaced keeps its
    permission bits; a symlink's target is replaced, the link kept. What is not a plain file
    (a pipe, `/dev/null`) is written in place: a rename would replace it with a regular file."""
    try:
        try:
            kind = os.stat(path).st_mode  # through symlinks
        except FileNotFoundError:
            kind = None
        if kind is not None and not stat.S_ISREG(kind):
            with open(path, "w", encoding="utf-8", newline="") as stream:
                yield stream
            return
        folder, name = os.path.split(os.path.realpath(path))
        temp = os.path.join(folder, f".{name}.{secrets.token_hex(6)}.tmp")
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600 if kind else 0o666)
        try:
            with open(fd, "w", encoding="utf-8", newline="") as stream:
                if kind is not None:
                    os.fchmod(fd, stat.S_IMODE(kind))
                yield stream  # what the block writes fails here (a full disk: ENOSPC)
                stream.flush()
                os.fsync(fd)
            os.replace(temp, os.path.join(folder, name))
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temp)
            raise
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from exc
