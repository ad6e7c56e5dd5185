"""`python -m tools.distcheck STEP [--dist DIR] [--keep]`: the install-as-a-user checks."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from . import steps
from .build import build
from .project import ROOT, version
from .venv import say


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m tools.distcheck", description=__doc__)
    steps_ = ["build", "installed", "lowest", "newest", "resolve", "lock"]
    parser.add_argument("step", choices=steps_)
    parser.add_argument("--dist", type=lambda p: Path(p).resolve(), default=ROOT / "build" / "dist")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directories")
    args = parser.parse_args()
    started = time.monotonic()
    if args.step == "build":
        build(args.dist)
    elif args.step == "lock":
        steps.lock(args.keep)
    else:
        wheel = args.dist / f"cloudglue_client-{version()}-py3-none-any.whl"
        if not wheel.exists():
            raise SystemExit(f"[distcheck] no {wheel}: run `make package` first")
        getattr(steps, args.step)(wheel, args.keep)
    say(f"{args.step}: OK in {time.monotonic() - started:.1f}s")


if __name__ == "__main__":
    main()
