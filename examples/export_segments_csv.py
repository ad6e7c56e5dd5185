"""Export every segment of a uniform segmentation to CSV, streaming page by page.

CLOUDGLUE_API_KEY=... python examples/export_segments_csv.py VIDEO OUT.csv [--window 2]
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

from cloudglue_client import Cloudglue, CloudglueError, uniform


def export(video: Path, out: Path, window: float) -> int:
    with Cloudglue() as cg:
        f = cg.files.upload(video, wait=True)
        seg = cg.segmentations.create(f.id, uniform(window), wait=True)
        rows = 0
        with out.open("w", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(["segment_id", "start_time", "end_time", "thumbnail_url"])
            # page_size 10: many small pages, each fetched ahead while rows are written
            for s in cg.segmentations.iter_segments(seg.segmentation_id, page_size=10):
                writer.writerow([s.id, s.start_time, s.end_time, s.thumbnail_url or ""])
                rows += 1
    print(f"wrote {rows} segments to {out}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("video", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--window", type=float, default=2.0)
    args = parser.parse_args()
    try:
        return export(args.video, args.out, args.window)
    except CloudglueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
