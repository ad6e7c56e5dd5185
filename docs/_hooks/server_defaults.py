"""The server's defaults for inputs left out, as a table, from openapi.yaml's
`x-server-default` (read through the generated constraints, the emulator's own source)."""

from __future__ import annotations

import json


def render() -> str:
    """Markdown: one row per input with a stated default, grouped by operation."""
    from cloudglue_openapi.constraints import OPERATIONS

    rows = ["| operation | input | default |", "|---|---|---|"]
    for name, operation in sorted(OPERATIONS.items()):
        for path, field in sorted(operation.fields.items()):
            if field.server_default is not None:
                rows.append(f"| `{name}` | `{path}` | `{json.dumps(field.server_default)}` |")
    return "\n".join(rows) + "\n"
