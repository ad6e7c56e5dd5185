"""Fenced code blocks of the README and the docs pages, and how each is to be tested.

A block is run unless an HTML comment on the line right above its fence (invisible on GitHub
and on the site) says otherwise:

    <!-- docs-test: skip REASON -->   not run; the test reports REASON (say why: the real
                                      service, an install from PyPI, an editor, ...)
    <!-- docs-test: pytest -->        a test file: run with pytest in a fresh folder, every
                                      test in it must pass

Python blocks (`python`) of one page run in order, in one namespace, like a session. Shell
blocks (`bash`, `sh`, `shell`) of one page run in order in one bash (`set -euo pipefail`);
each must name one of our commands (MAKE_WORDS / OUR_COMMANDS) or be marked skip, so that no
shell block is left unrun without a stated reason. Other languages (`text`, `json`, ...) are
shown output or data, not run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON = {"python", "py", "pycon"}
SHELL = {"bash", "sh", "shell"}
#: Commands of ours: a shell block that names none of them must be marked skip.
OUR_COMMANDS = ("cloudglue-client", "cloudglue-emulator", "make", "python -m cloudglue_emulator")
FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>```+|~~~+)\s*(?P<info>[^\n`]*)$")
MARKER = re.compile(r"^\s*<!-- docs-test: (?P<verb>skip|pytest)\b\s*(?P<reason>.*?)\s*-->\s*$")


@dataclass(frozen=True)
class Block:
    """One fenced block: where it is, its language, its code and how it is tested."""

    page: str
    line: int  # 1-based line of the first code line
    language: str
    code: str
    skip: str | None = None  # the reason, when marked skip
    pytest: bool = False

    @property
    def where(self) -> str:
        """`page:line`, for messages and tracebacks."""
        return f"{self.page}:{self.line}"


def pages() -> list[Path]:
    """The README, CONTRIBUTING.md and every Markdown page of the site that holds code."""
    docs = sorted(p for p in (ROOT / "docs").rglob("*.md") if "_hooks" not in p.parts)
    candidates = [ROOT / "README.md", ROOT / "CONTRIBUTING.md", *docs]
    return [p for p in candidates if any(b.language in PYTHON | SHELL for b in page_blocks(p))]


def parse(text: str, page: str) -> list[Block]:
    """Every fenced block of a Markdown text (fences may be indented, e.g. in a list)."""
    lines = text.splitlines()
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        match = FENCE.match(lines[i])
        if not match:
            i += 1
            continue
        indent, fence = match.group("indent"), match.group("fence")
        language = match.group("info").strip().split(" ")[0].lower() if match.group("info") else ""
        marker = MARKER.match(lines[i - 1]) if i > 0 else None
        start = i + 1
        end = start
        while end < len(lines) and not lines[end].strip().startswith(fence):
            end += 1
        body = [
            line[len(indent) :] if line.startswith(indent) else line for line in lines[start:end]
        ]
        blocks.append(
            Block(
                page=page,
                line=start + 1,
                language=language,
                code="\n".join(body) + "\n",
                skip=(marker.group("reason") or "no reason given")
                if marker and marker.group("verb") == "skip"
                else None,
                pytest=bool(marker and marker.group("verb") == "pytest"),
            )
        )
        i = end + 1
    return blocks


def page_blocks(path: Path) -> list[Block]:
    """The blocks of one page, named relative to the repository."""
    return parse(path.read_text(), str(path.relative_to(ROOT)))


#: Where a word is a command: the start of a line, after `$(`, `;`, `&`, `|` or `(`, or as
#: what `xargs` runs (a package name in `pip install cloudglue-client` is no command).
COMMAND_POSITION = r"(?:^|[;&|(]\s*|\$\(\s*|\bxargs(?:\s+-\S+)*\s+)"


def names_our_command(code: str) -> bool:
    """True when a shell block runs one of our commands."""
    for line in code.splitlines():
        line = line.split("#", 1)[0].strip()
        for cmd in OUR_COMMANDS:
            if re.search(rf"{COMMAND_POSITION}{re.escape(cmd)}(?:\s|$|\))", line):
                return True
    return False
