"""Where the repository's files are, for tests that read them (spec, README, examples)."""

from __future__ import annotations

from pathlib import Path

#: The repository's root (the directory holding openapi.yaml and tests/).
ROOT = Path(__file__).resolve().parents[2]
SPEC_PATH = ROOT / "openapi.yaml"
README = ROOT / "README.md"
