"""`make demo`: write the sample video, start a local emulator, run the quickstart against it.

The emulator is stopped on success, on error and on Ctrl-C; the exit code is the quickstart's.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from cloudglue_emulator.media import make_sample
from cloudglue_emulator.testing import running

sys.path.insert(0, str(Path(__file__).resolve().parent))
import quickstart

OUT = Path(os.environ.get("DEMO_OUT", "out/demo")).resolve()


def main() -> int:
    started = time.monotonic()
    OUT.mkdir(parents=True, exist_ok=True)
    video = OUT / "sample.mp4"
    truth = make_sample(video, seconds=10.0, width=320, height=180, fps=24)
    print(
        f"Sample video {video} ({truth.seconds:g}s, true cuts at "
        f"{', '.join(f'{c:.2f}s' for c in truth.cuts)})"
    )
    with running(data_dir=OUT / "emulator-data") as emu:
        print(f"Emulator running at {emu.base_url}\n")
        os.environ["CLOUDGLUE_BASE_URL"] = emu.base_url
        os.environ["CLOUDGLUE_API_KEY"] = emu.api_key
        code = quickstart.run(video, OUT)
    print(f"\nDemo finished in {time.monotonic() - started:.1f}s; outputs in {OUT}")
    return code


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        print("\ninterrupted; emulator stopped", file=sys.stderr)
        sys.exit(130)
