from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import read_bool, read_object

T = TypeVar("T", bound="ThumbnailsConfig")


@_attrs_define
class ThumbnailsConfig:
    """Thumbnail options of a segmentation.

    Attributes:
        enable_segment_thumbnails (bool):
    """

    enable_segment_thumbnails: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        enable_segment_thumbnails = self.enable_segment_thumbnails

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "enable_segment_thumbnails": enable_segment_thumbnails,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = read_object(src_dict, "ThumbnailsConfig")
        enable_segment_thumbnails = read_bool(d.pop("enable_segment_thumbnails"), "enable_segment_thumbnails")

        _instance = object.__new__(cls)
        _instance.enable_segment_thumbnails = enable_segment_thumbnails
        thumbnails_config = _instance

        thumbnails_config.additional_properties = d
        return thumbnails_config

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
