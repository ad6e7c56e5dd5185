from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset, read_float, read_object

T = TypeVar("T", bound="UniformConfig")


@_attrs_define
class UniformConfig:
    """Fixed windows; windows overlap when `hop_seconds` < `window_seconds`.

    Attributes:
        window_seconds (float):
        hop_seconds (float | Unset): Defaults to `window_seconds`.
    """

    window_seconds: float
    hop_seconds: float | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        window_seconds = self.window_seconds

        hop_seconds = self.hop_seconds

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "window_seconds": window_seconds,
            }
        )
        if hop_seconds is not UNSET:
            field_dict["hop_seconds"] = hop_seconds

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = read_object(src_dict, "UniformConfig")
        window_seconds = read_float(d.pop("window_seconds"), "window_seconds")

        _hop_seconds = d.pop("hop_seconds", UNSET)
        hop_seconds: float | Unset
        if isinstance(_hop_seconds, Unset):
            hop_seconds = UNSET
        else:
            hop_seconds = read_float(_hop_seconds, "hop_seconds")

        _instance = object.__new__(cls)
        _instance.window_seconds = window_seconds
        _instance.hop_seconds = hop_seconds
        uniform_config = _instance

        uniform_config.additional_properties = d
        return uniform_config

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
