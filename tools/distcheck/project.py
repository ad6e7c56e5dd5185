"""What pyproject.toml declares: the requirements, their lowest versions, the version file."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = ROOT / "pyproject.toml"
CONSTRAINTS = ROOT / "constraints.txt"
VERSION_FILE = ROOT / "wrapper" / "cloudglue_client" / "_version.py"
LICENSE_FILE = ROOT / "LICENSE"
#: The first line of the license text for each SPDX expression pyproject.toml may declare.
LICENSE_TITLES = {"MIT": "MIT License"}
#: The packages the wheel ships; each must carry a py.typed marker.
PACKAGES = ("cloudglue_openapi", "cloudglue_client", "cloudglue_emulator")
DIST_NAME = "cloudglue-client"


@dataclass(frozen=True)
class Declared:
    """The library's requirement groups, as written in pyproject.toml."""

    runtime: list[Requirement]
    extras: dict[str, list[Requirement]]

    @classmethod
    def load(cls, path: Path = PYPROJECT) -> Declared:
        """Parse [project] dependencies and optional-dependencies."""
        project = tomllib.loads(path.read_text())["project"]
        return cls(
            runtime=[Requirement(r) for r in project["dependencies"]],
            extras={
                name: [Requirement(r) for r in reqs]
                for name, reqs in project["optional-dependencies"].items()
            },
        )


def lowest_python(path: Path = PYPROJECT) -> tuple[int, int]:
    """The oldest Python `requires-python` admits (`>=3.11` gives (3, 11))."""
    text = tomllib.loads(path.read_text())["project"]["requires-python"]
    found = re.fullmatch(r">=\s*(\d+)\.(\d+)", text.strip())
    if found is None:
        raise ValueError(f"requires-python {text!r}: expected '>=X.Y'")
    return int(found[1]), int(found[2])


def lowest(req: Requirement) -> str:
    """The `>=` bound of a requirement; a ValueError if it has none or pins exactly."""
    bounds = [s.version for s in req.specifier if s.operator == ">="]
    exact = [s for s in req.specifier if s.operator in ("==", "===", "~=")]
    if exact or len(bounds) != 1:
        raise ValueError(
            f"{req}: a library requirement needs one lowest version (>=X) and no exact pin"
        )
    return bounds[0]


def lowest_pins(reqs: list[Requirement]) -> list[str]:
    """`name==lowest` for each requirement."""
    return [f"{req.name}=={lowest(req)}" for req in reqs]


def pinned(names: list[str], constraints: Path = CONSTRAINTS) -> list[str]:
    """`name==version` lines of constraints.txt for these distribution names."""
    wanted = {canonicalize_name(n) for n in names}
    lines = []
    for line in constraints.read_text().splitlines():
        name = line.split("==", 1)[0].strip()
        if "==" in line and canonicalize_name(name) in wanted:
            lines.append(line.strip())
    missing = wanted - {canonicalize_name(line.split("==")[0]) for line in lines}
    if missing:
        raise ValueError(f"constraints.txt has no pin for {sorted(missing)}: run `make lock`")
    return lines


def version() -> str:
    """The version written in wrapper/cloudglue_client/_version.py."""
    match = re.search(r'^__version__ = "([^"]+)"$', VERSION_FILE.read_text(), re.MULTILINE)
    if not match:
        raise ValueError(f"no __version__ in {VERSION_FILE}")
    return match.group(1)


def declared_license() -> str:
    """The SPDX expression of `license = ...` in pyproject.toml."""
    value = tomllib.loads(PYPROJECT.read_text())["project"]["license"]
    if not isinstance(value, str):
        raise ValueError("pyproject.toml: license must be an SPDX expression string")
    return value


def check_license_text(text: str, expression: str) -> None:
    """A ValueError unless `text` is the license `expression` names (its title line)."""
    title = LICENSE_TITLES.get(expression)
    if title is None:
        raise ValueError(f"no known license text for {expression!r}: add it to LICENSE_TITLES")
    first = text.strip().splitlines()[0].strip() if text.strip() else ""
    if first != title:
        raise ValueError(f"LICENSE starts with {first!r}, expected {title!r} ({expression})")
