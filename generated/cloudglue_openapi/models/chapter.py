from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import read_float, read_int, read_str

T = TypeVar("T", bound="Chapter")

#: The declared fields' JSON names: every other key of a parsed object is an additional property.
_FIELDS = frozenset(
    {
        "index",
        "start_time",
        "end_time",
        "description",
    }
)


@_attrs_define
class Chapter:
    """One narrative chapter (narrative only).

    Attributes:
        index (int):
        start_time (float):
        end_time (float):
        description (str):
    """

    index: int
    start_time: float
    end_time: float
    description: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        index = self.index

        start_time = self.start_time

        end_time = self.end_time

        description = self.description

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "index": index,
                "start_time": start_time,
                "end_time": end_time,
                "description": description,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = src_dict
        index = d["index"] if type(d["index"]) is int else read_int(d["index"], "index")

        start_time = d["start_time"] if type(d["start_time"]) is float else read_float(d["start_time"], "start_time")

        end_time = d["end_time"] if type(d["end_time"]) is float else read_float(d["end_time"], "end_time")

        description = d["description"] if type(d["description"]) is str else read_str(d["description"], "description")

        # What attrs' __init__ does for these classes (no validators, converters or hooks), minus
        # the call: slots assigned on a bare instance.
        chapter = object.__new__(cls)
        chapter.index = index
        chapter.start_time = start_time
        chapter.end_time = end_time
        chapter.description = description

        additional_properties = {}
        if len(d) > 4 and not _FIELDS.issuperset(d):
            for prop_name, prop_dict in d.items():
                if prop_name in _FIELDS:
                    continue
                additional = prop_dict

                additional_properties[prop_name] = additional

        chapter.additional_properties = additional_properties
        return chapter

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
