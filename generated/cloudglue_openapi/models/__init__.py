"""Contains all the data models used in inputs/outputs"""

from .chapter import Chapter
from .error import Error
from .file import File
from .file_delete import FileDelete
from .file_delete_object import FileDeleteObject
from .file_list import FileList
from .file_metadata_type_0 import FileMetadataType0
from .file_source import FileSource
from .file_source_metadata_type_0 import FileSourceMetadataType0
from .file_status import FileStatus
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
from .thumbnail_list import ThumbnailList
from .thumbnails_config import ThumbnailsConfig
from .uniform_config import UniformConfig
from .video_info import VideoInfo

__all__ = (
    "Chapter",
    "Error",
    "File",
    "FileDelete",
    "FileDeleteObject",
    "FileList",
    "FileMetadataType0",
    "FileSource",
    "FileSourceMetadataType0",
    "FileStatus",
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
    "ThumbnailList",
    "ThumbnailsConfig",
    "UniformConfig",
    "VideoInfo",
)
