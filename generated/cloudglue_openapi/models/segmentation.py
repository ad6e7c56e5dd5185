from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.segmentation_status import SegmentationStatus
from ..types import UNSET, Unset, read_float, read_object, read_uuid

if TYPE_CHECKING:
    from ..models.segment_page import SegmentPage
    from ..models.segmentation_config import SegmentationConfig
    from ..models.thumbnails_config import ThumbnailsConfig


T = TypeVar("T", bound="Segmentation")


@_attrs_define
class Segmentation:
    """A segmentation job, with one page of segments once completed.

    Attributes:
        segmentation_id (UUID):
        status (SegmentationStatus): Status of a segmentation job. `not_applicable` is terminal: no usable scenes were
            found
            (typically with `shot-detector`).
        created_at (float): Unix timestamp; seconds or milliseconds (unit not settled by the provider).
        file_id (UUID):
        segmentation_config (SegmentationConfig): Configuration of a segmentation as echoed on the job. Only the block
            that matches
            `strategy` is meaningful.
        thumbnails_config (ThumbnailsConfig): Thumbnail options of a segmentation.
        total_segments (float | Unset): Number of segments; only when completed.
        total_shots (float | Unset): Number of detected shots; shot-detector only, once completed.
        total_chapters (float | Unset): Number of chapters; narrative only, once completed.
        data (SegmentPage | Unset): One page of a segmentation's segments, with shots or chapters where they apply.
    """

    segmentation_id: UUID
    status: SegmentationStatus
    created_at: float
    file_id: UUID
    segmentation_config: SegmentationConfig
    thumbnails_config: ThumbnailsConfig
    total_segments: float | Unset = UNSET
    total_shots: float | Unset = UNSET
    total_chapters: float | Unset = UNSET
    data: SegmentPage | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        segmentation_id = str(self.segmentation_id)

        status = self.status.value

        created_at = self.created_at

        file_id = str(self.file_id)

        segmentation_config = self.segmentation_config.to_dict()

        thumbnails_config = self.thumbnails_config.to_dict()

        total_segments = self.total_segments

        total_shots = self.total_shots

        total_chapters = self.total_chapters

        data: dict[str, Any] | Unset = UNSET
        if not isinstance(self.data, Unset):
            data = self.data.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "segmentation_id": segmentation_id,
                "status": status,
                "created_at": created_at,
                "file_id": file_id,
                "segmentation_config": segmentation_config,
                "thumbnails_config": thumbnails_config,
            }
        )
        if total_segments is not UNSET:
            field_dict["total_segments"] = total_segments
        if total_shots is not UNSET:
            field_dict["total_shots"] = total_shots
        if total_chapters is not UNSET:
            field_dict["total_chapters"] = total_chapters
        if data is not UNSET:
            field_dict["data"] = data

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.segment_page import SegmentPage
        from ..models.segmentation_config import SegmentationConfig
        from ..models.thumbnails_config import ThumbnailsConfig

        d = read_object(src_dict, "Segmentation")
        segmentation_id = read_uuid(d.pop("segmentation_id"), "segmentation_id")

        status = SegmentationStatus(d.pop("status"))

        created_at = read_float(d.pop("created_at"), "created_at")

        file_id = read_uuid(d.pop("file_id"), "file_id")

        segmentation_config = SegmentationConfig.from_dict(d.pop("segmentation_config"))

        thumbnails_config = ThumbnailsConfig.from_dict(d.pop("thumbnails_config"))

        _total_segments = d.pop("total_segments", UNSET)
        total_segments: float | Unset
        if isinstance(_total_segments, Unset):
            total_segments = UNSET
        else:
            total_segments = read_float(_total_segments, "total_segments")

        _total_shots = d.pop("total_shots", UNSET)
        total_shots: float | Unset
        if isinstance(_total_shots, Unset):
            total_shots = UNSET
        else:
            total_shots = read_float(_total_shots, "total_shots")

        _total_chapters = d.pop("total_chapters", UNSET)
        total_chapters: float | Unset
        if isinstance(_total_chapters, Unset):
            total_chapters = UNSET
        else:
            total_chapters = read_float(_total_chapters, "total_chapters")

        _data = d.pop("data", UNSET)
        data: SegmentPage | Unset
        if isinstance(_data, Unset):
            data = UNSET
        else:
            data = SegmentPage.from_dict(_data)

        _instance = object.__new__(cls)
        _instance.segmentation_id = segmentation_id
        _instance.status = status
        _instance.created_at = created_at
        _instance.file_id = file_id
        _instance.segmentation_config = segmentation_config
        _instance.thumbnails_config = thumbnails_config
        _instance.total_segments = total_segments
        _instance.total_shots = total_shots
        _instance.total_chapters = total_chapters
        _instance.data = data
        segmentation = _instance

        segmentation.additional_properties = d
        return segmentation

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
