"""The project's modules with the first line of each docstring: the layout, as the code says.

Listed for the contributor's page, so the layout there follows every module added, renamed
or removed; the text is the module's own docstring (its first line).
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
#: (folder, the folder module names are relative to), in the order they are shown.
TREES = (
    ("wrapper/cloudglue_client", "wrapper"),
    ("emulator/cloudglue_emulator", "emulator"),
    ("codegen", "."),
    ("tools", "."),
    ("bench", "."),
)


def summary(path: Path) -> str:
    """The first line of a module's docstring, or a dash."""
    doc = ast.get_docstring(ast.parse(path.read_text()))
    return doc.strip().splitlines()[0].strip() if doc else "-"


def render() -> str:
    """Markdown: one table per tree, one row per module."""
    out = []
    for tree, base in TREES:
        folder = ROOT / tree
        rows = ["| module | what it is for |", "|---|---|"]
        for path in sorted(folder.rglob("*.py")):
            inside = path.relative_to(folder).parts[:-1]
            # bench/.venvs holds make bench's throwaway virtualenvs: hidden folders are no layout
            if any(p.startswith(".") or p in ("__pycache__", "templates") for p in inside):
                continue
            name = path.relative_to(ROOT / base).with_suffix("").as_posix().replace("/", ".")
            text = summary(path).replace("|", "\\|")
            rows.append(f"| `{name.removesuffix('.__init__')}` | {text} |")
        out.append(f"### `{tree}/`\n\n" + "\n".join(rows) + "\n")
    return "\n".join(out)
