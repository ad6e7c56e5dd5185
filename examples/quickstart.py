"""Quickstart: upload a video, extract frames and detect shots, then summarise the results.

Works against any Cloudglue endpoint configured through the environment:
    CLOUDGLUE_API_KEY=... [CLOUDGLUE_BASE_URL=...] python examples/quickstart.py VIDEO [--out DIR]
`make demo` runs it against the local emulator (see examples/demo.py).

Prints the shots detected, the cuts between them and the segments after `min_seconds` /
`max_seconds`, with a line saying why they differ when they do (examples/shot_report.py), and
writes into DIR: results.json (every frame and segment), summary.json (the printed numbers and
sentences), frames/ (every frame's thumbnail and manifest.jsonl, downloaded with
`frames.download`), segments/ (each segment's thumbnail, with `segmentations.download`) and
contact_sheet.png (the same sentences, a timeline of the cuts and the frames grouped by segment,
see examples/contact_sheet.py).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import shot_report  # examples/shot_report.py, beside this script

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
            f"  {label:<13} {JobStatus.of(job.status):<14} +{time.monotonic() - start:5.1f}s",
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
    known: shot_report.KnownCuts | None = None,
) -> int:
    """Upload, extract, segment, download the images and write the summary; an exit code.

    `known` (the clip's real cuts, when someone checked them) adds the detector's accuracy to
    the summary and marks them on the sheet.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    with Cloudglue() as cg:
        print(f"Uploading {video.name} to {cg.base_url}")
        f = cg.files.upload(video, metadata={"source": "quickstart"}, wait=True)
        print(f"  file {f.id} {f.status}")

        fx = cg.frames.create(f.id, frames_per_second=fps, max_width=max_width, thumbnails=True)
        seg = cg.segmentations.create(f.id, shot_detector("adaptive"), thumbnails=True)
        print("Waiting for both jobs")
        fx = cg.frames.wait(fx.frame_extraction_id, on_update=progress("frames"))
        seg = cg.segmentations.wait(seg.segmentation_id, on_update=progress("segmentation"))

        frames: list[Frame] = list(cg.frames.iter_frames(fx.frame_extraction_id))
        segments: list[Segment] = []
        if JobStatus.of(seg.status) is JobStatus.COMPLETED:
            segments = list(cg.segmentations.iter_segments(seg.segmentation_id))
        report = shot_report.build(
            seg, duration=duration(f), frames=len(frames), fps=fps, segments=segments, known=known
        )

        print(f"\n{len(frames)} frames at {fps:g} fps, thumbnails up to {max_width} px wide")
        for line in report.lines():
            print(line)
        for i, (start, end) in enumerate(report.segments, 1):
            print(f"  segment {i:2d}  {start:6.2f} s -> {end:6.2f} s  ({end - start:5.2f} s)")

        # Every thumbnail to disk in one call each: concurrent, retried, resumable.
        images = cg.frames.download(fx, out_dir / "frames")
        print(f"\nFrames: {images}")
        thumbs = cg.segmentations.download(seg, out_dir / "segments")
        print(f"Segment thumbnails: {thumbs}")
        for failure in [*images.failed, *thumbs.failed]:
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
        summary = {
            "video": video.name,
            "title": title or video.name,
            **report.to_json(),
            "images": {"frames": images.total, "segment_thumbnails": thumbs.total},
        }
        (out_dir / "summary.json").write_text(json.dumps(summary, indent=2) + "\n")
        print(f"Wrote {out_dir / 'summary.json'}")
        subtitle = (
            f"{len(frames)} frames at {fps:g} fps, thumbnails up to {max_width} px wide; "
            f"shot detection: {report.detector}"
        )
        sheet = contact_sheet(
            images.manifest, thumbs.manifest, report, title or video.name, subtitle, credit
        )
        if sheet:
            print(f"Wrote {sheet}")
    return 0 if images.ok and thumbs.ok else 1


def duration(file: Any) -> float:
    """The file's duration in seconds (0 when the server did not say)."""
    info = getattr(file, "video_info", None)
    seconds = getattr(info, "duration_seconds", None)
    return float(seconds) if isinstance(seconds, int | float) else 0.0


def manifest_entries(manifest: Path) -> list[dict[str, Any]]:
    """The records of a download's manifest.jsonl (none when it was not written)."""
    if not manifest.is_file():
        return []
    return [json.loads(line) for line in manifest.read_text().splitlines() if line.strip()]


def contact_sheet(
    frames_manifest: Path,
    segments_manifest: Path,
    report: shot_report.Report,
    title: str,
    subtitle: str,
    credit: str,
) -> Path | None:
    """The downloaded frames and segment thumbnails (from their manifests) as a PNG."""
    try:
        import contact_sheet as sheet
    except ImportError:  # Pillow comes with the emulator extra; the sheet is optional
        print("(Pillow is not installed: skipping the contact sheet)")
        return None
    frames = [
        (e["timestamp"], frames_manifest.parent / e["path"])
        for e in manifest_entries(frames_manifest)
    ]
    if not frames:
        return None
    thumbs = {
        e["start_time"]: segments_manifest.parent / e["path"]
        for e in manifest_entries(segments_manifest)
        if e.get("type") == "segment"
    }
    return sheet.render(
        frames,
        report,
        segment_thumbnails=thumbs,
        title=title,
        subtitle=subtitle,
        credit=credit
        or "Frames extracted, downloaded and grouped into segments with cloudglue-client",
        path=frames_manifest.parent.parent / "contact_sheet.png",
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
