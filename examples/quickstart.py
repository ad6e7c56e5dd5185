"""Quickstart: upload a video, extract frames and detect shots, then summarise the results.

Works against any Cloudglue endpoint configured through the environment:
    CLOUDGLUE_API_KEY=... [CLOUDGLUE_BASE_URL=...] python examples/quickstart.py VIDEO [--out DIR]
`make demo` runs it against the local emulator (see examples/demo.py).

Writes DIR/results.json (every frame and segment) and DIR/contact_sheet.png (thumbnails in a
grid, each labelled with its timestamp, a red bar where a new shot starts).
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import httpx

from cloudglue_client import (
    Cloudglue,
    CloudglueError,
    Frame,
    JobStatus,
    Segment,
    shot_detector,
)


def progress(label: str) -> Any:
    """An on_update callback printing the status and the time since start (on each change,
    and every few seconds while it stays: the wait's heartbeat)."""
    start = time.monotonic()

    def show(job: Any) -> None:
        print(
            f"  {label:<13} {JobStatus.of(job.status):<11} +{time.monotonic() - start:5.1f}s",
            flush=True,
        )

    return show


def run(video: Path, out_dir: Path) -> int:
    """Upload, extract, segment, stream everything and write the summary; returns an exit code."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with Cloudglue() as cg:
        print(f"Uploading {video.name} to {cg.base_url}")
        f = cg.files.upload(video, metadata={"source": "quickstart"}, wait=True)
        print(f"  file {f.id} {f.status}")

        fx = cg.frames.create(f.id, frames_per_second=2, max_width=160, thumbnails=True)
        seg = cg.segmentations.create(
            f.id, shot_detector("adaptive", min_seconds=0.6), thumbnails=True
        )
        print("Waiting for both jobs")
        fx = cg.frames.wait(fx.frame_extraction_id, on_update=progress("frames"))
        seg = cg.segmentations.wait(seg.segmentation_id, on_update=progress("segmentation"))

        frames: list[Frame] = list(cg.frames.iter_frames(fx.frame_extraction_id))
        segments: list[Segment] = []
        if JobStatus.of(seg.status) is JobStatus.COMPLETED:
            segments = list(cg.segmentations.iter_segments(seg.segmentation_id))
        shots = seg.data.shots if seg.data and seg.data.shots else []

        print(
            f"\n{len(frames)} frames at 2 fps, {len(segments)} segments "
            f"({JobStatus.of(seg.status)}), {len(shots)} shots"
        )
        for i, s in enumerate(segments, 1):
            print(
                f"  shot {i:2d}  {s.start_time:6.2f}s -> {s.end_time:6.2f}s  "
                f"({s.end_time - s.start_time:5.2f}s)"
            )

        results = {
            "file": f.to_dict(),
            "frame_extraction": {**fx.to_dict(), "data": None},
            "frames": [fr.to_dict() for fr in frames],
            "segmentation": {**seg.to_dict(), "data": None},
            "segments": [s.to_dict() for s in segments],
        }
        (out_dir / "results.json").write_text(json.dumps(results, indent=2))
        sheet = contact_sheet(frames, [s.start_time for s in segments[1:]], out_dir)
        print(f"\nWrote {out_dir / 'results.json'}")
        if sheet:
            print(f"Wrote {sheet}")
    return 0


def contact_sheet(frames: Sequence[Frame], cuts: Sequence[float], out_dir: Path) -> Path | None:
    """Thumbnails in a grid, labelled with timestamps; a red bar marks a shot's first frame."""
    try:
        from PIL import Image, ImageDraw
    except ImportError:  # Pillow comes with the emulator extra; the sheet is optional
        print("(Pillow is not installed: skipping the contact sheet)")
        return None
    urls = [fr.thumbnail_url for fr in frames if isinstance(fr.thumbnail_url, str)]
    if not urls:
        return None
    with httpx.Client(timeout=30) as http:
        thumbs = [Image.open(io.BytesIO(http.get(u).raise_for_status().content)) for u in urls]
    cell_w = max(t.width for t in thumbs)
    cell_h = max(t.height for t in thumbs) + 16
    cols = min(8, len(thumbs))
    rows = -(-len(thumbs) // cols)
    sheet = Image.new("RGB", (cols * cell_w, rows * cell_h), "white")
    draw = ImageDraw.Draw(sheet)
    pending = sorted(cuts)
    for i, (frame, thumb) in enumerate(zip(frames, thumbs, strict=True)):
        x, y = (i % cols) * cell_w, (i // cols) * cell_h
        sheet.paste(thumb, (x, y))
        draw.text((x + 3, y + thumb.height + 2), f"{frame.timestamp:.1f}s", fill="black")
        if pending and frame.timestamp >= pending[0]:
            while pending and frame.timestamp >= pending[0]:
                pending.pop(0)
            draw.rectangle((x, y, x + 3, y + thumb.height - 1), fill="red")
    path = out_dir / "contact_sheet.png"
    sheet.save(path)
    return path


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("video", type=Path)
    parser.add_argument("--out", type=Path, default=Path("out/quickstart"))
    args = parser.parse_args(argv)
    try:
        return run(args.video, args.out)
    except CloudglueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
