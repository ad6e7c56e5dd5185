from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import read_float, read_int, read_object

T = TypeVar("T", bound="Shot")


@_attrs_define
class Shot:
    """One detected shot (shot-detector only).

    Attributes:
        index (int):
        start_time (float):
        end_time (float):
    """

    index: int
    start_time: float
    end_time: float
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        index = self.index

        start_time = self.start_time

        end_time = self.end_time

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "index": index,
                "start_time": start_time,
                "end_time": end_time,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = read_object(src_dict, "Shot")
        index = read_int(d.pop("index"), "index")

        start_time = read_float(d.pop("start_time"), "start_time")

        end_time = read_float(d.pop("end_time"), "end_time")

        _instance = object.__new__(cls)
        _instance.index = index
        _instance.start_time = start_time
        _instance.end_time = end_time
        shot = _instance

        shot.additional_properties = d
        return shot

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
