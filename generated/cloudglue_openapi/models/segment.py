from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset, read_float, read_object, read_str, read_uuid

T = TypeVar("T", bound="Segment")


@_attrs_define
class Segment:
    """One segment, in seconds.

    Attributes:
        id (UUID):
        start_time (float):
        end_time (float):
        thumbnail_url (str | Unset):
    """

    id: UUID
    start_time: float
    end_time: float
    thumbnail_url: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        start_time = self.start_time

        end_time = self.end_time

        thumbnail_url = self.thumbnail_url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "start_time": start_time,
                "end_time": end_time,
            }
        )
        if thumbnail_url is not UNSET:
            field_dict["thumbnail_url"] = thumbnail_url

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = read_object(src_dict, "Segment")
        id = read_uuid(d.pop("id"), "id")

        start_time = read_float(d.pop("start_time"), "start_time")

        end_time = read_float(d.pop("end_time"), "end_time")

        _thumbnail_url = d.pop("thumbnail_url", UNSET)
        thumbnail_url: str | Unset
        if isinstance(_thumbnail_url, Unset):
            thumbnail_url = UNSET
        else:
            thumbnail_url = read_str(_thumbnail_url, "thumbnail_url")

        _instance = object.__new__(cls)
        _instance.id = id
        _instance.start_time = start_time
        _instance.end_time = end_time
        _instance.thumbnail_url = thumbnail_url
        segment = _instance

        segment.additional_properties = d
        return segment

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
