"""Run one page's Python blocks in order in one namespace: `python run_python.py BLOCKS.json`.

A subprocess per page, so each page starts clean (its own imports, environment and folder).
Each block is compiled under the page's name with its real line numbers, so a traceback
points into the Markdown file. A block may `await` at top level (as in `python -m asyncio`):
it then runs in its own `asyncio.run`.
"""

from __future__ import annotations

import ast
import asyncio
import inspect
import json
import sys
from typing import Any


def main(path: str) -> int:
    with open(path) as f:
        blocks = json.loads(f.read())
    namespace: dict[str, Any] = {"__name__": "__main__"}
    for block in blocks:
        source = "\n" * (block["line"] - 1) + block["code"]
        code = compile(source, block["page"], "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)
        print(f"--- {block['page']}:{block['line']}", flush=True)
        if code.co_flags & inspect.CO_COROUTINE:
            asyncio.run(eval(code, namespace))
        else:
            exec(code, namespace)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
