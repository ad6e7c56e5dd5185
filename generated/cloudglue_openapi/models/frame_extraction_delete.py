from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import read_object, read_uuid

T = TypeVar("T", bound="FrameExtractionDelete")


@_attrs_define
class FrameExtractionDelete:
    """Confirmation of a deleted frame extraction.

    Attributes:
        id (UUID):
    """

    id: UUID
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = read_object(src_dict, "FrameExtractionDelete")
        id = read_uuid(d.pop("id"), "id")

        _instance = object.__new__(cls)
        _instance.id = id
        frame_extraction_delete = _instance

        frame_extraction_delete.additional_properties = d
        return frame_extraction_delete

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
