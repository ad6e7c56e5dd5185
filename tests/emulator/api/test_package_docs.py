"""The package docstring says where the defaults live instead of repeating their values, and
every dotted name it quotes must exist."""

from __future__ import annotations

import importlib
import re

import cloudglue_emulator
from cloudglue_emulator.errors import fmt
from cloudglue_openapi.constraints import OPERATIONS

#: `module.NAME` or `package.module.NAME` in backquotes.
QUOTED = re.compile(r"`((?:[a-z_]+\.)+[A-Za-z_]+)`")
OTHER_PACKAGES = {"httpx"}


def test_every_quoted_name_exists() -> None:
    doc = cloudglue_emulator.__doc__ or ""
    names = QUOTED.findall(doc)
    assert "validation.server_default" in names and "settings.FaultSettings" in names
    for dotted in names:
        module, attribute = dotted.rsplit(".", 1)
        if attribute in ("py", "yaml") or module in OTHER_PACKAGES:  # a file or not ours
            continue
        found = importlib.import_module(f"cloudglue_emulator.{module}")
        assert hasattr(found, attribute), dotted


def test_no_default_value_is_written_out() -> None:
    """Values live in openapi.yaml; the docstring would drift (it once said min_seconds 1).
    0 and 1 are left out: they are too common to mean a default."""
    doc = cloudglue_emulator.__doc__ or ""
    values = {
        f.server_default
        for op in OPERATIONS.values()
        for f in op.fields.values()
        if isinstance(f.server_default, int | float) and not isinstance(f.server_default, bool)
    } - {0, 1}
    assert len(values) >= 5, values
    for value in values:
        written = fmt(value)
        assert not re.search(rf"(?<![\w.]){re.escape(written)}(?![\w.])", doc), written
