"""The demo's output directory: emptied of the previous run's files, never of anyone else's.

    prepare(Path("out/demo"))  # before a run: the directory, holding no earlier run's images

A directory the demo has written holds a marker file. `prepare` creates the directory (with the
marker) or, when the marker is there, removes only the names the demo writes (so a file a user
dropped beside them stays). A directory without the marker is used only when it is empty, or
when it is the default `out/demo` and holds nothing but names the demo writes (the layout of
demo versions before the marker); any other directory is refused with an error that says what
to do, and nothing in it is touched.
"""

from __future__ import annotations

import shutil
from pathlib import Path

MARKER = ".cloudglue-demo"
#: Every name a demo run writes into its directory (the marker aside).
WRITTEN = frozenset(
    {
        "frames",
        "segments",
        "results.json",
        "summary.json",
        "contact_sheet.png",
        "sample.mp4",
        "sample.json",
        "emulator-data",  # written by demo versions before the emulator moved to a temp dir
    }
)
MARKER_TEXT = (
    "This directory belongs to examples/demo.py (make demo): each run removes what the previous\n"
    "run wrote here (frames/, segments/, results.json, summary.json, contact_sheet.png, ...).\n"
)


class NotDemoOutputError(Exception):
    """The directory holds files the demo did not write; the message says what to do."""


def prepare(out: Path, *, legacy_ok: bool = False) -> list[str]:
    """Make `out` hold none of an earlier run's files; the names removed, sorted.

    `legacy_ok` accepts a directory without the marker whose every entry is a name the demo
    writes (pass it for the default location only).
    """
    if out.exists() and not out.is_dir():
        raise NotDemoOutputError(f"{out} is a file, not a directory; set DEMO_OUT to a directory")
    entries = sorted(out.iterdir()) if out.is_dir() else []
    owned = (out / MARKER).is_file()
    foreign = [e.name for e in entries if e.name not in WRITTEN and e.name != MARKER]
    if entries and not owned and (foreign or not legacy_ok):
        shown = ", ".join(foreign[:5] or [e.name for e in entries[:5]])
        raise NotDemoOutputError(
            f"{out} is not the demo's output directory (no {MARKER} file) and is not empty "
            f"({shown}{', ...' if len(entries) > 5 else ''}); nothing was removed. Set DEMO_OUT "
            "to a new or empty directory, or remove this one yourself"
        )
    removed = []
    for entry in entries:
        if entry.name in WRITTEN:
            _remove(entry)
            removed.append(entry.name)
    out.mkdir(parents=True, exist_ok=True)
    (out / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
    return removed


def _remove(path: Path) -> None:
    """Remove a file, a link (never what it points to) or a directory tree."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)
