"""The performance page's tables, generated from the benchmark results file.

`bench/results/latest.json` is what a full `make bench` writes (schema: bench/README.md);
without it, `quick.json` from `make bench-smoke` is shown under a warning that its sizes are
too small to judge any goal; without either, the page says how to make one. Nothing here is
typed by hand: a new row, goal or baseline in bench/ appears on the next build.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "bench" / "results"
#: Files tried in order: a full run, then a smoke run.
CANDIDATES = ("latest.json", "quick.json")
SCHEMA = 1


def results_file(folder: Path = RESULTS) -> Path | None:
    """The results file the page is made from, or None when there is none."""
    return next((folder / n for n in CANDIDATES if (folder / n).is_file()), None)


def number(value: float | None) -> str:
    """Three significant digits (thousands separated), or '-' when not measured."""
    if value is None or not math.isfinite(value):
        return "-"
    if value == 0:
        return "0"
    digits = max(0, 2 - math.floor(math.log10(abs(value))))
    text = f"{value:,.{digits}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def ratio(value: float | None) -> str:
    """`0.0964x`: ours / baseline."""
    return "-" if value is None else f"{number(value)}x"


def met(row: dict[str, Any], judged: bool = True) -> str:
    """yes, **no**, info (no goal), skipped, **error**, or `not judged` (a quick run)."""
    note = str(row.get("note") or "")
    if note.startswith("skipped:"):
        return "skipped"
    if note.startswith("error:"):
        return "**error**"
    if row.get("met") is None:
        return "info"
    if not judged:
        return "not judged"
    return "yes" if row["met"] else "**no**"


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def render(folder: Path = RESULTS) -> str:
    """Markdown: the run, the table of rows, what each row measures, the servers."""
    path = results_file(folder)
    if path is None:
        return (
            '!!! note "No benchmark results in this checkout"\n\n'
            "    `make bench` (a full run, about 13 minutes) writes `bench/results/latest.json`"
            " and\n    `make bench-smoke` a quick one; this page is made from whichever exists.\n"
        )
    document = json.loads(path.read_text())
    if document.get("schema") != SCHEMA:
        raise ValueError(f"{path}: schema {document.get('schema')!r}, expected {SCHEMA}")
    run, rows = document["run"], document["rows"]
    out = []
    if run.get("mode") != "full":
        out.append(
            '!!! warning "A quick run, not a measurement"\n\n'
            f"    These rows come from `{path.relative_to(ROOT)}`, written by `make bench-smoke`:"
            "\n    every benchmark at tiny sizes to prove it runs. No goal is judged on them;"
            "\n    a full `make bench` writes `bench/results/latest.json`, which this page"
            " shows instead.\n"
        )
    load = run.get("load_average") or {}
    start = ", ".join(number(x) for x in load.get("start", [])) or "-"
    end = ", ".join(number(x) for x in load.get("end", [])) or "-"
    out.append(
        "| run | |\n|---|---|\n"
        f"| file | `{path.relative_to(ROOT)}` ({_cell(run.get('mode', '?'))} run) |\n"
        f"| date | {_cell(run.get('date', '?'))} |\n"
        f"| machine | {_cell(run.get('machine', '?'))} |\n"
        f"| Python | {_cell(run.get('python', '?'))} |\n"
        f"| commit | `{_cell(run.get('commit', '?'))}` |\n"
        f"| duration | {number(run.get('seconds'))} s |\n"
        f"| load average (1, 5, 15 min) | {start} at the start, {end} at the end |\n"
    )
    table = [
        "| # | row | ours | baseline: its value | ratio | goal | met |",
        "|---:|---|---:|---|---:|---|---|",
    ]
    for n, row in enumerate(rows, 1):
        cells = [
            str(n),
            _cell(row["name"]),
            number(row.get("ours")),
            f"{_cell(row.get('baseline', ''))}: {number(row.get('baseline_value'))}",
            ratio(row.get("ratio")),
            _cell(row.get("goal", "")),
            met(row, judged=run.get("mode") == "full"),
        ]
        table.append("| " + " | ".join(cells) + " |")
    out.append("\n".join(table) + "\n")
    out.append("### What each row measures\n")
    for n, row in enumerate(rows, 1):
        note = f" *{_cell(row['note'])}*" if row.get("note") else ""
        server = f"({_cell(row['server'])}) " if row.get("server") else ""
        out.append(f"{n}. {server}{_cell(row.get('measures', ''))}{note}")
    out.append("\n### The servers\n")
    for name, what in document.get("servers", {}).items():
        out.append(f"- **{_cell(name)}**: {_cell(what)}")
    return "\n".join(out) + "\n"
