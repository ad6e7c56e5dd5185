"""What the server side of the emulator may import: not the client, not httpx, not the testing
helpers (those hand users a wrapper client and are loaded only when asked for)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import cloudglue_emulator

PACKAGE = Path(cloudglue_emulator.__file__).resolve().parent
#: The helpers that give users a client of the emulator; everything else is the server.
TESTING_HELPERS = {"testing.py", "pytest_plugin.py"}
FORBIDDEN_ON_THE_SERVER = ("cloudglue_client", "httpx")


def server_modules() -> list[str]:
    """Dotted names of every module of the package except the testing helpers."""
    names = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE)
        if relative.name in TESTING_HELPERS or relative.name == "__main__.py":
            continue
        parts = ["cloudglue_emulator", *relative.with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        names.append(".".join(parts))
    return names


def imported_names(path: Path) -> set[str]:
    """Absolute module names that `path` imports, at any depth of its code."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
    return found


def test_importing_the_whole_server_loads_neither_the_client_nor_httpx() -> None:
    modules = server_modules()
    assert "cloudglue_emulator.app" in modules and "cloudglue_emulator.cli" in modules
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        f"{FORBIDDEN_ON_THE_SERVER!r} or m == 'cloudglue_emulator.testing'))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    assert result.stdout.strip() == "[]", result.stdout


def test_no_server_module_imports_the_client_even_lazily() -> None:
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name in TESTING_HELPERS:
            continue
        reached = {n for n in imported_names(path) if n.split(".")[0] in FORBIDDEN_ON_THE_SERVER}
        assert not reached, f"{path.relative_to(PACKAGE)} imports {sorted(reached)}"


def test_running_is_still_importable_from_the_package() -> None:
    from cloudglue_emulator import RunningEmulator, running
    from cloudglue_emulator.testing import RunningEmulator as Direct

    assert RunningEmulator is Direct and callable(running)
    assert cloudglue_emulator.running is running
    with pytest.raises(AttributeError, match="nothing_here"):
        cloudglue_emulator.nothing_here  # noqa: B018


def module_name(path: Path) -> str:
    parts = ["cloudglue_emulator", *path.relative_to(PACKAGE).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def package_imports() -> dict[str, set[str]]:
    """Each module of the package -> the modules of the package it imports (any depth of its
    code, `from . import x` counted as importing `x`)."""
    modules = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                found.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*anchor, *([base] if base else [])])
                found.add(base)
                found.update(f"{base}.{a.name}" for a in node.names)
        graph[name] = {m for m in found if m in modules and m != name}
    return graph


def reachable(graph: dict[str, set[str]], start: str) -> set[str]:
    seen: set[str] = set()
    todo = [start]
    while todo:
        for nxt in graph[todo.pop()]:
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def test_routes_import_nothing_from_the_job_runner() -> None:
    graph = package_imports()
    routes = [m for m in graph if m.startswith("cloudglue_emulator.routes")]
    assert "cloudglue_emulator.routes.jobs" in routes
    runner = {"cloudglue_emulator.runner", "cloudglue_emulator.processing"}
    assert runner <= reachable(graph, "cloudglue_emulator.app")  # the graph sees the runner
    for name in routes:
        assert not reachable(graph, name) & runner, name


def test_the_package_has_no_import_circles() -> None:
    graph = package_imports()
    assert {"cloudglue_emulator.cli", "cloudglue_emulator.routes.files"} <= set(graph)
    assert [name for name in sorted(graph) if name in reachable(graph, name)] == []
