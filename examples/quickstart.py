"""Quickstart: upload a video, extract frames and detect shots, then summarise the results.

Works against any Cloudglue endpoint configured through the environment:
    CLOUDGLUE_API_KEY=... [CLOUDGLUE_BASE_URL=...] python examples/quickstart.py VIDEO [--out DIR]
`make demo` runs it against the local emulator (see examples/demo.py).

Writes DIR/results.json (every frame and segment), DIR/frames/ (every frame's thumbnail and
manifest.jsonl, downloaded with `frames.download`) and DIR/contact_sheet.png (the frames grouped
by detected shot, see examples/contact_sheet.py).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from cloudglue_client import (
    Cloudglue,
    CloudglueError,
    Frame,
    JobStatus,
    Segment,
    shot_detector,
)

#: Shots shorter than this are merged into their neighbour by the detector.
MIN_SHOT_SECONDS = 0.6


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


def run(
    video: Path,
    out_dir: Path,
    *,
    fps: float = 2,
    max_width: int = 160,
    title: str | None = None,
    credit: str = "",
) -> int:
    """Upload, extract, segment, download the frames and write the summary; an exit code."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with Cloudglue() as cg:
        print(f"Uploading {video.name} to {cg.base_url}")
        f = cg.files.upload(video, metadata={"source": "quickstart"}, wait=True)
        print(f"  file {f.id} {f.status}")

        fx = cg.frames.create(f.id, frames_per_second=fps, max_width=max_width, thumbnails=True)
        detector = shot_detector("adaptive", min_seconds=MIN_SHOT_SECONDS)
        seg = cg.segmentations.create(f.id, detector, thumbnails=True)
        print("Waiting for both jobs")
        fx = cg.frames.wait(fx.frame_extraction_id, on_update=progress("frames"))
        seg = cg.segmentations.wait(seg.segmentation_id, on_update=progress("segmentation"))

        frames: list[Frame] = list(cg.frames.iter_frames(fx.frame_extraction_id))
        segments: list[Segment] = []
        if JobStatus.of(seg.status) is JobStatus.COMPLETED:
            segments = list(cg.segmentations.iter_segments(seg.segmentation_id))
        shots = seg.data.shots if seg.data and seg.data.shots else []

        print(
            f"\n{len(frames)} frames at {fps:g} fps, {len(segments)} segments "
            f"({JobStatus.of(seg.status)}), {len(shots)} shots"
        )
        for i, s in enumerate(segments, 1):
            print(
                f"  shot {i:2d}  {s.start_time:6.2f}s -> {s.end_time:6.2f}s  "
                f"({s.end_time - s.start_time:5.2f}s)"
            )

        # Every thumbnail to disk in one call: concurrent, retried, resumable.
        images = cg.frames.download(fx, out_dir / "frames")
        print(f"\nFrames: {images}")
        for failure in images.failed:
            print(f"  failed {failure.path}: {failure.reason}")

        results = {
            "file": f.to_dict(),
            "frame_extraction": {**fx.to_dict(), "data": None},
            "frames": [fr.to_dict() for fr in frames],
            "segmentation": {**seg.to_dict(), "data": None},
            "segments": [s.to_dict() for s in segments],
        }
        (out_dir / "results.json").write_text(json.dumps(results, indent=2))
        print(f"Wrote {out_dir / 'results.json'}")
        cuts = max(len(segments) - 1, 0)
        settings = (
            f"{len(frames)} frames at {fps:g} fps, thumbnails up to {max_width} px wide; "
            f"shot detection: adaptive, min {MIN_SHOT_SECONDS:g} s; "
            + (f"{cuts} cut{'' if cuts == 1 else 's'} found" if cuts else "no cut found: one shot")
        )
        spans = [(s.start_time, s.end_time) for s in segments] or [(0.0, duration(f))]
        sheet = contact_sheet(images.manifest, spans, title or video.name, settings, credit)
        if sheet:
            print(f"Wrote {sheet}")
    return 0 if images.ok else 1


def duration(file: Any) -> float:
    """The file's duration in seconds (0 when the server did not say)."""
    info = getattr(file, "video_info", None)
    seconds = getattr(info, "duration_seconds", None)
    return float(seconds) if isinstance(seconds, int | float) else 0.0


def contact_sheet(
    manifest: Path, shots: list[tuple[float, float]], title: str, settings: str, credit: str
) -> Path | None:
    """The downloaded frames (listed in the manifest) as a PNG, grouped by shot."""
    try:
        import contact_sheet as sheet
    except ImportError:  # Pillow comes with the emulator extra; the sheet is optional
        print("(Pillow is not installed: skipping the contact sheet)")
        return None
    entries = [json.loads(line) for line in manifest.read_text().splitlines()]
    frames = [(e["timestamp"], manifest.parent / e["path"]) for e in entries]
    if not frames:
        return None
    return sheet.render(
        frames,
        shots,
        title=title,
        subtitle=settings,
        credit=credit
        or "Frames extracted, downloaded and grouped into shots with cloudglue-client",
        path=manifest.parent.parent / "contact_sheet.png",
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("video", type=Path)
    parser.add_argument("--out", type=Path, default=Path("out/quickstart"))
    parser.add_argument("--fps", type=float, default=2, help="frames per second (default 2)")
    parser.add_argument("--max-width", type=int, default=160, help="thumbnail width (default 160)")
    args = parser.parse_args(argv)
    try:
        return run(args.video, args.out, fps=args.fps, max_width=args.max_width)
    except CloudglueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
