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

T = TypeVar("T", bound="UniformConfig")

#: The declared fields' JSON names: every other key of a parsed object is an additional property.
_FIELDS: frozenset[str] = frozenset(
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
        return cls._from_dicts((src_dict,))[0]

    @classmethod
    def _from_dicts(cls, src_dicts: Iterable[Mapping[str, Any]]) -> list[Self]:
        """`[cls.from_dict(d) for d in src_dicts]`, in one loop."""
        _parsed: list[Self] = []
        _append = _parsed.append
        for d in src_dicts:
            _present = 1
            window_seconds = d["window_seconds"]
            if type(window_seconds) is not float:
                window_seconds = read_float(window_seconds, "window_seconds")

            hop_seconds = d.get("hop_seconds", UNSET)
            if hop_seconds is not UNSET:
                _present += 1
                if type(hop_seconds) is not float:
                    hop_seconds = UNSET if isinstance(hop_seconds, Unset) else read_float(hop_seconds, "hop_seconds")

            # What attrs' __init__ does for these classes (no validators, converters or hooks),
            # minus the call: slots assigned on a bare instance (named so that no field can shadow it).
            _instance = _new_object(cls)
            _instance.window_seconds = window_seconds
            _instance.hop_seconds = hop_seconds
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
