from __future__ import annotations

from binascii import unhexlify
from collections.abc import Iterable, Mapping
from typing import Any, Self, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import (
    _UNKNOWN_SAFETY,
    _from_bytes,
    _new_object,
    _set_uuid_int,
    _set_uuid_is_safe,
    read_uuid,
)

T = TypeVar("T", bound="SegmentationDelete")

#: The declared fields' JSON names: every other key of a parsed object is an additional property.
_FIELDS: frozenset[str] = frozenset(
    {
        "id",
    }
)


@_attrs_define
class SegmentationDelete:
    """Confirmation of a deleted segmentation.

    Attributes:
        id (UUID):
    """

    id: UUID
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
            }
        )

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
            id = d["id"]
            if type(id) is str and len(_digits := id.replace("-", "")) == 32:
                try:
                    _number = _from_bytes(unhexlify(_digits), "big")
                except ValueError:
                    id = read_uuid(id, "id")
                else:
                    id = _new_object(UUID)
                    _set_uuid_int(id, _number)
                    _set_uuid_is_safe(id, _UNKNOWN_SAFETY)
            else:
                id = read_uuid(id, "id")

            # What attrs' __init__ does for these classes (no validators, converters or hooks),
            # minus the call: slots assigned on a bare instance (named so that no field can shadow it).
            _instance = _new_object(cls)
            _instance.id = id
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
