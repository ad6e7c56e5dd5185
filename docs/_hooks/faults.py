"""The emulator's fault settings as a table, from the one table the emulator itself uses
(`cloudglue_emulator.settings.FAULT_OPTIONS`: its flags, `running()` keywords and checks)."""

from __future__ import annotations


def render() -> str:
    """Markdown: one row per setting, with its flag, bounds, default and meaning."""
    from cloudglue_emulator.settings import FAULT_OPTIONS, fmt

    rows = [
        "| `running()` / JSON key | `serve` flag | allowed | default | what it does |",
        "|---|---|---|---|---|",
    ]
    for option in FAULT_OPTIONS:
        default = option.default
        shown = (
            "none"
            if default is None
            else fmt(default)
            if not isinstance(default, bool)
            else str(default).lower()
        )
        rows.append(
            f"| `{option.name}` | `{option.flag}` | {option.bounds()} | {shown} | {option.help} |"
        )
    return "\n".join(rows) + "\n"
