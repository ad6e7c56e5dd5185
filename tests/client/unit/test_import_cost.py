"""What `import cloudglue_client` loads: what every program needs (bench/imports.py times it)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

#: Loaded on first use, never by the import: each of these once added 5-40 ms to it.
LAZY = (
    "httpcore",  # our own pools import it when a client first sends
    "h11",
    "asyncio",
    "concurrent.futures",
    "attrs",
    "cloudglue_openapi.models.frame",
    "cloudglue_openapi.constraints",
    "cloudglue_client._download",
    "cloudglue_client._disk",
    "cloudglue_client._sockets",
    "cloudglue_client._async_sockets",
    "cloudglue_client._tls",
)


def _loaded_by(module: str) -> list[str]:
    code = (
        f"import json, sys, {module}; "
        f"print(json.dumps([m for m in {list(LAZY)!r} if m in sys.modules]))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded: list[str] = json.loads(out.stdout)
    return loaded


@pytest.mark.slow
def test_importing_the_client_loads_none_of_the_lazy_modules() -> None:
    # Older httpx (0.27, our lowest) imports httpcore itself: only what we add counts.
    by_httpx = set(_loaded_by("httpx"))
    assert [m for m in _loaded_by("cloudglue_client") if m not in by_httpx] == []


@pytest.mark.slow
@pytest.mark.parametrize("module", ["httpcore", "h11"])
def test_the_first_request_loads_them(module: str) -> None:
    # The guard above must be able to fail: the same probe sees them once a client has sent.
    code = (
        "import sys, httpx, cloudglue_client\n"
        "cg = cloudglue_client.Cloudglue(api_key='k', base_url='http://127.0.0.1:9/v1',"
        " max_retries=0, timeout=1)\n"
        "try:\n    cg.files.get('file-1')\nexcept cloudglue_client.CloudglueError:\n    pass\n"
        f"print({module!r} in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True"
