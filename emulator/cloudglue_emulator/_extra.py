"""The `emulator` extra: when its modules are missing, say which extra to install.

`pip install cloudglue-client` alone installs the client; the emulator's server, video decoding
and shot detection come from `pip install 'cloudglue-client[emulator]'`. Without them, the
`cloudglue-emulator` command, `running()` and the pytest fixtures raise `MissingExtraError`
naming the extra, instead of a bare `ModuleNotFoundError` from deep inside.
"""

from __future__ import annotations

import importlib.util

EXTRA = "emulator"
INSTALL_COMMAND = f"pip install 'cloudglue-client[{EXTRA}]'"

#: Top-level module -> the distribution of the extra that provides it. A test checks that
#: these are exactly the distributions pyproject.toml lists under the extra.
MODULES = {
    "av": "av",
    "cv2": "opencv-python-headless",
    "httptools": "httptools",
    "numpy": "numpy",
    "PIL": "pillow",
    "python_multipart": "python-multipart",
    "scenedetect": "scenedetect-headless",
    "starlette": "starlette",
    "uvicorn": "uvicorn",
}


class MissingExtraError(ModuleNotFoundError):
    """The `emulator` extra (or part of it) is not installed."""


def missing_modules() -> list[str]:
    """The extra's modules that cannot be imported here (found without importing them)."""
    missing = []
    for module in MODULES:
        try:
            found = importlib.util.find_spec(module) is not None
        except (ImportError, ValueError):
            found = False
        if not found:
            missing.append(module)
    return missing


def missing_extra_message(what: str) -> str | None:
    """Why `what` cannot run here and how to fix it, or None when the extra is complete."""
    missing = missing_modules()
    if not missing:
        return None
    dists = ", ".join(sorted({MODULES[m] for m in missing}))
    return (
        f"{what} needs the '{EXTRA}' extra, which is not installed (missing: {dists}); "
        f"install it with: {INSTALL_COMMAND}"
    )


def require_extra(what: str) -> None:
    """Raise MissingExtraError, naming what needs the extra and how to install it."""
    message = missing_extra_message(what)
    if message is not None:
        raise MissingExtraError(message, name=missing_modules()[0])
