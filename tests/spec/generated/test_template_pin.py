"""codegen/templates/ overrides the templates of one openapi-python-client version, pinned.

codegen/templates/UPSTREAM names that version and the sha256 of each overridden upstream
template; codegen/upstream/ holds verbatim copies of them. When the installed generator is
another version, or its templates differ, the failure prints upstream's own diff (pinned copy
against installed file) for every overridden template, so whoever moves the pin sees what to
carry over into the overrides.
"""

from __future__ import annotations

import difflib
import hashlib
import importlib.metadata
import importlib.resources
import re
from importlib.resources.abc import Traversable
from pathlib import Path
from tests.support.paths import ROOT

TEMPLATES = ROOT / "codegen" / "templates"
UPSTREAM_COPIES = ROOT / "codegen" / "upstream"
GENERATOR = "openapi-python-client"


def _pin() -> tuple[str, dict[str, str]]:
    """(pinned version, {template path: sha256}) from codegen/templates/UPSTREAM."""
    version = ""
    hashes: dict[str, str] = {}
    for line in (TEMPLATES / "UPSTREAM").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith(f"{GENERATOR}=="):
            version = line.split("==", 1)[1].strip()
            continue
        digest, name = line.split(maxsplit=1)
        hashes[name.strip()] = digest
    assert version, f"UPSTREAM names no {GENERATOR}==VERSION line"
    return version, hashes


def _sha256(text: bytes) -> str:
    return hashlib.sha256(text).hexdigest()


def _files_under(directory: Path) -> set[str]:
    return {p.relative_to(directory).as_posix() for p in directory.rglob("*.jinja")}


def upstream_drift(installed: Traversable) -> str:
    """Upstream's diff (pinned copy -> installed template) for each overridden template whose
    installed text no longer has the pinned hash; empty when none changed."""
    _, hashes = _pin()
    report = []
    for name, digest in sorted(hashes.items()):
        target = installed.joinpath(*name.split("/"))
        now = target.read_bytes() if target.is_file() else b""
        if _sha256(now) == digest:
            continue
        pinned = (UPSTREAM_COPIES / name).read_text(encoding="utf-8").splitlines(keepends=True)
        diff = difflib.unified_diff(
            pinned,
            now.decode("utf-8").splitlines(keepends=True),
            fromfile=f"{name} (pinned upstream)",
            tofile=f"{name} (installed{'' if now else ': missing'})",
        )
        report.append("".join(diff))
    return "\n".join(report)


def _installed_templates() -> Traversable:
    return importlib.resources.files("openapi_python_client").joinpath("templates")


def test_every_override_is_pinned_and_has_its_upstream_copy() -> None:
    _, hashes = _pin()
    assert _files_under(TEMPLATES) == set(hashes), "add the override's upstream hash to UPSTREAM"
    assert _files_under(UPSTREAM_COPIES) == set(hashes)
    for name, digest in hashes.items():
        copy = (UPSTREAM_COPIES / name).read_bytes()
        assert _sha256(copy) == digest, f"codegen/upstream/{name} is not the pinned upstream file"


def test_the_pin_is_the_generator_the_project_installs() -> None:
    version, _ = _pin()
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    constraints = (ROOT / "constraints.txt").read_text(encoding="utf-8")
    pinned = re.escape(f"{GENERATOR}=={version}")
    assert re.search(rf'"{pinned}"', pyproject), (
        f"pyproject.toml does not pin {GENERATOR}=={version}"
    )
    assert re.search(rf"^{pinned}$", constraints, re.M), (
        f"constraints.txt lacks {GENERATOR}=={version}"
    )


def test_the_installed_generator_has_the_pinned_templates() -> None:
    version, _ = _pin()
    installed = importlib.metadata.version(GENERATOR)
    drift = upstream_drift(_installed_templates())
    assert not drift, (
        f"{GENERATOR} {installed} changed templates this project overrides (pinned: {version}). "
        f"Upstream's changes, to carry over into codegen/templates/:\n{drift}"
    )
    assert installed == version, (
        f"{GENERATOR} {installed} is installed, the templates are pinned to {version}; "
        "the overridden templates are unchanged upstream: write the new version in UPSTREAM"
    )


def test_a_changed_upstream_template_is_reported_with_its_diff(tmp_path: Path) -> None:
    _, hashes = _pin()
    for name in hashes:
        target = tmp_path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes((UPSTREAM_COPIES / name).read_bytes())
    assert upstream_drift(tmp_path) == ""
    changed = tmp_path / "str_enum.py.jinja"
    changed.write_text(changed.read_text(encoding="utf-8").replace("StrEnum", "Enum"))
    (tmp_path / "types.py.jinja").unlink()
    drift = upstream_drift(tmp_path)
    assert "--- str_enum.py.jinja (pinned upstream)" in drift
    assert "-from enum import StrEnum\n+from enum import Enum\n" in drift
    assert "+++ types.py.jinja (installed: missing)" in drift
    assert "model.py.jinja" not in drift
