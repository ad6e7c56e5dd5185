from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

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
        d = dict(src_dict)
        window_seconds = d.pop("window_seconds")

        hop_seconds = d.pop("hop_seconds", UNSET)

        uniform_config = cls(
            window_seconds=window_seconds,
            hop_seconds=hop_seconds,
        )

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
