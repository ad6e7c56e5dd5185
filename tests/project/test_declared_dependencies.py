"""pyproject.toml declares a library's dependencies: ranges with a lowest version, never pins;
constraints.txt (the repository's pinned environment) satisfies them; every package is typed."""

from __future__ import annotations

import importlib.metadata

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from cloudglue_emulator._extra import MODULES
from tools.distcheck.project import CONSTRAINTS, PACKAGES, ROOT, Declared, lowest

DECLARED = Declared.load()
SHIPPED = [*DECLARED.runtime, *DECLARED.extras["emulator"]]


@pytest.mark.parametrize("req", SHIPPED, ids=str)
def test_a_range_with_a_lowest_version(req: Requirement) -> None:
    assert lowest(req)  # raises on an exact pin or no lower bound


def test_exact_pins_are_refused() -> None:
    for text in ("numpy==2.4.6", "numpy~=2.4", "numpy", "numpy<3"):
        with pytest.raises(ValueError, match="needs one lowest version"):
            lowest(Requirement(text))


def test_constraints_pin_every_dependency_inside_its_range() -> None:
    pins = dict(
        line.split("==", 1)
        for line in CONSTRAINTS.read_text().splitlines()
        if line and not line.startswith("#")
    )
    pins = {canonicalize_name(name): version for name, version in pins.items()}
    for req in [*SHIPPED, *DECLARED.extras["dev"]]:
        assert req.specifier.contains(pins[canonicalize_name(req.name)]), req
    assert "cloudglue-client" not in pins


def test_extra_module_map_matches_the_extra() -> None:
    assert set(MODULES.values()) == {canonicalize_name(r.name) for r in DECLARED.extras["emulator"]}
    provided = importlib.metadata.packages_distributions()
    for module, dist in MODULES.items():
        assert dist in {canonicalize_name(d) for d in provided[module]}, module


def test_every_shipped_package_has_py_typed() -> None:
    for folder, package in zip(("generated", "wrapper", "emulator"), PACKAGES, strict=True):
        assert (ROOT / folder / package / "py.typed").is_file(), package
