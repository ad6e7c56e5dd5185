"""The package docstring names the constants that hold the defaults instead of repeating their
values: every dotted name it quotes must exist."""

from __future__ import annotations

import importlib
import re

import cloudglue_emulator
from cloudglue_emulator import configs, validation
from cloudglue_emulator.errors import fmt
from cloudglue_emulator.routes import segmentations

#: `module.NAME` or `package.module.NAME` in backquotes.
QUOTED = re.compile(r"`((?:[a-z_]+\.)+[A-Za-z_]+)`")
OTHER_PACKAGES = {"httpx"}


def test_every_quoted_name_exists() -> None:
    doc = cloudglue_emulator.__doc__ or ""
    names = QUOTED.findall(doc)
    assert "validation.DEFAULT_LIMIT" in names and "settings.FaultSettings" in names
    for dotted in names:
        module, attribute = dotted.rsplit(".", 1)
        if attribute in ("py", "yaml") or module in OTHER_PACKAGES:  # a file or not ours
            continue
        found = importlib.import_module(f"cloudglue_emulator.{module}")
        assert hasattr(found, attribute), dotted


def test_no_default_value_is_written_out() -> None:
    """Values live in configs.py; the docstring would drift (it once said min_seconds 1)."""
    doc = cloudglue_emulator.__doc__ or ""
    values = (
        configs.DEFAULT_MIN_SECONDS,
        configs.DEFAULT_MAX_SECONDS,
        configs.DEFAULT_MAX_WIDTH,
        configs.DEFAULT_KEYFRAME_MAX_WIDTH,
        configs.DEFAULT_CONTENT_THRESHOLD,
        validation.DEFAULT_LIMIT,
        segmentations.SEGMENT_PAGE_DEFAULT_LIMIT,
    )
    for value in values:
        written = fmt(value)
        assert not re.search(rf"(?<![\w.]){re.escape(written)}(?![\w.])", doc), written
