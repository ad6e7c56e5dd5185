"""MkDocs hooks: generated sections of the pages, and the public-surface docstring check.

A page asks for a generated section with an HTML comment on a line of its own:

    <!-- generate: cli cloudglue-client -->     the command's --help, every command
    <!-- generate: cli cloudglue-emulator -->
    <!-- generate: performance -->             the table from bench/results
    <!-- generate: faults -->                  the emulator's fault settings
    <!-- generate: server-defaults -->         what the server assumes for inputs left out
    <!-- generate: modules -->                 every module and its docstring's first line
    <!-- generate: fixtures -->                a reference entry for every pytest fixture

An unknown request is an error. Every public name without a docstring (see `surface`) is a
warning, so `mkdocs build --strict` (`make docs`) fails on it like on a broken link.
"""

from __future__ import annotations

import logging
import re
from typing import Any

import cli_reference
import faults
import modules
import performance
import server_defaults
import surface

log = logging.getLogger("mkdocs.hooks.cloudglue")
MARKER = re.compile(r"^<!-- generate: ([a-z-]+)(?: ([a-z-]+))? -->$", re.MULTILINE)


def _generated(kind: str, argument: str | None, where: str) -> str:
    if kind == "cli" and argument in ("cloudglue-client", "cloudglue-emulator"):
        return cli_reference.render(argument)
    if kind == "performance" and argument is None:
        return performance.render()
    if kind == "faults" and argument is None:
        return faults.render()
    if kind == "server-defaults" and argument is None:
        return server_defaults.render()
    if kind == "modules" and argument is None:
        return modules.render()
    if kind == "fixtures" and argument is None:
        options = "    options:\n      heading_level: 3\n      show_root_full_path: false\n"
        return "\n".join(f"::: {surface.PLUGIN}.{name}\n{options}" for name in surface.fixtures())
    log.error("%s: unknown generated section %r", where, f"{kind} {argument or ''}".strip())
    return ""


def on_pre_build(config: Any) -> None:
    """Warn (an error under --strict) about every public name without a docstring."""
    for name in surface.missing_docstrings():
        log.warning("no docstring on the public surface: %s", name)


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    """Replace each `<!-- generate: ... -->` line with what it names."""
    where = page.file.src_uri
    return MARKER.sub(lambda m: _generated(m.group(1), m.group(2), where), markdown)
