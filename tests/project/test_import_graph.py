"""No import circles in `cloudglue_client`, read from the source (AST), not from a run.

Every import counts: at module level, inside functions (a lazy import hides a circle, it does
not remove it) and under `if TYPE_CHECKING:`. `from P import n` is an edge to `P.n` when that
is a module, else to `P`; relative imports are resolved against the importing module.
"""

from __future__ import annotations

import ast
from pathlib import Path

import cloudglue_client

PACKAGE = Path(cloudglue_client.__file__).parent
NAME = "cloudglue_client"


def _modules() -> dict[str, tuple[Path, bool]]:
    """Dotted name -> (file, is a package's __init__)."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = [NAME, *path.relative_to(PACKAGE).with_suffix("").parts]
        is_package = parts[-1] == "__init__"
        found[".".join(parts[:-1] if is_package else parts)] = (path, is_package)
    return found


def _imports(name: str, path: Path, is_package: bool, known: set[str], *, strict: bool) -> set[str]:
    """The package's modules that module `name` imports; `strict` also counts `from P import
    module` as an edge to P (it reads P's namespace, so it depends on P's __init__)."""
    here = name if is_package else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name in known)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = here.split(".")[: len(here.split(".")) - node.level + 1]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            if source not in known:
                continue
            for alias in node.names:
                child = f"{source}.{alias.name}"
                found.add(child if child in known else source)
                if strict:
                    found.add(source)
    found.discard(name)
    return found


def import_graph(strict_under: str | None = None) -> dict[str, set[str]]:
    """Module -> the package's modules it imports (read strictly in modules under the prefix
    `strict_under`)."""
    modules = _modules()
    return {
        name: _imports(
            name,
            *where,
            set(modules),
            strict=strict_under is not None and name.startswith(strict_under),
        )
        for name, where in modules.items()
    }


def circles(graph: dict[str, set[str]]) -> set[frozenset[str]]:
    """The strongly connected components with more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: set[frozenset[str]] = set()

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in graph[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                found.add(frozenset(component))

    for node in graph:
        if node not in index:
            visit(node)
    return found


def test_the_graph_sees_the_package() -> None:
    graph = import_graph()
    assert "cloudglue_client.cli" in graph and "cloudglue_client.cli._parser" in graph
    assert "cloudglue_client.cli._commands" in graph["cloudglue_client.cli._parser"]
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == {frozenset("abc")}


def test_no_import_circles() -> None:
    assert circles(import_graph()) == set()


def test_no_circle_in_the_cli_even_read_strictly() -> None:
    """`from . import _commands` inside cli/ counts as importing `cli` itself: read so, the
    command line once had the circle cli -> cli._parser -> cli._commands -> cli."""
    strict = circles(import_graph(strict_under=f"{NAME}.cli"))
    assert [c for c in strict if any(m.startswith(f"{NAME}.cli") for m in c)] == []
