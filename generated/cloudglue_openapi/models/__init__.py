"""Contains all the data models used in inputs/outputs (each loaded on first use)."""

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .chapter import Chapter
    from .error import Error
    from .file import File
    from .file_delete import FileDelete
    from .file_delete_object import FileDeleteObject
    from .file_list import FileList
    from .file_metadata_type_0 import FileMetadataType0
    from .file_segment import FileSegment
    from .file_segment_list_response import FileSegmentListResponse
    from .file_segment_metadata_type_0 import FileSegmentMetadataType0
    from .file_segment_update import FileSegmentUpdate
    from .file_segment_update_metadata import FileSegmentUpdateMetadata
    from .file_source import FileSource
    from .file_source_metadata_type_0 import FileSourceMetadataType0
    from .file_status import FileStatus
    from .file_update import FileUpdate
    from .file_update_metadata import FileUpdateMetadata
    from .file_upload import FileUpload
    from .frame import Frame
    from .frame_extraction import FrameExtraction
    from .frame_extraction_config import FrameExtractionConfig
    from .frame_extraction_delete import FrameExtractionDelete
    from .frame_extraction_list import FrameExtractionList
    from .frame_extraction_list_item import FrameExtractionListItem
    from .frame_extraction_status import FrameExtractionStatus
    from .frame_extraction_strategy import FrameExtractionStrategy
    from .frame_extraction_thumbnails_config import FrameExtractionThumbnailsConfig
    from .frame_extraction_uniform_config import FrameExtractionUniformConfig
    from .frame_page import FramePage
    from .keyframe_config import KeyframeConfig
    from .list_files_order import ListFilesOrder
    from .list_files_sort import ListFilesSort
    from .list_object import ListObject
    from .manual_config import ManualConfig
    from .manual_segment import ManualSegment
    from .media_info import MediaInfo
    from .media_type import MediaType
    from .narrative_config import NarrativeConfig
    from .narrative_strategy import NarrativeStrategy
    from .new_segmentation import NewSegmentation
    from .search_filter import SearchFilter
    from .search_filter_file_criteria import SearchFilterFileCriteria
    from .search_filter_file_path import SearchFilterFilePath
    from .search_filter_metadata_criteria import SearchFilterMetadataCriteria
    from .search_filter_operator import SearchFilterOperator
    from .search_filter_scope import SearchFilterScope
    from .search_filter_video_info_criteria import SearchFilterVideoInfoCriteria
    from .search_filter_video_info_path import SearchFilterVideoInfoPath
    from .segment import Segment
    from .segment_page import SegmentPage
    from .segmentation import Segmentation
    from .segmentation_config import SegmentationConfig
    from .segmentation_delete import SegmentationDelete
    from .segmentation_list import SegmentationList
    from .segmentation_list_item import SegmentationListItem
    from .segmentation_status import SegmentationStatus
    from .segmentation_strategy import SegmentationStrategy
    from .shot import Shot
    from .shot_detector import ShotDetector
    from .shot_detector_config import ShotDetectorConfig
    from .thumbnail import Thumbnail
    from .thumbnail_kind import ThumbnailKind
    from .thumbnail_list import ThumbnailList
    from .thumbnails_config import ThumbnailsConfig
    from .uniform_config import UniformConfig
    from .video_info import VideoInfo

_MODULE_OF = {
    "Chapter": ".chapter",
    "Error": ".error",
    "File": ".file",
    "FileDelete": ".file_delete",
    "FileDeleteObject": ".file_delete_object",
    "FileList": ".file_list",
    "FileMetadataType0": ".file_metadata_type_0",
    "FileSegment": ".file_segment",
    "FileSegmentListResponse": ".file_segment_list_response",
    "FileSegmentMetadataType0": ".file_segment_metadata_type_0",
    "FileSegmentUpdate": ".file_segment_update",
    "FileSegmentUpdateMetadata": ".file_segment_update_metadata",
    "FileSource": ".file_source",
    "FileSourceMetadataType0": ".file_source_metadata_type_0",
    "FileStatus": ".file_status",
    "FileUpdate": ".file_update",
    "FileUpdateMetadata": ".file_update_metadata",
    "FileUpload": ".file_upload",
    "Frame": ".frame",
    "FrameExtraction": ".frame_extraction",
    "FrameExtractionConfig": ".frame_extraction_config",
    "FrameExtractionDelete": ".frame_extraction_delete",
    "FrameExtractionList": ".frame_extraction_list",
    "FrameExtractionListItem": ".frame_extraction_list_item",
    "FrameExtractionStatus": ".frame_extraction_status",
    "FrameExtractionStrategy": ".frame_extraction_strategy",
    "FrameExtractionThumbnailsConfig": ".frame_extraction_thumbnails_config",
    "FrameExtractionUniformConfig": ".frame_extraction_uniform_config",
    "FramePage": ".frame_page",
    "KeyframeConfig": ".keyframe_config",
    "ListFilesOrder": ".list_files_order",
    "ListFilesSort": ".list_files_sort",
    "ListObject": ".list_object",
    "ManualConfig": ".manual_config",
    "ManualSegment": ".manual_segment",
    "MediaInfo": ".media_info",
    "MediaType": ".media_type",
    "NarrativeConfig": ".narrative_config",
    "NarrativeStrategy": ".narrative_strategy",
    "NewSegmentation": ".new_segmentation",
    "SearchFilter": ".search_filter",
    "SearchFilterFileCriteria": ".search_filter_file_criteria",
    "SearchFilterFilePath": ".search_filter_file_path",
    "SearchFilterMetadataCriteria": ".search_filter_metadata_criteria",
    "SearchFilterOperator": ".search_filter_operator",
    "SearchFilterScope": ".search_filter_scope",
    "SearchFilterVideoInfoCriteria": ".search_filter_video_info_criteria",
    "SearchFilterVideoInfoPath": ".search_filter_video_info_path",
    "Segment": ".segment",
    "SegmentPage": ".segment_page",
    "Segmentation": ".segmentation",
    "SegmentationConfig": ".segmentation_config",
    "SegmentationDelete": ".segmentation_delete",
    "SegmentationList": ".segmentation_list",
    "SegmentationListItem": ".segmentation_list_item",
    "SegmentationStatus": ".segmentation_status",
    "SegmentationStrategy": ".segmentation_strategy",
    "Shot": ".shot",
    "ShotDetector": ".shot_detector",
    "ShotDetectorConfig": ".shot_detector_config",
    "Thumbnail": ".thumbnail",
    "ThumbnailKind": ".thumbnail_kind",
    "ThumbnailList": ".thumbnail_list",
    "ThumbnailsConfig": ".thumbnails_config",
    "UniformConfig": ".uniform_config",
    "VideoInfo": ".video_info",
}


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(module, __name__), name)
    globals()[name] = value
    return value


__all__ = (
    "Chapter",
    "Error",
    "File",
    "FileDelete",
    "FileDeleteObject",
    "FileList",
    "FileMetadataType0",
    "FileSegment",
    "FileSegmentListResponse",
    "FileSegmentMetadataType0",
    "FileSegmentUpdate",
    "FileSegmentUpdateMetadata",
    "FileSource",
    "FileSourceMetadataType0",
    "FileStatus",
    "FileUpdate",
    "FileUpdateMetadata",
    "FileUpload",
    "Frame",
    "FrameExtraction",
    "FrameExtractionConfig",
    "FrameExtractionDelete",
    "FrameExtractionList",
    "FrameExtractionListItem",
    "FrameExtractionStatus",
    "FrameExtractionStrategy",
    "FrameExtractionThumbnailsConfig",
    "FrameExtractionUniformConfig",
    "FramePage",
    "KeyframeConfig",
    "ListFilesOrder",
    "ListFilesSort",
    "ListObject",
    "ManualConfig",
    "ManualSegment",
    "MediaInfo",
    "MediaType",
    "NarrativeConfig",
    "NarrativeStrategy",
    "NewSegmentation",
    "SearchFilter",
    "SearchFilterFileCriteria",
    "SearchFilterFilePath",
    "SearchFilterMetadataCriteria",
    "SearchFilterOperator",
    "SearchFilterScope",
    "SearchFilterVideoInfoCriteria",
    "SearchFilterVideoInfoPath",
    "Segment",
    "SegmentPage",
    "Segmentation",
    "SegmentationConfig",
    "SegmentationDelete",
    "SegmentationList",
    "SegmentationListItem",
    "SegmentationStatus",
    "SegmentationStrategy",
    "Shot",
    "ShotDetector",
    "ShotDetectorConfig",
    "Thumbnail",
    "ThumbnailKind",
    "ThumbnailList",
    "ThumbnailsConfig",
    "UniformConfig",
    "VideoInfo",
)
