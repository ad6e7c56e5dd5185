"""Import time: `import cloudglue_client` against `import httpx` alone and `import cloudglue`.

Measured in a throwaway venv holding exactly what `pip install cloudglue-client` gives (this
project installed editable with its three runtime dependencies, no extras): in the dev venv
httpx also imports its CLI (click, rich, pygments, installed there by the dev tools), which
would add ~200 ms to both sides and hide our share. The official SDK is timed in its own venv.
Each import is timed inside a fresh interpreter (perf_counter around the import statement, so
interpreter start-up is excluded), repeated round-robin, medians compared. A warm-up run of
each first makes sure the bytecode caches exist (with PYTHONDONTWRITEBYTECODE removed from the
environment: with it set, as on some machines, our editable sources were compiled on every
import while httpx loaded the bytecode pip wrote, so the row timed our compiler, not what a
user's installed wheel costs). `python -X importtime` then names the
heaviest modules our import adds on top of httpx (in the row's note).
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Callable
from pathlib import Path

from .common import (
    NO_SERVER,
    OFFICIAL_SDK,
    PROJECT_PYTHON,
    ROOT,
    Result,
    interleaved,
    median,
    ratio_row,
    runtime_venv,
    skipped,
    throwaway_venv,
)

SCRIPT = "import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
#: The environment of every timed import: bytecode caches written and used.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def import_seconds(python: Path, module: str) -> float:
    """Seconds `import module` takes in a fresh process."""
    out = subprocess.run(
        [str(python), "-c", SCRIPT.format(module=module)],
        capture_output=True,
        text=True,
        check=True,
        cwd=str(ROOT),
        env=ENV,
    )
    return float(out.stdout.strip().splitlines()[-1])


def heaviest_additions(python: Path, module: str, beside: str, count: int = 5) -> str:
    """The modules with the largest self time under `-X importtime` that `beside` does not load."""

    def selfs(mod: str) -> dict[str, int]:
        err = subprocess.run(
            [str(python), "-X", "importtime", "-c", f"import {mod}"],
            capture_output=True,
            text=True,
            check=True,
            cwd=str(ROOT),
            env=ENV,
        ).stderr
        found: dict[str, int] = {}
        for line in err.splitlines():
            m = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|\s+(.*)$", line)
            if m:
                found[m.group(3).strip()] = int(m.group(1))
        return found

    ours, base = selfs(module), selfs(beside)
    extra = sorted(((us, name) for name, us in ours.items() if name not in base), reverse=True)
    total = sum(us for us, _ in extra) / 1000
    top = ", ".join(f"{name} {us / 1000:.1f}" for us, name in extra[:count])
    return f"modules beyond httpx: {len(extra)}, self {total:.0f} ms in all; heaviest (ms): {top}"


def run(repeats: int, official: bool) -> list[Result]:
    """The import-time rows (`official=False`: the dev venv, no venv is built)."""
    python = runtime_venv() if official else PROJECT_PYTHON
    variants: dict[str, Callable[[], float]] = {
        "httpx": lambda: import_seconds(python, "httpx") * 1000,
        "ours": lambda: import_seconds(python, "cloudglue_client") * 1000,
    }
    for measure in variants.values():
        measure()  # warm-up: bytecode caches
    samples = interleaved(variants, repeats)
    if official:
        # ~2.5 s per import (it loads every model of the provider's whole API): fewer repeats.
        official_python = throwaway_venv("official", [OFFICIAL_SDK])
        variants = {"official": lambda: import_seconds(official_python, "cloudglue") * 1000}
        variants["official"]()
        samples |= interleaved(variants, max(3, repeats // 4))
    ms = {name: median(values) for name, values in samples.items()}
    note = heaviest_additions(python, "cloudglue_client", "httpx")
    if python == PROJECT_PYTHON:
        note = "dev venv (httpx loads its CLI here); " + note
    where = (
        "the dev venv" if python == PROJECT_PYTHON else "a venv holding only the runtime install"
    )
    measures = (
        f"milliseconds `import {{module}}` takes in a fresh interpreter ({where}; bytecode "
        "caches written; start-up excluded); median of interleaved runs."
    )
    rows = [
        ratio_row(
            "import time (ms): import cloudglue_client",
            ms["ours"],
            "import httpx alone",
            ms["httpx"],
            server=NO_SERVER,
            measures=measures.format(module="cloudglue_client") + " Baseline: `import httpx`.",
            at_most=1.5,
            note=note,
            samples=samples,
        )
    ]
    if "official" in ms:
        rows.append(
            ratio_row(
                "import time (ms): import cloudglue_client",
                ms["ours"],
                "import cloudglue (official)",
                ms["official"],
                server=NO_SERVER,
                measures=measures.format(module="cloudglue_client")
                + f" Baseline: `import cloudglue` ({OFFICIAL_SDK}) in its own venv.",
            )
        )
    else:
        rows.append(
            skipped(
                "import time (ms): import cloudglue_client",
                "import cloudglue (official)",
                "info",
                "official SDK venv not built in --quick",
                server=NO_SERVER,
                measures=measures.format(module="cloudglue_client"),
            )
        )
    return rows
