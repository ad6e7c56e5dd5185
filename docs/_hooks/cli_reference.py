"""The command-line reference, generated from the parsers the commands themselves use.

Each command's section is its `--help` exactly as a user sees it (argparse's own output, at a
fixed width of 88 columns), so the page follows every option, default and range the parsers
take from openapi.yaml; nothing is copied by hand.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import re
from collections.abc import Callable, Iterator

#: Columns argparse formats help for (it reads COLUMNS).
WIDTH = 88


@contextlib.contextmanager
def _columns(width: int) -> Iterator[None]:
    old = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = str(width)
    try:
        yield
    finally:
        if old is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = old


def help_text(build: Callable[[], argparse.ArgumentParser], words: list[str]) -> str:
    """What `PROG *words --help` prints."""
    out = io.StringIO()
    with _columns(WIDTH), contextlib.redirect_stdout(out):
        try:
            build().parse_args([*words, "--help"])
        except SystemExit as stop:
            if stop.code not in (0, None):
                raise RuntimeError(f"{' '.join(words)} --help exited {stop.code}") from None
        else:
            raise RuntimeError(f"{' '.join(words)} --help did not print help")
    return out.getvalue().rstrip() + "\n"


def client_commands() -> list[tuple[str, list[str]]]:
    """(heading, argv words) of every command of `cloudglue-client`, in its help order."""
    from cloudglue_client.cli._parser import command_table

    commands: list[tuple[str, list[str]]] = []
    for group, (_help, rows) in command_table().items():
        commands.append((group, [group]))
        commands += [(f"{group} {row.name}", [group, row.name]) for row in rows]
    return commands


def emulator_commands() -> list[tuple[str, list[str]]]:
    """(heading, argv words) of every command of `cloudglue-emulator`, from its usage line."""
    from cloudglue_emulator.cli import build_parser

    usage = build_parser().format_usage()
    match = re.search(r"\{([a-z,-]+)\}", usage)
    if match is None:
        raise RuntimeError(f"cloudglue-emulator: no subcommands in its usage: {usage!r}")
    return [(name, [name]) for name in match.group(1).split(",")]


def render(prog: str) -> str:
    """Markdown: the top-level help, then one section per command."""
    if prog == "cloudglue-client":
        from cloudglue_client.cli._parser import build_parser as client_parser

        build: Callable[[], argparse.ArgumentParser] = client_parser
        commands = client_commands()
    elif prog == "cloudglue-emulator":
        from cloudglue_emulator.cli import build_parser as emulator_parser

        build = emulator_parser
        commands = emulator_commands()
    else:
        raise ValueError(f"no parser for {prog!r}")
    parts = [f"```text\n$ {prog} --help\n{help_text(build, [])}```\n"]
    for heading, words in commands:
        depth = "###" if len(words) == 1 else "####"
        text = help_text(build, words)
        parts.append(f"{depth} `{prog} {heading}`\n\n```text\n{text}```\n")
    return "\n".join(parts)
