from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset, read_float, read_str, read_uuid

T = TypeVar("T", bound="Segment")

#: The declared fields' JSON names: every other key of a parsed object is an additional property.
_FIELDS = frozenset(
    {
        "id",
        "start_time",
        "end_time",
        "thumbnail_url",
    }
)


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
        d = src_dict
        id = read_uuid(d["id"], "id")

        start_time = d["start_time"] if type(d["start_time"]) is float else read_float(d["start_time"], "start_time")

        end_time = d["end_time"] if type(d["end_time"]) is float else read_float(d["end_time"], "end_time")

        _thumbnail_url = d.get("thumbnail_url", UNSET)
        thumbnail_url: str | Unset
        if isinstance(_thumbnail_url, Unset):
            thumbnail_url = UNSET
        else:
            thumbnail_url = _thumbnail_url if type(_thumbnail_url) is str else read_str(_thumbnail_url, "thumbnail_url")

        # What attrs' __init__ does for these classes (no validators, converters or hooks), minus
        # the call: slots assigned on a bare instance.
        segment = object.__new__(cls)
        segment.id = id
        segment.start_time = start_time
        segment.end_time = end_time
        segment.thumbnail_url = thumbnail_url

        additional_properties = {}
        if len(d) > 3 and not _FIELDS.issuperset(d):
            for prop_name, prop_dict in d.items():
                if prop_name in _FIELDS:
                    continue
                additional = prop_dict

                additional_properties[prop_name] = additional

        segment.additional_properties = additional_properties
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
