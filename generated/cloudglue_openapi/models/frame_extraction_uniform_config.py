from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import (
    UNSET,
    Unset,
    _new_object,
    read_float,
)

T = TypeVar("T", bound="FrameExtractionUniformConfig")

#: The declared fields' JSON names: every other key of a parsed object is an additional property.
_FIELDS: frozenset[str] = frozenset(
    {
        "frames_per_second",
        "max_width",
    }
)


@_attrs_define
class FrameExtractionUniformConfig:
    """Uniform sampling. The aspect ratio is kept.

    Attributes:
        frames_per_second (float | Unset): Frames sampled per second (historical default 1).
        max_width (float | Unset): Maximum frame width in pixels (historical default 1024).
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
        return cls._from_dicts((src_dict,))[0]

    @classmethod
    def _from_dicts(cls, src_dicts: Iterable[Mapping[str, Any]]) -> list[Self]:
        """`[cls.from_dict(d) for d in src_dicts]`, in one loop."""
        _parsed: list[Self] = []
        _append = _parsed.append
        for d in src_dicts:
            _present = 0
            frames_per_second = d.get("frames_per_second", UNSET)
            if frames_per_second is not UNSET:
                _present += 1
                if type(frames_per_second) is not float:
                    frames_per_second = (
                        UNSET
                        if isinstance(frames_per_second, Unset)
                        else read_float(frames_per_second, "frames_per_second")
                    )

            max_width = d.get("max_width", UNSET)
            if max_width is not UNSET:
                _present += 1
                if type(max_width) is not float:
                    max_width = UNSET if isinstance(max_width, Unset) else read_float(max_width, "max_width")

            # What attrs' __init__ does for these classes (no validators, converters or hooks),
            # minus the call: slots assigned on a bare instance (named so that no field can shadow it).
            _instance = _new_object(cls)
            _instance.frames_per_second = frames_per_second
            _instance.max_width = max_width
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
