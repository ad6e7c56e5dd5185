from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import read_float, read_object

T = TypeVar("T", bound="ManualSegment")


@_attrs_define
class ManualSegment:
    """One requested range, in seconds. The provider's reference marks neither end required
    and states no minimum; a range needs both ends and cannot start before the file, so
    this contract requires both, bounds them at 0 and orders them.

        Attributes:
            start_time (float):
            end_time (float):
    """

    start_time: float
    end_time: float
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        start_time = self.start_time

        end_time = self.end_time

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "start_time": start_time,
                "end_time": end_time,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = read_object(src_dict, "ManualSegment")
        start_time = read_float(d.pop("start_time"), "start_time")

        end_time = read_float(d.pop("end_time"), "end_time")

        _instance = object.__new__(cls)
        _instance.start_time = start_time
        _instance.end_time = end_time
        manual_segment = _instance

        manual_segment.additional_properties = d
        return manual_segment

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
