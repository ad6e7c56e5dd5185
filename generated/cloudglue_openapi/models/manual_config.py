from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import read_object

if TYPE_CHECKING:
    from ..models.manual_segment import ManualSegment


T = TypeVar("T", bound="ManualConfig")


@_attrs_define
class ManualConfig:
    """Cut exactly at the given ranges. Each lies inside the part of the file being cut
    (`start_time_seconds` to `end_time_seconds`, else the whole file), or the create
    call is a 400 naming the range.

        Attributes:
            segments (list[ManualSegment]): At least one range (the provider's reference states no minimum).
    """

    segments: list[ManualSegment]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        segments = []
        for segments_item_data in self.segments:
            segments_item = segments_item_data.to_dict()
            segments.append(segments_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "segments": segments,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.manual_segment import ManualSegment

        d = read_object(src_dict, "ManualConfig")
        segments = []
        _segments = d.pop("segments")
        for segments_item_data in _segments:
            segments_item = ManualSegment.from_dict(segments_item_data)

            segments.append(segments_item)

        _instance = object.__new__(cls)
        _instance.segments = segments
        manual_config = _instance

        manual_config.additional_properties = d
        return manual_config

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
