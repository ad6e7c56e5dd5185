from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import (
    UNSET,
    Unset,
    _new_object,
    read_bool,
)

T = TypeVar("T", bound="FrameExtractionThumbnailsConfig")

#: The declared fields' JSON names: every other key of a parsed object is an additional property.
_FIELDS: frozenset[str] = frozenset(
    {
        "enable_frame_thumbnails",
    }
)


@_attrs_define
class FrameExtractionThumbnailsConfig:
    """Thumbnail options of a frame extraction.

    Attributes:
        enable_frame_thumbnails (bool | Unset): Whether each frame gets a thumbnail (historical default true).
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
        return cls._from_dicts((src_dict,))[0]

    @classmethod
    def _from_dicts(cls, src_dicts: Iterable[Mapping[str, Any]]) -> list[Self]:
        """`[cls.from_dict(d) for d in src_dicts]`, in one loop."""
        _parsed: list[Self] = []
        _append = _parsed.append
        for d in src_dicts:
            _present = 0
            enable_frame_thumbnails = d.get("enable_frame_thumbnails", UNSET)
            if enable_frame_thumbnails is not UNSET:
                _present += 1
                if type(enable_frame_thumbnails) is not bool:
                    enable_frame_thumbnails = (
                        UNSET
                        if isinstance(enable_frame_thumbnails, Unset)
                        else read_bool(enable_frame_thumbnails, "enable_frame_thumbnails")
                    )

            # What attrs' __init__ does for these classes (no validators, converters or hooks),
            # minus the call: slots assigned on a bare instance (named so that no field can shadow it).
            _instance = _new_object(cls)
            _instance.enable_frame_thumbnails = enable_frame_thumbnails
            # Every key is a declared field unless there are more keys than declared fields found.
            additional_properties = {}
            if len(d) != _present:
                for prop_name, prop_dict in d.items():
                    if prop_name in _FIELDS:
                        continue
                    additional = prop_dict

                    additional_properties[prop_name] = additional
            _instance.additional_properties = additional_properties
            _append(_instance)
        return _parsed

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
