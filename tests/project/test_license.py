"""LICENSE matches the license pyproject.toml declares, and what we ship must carry it
(`make package` runs the same check on the real wheel and sdist)."""

from __future__ import annotations

from email.message import Message

import pytest

from tools.distcheck.build import check_license
from tools.distcheck.project import LICENSE_FILE, check_license_text, declared_license


def _metadata(expression: str | None, files: list[str]) -> Message:
    meta = Message()
    if expression is not None:
        meta["License-Expression"] = expression
    for name in files:
        meta["License-File"] = name
    return meta


def test_the_license_file_is_the_declared_license() -> None:
    assert declared_license() == "MIT"
    check_license_text(LICENSE_FILE.read_text(), declared_license())


def test_another_license_text_is_refused() -> None:
    with pytest.raises(ValueError, match="expected 'MIT License'"):
        check_license_text("Apache License\nVersion 2.0\n", "MIT")
    with pytest.raises(ValueError, match="no known license text"):
        check_license_text("MIT License\n", "GPL-3.0-only")


def test_a_distribution_with_the_license_passes() -> None:
    files = {"LICENSE": LICENSE_FILE.read_bytes()}
    check_license(files, _metadata(declared_license(), ["LICENSE"]), "dist")


@pytest.mark.parametrize(
    ("files", "meta", "message"),
    [
        ({}, _metadata("MIT", ["LICENSE"]), "LICENSE is not in the distribution"),
        ({"LICENSE": b"MIT License\n"}, _metadata("MIT", ["LICENSE"]), "differs"),
        (None, _metadata(None, ["LICENSE"]), "License-Expression None"),
        (None, _metadata("Apache-2.0", ["LICENSE"]), "License-Expression 'Apache-2.0'"),
        (None, _metadata("MIT", []), "no License-File"),
    ],
)
def test_a_distribution_without_it_fails(
    files: dict[str, bytes] | None, meta: Message, message: str
) -> None:
    shipped = {"LICENSE": LICENSE_FILE.read_bytes()} if files is None else files
    with pytest.raises(SystemExit, match=message):
        check_license(shipped, meta, "dist")
