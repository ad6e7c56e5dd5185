from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.frame_extraction_status import FrameExtractionStatus
from ..types import UNSET, Unset, read_float, read_object, read_uuid

if TYPE_CHECKING:
    from ..models.frame_extraction_config import FrameExtractionConfig


T = TypeVar("T", bound="FrameExtractionListItem")


@_attrs_define
class FrameExtractionListItem:
    """A frame extraction as listed, without frames.

    Attributes:
        frame_extraction_id (UUID):
        status (FrameExtractionStatus): Status of a frame extraction job (no `not_applicable`).
        created_at (float):
        file_id (UUID):
        frame_extraction_config (FrameExtractionConfig): Configuration of a frame extraction; the body of the create
            call and its echo on the job.
        frame_count (float | Unset):
    """

    frame_extraction_id: UUID
    status: FrameExtractionStatus
    created_at: float
    file_id: UUID
    frame_extraction_config: FrameExtractionConfig
    frame_count: float | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        frame_extraction_id = str(self.frame_extraction_id)

        status = self.status.value

        created_at = self.created_at

        file_id = str(self.file_id)

        frame_extraction_config = self.frame_extraction_config.to_dict()

        frame_count = self.frame_count

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "frame_extraction_id": frame_extraction_id,
                "status": status,
                "created_at": created_at,
                "file_id": file_id,
                "frame_extraction_config": frame_extraction_config,
            }
        )
        if frame_count is not UNSET:
            field_dict["frame_count"] = frame_count

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.frame_extraction_config import FrameExtractionConfig

        d = read_object(src_dict, "FrameExtractionListItem")
        frame_extraction_id = read_uuid(d.pop("frame_extraction_id"), "frame_extraction_id")

        status = FrameExtractionStatus(d.pop("status"))

        created_at = read_float(d.pop("created_at"), "created_at")

        file_id = read_uuid(d.pop("file_id"), "file_id")

        frame_extraction_config = FrameExtractionConfig.from_dict(d.pop("frame_extraction_config"))

        _frame_count = d.pop("frame_count", UNSET)
        frame_count: float | Unset
        if isinstance(_frame_count, Unset):
            frame_count = UNSET
        else:
            frame_count = read_float(_frame_count, "frame_count")

        _instance = object.__new__(cls)
        _instance.frame_extraction_id = frame_extraction_id
        _instance.status = status
        _instance.created_at = created_at
        _instance.file_id = file_id
        _instance.frame_extraction_config = frame_extraction_config
        _instance.frame_count = frame_count
        frame_extraction_list_item = _instance

        frame_extraction_list_item.additional_properties = d
        return frame_extraction_list_item

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
