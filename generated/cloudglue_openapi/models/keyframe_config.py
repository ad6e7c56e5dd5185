from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset, read_float, read_object

T = TypeVar("T", bound="KeyframeConfig")


@_attrs_define
class KeyframeConfig:
    """Keyframes sampled inside each segment.

    Attributes:
        frames_per_segment (float):
        max_width (float | Unset):
    """

    frames_per_segment: float
    max_width: float | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        frames_per_segment = self.frames_per_segment

        max_width = self.max_width

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "frames_per_segment": frames_per_segment,
            }
        )
        if max_width is not UNSET:
            field_dict["max_width"] = max_width

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = read_object(src_dict, "KeyframeConfig")
        frames_per_segment = read_float(d.pop("frames_per_segment"), "frames_per_segment")

        _max_width = d.pop("max_width", UNSET)
        max_width: float | Unset
        if isinstance(_max_width, Unset):
            max_width = UNSET
        else:
            max_width = read_float(_max_width, "max_width")

        _instance = object.__new__(cls)
        _instance.frames_per_segment = frames_per_segment
        _instance.max_width = max_width
        keyframe_config = _instance

        keyframe_config.additional_properties = d
        return keyframe_config

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
