"""No private attribute, private module or undocumented method of the HTTP libraries we build on.

httpx, httpcore, h11, anyio, uvicorn and starlette change their internals between releases
without notice; reaching into them makes our code break on an upgrade the version ranges
allow. This scans the source (AST, nothing is imported from the scanned packages) for:

- imports of a private or undocumented module (`httpx._models`, `uvicorn.protocols.http.auto`),
  or of a private name (`from httpx import _something`);
- `x._name` where `x` is one of those libraries, a name imported from them, or a value known to
  come from them: a parameter or variable annotated with one of their types, a variable
  assigned from an expression rooted in such a value, `self.attr` assigned such a value;
- `getattr` / `hasattr` / `setattr` / `delattr` with a literal private name, on anything but
  `self` / `cls`;
- a subclass of one of their classes overriding a method the base class has, unless it is a
  documented extension point (`DOCUMENTED_OVERRIDES`) or a dunder.

Our own private names (`self._x`, `_helper()`, `module._private`) are never flagged. Extend
ROOTS to scan more of the repository; a root with known findings is marked xfail with why.
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.support.paths import ROOT

REPO = ROOT
LIBRARIES = ("httpx", "httpcore", "h11", "anyio", "uvicorn", "starlette")

#: Modules of each library that its documentation presents (anything else is internal).
PUBLIC_MODULES = {
    "httpx": {"httpx"},
    "httpcore": {"httpcore"},
    "h11": {"h11"},
    "uvicorn": {"uvicorn"},
    "anyio": {
        "anyio",
        "anyio.abc",
        "anyio.from_thread",
        "anyio.lowlevel",
        "anyio.pytest_plugin",
        "anyio.streams.buffered",
        "anyio.streams.file",
        "anyio.streams.memory",
        "anyio.streams.stapled",
        "anyio.streams.text",
        "anyio.streams.tls",
        "anyio.to_process",
        "anyio.to_thread",
    },
    "starlette": {
        "starlette",
        "starlette.applications",
        "starlette.authentication",
        "starlette.background",
        "starlette.concurrency",
        "starlette.config",
        "starlette.convertors",
        "starlette.datastructures",
        "starlette.endpoints",
        "starlette.exceptions",
        "starlette.middleware",
        "starlette.middleware.authentication",
        "starlette.middleware.base",
        "starlette.middleware.cors",
        "starlette.middleware.gzip",
        "starlette.middleware.httpsredirect",
        "starlette.middleware.sessions",
        "starlette.middleware.trustedhost",
        "starlette.requests",
        "starlette.responses",
        "starlette.routing",
        "starlette.schemas",
        "starlette.staticfiles",
        "starlette.status",
        "starlette.templating",
        "starlette.testclient",
        "starlette.types",
        "starlette.websockets",
    },
}

#: Base class (as imported) -> the methods its documentation invites subclasses to define.
DOCUMENTED_OVERRIDES: dict[str, set[str]] = {
    "httpx.BaseTransport": {"handle_request", "close"},
    "httpx.AsyncBaseTransport": {"handle_async_request", "aclose"},
    "httpx.Auth": {"auth_flow", "sync_auth_flow", "async_auth_flow"},
    "httpx.SyncByteStream": {"close"},
    "httpx.AsyncByteStream": {"aclose"},
    "httpcore.NetworkBackend": {"connect_tcp", "connect_unix_socket", "sleep"},
    "httpcore.AsyncNetworkBackend": {"connect_tcp", "connect_unix_socket", "sleep"},
    "httpcore.NetworkStream": {"read", "write", "close", "start_tls", "get_extra_info"},
    "httpcore.AsyncNetworkStream": {"read", "write", "aclose", "start_tls", "get_extra_info"},
    "starlette.middleware.base.BaseHTTPMiddleware": {"dispatch"},
    "starlette.endpoints.HTTPEndpoint": {"get", "head", "post", "put", "patch", "delete"},
}

ROOTS = [
    pytest.param("emulator/cloudglue_emulator", id="emulator"),
    pytest.param(
        "wrapper/cloudglue_client",
        id="wrapper",
    ),
]
ATTRIBUTE_CALLS = ("getattr", "hasattr", "setattr", "delattr")
OWN = ("self", "cls")


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    what: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.what}"


def is_private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def is_library(module: str) -> bool:
    return module.split(".")[0] in LIBRARIES


def is_module(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def chain(node: ast.AST) -> list[str] | None:
    """`a.b.c` as ["a", "b", "c"], looking through calls, subscripts and awaits
    (`a.b().c[0]` is ["a", "b", "c"]); None if it is not rooted in a name."""
    parts: list[str] = []
    while True:
        if isinstance(node, ast.Attribute):
            parts.append(node.attr)
            node = node.value
        elif isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Subscript | ast.Starred | ast.Await):
            node = node.value
        elif isinstance(node, ast.Name):
            parts.append(node.id)
            return parts[::-1]
        else:
            return None


def names_in(annotation: ast.AST | None) -> set[str]:
    """Names an annotation mentions (string annotations parsed)."""
    if annotation is None:
        return set()
    if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
        try:
            annotation = ast.parse(annotation.value, mode="eval")
        except SyntaxError:
            return set()
    return {n.id for n in ast.walk(annotation) if isinstance(n, ast.Name)}


def own_nodes(body: list[ast.stmt]) -> list[ast.AST]:
    """Every node of `body`, without descending into nested functions and classes."""
    scopes = ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef
    found: list[ast.AST] = []
    todo: list[ast.AST] = list(body)
    while todo:
        node = todo.pop()
        found.append(node)
        if not isinstance(node, scopes):  # a nested scope is scanned on its own
            todo.extend(ast.iter_child_nodes(node))
    return found


def reaches_privately(value: ast.AST) -> bool:
    """True if `value` holds a `getattr(x, "_private")`: what it yields is a library internal."""
    return any(
        isinstance(n, ast.Call)
        and isinstance(n.func, ast.Name)
        and n.func.id == "getattr"
        and len(n.args) >= 2
        and isinstance(n.args[1], ast.Constant)
        and isinstance(n.args[1].value, str)
        and is_private(n.args[1].value)
        for n in ast.walk(value)
    )


def targets(node: ast.AST) -> list[str]:
    """Dotted names bound by an assignment target (tuples unpacked)."""
    if isinstance(node, ast.Tuple | ast.List):
        return [t for item in node.elts for t in targets(item)]
    if isinstance(node, ast.Name | ast.Attribute):
        parts = chain(node)
        return [".".join(parts)] if parts else []
    return []


class Scanner:
    """The findings of one file."""

    def __init__(self, path: Path, relative: str) -> None:
        self.relative = relative
        self.tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        self.findings: list[Finding] = []
        self.imported: dict[str, str] = {}  # local name -> what it is in its library
        self.modules: set[str] = set()  # local names bound to a library module

    def flag(self, node: ast.AST, what: str) -> None:
        self.findings.append(Finding(self.relative, getattr(node, "lineno", 0), what))

    def run(self) -> list[Finding]:
        self.collect_imports()
        self.scan_scope(self.tree.body, set(self.imported), class_taint=set())
        return self.findings

    def collect_imports(self) -> None:
        for node in ast.walk(self.tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if is_library(alias.name):
                        self.check_module(node, alias.name)
                        local = alias.asname or alias.name.split(".")[0]
                        target = alias.name if alias.asname else alias.name.split(".")[0]
                        self.imported[local] = target
                        self.modules.add(local)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                if not is_library(node.module):
                    continue
                self.check_module(node, node.module)
                for alias in node.names:
                    if is_private(alias.name):
                        self.flag(node, f"imports private {node.module}.{alias.name}")
                    full = f"{node.module}.{alias.name}"
                    self.imported[alias.asname or alias.name] = full
                    if is_module(full):
                        self.check_module(node, full)
                        self.modules.add(alias.asname or alias.name)

    def check_module(self, node: ast.AST, module: str) -> None:
        if any(is_private(part) for part in module.split(".")):
            self.flag(node, f"imports private module {module}")
        elif module not in PUBLIC_MODULES[module.split(".")[0]]:
            self.flag(node, f"imports undocumented module {module}")

    def tainted(self, parts: list[str] | None, taint: set[str]) -> bool:
        """True if a prefix of the dotted chain is a library value (bare self/cls never is)."""
        if not parts:
            return False
        prefixes = {".".join(parts[: i + 1]) for i in range(len(parts))} - set(OWN)
        return bool(prefixes & taint)

    def scope_taint(self, body: list[ast.stmt], taint: set[str]) -> set[str]:
        """`taint` plus what the statements of one scope bind to library values."""
        taint = set(taint)
        nodes = own_nodes(body)
        for _ in range(3):  # chains of assignments
            for node in nodes:
                if isinstance(node, ast.Assign) and (
                    self.tainted(chain(node.value), taint) or reaches_privately(node.value)
                ):
                    for target in node.targets:
                        taint.update(targets(target))
                elif isinstance(node, ast.AnnAssign):
                    library_type = names_in(node.annotation) & set(self.imported)
                    value = node.value is not None and self.tainted(chain(node.value), taint)
                    if library_type or value:
                        taint.update(targets(node.target))
                elif isinstance(node, ast.withitem) and node.optional_vars is not None:
                    if self.tainted(chain(node.context_expr), taint):
                        taint.update(targets(node.optional_vars))
                elif isinstance(node, ast.For | ast.AsyncFor | ast.comprehension) and self.tainted(
                    chain(node.iter), taint
                ):
                    taint.update(targets(node.target))
        return taint

    def scan_scope(self, body: list[ast.stmt], inherited: set[str], class_taint: set[str]) -> None:
        taint = self.scope_taint(body, inherited | class_taint)
        for node in own_nodes(body):
            if isinstance(node, ast.Attribute) and is_private(node.attr):
                if self.tainted(chain(node.value), taint):
                    self.flag(node, f"private attribute {'.'.join(chain(node) or [])}")
            elif isinstance(node, ast.Attribute):
                self.check_module_attribute(node)
            elif isinstance(node, ast.Call):
                self.check_attribute_call(node)
            elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                self.scan_function(node, taint, class_taint)
            elif isinstance(node, ast.ClassDef):
                self.scan_class(node, taint)

    def scan_function(
        self, node: ast.FunctionDef | ast.AsyncFunctionDef, taint: set[str], class_taint: set[str]
    ) -> None:
        args = node.args
        params = [*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg]
        local = set(taint)
        for param in params:
            if param is not None and names_in(param.annotation) & set(self.imported):
                local.add(param.arg)
        self.scan_scope(node.body, local, class_taint)

    def scan_class(self, node: ast.ClassDef, taint: set[str]) -> None:
        self.check_overrides(node)
        class_taint: set[str] = set()
        for statement in node.body:
            if (
                isinstance(statement, ast.AnnAssign)
                and isinstance(statement.target, ast.Name)
                and names_in(statement.annotation) & set(self.imported)
            ):
                class_taint.add(f"self.{statement.target.id}")
        for method in node.body:
            if isinstance(method, ast.FunctionDef | ast.AsyncFunctionDef):
                args = method.args
                local = set(taint)
                for param in [*args.posonlyargs, *args.args, *args.kwonlyargs]:
                    if names_in(param.annotation) & set(self.imported):
                        local.add(param.arg)
                bound = self.scope_taint(method.body, local)
                class_taint.update(t for t in bound if t.startswith("self."))
        body = [s for s in node.body if not isinstance(s, ast.FunctionDef | ast.AsyncFunctionDef)]
        self.scan_scope(body, taint, class_taint)
        for method in node.body:
            if isinstance(method, ast.FunctionDef | ast.AsyncFunctionDef):
                self.scan_function(method, taint, class_taint)

    def check_module_attribute(self, node: ast.Attribute) -> None:
        """`uvicorn.protocols.http.auto.X` without an import: an undocumented module."""
        parts = chain(node)
        if not parts or parts[0] not in self.modules or not isinstance(node.value, ast.Name):
            return
        if node.attr.startswith("__"):  # `httpx.__version__` is the documented version string
            return
        module = f"{self.imported[parts[0]]}.{node.attr}"
        if is_module(module):
            self.check_module(node, module)

    def check_attribute_call(self, node: ast.Call) -> None:
        if not (isinstance(node.func, ast.Name) and node.func.id in ATTRIBUTE_CALLS):
            return
        if len(node.args) < 2:
            return
        name = node.args[1]
        if not (isinstance(name, ast.Constant) and isinstance(name.value, str)):
            return
        subject = node.args[0]
        own = isinstance(subject, ast.Name) and subject.id in OWN
        if is_private(name.value) and not own:
            self.flag(node, f"{node.func.id}({ast.unparse(subject)}, {name.value!r})")

    def check_overrides(self, node: ast.ClassDef) -> None:
        for base in node.bases:
            parts = chain(base)
            if not parts or parts[0] not in self.imported:
                continue
            imported = ".".join([self.imported[parts[0]], *parts[1:]])
            cls = resolve(imported)
            allowed = DOCUMENTED_OVERRIDES.get(imported, set())
            for item in node.body:
                if not isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                    continue
                name = item.name
                if name.startswith("__") and name.endswith("__"):
                    continue
                if is_private(name) or (hasattr(cls, name) and name not in allowed):
                    self.flag(item, f"overrides {imported}.{name}, not a documented extension")


def resolve(dotted: str) -> Any:
    """The object a library path names (public names only), or None."""
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        module = ".".join(parts[:cut])
        if not is_module(module):
            continue
        found: Any = importlib.import_module(module)
        for attribute in parts[cut:]:
            found = getattr(found, attribute, None)
        return found
    return None


def scan(root: Path) -> list[Finding]:
    findings: list[Finding] = []
    for path in sorted(root.rglob("*.py")):
        findings += Scanner(path, str(path.relative_to(REPO))).run()
    return findings


def scan_text(source: str, tmp_path: Path) -> list[str]:
    path = tmp_path / "sample.py"
    path.write_text(source, encoding="utf-8")
    findings = [f.what for f in Scanner(path, "sample.py").run()]
    assert len(findings) == len(set(findings)), findings  # each reach reported once
    return findings


@pytest.mark.parametrize("root", ROOTS)
def test_no_private_api_of_the_http_libraries(root: str) -> None:
    folder = REPO / root
    assert any(folder.rglob("*.py")), folder
    findings = scan(folder)
    assert not findings, "\n".join(map(str, findings))


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("import httpx._models\n", "imports private module httpx._models"),
        (
            "from uvicorn.protocols.http.auto import AutoHTTPProtocol\n",
            "imports undocumented module uvicorn.protocols.http.auto",
        ),
        ("from httpx import _utils\n", "imports private httpx._utils"),
        (
            "import uvicorn\nX = uvicorn.protocols\n",
            "imports undocumented module uvicorn.protocols",
        ),
        (
            "import httpx\ndef f(c: httpx.Client):\n    return c._transport\n",
            "private attribute c._transport",
        ),
        (
            "import httpx\ndef f(c: 'httpx.Client | None'):\n    t = c.transport_for()\n"
            "    return t._pool\n",
            "private attribute t._pool",
        ),
        (
            "import httpx\ndef f(r: httpx.Response):\n    r._content = b''\n",
            "private attribute r._content",
        ),
        (
            "import httpx\nclient = httpx.Client()\nfor t in client.mounts:\n    t._pool\n",
            "private attribute t._pool",
        ),
        (
            "import httpx\nclass A:\n    def __init__(self, c: httpx.Client):\n"
            "        self.c = c\n    def go(self):\n        return self.c._mounts\n",
            "private attribute self.c._mounts",
        ),
        ("def f(t):\n    return getattr(t, '_pool', None)\n", "getattr(t, '_pool')"),
        (
            "def f(ts):\n    pools = [getattr(t, '_pool') for t in ts]\n    for p in pools:\n"
            "        p._backend = None\n",
            "private attribute p._backend",
        ),
        ("def f(t):\n    return hasattr(t.x, '_pool')\n", "hasattr(t.x, '_pool')"),
        (
            "import uvicorn\nclass S(uvicorn.Server):\n    def capture_signals(self):\n"
            "        pass\n",
            "overrides uvicorn.Server.capture_signals, not a documented extension",
        ),
        (
            "import httpcore\nclass B(httpcore.NetworkBackend):\n    def _connect(self):\n"
            "        pass\n",
            "overrides httpcore.NetworkBackend._connect, not a documented extension",
        ),
    ],
)
def test_each_kind_of_reach_is_found(source: str, expected: str, tmp_path: Path) -> None:
    assert expected in scan_text(source, tmp_path)


def test_our_own_private_names_are_not_flagged(tmp_path: Path) -> None:
    source = """
import httpcore
import httpx
import anyio.to_thread
from starlette.requests import Request
from . import _helpers

class Stream(httpcore.NetworkStream):
    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner
        self._count = 0

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        self._count += 1
        return self._inner.read(max_bytes, timeout)

    def own_helper(self) -> None:
        getattr(self, "_count")

class Ours:
    def __init__(self) -> None:
        self._client = make()

    def go(self, request: Request) -> None:
        self._client._private_of_ours()
        _helpers._cache.clear()
        request.app.state.runtime
        anyio.to_thread.run_sync(print)
        httpx.Client().close()
"""
    assert scan_text(source, tmp_path) == []
