from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset, read_float, read_object

T = TypeVar("T", bound="FrameExtractionUniformConfig")


@_attrs_define
class FrameExtractionUniformConfig:
    """Uniform sampling. The aspect ratio is kept.

    Attributes:
        frames_per_second (float | Unset): Frames sampled per second.
        max_width (float | Unset): Maximum frame width in pixels.
    """

    frames_per_second: float | Unset = UNSET
    max_width: float | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        frames_per_second = self.frames_per_second

        max_width = self.max_width

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if frames_per_second is not UNSET:
            field_dict["frames_per_second"] = frames_per_second
        if max_width is not UNSET:
            field_dict["max_width"] = max_width

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = read_object(src_dict, "FrameExtractionUniformConfig")
        _frames_per_second = d.pop("frames_per_second", UNSET)
        frames_per_second: float | Unset
        if isinstance(_frames_per_second, Unset):
            frames_per_second = UNSET
        else:
            frames_per_second = read_float(_frames_per_second, "frames_per_second")

        _max_width = d.pop("max_width", UNSET)
        max_width: float | Unset
        if isinstance(_max_width, Unset):
            max_width = UNSET
        else:
            max_width = read_float(_max_width, "max_width")

        _instance = object.__new__(cls)
        _instance.frames_per_second = frames_per_second
        _instance.max_width = max_width
        frame_extraction_uniform_config = _instance

        frame_extraction_uniform_config.additional_properties = d
        return frame_extraction_uniform_config

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
