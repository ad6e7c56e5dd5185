"""cloudglue_client: a typed, retrying, paginating client for Cloudglue frames and segmentations.

from cloudglue_client import Cloudglue, shot_detector
with Cloudglue() as cg:
    fx = cg.frames.create(file_id, frames_per_second=2, wait=True)
    for frame in cg.frames.iter_frames(fx.frame_extraction_id):
        print(frame.timestamp, frame.thumbnail_url)
"""

from typing import TYPE_CHECKING, Any

from ._client import AsyncCloudglue, Cloudglue
from ._hooks import OnProgress, OnRetry, RetryEvent
from ._ids import FileRef, FrameExtractionRef, SegmentationRef, SegmentRef
from ._options import BodyRequestOptions, RequestOptions, WaitRequestOptions
from ._pagination import AsyncPage, AsyncPager, SyncPage
from ._request import RequestStats
from ._response import APIResponse, RawResponse
from ._status import JobStatus, created_at_datetime, is_set
from ._version import __version__
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
    NoThumbnailsError,
    PermissionDeniedError,
    RateLimitError,
    UnprocessableEntityError,
    UnsupportedMediaTypeError,
    WaitTimeoutError,
)

if TYPE_CHECKING:
    from cloudglue_openapi.choices import (
        FileStatus,
        ListFilesOrder,
        ListFilesSort,
        ShotDetector,
        ThumbnailKind,
    )
    from cloudglue_openapi.models import (
        File,
        FileDelete,
        FileSegment,
        Frame,
        FrameExtraction,
        FrameExtractionDelete,
        FrameExtractionListItem,
        NewSegmentation,
        SearchFilter,
        Segment,
        Segmentation,
        SegmentationDelete,
        SegmentationListItem,
        Shot,
        Thumbnail,
    )
    from cloudglue_openapi.types import UNSET, Unset

    from ._download import DownloadError, DownloadResult, FailedImage

#: Names re-exported here but loaded on first use, to keep `import cloudglue_client` light, by
#: module: the spec's choices as `Literal` types (for annotations; typos fail type checking),
#: the generated models, the models' "not sent by the server" marker (see `is_set`), and
#: download results.
_LAZY = {
    name: module
    for module, names in {
        "cloudglue_openapi.choices": "FileStatus ListFilesOrder ListFilesSort ShotDetector"
        " ThumbnailKind",
        "cloudglue_openapi.models": "File FileDelete FileSegment Frame FrameExtraction"
        " FrameExtractionDelete FrameExtractionListItem NewSegmentation Segment Segmentation"
        " SegmentationDelete SegmentationListItem SearchFilter Shot Thumbnail",
        "cloudglue_openapi.types": "UNSET Unset",
        f"{__name__}._download": "DownloadError DownloadResult FailedImage",
    }.items()
    for name in names.split()
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)


__all__ = [
    "UNSET",
    "APIConnectionError",
    "APIResponse",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AsyncCloudglue",
    "AsyncPage",
    "AsyncPager",
    "AuthenticationError",
    "BadRequestError",
    "BodyRequestOptions",
    "ClientClosedError",
    "Cloudglue",
    "CloudglueError",
    "ConflictError",
    "DownloadError",
    "DownloadResult",
    "FailedImage",
    "File",
    "FileDelete",
    "FileRef",
    "FileSegment",
    "FileStatus",
    "Frame",
    "FrameExtraction",
    "FrameExtractionDelete",
    "FrameExtractionListItem",
    "FrameExtractionRef",
    "InternalServerError",
    "JobFailedError",
    "JobNotReadyError",
    "JobStatus",
    "ListFilesOrder",
    "ListFilesSort",
    "NewSegmentation",
    "NoThumbnailsError",
    "NotFoundError",
    "OnProgress",
    "OnRetry",
    "PermissionDeniedError",
    "RateLimitError",
    "RawResponse",
    "RequestOptions",
    "RequestStats",
    "RetryEvent",
    "SearchFilter",
    "Segment",
    "SegmentRef",
    "Segmentation",
    "SegmentationDelete",
    "SegmentationListItem",
    "SegmentationRef",
    "Shot",
    "ShotDetector",
    "SyncPage",
    "Thumbnail",
    "ThumbnailKind",
    "UnprocessableEntityError",
    "Unset",
    "UnsupportedMediaTypeError",
    "WaitRequestOptions",
    "WaitTimeoutError",
    "__version__",
    "created_at_datetime",
    "is_set",
    "manual",
    "shot_detector",
    "uniform",
]
