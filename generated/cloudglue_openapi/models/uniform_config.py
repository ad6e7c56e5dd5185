from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset, read_float

T = TypeVar("T", bound="UniformConfig")

#: The declared fields' JSON names: every other key of a parsed object is an additional property.
_FIELDS = frozenset(
    {
        "window_seconds",
        "hop_seconds",
    }
)


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
        d = src_dict
        window_seconds = (
            d["window_seconds"]
            if type(d["window_seconds"]) is float
            else read_float(d["window_seconds"], "window_seconds")
        )

        _hop_seconds = d.get("hop_seconds", UNSET)
        hop_seconds: float | Unset
        if isinstance(_hop_seconds, Unset):
            hop_seconds = UNSET
        else:
            hop_seconds = _hop_seconds if type(_hop_seconds) is float else read_float(_hop_seconds, "hop_seconds")

        # What attrs' __init__ does for these classes (no validators, converters or hooks), minus
        # the call: slots assigned on a bare instance.
        uniform_config = object.__new__(cls)
        uniform_config.window_seconds = window_seconds
        uniform_config.hop_seconds = hop_seconds

        additional_properties = {}
        if len(d) > 1 and not _FIELDS.issuperset(d):
            for prop_name, prop_dict in d.items():
                if prop_name in _FIELDS:
                    continue
                additional = prop_dict

                additional_properties[prop_name] = additional

        uniform_config.additional_properties = additional_properties
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
