"""The emulator's version, read from the installed distribution's metadata.

The emulator ships inside the `cloudglue-client` distribution, so its version is that
distribution's; reading it from package metadata keeps the server side free of the client.
"""

from __future__ import annotations

import sys
from importlib import metadata

DISTRIBUTION = "cloudglue-client"
UNKNOWN_VERSION = "0+unknown"
"""Reported when the package runs from a source tree that was never installed."""


def version() -> str:
    """The installed version of the distribution, or UNKNOWN_VERSION."""
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return UNKNOWN_VERSION


def version_line(program: str) -> str:
    """What `--version` prints: `<program> <version> (python X.Y.Z)`."""
    python = ".".join(map(str, sys.version_info[:3]))
    return f"{program} {version()} (python {python})"
