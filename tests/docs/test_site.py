"""The documentation site: it builds with warnings as errors, every public name has a
reference entry, every asset and page it links to exists, and pages load in a real browser
(headless Chromium) without a console message or a missing file.

The site is built once per test run (into pytest's shared temporary folder, under a lock, so
parallel workers share one build) with `mkdocs build --strict`: a broken link, an
unresolved reference, an unknown generated section or a public name without a docstring
(docs/_hooks/surface.py) fails that build.
"""

from __future__ import annotations

import contextlib
import fcntl
import html.parser
import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
import zlib
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from .blocks import ROOT

sys.path.insert(0, str(ROOT / "docs" / "_hooks"))
import surface

MKDOCS = Path(sys.executable).parent / "mkdocs"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
#: Pages opened in the browser: the home page, a guide, a generated reference and the
#: generated tables.
BROWSED = ("", "quickstart/", "reference/client/", "reference/cli/", "performance/")


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The built site (built once per run, shared by parallel workers)."""
    base = tmp_path_factory.getbasetemp()
    # pytest-xdist gives each worker a folder inside the run's: share the run's.
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    out = shared / "docs-site"
    with open(shared / "docs-site.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        log = shared / "docs-site.log"
        if not (out / "index.html").is_file() or not log.is_file():
            env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
            result = subprocess.run(
                [str(MKDOCS), "build", "--strict", "--site-dir", str(out)],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
                timeout=240,
            )
            assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.stderr}"
            log.write_text(result.stderr)
    return out


def test_the_build_reports_nothing(site: Path) -> None:
    log = (site.parent / "docs-site.log").read_text()
    assert not re.findall(r"^(WARNING|ERROR)\b.*$", log, re.MULTILINE)


def _inventory(site: Path) -> set[str]:
    header, _, body = (site / "objects.inv").read_bytes().partition(b"zlib.\n")
    assert header.startswith(b"# Sphinx inventory version 2")
    return {line.split(" ", 1)[0] for line in zlib.decompress(body).decode().splitlines()}


def test_every_public_name_has_a_reference_entry(site: Path) -> None:
    documented = _inventory(site)
    collection = surface.load()
    missing = []
    for path in surface.public_names():
        if path not in documented:
            missing.append(path)
        obj = collection[path]
        target = obj.final_target if obj.is_alias else obj
        if target.is_class and target.canonical_path.startswith(surface.OURS):
            for name, member in target.all_members.items():
                member = member.final_target if member.is_alias else member
                public = not name.startswith("_") and member.canonical_path.startswith(surface.OURS)
                if public and member.is_function and f"{path}.{name}" not in documented:
                    missing.append(f"{path}.{name}")
    assert not missing, f"public names with no reference entry: {missing}"


def test_no_public_name_lacks_a_docstring() -> None:
    assert surface.missing_docstrings() == []


class _Links(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value and (name in ("src", "href") or (tag == "link" and name == "href")):
                self.urls.append(value)


def _local_target(page: Path, url: str, site: Path) -> Path | None:
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or url.startswith(("#", "mailto:", "data:")):
        return None
    if not parts.path:
        return None
    base = site if parts.path.startswith("/") else page.parent
    target = (base / unquote(parts.path).lstrip("/")).resolve()
    return target / "index.html" if target.is_dir() or parts.path.endswith("/") else target


def test_every_linked_asset_and_page_exists(site: Path) -> None:
    broken = []
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        parser = _Links()
        parser.feed(page.read_text())
        for url in parser.urls:
            target = _local_target(page, url, site)
            if target is not None and not target.is_file():
                broken.append(f"{page.relative_to(site)}: {url}")
    assert not broken, "\n".join(broken)


class _Server(http.server.ThreadingHTTPServer):
    """Serves the site on loopback and remembers every request that found nothing."""

    def __init__(self, site: Path) -> None:
        self.missing: list[str] = []
        outer = self

        class Handler(http.server.SimpleHTTPRequestHandler):
            def __init__(self, *args: object, **kwargs: object) -> None:
                super().__init__(*args, directory=str(site), **kwargs)  # type: ignore[arg-type]

            def log_message(self, format: str, *args: object) -> None:
                pass

            def send_error(self, code: int, *args: object, **kwargs: object) -> None:
                outer.missing.append(f"{code} {self.path}")
                super().send_error(code, *args, **kwargs)  # type: ignore[arg-type]

        super().__init__(("127.0.0.1", 0), Handler)


@contextlib.contextmanager
def _serving(site: Path) -> Iterator[_Server]:
    server = _Server(site)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def _browse(url: str, profile: Path) -> tuple[str, str]:
    argv = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={profile}",
        "--enable-logging=stderr",
        "--v=0",
        "--virtual-time-budget=3000",
        "--dump-dom",
        url,
    ]
    result = subprocess.run(argv, capture_output=True, text=True, timeout=90)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout, result.stderr


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="chromium missing: run `make chromium`")
@pytest.mark.parametrize("path", BROWSED, ids=[p or "home" for p in BROWSED])
def test_pages_load_in_chromium(site: Path, path: str, tmp_path: Path) -> None:
    with _serving(site) as server:
        port = server.server_address[1]
        dom, log = _browse(f"http://127.0.0.1:{port}/{path}", tmp_path / "profile")
    assert re.search(r"<h1[^>]*>", dom), dom[:2000]
    assert 'class="md-content"' in dom  # the theme rendered the page
    console = re.findall(r":CONSOLE[^\]]*\] (.*)", log)
    assert not console, f"console messages on /{path}: {console}"
    missing = [m for m in server.missing if not m.endswith("/favicon.ico")]
    assert not missing, f"/{path} asked for what the site does not have: {missing}"


@pytest.mark.parametrize("name", ["README.md", "CONTRIBUTING.md"])
def test_links_of_the_repository_pages_resolve(name: str) -> None:
    """README.md and CONTRIBUTING.md are read on the repository, not the site: their
    relative links (images included) must name files that exist."""
    text = (ROOT / name).read_text()
    links = re.findall(r"\]\(([^)\s]+)\)", text)
    assert links or name == "CONTRIBUTING.md"
    broken = [
        url
        for url in links
        if not urlsplit(url).scheme
        and not url.startswith("#")
        and not (ROOT / urlsplit(url).path).exists()
    ]
    assert not broken, f"{name}: {broken}"


def test_the_emulator_guide_lists_every_server_default_from_the_spec(site: Path) -> None:
    """The defaults table is generated from openapi.yaml's `x-server-default`, one row each."""
    import json

    from cloudglue_openapi.constraints import OPERATIONS

    page = (site / "guides" / "emulator" / "index.html").read_text()
    stated = [
        (name, path, field.server_default)
        for name, op in OPERATIONS.items()
        for path, field in op.fields.items()
        if field.server_default is not None
    ]
    assert stated, "openapi.yaml states no server default"
    for name, path, default in stated:
        row = f"<td><code>{name}</code></td>\n<td><code>{path}</code></td>\n"
        assert row in page, f"{name} {path} has no row"
        assert f"{row}<td><code>{json.dumps(default)}</code></td>" in page.replace("&quot;", '"')
