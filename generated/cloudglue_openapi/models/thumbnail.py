from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset, read_float, read_object, read_str, read_uuid

T = TypeVar("T", bound="Thumbnail")


@_attrs_define
class Thumbnail:
    """One thumbnail image.

    Attributes:
        id (UUID):
        url (str):
        time (float): Seconds from the start of the file.
        segmentation_id (UUID | Unset):
        segment_id (UUID | Unset):
        type_ (str | Unset): One or more ThumbnailKind values, comma-separated (`segment,keyframe`). The provider states
            the kinds in prose only; `x-comma-separated` (ours) names the enum that lists them, so clients and their type
            checkers know the values.
    """

    id: UUID
    url: str
    time: float
    segmentation_id: UUID | Unset = UNSET
    segment_id: UUID | Unset = UNSET
    type_: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        url = self.url

        time = self.time

        segmentation_id: str | Unset = UNSET
        if not isinstance(self.segmentation_id, Unset):
            segmentation_id = str(self.segmentation_id)

        segment_id: str | Unset = UNSET
        if not isinstance(self.segment_id, Unset):
            segment_id = str(self.segment_id)

        type_ = self.type_

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "url": url,
                "time": time,
            }
        )
        if segmentation_id is not UNSET:
            field_dict["segmentation_id"] = segmentation_id
        if segment_id is not UNSET:
            field_dict["segment_id"] = segment_id
        if type_ is not UNSET:
            field_dict["type"] = type_

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = read_object(src_dict, "Thumbnail")
        id = read_uuid(d.pop("id"), "id")

        url = read_str(d.pop("url"), "url")

        time = read_float(d.pop("time"), "time")

        _segmentation_id = d.pop("segmentation_id", UNSET)
        segmentation_id: UUID | Unset
        if isinstance(_segmentation_id, Unset):
            segmentation_id = UNSET
        else:
            segmentation_id = read_uuid(_segmentation_id, "segmentation_id")

        _segment_id = d.pop("segment_id", UNSET)
        segment_id: UUID | Unset
        if isinstance(_segment_id, Unset):
            segment_id = UNSET
        else:
            segment_id = read_uuid(_segment_id, "segment_id")

        _type_ = d.pop("type", UNSET)
        type_: str | Unset
        if isinstance(_type_, Unset):
            type_ = UNSET
        else:
            type_ = read_str(_type_, "type")

        _instance = object.__new__(cls)
        _instance.id = id
        _instance.url = url
        _instance.time = time
        _instance.segmentation_id = segmentation_id
        _instance.segment_id = segment_id
        _instance.type_ = type_
        thumbnail = _instance

        thumbnail.additional_properties = d
        return thumbnail

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
