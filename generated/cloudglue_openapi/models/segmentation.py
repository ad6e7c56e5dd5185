from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.segmentation_status import SegmentationStatus
from ..types import UNSET, Unset, read_float, read_uuid

if TYPE_CHECKING:
    from ..models.segment_page import SegmentPage
    from ..models.segmentation_config import SegmentationConfig
    from ..models.thumbnails_config import ThumbnailsConfig


T = TypeVar("T", bound="Segmentation")

#: The declared fields' JSON names: every other key of a parsed object is an additional property.
_FIELDS = frozenset(
    {
        "segmentation_id",
        "status",
        "created_at",
        "file_id",
        "segmentation_config",
        "thumbnails_config",
        "total_segments",
        "total_shots",
        "total_chapters",
        "data",
    }
)


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

        d = src_dict
        segmentation_id = read_uuid(d["segmentation_id"], "segmentation_id")

        status = SegmentationStatus(d["status"])

        created_at = d["created_at"] if type(d["created_at"]) is float else read_float(d["created_at"], "created_at")

        file_id = read_uuid(d["file_id"], "file_id")

        segmentation_config = SegmentationConfig.from_dict(d["segmentation_config"])

        thumbnails_config = ThumbnailsConfig.from_dict(d["thumbnails_config"])

        _total_segments = d.get("total_segments", UNSET)
        total_segments: float | Unset
        if isinstance(_total_segments, Unset):
            total_segments = UNSET
        else:
            total_segments = (
                _total_segments if type(_total_segments) is float else read_float(_total_segments, "total_segments")
            )

        _total_shots = d.get("total_shots", UNSET)
        total_shots: float | Unset
        if isinstance(_total_shots, Unset):
            total_shots = UNSET
        else:
            total_shots = _total_shots if type(_total_shots) is float else read_float(_total_shots, "total_shots")

        _total_chapters = d.get("total_chapters", UNSET)
        total_chapters: float | Unset
        if isinstance(_total_chapters, Unset):
            total_chapters = UNSET
        else:
            total_chapters = (
                _total_chapters if type(_total_chapters) is float else read_float(_total_chapters, "total_chapters")
            )

        _data = d.get("data", UNSET)
        data: SegmentPage | Unset
        if isinstance(_data, Unset):
            data = UNSET
        else:
            data = SegmentPage.from_dict(_data)

        # What attrs' __init__ does for these classes (no validators, converters or hooks), minus
        # the call: slots assigned on a bare instance.
        segmentation = object.__new__(cls)
        segmentation.segmentation_id = segmentation_id
        segmentation.status = status
        segmentation.created_at = created_at
        segmentation.file_id = file_id
        segmentation.segmentation_config = segmentation_config
        segmentation.thumbnails_config = thumbnails_config
        segmentation.total_segments = total_segments
        segmentation.total_shots = total_shots
        segmentation.total_chapters = total_chapters
        segmentation.data = data

        additional_properties = {}
        if len(d) > 6 and not _FIELDS.issuperset(d):
            for prop_name, prop_dict in d.items():
                if prop_name in _FIELDS:
                    continue
                additional = prop_dict

                additional_properties[prop_name] = additional

        segmentation.additional_properties = additional_properties
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
