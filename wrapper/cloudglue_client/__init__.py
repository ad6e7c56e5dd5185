"""cloudglue_client: a typed, retrying, paginating client for Cloudglue frames and segmentations.

from cloudglue_client import Cloudglue, shot_detector
with Cloudglue() as cg:
    fx = cg.frames.create(file_id, frames_per_second=2, wait=True)
    for frame in cg.frames.iter_frames(fx.frame_extraction_id):
        print(frame.timestamp, frame.thumbnail_url)
"""

from typing import TYPE_CHECKING, Any

from ._client import AsyncCloudglue, Cloudglue
from ._http import RequestStats
from ._pagination import AsyncPage, AsyncPager, SyncPage
from ._status import JobStatus, created_at_datetime
from .configs import manual, shot_detector, uniform
from .errors import (
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ClientClosedError,
    CloudglueError,
    ConflictError,
    InternalServerError,
    JobFailedError,
    JobNotReadyError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    UnprocessableEntityError,
    UnsupportedMediaTypeError,
    WaitTimeoutError,
)

if TYPE_CHECKING:
    from cloudglue_openapi.models import (
        File,
        FileDelete,
        Frame,
        FrameExtraction,
        FrameExtractionDelete,
        FrameExtractionListItem,
        NewSegmentation,
        Segment,
        Segmentation,
        SegmentationDelete,
        SegmentationListItem,
        Shot,
        Thumbnail,
    )

#: Generated models re-exported here, loaded on first use to keep `import cloudglue_client` light.
_MODELS = frozenset(
    {
        "File",
        "FileDelete",
        "Frame",
        "FrameExtraction",
        "FrameExtractionDelete",
        "FrameExtractionListItem",
        "NewSegmentation",
        "Segment",
        "Segmentation",
        "SegmentationDelete",
        "SegmentationListItem",
        "Shot",
        "Thumbnail",
    }
)


def __getattr__(name: str) -> Any:
    if name in _MODELS:
        from cloudglue_openapi import models

        return getattr(models, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "APIConnectionError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AsyncCloudglue",
    "AsyncPage",
    "AsyncPager",
    "AuthenticationError",
    "BadRequestError",
    "ClientClosedError",
    "Cloudglue",
    "CloudglueError",
    "ConflictError",
    "File",
    "FileDelete",
    "Frame",
    "FrameExtraction",
    "FrameExtractionDelete",
    "FrameExtractionListItem",
    "InternalServerError",
    "JobFailedError",
    "JobNotReadyError",
    "JobStatus",
    "NewSegmentation",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "RequestStats",
    "Segment",
    "Segmentation",
    "SegmentationDelete",
    "SegmentationListItem",
    "Shot",
    "SyncPage",
    "Thumbnail",
    "UnprocessableEntityError",
    "UnsupportedMediaTypeError",
    "WaitTimeoutError",
    "created_at_datetime",
    "manual",
    "shot_detector",
    "uniform",
]
