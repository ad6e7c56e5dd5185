from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.file_delete_object import FileDeleteObject
from ..types import read_object, read_str

T = TypeVar("T", bound="FileDelete")


@_attrs_define
class FileDelete:
    """Confirmation of a deleted file.

    Attributes:
        id (str):
        object_ (FileDeleteObject):
    """

    id: str
    object_: FileDeleteObject
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        object_ = self.object_.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "object": object_,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = read_object(src_dict, "FileDelete")
        id = read_str(d.pop("id"), "id")

        object_ = FileDeleteObject(d.pop("object"))

        _instance = object.__new__(cls)
        _instance.id = id
        _instance.object_ = object_
        file_delete = _instance

        file_delete.additional_properties = d
        return file_delete

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
