"""A user's program: only `cloudglue_client`'s documented API, written as the README shows it.

`mypy --strict` must pass on this file with no ignore comments (test_user_program.py checks it
against this checkout; the installed-wheel test checks it against the built wheel), and it runs
for real against the emulator: `python user_program.py BASE_URL API_KEY VIDEO`.
"""

from __future__ import annotations

import asyncio
import sys
import uuid
from pathlib import Path

from cloudglue_client import (
    AsyncCloudglue,
    Cloudglue,
    File,
    FileRef,
    Frame,
    FrameExtraction,
    JobStatus,
    NotFoundError,
    RetryEvent,
    Segment,
    Segmentation,
    SegmentationRef,
    Unset,
    created_at_datetime,
    is_set,
    shot_detector,
    uniform,
)


def thumbnail(frame: Frame) -> str | None:
    """An optional field narrowed with `is_set`."""
    return frame.thumbnail_url if is_set(frame.thumbnail_url) else None


def file_label(file: File) -> str:
    """An optional field narrowed with `isinstance(..., Unset)`."""
    name = "unnamed" if isinstance(file.filename, Unset) else file.filename
    when = "" if isinstance(file.created_at, Unset) else created_at_datetime(file.created_at)
    return f"{name} {when}"


def segments_of(cg: Cloudglue, job: SegmentationRef) -> list[Segment]:
    """A helper of the user's, annotated with the public id alias."""
    return list(cg.segmentations.iter_segments(job))


def log_retry(event: RetryEvent) -> None:
    """An on_retry hook: every field is typed."""
    print(f"retry {event.attempt} of {event.operation} in {event.delay:.1f}s: {event.error}")


def run_sync(base_url: str, api_key: str, video: Path) -> dict[str, int]:
    """Upload, frames, segments, thumbnails, listing and deleting with the sync client."""
    statuses: list[JobStatus] = []
    sent: list[int] = []

    def seen(job: FrameExtraction) -> None:
        statuses.append(JobStatus.of(job.status))

    def progress(done: int, total: int | None) -> None:
        sent.append(done if total is None else min(done, total))

    with Cloudglue(api_key=api_key, base_url=base_url, max_retries=3, on_retry=log_retry) as cg:
        f: File = cg.files.upload(
            video, metadata={"team": "video"}, wait=True, on_progress=progress, on_update=print
        )
        assert sent[-1] == video.stat().st_size
        ref: FileRef = uuid.UUID(f.id)
        assert cg.files.get(ref).id == f.id
        assert cg.files.get(f).id == f.id  # the model where its id is expected
        file_label(cg.files.wait(f, timeout=60))

        fx = cg.frames.create(f, frames_per_second=2, max_width=128, thumbnails=True)
        fx = cg.frames.wait(fx, timeout=120, on_update=seen, heartbeat=1.0)
        frames = list(cg.frames.iter_frames(fx, page_size=7, wait=True, on_update=seen))
        urls = [url for url in map(thumbnail, frames) if url is not None]
        listed = [cg.frames.get(item, limit=1) for item in cg.frames.list(f)]
        created = created_at_datetime(fx.created_at)

        seg: Segmentation = cg.segmentations.create(
            f, uniform(2), wait=True, wait_timeout=120, on_update=lambda job: print(job.status)
        )
        segments = segments_of(cg, seg)
        shots = cg.segmentations.create(f, shot_detector("adaptive", min_seconds=1), wait=True)
        thumbs = list(cg.segmentations.thumbnails(seg, segment_ids=segments[:2]))
        for item in cg.segmentations.list(f):
            cg.segmentations.get(item, limit=1)
        cg.with_options(on_retry=None, max_retries=0).segmentations.delete(shots)
        try:
            cg.segmentations.get(shots)
        except NotFoundError as exc:
            assert exc.status_code == 404
        cg.frames.delete(fx)
        assert created.year > 2000 and statuses[-1].is_success
        return {
            "frames": len(frames),
            "thumbnail_urls": len(urls),
            "frame_jobs": len(listed),
            "segments": len(segments),
            "segment_thumbnails": len(thumbs),
        }


async def run_async(base_url: str, api_key: str, video: Path) -> int:
    """The same shapes with the asyncio client: upload, create with wait, iterate."""
    async with AsyncCloudglue(api_key=api_key, base_url=base_url, on_retry=log_retry) as cg:
        f = await cg.files.upload(video, wait=True, on_progress=lambda done, total: None)
        fx = await cg.frames.create(f, frames_per_second=1, wait=True, on_update=print)
        page = await cg.frames.iter_frames(fx)
        count = 0
        async for frame in cg.frames.iter_frames(fx):
            count += frame.timestamp >= 0
        assert count == page.total
        await cg.files.delete(f)
        return count


def main(argv: list[str]) -> int:
    """Run both parts and print what came back."""
    base_url, api_key, video = argv[0], argv[1], Path(argv[2])
    print(run_sync(base_url, api_key, video))
    print({"async_frames": asyncio.run(run_async(base_url, api_key, video))})
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
