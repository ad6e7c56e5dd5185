from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset, read_bool, read_object

T = TypeVar("T", bound="FrameExtractionThumbnailsConfig")


@_attrs_define
class FrameExtractionThumbnailsConfig:
    """Thumbnail options of a frame extraction.

    Attributes:
        enable_frame_thumbnails (bool | Unset): Whether each frame gets a thumbnail.
    """

    enable_frame_thumbnails: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        enable_frame_thumbnails = self.enable_frame_thumbnails

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if enable_frame_thumbnails is not UNSET:
            field_dict["enable_frame_thumbnails"] = enable_frame_thumbnails

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = read_object(src_dict, "FrameExtractionThumbnailsConfig")
        _enable_frame_thumbnails = d.pop("enable_frame_thumbnails", UNSET)
        enable_frame_thumbnails: bool | Unset
        if isinstance(_enable_frame_thumbnails, Unset):
            enable_frame_thumbnails = UNSET
        else:
            enable_frame_thumbnails = read_bool(_enable_frame_thumbnails, "enable_frame_thumbnails")

        _instance = object.__new__(cls)
        _instance.enable_frame_thumbnails = enable_frame_thumbnails
        frame_extraction_thumbnails_config = _instance

        frame_extraction_thumbnails_config.additional_properties = d
        return frame_extraction_thumbnails_config

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
