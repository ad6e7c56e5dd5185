"""The answers of the fixed-cost server (bench/fixed_server.py), built once, as wire bytes.

Every JSON body is built from the generated models (`cloudglue_openapi.models`), so its shape
is the spec's: a required field added to openapi.yaml breaks the build here instead of leaving
the server answering an old shape. The values mirror what the emulator sends (uuid5 frame ids,
`created_at` in milliseconds, thumbnail URLs `{origin}/thumbnails/{32 hex}.jpg`), so page
bodies are as long as the emulator's and every client parses the same bytes.

Nothing here runs per request except `Reply.wire` / `Reply.closing` and the one `bytes.replace`
of a fan-out job's id (`JobTemplates.render`).
"""

from __future__ import annotations

import io
import json
import uuid
from dataclasses import dataclass
from typing import Any

from cloudglue_openapi.constraints import field
from cloudglue_openapi.models import (
    Frame,
    FrameExtraction,
    FrameExtractionConfig,
    FrameExtractionStatus,
    FrameExtractionStrategy,
    FrameExtractionThumbnailsConfig,
    FrameExtractionUniformConfig,
    FramePage,
    ListObject,
)

#: Items per page of the timed reads: every client compared reads 100 frames per request.
PAGE = 100


def _stated(path: str) -> int:
    """The contract's server default (`x-server-default`) of one query parameter of frame pages."""
    value = field("getFrameExtraction", path).server_default
    if not isinstance(value, int) or isinstance(value, bool):
        raise LookupError(f"openapi.yaml states no integer x-server-default for {path} of frames")
    return value


#: `limit` and `offset` when a request names none, as the contract states them for frame pages.
DEFAULT_LIMIT = _stated("query.limit")
DEFAULT_OFFSET = _stated("query.offset")
#: Sample rate the jobs claim: frame i is at (i + 1) / FPS seconds.
FPS = 10
#: Size of the JPEG served for every thumbnail URL (a typical `max_width` 320 thumbnail).
JPEG_SIZE = (320, 180)
#: Fixed ids and times, so the same job is byte-identical in every run.
NAMESPACE = uuid.UUID("6f1d3c1e-8b1a-4d1e-9c53-6b2f1f0b7a10")
FILE_ID = uuid.uuid5(NAMESPACE, "file")
CREATED_AT_MS = 1_764_547_200_000
#: Stands for a fan-out job's id in its templates; replaced per answer (same length).
ID_PLACEHOLDER = b"00000000-0000-4000-8000-000000000000"

_STATUS_TEXT = {
    200: "OK",
    400: "Bad Request",
    401: "Unauthorized",
    404: "Not Found",
    405: "Method Not Allowed",
    431: "Request Header Fields Too Large",
    501: "Not Implemented",
}


@dataclass(frozen=True, slots=True)
class Reply:
    """One complete HTTP/1.1 response: `wire` is sent as is on a kept-alive connection."""

    wire: bytes
    head_end: int  # where the blank line after the headers starts

    @property
    def closing(self) -> bytes:
        """The same response announcing `Connection: close` (rare: built when needed)."""
        return self.wire[: self.head_end] + b"Connection: close\r\n" + self.wire[self.head_end :]


def reply(status: int, body: bytes, content_type: str = "application/json") -> Reply:
    """Status line, Content-Type and Content-Length, then `body`."""
    head = (
        f"HTTP/1.1 {status} {_STATUS_TEXT[status]}\r\n"
        f"Content-Type: {content_type}\r\nContent-Length: {len(body)}\r\n"
    ).encode("ascii")
    return Reply(head + b"\r\n" + body, len(head))


def json_reply(status: int, value: Any) -> Reply:
    """`value` as compact JSON."""
    return reply(status, json.dumps(value, separators=(",", ":")).encode())


def error(status: int, message: str) -> Reply:
    """The spec's error body, `{"error": message}`."""
    return json_reply(status, {"error": message})


def _extraction(
    job_id: uuid.UUID | str,
    status: FrameExtractionStatus,
    *,
    thumbnails: bool,
    frame_count: int | None = None,
    page: FramePage | None = None,
) -> dict[str, Any]:
    kwargs: dict[str, Any] = {}
    if frame_count is not None:
        kwargs["frame_count"] = frame_count
    if page is not None:
        kwargs["data"] = page
    job = FrameExtraction(
        frame_extraction_id=uuid.UUID(str(job_id)),
        status=status,
        created_at=CREATED_AT_MS,
        file_id=FILE_ID,
        frame_extraction_config=FrameExtractionConfig(
            strategy=FrameExtractionStrategy.UNIFORM,
            uniform_config=FrameExtractionUniformConfig(frames_per_second=FPS, max_width=1024),
            thumbnails_config=FrameExtractionThumbnailsConfig(enable_frame_thumbnails=thumbnails),
        ),
        **kwargs,
    )
    return job.to_dict()


class CompletedJob:
    """A completed extraction of `total` frames whose pages of 100 are prebuilt.

    Pages of any other `limit` (warm-up reads of one frame, early exits in pages of 10) are
    built on first request and kept; they are never part of a timed loop.
    """

    def __init__(self, total: int, *, thumbnails: bool, origin: str) -> None:
        self.total = total
        self.thumbnails = thumbnails
        self.origin = origin
        self.id = self.id_of(total, thumbnails)
        self._pages: dict[tuple[int, int], Reply] = {}
        for offset in range(0, max(total, 1), PAGE):
            self.page(PAGE, offset)

    @staticmethod
    def id_of(total: int, thumbnails: bool) -> uuid.UUID:
        """The job's id: the same for the same frames and thumbnails, in every run."""
        return uuid.uuid5(NAMESPACE, f"job:{total}:{thumbnails}")

    def _frames(self, start: int, stop: int) -> list[Frame]:
        frames = []
        for i in range(start, min(stop, self.total)):
            frame = Frame(id=uuid.uuid5(self.id, str(i)), timestamp=round((i + 1) / FPS, 3))
            if self.thumbnails:
                token = uuid.uuid5(frame.id, "thumbnail").hex
                frame.thumbnail_url = f"{self.origin}/thumbnails/{token}.jpg"
            frames.append(frame)
        return frames

    def page(self, limit: int, offset: int) -> Reply:
        """The job with frames [offset, offset + limit) (no `data` for an empty job)."""
        key = (limit, offset)
        found = self._pages.get(key)
        if found is None:
            page = None
            if self.total:
                page = FramePage(
                    object_=ListObject.LIST,
                    frames=self._frames(offset, offset + limit),
                    total=self.total,
                    limit=limit,
                    offset=offset,
                )
            body = _extraction(
                self.id,
                FrameExtractionStatus.COMPLETED,
                thumbnails=self.thumbnails,
                frame_count=self.total,
                page=page,
            )
            found = self._pages[key] = json_reply(200, body)
        return found


@dataclass(frozen=True)
class JobTemplates:
    """A fan-out job's three answers with `ID_PLACEHOLDER` for its id (no frames: not read)."""

    pending: bytes
    processing: bytes
    completed: bytes

    @classmethod
    def build(cls) -> JobTemplates:
        """The templates, from the models like every other body."""

        def wire(status: FrameExtractionStatus, count: int | None) -> bytes:
            body = _extraction(ID_PLACEHOLDER.decode(), status, thumbnails=False, frame_count=count)
            return json_reply(200, body).wire

        return cls(
            pending=wire(FrameExtractionStatus.PENDING, None),
            processing=wire(FrameExtractionStatus.PROCESSING, None),
            completed=wire(FrameExtractionStatus.COMPLETED, 0),
        )

    @staticmethod
    def render(template: bytes, job_id: bytes) -> bytes:
        """`template` for the job `job_id` (36 ASCII bytes, so Content-Length still holds)."""
        return template.replace(ID_PLACEHOLDER, job_id, 1)


def jpeg() -> Reply:
    """A real JPEG thumbnail (a smooth gradient with a few shapes, quality 85), as one reply."""
    from PIL import Image, ImageDraw

    width, height = JPEG_SIZE
    image = Image.linear_gradient("L").resize(JPEG_SIZE).convert("RGB")
    draw = ImageDraw.Draw(image)
    for n in range(6):
        x, y = 20 + 45 * n, 30 + 20 * (n % 3)
        draw.ellipse((x, y, x + 40, y + 60), fill=(40 * n, 255 - 30 * n, 120))
    draw.rectangle((0, height - 30, width, height), fill=(20, 60, 200))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85)
    return reply(200, out.getvalue(), "image/jpeg")
